//! OAuth2 client credentials (RFC 6749 §4.4): tokens fetched from the spec's token URL, cached, refreshed
//! shortly before they expire, one fetch shared by concurrent requests.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};

use super::client::ClientBuilder;
use super::credentials::{BuildContext, CredentialSource, Credentials, CredentialsError, Secret};
use super::error::BuildError;
use super::runtime::{Auth, BoxFuture, CONFIG, encode_path};

/// How long before its expiry a token is replaced, at most (and at most half its lifetime).
const REFRESH_MARGIN: Duration = Duration::from_secs(30);

impl ClientBuilder {
    /// Authenticates with OAuth2 client credentials: tokens are obtained from the spec's token URL
    /// (sending the client id and secret with HTTP basic authentication, which RFC 6749 §2.3.1 requires
    /// every server to accept), cached, and refreshed shortly before they expire or when the API answers
    /// 401. No API key is needed then.
    pub fn oauth2_client_credentials(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        let client_id = client_id.into();
        let client_secret = Secret::new(client_secret);
        let index = oauth2_scheme();
        self.scheme_source(
            index,
            CredentialSource::Deferred(Box::new(move |context: &BuildContext<'_>| {
                let token_url = match CONFIG.schemes[index].auth {
                    Auth::OAuth2 { token_url } => token_url,
                    // The other schemes of specs that have more than this one.
                    #[allow(unreachable_patterns)]
                    _ => unreachable_scheme(),
                };
                let token_url = context.base_url.join(token_url).map_err(|error| BuildError::InvalidBaseUrl {
                    url: token_url.to_owned(),
                    reason: format!("the OAuth2 token URL cannot be resolved against the base URL: {error}"),
                })?;
                let provider = ClientCredentials {
                    http: context.http.clone(),
                    token_url,
                    client_id,
                    client_secret,
                    scopes: context.scopes.join(" "),
                    timeout: context.timeout,
                    cache: tokio::sync::Mutex::new(None),
                };
                Ok(Arc::new(provider) as Arc<dyn Credentials>)
            })),
        )
    }

    /// The scopes to request tokens for (sent space-separated); without them, the server's default.
    pub fn oauth2_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.oauth2_scopes = scopes.into_iter().map(Into::into).collect();
        self
    }
}

/// The scheme `oauth2_client_credentials` configures: the first with a client-credentials flow (this
/// module is only generated when there is one).
fn oauth2_scheme() -> usize {
    CONFIG.schemes.iter().position(|scheme| matches!(scheme.auth, Auth::OAuth2 { .. })).unwrap_or_else(|| unreachable_scheme())
}

fn unreachable_scheme() -> ! {
    unreachable!("this module is generated only for specs with an OAuth2 client-credentials scheme")
}

/// A cached access token.
struct Token {
    secret: Secret,
    /// When to fetch a new one; `None` when the server gave no lifetime (then only a 401 replaces it).
    refresh_at: Option<Instant>,
}

/// Tokens from an OAuth2 token endpoint with the client-credentials grant.
pub(crate) struct ClientCredentials {
    http: reqwest::Client,
    token_url: reqwest::Url,
    client_id: String,
    client_secret: Secret,
    /// Space-separated, as sent; empty for the server's default.
    scopes: String,
    timeout: Duration,
    /// Held while a token is fetched, so concurrent requests wait for that one fetch.
    cache: tokio::sync::Mutex<Option<Token>>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// The token endpoint's JSON: a token (RFC 6749 §5.1) or an error (§5.2).
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<f64>,
    error: Option<String>,
    error_description: Option<String>,
}

impl ClientCredentials {
    async fn fetch(&self) -> Result<Token, CredentialsError> {
        // Appendix B: the id and secret are form-encoded before they are joined for basic authentication.
        use base64::Engine as _;
        let credentials = format!("{}:{}", encode_path(&self.client_id), encode_path(self.client_secret.expose()));
        let basic = base64::engine::general_purpose::STANDARD.encode(credentials);
        let mut authorization = HeaderValue::from_str(&format!("Basic {basic}"))
            .map_err(|_| CredentialsError::new("the client id or secret cannot be sent in a header"))?;
        authorization.set_sensitive(true);
        let mut body = "grant_type=client_credentials".to_owned();
        if !self.scopes.is_empty() {
            body.push_str("&scope=");
            body.push_str(&encode_path(&self.scopes));
        }
        let started = Instant::now();
        let response = self
            .http
            .post(self.token_url.clone())
            .header(AUTHORIZATION, authorization)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .timeout(self.timeout)
            .body(body)
            .send()
            .await
            .map_err(|error| CredentialsError::with_source("the token endpoint could not be reached", error.without_url()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|error| CredentialsError::with_source("the token endpoint's answer could not be read", error.without_url()))?;
        tracing::debug!(status = status.as_u16(), latency_ms = started.elapsed().as_millis() as u64, "OAuth2 token request");
        let parsed: Option<TokenResponse> = serde_json::from_slice(&bytes).ok();
        if !status.is_success() {
            let (error, description) = parsed.map(|body| (body.error, body.error_description)).unwrap_or_default();
            return Err(CredentialsError::token_endpoint(status, error, description));
        }
        let Some(TokenResponse { access_token: Some(token), token_type, expires_in, .. }) = parsed else {
            return Err(CredentialsError::new("the token endpoint's answer has no `access_token`"));
        };
        if let Some(kind) = token_type.filter(|kind| !kind.eq_ignore_ascii_case("bearer")) {
            return Err(CredentialsError::new(format!("the token endpoint issued a `{kind}` token; only bearer tokens are supported")));
        }
        let refresh_at = expires_in.and_then(|seconds| Duration::try_from_secs_f64(seconds).ok()).map(|lifetime| {
            let margin = REFRESH_MARGIN.min(lifetime / 2);
            started + (lifetime - margin)
        });
        Ok(Token { secret: Secret::new(token), refresh_at })
    }
}

impl Credentials for ClientCredentials {
    fn secret(&self) -> BoxFuture<'_, Result<Secret, CredentialsError>> {
        Box::pin(async move {
            let mut cache = self.cache.lock().await;
            if let Some(token) = cache.as_ref().filter(|token| token.refresh_at.is_none_or(|at| Instant::now() < at)) {
                return Ok(token.secret.clone());
            }
            let token = self.fetch().await?;
            let secret = token.secret.clone();
            *cache = Some(token);
            Ok(secret)
        })
    }

    fn rejected<'a>(&'a self, secret: &'a Secret) -> BoxFuture<'a, bool> {
        Box::pin(async move {
            let mut cache = self.cache.lock().await;
            // Another request may have replaced the token already; only the rejected one is dropped.
            if cache.as_ref().is_some_and(|token| &token.secret == secret) {
                *cache = None;
            }
            true
        })
    }
}
