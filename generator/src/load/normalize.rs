//! Rewrites the raw document so that `openapiv3` (an OpenAPI 3.0 model) reads it without losing meaning:
//! OpenAPI 3.1 / JSON Schema 2020-12 forms become their 3.0 equivalents, and a few shapes that the typed
//! model would silently misread (`type: object` beside `oneOf`, `$ref` with siblings) are made explicit.
//!
//! Only schema positions are rewritten: example values and extensions are left alone, so a payload
//! example with a `type` or `const` key is never mistaken for a schema.

use serde_json::{Map, Value, json};

/// Keys under which a schema holds one sub-schema.
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    // The schema of a string's decoded content: read for server-sent event data (OpenAPI 3.2).
    "contentSchema",
];
/// Keys under which a schema holds a list of sub-schemas.
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keys under which a schema holds a map of sub-schemas.
const SCHEMA_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
/// Keys a `$ref` may carry without changing what it means.
const ANNOTATION_KEYS: &[&str] = &["$ref", "description", "summary", "title", "example", "examples", "$comment"];
/// Guards the recursion; real schemas are far shallower and the IR reports depth on its own.
const MAX_DEPTH: usize = 256;

/// Normalises every schema in the document and presents a 3.1 document as 3.0.
pub fn normalize(document: &mut Value) {
    let version = document.get("openapi").and_then(Value::as_str).unwrap_or_default();
    let (is_3_1, is_3_2) = (version.starts_with("3.1"), version.starts_with("3.2"));
    if let Some(object) = document.as_object_mut()
        && (is_3_1 || is_3_2)
    {
        // A 3.2 document keeps its version: the IR reads what 3.2 adds (`query`, `itemSchema`) only there.
        if is_3_1 {
            object.insert("openapi".to_owned(), json!("3.0.3"));
        }
        // Webhooks-only 3.1 and 3.2 documents may leave out `paths`, which 3.0 requires.
        object.entry("paths").or_insert_with(|| json!({}));
    }
    walk_document(document, 0);
}

/// Finds schemas in the non-schema parts of the document (operations, parameters, media types,
/// components).
fn walk_document(value: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(object) => {
            // Callbacks describe requests the server makes; a client has nothing to generate for them,
            // and their `$ref` form is not readable by the typed model.
            object.remove("callbacks");
            for (key, child) in object.iter_mut() {
                match key.as_str() {
                    "example" | "examples" => {}
                    // The 3.0 extension holds webhooks like 3.1's `webhooks`: their schemas are read too.
                    "x-webhooks" => walk_document(child, depth + 1),
                    key if key.starts_with("x-") => {}
                    // `itemSchema` (OpenAPI 3.2) describes each item of a sequential media type.
                    "schema" | "itemSchema" => normalize_schema(child, depth + 1),
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            schemas.values_mut().for_each(|schema| normalize_schema(schema, depth + 1));
                        }
                    }
                    _ => walk_document(child, depth + 1),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk_document(item, depth + 1)),
        _ => {}
    }
}

fn normalize_schema(schema: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    // JSON Schema booleans: `true` accepts anything, `false` nothing.
    match schema {
        Value::Bool(true) => *schema = json!({}),
        Value::Bool(false) => *schema = json!({"not": {}}),
        _ => {}
    }
    let Value::Object(object) = schema else { return };
    // Most schemas have a few keys and none of the rarer keywords: one pass over the keys says which fixes
    // can apply, where looking each keyword up would hash it.
    if has_any(object, &["$ref"]) {
        wrap_ref_with_siblings(object);
    }
    drop_ill_typed_keywords(object);
    if has_any(object, &["type"]) {
        type_list(object);
    }
    if has_any(object, &["const"]) {
        const_to_enum(object);
    }
    if has_any(object, &["exclusiveMinimum", "exclusiveMaximum", "minimum", "maximum", "multipleOf"]) {
        exclusive_bounds(object);
    }
    if has_any(object, &["examples"]) {
        examples_to_example(object);
    }
    if has_any(object, &["enum"]) {
        coerce_enum(object);
    }
    if has_any(object, SCHEMA_LIST_KEYS) {
        composition_beside_type(object);
    }
    for (key, child) in object.iter_mut() {
        let key = key.as_str();
        if SCHEMA_KEYS.contains(&key) {
            match child {
                // Draft-4 tuple `items: [..]` has no 3.0 form; any item is accepted.
                Value::Array(_) if key == "items" => *child = json!({}),
                // `additionalProperties: false` is already 3.0; only schema-valued booleans elsewhere differ.
                Value::Bool(_) if key == "additionalProperties" || key == "unevaluatedProperties" => {}
                _ => normalize_schema(child, depth + 1),
            }
        } else if SCHEMA_LIST_KEYS.contains(&key) {
            if let Value::Array(members) = child {
                members.iter_mut().for_each(|member| normalize_schema(member, depth + 1));
            }
        } else if SCHEMA_MAP_KEYS.contains(&key)
            && let Value::Object(members) = child
        {
            members.values_mut().for_each(|member| normalize_schema(member, depth + 1));
        }
    }
}

/// Whether the schema has any of `keys`.
fn has_any(object: &Map<String, Value>, keys: &[&str]) -> bool {
    object.keys().any(|key| keys.contains(&key.as_str()))
}

/// `{$ref: X, nullable: true}` and other constraints beside a `$ref` (ignored by 3.0 readers, meaningful
/// in 3.1) become `allOf: [{$ref: X}]` with the siblings, which the IR reads as "X, refined".
fn wrap_ref_with_siblings(object: &mut Map<String, Value>) {
    if !object.contains_key("$ref") || object.keys().all(|key| ANNOTATION_KEYS.contains(&key.as_str())) {
        return;
    }
    let reference = object.remove("$ref").unwrap_or(Value::Null);
    object.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
}

/// Validation keywords with a value of the wrong type (`pattern: 0`, `minLength: "5"`) say nothing the
/// generated code uses; they are dropped rather than failing the whole spec.
fn drop_ill_typed_keywords(object: &mut Map<String, Value>) {
    let strings = ["pattern", "format", "description", "title"];
    let counts = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];
    let flags = ["uniqueItems", "readOnly", "writeOnly", "nullable", "deprecated"];
    object.retain(|key, value| {
        let key = key.as_str();
        if strings.contains(&key) {
            value.is_string()
        } else if counts.contains(&key) {
            value.is_u64()
        } else if flags.contains(&key) {
            value.is_boolean()
        } else if key == "type" {
            value.is_string() || value.is_array()
        } else {
            true
        }
    });
    if let Some(required) = object.get_mut("required") {
        match required {
            Value::Array(names) => names.retain(Value::is_string),
            _ => {
                object.remove("required");
            }
        }
    }
}

/// `type: [T, "null"]` is `type: T, nullable: true`; `type: "null"` is a nullable schema with no type;
/// several non-null types accept any of them, which only a JSON value can hold.
fn type_list(object: &mut Map<String, Value>) {
    let types: Vec<String> = match object.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(single)) if single == "null" => vec!["null".to_owned()],
        _ => return,
    };
    let non_null: Vec<&String> = types.iter().filter(|name| *name != "null").collect();
    if non_null.len() < types.len() {
        object.insert("nullable".to_owned(), json!(true));
    }
    match non_null.as_slice() {
        [single] => {
            object.insert("type".to_owned(), json!(single));
        }
        _ => {
            object.remove("type");
        }
    }
}

/// `const: v` is a one-value enum (which keeps union tags recognisable); the type follows from the value
/// when the schema does not state one.
fn const_to_enum(object: &mut Map<String, Value>) {
    let Some(value) = object.remove("const") else { return };
    if !object.contains_key("type") {
        let inferred = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(inferred) = inferred {
            object.insert("type".to_owned(), json!(inferred));
        }
    }
    object.entry("enum").or_insert_with(|| json!([value]));
}

/// 3.1's numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum: true`.
fn exclusive_bounds(object: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        match object.get(exclusive) {
            Some(Value::Number(bound)) => {
                let bound = bound.clone();
                object.insert(inclusive.to_owned(), Value::Number(bound));
                object.insert(exclusive.to_owned(), json!(true));
            }
            Some(Value::Bool(_)) | None => {}
            Some(_) => {
                object.remove(exclusive);
            }
        }
    }
    for bound in ["minimum", "maximum", "multipleOf"] {
        if object.get(bound).is_some_and(|value| !value.is_number()) {
            object.remove(bound);
        }
    }
}

/// A schema's `examples` list (3.1) becomes the single 3.0 `example`.
fn examples_to_example(object: &mut Map<String, Value>) {
    if let Some(Value::Array(examples)) = object.remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        object.entry("example").or_insert(first);
    }
}

/// The typed model wants enum values of the schema's type: `type: string` with `enum: [1, "a"]` keeps
/// `"1"`, numeric enums drop values of other types, and an enum on an untyped schema is left alone.
fn coerce_enum(object: &mut Map<String, Value>) {
    let Some(kind) = object.get("type").and_then(Value::as_str).map(str::to_owned) else { return };
    let Some(Value::Array(values)) = object.get_mut("enum") else { return };
    let keep = |value: &Value| match kind.as_str() {
        "string" => Some(match value {
            Value::String(_) | Value::Null => value.clone(),
            Value::Bool(_) | Value::Number(_) => Value::String(value.to_string()),
            _ => return None,
        }),
        "integer" => (value.is_i64() || value.is_u64() || value.is_null()).then(|| value.clone()),
        "number" => (value.is_number() || value.is_null()).then(|| value.clone()),
        "boolean" => (value.is_boolean() || value.is_null()).then(|| value.clone()),
        _ => Some(value.clone()),
    };
    let coerced: Vec<Value> = values.iter().filter_map(keep).collect();
    if coerced.is_empty() {
        object.remove("enum");
    } else {
        *values = coerced;
    }
}

/// `type: object` beside `allOf`/`oneOf`/`anyOf` would make the typed model read a plain object and drop
/// the composition. Without the `type`, the composition is what is read; properties declared beside
/// `allOf` move into it as one more member, so they are merged rather than lost.
fn composition_beside_type(object: &mut Map<String, Value>) {
    let has = |key: &str| object.get(key).is_some_and(|value| value.as_array().is_some_and(|list| !list.is_empty()));
    let (all_of, one_of, any_of) = (has("allOf"), has("oneOf"), has("anyOf"));
    if !(all_of || one_of || any_of) {
        return;
    }
    if object.get("type").and_then(Value::as_str) == Some("object") {
        object.remove("type");
    }
    if all_of && !one_of && !any_of && object.contains_key("properties") {
        let mut own = Map::new();
        own.insert("type".to_owned(), json!("object"));
        for key in ["properties", "required", "additionalProperties"] {
            if let Some(value) = object.remove(key) {
                own.insert(key.to_owned(), value);
            }
        }
        if let Some(Value::Array(members)) = object.get_mut("allOf") {
            members.push(Value::Object(own));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(mut value: Value) -> Value {
        normalize_schema(&mut value, 0);
        value
    }

    #[test]
    fn type_lists_become_nullable_types() {
        assert_eq!(schema(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
        assert_eq!(schema(json!({"type": "null"})), json!({"nullable": true}));
        assert_eq!(schema(json!({"type": ["string", "integer"]})), json!({}));
    }

    #[test]
    fn const_becomes_a_typed_single_value_enum() {
        assert_eq!(schema(json!({"const": "card"})), json!({"type": "string", "enum": ["card"]}));
        assert_eq!(schema(json!({"type": "boolean", "const": true})), json!({"type": "boolean", "enum": [true]}));
    }

    #[test]
    fn numeric_exclusive_bounds_become_3_0_bounds() {
        assert_eq!(
            schema(json!({"type": "integer", "exclusiveMinimum": 0})),
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0})
        );
    }

    #[test]
    fn refs_with_constraints_become_all_of() {
        assert_eq!(
            schema(json!({"$ref": "#/components/schemas/Pet", "nullable": true})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Pet"}]})
        );
        let annotated = json!({"$ref": "#/components/schemas/Pet", "description": "The pet."});
        assert_eq!(schema(annotated.clone()), annotated);
    }

    #[test]
    fn properties_beside_all_of_are_merged_into_it() {
        let normalized = schema(json!({
            "type": "object",
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "properties": {"extra": {"type": ["integer", "null"]}},
            "required": ["extra"]
        }));
        assert_eq!(
            normalized,
            json!({"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {"extra": {"type": "integer", "nullable": true}}, "required": ["extra"]}
            ]})
        );
    }

    #[test]
    fn examples_and_extensions_are_not_schemas() {
        let mut document = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"Pet": {"type": "object", "example": {"type": ["a"], "const": 1}}}},
            "x-custom": {"schema": {"const": 1}}
        });
        normalize(&mut document);
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["paths"], json!({}));
        assert_eq!(document["components"]["schemas"]["Pet"]["example"], json!({"type": ["a"], "const": 1}));
        assert_eq!(document["x-custom"], json!({"schema": {"const": 1}}));
    }

    #[test]
    fn enums_are_coerced_to_their_type() {
        assert_eq!(
            schema(json!({"type": "string", "enum": ["a", 1, true]})),
            json!({"type": "string", "enum": ["a", "1", "true"]})
        );
        assert_eq!(schema(json!({"type": "integer", "enum": [1, "x"]})), json!({"type": "integer", "enum": [1]}));
    }
}
