//! Authentication and servers.

use super::model::{AuthScheme, Operation, SecurityScheme};
use super::types::TypeBuilder;
use crate::naming::{NameScope, value_name};
use crate::pointer::JsonPointer;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme as SpecScheme};

/// `ClientBuilder` methods a scheme's setter must not take.
const BUILDER_METHODS: &[&str] = &[
    "api_key",
    "base_url",
    "build",
    "credentials",
    "default",
    "http_client",
    "idempotency_header",
    "max_retries",
    "middleware_client",
    "oauth2_client_credentials",
    "oauth2_scopes",
    "retry_backoff",
    "scheme_credentials",
    "scheme_source",
    "timeout",
];

/// The schemes the security requirements name (the document's first, then each operation's, by path), in
/// the order first named: the first is the one the API key sets. Schemes the client cannot apply (OAuth2
/// without a client-credentials flow is a bearer token the caller obtains) give a warning and are left out.
pub fn security_schemes(builder: &mut TypeBuilder<'_>) -> Vec<SecurityScheme> {
    let document = builder.document;
    let global = document.security.iter().flatten();
    // Operations by path, so that the order does not depend on the order of keys in the document.
    let mut operations: Vec<_> = document.operations().collect();
    operations.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let per_operation = operations.into_iter().filter_map(|(_, _, operation)| operation.security.as_ref()).flatten();
    let mut names: Vec<&String> = Vec::new();
    for name in global.chain(per_operation).flat_map(|requirement| requirement.keys()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut setters = NameScope::with_reserved(BUILDER_METHODS);
    let mut schemes = Vec::new();
    for name in names {
        if let Some(kind) = scheme_kind(builder, name) {
            let rust_name = setters.claim(&value_name(name, "scheme"));
            schemes.push(SecurityScheme { name: name.clone(), rust_name, kind });
        }
    }
    schemes
}

fn scheme_kind(builder: &mut TypeBuilder<'_>, name: &str) -> Option<AuthScheme> {
    let document = builder.document;
    let at = JsonPointer::component("securitySchemes", name);
    let scheme = document.components.as_ref().and_then(|components| components.security_schemes.get(name));
    let scheme = match scheme {
        Some(ReferenceOr::Item(scheme)) => scheme,
        _ => {
            builder.warn(&at, format!("security scheme `{name}` is not defined inline; requests are sent without it"));
            return None;
        }
    };
    match scheme {
        SpecScheme::APIKey { location, name, .. } => Some(match location {
            APIKeyLocation::Header => AuthScheme::ApiKeyHeader(name.clone()),
            APIKeyLocation::Query => AuthScheme::ApiKeyQuery(name.clone()),
            APIKeyLocation::Cookie => AuthScheme::ApiKeyCookie(name.clone()),
        }),
        SpecScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Some(AuthScheme::Bearer),
        SpecScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Some(AuthScheme::Basic),
        SpecScheme::OAuth2 { flows, .. } => Some(match &flows.client_credentials {
            Some(flow) => AuthScheme::OAuth2ClientCredentials { token_url: flow.token_url.clone() },
            // Other flows need a user; the caller obtains the token and the client sends it as a bearer token.
            None => AuthScheme::Bearer,
        }),
        SpecScheme::OpenIDConnect { .. } => Some(AuthScheme::Bearer),
        SpecScheme::HTTP { scheme, .. } => match scheme.trim() {
            // RFC 9110 auth schemes are tokens; anything else cannot be written in the header.
            token if !token.is_empty() && token.bytes().all(is_token_byte) => {
                builder.warn(
                    &at,
                    format!(
                        "HTTP auth scheme `{token}` is not computed by the client; set credentials for `{name}` that \
                         return what follows `Authorization: {token} `"
                    ),
                );
                Some(AuthScheme::HttpScheme(token.to_owned()))
            }
            _ => {
                builder.warn(
                    &at,
                    format!("HTTP auth scheme `{scheme}` is not a valid scheme name; requests are sent without it"),
                );
                None
            }
        },
    }
}

/// Drops requirement sets naming a scheme the client cannot apply (warned about already): an operation
/// whose every set is dropped is sent without credentials.
pub fn keep_applicable_requirements(operations: &mut [Operation], schemes: &[SecurityScheme]) {
    for operation in operations {
        operation.security.retain(|set| set.iter().all(|name| schemes.iter().any(|scheme| &scheme.name == name)));
    }
}

/// The first server's URL with its variables set to their defaults, when it is absolute.
pub fn default_base_url(document: &OpenAPI) -> Result<Option<String>, String> {
    let Some(server) = document.servers.first() else { return Ok(None) };
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.contains('{') {
        return Err(format!(
            "server URL `{}` has variables without defaults; set the base URL on the client builder",
            server.url
        ));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Ok(None);
    }
    Ok(Some(url.trim_end_matches('/').to_owned()))
}

/// Whether a byte may appear in an HTTP token (RFC 9110 `tchar`).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}
