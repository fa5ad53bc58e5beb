//! The client, its builder, per-request options and the response wrapper.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

use super::error::BuildError;
use super::runtime::{CONFIG, RetryPolicy};

/// Retries after the first attempt, unless configured otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The time limit for each attempt, unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The first retry's delay and the most any retry waits, unless configured otherwise.
const DEFAULT_BACKOFF: (Duration, Duration) = (Duration::from_millis(500), Duration::from_secs(8));
/// The header carrying idempotency keys, unless configured otherwise.
const DEFAULT_IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// The API key, kept out of `Debug` output and logs.
#[derive(Clone)]
pub(crate) struct ApiKey(pub(crate) String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An API client. Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) api_key: Option<ApiKey>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) idempotency_header: Option<HeaderName>,
}

impl Client {
    /// Starts a builder. Values not set on it come from the environment, then from the spec.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured only from the environment (API key and optional base URL).
    pub fn from_env() -> Result<Client, BuildError> {
        ClientBuilder::default().build()
    }

    /// A client for `base_url` with the default settings, used by the generated `Client::new`.
    #[allow(dead_code)] // Not generated when the spec names no absolute server.
    pub(crate) fn with_defaults(base_url: &str, api_key: Option<String>) -> Client {
        Client {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                base_url: base_url.trim_end_matches('/').to_owned(),
                api_key: api_key.map(ApiKey),
                retry: RetryPolicy {
                    max_retries: DEFAULT_MAX_RETRIES,
                    initial_backoff: DEFAULT_BACKOFF.0,
                    max_backoff: DEFAULT_BACKOFF.1,
                },
                timeout: DEFAULT_TIMEOUT,
                idempotency_header: Some(HeaderName::from_static(DEFAULT_IDEMPOTENCY_HEADER)),
            }),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

/// Configures a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    backoff: Option<(Duration, Duration)>,
    idempotency_header: Option<Option<String>>,
}

impl ClientBuilder {
    /// The API key. Without it, the key is read from the environment variable named in the crate docs.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(key.into()));
        self
    }

    /// The base URL (scheme, host and any path prefix). Without it, the environment variable named in
    /// the crate docs, then the spec's first server, is used.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A `reqwest::Client` to send requests with (for proxies, custom TLS or connection settings).
    /// Timeouts set on it apply in addition to this client's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How many times a failed request is retried (default 2). Retries happen on connection errors,
    /// timeouts, 408, 409, 429 and 5xx.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The time limit for each attempt, from sending to the end of the body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The delay before the first retry, doubling for each further one up to `max` (default 0.5 s and
    /// 8 s). A `Retry-After` from the server takes precedence when it is under a minute.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Some((initial, max));
        self
    }

    /// The header carrying the idempotency key sent with retried POST requests (default
    /// `Idempotency-Key`); `None` sends no key.
    pub fn idempotency_header(mut self, name: Option<&str>) -> Self {
        self.idempotency_header = Some(name.map(str::to_owned));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let api_key = match self.api_key {
            Some(key) => Some(key),
            None => env_var(CONFIG.api_key_env).map(ApiKey),
        };
        if let Some(key) = &api_key {
            reqwest::header::HeaderValue::from_str(&key.0).map_err(|_| BuildError::InvalidApiKey)?;
        }
        if api_key.is_none() && CONFIG.auth.is_some() {
            return Err(BuildError::MissingApiKey { env_var: CONFIG.api_key_env });
        }
        let base_url = self
            .base_url
            .or_else(|| env_var(CONFIG.base_url_env))
            .or_else(|| CONFIG.default_base_url.map(str::to_owned))
            .ok_or(BuildError::MissingBaseUrl { env_var: CONFIG.base_url_env })?;
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|error| BuildError::InvalidBaseUrl { url: base_url.clone(), reason: error.to_string() })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            let reason = "the scheme must be http or https".to_owned();
            return Err(BuildError::InvalidBaseUrl { url: base_url, reason });
        }
        let idempotency_header = match self.idempotency_header {
            Some(None) => None,
            Some(Some(name)) => Some(HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidHeaderName(name))?),
            None => Some(HeaderName::from_static(DEFAULT_IDEMPOTENCY_HEADER)),
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(BuildError::Http)?,
        };
        let (initial_backoff, max_backoff) = self.backoff.unwrap_or(DEFAULT_BACKOFF);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_owned(),
                api_key,
                retry: RetryPolicy {
                    max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    initial_backoff,
                    max_backoff,
                },
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                idempotency_header,
            }),
        })
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.trim().is_empty())
}

/// Settings for one request, overriding the client's.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit for each attempt of this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The idempotency key to send (instead of a generated one), on every attempt.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// An extra header to send.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A decoded response body with the status and headers it came with. Derefs to the body.
#[derive(Clone, Debug)]
pub struct Response<T> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}
