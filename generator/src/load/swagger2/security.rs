//! Swagger 2.0 `securityDefinitions` as OpenAPI 3 security schemes, and `host`, `basePath` and
//! `schemes` as servers.

use serde_json::{Map, Value, json};

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// The OpenAPI 3 name of each Swagger 2.0 OAuth2 flow, and which URLs it has.
const FLOWS: [(&str, &str, bool, bool); 4] = [
    // (2.0 flow, 3.0 flow, has authorizationUrl, has tokenUrl)
    ("implicit", "implicit", true, false),
    ("password", "password", false, true),
    ("application", "clientCredentials", false, true),
    ("accessCode", "authorizationCode", true, true),
];

/// The OpenAPI 3 names of the flows, for the source map.
pub(super) const OPENAPI_FLOWS: [&str; 4] = [FLOWS[0].1, FLOWS[1].1, FLOWS[2].1, FLOWS[3].1];

/// One security definition as a security scheme; `None` (with a warning) when its type is unknown.
pub(super) fn security_scheme(
    definition: &Value,
    at: &JsonPointer,
    label: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let Value::Object(definition) = definition else {
        // Left for the OpenAPI 3 reader, which names the node that is not a mapping.
        return Some(definition.clone());
    };
    let mut scheme = Map::new();
    let kind = definition.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "basic" => {
            scheme.insert("type".to_owned(), json!("http"));
            scheme.insert("scheme".to_owned(), json!("basic"));
        }
        "apiKey" => {
            scheme.insert("type".to_owned(), json!("apiKey"));
            copy(definition, &mut scheme, &["name", "in"]);
        }
        "oauth2" => {
            scheme.insert("type".to_owned(), json!("oauth2"));
            let flow = definition.get("flow").and_then(Value::as_str).unwrap_or_default();
            let Some((_, name, authorization, token)) = FLOWS.iter().find(|(old, ..)| *old == flow) else {
                warnings.push(
                    Diagnostic::new(
                        label,
                        at.join("flow"),
                        format!("unknown OAuth2 flow `{flow}`; skipping this scheme"),
                    )
                    .with_hint("Swagger 2.0 flows are `implicit`, `password`, `application` and `accessCode`"),
                );
                return None;
            };
            let mut details = Map::new();
            if *authorization {
                copy(definition, &mut details, &["authorizationUrl"]);
            }
            if *token {
                copy(definition, &mut details, &["tokenUrl"]);
            }
            details.insert("scopes".to_owned(), definition.get("scopes").cloned().unwrap_or_else(|| json!({})));
            scheme.insert("flows".to_owned(), json!({ *name: details }));
        }
        _ => {
            warnings.push(
                Diagnostic::new(label, at.join("type"), format!("unknown security scheme type `{kind}`; skipping it"))
                    .with_hint("Swagger 2.0 security types are `basic`, `apiKey` and `oauth2`"),
            );
            return None;
        }
    }
    copy(definition, &mut scheme, &["description"]);
    for (key, value) in definition.iter().filter(|(key, _)| key.starts_with("x-")) {
        scheme.insert(key.clone(), value.clone());
    }
    Some(Value::Object(scheme))
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

/// The servers for `host`, `basePath` and `schemes` (of the document, or of one operation): one per
/// HTTP scheme, `https` first so a client defaults to it. Without a host the URL is the base path
/// alone, which the client resolves against the base URL it is given; with neither, no servers.
pub(super) fn servers(host: Option<&str>, base_path: Option<&str>, schemes: Option<&Value>) -> Vec<Value> {
    let base_path = base_path.unwrap_or_default().trim_end_matches('/');
    let Some(host) = host else {
        return if base_path.is_empty() { Vec::new() } else { vec![json!({"url": base_path})] };
    };
    let listed: Vec<&str> = match schemes {
        Some(Value::Array(schemes)) => schemes.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut http: Vec<&str> = ["https", "http"].into_iter().filter(|scheme| listed.contains(scheme)).collect();
    if http.is_empty() {
        http.push("https");
    }
    http.into_iter().map(|scheme| json!({"url": format!("{scheme}://{host}{base_path}")})).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth2_flows_take_their_openapi_3_names() {
        let mut warnings = Vec::new();
        let at = JsonPointer::root();
        let scheme =
            |definition: Value, warnings: &mut Vec<Diagnostic>| security_scheme(&definition, &at, "s", warnings);
        assert_eq!(
            scheme(
                json!({"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "read"}}),
                &mut warnings
            ),
            Some(
                json!({"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"r": "read"}}}})
            )
        );
        assert_eq!(
            scheme(
                json!({"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {}}),
                &mut warnings
            ),
            Some(json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}}))
        );
        assert_eq!(scheme(json!({"type": "basic"}), &mut warnings), Some(json!({"type": "http", "scheme": "basic"})));
        assert_eq!(
            scheme(json!({"type": "apiKey", "name": "X-Key", "in": "header"}), &mut warnings),
            Some(json!({"type": "apiKey", "name": "X-Key", "in": "header"}))
        );
        assert!(warnings.is_empty());
        assert_eq!(scheme(json!({"type": "oauth2", "flow": "device"}), &mut warnings), None);
        assert_eq!(warnings[0].pointer.to_string(), "#/flow");
    }

    #[test]
    fn servers_prefer_https_and_keep_the_base_path() {
        assert_eq!(
            servers(Some("api.example.com"), Some("/v1/"), Some(&json!(["http", "https", "ws"]))),
            [json!({"url": "https://api.example.com/v1"}), json!({"url": "http://api.example.com/v1"})]
        );
        assert_eq!(servers(Some("h"), None, None), [json!({"url": "https://h"})]);
        assert_eq!(servers(None, Some("/api"), None), [json!({"url": "/api"})]);
        assert!(servers(None, Some("/"), None).is_empty());
    }
}
