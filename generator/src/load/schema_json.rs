//! `openapiv3` schemas built from JSON by hand, with exactly the meaning its serde impls give them.
//!
//! `openapiv3` reads every `ReferenceOr<Schema>` as an untagged enum, so serde first buffers the node's
//! whole subtree and then reads each nested schema from that buffer, cloning the subtree again at
//! every level: the work grows with depth times size. Here each node is read once, by move. What this
//! reader does not expect (a value of the wrong type, a schema that is not a mapping) is handed to
//! `openapiv3`'s own impls for that node, so errors and odd shapes read exactly as before.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringType, Type,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

/// Nesting past this is handed to serde whole: real schemas are far shallower, and the limit keeps
/// the recursion's stack use bounded.
const MAX_DEPTH: usize = 64;

/// A schema or a reference, as `ReferenceOr<Schema>`'s `Deserialize` reads it.
pub(super) fn reference_or_schema(value: Value) -> Result<ReferenceOr<Schema>, serde_json::Error> {
    read(value, 0)
}

fn read(value: Value, depth: usize) -> Result<ReferenceOr<Schema>, serde_json::Error> {
    let object = match value {
        Value::Object(object) if depth < MAX_DEPTH => object,
        other => return serde_json::from_value(other),
    };
    match object.get("$ref") {
        // A string `$ref` wins over any sibling keyword, as in `openapiv3`.
        Some(Value::String(_)) => {
            let mut object = object;
            let Some(Value::String(reference)) = object.swap_remove("$ref") else { unreachable!("checked above") };
            Ok(ReferenceOr::Reference { reference })
        }
        Some(_) => serde_json::from_value(Value::Object(object)),
        None => schema(object, depth).map(ReferenceOr::Item),
    }
}

fn boxed(value: Value, depth: usize) -> Result<ReferenceOr<Box<Schema>>, serde_json::Error> {
    Ok(match read(value, depth)? {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    })
}

/// Every keyword `openapiv3` reads from a schema besides the shared data, before it picks a kind.
#[derive(Default)]
struct Keywords {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

fn schema(object: Map<String, Value>, depth: usize) -> Result<Schema, serde_json::Error> {
    let mut data = SchemaData::default();
    let mut keywords = Keywords::default();
    let nested = depth + 1;
    for (key, value) in object {
        match key.as_str() {
            "nullable" => data.nullable = flag(value)?,
            "readOnly" => data.read_only = flag(value)?,
            "writeOnly" => data.write_only = flag(value)?,
            "deprecated" => data.deprecated = flag(value)?,
            "externalDocs" => data.external_docs = optional(value)?,
            "example" => data.example = optional(value)?,
            "title" => data.title = text(value)?,
            "description" => data.description = text(value)?,
            "discriminator" => data.discriminator = optional(value)?,
            "default" => data.default = optional(value)?,
            "type" => keywords.typ = text(value)?,
            "pattern" => keywords.pattern = text(value)?,
            "format" => keywords.format = text(value)?,
            "multipleOf" => keywords.multiple_of = optional(value)?,
            "exclusiveMinimum" => keywords.exclusive_minimum = optional(value)?,
            "exclusiveMaximum" => keywords.exclusive_maximum = optional(value)?,
            "minimum" => keywords.minimum = optional(value)?,
            "maximum" => keywords.maximum = optional(value)?,
            "required" => keywords.required = optional(value)?,
            "minProperties" => keywords.min_properties = optional(value)?,
            "maxProperties" => keywords.max_properties = optional(value)?,
            "minItems" => keywords.min_items = optional(value)?,
            "maxItems" => keywords.max_items = optional(value)?,
            "uniqueItems" => keywords.unique_items = optional(value)?,
            "enum" => keywords.enumeration = optional(value)?,
            "minLength" => keywords.min_length = optional(value)?,
            "maxLength" => keywords.max_length = optional(value)?,
            "properties" => {
                keywords.properties = match value {
                    Value::Object(properties) => Some(
                        properties
                            .into_iter()
                            .map(|(name, schema)| Ok((name, boxed(schema, nested)?)))
                            .collect::<Result<_, serde_json::Error>>()?,
                    ),
                    other => optional(other)?,
                }
            }
            "items" => keywords.items = nullable(value, |value| boxed(value, nested))?,
            "additionalProperties" => {
                keywords.additional_properties = match value {
                    Value::Object(_) => Some(AdditionalProperties::Schema(Box::new(read(value, nested)?))),
                    other => optional(other)?,
                }
            }
            "oneOf" => keywords.one_of = list(value, nested)?,
            "allOf" => keywords.all_of = list(value, nested)?,
            "anyOf" => keywords.any_of = list(value, nested)?,
            "not" => keywords.not = nullable(value, |value| read(value, nested).map(Box::new))?,
            _ if key.starts_with("x-") => {
                data.extensions.insert(key, value);
            }
            // `openapiv3` ignores keywords it does not model.
            _ => {}
        }
    }
    Ok(Schema { schema_data: data, schema_kind: kind(keywords) })
}

fn flag(value: Value) -> Result<bool, serde_json::Error> {
    match value {
        Value::Bool(flag) => Ok(flag),
        other => serde_json::from_value(other),
    }
}

fn text(value: Value) -> Result<Option<String>, serde_json::Error> {
    match value {
        Value::String(text) => Ok(Some(text)),
        other => optional(other),
    }
}

/// An optional field as serde reads it: `null` is absent, anything else is read as `T`.
fn optional<T: DeserializeOwned>(value: Value) -> Result<Option<T>, serde_json::Error> {
    serde_json::from_value(value)
}

fn nullable<T>(
    value: Value,
    read: impl FnOnce(Value) -> Result<T, serde_json::Error>,
) -> Result<Option<T>, serde_json::Error> {
    match value {
        Value::Null => Ok(None),
        other => read(other).map(Some),
    }
}

fn list(value: Value, depth: usize) -> Result<Option<Vec<ReferenceOr<Schema>>>, serde_json::Error> {
    match value {
        Value::Array(members) => Some(members.into_iter().map(|member| read(member, depth)).collect()).transpose(),
        other => optional(other),
    }
}

/// The kind `openapiv3` gives a schema: a typed kind only when no keyword of another type is present,
/// one composition only when it is alone, and otherwise the catch-all [`AnySchema`].
fn kind(keywords: Keywords) -> SchemaKind {
    let k = &keywords;
    let numeric = k.multiple_of.is_some()
        || k.exclusive_minimum.is_some()
        || k.exclusive_maximum.is_some()
        || k.minimum.is_some()
        || k.maximum.is_some();
    let object = k.properties.is_some()
        || k.required.is_some()
        || k.additional_properties.is_some()
        || k.min_properties.is_some()
        || k.max_properties.is_some();
    let array = k.items.is_some() || k.min_items.is_some() || k.max_items.is_some() || k.unique_items.is_some();
    let lengths = k.min_length.is_some() || k.max_length.is_some();
    let compositions = [k.one_of.is_some(), k.all_of.is_some(), k.any_of.is_some(), k.not.is_some()];
    let composed = compositions.contains(&true);
    let pattern = k.pattern.is_some();
    let enumerated = k.enumeration.is_some();
    let format = k.format.is_some();
    let enum_all = |check: fn(&Value) -> bool| {
        k.enumeration.as_ref().is_none_or(|values| values.iter().all(|value| value.is_null() || check(value)))
    };
    let whole = |number: &Option<Number>| number.as_ref().is_none_or(Number::is_i64);
    let shared_by_numbers = !pattern && !object && !array && !lengths && !composed;
    match k.typ.as_deref() {
        Some("string") if !numeric && !object && !array && !composed && enum_all(Value::is_string) => {
            let Keywords { pattern, enumeration, format, min_length, max_length, .. } = keywords;
            SchemaKind::Type(Type::String(StringType {
                format: format.into(),
                pattern,
                enumeration: enumerated_values(enumeration, |value| value.as_str().map(str::to_owned)),
                min_length,
                max_length,
            }))
        }
        Some("number") if shared_by_numbers && enum_all(Value::is_number) => {
            let Keywords {
                multiple_of,
                exclusive_minimum,
                exclusive_maximum,
                minimum,
                maximum,
                enumeration,
                format,
                ..
            } = keywords;
            SchemaKind::Type(Type::Number(NumberType {
                format: format.into(),
                multiple_of: multiple_of.as_ref().and_then(Number::as_f64),
                exclusive_minimum: exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: exclusive_maximum.unwrap_or_default(),
                minimum: minimum.as_ref().and_then(Number::as_f64),
                maximum: maximum.as_ref().and_then(Number::as_f64),
                enumeration: enumerated_values(enumeration, Value::as_f64),
            }))
        }
        Some("integer")
            if shared_by_numbers
                && enum_all(Value::is_i64)
                && whole(&k.multiple_of)
                && whole(&k.minimum)
                && whole(&k.maximum) =>
        {
            let Keywords {
                multiple_of,
                exclusive_minimum,
                exclusive_maximum,
                minimum,
                maximum,
                enumeration,
                format,
                ..
            } = keywords;
            SchemaKind::Type(Type::Integer(IntegerType {
                format: format.into(),
                multiple_of: multiple_of.as_ref().and_then(Number::as_i64),
                exclusive_minimum: exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: exclusive_maximum.unwrap_or_default(),
                minimum: minimum.as_ref().and_then(Number::as_i64),
                maximum: maximum.as_ref().and_then(Number::as_i64),
                enumeration: enumerated_values(enumeration, Value::as_i64),
            }))
        }
        Some("boolean")
            if !numeric
                && !pattern
                && !object
                && !array
                && !format
                && !lengths
                && !composed
                && enum_all(Value::is_boolean) =>
        {
            SchemaKind::Type(Type::Boolean(BooleanType {
                enumeration: enumerated_values(keywords.enumeration, Value::as_bool),
            }))
        }
        Some("object") if !numeric && !pattern && !array && !enumerated && !format && !lengths && !composed => {
            let Keywords { properties, required, additional_properties, min_properties, max_properties, .. } = keywords;
            SchemaKind::Type(Type::Object(ObjectType {
                properties: properties.unwrap_or_default(),
                required: required.unwrap_or_default(),
                additional_properties,
                min_properties,
                max_properties,
            }))
        }
        Some("array") if !numeric && !pattern && !object && !enumerated && !format && !lengths && !composed => {
            let Keywords { items, min_items, max_items, unique_items, .. } = keywords;
            SchemaKind::Type(Type::Array(ArrayType {
                items,
                min_items,
                max_items,
                unique_items: unique_items.unwrap_or_default(),
            }))
        }
        None if !numeric
            && !pattern
            && !object
            && !array
            && !enumerated
            && !format
            && !lengths
            && compositions.iter().filter(|&&present| present).count() == 1 =>
        {
            let Keywords { one_of, all_of, any_of, not, .. } = keywords;
            match (one_of, all_of, any_of, not) {
                (Some(one_of), ..) => SchemaKind::OneOf { one_of },
                (_, Some(all_of), ..) => SchemaKind::AllOf { all_of },
                (_, _, Some(any_of), _) => SchemaKind::AnyOf { any_of },
                (.., Some(not)) => SchemaKind::Not { not },
                (None, None, None, None) => unreachable!("exactly one composition is present"),
            }
        }
        _ => any(keywords),
    }
}

fn any(keywords: Keywords) -> SchemaKind {
    let Keywords {
        typ,
        pattern,
        multiple_of,
        exclusive_minimum,
        exclusive_maximum,
        minimum,
        maximum,
        properties,
        required,
        additional_properties,
        min_properties,
        max_properties,
        items,
        min_items,
        max_items,
        unique_items,
        enumeration,
        format,
        min_length,
        max_length,
        one_of,
        all_of,
        any_of,
        not,
    } = keywords;
    SchemaKind::Any(AnySchema {
        typ,
        pattern,
        multiple_of: multiple_of.as_ref().and_then(Number::as_f64),
        exclusive_minimum,
        exclusive_maximum,
        minimum: minimum.as_ref().and_then(Number::as_f64),
        maximum: maximum.as_ref().and_then(Number::as_f64),
        properties: properties.unwrap_or_default(),
        required: required.unwrap_or_default(),
        additional_properties,
        min_properties,
        max_properties,
        items,
        min_items,
        max_items,
        unique_items,
        enumeration: enumeration.unwrap_or_default(),
        format,
        min_length,
        max_length,
        one_of: one_of.unwrap_or_default(),
        all_of: all_of.unwrap_or_default(),
        any_of: any_of.unwrap_or_default(),
        not,
    })
}

/// An `enum` list as a typed kind holds it: `null` members become `None`. The caller has checked that
/// every other member converts.
fn enumerated_values<T>(enumeration: Option<Vec<Value>>, convert: fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    enumeration
        .unwrap_or_default()
        .iter()
        .filter_map(|value| if value.is_null() { Some(None) } else { convert(value).map(Some) })
        .collect()
}

#[cfg(test)]
mod tests {
    use openapiv3::{ReferenceOr, Schema};
    use serde_json::{Value, json};

    /// What `openapiv3`'s own impls make of `value`, beside what this reader makes of it.
    fn both(value: Value) -> (Result<ReferenceOr<Schema>, String>, Result<ReferenceOr<Schema>, String>) {
        let expected = serde_json::from_value::<ReferenceOr<Schema>>(value.clone()).map_err(|error| error.to_string());
        let read = super::reference_or_schema(value).map_err(|error| error.to_string());
        (read, expected)
    }

    #[track_caller]
    fn reads_as_openapiv3(value: Value) {
        let (read, expected) = both(value.clone());
        assert_eq!(read, expected, "for {value}");
    }

    #[test]
    fn each_kind_reads_as_openapiv3_reads_it() {
        let schemas = [
            json!({"type": "string", "format": "date-time", "pattern": "^a", "minLength": 1, "enum": ["a", null]}),
            json!({"type": "string", "format": "custom", "minimum": 3}),
            json!({"type": "string", "enum": ["a", 1]}),
            json!({"type": "number", "format": "double", "minimum": 1.5, "maximum": 9, "multipleOf": 0.5, "enum": [1, 2.5, null]}),
            json!({"type": "number", "exclusiveMinimum": true, "pattern": "x"}),
            json!({"type": "integer", "format": "int64", "minimum": -3, "maximum": 7, "exclusiveMaximum": true, "enum": [1, null]}),
            json!({"type": "integer", "minimum": 1.5}),
            json!({"type": "integer", "enum": [1, 2.5]}),
            json!({"type": "integer", "maximum": 18446744073709551615u64}),
            json!({"type": "boolean", "enum": [true, null]}),
            json!({"type": "boolean", "format": "flag"}),
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"$ref": "#/components/schemas/B"}},
                   "required": ["a"], "additionalProperties": {"type": "integer"}, "minProperties": 1, "maxProperties": 3}),
            json!({"type": "object", "additionalProperties": false}),
            json!({"type": "object", "additionalProperties": true, "enum": [{}]}),
            json!({"type": "object", "properties": {"a": {}}, "oneOf": [{"required": ["a"]}]}),
            json!({"type": "array", "items": {"type": "array", "items": {"$ref": "#/x"}}, "minItems": 1, "maxItems": 2, "uniqueItems": true}),
            json!({"type": "array", "items": {"type": "string"}, "format": "csv"}),
            json!({"oneOf": [{"type": "string"}, {"$ref": "#/x"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/x"}}}),
            json!({"allOf": [{"$ref": "#/x"}, {"properties": {"b": {"type": "integer"}}}], "nullable": true}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            json!({"not": {"type": "string"}}),
            json!({"oneOf": [{}], "anyOf": [{}]}),
            json!({"oneOf": [{}], "minLength": 1}),
            json!({"type": "thing", "properties": {"a": {}}}),
            json!({"properties": {"a": {"nullable": true, "readOnly": true, "writeOnly": false, "deprecated": true}}}),
            json!({}),
        ];
        for schema in schemas {
            reads_as_openapiv3(schema);
        }
    }

    #[test]
    fn shared_data_and_extensions_read_as_openapiv3_reads_them() {
        reads_as_openapiv3(json!({
            "type": "string",
            "title": "Name",
            "description": "A name.",
            "example": "Ada",
            "default": "Bob",
            "externalDocs": {"url": "https://example.com", "description": "more", "x-note": 1},
            "x-internal": true,
            "x-order": [1, 2],
            "$comment": "ignored",
            "const": "ignored too",
        }));
        reads_as_openapiv3(json!({"type": "string", "example": null, "default": null, "title": null}));
    }

    #[test]
    fn references_read_as_openapiv3_reads_them() {
        reads_as_openapiv3(json!({"$ref": "#/components/schemas/A", "description": "siblings are dropped"}));
        reads_as_openapiv3(json!({"$ref": 5, "type": "string"}));
        reads_as_openapiv3(json!({"type": "object", "properties": {"a": {"$ref": "#/a", "nullable": true}}}));
    }

    #[test]
    fn values_of_the_wrong_type_fail_as_openapiv3_fails() {
        let broken = [
            json!({"type": "object", "properties": 5}),
            json!({"type": "object", "properties": {"a": {"type": "string", "minLength": -1}}}),
            json!({"type": "string", "nullable": null}),
            json!({"type": "string", "nullable": "yes"}),
            json!({"type": ["string", "null"]}),
            json!({"type": "array", "items": [{"type": "string"}]}),
            json!({"oneOf": {"type": "string"}}),
            json!({"type": "object", "additionalProperties": "no"}),
            json!({"type": "string", "minLength": 1.5}),
            json!({"discriminator": {"mapping": {}}}),
            json!(true),
            json!("#/x"),
            json!(["#/x"]),
        ];
        for schema in broken {
            let (read, expected) = both(schema.clone());
            assert_eq!(read.is_err(), expected.is_err(), "for {schema}: {read:?} against {expected:?}");
            if read.is_ok() {
                assert_eq!(read, expected, "for {schema}");
            }
        }
    }

    #[test]
    fn nulls_read_as_absent_keywords() {
        reads_as_openapiv3(
            json!({"type": "object", "properties": null, "required": null, "additionalProperties": null}),
        );
        reads_as_openapiv3(json!({"type": "array", "items": null, "minItems": null}));
        reads_as_openapiv3(json!({"oneOf": null, "not": null, "enum": null}));
    }

    #[test]
    fn nesting_past_the_limit_is_read_by_serde() {
        let mut schema = json!({"type": "string"});
        for _ in 0..super::MAX_DEPTH + 5 {
            schema = json!({"type": "array", "items": schema});
        }
        // serde's untagged reading needs more stack for this than a test thread has in a debug build.
        let reader = std::thread::Builder::new().stack_size(256 << 20).spawn(move || reads_as_openapiv3(schema));
        reader.expect("thread started").join().expect("read alike");
    }
}
