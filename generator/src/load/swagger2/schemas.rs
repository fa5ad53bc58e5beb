//! Swagger 2.0 schemas as OpenAPI 3.0 schemas: the few keywords that differ, and references.

use serde_json::{Map, Value};

/// Rewrites a Swagger 2.0 schema in place: `x-nullable` becomes `nullable`, a `discriminator` property
/// name becomes a Discriminator Object, `type: file` becomes binary text and `$ref`s to `#/definitions`
/// point into `#/components/schemas`.
pub(super) fn convert_schema(schema: &mut Value) {
    let Value::Object(object) = schema else { return };
    if let Some(Value::String(reference)) = object.get_mut("$ref") {
        *reference = rewrite_reference(reference);
    }
    if let Some(nullable) = object.remove("x-nullable") {
        object.entry("nullable").or_insert(nullable);
    }
    if let Some(Value::String(property)) = object.get("discriminator") {
        let mut discriminator = Map::new();
        discriminator.insert("propertyName".to_owned(), Value::String(property.clone()));
        object.insert("discriminator".to_owned(), Value::Object(discriminator));
    }
    if object.get("type").and_then(Value::as_str) == Some("file") {
        file_as_binary(object);
    }
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "definitions" => {
                if let Value::Object(members) = child {
                    members.values_mut().for_each(convert_schema);
                }
            }
            "items" | "additionalProperties" | "not" => convert_schema(child),
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(members) = child {
                    members.iter_mut().for_each(convert_schema);
                } else {
                    convert_schema(child);
                }
            }
            _ => {}
        }
    }
}

/// `type: file` (an upload or a download) as OpenAPI 3's binary string.
pub(super) fn file_as_binary(object: &mut Map<String, Value>) {
    object.insert("type".to_owned(), Value::String("string".to_owned()));
    object.insert("format".to_owned(), Value::String("binary".to_owned()));
}

/// Where OpenAPI 3 keeps what Swagger 2.0 kept at the top level: (3.0 prefix, 2.0 prefix).
pub(super) const RENAMED: [(&str, &str); 3] = [
    ("#/components/schemas", "#/definitions"),
    ("#/components/responses", "#/responses"),
    ("#/components/parameters", "#/parameters"),
];

/// A Swagger 2.0 reference as the OpenAPI 3 one naming the same thing; other references are unchanged.
pub(super) fn rewrite_reference(reference: &str) -> String {
    for (new, old) in RENAMED {
        if let Some(rest) = reference.strip_prefix(old).filter(|rest| rest.starts_with('/')) {
            return format!("{new}{rest}");
        }
    }
    reference.to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn swagger_keywords_become_openapi_3_keywords_at_every_depth() {
        let mut schema = json!({
            "type": "object",
            "discriminator": "kind",
            "properties": {
                "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                "photo": {"type": "file"},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}}
            },
            "allOf": [{"$ref": "#/definitions/Base"}]
        });
        convert_schema(&mut schema);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "discriminator": {"propertyName": "kind"},
                "properties": {
                    "owner": {"$ref": "#/components/schemas/Owner", "nullable": true},
                    "photo": {"type": "string", "format": "binary"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}
                },
                "allOf": [{"$ref": "#/components/schemas/Base"}]
            })
        );
    }
}
