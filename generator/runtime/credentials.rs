//! Credentials: what a request authenticates with, asked for before every attempt so that keys can
//! rotate and tokens refresh without rebuilding the client.
use std::fmt;
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
// @when auth-header auth-cookie auth-bearer auth-basic auth-scheme oauth2
use reqwest::header::HeaderValue;
// @end
// @when auth-bearer auth-basic auth-scheme oauth2
use reqwest::header::AUTHORIZATION;
// @end

use super::client::Client;
use super::error::BuildError;
use super::runtime::{BoxFuture, CONFIG, RequestParts, SendError};
// @when auth-header auth-query auth-cookie auth-bearer auth-basic auth-scheme oauth2
use super::runtime::Auth;
// @end

/// A credential value (API key, token, or `user:password` for HTTP basic), kept out of `Debug` output,
/// logs and errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Supplies the credential of one security scheme. The client asks for it before every attempt of every
/// request that uses the scheme, so an implementation can rotate keys or refresh tokens; it should cache
/// whatever is costly to obtain.
///
/// Implementations return a boxed future (`Box::pin(async move { .. })`), so no extra crate is needed.
pub trait Credentials: fmt::Debug + Send + Sync + 'static {
    /// The credential to send with the next attempt.
    fn secret(&self) -> BoxFuture<'_, Result<Secret, CredentialsError>>;

    /// Told that the server answered 401 to a request sent with `secret`. Returns whether a different
    /// credential may now be available (a refreshed token), in which case the request is sent once more.
    /// The default: `false`, for fixed keys.
    fn rejected<'a>(&'a self, secret: &'a Secret) -> BoxFuture<'a, bool> {
        let _ = secret;
        Box::pin(std::future::ready(false))
    }
}

impl<C: Credentials + ?Sized> Credentials for Arc<C> {
    fn secret(&self) -> BoxFuture<'_, Result<Secret, CredentialsError>> {
        (**self).secret()
    }

    fn rejected<'a>(&'a self, secret: &'a Secret) -> BoxFuture<'a, bool> {
        (**self).rejected(secret)
    }
}

/// A fixed API key (or bearer token, or `user:password` for HTTP basic): what
/// [`ClientBuilder::api_key`](super::ClientBuilder::api_key) sets.
#[derive(Clone)]
pub struct ApiKey(Secret);

impl ApiKey {
    /// The key, sent unchanged with every request.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(Secret::new(key))
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl Credentials for ApiKey {
    fn secret(&self) -> BoxFuture<'_, Result<Secret, CredentialsError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

/// Why credentials could not be obtained: from a [`Credentials`] implementation, or the OAuth2 token
/// endpoint's answer. Never contains the secret or a token.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
    status: Option<StatusCode>,
    oauth_error: Option<String>,
    oauth_error_description: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl CredentialsError {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
            status: None,
            oauth_error: None,
            oauth_error_description: None,
            source: None,
        }
    }

    /// An error caused by another one.
    pub fn with_source(message: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        CredentialsError { source: Some(Box::new(source)), ..CredentialsError::new(message) }
    }

    // @when oauth2
    /// The token endpoint's rejection: its status and the OAuth `error` and `error_description` fields.
    pub(crate) fn token_endpoint(status: StatusCode, oauth_error: Option<String>, description: Option<String>) -> Self {
        CredentialsError {
            status: Some(status),
            oauth_error,
            oauth_error_description: description,
            ..CredentialsError::new("the token endpoint refused the client credentials")
        }
    }
    // @end

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The token endpoint's status, when it answered with an error.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The OAuth `error` code from the token endpoint (`invalid_client`, `invalid_scope`, ...).
    pub fn oauth_error(&self) -> Option<&str> {
        self.oauth_error.as_deref()
    }

    /// The OAuth `error_description` from the token endpoint.
    pub fn oauth_error_description(&self) -> Option<&str> {
        self.oauth_error_description.as_deref()
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not obtain credentials: {}", self.message)?;
        if let Some(status) = self.status {
            write!(f, " (status {}", status.as_u16())?;
            if let Some(error) = &self.oauth_error {
                write!(f, ", {error}")?;
            }
            if let Some(description) = &self.oauth_error_description {
                write!(f, ": {description}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn std::error::Error + 'static))
    }
}

// @when oauth2
/// What credentials built with the client (OAuth2) need from it.
pub(crate) struct BuildContext<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) base_url: &'a reqwest::Url,
    pub(crate) timeout: std::time::Duration,
    /// OAuth2 scopes to request.
    pub(crate) scopes: &'a [String],
}

type Deferred = Box<dyn FnOnce(&BuildContext<'_>) -> Result<Arc<dyn Credentials>, BuildError> + Send>;
// @end

/// Where a scheme's credential comes from, as given to the builder.
pub(crate) enum CredentialSource {
    /// A fixed key, checked when the client is built.
    Key(ApiKey),
    /// The caller's implementation.
    Provider(Arc<dyn Credentials>),
    // @when oauth2
    /// Made when the client is built, from its HTTP client and base URL.
    Deferred(Deferred),
    // @end
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Key(key) => key.fmt(f),
            CredentialSource::Provider(provider) => provider.fmt(f),
            // @when oauth2
            CredentialSource::Deferred(_) => f.write_str("<built with the client>"),
            // @end
        }
    }
}

impl CredentialSource {
    pub(crate) fn resolve(
        self,
        // @when oauth2
        context: &BuildContext<'_>,
        // @end
    ) -> Result<Arc<dyn Credentials>, BuildError> {
        match self {
            CredentialSource::Key(key) => {
                reqwest::header::HeaderValue::from_str(key.0.expose()).map_err(|_| BuildError::InvalidApiKey)?;
                Ok(Arc::new(key))
            }
            CredentialSource::Provider(provider) => Ok(provider),
            // @when oauth2
            CredentialSource::Deferred(make) => make(context),
            // @end
        }
    }
}

impl Client {
    /// Adds the credentials of the first of the operation's accepted scheme sets that the client has
    /// credentials for (one with schemes before an empty one, which means anonymous access), asking each
    /// for its current secret. Returns the secrets to send, by scheme (see [`apply`]), also to report a 401
    /// to their credentials.
    pub(crate) async fn authenticate(&self, parts: &RequestParts) -> Result<Vec<(usize, Secret)>, SendError> {
        if parts.security.is_empty() {
            return Ok(Vec::new());
        }
        let configured = |set: &&&[usize]| set.iter().all(|&index| self.inner.credentials.get(index).is_some_and(Option::is_some));
        let chosen = parts
            .security
            .iter()
            .filter(|set| !set.is_empty())
            .find(configured)
            .or_else(|| parts.security.iter().find(|set| set.is_empty()));
        let Some(chosen) = chosen else {
            let names: Vec<String> = parts
                .security
                .iter()
                .map(|set| set.iter().map(|&index| format!("`{}`", CONFIG.schemes[index].name)).collect::<Vec<_>>().join(" and "))
                .collect();
            let message = format!("`{}` needs credentials for {}; none are set on the client", parts.operation, names.join(" or "));
            return Err(SendError::Credentials(CredentialsError::new(message)));
        };
        let mut used = Vec::with_capacity(chosen.len());
        for &index in *chosen {
            let Some(credentials) = self.inner.credentials.get(index).and_then(Option::as_ref) else { continue };
            let secret = credentials.secret().await.map_err(SendError::Credentials)?;
            used.push((index, secret));
        }
        Ok(used)
    }

    /// Tells the credentials that sent `used` that the server answered 401; whether any can now give a
    /// different secret, so that sending again is worthwhile.
    pub(crate) async fn rejected(&self, used: &[(usize, Secret)]) -> bool {
        let mut renewed = false;
        for (index, secret) in used {
            if let Some(credentials) = self.inner.credentials.get(*index).and_then(Option::as_ref) {
                renewed |= credentials.rejected(secret).await;
            }
        }
        renewed
    }
}

/// The URL and headers of one attempt, which credentials are added to.
pub(crate) struct Outgoing {
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
}

// @when auth-header auth-query auth-cookie auth-bearer auth-basic auth-scheme oauth2
/// Puts each credential where its scheme says, marking headers sensitive so `Debug` output leaves them out.
pub(crate) fn apply(used: &[(usize, Secret)], mut outgoing: Outgoing) -> Result<Outgoing, SendError> {
    for (index, secret) in used {
        let secret = secret.expose();
        match CONFIG.schemes[*index].auth {
            // @when auth-query
            Auth::Query(name) => {
                outgoing.url.query_pairs_mut().append_pair(name, secret);
            }
            // @end
            // @when auth-header
            Auth::Header(name) => {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| unsendable())?;
                outgoing.headers.insert(name, sensitive(secret)?);
            }
            // @end
            // @when auth-cookie
            Auth::Cookie(name) => {
                let cookie = format!("{name}={secret}");
                let cookies = match outgoing.headers.get(reqwest::header::COOKIE).and_then(|value| value.to_str().ok()) {
                    Some(existing) => format!("{existing}; {cookie}"),
                    None => cookie,
                };
                outgoing.headers.insert(reqwest::header::COOKIE, sensitive(&cookies)?);
            }
            // @end
            // @when auth-bearer
            Auth::Bearer => {
                outgoing.headers.insert(AUTHORIZATION, sensitive(&format!("Bearer {secret}"))?);
            }
            // @end
            // @when oauth2
            Auth::OAuth2 { .. } => {
                outgoing.headers.insert(AUTHORIZATION, sensitive(&format!("Bearer {secret}"))?);
            }
            // @end
            // @when auth-scheme
            Auth::Scheme(scheme) => {
                outgoing.headers.insert(AUTHORIZATION, sensitive(&format!("{scheme} {secret}"))?);
            }
            // @end
            // @when auth-basic
            Auth::Basic => {
                use base64::Engine as _;
                let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
                outgoing.headers.insert(AUTHORIZATION, sensitive(&format!("Basic {encoded}"))?);
            }
            // @end
        }
    }
    Ok(outgoing)
}

// @end

// @when auth-header auth-cookie auth-bearer auth-basic auth-scheme oauth2
fn unsendable() -> SendError {
    SendError::InvalidRequest("the credential cannot be sent in an HTTP header".to_owned())
}

/// A header value that `Debug` output leaves out.
fn sensitive(value: &str) -> Result<HeaderValue, SendError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| unsendable())?;
    value.set_sensitive(true);
    Ok(value)
}
// @end
