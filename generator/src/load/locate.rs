//! Where a document that `openapiv3` cannot read goes wrong, and what to say about it.
//!
//! `serde_path_to_error` loses track inside `#[serde(flatten)]` fields and untagged enums, which
//! `openapiv3` uses for paths, responses, every `$ref`-or-object position and schemas; left alone, a bad
//! response deep in an operation is reported at `#/paths`. So the failing node is searched for: each
//! node on the way down is deserialized on its own, as the type the model gives it, and the deepest one
//! that fails is reported, with serde's message reworded for people who write YAML rather than Rust.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::pointer::JsonPointer;

/// What a node of the document is, as far as the typed model is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityScheme,
    /// A mapping from names to nodes of one kind.
    Map(&'static Kind),
    /// A list of nodes of one kind.
    List(&'static Kind),
}

impl Kind {
    /// The object's name in the OpenAPI specification.
    fn spec_name(self) -> String {
        match self {
            Kind::Document => "OpenAPI Object".to_owned(),
            Kind::Components => "Components Object".to_owned(),
            Kind::Paths => "Paths Object".to_owned(),
            Kind::PathItem => "Path Item Object".to_owned(),
            Kind::Operation => "Operation Object".to_owned(),
            Kind::Parameter => "Parameter Object".to_owned(),
            Kind::RequestBody => "Request Body Object".to_owned(),
            Kind::Responses => "Responses Object".to_owned(),
            Kind::Response => "Response Object".to_owned(),
            Kind::MediaType => "Media Type Object".to_owned(),
            Kind::Header => "Header Object".to_owned(),
            Kind::Schema => "Schema Object".to_owned(),
            Kind::SecurityScheme => "Security Scheme Object".to_owned(),
            Kind::Map(member) => format!("mapping from names to {}s", member.spec_name()),
            Kind::List(member) => format!("list of {}s", member.spec_name()),
        }
    }

    /// Whether the position also accepts a `{$ref: ...}` object in place of the node.
    fn may_be_ref(self) -> bool {
        matches!(
            self,
            Kind::PathItem
                | Kind::Parameter
                | Kind::RequestBody
                | Kind::Response
                | Kind::Header
                | Kind::Schema
                | Kind::SecurityScheme
        )
    }
}

/// A failure of the typed model, located.
#[derive(Debug)]
pub(super) struct Located {
    pub pointer: JsonPointer,
    pub message: String,
    pub hint: String,
}

/// Finds the deepest node of `document` that the typed model rejects. `None` if every node reads
/// (the caller then falls back to serde's own location).
pub(super) fn locate(document: &Value) -> Option<Located> {
    let (pointer, message, kind, node) = deepest(Kind::Document, document, JsonPointer::root())?;
    let (message, hint) = describe(&message, kind);
    // An unknown enum value (`in: body`, `type: strin`) belongs to the key holding it, when serde
    // could not say which one that is.
    let pointer = match (unknown_variant(&message), node) {
        (Some(variant), Value::Object(object)) => object
            .iter()
            .find(|(_, value)| value.as_str() == Some(variant))
            .map_or(pointer.clone(), |(key, _)| pointer.join(key)),
        _ => pointer,
    };
    Some(Located { pointer, message, hint })
}

fn deepest(kind: Kind, value: &Value, at: JsonPointer) -> Option<(JsonPointer, String, Kind, &Value)> {
    let failed = failure(kind, value);
    // A mapping or list of the right shape can still hold members that fail.
    if failed.is_none() && !matches!(kind, Kind::Map(_) | Kind::List(_)) {
        return None;
    }
    for (token, child_kind, child) in children(kind, value) {
        if let Some(found) = deepest(child_kind, child, at.join(token)) {
            return Some(found);
        }
    }
    let (relative, message) = failed?;
    let node = relative.tokens().try_fold(value, |node, token| match node {
        Value::Object(object) => object.get(&token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|index| items.get(index)),
        _ => None,
    });
    let pointer = relative.tokens().fold(at, |pointer, token| pointer.join(token));
    Some((pointer, message, kind, node.unwrap_or(value)))
}

/// Deserializes one node as its kind; the error's path (relative to the node) and message if that fails.
fn failure(kind: Kind, value: &Value) -> Option<(JsonPointer, String)> {
    if kind.may_be_ref()
        && let Some(reference) = value.get("$ref")
    {
        return match reference {
            Value::String(_) => None,
            _ => {
                Some((JsonPointer::root().join("$ref"), format!("`$ref` must be a string, not {}", kind_of(reference))))
            }
        };
    }
    match kind {
        Kind::Document => read::<openapiv3::OpenAPI>(value),
        Kind::Components => read::<openapiv3::Components>(value),
        Kind::Paths => read::<openapiv3::Paths>(value),
        Kind::PathItem => read::<openapiv3::PathItem>(value),
        Kind::Operation => read::<openapiv3::Operation>(value),
        Kind::Parameter => read::<openapiv3::Parameter>(value),
        Kind::RequestBody => read::<openapiv3::RequestBody>(value),
        Kind::Responses => read::<openapiv3::Responses>(value),
        Kind::Response => read::<openapiv3::Response>(value),
        Kind::MediaType => read::<openapiv3::MediaType>(value),
        Kind::Header => read::<openapiv3::Header>(value),
        Kind::Schema => read::<openapiv3::Schema>(value),
        Kind::SecurityScheme => read::<openapiv3::SecurityScheme>(value),
        Kind::Map(_) => read::<Map<String, Value>>(value),
        Kind::List(_) => read::<Vec<Value>>(value),
    }
}

fn read<T: DeserializeOwned>(value: &Value) -> Option<(JsonPointer, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|error| (super::parse::pointer_of(error.path()), error.inner().to_string()))
}

/// The nodes below `value` that the typed model reads as a kind of their own.
fn children(kind: Kind, value: &Value) -> Vec<(String, Kind, &Value)> {
    const OPERATIONS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let fields: &[(&str, Kind)] = match kind {
        Kind::Document => &[("paths", Kind::Paths), ("components", Kind::Components)],
        Kind::Components => &[
            ("schemas", Kind::Map(&Kind::Schema)),
            ("responses", Kind::Map(&Kind::Response)),
            ("parameters", Kind::Map(&Kind::Parameter)),
            ("requestBodies", Kind::Map(&Kind::RequestBody)),
            ("headers", Kind::Map(&Kind::Header)),
            ("securitySchemes", Kind::Map(&Kind::SecurityScheme)),
        ],
        Kind::PathItem => &[("parameters", Kind::List(&Kind::Parameter))],
        Kind::Operation => &[
            ("parameters", Kind::List(&Kind::Parameter)),
            ("requestBody", Kind::RequestBody),
            ("responses", Kind::Responses),
        ],
        Kind::Parameter | Kind::Header => &[("schema", Kind::Schema), ("content", Kind::Map(&Kind::MediaType))],
        Kind::RequestBody => &[("content", Kind::Map(&Kind::MediaType))],
        Kind::Response => &[("headers", Kind::Map(&Kind::Header)), ("content", Kind::Map(&Kind::MediaType))],
        Kind::MediaType => &[("schema", Kind::Schema)],
        Kind::Schema => &[
            ("properties", Kind::Map(&Kind::Schema)),
            ("items", Kind::Schema),
            ("not", Kind::Schema),
            ("allOf", Kind::List(&Kind::Schema)),
            ("oneOf", Kind::List(&Kind::Schema)),
            ("anyOf", Kind::List(&Kind::Schema)),
        ],
        Kind::Paths | Kind::Responses | Kind::SecurityScheme | Kind::Map(_) | Kind::List(_) => &[],
    };
    let mut found = Vec::new();
    if kind.may_be_ref() && value.get("$ref").is_some() {
        return found;
    }
    match (kind, value) {
        (Kind::Map(member), Value::Object(object)) => {
            found.extend(object.iter().map(|(key, child)| (key.clone(), *member, child)));
        }
        (Kind::List(member), Value::Array(items)) => {
            found.extend(items.iter().enumerate().map(|(index, child)| (index.to_string(), *member, child)));
        }
        (Kind::Paths, Value::Object(object)) => found.extend(
            object
                .iter()
                .filter(|(key, _)| !key.starts_with("x-"))
                .map(|(key, child)| (key.clone(), Kind::PathItem, child)),
        ),
        (Kind::Responses, Value::Object(object)) => found.extend(
            object
                .iter()
                .filter(|(key, _)| !key.starts_with("x-"))
                .map(|(key, child)| (key.clone(), Kind::Response, child)),
        ),
        (Kind::PathItem, Value::Object(object)) => found.extend(
            OPERATIONS.iter().filter_map(|method| Some((method.to_string(), Kind::Operation, object.get(*method)?))),
        ),
        (Kind::Schema, Value::Object(object)) => {
            if let Some(extra @ Value::Object(_)) = object.get("additionalProperties") {
                found.push(("additionalProperties".to_owned(), Kind::Schema, extra));
            }
        }
        _ => {}
    }
    if let Value::Object(object) = value {
        found.extend(fields.iter().filter_map(|(field, kind)| Some((field.to_string(), *kind, object.get(*field)?))));
    }
    found
}

fn unknown_variant(message: &str) -> Option<&str> {
    message.strip_prefix("unknown value `")?.split_once('`').map(|(variant, _)| variant)
}

/// Serde's wording (`invalid type: sequence, expected struct Responses`) in the document's terms.
fn describe(message: &str, kind: Kind) -> (String, String) {
    let see = format!("see the {} in the OpenAPI 3.0 specification", kind.spec_name());
    let see = match kind {
        Kind::Map(_) | Kind::List(_) => format!("this is a {}", kind.spec_name()),
        _ => see,
    };
    if let Some(field) = message.strip_prefix("missing field ") {
        return (format!("missing required field {field}"), format!("add {field} here; {see}"));
    }
    if message.starts_with("`$ref` must be a string") {
        return (
            message.to_owned(),
            "write the reference as a string, e.g. `$ref: '#/components/schemas/Pet'`".to_owned(),
        );
    }
    if let Some((found, expected)) =
        message.strip_prefix("invalid type: ").and_then(|rest| rest.split_once(", expected "))
    {
        // `expected struct Info` names the object better than the node's parent does.
        let see = match expected.strip_prefix("struct ") {
            Some(name) => format!("see the {} Object in the OpenAPI 3.0 specification", spaced(name)),
            None => see,
        };
        return (format!("expected {}, found {}", expected_text(expected), found_text(found)), see);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return (format!("invalid value {}, expected {}", found_text(found), expected_text(expected)), see);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (variant, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let message = match expected {
            "" => format!("unknown value {variant}"),
            expected => format!("unknown value {variant}, expected {expected}"),
        };
        let hint = match variant {
            "`body`" | "`formData`" => {
                "`in: body` and `in: formData` are Swagger 2.0; in OpenAPI 3 the operation's `requestBody` holds the body"
                    .to_owned()
            }
            _ => see,
        };
        return (message, hint);
    }
    if message.starts_with("no variant of enum ParameterSchemaOrContent") {
        let what = if kind == Kind::Header { "a header" } else { "a parameter" };
        return (
            format!("{what} needs a `schema` (or a `content` map)"),
            "add its type, e.g. `schema: {type: string}`".to_owned(),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum")
        || message.starts_with("no variant of enum")
    {
        return (format!("this is not a valid {}", kind.spec_name()), see);
    }
    (message.to_owned(), see)
}

fn expected_text(expected: &str) -> String {
    match expected {
        "a map" => "a mapping".to_owned(),
        "a sequence" => "a list".to_owned(),
        other => match other.strip_prefix("struct ") {
            Some(name) => format!("a mapping (the {} Object)", spaced(name)),
            None => other.to_owned(),
        },
    }
}

/// `RequestBody` → `Request Body`, as the specification names its objects.
fn spaced(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.char_indices() {
        if index > 0 && c.is_ascii_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn found_text(found: &str) -> String {
    match found {
        "sequence" => "a list".to_owned(),
        "map" => "a mapping".to_owned(),
        "null" | "unit value" => "null".to_owned(),
        other => match other.split_once(' ') {
            Some(("integer" | "floating", value)) => format!("the number {}", value.trim_start_matches("point ")),
            Some(("string", value)) => format!("the string {value}"),
            Some(("boolean", value)) => value.to_owned(),
            _ => other.to_owned(),
        },
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn located(document: Value) -> (String, String) {
        let found = locate(&document).expect("an error");
        (found.pointer.to_string(), found.message)
    }

    fn spec(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn errors_inside_paths_are_located_at_the_node() {
        let responses_list = spec(json!({"/a": {"get": {"responses": ["200"]}}}));
        assert_eq!(
            located(responses_list),
            (
                "#/paths/~1a/get/responses".to_owned(),
                "expected a mapping (the Responses Object), found a list".to_owned()
            )
        );
        let body = spec(json!({"/a": {"post": {"parameters": [{"name": "p", "in": "body"}], "responses": {}}}}));
        assert_eq!(located(body).0, "#/paths/~1a/post/parameters/0/in");
        let deep = spec(json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"type": "object", "properties": {"p": {"type": "array", "items": {"properties": 5}}}}}
        }}}}}}));
        assert_eq!(
            located(deep).0,
            "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/p/items/properties"
        );
    }

    #[test]
    fn missing_fields_are_reported_at_the_object_lacking_them() {
        assert_eq!(
            located(json!({"openapi": "3.0.3", "paths": {}})),
            ("#".to_owned(), "missing required field `info`".to_owned())
        );
        let (pointer, message) = located(spec(json!({"/a": {"get": {"operationId": "a"}}})));
        assert_eq!((pointer.as_str(), message.as_str()), ("#/paths/~1a/get", "missing required field `responses`"));
    }

    #[test]
    fn a_ref_that_is_not_a_string_is_named() {
        let document = spec(json!({"/a": {"get": {"responses": {"200": {"$ref": 5}}}}}));
        assert_eq!(
            located(document),
            ("#/paths/~1a/get/responses/200/$ref".to_owned(), "`$ref` must be a string, not a number".to_owned())
        );
    }
}
