//! The client, its builder, per-request options and the response wrapper.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::credentials::{ApiKey, CredentialSource, Credentials};
// @when oauth2
use super::credentials::BuildContext;
// @end
use super::error::BuildError;
use super::runtime::{BoxFuture, CONFIG, RetryPolicy, SendError};

/// Retries after the first attempt, unless configured otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The time limit for each attempt, unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The first retry's delay and the most any retry waits, unless configured otherwise.
const DEFAULT_BACKOFF: (Duration, Duration) = (Duration::from_millis(500), Duration::from_secs(8));
/// The header carrying idempotency keys, unless the spec's settings or the builder name another.
const DEFAULT_IDEMPOTENCY_HEADER: &str = "idempotency-key";
/// The longest `Retry-After` the client waits before retrying, unless configured otherwise.
const DEFAULT_MAX_RETRY_WAIT: Duration = Duration::from_secs(60);
/// The largest response body read into memory, unless configured otherwise.
pub(crate) const DEFAULT_MAX_BODY_SIZE: u64 = 32 * 1024 * 1024;

/// The idempotency header the API honours according to the generator's settings, else the default.
fn default_idempotency_header() -> HeaderName {
    CONFIG
        .idempotency_header
        .and_then(|name| HeaderName::from_bytes(name.as_bytes()).ok())
        .unwrap_or(HeaderName::from_static(DEFAULT_IDEMPOTENCY_HEADER))
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
    /// Per security scheme (indexed like `CONFIG.schemes`), the credentials set for it.
    pub(crate) credentials: Vec<Option<Arc<dyn Credentials>>>,
    /// Sends attempts instead of `http` when set (middleware); `http` still builds the requests.
    pub(crate) execute: Option<Arc<dyn Execute>>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) idempotency_header: Option<HeaderName>,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) max_retry_wait: Duration,
    pub(crate) max_body_size: u64,
    /// Sent on every request; a request's own headers replace them.
    pub(crate) default_headers: HeaderMap,
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

    // @when default-server
    /// A client with the default settings, used by the generated `Client::new`: the base URL from the
    /// environment variable named in the crate docs, else `base_url` (the spec's server), as the builder
    /// does.
    pub(crate) fn with_defaults(base_url: &str, api_key: Option<String>) -> Client {
        let base_url = env_var(CONFIG.base_url_env).unwrap_or_else(|| base_url.to_owned());
        let mut credentials: Vec<Option<Arc<dyn Credentials>>> = vec![None; CONFIG.schemes.len()];
        if let (Some(first), Some(key)) = (credentials.first_mut(), api_key) {
            *first = Some(Arc::new(ApiKey::new(key)));
        }
        Client {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                base_url: base_url.trim_end_matches('/').to_owned(),
                credentials,
                execute: None,
                retry: RetryPolicy {
                    max_retries: DEFAULT_MAX_RETRIES,
                    initial_backoff: DEFAULT_BACKOFF.0,
                    max_backoff: DEFAULT_BACKOFF.1,
                },
                timeout: DEFAULT_TIMEOUT,
                idempotency_header: Some(default_idempotency_header()),
                retry_non_idempotent: false,
                max_retry_wait: DEFAULT_MAX_RETRY_WAIT,
                max_body_size: DEFAULT_MAX_BODY_SIZE,
                default_headers: HeaderMap::new(),
            }),
        }
    }
    // @end

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

/// Configures a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    /// Credentials by security scheme index.
    credentials: BTreeMap<usize, CredentialSource>,
    /// A scheme name given to `scheme_credentials` that the spec does not declare.
    unknown_scheme: Option<String>,
    // @when oauth2
    pub(crate) oauth2_scopes: Vec<String>,
    // @end
    pub(crate) execute: Option<Arc<dyn Execute>>,
    base_url: Option<String>,
    pub(crate) http: Option<reqwest::Client>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    backoff: Option<(Duration, Duration)>,
    idempotency_header: Option<Option<String>>,
    retry_non_idempotent: bool,
    max_retry_wait: Option<Duration>,
    max_body_size: Option<u64>,
    default_headers: Vec<(String, String)>,
}

impl ClientBuilder {
    /// The API key (for the spec's first security scheme). Without it, the key is read from the
    /// environment variable named in the crate docs.
    pub fn api_key(self, key: impl Into<String>) -> Self {
        self.scheme_source(0, CredentialSource::Key(ApiKey::new(key)))
    }

    /// Credentials for the spec's first security scheme, asked for before every attempt (for keys that
    /// rotate or tokens that expire); replaces an API key.
    pub fn credentials(self, credentials: impl Credentials) -> Self {
        self.scheme_source(0, CredentialSource::Provider(Arc::new(credentials)))
    }

    /// Credentials for the security scheme named `scheme` in the spec (`components.securitySchemes`).
    /// A name the spec does not declare makes [`build`](Self::build) fail.
    pub fn scheme_credentials(mut self, scheme: &str, credentials: impl Credentials) -> Self {
        match CONFIG.schemes.iter().position(|known| known.name == scheme) {
            Some(index) => self.scheme_source(index, CredentialSource::Provider(Arc::new(credentials))),
            None => {
                self.unknown_scheme = Some(scheme.to_owned());
                self
            }
        }
    }

    /// Sets where the credential of scheme `index` comes from (the generated per-scheme setters).
    pub(crate) fn scheme_source(mut self, index: usize, source: CredentialSource) -> Self {
        if index < CONFIG.schemes.len() {
            self.credentials.insert(index, source);
        }
        self
    }

    /// The base URL (scheme, host and any path prefix). Without it, the environment variable named in
    /// the crate docs, then the spec's first server, is used.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A `reqwest::Client` to send requests with (for custom proxies, TLS or connection settings).
    /// Timeouts set on it apply in addition to this client's. Without it, the client uses the proxies
    /// named by `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`, as `reqwest` does.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How many times a failed request is retried (default 2). Retries happen on connection errors,
    /// timeouts, 408, 409, 429 and 5xx; a POST or PATCH that the server may have processed is retried
    /// only when it is idempotent (see [`retry_non_idempotent`](Self::retry_non_idempotent)).
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
    /// 8 s). A `Retry-After` from the server takes precedence; one longer than
    /// [`max_retry_wait`](Self::max_retry_wait) ends the retries.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Some((initial, max));
        self
    }

    /// The header carrying the idempotency key of POST and PATCH requests that may be retried (default:
    /// the one named in the generator's settings, else `Idempotency-Key`); `None` sends no key. An
    /// operation that declares its own idempotency-key parameter uses that parameter's header.
    pub fn idempotency_header(mut self, name: Option<&str>) -> Self {
        self.idempotency_header = Some(name.map(str::to_owned));
        self
    }

    /// Whether POST and PATCH requests are retried like other methods (on timeouts, 408, 409 and 5xx)
    /// even when the API does not declare idempotency keys (default `false`): opt in only when the API
    /// deduplicates them, or a retry could apply one action twice. Without it, they are retried only when
    /// they cannot have been processed (the connection failed before sending, or a 429), unless the
    /// operation declares an idempotency-key parameter, the generator's settings name an
    /// `idempotency-header`, or the request sets [`idempotency_key`](RequestOptions::idempotency_key).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The longest `Retry-After` the client waits before retrying (default 60 s). When the server asks
    /// for more, the client stops retrying and returns the error, whose
    /// [`retry_after`](super::Error::retry_after) says how long the server asked to wait.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = Some(wait);
        self
    }

    /// The largest response body read into memory, in bytes (default 32 MiB). A longer body fails the
    /// request with [`Error::BodyTooLarge`](super::Error::BodyTooLarge) as soon as the limit is passed,
    /// before the rest is read.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// A header sent on every request (a tenant id, an API version, a tracing tag). Setting one name again
    /// replaces its value; a header an operation sets, or one set on a request, replaces it for that
    /// request, and credentials always replace it. An invalid name or value makes
    /// [`build`](Self::build) fail.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let mut sources = self.credentials;
        if let Some(scheme) = self.unknown_scheme {
            return Err(BuildError::UnknownScheme(scheme));
        }
        // The variable holds the first scheme's key, unless that scheme was configured on the builder.
        let env_key = if CONFIG.schemes.is_empty() || sources.contains_key(&0) { None } else { env_var(CONFIG.api_key_env) };
        if let Some(key) = env_key {
            sources.insert(0, CredentialSource::Key(ApiKey::new(key)));
        }
        // A client with no credentials at all is a mistake when the API has schemes; one scheme is enough
        // when there are several, since each operation may accept another.
        if sources.is_empty() && !CONFIG.schemes.is_empty() {
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
            None => Some(default_idempotency_header()),
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(BuildError::Http)?,
        };
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        // @when oauth2
        let context = BuildContext { http: &http, base_url: &parsed, timeout, scopes: &self.oauth2_scopes };
        // @end
        let mut credentials: Vec<Option<Arc<dyn Credentials>>> = vec![None; CONFIG.schemes.len()];
        for (index, source) in sources {
            credentials[index] = Some(source.resolve(
                // @when oauth2
                &context,
                // @end
            )?);
        }
        let mut default_headers = HeaderMap::new();
        for (name, value) in self.default_headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidHeaderName(name.clone()))?;
            let value = HeaderValue::from_str(&value).map_err(|_| BuildError::InvalidHeaderValue(name))?;
            default_headers.insert(header, value);
        }
        let (initial_backoff, max_backoff) = self.backoff.unwrap_or(DEFAULT_BACKOFF);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_owned(),
                credentials,
                execute: self.execute,
                retry: RetryPolicy {
                    max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    initial_backoff,
                    max_backoff,
                },
                timeout,
                idempotency_header,
                retry_non_idempotent: self.retry_non_idempotent,
                max_retry_wait: self.max_retry_wait.unwrap_or(DEFAULT_MAX_RETRY_WAIT),
                max_body_size: self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE),
                default_headers,
            }),
        })
    }
}

/// Sends one attempt in place of the `reqwest::Client` (the `middleware` feature's client).
pub(crate) trait Execute: fmt::Debug + Send + Sync {
    fn execute(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, ExecuteError>>;
}

/// Why an attempt sent through [`Execute`] failed.
#[allow(dead_code)] // Made only by the `middleware` feature's client.
pub(crate) enum ExecuteError {
    Reqwest(reqwest::Error),
    /// Raised by a middleware.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl Client {
    /// Sends one attempt, through the middleware client when there is one. A middleware's own error ends
    /// the request; a transport error is left to the caller's retry rules.
    pub(crate) async fn execute(&self, request: reqwest::RequestBuilder) -> Result<Result<reqwest::Response, reqwest::Error>, SendError> {
        let Some(execute) = &self.inner.execute else { return Ok(request.send().await) };
        let request = match request.build() {
            Ok(request) => request,
            Err(error) => return Ok(Err(error)),
        };
        match execute.execute(request).await {
            Ok(response) => Ok(Ok(response)),
            Err(ExecuteError::Reqwest(error)) => Ok(Err(error)),
            Err(ExecuteError::Other(error)) => Err(SendError::Middleware(error)),
        }
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
    pub(crate) retry_non_idempotent: Option<bool>,
    pub(crate) max_body_size: Option<u64>,
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

    /// The idempotency key to send (instead of a generated one), on every attempt. Setting one declares
    /// that the server deduplicates this request, so a POST or PATCH is retried like a GET.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Whether this POST or PATCH is retried like other methods even without a declared idempotency key
    /// (overrides [`ClientBuilder::retry_non_idempotent`]).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = Some(retry);
        self
    }

    /// The largest response body read into memory for this request, in bytes (overrides
    /// [`ClientBuilder::max_body_size`]).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
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

/// A response as received, for what the generated types cannot express: its status, headers and body
/// bytes, whatever the status. Returned by `send_raw` on every request builder.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    /// A response with this status, headers and body (for tests of code that handles raw responses).
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Vec<u8>>) -> Self {
        RawResponse { status, headers, body: body.into() }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes, complete.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Vec<u8>) {
        (self.status, self.headers, self.body)
    }
}
