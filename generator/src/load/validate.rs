//! Checks on the raw document for mistakes the typed model lets through silently.
//!
//! `openapiv3` drops paths that do not start with `/` and response keys it cannot read as a status code
//! (`'abc'`, `'99'`), and accepts any three digits (`'600'`), so a typo would quietly lose operations or
//! responses. Every such key is reported at once.

use serde_json::Value;

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

pub(super) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every path that does not start with `/`, and every response key of an operation that is not
/// `default`, a status code from 100 to 599 or a range such as `4XX`.
pub(super) fn paths_and_status_codes(document: &Value, label: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(Value::Object(paths)) = document.get("paths") else { return problems };
    for (path, item) in paths {
        if !path.starts_with('/') && !path.starts_with("x-") {
            let pointer = JsonPointer::root().join("paths").join(path);
            problems.push(
                Diagnostic::new(label, pointer, format!("path `{path}` does not start with `/`"))
                    .with_hint(format!("write it as `/{path}`; paths are appended to the server URL")),
            );
            continue;
        }
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            let Some(Value::Object(responses)) = item.get(method).and_then(|operation| operation.get("responses"))
            else {
                continue;
            };
            let at = JsonPointer::root().join("paths").join(path).join(method).join("responses");
            for key in responses.keys().filter(|key| !key.starts_with("x-") && !is_status_key(key)) {
                problems.push(
                    Diagnostic::new(label, at.join(key), format!("`{key}` is not an HTTP status code")).with_hint(
                        "use a code from 100 to 599 (quoted in YAML: `'200'`), a range such as `4XX`, or `default`",
                    ),
                );
            }
        }
    }
    problems
}

fn is_status_key(key: &str) -> bool {
    if key == "default" {
        return true;
    }
    match key.as_bytes() {
        [b'1'..=b'5', rest @ ..] if rest.len() == 2 => {
            rest.iter().all(u8::is_ascii_digit) || rest.iter().all(|byte| byte.eq_ignore_ascii_case(&b'x'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn status_keys() {
        for good in ["200", "404", "599", "100", "2XX", "4xx", "default"] {
            assert!(is_status_key(good), "{good}");
        }
        for bad in ["abc", "99", "600", "2000", "20", "2X0", "", "Default", "0XX", "6XX"] {
            assert!(!is_status_key(bad), "{bad}");
        }
    }

    #[test]
    fn every_bad_key_is_reported_with_its_pointer() {
        let document = json!({"paths": {
            "/a": {"get": {"responses": {"200": {}, "abc": {}, "x-note": 1}}},
            "/b": {"post": {"responses": {"600": {}}}},
            "c": {"get": {"responses": {"200": {}}}}
        }});
        let pointers: Vec<String> =
            paths_and_status_codes(&document, "spec.yaml").iter().map(|problem| problem.pointer.to_string()).collect();
        assert_eq!(pointers, ["#/paths/~1a/get/responses/abc", "#/paths/~1b/post/responses/600", "#/paths/c"]);
    }
}
