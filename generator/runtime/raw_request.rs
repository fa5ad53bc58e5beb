//! `Client::request`: a request to any path of the API, for what the spec does not describe, sent with
//! the client's credentials, default headers, retries, timeouts and limits.

use std::time::Duration;

use reqwest::Method;

use super::client::{Client, RawResponse, RequestOptions};
use super::error::{ApiError, Error};
use super::runtime::{BoxFuture, CONFIG, RequestParts};

impl Client {
    /// Starts a request to `path` (such as `/api/v1/things`), relative to the client's base URL, for an
    /// endpoint the generated operations do not cover. It is sent with the client's credentials (the
    /// first security scheme that has them), default headers, retries, timeouts and body limit; a
    /// non-2xx status is [`Error::Api`], its body read as JSON when it is JSON.
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        RawRequest {
            client: self.clone(),
            parts: RequestParts::new(method, path, "request", CONFIG.raw_security),
            options: RequestOptions::new(),
            invalid: None,
        }
    }
}

/// A request started with [`Client::request`]; `.await` it or call [`send`](Self::send).
#[must_use = "a request is sent only when it is awaited or sent"]
pub struct RawRequest {
    client: Client,
    parts: RequestParts,
    options: RequestOptions,
    /// Why a value given to a setter cannot be sent; reported by `send`.
    invalid: Option<String>,
}

impl RawRequest {
    /// Query parameters from anything `serde` writes as an object (a struct or a map: `null` values are
    /// left out, lists repeat the name) or as a list of `(name, value)` pairs. May be called several
    /// times; the parameters add up.
    pub fn query<T: serde::Serialize>(mut self, query: &T) -> Self {
        match query_pairs(query) {
            Ok(pairs) => self.parts.query.extend(pairs),
            Err(reason) => self.fail(format!("cannot encode the query: {reason}")),
        }
        self
    }

    /// A header to send; it replaces a default header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// A JSON body (`Content-Type: application/json`).
    pub fn json<T: serde::Serialize>(mut self, body: &T) -> Self {
        if let Err(error) = self.parts.json::<T, serde_json::Value>(body, "application/json") {
            self.fail(error.to_string());
        }
        self
    }

    /// The time limit for each attempt of this request (overrides the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// How many times this request is retried (overrides the client's).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options = self.options.max_retries(retries);
        self
    }

    /// Replaces all per-request options (headers set with [`header`](Self::header) included).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Sends the request, retrying as configured, and returns the response with its body read. A non-2xx
    /// status is [`Error::Api`] (its body decoded as JSON when it is); the future owns a clone of the
    /// client, so it can be spawned.
    pub fn send(self) -> BoxFuture<'static, Result<RawResponse, Error<serde_json::Value>>> {
        let RawRequest { client, parts, options, invalid } = self;
        Box::pin(async move {
            if let Some(reason) = invalid {
                return Err(Error::InvalidRequest(reason));
            }
            let raw = client.send_raw(parts, options).await?;
            if raw.status.is_success() {
                return Ok(raw);
            }
            let decoded = serde_json::from_slice(&raw.body).ok();
            let RawResponse { status, headers, body } = raw;
            Err(Error::Api(Box::new(ApiError::new(status, headers, body, decoded))))
        })
    }

    /// Keeps the first problem: later setters may depend on what the first one failed to set.
    fn fail(&mut self, reason: String) {
        self.invalid.get_or_insert(reason);
    }
}

/// Query pairs from an object or a list of pairs; nested values are sent as JSON text.
fn query_pairs<T: serde::Serialize>(query: &T) -> Result<Vec<(String, String)>, String> {
    use serde_json::Value;
    let text = |value: Value| match value {
        Value::String(text) => text,
        other => other.to_string(),
    };
    let mut pairs = Vec::new();
    match serde_json::to_value(query).map_err(|error| error.to_string())? {
        Value::Object(properties) => {
            for (name, value) in properties {
                match value {
                    Value::Null => {}
                    Value::Array(items) => pairs.extend(items.into_iter().map(|item| (name.clone(), text(item)))),
                    other => pairs.push((name, text(other))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(pair) if pair.len() == 2 => {
                        let mut pair = pair.into_iter();
                        let (Some(Value::String(name)), Some(value)) = (pair.next(), pair.next()) else {
                            return Err("a pair's name must be a string".to_owned());
                        };
                        pairs.push((name, text(value)));
                    }
                    _ => return Err("a list of query parameters must hold (name, value) pairs".to_owned()),
                }
            }
        }
        _ => return Err("the query must be an object or a list of (name, value) pairs".to_owned()),
    }
    Ok(pairs)
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawRequest").field("method", &self.parts.method).field("path", &self.parts.path).finish_non_exhaustive()
    }
}

impl std::future::IntoFuture for RawRequest {
    type Output = Result<RawResponse, Error<serde_json::Value>>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}
