//! OpenAPI 3.2 documents: the constructs a client uses are kept or rewritten into forms the typed model
//! reads, and everything else 3.2 adds is reported at its pointer instead of being dropped unseen.
//!
//! Kept for the IR, which reads them from the raw document: `query` and `additionalOperations` in path
//! items, `itemSchema` in media types. Rewritten: `in: querystring` parameters become `in: query` with
//! [`QUERYSTRING_MARKER`], `style: cookie` becomes `form`, media types that `$ref` into
//! `components/mediaTypes` are inlined.

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// The extension a rewritten `in: querystring` parameter carries, so that the IR sends its value as the
/// whole query string.
pub(crate) const QUERYSTRING_MARKER: &str = "x-openapi-client-gen-querystring";

/// Whether the document declares OpenAPI 3.2.
pub(crate) fn is_3_2(raw: &Value) -> bool {
    raw.get("openapi").and_then(Value::as_str).is_some_and(|version| version.starts_with("3.2."))
}

/// Rewrites the 3.2 constructs above and returns a warning for each addition the client cannot use.
pub(super) fn prepare(raw: &mut Value, label: &str) -> Vec<Diagnostic> {
    let mut prepare = Prepare { label, media_types: Map::new(), warnings: Vec::new() };
    if let Some(media_types) = raw.pointer("/components/mediaTypes").and_then(Value::as_object) {
        prepare.media_types = media_types.clone();
    }
    let root = JsonPointer::root();
    if raw.get("$self").is_some() {
        prepare.warn(
            root.join("$self"),
            "`$self` (the document's own URI) is not used: references are resolved against the file's location",
        );
    }
    if let Some(tags) = raw.get("tags").and_then(Value::as_array) {
        for (index, tag) in tags.iter().enumerate() {
            for field in ["parent", "kind", "summary"] {
                if tag.get(field).is_some() {
                    let at = root.join("tags").join(index).join(field);
                    prepare
                        .warn(at, format!("tag `{field}` is not used: the client groups operations by tag name only"));
                }
            }
        }
    }
    prepare.walk(raw, &root, Parent::Document);
    prepare.warnings
}

/// What holds the node being walked, for the checks that depend on where a node is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    /// Any other place in the document.
    Document,
    /// A `parameters` list or `components/parameters` map: its members are parameters.
    Parameters,
    /// A `content` map: its members are media types.
    Content,
    /// An `examples` map: its members are examples.
    Examples,
    /// A `servers` list.
    Servers,
    /// A `securitySchemes` map.
    SecuritySchemes,
    /// A `responses` map.
    Responses,
    /// A schema, in which only `discriminator` and `xml` are checked.
    Schema,
    /// A value (an example's), never a document object.
    Opaque,
}

struct Prepare<'a> {
    label: &'a str,
    /// `components/mediaTypes`, for inlining the media types that refer to them.
    media_types: Map<String, Value>,
    warnings: Vec<Diagnostic>,
}

/// Guards the recursion; real documents are far shallower.
const MAX_DEPTH: usize = 256;

impl Prepare<'_> {
    fn warn(&mut self, at: JsonPointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(self.label, at, message));
    }

    fn walk(&mut self, value: &mut Value, at: &JsonPointer, parent: Parent) {
        self.walk_at_depth(value, at, parent, 0);
    }

    fn walk_at_depth(&mut self, value: &mut Value, at: &JsonPointer, parent: Parent, depth: usize) {
        if depth > MAX_DEPTH || parent == Parent::Opaque {
            return;
        }
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let item_at = at.join(index);
                    let member = match parent {
                        Parent::Parameters | Parent::Servers => self.member(item, &item_at, parent),
                        Parent::Schema => Parent::Schema,
                        _ => Parent::Document,
                    };
                    self.walk_at_depth(item, &item_at, member, depth + 1);
                }
            }
            Value::Object(object) => {
                if parent == Parent::Schema {
                    self.check_schema(object, at);
                }
                for (key, child) in object.iter_mut() {
                    let child_at = at.join(key);
                    let child_parent = match (parent, key.as_str()) {
                        (_, key) if key.starts_with("x-") => continue,
                        // Values, not schemas or document objects.
                        (Parent::Schema, "example" | "examples" | "const" | "default" | "enum") => continue,
                        (Parent::Document, "example") => continue,
                        (Parent::Schema, _) => Parent::Schema,
                        (Parent::Content, _) => {
                            self.media_type(key, child, &child_at);
                            Parent::Document
                        }
                        (Parent::Parameters | Parent::Examples | Parent::SecuritySchemes | Parent::Responses, _) => {
                            self.member(child, &child_at, parent)
                        }
                        (_, "schema" | "itemSchema") => Parent::Schema,
                        // A map of schemas: each member is one.
                        (_, "schemas") => {
                            if let Value::Object(schemas) = child {
                                for (name, schema) in schemas.iter_mut() {
                                    self.walk_at_depth(schema, &child_at.join(name), Parent::Schema, depth + 2);
                                }
                            }
                            continue;
                        }
                        (_, "parameters") => Parent::Parameters,
                        (_, "content") => Parent::Content,
                        (_, "examples") => Parent::Examples,
                        (_, "servers") => Parent::Servers,
                        (_, "securitySchemes") => Parent::SecuritySchemes,
                        (_, "responses") => Parent::Responses,
                        _ => Parent::Document,
                    };
                    self.walk_at_depth(child, &child_at, child_parent, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Checks and rewrites one member of a list or map whose kind `parent` names; returns how its own
    /// children are walked.
    fn member(&mut self, member: &mut Value, at: &JsonPointer, parent: Parent) -> Parent {
        let Value::Object(object) = member else { return Parent::Document };
        match parent {
            Parent::Parameters => self.parameter(object, at),
            Parent::Examples => {
                for field in ["dataValue", "serializedValue"] {
                    if object.contains_key(field) {
                        self.warn(
                            at.join(field),
                            format!("example `{field}` is not used: the generated docs show an example's `value` only"),
                        );
                    }
                }
                return Parent::Opaque;
            }
            Parent::Servers if object.contains_key("name") => {
                self.warn(at.join("name"), "server `name` is not used: servers are chosen by their URL");
            }
            Parent::SecuritySchemes => {
                for field in ["deprecated", "oauth2MetadataUrl"] {
                    if object.contains_key(field) {
                        self.warn(at.join(field), format!("security scheme `{field}` is not used by the client"));
                    }
                }
                if object.get("flows").and_then(|flows| flows.get("deviceAuthorization")).is_some() {
                    self.warn(
                        at.join("flows").join("deviceAuthorization"),
                        "the OAuth2 device authorization flow is not run by the client; set a token with `Credentials`",
                    );
                }
            }
            Parent::Responses if object.contains_key("summary") => {
                self.warn(at.join("summary"), "response `summary` is not used: the generated docs use `description`");
            }
            _ => {}
        }
        Parent::Document
    }

    /// `in: querystring` and `style: cookie`, which the typed model cannot read, in their 3.0 forms.
    fn parameter(&mut self, parameter: &mut Map<String, Value>, at: &JsonPointer) {
        match parameter.get("in").and_then(Value::as_str) {
            Some("querystring") => {
                parameter.insert("in".to_owned(), Value::from("query"));
                parameter.insert(QUERYSTRING_MARKER.to_owned(), Value::Bool(true));
            }
            Some("cookie") if parameter.get("style").and_then(Value::as_str) == Some("cookie") => {
                parameter.insert("style".to_owned(), Value::from("form"));
                self.warn(
                    at.join("style"),
                    "`style: cookie` is sent as `style: form`: values are percent-encoded in the cookie",
                );
            }
            _ => {}
        }
    }

    /// A media type: a `$ref` into `components/mediaTypes` is inlined; encodings 3.2 adds are reported,
    /// as is an `itemSchema` of a request body (sent whole, as bytes).
    fn media_type(&mut self, name: &str, media: &mut Value, at: &JsonPointer) {
        if let Some(reference) = media.get("$ref").and_then(Value::as_str) {
            match reference.strip_prefix("#/components/mediaTypes/").and_then(|target| self.media_types.get(target)) {
                Some(target) => *media = target.clone(),
                None => self.warn(
                    at.join("$ref"),
                    format!("`{reference}` is not a media type under #/components/mediaTypes; the media type is empty"),
                ),
            }
        }
        let Value::Object(object) = media else { return };
        for field in ["itemEncoding", "prefixEncoding"] {
            if object.contains_key(field) {
                self.warn(
                    at.join(field),
                    format!("`{field}` is not used: `{name}` bodies are encoded with the media type's defaults"),
                );
            }
        }
        let in_request = at.tokens().any(|token| token == "requestBody" || token == "requestBodies");
        if in_request && object.contains_key("itemSchema") {
            self.warn(
                at.join("itemSchema"),
                format!("a streamed `{name}` request body is not generated as a stream; it is sent whole"),
            );
        }
    }

    /// `discriminator.defaultMapping` and `xml.nodeType`, which a JSON client has no use for.
    fn check_schema(&mut self, schema: &Map<String, Value>, at: &JsonPointer) {
        if schema.get("discriminator").and_then(|discriminator| discriminator.get("defaultMapping")).is_some() {
            self.warn(
                at.join("discriminator").join("defaultMapping"),
                "`defaultMapping` is not used: a payload with an unknown tag is kept as the union's unknown variant",
            );
        }
        if schema.get("xml").and_then(|xml| xml.get("nodeType")).is_some() {
            self.warn(at.join("xml").join("nodeType"), "`xml` settings are not used: the client reads and writes JSON");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pointers(warnings: &[Diagnostic]) -> Vec<String> {
        warnings.iter().map(|warning| warning.pointer.to_string()).collect()
    }

    #[test]
    fn rewrites_querystring_and_cookie_parameters() {
        let mut raw = json!({
            "openapi": "3.2.0",
            "paths": {"/a": {"get": {"parameters": [
                {"name": "q", "in": "querystring", "content": {"application/x-www-form-urlencoded": {"schema": {}}}},
                {"name": "c", "in": "cookie", "style": "cookie", "schema": {"type": "string"}}
            ]}}},
            "components": {"parameters": {"Q": {"name": "q", "in": "querystring", "content": {}}}}
        });
        let warnings = prepare(&mut raw, "api.yaml");
        assert_eq!(raw["paths"]["/a"]["get"]["parameters"][0]["in"], "query");
        assert_eq!(raw["paths"]["/a"]["get"]["parameters"][0][QUERYSTRING_MARKER], true);
        assert_eq!(raw["components"]["parameters"]["Q"]["in"], "query");
        assert_eq!(raw["paths"]["/a"]["get"]["parameters"][1]["style"], "form");
        assert_eq!(pointers(&warnings), ["#/paths/~1a/get/parameters/1/style"]);
    }

    #[test]
    fn inlines_component_media_types() {
        let mut raw = json!({
            "openapi": "3.2.0",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/jsonl": {"$ref": "#/components/mediaTypes/Lines"},
                "text/plain": {"$ref": "#/components/mediaTypes/Missing"}
            }}}}}},
            "components": {"mediaTypes": {"Lines": {"itemSchema": {"type": "integer"}}}}
        });
        let warnings = prepare(&mut raw, "api.yaml");
        let content = &raw["paths"]["/a"]["get"]["responses"]["200"]["content"];
        assert_eq!(content["application/jsonl"], json!({"itemSchema": {"type": "integer"}}));
        assert_eq!(pointers(&warnings), ["#/paths/~1a/get/responses/200/content/text~1plain/$ref"]);
    }

    #[test]
    fn warns_about_each_addition_the_client_cannot_use() {
        let mut raw = json!({
            "openapi": "3.2.0",
            "$self": "https://example.com/api.yaml",
            "servers": [{"url": "https://example.com", "name": "prod"}],
            "tags": [{"name": "a", "parent": "b", "kind": "nav"}],
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"application/jsonl": {"itemSchema": {}, "itemEncoding": {}}}},
                "responses": {"200": {"description": "ok", "summary": "fine", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/P"},
                    "examples": {"one": {"dataValue": {"a": 1}}}
                }}}}
            }}},
            "components": {
                "schemas": {"P": {"oneOf": [], "discriminator": {"propertyName": "k", "defaultMapping": "X"},
                    "properties": {"x": {"xml": {"nodeType": "attribute"}}}}},
                "securitySchemes": {"o": {"type": "oauth2", "deprecated": true,
                    "flows": {"deviceAuthorization": {"deviceAuthorizationUrl": "u", "tokenUrl": "t", "scopes": {}}}}}
            }
        });
        let mut found = pointers(&prepare(&mut raw, "api.yaml"));
        found.sort();
        assert_eq!(
            found,
            [
                "#/$self",
                "#/components/schemas/P/discriminator/defaultMapping",
                "#/components/schemas/P/properties/x/xml/nodeType",
                "#/components/securitySchemes/o/deprecated",
                "#/components/securitySchemes/o/flows/deviceAuthorization",
                "#/paths/~1a/post/requestBody/content/application~1jsonl/itemEncoding",
                "#/paths/~1a/post/requestBody/content/application~1jsonl/itemSchema",
                "#/paths/~1a/post/responses/200/content/application~1json/examples/one/dataValue",
                "#/paths/~1a/post/responses/200/summary",
                "#/servers/0/name",
                "#/tags/0/kind",
                "#/tags/0/parent",
            ]
        );
    }
}
