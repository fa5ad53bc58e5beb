//! OpenAPI 3.2 operations the typed model does not read: a path item's `query` operation and its
//! `additionalOperations` (a map from other HTTP method names to operations), read from the raw
//! document so they become methods like the others.

use std::collections::BTreeMap;

use openapiv3::Operation as SpecOperation;
use serde_json::Value;

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// The path item fields that hold operations: an `additionalOperations` key naming one of them (in any
/// case) would be a second operation for the same method.
const FIXED_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// One operation under `query` or `additionalOperations`.
#[derive(Debug)]
pub struct ExtraOperation {
    /// The method as the path item names it: `query`, or an `additionalOperations` key such as `COPY`.
    pub method: String,
    /// Where the operation is.
    pub pointer: JsonPointer,
    /// The operation.
    pub operation: SpecOperation,
}

/// The extra operations of each path, by the path's key in `paths`.
#[derive(Debug, Default)]
pub struct ExtraOperations {
    by_path: BTreeMap<String, Vec<ExtraOperation>>,
}

impl ExtraOperations {
    /// The extra operations of a path, in document order (`query` first).
    pub fn of(&self, path: &str) -> &[ExtraOperation] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every extra operation.
    pub fn all(&self) -> impl Iterator<Item = &ExtraOperation> {
        self.by_path.values().flatten()
    }
}

/// Reads the extra operations of an OpenAPI 3.2 document (none for earlier versions, whose path items
/// have no such fields). Returns them with the errors and warnings found on the way.
pub fn parse(raw: &Value, label: &str) -> (ExtraOperations, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut extra = ExtraOperations::default();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    if !crate::load::is_3_2(raw) {
        return (extra, errors, warnings);
    }
    let webhooks = raw.get("webhooks").and_then(Value::as_object).into_iter().flatten();
    for (name, item) in webhooks {
        for field in ["query", "additionalOperations"] {
            if item.get(field).is_some() {
                warnings.push(Diagnostic::new(
                    label,
                    JsonPointer::root().join("webhooks").join(name).join(field),
                    format!(
                        "webhook operations under `{field}` are not read; only the fixed methods describe payloads"
                    ),
                ));
            }
        }
    }
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else { return (extra, errors, warnings) };
    for (path, item) in paths {
        let path_at = JsonPointer::root().join("paths").join(path);
        let mut found = Vec::new();
        if let Some(operation) = item.get("query") {
            found.push(("query".to_owned(), path_at.join("query"), operation));
        }
        match item.get("additionalOperations") {
            None => {}
            Some(Value::Object(operations)) => {
                for (method, operation) in operations {
                    let at = path_at.join("additionalOperations").join(method);
                    match method_problem(method) {
                        Some(problem) => warnings.push(
                            Diagnostic::new(label, at, format!("`{method}` {problem}; the operation is skipped"))
                                .with_hint(
                                    "additionalOperations keys are HTTP method names other than the fixed fields",
                                ),
                        ),
                        None => found.push((method.clone(), at, operation)),
                    }
                }
            }
            Some(_) => errors.push(Diagnostic::new(
                label,
                path_at.join("additionalOperations"),
                "`additionalOperations` must be a mapping from HTTP method names to operations",
            )),
        }
        for (method, pointer, operation) in found {
            match serde_path_to_error::deserialize::<_, SpecOperation>(operation) {
                Ok(operation) => {
                    extra.by_path.entry(path.clone()).or_default().push(ExtraOperation { method, pointer, operation })
                }
                Err(error) => {
                    let mut at = pointer;
                    for token in error.path().iter().filter_map(path_token) {
                        at = at.join(token);
                    }
                    errors.push(Diagnostic::new(label, at, format!("invalid operation: {}", error.inner())));
                }
            }
        }
    }
    (extra, errors, warnings)
}

/// Why an `additionalOperations` key cannot be used as a method, if it cannot.
fn method_problem(method: &str) -> Option<&'static str> {
    // RFC 9110 `token` characters.
    let is_token_char = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if method.is_empty() || !method.bytes().all(is_token_char) {
        return Some("is not an HTTP method name");
    }
    FIXED_METHODS
        .iter()
        .any(|fixed| fixed.eq_ignore_ascii_case(method))
        .then_some("has a fixed field of its own in the path item")
}

/// A segment of a deserialisation error's path as a pointer token.
fn path_token(segment: &serde_path_to_error::Segment) -> Option<String> {
    match segment {
        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
        serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
        serde_path_to_error::Segment::Unknown => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document(paths: Value) -> Value {
        json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn reads_query_and_additional_operations() {
        let raw = document(json!({"/things": {
            "get": {"responses": {}},
            "query": {"operationId": "searchThings", "responses": {}},
            "additionalOperations": {"COPY": {"operationId": "copyThings", "responses": {}}}
        }}));
        let (extra, errors, warnings) = parse(&raw, "api.yaml");
        assert!(errors.is_empty() && warnings.is_empty());
        let found: Vec<_> = extra
            .of("/things")
            .iter()
            .map(|op| (op.method.as_str(), op.pointer.to_string(), op.operation.operation_id.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("query", "#/paths/~1things/query".to_owned(), Some("searchThings")),
                ("COPY", "#/paths/~1things/additionalOperations/COPY".to_owned(), Some("copyThings")),
            ]
        );
    }

    #[test]
    fn skips_fixed_and_invalid_method_names_with_a_warning() {
        let raw = document(json!({"/a": {"additionalOperations": {
            "Get": {"responses": {}}, "BAD METHOD": {"responses": {}}, "PURGE": {"responses": {}}
        }}}));
        let (extra, errors, warnings) = parse(&raw, "api.yaml");
        assert!(errors.is_empty());
        assert_eq!(extra.all().map(|op| op.method.as_str()).collect::<Vec<_>>(), ["PURGE"]);
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`Get` has a fixed field"), "{messages:?}");
        assert!(messages[1].contains("#/paths/~1a/additionalOperations/BAD METHOD"), "{messages:?}");
    }

    #[test]
    fn a_malformed_operation_is_an_error_at_its_pointer() {
        let raw = document(json!({"/a": {"query": {"responses": {}, "parameters": "none"}}}));
        let (_, errors, _) = parse(&raw, "api.yaml");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("#/paths/~1a/query/parameters"), "{}", errors[0]);
    }

    #[test]
    fn earlier_versions_have_no_extra_operations() {
        let mut raw = document(json!({"/a": {"query": {"responses": {}}}}));
        raw["openapi"] = json!("3.1.0");
        assert_eq!(parse(&raw, "api.yaml").0.all().count(), 0);
    }
}
