//! Verifying webhook deliveries as Standard Webhooks (<https://www.standardwebhooks.com>) signs them,
//! the scheme Svix uses: an HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the base64 secret
//! after `whsec_`, sent as space-separated `v1,<base64>` signatures.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{KeyInit as _, Mac as _};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// How far a delivery's timestamp may be from the receiver's clock (5 minutes), unless
/// [`Webhook::with_tolerance`] says otherwise.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The header names of one family: Standard Webhooks' own, and Svix's.
struct HeaderNames {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

const STANDARD: HeaderNames =
    HeaderNames { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" };
const SVIX: HeaderNames = HeaderNames { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" };

/// Verifies the signature of webhook deliveries and decodes their body (see the module docs for an
/// example).
#[derive(Clone)]
pub struct Webhook {
    /// Keyed with the secret once; cloned for each message.
    mac: HmacSha256,
    tolerance: Duration,
}

impl std::fmt::Debug for Webhook {
    // The key is a secret: it never appears in output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook").field("key", &"<redacted>").field("tolerance", &self.tolerance).finish()
    }
}

impl Webhook {
    /// A verifier for the endpoint secret `secret`: `whsec_` followed by base64 (the prefix may be left
    /// out).
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim().strip_prefix("whsec_").unwrap_or(secret.trim());
        let key = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| WebhookError::InvalidSecret)?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        let mac = HmacSha256::new_from_slice(&key).map_err(|_| WebhookError::InvalidSecret)?;
        Ok(Webhook { mac, tolerance: DEFAULT_TOLERANCE })
    }

    /// Accepts deliveries whose timestamp is at most `tolerance` before or after the receiver's clock
    /// (default [`DEFAULT_TOLERANCE`]). Older deliveries are refused so that a captured request cannot be
    /// replayed later.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the delivery's headers and signature against the current time and decodes the body.
    ///
    /// Pass the body exactly as received: the signature covers its bytes, so a body parsed and
    /// serialised again no longer matches.
    pub fn verify(&self, body: &[u8], headers: &reqwest::header::HeaderMap) -> Result<super::webhooks::Payload, WebhookError> {
        self.verify_at(body, headers, SystemTime::now())
    }

    /// [`verify`](Self::verify) with `now` as the receiver's clock (for tests and replays of stored
    /// deliveries).
    pub fn verify_at(
        &self,
        body: &[u8],
        headers: &reqwest::header::HeaderMap,
        now: SystemTime,
    ) -> Result<super::webhooks::Payload, WebhookError> {
        self.verify_signature_at(body, headers, now)?;
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let payload = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| WebhookError::Decode {
            path: error.path().to_string(),
            message: error.inner().to_string(),
        })?;
        // Text after the JSON value means the body is not one payload.
        deserializer.end().map_err(|error| WebhookError::Decode { path: ".".to_owned(), message: error.to_string() })?;
        Ok(payload)
    }

    /// Checks the headers and the signature only, leaving the body to the caller (to read it as a
    /// `serde_json::Value`, say, keeping fields the payload type does not declare).
    pub fn verify_signature(&self, body: &[u8], headers: &reqwest::header::HeaderMap) -> Result<(), WebhookError> {
        self.verify_signature_at(body, headers, SystemTime::now())
    }

    /// [`verify_signature`](Self::verify_signature) with `now` as the receiver's clock.
    pub fn verify_signature_at(
        &self,
        body: &[u8],
        headers: &reqwest::header::HeaderMap,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let names = if headers.contains_key(STANDARD.id) || !headers.contains_key(SVIX.id) { &STANDARD } else { &SVIX };
        let id = header(headers, names.id)?;
        let timestamp_text = header(headers, names.timestamp)?;
        let signatures = header(headers, names.signature)?;
        let timestamp: i64 = timestamp_text.trim().parse().map_err(|_| WebhookError::InvalidTimestamp)?;
        let now_seconds = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if now_seconds.saturating_sub(timestamp) > tolerance {
            return Err(WebhookError::TimestampTooOld { timestamp, now: now_seconds });
        }
        if timestamp.saturating_sub(now_seconds) > tolerance {
            return Err(WebhookError::TimestampTooNew { timestamp, now: now_seconds });
        }
        let mac = self.mac(id, timestamp_text.trim(), body);
        let engine = base64::engine::general_purpose::STANDARD;
        let matches = signatures
            .split(' ')
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .filter_map(|(_, signature)| engine.decode(signature).ok())
            // `verify_slice` compares in constant time, so timing reveals nothing about the expected value.
            .any(|signature| mac.clone().verify_slice(&signature).is_ok());
        if matches { Ok(()) } else { Err(WebhookError::NoMatchingSignature) }
    }

    /// The `v1,<base64>` signature a sender with this secret puts on a delivery (to test receivers).
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let digest = self.mac(id, &timestamp.to_string(), body).finalize().into_bytes();
        format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(digest))
    }

    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

fn header<'h>(headers: &'h reqwest::header::HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    let value = headers.get(name).ok_or(WebhookError::MissingHeader(name))?;
    value.to_str().map_err(|_| WebhookError::InvalidHeader(name))
}

/// Why a delivery was refused. Every variant but `Decode` means the request may not come from the API
/// (or was replayed): answer it with an error status and act on nothing in it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret is not `whsec_` followed by base64.
    InvalidSecret,
    /// A required header (named) is absent.
    MissingHeader(&'static str),
    /// A header (named) is not visible ASCII.
    InvalidHeader(&'static str),
    /// The timestamp header is not a number of seconds.
    InvalidTimestamp,
    /// The delivery was signed longer ago than the tolerance allows (Unix seconds).
    TimestampTooOld {
        /// The delivery's timestamp.
        timestamp: i64,
        /// The receiver's clock.
        now: i64,
    },
    /// The delivery's timestamp is further ahead of the receiver's clock than the tolerance allows.
    TimestampTooNew {
        /// The delivery's timestamp.
        timestamp: i64,
        /// The receiver's clock.
        now: i64,
    },
    /// No `v1` signature in the signature header matches the body and the secret.
    NoMatchingSignature,
    /// The signature is valid but the body does not have the payload's shape.
    Decode {
        /// Where in the body decoding failed, such as `customer.id`.
        path: String,
        /// What was wrong there.
        message: String,
    },
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::InvalidSecret => f.write_str("the webhook secret is not `whsec_` followed by base64"),
            WebhookError::MissingHeader(name) => write!(f, "the `{name}` header is missing"),
            WebhookError::InvalidHeader(name) => write!(f, "the `{name}` header is not visible ASCII"),
            WebhookError::InvalidTimestamp => f.write_str("the webhook timestamp is not a number of seconds"),
            WebhookError::TimestampTooOld { timestamp, now } => {
                write!(f, "the webhook timestamp {timestamp} is too old ({} s before now)", now.saturating_sub(*timestamp))
            }
            WebhookError::TimestampTooNew { timestamp, now } => {
                write!(f, "the webhook timestamp {timestamp} is too far ahead ({} s after now)", timestamp.saturating_sub(*now))
            }
            WebhookError::NoMatchingSignature => f.write_str("no webhook signature matches the body"),
            WebhookError::Decode { path, message } => {
                write!(f, "the webhook body does not match its type at `{path}`: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}
