//! Sending requests: URL building, credentials, retries with backoff, timeouts, decoding and pagination.
//! Shared by every operation, so that each operation's own code stays a few lines.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

pub(crate) use super::config::CONFIG;
use super::client::{Client, RawResponse, RequestOptions, Response};
use super::error::{ApiError, DecodeError, Error};
pub(crate) use super::request_parts::RequestParts;
// @when multipart-body
pub(crate) use super::request_parts::Multipart;
// @end

/// What this crate was generated with: server, environment variables, authentication.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) default_base_url: Option<&'static str>,
    pub(crate) api_key_env: &'static str,
    pub(crate) base_url_env: &'static str,
    /// The security schemes operations use; the API key and `Client::new` set the first.
    pub(crate) schemes: &'static [Scheme],
    pub(crate) user_agent: &'static str,
    /// The header the API honours as an idempotency key for every operation, per the generator's
    /// settings: POST and PATCH requests then carry a key and are retried like other methods.
    pub(crate) idempotency_header: Option<&'static str>,
    /// The security of `Client::request`: each scheme alone, in order, then none, so the first scheme
    /// with credentials on the client is used.
    pub(crate) raw_security: &'static [&'static [usize]],
}

/// A security scheme: its name in the spec and how its credential travels.
#[derive(Debug)]
pub(crate) struct Scheme {
    pub(crate) name: &'static str,
    // @when auth-header auth-query auth-cookie auth-bearer auth-basic auth-scheme oauth2
    pub(crate) auth: Auth,
    // @end
}

// @when auth-header auth-query auth-cookie auth-bearer auth-basic auth-scheme oauth2
/// How a credential travels.
#[derive(Debug)]
pub(crate) enum Auth {
    // @when auth-header
    Header(&'static str),
    // @end
    // @when auth-query
    Query(&'static str),
    // @end
    // @when auth-cookie
    Cookie(&'static str),
    // @end
    // @when auth-bearer
    Bearer,
    // @end
    // @when auth-basic
    Basic,
    // @end
    // @when auth-scheme
    /// `Authorization: <scheme> <credential>`: an HTTP scheme whose credential the caller computes.
    Scheme(&'static str),
    // @end
    // @when oauth2
    /// A bearer token, obtained with client credentials from the token URL (relative to the base URL).
    OAuth2 { token_url: &'static str },
    // @end
}
// @end

#[derive(Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
}

/// A boxed future, as returned when a request builder is awaited.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A boxed stream, as returned by `into_stream` on paginated requests: `Unpin`, so `.next().await` works
/// on it directly.
pub type BoxStream<'a, T> = Pin<Box<dyn futures_core::Stream<Item = T> + Send + 'a>>;

/// A failure before any response could be decoded; it becomes an [`Error`] of the operation's type.
pub(crate) enum SendError {
    Timeout(reqwest::Error),
    Transport(reqwest::Error),
    InvalidRequest(String),
    Credentials(super::credentials::CredentialsError),
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    BodyTooLarge { status: StatusCode, limit: u64 },
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Timeout(error) => Error::Timeout(error),
            SendError::Transport(error) => Error::Transport(error),
            SendError::InvalidRequest(reason) => Error::InvalidRequest(reason),
            SendError::Credentials(error) => Error::Credentials(Box::new(error)),
            SendError::Middleware(error) => Error::Middleware(error),
            SendError::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
        }
    }
}

/// 408, 409, 429 and every 5xx: statuses where the same request may succeed later.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

// @when path-params cookie-params oauth2
/// Characters left as they are in a path segment: RFC 3986 unreserved ones.
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a path parameter, so that `/`, `?` or `#` in a value cannot change the URL's shape.
pub(crate) fn encode_path(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
}
// @end

/// The start of a body as text, for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    const LIMIT: usize = 512;
    let text = String::from_utf8_lossy(&body[..body.len().min(LIMIT)]).into_owned();
    if body.len() > LIMIT { format!("{text}…") } else { text }
}

/// A random key, unique per request with overwhelming probability.
fn new_idempotency_key() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// Methods that may change something on the server each time they are sent: a retry of one the server
/// has processed could repeat its action, unless the server deduplicates it by idempotency key. `QUERY`
/// (OpenAPI 3.2) is safe and idempotent by definition, like `GET` with a body.
pub(crate) fn is_non_idempotent(method: &Method) -> bool {
    let idempotent =
        matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE);
    !idempotent && method.as_str() != "QUERY"
}

/// The server's requested delay: `retry-after-ms`, then `Retry-After` in seconds or as an HTTP date;
/// only when it is positive.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    let delay = if let Some(millis) = header("retry-after-ms").and_then(|value| value.parse::<f64>().ok()) {
        Duration::try_from_secs_f64(millis / 1000.0).ok()?
    } else {
        let value = header("retry-after")?;
        match value.parse::<f64>() {
            Ok(seconds) => Duration::try_from_secs_f64(seconds).ok()?,
            Err(_) => httpdate::parse_http_date(value).ok()?.duration_since(SystemTime::now()).ok()?,
        }
    };
    (delay > Duration::ZERO).then_some(delay)
}

impl RetryPolicy {
    /// Exponential backoff with up to 25% jitter, so that many clients do not retry in lockstep.
    fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry));
        let capped = exponential.min(self.max_backoff);
        capped.mul_f64(1.0 - fastrand::f64() * 0.25)
    }
}

impl Client {
    fn url(&self, parts: &RequestParts) -> Result<reqwest::Url, SendError> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.inner.base_url, parts.path))
            .map_err(|error| SendError::InvalidRequest(format!("invalid URL: {error}")))?;
        // A page URL the server gave carries its own query; it is followed only on the API's own origin,
        // so the key is never sent elsewhere.
        // @when page-url
        if let Some(next) = &parts.page_url {
            let next = url.join(next).map_err(|error| SendError::InvalidRequest(format!("invalid next page URL: {error}")))?;
            if next.origin() != url.origin() {
                return Err(SendError::InvalidRequest(format!("the next page's URL is on another origin ({}); not following it", next.origin().ascii_serialization())));
            }
            return Ok(next);
        }
        // @end
        if !parts.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &parts.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    fn headers(&self, parts: &RequestParts, options: &RequestOptions, idempotency_key: Option<(HeaderName, String)>) -> Result<HeaderMap, SendError> {
        let invalid = |what: &str| SendError::InvalidRequest(format!("invalid header {what}"));
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::USER_AGENT, HeaderValue::from_static(CONFIG.user_agent));
        for (name, value) in &self.inner.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(parts.accept));
        if let Some((_, content_type)) = &parts.body {
            headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_str(content_type).map_err(|_| invalid("content type"))?);
        }
        // @when cookie-params
        let cookies: Vec<String> = parts.cookies.iter().map(|(name, value)| format!("{name}={}", encode_path(value))).collect();
        if !cookies.is_empty() {
            let value = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| invalid("cookie value"))?;
            headers.insert(reqwest::header::COOKIE, value);
        }
        // @end
        if let Some((name, key)) = idempotency_key {
            headers.insert(name, HeaderValue::from_str(&key).map_err(|_| invalid("value for the idempotency key"))?);
        }
        let extra = parts.headers.iter().map(|(name, value)| (*name, value.as_str()));
        let overrides = options.headers.iter().map(|(name, value)| (name.as_str(), value.as_str()));
        for (name, value) in extra.chain(overrides) {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(&format!("name `{name}`")))?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid(&format!("value for `{name}`")))?;
            headers.insert(name, value);
        }
        Ok(headers)
    }

    /// Sends a request, retrying as configured, and returns the final response with its body unread.
    /// Every attempt, the retry rules, the backoff and the tracing events happen here; what to do with
    /// the body (buffer it, stream it) is the caller's.
    pub(crate) async fn send_response(&self, parts: &RequestParts, options: &RequestOptions) -> Result<reqwest::Response, SendError> {
        let max_retries = options.max_retries.unwrap_or(self.inner.retry.max_retries);
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        let (idempotency_key, replayable) = self.idempotency(parts, options, max_retries);
        let url = self.url(parts)?;
        let headers = self.headers(parts, options, idempotency_key)?;
        let mut attempt = 0;
        // A 401 to a credential that can be renewed (an expired token) is answered by sending once more
        // with the new one; that is authenticating, not retrying, so it happens whatever `max_retries` says.
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            let credentials = self.authenticate(parts).await?;
            let outgoing = super::credentials::Outgoing { url: url.clone(), headers: headers.clone() };
            // @when auth-header auth-query auth-cookie auth-bearer auth-basic auth-scheme oauth2
            let outgoing = super::credentials::apply(&credentials, outgoing)?;
            // @end
            let mut request = self.inner.http.request(parts.method.clone(), outgoing.url).headers(outgoing.headers).timeout(timeout);
            if let Some((body, _)) = &parts.body {
                request = request.body(body.clone());
            }
            let started = Instant::now();
            let outcome = self.execute(request).await?;
            let latency_ms = started.elapsed().as_millis() as u64;
            let delay = match outcome {
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(operation = parts.operation, method = %parts.method, path = %parts.path, status = status.as_u16(), attempt, latency_ms, "response");
                    if status == StatusCode::UNAUTHORIZED && !reauthenticated && self.rejected(&credentials).await {
                        reauthenticated = true;
                        let _ = response.bytes().await;
                        tracing::info!(operation = parts.operation, method = %parts.method, path = %parts.path, attempt, "sending again with renewed credentials");
                        continue;
                    }
                    // Only a 429 says the request was not processed; other statuses may come after it was.
                    let retryable = is_retryable_status(status) && (replayable || status == StatusCode::TOO_MANY_REQUESTS);
                    if attempt > max_retries + u32::from(reauthenticated) || !retryable {
                        return Ok(response);
                    }
                    let delay = match retry_after(response.headers()) {
                        // The server asked for more time than the client waits: the caller decides.
                        Some(delay) if delay > self.inner.max_retry_wait => return Ok(response),
                        Some(delay) => delay,
                        None => self.inner.retry.backoff(attempt - 1),
                    };
                    // Draining a short unwanted body lets the connection go back to the pool; chunks are
                    // discarded as they come, and a long body is cut off by dropping the response.
                    let mut response = response;
                    let mut drained = 0;
                    while drained < 64 * 1024 {
                        match response.chunk().await {
                            Ok(Some(chunk)) => drained += chunk.len(),
                            _ => break,
                        }
                    }
                    delay
                }
                Err(error) => {
                    let error = error.without_url();
                    // A failed connection sent nothing; a timeout may come after the server acted.
                    let retryable = error.is_connect() || (replayable && error.is_timeout());
                    tracing::debug!(operation = parts.operation, method = %parts.method, path = %parts.path, attempt, latency_ms, error = %error, "request failed");
                    if !retryable || attempt > max_retries + u32::from(reauthenticated) {
                        return Err(send_error(error));
                    }
                    self.inner.retry.backoff(attempt - 1)
                }
            };
            tracing::info!(operation = parts.operation, method = %parts.method, path = %parts.path, attempt, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// The idempotency key to send (with the header it goes in), and whether a request the server may
    /// have processed can be sent again. GET, HEAD, OPTIONS, PUT and DELETE can; POST and PATCH only
    /// when idempotency is declared (by the operation's parameter, the generator's settings or a key
    /// set on the request) or the caller opted in.
    fn idempotency(&self, parts: &RequestParts, options: &RequestOptions, max_retries: u32) -> (Option<(HeaderName, String)>, bool) {
        let explicit = options.idempotency_key.as_ref();
        let opted_in = options.retry_non_idempotent.unwrap_or(self.inner.retry_non_idempotent);
        // The operation's own idempotency-key parameter, then the client's header.
        let header = match parts.idempotency_param {
            Some(name) => HeaderName::from_bytes(name.as_bytes()).ok(),
            None => self.inner.idempotency_header.clone(),
        };
        if !is_non_idempotent(&parts.method) {
            return (explicit.zip(header).map(|(key, header)| (header, key.clone())), true);
        }
        let declared = parts.idempotency_param.is_some() || (CONFIG.idempotency_header.is_some() && header.is_some());
        let replayable = declared || explicit.is_some() || opted_in;
        let caller_sent = |name: &HeaderName| {
            let set_as_param = parts.headers.iter().any(|(header, _)| name.as_str().eq_ignore_ascii_case(header));
            set_as_param || options.headers.iter().any(|(header, _)| name.as_str().eq_ignore_ascii_case(header))
        };
        let key = match (header, explicit) {
            (Some(header), Some(key)) => Some((header, key.clone())),
            // One key for every attempt, so the server can tell retries from new requests.
            (Some(header), None) if replayable && max_retries > 0 && !caller_sent(&header) => {
                Some((header, new_idempotency_key()))
            }
            _ => None,
        };
        (key, replayable)
    }

    /// Sends a request, retrying as configured, and reads the final response's body, up to the size
    /// limit.
    pub(crate) async fn send_raw(&self, parts: RequestParts, options: RequestOptions) -> Result<RawResponse, SendError> {
        let response = self.send_response(&parts, &options).await?;
        self.read_body(response, &options).await
    }

    /// Reads a response's body under the size limit, chunk by chunk, so that a body longer than the limit
    /// is never held whole.
    async fn read_body(&self, mut response: reqwest::Response, options: &RequestOptions) -> Result<RawResponse, SendError> {
        let limit = options.max_body_size.unwrap_or(self.inner.max_body_size);
        let status = response.status();
        let too_large = SendError::BodyTooLarge { status, limit };
        if response.content_length().is_some_and(|length| length > limit) {
            return Err(too_large);
        }
        let headers = response.headers().clone();
        let mut body = Vec::with_capacity(response.content_length().map_or(0, |length| length as usize));
        while let Some(chunk) = response.chunk().await.map_err(|error| send_error(error.without_url()))? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, headers, body })
    }

    // @when events binary-response
    /// Sends a streamed request (retrying as configured until a response arrives) and returns a success
    /// response with its body unread; an error status becomes [`Error::Api`], its body read under the
    /// size limit like any other.
    pub(crate) async fn open_stream<E: DeserializeOwned>(&self, parts: Result<RequestParts, Error<E>>, options: &RequestOptions) -> Result<reqwest::Response, Error<E>> {
        let response = self.send_response(&parts?, options).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        let raw = self.read_body(response, options).await?;
        let status = raw.status;
        match finish::<(), E>(raw, |_| Ok(())) {
            Err(error) => Err(error),
            Ok(_) => Err(Error::InvalidRequest(format!("status {status} is not an error"))),
        }
    }
    // @end
}

// @when events binary-response
/// A body that failed mid-stream, after the response arrived (never retried).
pub(crate) fn stream_error<E>(error: reqwest::Error) -> Error<E> {
    send_error(error.without_url()).into()
}
// @end

/// A timeout or another transport failure.
fn send_error(error: reqwest::Error) -> SendError {
    if error.is_timeout() { SendError::Timeout(error) } else { SendError::Transport(error) }
}

/// Sends a request built by an operation's builder and decodes the response with `decode`. Every
/// builder's `send` and `send_raw` call this one function rather than holding an `async` body of their
/// own, so the crate type-checks one future here instead of two per operation.
pub(crate) fn send<T: Send + 'static, E: Send + 'static>(
    client: super::Client,
    parts: Result<RequestParts, Error<E>>,
    options: RequestOptions,
    decode: fn(RawResponse) -> Result<T, Error<E>>,
) -> BoxFuture<'static, Result<T, Error<E>>> {
    Box::pin(async move { decode(client.send_raw(parts?, options).await?) })
}

// @when json-response
/// Decodes a JSON success body into `T`, or an error status into [`Error::Api`] with its body as `E` when it fits.
pub(crate) fn decode<T: DeserializeOwned, E: DeserializeOwned>(raw: RawResponse) -> Result<Response<T>, Error<E>> {
    finish(raw, |body| {
        // An empty body decodes as `null`, which is what `Option` expects.
        let bytes: &[u8] = if body.is_empty() { b"null" } else { body };
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error.to_string())),
            Err(error) => Err(join_nested_path(error.path().to_string(), error.inner().to_string())),
        }
    })
}

// @end

// @when empty-response
/// A success whose body, if any, the spec does not describe: it is ignored.
pub(crate) fn decode_empty<E: DeserializeOwned>(raw: RawResponse) -> Result<Response<()>, Error<E>> {
    finish(raw, |_| Ok(()))
}
// @end

// @when text-response
/// A text success body, as received (invalid UTF-8 replaced).
pub(crate) fn decode_text<E: DeserializeOwned>(raw: RawResponse) -> Result<Response<String>, Error<E>> {
    finish(raw, |body| Ok(String::from_utf8_lossy(body).into_owned()))
}
// @end

// @when binary-response
/// A binary success body, as received.
pub(crate) fn decode_bytes<E: DeserializeOwned>(raw: RawResponse) -> Result<Response<Vec<u8>>, Error<E>> {
    finish(raw, |body| Ok(body.to_vec()))
}
// @end

fn finish<T, E: DeserializeOwned>(raw: RawResponse, success: impl FnOnce(&[u8]) -> Result<T, (String, String)>) -> Result<Response<T>, Error<E>> {
    let RawResponse { status, headers, body } = raw;
    if status.is_success() {
        return match success(&body) {
            Ok(decoded) => Ok(Response { status, headers, body: decoded }),
            Err((path, message)) => Err(Error::Decode(Box::new(DecodeError::new(status, headers, path, message, body)))),
        };
    }
    // An undeclared status may still carry the declared shape (a 422 where only 400 is declared).
    let decoded = serde_json::from_slice(&body).ok();
    Err(Error::Api(Box::new(ApiError::new(status, headers, body, decoded))))
}

// @when errors-by-status
/// For operations whose error bodies differ by status: the body, read as JSON, becomes the variant of the
/// operation's error enum that the status declares.
pub(crate) fn errors_by_status<E>(error: Error<serde_json::Value>, from_status: fn(u16, serde_json::Value) -> Option<E>) -> Error<E> {
    error.map_body(|status, body| from_status(status.as_u16(), body))
}
// @end

// @when json-response
/// Moves ``at `x`: `` prefixes left by the types' `decode_variant` from the message onto the path.
fn join_nested_path(mut path: String, mut message: String) -> (String, String) {
    while let Some(rest) = message.strip_prefix("at `") {
        let Some((inner, rest)) = rest.split_once("`: ") else { break };
        path = if path == "." { inner.to_owned() } else { format!("{path}.{inner}") };
        message = rest.to_owned();
    }
    (path, message)
}
// @end

/// What every request builder shares: `send` (through `runtime::send`, with the operation's decoder), the
/// per-request option setters, `send_raw` and `IntoFuture`.
macro_rules! request_options {
    ($builder:ident, $ok:ty, $err:ty, $decode:expr) => {
        impl $builder {
            /// Sends the request, retrying as configured, and decodes the response. The future owns what
            /// it needs (a clone of the client), so it can be spawned.
            pub fn send(self) -> super::BoxFuture<'static, ::std::result::Result<super::Response<$ok>, super::Error<$err>>> {
                let parts = self.request_parts();
                super::runtime::send(self.client, parts, self.options, $decode)
            }

            /// The time limit for each attempt of this request (overrides the client's).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// How many times this request is retried (overrides the client's).
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.options = self.options.max_retries(retries);
                self
            }

            /// The idempotency key to send on every attempt, instead of a generated one. Setting one
            /// declares that the server deduplicates this request, so a POST or PATCH is retried like a
            /// GET.
            pub fn idempotency_key(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.options = self.options.idempotency_key(key);
                self
            }

            /// Whether this POST or PATCH is retried like other methods even without a declared
            /// idempotency key (overrides the client's `retry_non_idempotent`).
            pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
                self.options = self.options.retry_non_idempotent(retry);
                self
            }

            /// The largest response body read into memory for this request, in bytes (overrides the
            /// client's `max_body_size`).
            pub fn max_body_size(mut self, bytes: u64) -> Self {
                self.options = self.options.max_body_size(bytes);
                self
            }

            /// An extra header to send.
            pub fn header(
                mut self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.options = self.options.header(name, value);
                self
            }

            /// Replaces all per-request options.
            pub fn options(mut self, options: super::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// Sends the request, retrying as configured, and returns the response as received (status,
            /// headers, body bytes) without decoding it: for what the generated types cannot express.
            /// Error statuses are returned too, not turned into [`Error::Api`](super::Error::Api).
            pub fn send_raw(self) -> super::BoxFuture<'static, ::std::result::Result<super::RawResponse, super::Error>> {
                let parts = self.request_parts();
                super::runtime::send(self.client, parts, self.options, ::std::result::Result::Ok)
            }
        }

        impl ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<super::Response<$ok>, super::Error<$err>>;
            type IntoFuture = super::BoxFuture<'static, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
pub(crate) use request_options;

#[cfg(test)]
mod tests {
    use super::*;

    // @when json-response
    #[test]
    fn nested_union_paths_join_the_outer_path() {
        let (path, message) = join_nested_path("data[0]".to_owned(), "at `a.b`: at `c`: invalid type".to_owned());
        assert_eq!((path.as_str(), message.as_str()), ("data[0].a.b.c", "invalid type"));
        let (path, _) = join_nested_path(".".to_owned(), "at `x`: bad".to_owned());
        assert_eq!(path, "x");
    }

    // @end

    // @when path-params cookie-params oauth2
    #[test]
    fn path_segments_cannot_change_the_url_shape() {
        assert_eq!(encode_path("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_path("cs_123-x.y~z"), "cs_123-x.y~z");
    }
    // @end

    #[test]
    fn retry_after_accepts_seconds_and_millis() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert("retry-after-ms", HeaderValue::from_static("150"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(150)));
        headers.clear();
        headers.insert("retry-after", HeaderValue::from_static("120"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(120)));
        headers.insert("retry-after", HeaderValue::from_static("0"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn retry_after_accepts_an_http_date() {
        let mut headers = HeaderMap::new();
        let in_five_seconds = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
        headers.insert("retry-after", HeaderValue::from_str(&in_five_seconds).unwrap());
        let delay = retry_after(&headers).unwrap();
        assert!(delay > Duration::from_secs(3) && delay <= Duration::from_secs(5), "{delay:?}");
        let long_ago = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        headers.insert("retry-after", HeaderValue::from_str(&long_ago).unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    fn loopback_client() -> Client {
        Client::builder().base_url("http://127.0.0.1:9").api_key("key").build().expect("a client")
    }

    fn parts(method: Method) -> RequestParts {
        RequestParts::new(method, "/x".to_owned(), "op", &[])
    }

    #[test]
    fn only_declared_or_opted_in_posts_may_be_sent_again() {
        let client = loopback_client();
        let options = RequestOptions::new();
        assert!(matches!(client.idempotency(&parts(Method::GET), &options, 2), (None, true)));
        assert!(matches!(client.idempotency(&parts(Method::DELETE), &options, 2), (None, true)));
        let query = Method::from_bytes(b"QUERY").expect("a method name");
        assert!(matches!(client.idempotency(&parts(query), &options, 2), (None, true)));
        assert!(matches!(client.idempotency(&parts(Method::PATCH), &options, 2), (None, false)));
        let plain_post = client.idempotency(&parts(Method::POST), &options, 2);
        assert_eq!(plain_post.1, CONFIG.idempotency_header.is_some());
        let opted_in = RequestOptions::new().retry_non_idempotent(true);
        assert!(client.idempotency(&parts(Method::PATCH), &opted_in, 2).1);
        let keyed = RequestOptions::new().idempotency_key("k");
        let (key, replayable) = client.idempotency(&parts(Method::POST), &keyed, 0);
        assert!(replayable && key.is_some_and(|(_, key)| key == "k"));
    }

    // @when idempotency-param
    #[test]
    fn a_declared_idempotency_parameter_makes_posts_replayable() {
        let client = loopback_client();
        let options = RequestOptions::new();
        let mut declared = parts(Method::POST);
        declared.idempotency_param("Idempotency-Key");
        let (key, replayable) = client.idempotency(&declared, &options, 2);
        let (header, key) = key.expect("a generated key");
        assert!(replayable && header == "idempotency-key" && key.len() == 32);
        // A key the caller passed as the operation's parameter is not replaced.
        declared.header("Idempotency-Key", "mine".to_owned());
        assert!(matches!(client.idempotency(&declared, &options, 2), (None, true)));
    }
    // @end

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = RetryPolicy { max_retries: 5, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8) };
        let third = policy.backoff(2);
        assert!(third <= Duration::from_secs(2) && third >= Duration::from_millis(1500), "{third:?}");
        assert!(policy.backoff(10) <= Duration::from_secs(8));
    }
}
