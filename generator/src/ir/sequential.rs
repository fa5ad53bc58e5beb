//! OpenAPI 3.2 sequential media types: the `itemSchema` of a response streamed as JSON lines, JSON text
//! sequences or server-sent events describes one item, which becomes the item type of `lines()` or the
//! data type of `events()`.
//!
//! The typed model drops `itemSchema`, so the schemas are read from the raw document before the IR is
//! built (they must outlive the type builder that borrows them).

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, ReferenceOr, Schema, StatusCode};
use serde_json::Value;

use super::bodies::media_essence;
use super::model::{LineFraming, LineStream, Scalar, TypeRef};
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::load::{resolve, schema_ref};
use crate::naming::bare;
use crate::pointer::JsonPointer;

/// What one item of a sequential media type is.
#[derive(Debug)]
pub enum ItemSchema {
    /// Described by this schema (at this pointer): a JSON sequence's item, or an event's data as JSON.
    Schema(Box<ReferenceOr<Schema>>, JsonPointer),
    /// An event whose data is text.
    Text,
    /// An event whose data is JSON of any shape (`contentMediaType: application/json` without a
    /// `contentSchema`).
    AnyJson,
}

/// The item schemas of a document, by the pointer of their media type object.
#[derive(Debug, Default)]
pub struct ItemSchemas {
    by_media: BTreeMap<JsonPointer, ItemSchema>,
}

impl ItemSchemas {
    /// The item schema of the media type object at `media_at`, if it has one.
    pub fn get(&self, media_at: &JsonPointer) -> Option<&ItemSchema> {
        self.by_media.get(media_at)
    }

    /// Whether the document has no item schemas (every document before 3.2).
    pub fn is_empty(&self) -> bool {
        self.by_media.is_empty()
    }
}

/// How a sequential media type separates its items, for the JSON ones the client streams.
fn framing(media_type: &str) -> Option<LineFraming> {
    match media_essence(media_type).as_str() {
        "application/jsonl" | "application/x-ndjson" => Some(LineFraming::Lines),
        essence if essence == "application/json-seq" || essence.ends_with("+json-seq") => {
            Some(LineFraming::RecordSeparated)
        }
        _ => None,
    }
}

fn is_event_stream(media_type: &str) -> bool {
    media_essence(media_type) == "text/event-stream"
}

/// Reads every `itemSchema` of an OpenAPI 3.2 document (none for earlier versions). Returns them with
/// warnings about item schemas whose shape the client cannot use.
pub fn parse(raw: &Value, label: &str) -> (ItemSchemas, Vec<Diagnostic>) {
    let mut found = Parse { raw, label, schemas: ItemSchemas::default(), warnings: Vec::new() };
    if crate::load::is_3_2(raw) {
        found.walk(raw, &JsonPointer::root(), 0);
    }
    (found.schemas, found.warnings)
}

struct Parse<'a> {
    raw: &'a Value,
    label: &'a str,
    schemas: ItemSchemas,
    warnings: Vec<Diagnostic>,
}

/// Guards the recursion; real documents are far shallower.
const MAX_DEPTH: usize = 256;

impl<'a> Parse<'a> {
    /// Finds `content` maps outside schemas and examples.
    fn walk(&mut self, value: &Value, at: &JsonPointer, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    match key.as_str() {
                        "schema" | "schemas" | "itemSchema" | "example" | "examples" => {}
                        key if key.starts_with("x-") => {}
                        "content" => {
                            for (media_type, media) in child.as_object().into_iter().flatten() {
                                let media_at = at.join("content").join(media_type);
                                if let Some(item) = media.get("itemSchema") {
                                    self.item(media_type, item, &media_at.join("itemSchema"), &media_at);
                                }
                                self.walk(media, &media_at, depth + 2);
                            }
                        }
                        _ => self.walk(child, &at.join(key), depth + 1),
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.walk(item, &at.join(index), depth + 1);
                }
            }
            _ => {}
        }
    }

    fn item(&mut self, media_type: &str, item: &Value, item_at: &JsonPointer, media_at: &JsonPointer) {
        let parsed = if is_event_stream(media_type) {
            self.event_data(item, item_at)
        } else {
            self.schema(item, item_at).map_or(ItemSchema::AnyJson, |schema| ItemSchema::Schema(schema, item_at.clone()))
        };
        self.schemas.by_media.insert(media_at.clone(), parsed);
    }

    fn schema(&mut self, schema: &Value, at: &JsonPointer) -> Option<Box<ReferenceOr<Schema>>> {
        match serde_json::from_value::<ReferenceOr<Schema>>(schema.clone()) {
            Ok(schema) => Some(Box::new(schema)),
            Err(error) => {
                self.warn(at, format!("the item schema does not read as a schema ({error}); items are JSON values"));
                None
            }
        }
    }

    fn warn(&mut self, at: &JsonPointer, message: String) {
        self.warnings.push(Diagnostic::new(self.label, at.clone(), message));
    }

    /// The data of a server-sent event: the item schema describes the whole event (`event`, `data`,
    /// `id`, `retry`), whose `data` is a string holding JSON when it says so with `contentMediaType` or
    /// `contentSchema`, or is given as a JSON schema of its own.
    fn event_data(&mut self, item: &Value, item_at: &JsonPointer) -> ItemSchema {
        let (item, item_at) = self.follow(item, item_at);
        let Some(data) = item.pointer("/properties/data") else {
            self.warn(
                &item_at,
                "the event item schema has no `data` property; each event's data is read as text".to_owned(),
            );
            return ItemSchema::Text;
        };
        let data_at = item_at.join("properties").join("data");
        let (data, data_at) = self.follow(data, &data_at);
        if let Some(content) = data.get("contentSchema") {
            let content_at = data_at.join("contentSchema");
            return self
                .schema(content, &content_at)
                .map_or(ItemSchema::AnyJson, |schema| ItemSchema::Schema(schema, content_at));
        }
        let media = data.get("contentMediaType").and_then(Value::as_str).map(media_essence);
        if media.is_some_and(|media| media == "application/json" || media.ends_with("+json")) {
            return ItemSchema::AnyJson;
        }
        match data.get("type").and_then(Value::as_str) {
            Some("string") | None if data.get("properties").is_none() => ItemSchema::Text,
            _ => self.schema(data, &data_at).map_or(ItemSchema::AnyJson, |schema| ItemSchema::Schema(schema, data_at)),
        }
    }

    /// A schema, or the local schema its `$ref` points at (to look inside it), with its pointer.
    fn follow<'v>(&self, schema: &'v Value, at: &JsonPointer) -> (&'v Value, JsonPointer)
    where
        'a: 'v,
    {
        let target = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| self.raw.pointer(pointer).map(|target| (target, pointer)));
        match target {
            Some((target, pointer)) => {
                let mut at = JsonPointer::root();
                for token in pointer.split('/').skip(1) {
                    at = at.join(token.replace("~1", "/").replace("~0", "~"));
                }
                (target, at)
            }
            None => (schema, at.clone()),
        }
    }
}

/// The data type of each event of a `text/event-stream` media type with an item schema.
pub fn event_data_type<'a>(builder: &mut TypeBuilder<'a>, item: &'a ItemSchema, builder_name: &str) -> TypeRef {
    match item {
        ItemSchema::Text => TypeRef::Scalar(Scalar::String),
        ItemSchema::AnyJson => TypeRef::Json,
        ItemSchema::Schema(schema, at) => {
            let hint = format!("{}Event", bare(builder_name));
            builder.convert(schema_ref(schema), &hint, at, None, &[]).ty
        }
    }
}

/// The item stream of an operation's first success response in a JSON sequence media type with an
/// item schema. Item schemas the client does not stream (error responses, other media types) are
/// reported.
pub fn line_stream<'a>(
    builder: &mut TypeBuilder<'a>,
    operation: &'a SpecOperation,
    at: &JsonPointer,
    builder_name: &str,
) -> Option<LineStream> {
    let item_schemas = builder.item_schemas.filter(|schemas| !schemas.is_empty())?;
    let responses_at = at.join("responses");
    let mut stream = None;
    let entries = operation.responses.responses.iter().map(|(status, response)| (Some(status), response));
    let default = operation.responses.default.iter().map(|response| (None, response));
    for (status, response) in entries.chain(default) {
        let key = status.map_or_else(|| "default".to_owned(), ToString::to_string);
        // A response that does not resolve is reported by `responses`.
        let Ok((response, response_at)) = resolve(builder.document, response, &responses_at.join(&key), builder.label)
        else {
            continue;
        };
        let success = match status {
            Some(StatusCode::Code(code)) => (200..300).contains(code),
            Some(StatusCode::Range(range)) => *range == 2,
            None => false,
        };
        for media_type in response.content.keys() {
            let media_at = response_at.join("content").join(media_type);
            let Some(item) = item_schemas.get(&media_at) else { continue };
            match (success, framing(media_type)) {
                (true, Some(framing)) if stream.is_none() => {
                    let item = match item {
                        ItemSchema::Schema(schema, item_at) => {
                            let hint = format!("{}Item", bare(builder_name));
                            builder.convert(schema_ref(schema), &hint, item_at, None, &[]).ty
                        }
                        _ => TypeRef::Json,
                    };
                    stream = Some(LineStream { item, media_type: media_type.clone(), framing });
                }
                (true, Some(_)) => builder.warn(
                    &media_at.join("itemSchema"),
                    "`lines()` streams the first JSON sequence of the success responses; this one is not used",
                ),
                // Server-sent events go through `events()`.
                (true, None) if is_event_stream(media_type) => {}
                (true, None) => builder.warn(
                    &media_at.join("itemSchema"),
                    format!("`{media_type}` is not streamed item by item; its body is read whole"),
                ),
                (false, _) => builder.warn(
                    &media_at.join("itemSchema"),
                    "the items of an error response are not streamed; its body is read whole",
                ),
            }
        }
    }
    stream
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parsed(content: Value, components: Value) -> (ItemSchemas, Vec<Diagnostic>) {
        let raw = json!({
            "openapi": "3.2.0",
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}},
            "components": components
        });
        parse(&raw, "api.yaml")
    }

    fn media_at(media_type: &str) -> JsonPointer {
        JsonPointer::root()
            .join("paths")
            .join("/a")
            .join("get")
            .join("responses")
            .join("200")
            .join("content")
            .join(media_type)
    }

    #[test]
    fn event_data_comes_from_the_content_schema_through_refs() {
        let components = json!({"schemas": {"Event": {"type": "object", "properties": {
            "event": {"type": "string"},
            "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/Tick"}}
        }}, "Tick": {"type": "object"}}});
        let (schemas, warnings) =
            parsed(json!({"text/event-stream": {"itemSchema": {"$ref": "#/components/schemas/Event"}}}), components);
        assert!(warnings.is_empty());
        let Some(ItemSchema::Schema(schema, at)) = schemas.get(&media_at("text/event-stream")) else { panic!() };
        assert_eq!(at.to_string(), "#/components/schemas/Event/properties/data/contentSchema");
        assert!(matches!(&**schema, ReferenceOr::Reference { reference } if reference == "#/components/schemas/Tick"));
    }

    #[test]
    fn event_data_without_json_is_text_and_without_data_is_reported() {
        let (schemas, warnings) = parsed(
            json!({"text/event-stream": {"itemSchema": {"properties": {"data": {"type": "string"}}}}}),
            json!({}),
        );
        assert!(warnings.is_empty());
        assert!(matches!(schemas.get(&media_at("text/event-stream")), Some(ItemSchema::Text)));
        let (schemas, warnings) =
            parsed(json!({"text/event-stream": {"itemSchema": {"properties": {"event": {}}}}}), json!({}));
        assert!(matches!(schemas.get(&media_at("text/event-stream")), Some(ItemSchema::Text)));
        assert_eq!(warnings[0].pointer.to_string(), media_at("text/event-stream").join("itemSchema").to_string());
    }

    #[test]
    fn json_sequences_keep_their_item_schema_and_framing() {
        let (schemas, _) = parsed(json!({"application/x-ndjson": {"itemSchema": {"type": "integer"}}}), json!({}));
        assert!(matches!(schemas.get(&media_at("application/x-ndjson")), Some(ItemSchema::Schema(..))));
        assert_eq!(framing("application/jsonl; charset=utf-8"), Some(LineFraming::Lines));
        assert_eq!(framing("application/geo+json-seq"), Some(LineFraming::RecordSeparated));
        assert_eq!(framing("application/json"), None);
    }
}
