//! Authentication and servers.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme};

use super::model::AuthScheme;
use super::types::TypeBuilder;
use crate::pointer::JsonPointer;

/// The scheme named first by the document's security requirements (or by any operation's), as the client
/// applies it. Schemes the client cannot apply (OAuth flows, OpenID Connect) give a warning.
pub fn auth_scheme(builder: &mut TypeBuilder<'_>) -> Option<AuthScheme> {
    let document = builder.document;
    let global = document.security.iter().flatten();
    // Operations by path, so that the choice does not depend on the order of keys in the document.
    let mut operations: Vec<_> = document.operations().collect();
    operations.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let per_operation = operations.into_iter().filter_map(|(_, _, operation)| operation.security.as_ref()).flatten();
    let name = global.chain(per_operation).flat_map(|requirement| requirement.keys()).next()?.clone();
    let at = JsonPointer::component("securitySchemes", &name);
    let scheme = document.components.as_ref().and_then(|components| components.security_schemes.get(&name));
    let scheme = match scheme {
        Some(ReferenceOr::Item(scheme)) => scheme,
        _ => {
            builder.warn(
                &at,
                format!("security scheme `{name}` is not defined inline; requests are sent without credentials"),
            );
            return None;
        }
    };
    match scheme {
        SecurityScheme::APIKey { location, name, .. } => Some(match location {
            APIKeyLocation::Header => AuthScheme::ApiKeyHeader(name.clone()),
            APIKeyLocation::Query => AuthScheme::ApiKeyQuery(name.clone()),
            APIKeyLocation::Cookie => AuthScheme::ApiKeyCookie(name.clone()),
        }),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Some(AuthScheme::Bearer),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Some(AuthScheme::Basic),
        // An OAuth2 or OpenID access token travels as a bearer token once the caller has obtained it.
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Some(AuthScheme::Bearer),
        SecurityScheme::HTTP { scheme, .. } => {
            builder.warn(
                &at,
                format!("HTTP auth scheme `{scheme}` is not supported; requests are sent without credentials"),
            );
            None
        }
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
