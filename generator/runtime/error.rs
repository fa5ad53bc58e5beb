//! Errors returned by the client.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Why a [`Client`](super::Client) could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// No API key was given to the builder and the environment variable is unset or empty.
    MissingApiKey {
        /// The variable that was read.
        env_var: &'static str,
    },
    /// The spec names no absolute server URL, and none was given to the builder or the environment.
    MissingBaseUrl {
        /// The variable that was read.
        env_var: &'static str,
    },
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The API key has characters that cannot be sent in an HTTP header.
    InvalidApiKey,
    /// A header name given to the builder is not a valid HTTP header name.
    InvalidHeaderName(String),
    /// The value of the named default header cannot be sent in an HTTP header.
    InvalidHeaderValue(String),
    /// `ClientBuilder::scheme_credentials` named a security scheme the spec does not declare.
    UnknownScheme(String),
    /// The HTTP client could not be created (for example, the TLS backend failed to start).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingApiKey { env_var } => {
                write!(f, "no API key: pass one to the client builder or set the {env_var} environment variable")
            }
            BuildError::MissingBaseUrl { env_var } => {
                write!(f, "no base URL: pass one to the client builder or set the {env_var} environment variable")
            }
            BuildError::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            BuildError::InvalidApiKey => f.write_str("the API key contains characters that are not allowed in an HTTP header"),
            BuildError::InvalidHeaderName(name) => write!(f, "`{name}` is not a valid HTTP header name"),
            BuildError::InvalidHeaderValue(name) => write!(f, "the value of header `{name}` has characters not allowed in an HTTP header"),
            BuildError::UnknownScheme(name) => write!(f, "the API declares no security scheme named `{name}`"),
            BuildError::Http(error) => write!(f, "cannot create the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// The broad class of an [`Error`], for deciding what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 401 or 403: the key is missing, wrong or lacks permission.
    Auth,
    /// 404.
    NotFound,
    /// 429.
    RateLimited,
    /// Any other 4xx status.
    Client,
    /// A 5xx status.
    Server,
    /// A status outside the success, 4xx and 5xx ranges (such as an unfollowed redirect).
    UnexpectedStatus,
    /// A success response whose body did not decode.
    Decode,
    /// No response within the timeout.
    Timeout,
    /// The connection failed, or the response could not be read.
    Transport,
    /// The request could not be built from the given values.
    InvalidRequest,
    /// The response body was longer than the configured limit.
    BodyTooLarge,
    /// Credentials could not be obtained (the OAuth2 token endpoint refused, or a `Credentials`
    /// implementation failed), or none are set for what the operation requires.
    Credentials,
    /// A middleware (the `middleware` feature) failed the request.
    Middleware,
}

/// An error from an API call. `E` is the body type the operation declares for its error responses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status that is not a success.
    Api(Box<ApiError<E>>),
    /// A success response whose body did not decode into the expected type.
    Decode(Box<DecodeError>),
    /// No response arrived within the timeout, on the last attempt.
    Timeout(reqwest::Error),
    /// Connection, TLS or protocol failure, on the last attempt.
    Transport(reqwest::Error),
    /// The request could not be built: a header or body value is invalid.
    InvalidRequest(String),
    /// The response body was longer than the limit (`max_body_size` on the client builder or the
    /// request); reading stopped there.
    BodyTooLarge {
        /// The status of the response whose body was too long.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Credentials could not be obtained, or none are set for any security the operation accepts.
    Credentials(Box<super::credentials::CredentialsError>),
    /// A middleware (the `middleware` feature) failed the request.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
}

impl<E> Error<E> {
    /// The same error with the decoded body of an error response turned into another type (`None` when
    /// `convert` cannot); every other kind of error is unchanged.
    pub fn map_body<F>(self, convert: impl FnOnce(StatusCode, E) -> Option<F>) -> Error<F> {
        match self {
            Error::Api(api) => {
                let ApiError { status, headers, raw, body } = *api;
                let body = body.and_then(|body| convert(status, body));
                Error::Api(Box::new(ApiError { status, headers, raw, body }))
            }
            Error::Decode(error) => Error::Decode(error),
            Error::Timeout(error) => Error::Timeout(error),
            Error::Transport(error) => Error::Transport(error),
            Error::InvalidRequest(reason) => Error::InvalidRequest(reason),
            Error::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
            Error::Credentials(error) => Error::Credentials(error),
            Error::Middleware(error) => Error::Middleware(error),
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (`Retry-After` or `retry-after-ms` on an
    /// error response). When this is longer than the client's `max_retry_wait`, the client returned the
    /// error without retrying; the caller decides whether to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(ApiError::retry_after)
    }

    /// The response headers, when the server answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(error) => Some(&error.headers),
            Error::Decode(error) => Some(&error.headers),
            _ => None,
        }
    }

    /// The error response, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The broad class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(error) => match error.status.as_u16() {
                401 | 403 => ErrorKind::Auth,
                404 => ErrorKind::NotFound,
                429 => ErrorKind::RateLimited,
                400..=499 => ErrorKind::Client,
                500..=599 => ErrorKind::Server,
                _ => ErrorKind::UnexpectedStatus,
            },
            Error::Decode(_) => ErrorKind::Decode,
            Error::Timeout(_) => ErrorKind::Timeout,
            Error::Transport(_) => ErrorKind::Transport,
            Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Error::BodyTooLarge { .. } => ErrorKind::BodyTooLarge,
            Error::Credentials(_) => ErrorKind::Credentials,
            Error::Middleware(_) => ErrorKind::Middleware,
        }
    }

    /// Whether trying again later may succeed: timeouts, connection failures, 408, 409, 429 and 5xx.
    /// The client has already retried these as far as configured and safe before returning them (a POST
    /// or PATCH the server may have processed is retried only when idempotent).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(error) => super::runtime::is_retryable_status(error.status),
            Error::Timeout(_) => true,
            Error::Transport(error) => error.is_connect(),
            Error::Decode(_) | Error::InvalidRequest(_) | Error::BodyTooLarge { .. } | Error::Credentials(_) | Error::Middleware(_) => false,
        }
    }

    /// Whether the server answered 404.
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }

    /// Whether the server answered 429.
    pub fn is_rate_limited(&self) -> bool {
        self.kind() == ErrorKind::RateLimited
    }

    /// Whether the server answered 401 or 403.
    pub fn is_auth_error(&self) -> bool {
        self.kind() == ErrorKind::Auth
    }

    /// Whether the server answered with a 5xx status.
    pub fn is_server_error(&self) -> bool {
        self.kind() == ErrorKind::Server
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "{error}"),
            Error::Decode(error) => write!(f, "{error}"),
            Error::Timeout(_) => f.write_str("the request timed out"),
            Error::Transport(error) => write!(f, "the request failed: {error}"),
            Error::InvalidRequest(reason) => write!(f, "the request could not be built: {reason}"),
            Error::BodyTooLarge { status, limit } => {
                write!(f, "the {status} response body is longer than the limit of {limit} bytes")
            }
            Error::Credentials(error) => write!(f, "{error}"),
            Error::Middleware(error) => write!(f, "a middleware failed the request: {error}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(error) | Error::Transport(error) => Some(error),
            Error::Decode(error) => Some(&**error),
            Error::Credentials(error) => Some(&**error),
            Error::Middleware(error) => Some(&**error),
            _ => None,
        }
    }
}

/// An error status from the server, with its headers and its complete body.
#[derive(Debug)]
pub struct ApiError<E> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) raw: Vec<u8>,
    pub(crate) body: Option<E>,
}

impl<E> ApiError<E> {
    /// An error response with this status, headers, raw body and decoded body (for callers' tests of
    /// their error handling).
    pub fn new(status: StatusCode, headers: HeaderMap, raw: impl Into<Vec<u8>>, body: Option<E>) -> Self {
        ApiError { status, headers, raw: raw.into(), body }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The complete body as text (invalid UTF-8 replaced), whatever its shape.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.raw)
    }

    /// The complete body bytes, as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw
    }

    /// The body decoded as the declared error type (whatever the status); `None` when the body
    /// does not have the declared shape (then [`text`](Self::text) has it).
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> Option<E> {
        self.body
    }

    /// How long the server asked to wait before trying again (`retry-after-ms`, else `Retry-After` in
    /// seconds or as an HTTP date), when it did and the time is still ahead.
    pub fn retry_after(&self) -> Option<Duration> {
        super::runtime::retry_after(&self.headers)
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        if !self.raw.is_empty() {
            write!(f, ": {}", super::runtime::snippet(&self.raw))?;
        }
        Ok(())
    }
}

/// A success response whose body did not match the expected type. It keeps the complete body, so a
/// caller can fall back to reading it another way.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) body: Vec<u8>,
}

impl DecodeError {
    /// A decoding failure at `path` (`.` for the top level) with this message, for a response with this
    /// status, headers and body (for callers' tests of their error handling).
    pub fn new(
        status: StatusCode,
        headers: HeaderMap,
        path: impl Into<String>,
        message: impl Into<String>,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        DecodeError { status, headers, path: path.into(), message: message.into(), body: body.into() }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Where in the JSON decoding failed, such as `data[3].createdAt` (`.` for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong at that place.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The complete body bytes, as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The complete body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The start of the body (up to 512 bytes), for messages.
    pub fn snippet(&self) -> String {
        super::runtime::snippet(&self.body)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the {} response body at `{}`: {} (body starts: {})",
            self.status,
            self.path,
            self.message,
            self.snippet()
        )
    }
}

impl std::error::Error for DecodeError {}
