//! Swagger 2.0 documents, converted into OpenAPI 3.0 in the loader so that every later stage reads one
//! model. What the conversion moves is recorded in a source-map [`Layer`], so messages name the pointer
//! in the 2.0 document the user wrote.
//!
//! Parameters keep the keywords they share with OpenAPI 3 (`type`, `items`, `collectionFormat`...) moved
//! into `schema` by the same code that repairs hand-converted 3.x documents ([`super::repairs`]).

mod operations;
mod schemas;
mod security;

use serde_json::{Map, Value, json};

use super::source_map::Layer;
use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// The media type a Swagger 2.0 document means when it lists none in `consumes` or `produces`.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// Top-level Swagger 2.0 fields the conversion reads; any other key (not `x-`) is reported.
const KNOWN_FIELDS: &[&str] = &[
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];

/// Whether a parsed document is a Swagger 2.0 description (it has a `swagger` key).
pub(super) fn is_swagger(document: &Value) -> bool {
    document.get("swagger").is_some()
}

/// Converts a Swagger 2.0 document into an OpenAPI 3.0.3 one. Returns the document, where each part came
/// from, and warnings about what could not be carried over (with pointers into the 2.0 document).
pub(super) fn convert(document: &Value, label: &str) -> Result<(Value, Layer, Vec<Diagnostic>), Error> {
    let at_version = JsonPointer::root().join("swagger");
    // YAML reads an unquoted `swagger: 2.0` as a number, which means the same.
    let version = match document.get("swagger") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => other.to_string(),
        None => "none".to_owned(),
    };
    let Value::Object(source) = document else { return Err(Error::spec(unsupported(label, at_version, &version))) };
    if version != "2.0" {
        return Err(Error::spec(unsupported(label, at_version, &version)));
    }
    let mut converter = Converter::new(source, label);
    let converted = converter.document();
    for (converted, written) in schemas::RENAMED {
        converter.layer.rename(converted, written);
    }
    Ok((converted, converter.layer, converter.warnings))
}

fn unsupported(label: &str, at: JsonPointer, version: &str) -> Diagnostic {
    Diagnostic::new(label, at, format!("unsupported Swagger version `{version}`"))
        .with_hint("the generator reads Swagger 2.0 (`swagger: '2.0'`) and OpenAPI 3.0 and 3.1")
}

/// The conversion's state: the 2.0 document, the global media types, and what it records on the way.
struct Converter<'a> {
    source: &'a Map<String, Value>,
    label: &'a str,
    consumes: Vec<String>,
    produces: Vec<String>,
    layer: Layer,
    warnings: Vec<Diagnostic>,
}

impl<'a> Converter<'a> {
    fn new(source: &'a Map<String, Value>, label: &'a str) -> Self {
        let consumes = media_types(source.get("consumes")).unwrap_or_else(|| vec![DEFAULT_MEDIA_TYPE.to_owned()]);
        let produces = media_types(source.get("produces")).unwrap_or_else(|| vec![DEFAULT_MEDIA_TYPE.to_owned()]);
        Converter { source, label, consumes, produces, layer: Layer::default(), warnings: Vec::new() }
    }

    /// Records that `converted` was read at `original` in the 2.0 document.
    fn record(&mut self, converted: JsonPointer, original: JsonPointer) {
        self.layer.record(converted, None, original);
    }

    fn warn(&mut self, at: JsonPointer, message: String, hint: &str) {
        self.warnings.push(Diagnostic::new(self.label, at, message).with_hint(hint));
    }

    fn document(&mut self) -> Value {
        let root = JsonPointer::root();
        let mut out = Map::new();
        out.insert("openapi".to_owned(), json!("3.0.3"));
        self.record(root.join("openapi"), root.join("swagger"));
        for key in ["info", "tags", "externalDocs", "security"] {
            if let Some(value) = self.source.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        let servers = security::servers(
            self.source.get("host").and_then(Value::as_str),
            self.source.get("basePath").and_then(Value::as_str),
            self.source.get("schemes"),
        );
        if !servers.is_empty() {
            out.insert("servers".to_owned(), Value::Array(servers));
            let written = if self.source.contains_key("host") { "host" } else { "basePath" };
            self.record(root.join("servers"), root.join(written));
        }
        let paths = match self.source.get("paths") {
            Some(Value::Object(paths)) => Value::Object(self.paths(paths)),
            // Not a mapping: left for the OpenAPI 3 reader, which says what it expected.
            Some(other) => other.clone(),
            None => Value::Object(Map::new()),
        };
        out.insert("paths".to_owned(), paths);
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".to_owned(), Value::Object(components));
        }
        for (key, value) in self.source {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            } else if !KNOWN_FIELDS.contains(&key.as_str()) {
                self.warn(
                    root.join(key),
                    format!("`{key}` is not a Swagger 2.0 field; ignoring it"),
                    "custom fields start with `x-`",
                );
            }
        }
        Value::Object(out)
    }

    fn components(&mut self) -> Map<String, Value> {
        let root = JsonPointer::root();
        let mut components = Map::new();
        if let Some(Value::Object(definitions)) = self.source.get("definitions") {
            let mut converted = definitions.clone();
            converted.values_mut().for_each(schemas::convert_schema);
            components.insert("schemas".to_owned(), Value::Object(converted));
            self.record(root.join("components").join("schemas"), root.join("definitions"));
        }
        if let Some(Value::Object(parameters)) = self.source.get("parameters") {
            let mut converted = Map::new();
            for (name, parameter) in parameters {
                let at = root.join("parameters").join(name);
                // Body and form parameters become parts of request bodies where they are used.
                if matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                    continue;
                }
                let into = JsonPointer::component("parameters", name);
                let parameter = match parameter {
                    Value::Object(fields) => self.parameter(fields, &at),
                    other => other.clone(),
                };
                self.record(into.clone(), at.clone());
                if parameter.get("schema").is_some() {
                    self.record(into.join("schema"), at.clone());
                }
                converted.insert(name.clone(), parameter);
            }
            if !converted.is_empty() {
                components.insert("parameters".to_owned(), Value::Object(converted));
            }
        }
        if let Some(Value::Object(responses)) = self.source.get("responses") {
            let mut converted = Map::new();
            let produces = self.produces.clone();
            for (name, response) in responses {
                let at = root.join("responses").join(name);
                let into = JsonPointer::component("responses", name);
                converted.insert(name.clone(), self.response(response, &at, &into, &produces));
            }
            components.insert("responses".to_owned(), Value::Object(converted));
        }
        if let Some(Value::Object(definitions)) = self.source.get("securityDefinitions") {
            let mut schemes = Map::new();
            for (name, definition) in definitions {
                let at = root.join("securityDefinitions").join(name);
                if let Some(scheme) = security::security_scheme(definition, &at, self.label, &mut self.warnings) {
                    schemes.insert(name.clone(), scheme);
                    let into = JsonPointer::component("securitySchemes", name);
                    self.record(into.clone(), at.clone());
                    // Flow details were fields of the definition itself.
                    self.record(into.join("flows"), at.clone());
                    for flow in security::OPENAPI_FLOWS {
                        self.record(into.join("flows").join(flow), at.clone());
                    }
                }
            }
            components.insert("securitySchemes".to_owned(), Value::Object(schemes));
        }
        components
    }
}

/// A `consumes` or `produces` list; `None` when absent or empty (the enclosing level's list applies).
fn media_types(value: Option<&Value>) -> Option<Vec<String>> {
    let Some(Value::Array(types)) = value else { return None };
    let types: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    if types.is_empty() { None } else { Some(types) }
}

#[cfg(test)]
mod tests;
