//! Repairs on the raw document for rule breaks that `openapiv3` cannot read but whose intent is plain.
//! Each repair leaves a warning (an error under `--strict`); see `docs/specs-that-break-the-rules.md`
//! for the policy.
//!
//! Swagger 2.0 described a parameter's type on the parameter itself (`type: integer`, `items`,
//! `collectionFormat`); OpenAPI 3 puts it in `schema`. Hand-converted specs keep the old form, which
//! leaves a parameter with neither `schema` nor `content`. When such a parameter carries those keywords
//! they are moved into `schema`, where they mean the same thing. A parameter with no type at all stays an
//! error: nothing says what it takes.

use serde_json::{Map, Value};

use super::validate::METHODS;
use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// The Swagger 2.0 parameter keywords that are JSON Schema keywords in a 3.0 `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Repairs every parameter of the document in place; one warning per repaired parameter.
pub(super) fn swagger2_parameters(document: &mut Value, label: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let root = JsonPointer::root();
    for section in ["paths", "webhooks", "x-webhooks"] {
        if let Some(Value::Object(items)) = document.get_mut(section) {
            for (name, item) in items.iter_mut() {
                path_item(item, &root.join(section).join(name), label, &mut warnings);
            }
        }
    }
    if let Some(Value::Object(components)) = document.get_mut("components") {
        let at = root.join("components");
        if let Some(Value::Object(parameters)) = components.get_mut("parameters") {
            for (name, parameter) in parameters.iter_mut() {
                repair(parameter, &at.join("parameters").join(name), label, &mut warnings);
            }
        }
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            for (name, item) in items.iter_mut() {
                path_item(item, &at.join("pathItems").join(name), label, &mut warnings);
            }
        }
    }
    warnings
}

fn path_item(item: &mut Value, at: &JsonPointer, label: &str, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(item) = item else { return };
    parameter_list(item, at, label, warnings);
    for method in METHODS {
        if let Some(Value::Object(operation)) = item.get_mut(method) {
            parameter_list(operation, &at.join(method), label, warnings);
        }
    }
}

fn parameter_list(owner: &mut Map<String, Value>, at: &JsonPointer, label: &str, warnings: &mut Vec<Diagnostic>) {
    if let Some(Value::Array(parameters)) = owner.get_mut("parameters") {
        for (index, parameter) in parameters.iter_mut().enumerate() {
            repair(parameter, &at.join("parameters").join(index), label, warnings);
        }
    }
}

fn repair(parameter: &mut Value, at: &JsonPointer, label: &str, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(parameter) = parameter else { return };
    if parameter.contains_key("$ref") || parameter.contains_key("schema") || parameter.contains_key("content") {
        return;
    }
    // Swagger 2.0 `body` and `formData` parameters have no OpenAPI 3 equivalent here; they stay errors.
    let location = parameter.get("in").and_then(Value::as_str);
    if !matches!(location, Some("path" | "query" | "header" | "cookie")) {
        return;
    }
    let moved: Vec<&str> = SCHEMA_KEYWORDS.iter().copied().filter(|key| parameter.contains_key(*key)).collect();
    if moved.is_empty() {
        return;
    }
    let mut schema = Map::new();
    for key in &moved {
        if let Some(value) = parameter.remove(*key) {
            schema.insert((*key).to_owned(), value);
        }
    }
    parameter.insert("schema".to_owned(), Value::Object(schema));
    let listed: Vec<String> = moved.iter().map(|key| format!("`{key}`")).collect();
    let mut message = format!(
        "parameter has no `schema` but Swagger 2.0 keywords beside it; moved {} into `schema`",
        listed.join(", ")
    );
    if let Some(format) = parameter.remove("collectionFormat") {
        message.push_str(&collection_format(parameter, &format));
    }
    warnings.push(
        Diagnostic::new(label, at.clone(), message)
            .with_hint("OpenAPI 3 describes a parameter's type under `schema`, e.g. `schema: {type: integer}`"),
    );
}

/// Swagger 2.0's `collectionFormat` as 3.0's `style` and `explode`; what the repair did, for the warning.
fn collection_format(parameter: &mut Map<String, Value>, format: &Value) -> String {
    let shown = format.as_str().map_or_else(|| format.to_string(), str::to_owned);
    let in_query = parameter.get("in").and_then(Value::as_str) == Some("query");
    let (style, explode) = match (format.as_str(), in_query) {
        // `csv` is every location's 3.0 default except an exploded query, so it needs no style of its own.
        (Some("csv"), false) | (None, _) => return format!("; dropped `collectionFormat: {shown}`"),
        (Some("csv"), true) => ("form", false),
        (Some("multi"), true) => ("form", true),
        (Some("ssv"), true) => ("spaceDelimited", false),
        (Some("pipes"), true) => ("pipeDelimited", false),
        _ => return format!("; dropped `collectionFormat: {shown}`, which OpenAPI 3 cannot express here"),
    };
    if parameter.contains_key("style") || parameter.contains_key("explode") {
        return format!("; dropped `collectionFormat: {shown}`, the parameter has its own `style`");
    }
    parameter.insert("style".to_owned(), Value::String(style.to_owned()));
    parameter.insert("explode".to_owned(), Value::Bool(explode));
    format!("; `collectionFormat: {shown}` became `style: {style}, explode: {explode}`")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn repaired(parameter: Value) -> (Value, Vec<String>) {
        let mut document = json!({"paths": {"/a": {"get": {"parameters": [parameter]}}}});
        let warnings = swagger2_parameters(&mut document, "spec.yaml");
        let parameter = document["paths"]["/a"]["get"]["parameters"][0].clone();
        (parameter, warnings.iter().map(|warning| format!("{} {}", warning.pointer, warning.message)).collect())
    }

    #[test]
    fn keywords_move_into_the_schema() {
        let (parameter, warnings) =
            repaired(json!({"name": "ids", "in": "query", "type": "array", "items": {"type": "integer"},
                "collectionFormat": "multi", "description": "Ids"}));
        assert_eq!(
            parameter,
            json!({"name": "ids", "in": "query", "description": "Ids", "style": "form", "explode": true,
                "schema": {"type": "array", "items": {"type": "integer"}}})
        );
        assert_eq!(
            warnings,
            ["#/paths/~1a/get/parameters/0 parameter has no `schema` but Swagger 2.0 keywords beside it; moved \
                 `type`, `items` into `schema`; `collectionFormat: multi` became `style: form, explode: true`"]
        );
    }

    #[test]
    fn collection_formats() {
        for (location, format, expected) in [
            ("query", json!("pipes"), json!({"style": "pipeDelimited", "explode": false})),
            ("query", json!("ssv"), json!({"style": "spaceDelimited", "explode": false})),
            ("query", json!("csv"), json!({"style": "form", "explode": false})),
            ("path", json!("csv"), json!({})),
            ("query", json!("tsv"), json!({})),
            ("header", json!("multi"), json!({})),
            ("query", json!(3), json!({})),
        ] {
            let (parameter, warnings) = repaired(
                json!({"name": "x", "in": location, "type": "array", "items": {"type": "string"}, "collectionFormat": format}),
            );
            let style: Map<String, Value> = parameter
                .as_object()
                .expect("object")
                .iter()
                .filter(|(key, _)| *key == "style" || *key == "explode")
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            assert_eq!(Value::Object(style), expected, "{location} {format}");
            assert!(parameter.get("collectionFormat").is_none());
            assert!(warnings[0].contains("collectionFormat"), "{warnings:?}");
        }
    }

    #[test]
    fn readable_parameters_are_left_alone() {
        for parameter in [
            json!({"name": "a", "in": "query", "schema": {"type": "string"}, "type": "integer"}),
            json!({"name": "a", "in": "query", "content": {"application/json": {}}}),
            json!({"$ref": "#/components/parameters/A"}),
            json!({"name": "a", "in": "query"}),
            json!({"name": "a", "in": "formData", "type": "string"}),
            json!("not a parameter"),
        ] {
            let (after, warnings) = repaired(parameter.clone());
            assert_eq!(after, parameter);
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    #[test]
    fn components_and_path_level_parameters_are_repaired() {
        let mut document = json!({
            "paths": {"/a": {"parameters": [{"name": "p", "in": "header", "type": "string"}]}},
            "components": {"parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 100}}}
        });
        let warnings = swagger2_parameters(&mut document, "spec.yaml");
        let pointers: Vec<String> = warnings.iter().map(|warning| warning.pointer.to_string()).collect();
        assert_eq!(pointers, ["#/paths/~1a/parameters/0", "#/components/parameters/Limit"]);
        assert_eq!(document["components"]["parameters"]["Limit"]["schema"], json!({"type": "integer", "maximum": 100}));
        assert_eq!(document["paths"]["/a"]["parameters"][0]["schema"], json!({"type": "string"}));
    }
}
