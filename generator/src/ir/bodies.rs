//! Request and response bodies: which media type is used, how it is encoded, and the Rust type.

use indexmap::IndexMap;
use openapiv3::{MediaType, Operation as SpecOperation, ReferenceOr, RequestBody as SpecRequestBody, StatusCode};

use super::docs;
use super::model::{BodyEncoding, ErrorResponses, ErrorStatus, RequestBody, ResponseBody, Scalar, TypeRef};
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::load::{resolve, schema_ref};
use crate::naming::bare;
use crate::pointer::JsonPointer;

/// What a media type is, as far as encoding goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

/// A media type without its parameters, lowercased: `Application/JSON; charset=utf-8` is
/// `application/json`.
pub fn media_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_essence(media_type);
    match essence.as_str() {
        "application/json" | "text/json" | "*/*" | "application/*" => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        essence if essence.starts_with("multipart/") => MediaKind::Multipart,
        essence if essence.ends_with("+json") || essence.ends_with("/json") => MediaKind::Json,
        essence if essence.starts_with("text/") || essence.ends_with("+xml") || essence.ends_with("/xml") => {
            MediaKind::Text
        }
        _ => MediaKind::Binary,
    }
}

/// The preferred media type: JSON, then form, multipart, text and binary, in that order.
fn preferred(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType, MediaKind)> {
    content
        .iter()
        .map(|(media_type, media)| (media_type, media, media_kind(media_type)))
        .min_by_key(|(_, _, kind)| *kind)
}

/// The `Accept` header for an operation whose success responses are JSON of other media types only
/// (`application/vnd.api+json`): those types, so that a server negotiating content (or a mock) serves
/// them. `None` when a success response offers `application/json`, the runtime's default.
pub fn success_accept(builder: &TypeBuilder<'_>, operation: &SpecOperation, at: &JsonPointer) -> Option<String> {
    let mut accepted: Vec<String> = Vec::new();
    let responses_at = at.join("responses");
    for (status, response) in &operation.responses.responses {
        let success = match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        };
        // A response that does not resolve is reported by `responses`.
        let Some((response, _)) = success
            .then(|| resolve(builder.document, response, &responses_at.join(status), builder.label).ok())
            .flatten()
        else {
            continue;
        };
        for media_type in response.content.keys().filter(|media_type| media_kind(media_type) == MediaKind::Json) {
            let essence = media_essence(media_type);
            if essence == "application/json" {
                return None;
            }
            // A wildcard (`*/*`) is not matched by a plain `application/json`: a negotiating server
            // answers 406. JSON stays first, the wildcard names what the spec declares.
            let wildcard = matches!(essence.as_str(), "*/*" | "application/*");
            for media in [wildcard.then(|| "application/json".to_owned()), Some(essence)].into_iter().flatten() {
                if !accepted.contains(&media) {
                    accepted.push(media);
                }
            }
        }
    }
    (!accepted.is_empty()).then(|| accepted.join(", "))
}

/// The request body of an operation, if it has one this client can send.
pub fn request_body<'a>(
    builder: &mut TypeBuilder<'a>,
    body: &'a ReferenceOr<SpecRequestBody>,
    at: &JsonPointer,
    builder_name: &str,
) -> Option<RequestBody> {
    let (body, body_at) = match resolve(builder.document, body, &at.join("requestBody"), builder.label) {
        Ok(found) => found,
        Err(diagnostic) => {
            builder.error(diagnostic);
            return None;
        }
    };
    let (media_type, media, kind) = preferred(&body.content)?;
    let schema_at = body_at.join("content").join(media_type).join("schema");
    let hint = format!("{}Body", bare(builder_name));
    let (ty, encoding) = match kind {
        MediaKind::Text => (TypeRef::Scalar(Scalar::String), BodyEncoding::Text),
        MediaKind::Binary => (TypeRef::Scalar(Scalar::Bytes), BodyEncoding::Binary),
        MediaKind::Json | MediaKind::Form | MediaKind::Multipart => {
            let ty = match media.schema.as_ref().map(schema_ref) {
                Some(schema) => {
                    builder.binary_strings = kind == MediaKind::Multipart;
                    let ty = builder.convert(schema, &hint, &schema_at, None, &[]).ty;
                    builder.binary_strings = false;
                    ty
                }
                None => TypeRef::Json,
            };
            let encoding = match kind {
                MediaKind::Json => BodyEncoding::Json,
                MediaKind::Form => BodyEncoding::Form,
                _ => BodyEncoding::Multipart,
            };
            // `{type: object, properties: {}}` declares that there is no body to send.
            let declares_nothing = matches!(media.schema.as_ref(), Some(ReferenceOr::Item(schema))
                if matches!(&schema.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) if object.properties.is_empty()));
            if encoding != BodyEncoding::Json && declares_nothing {
                return None;
            }
            if encoding != BodyEncoding::Json && !builder.is_struct(&ty) {
                builder.warn(
                    &schema_at,
                    format!("a `{media_type}` body must be an object with properties; the body is not sent"),
                );
                return None;
            }
            (ty, encoding)
        }
    };
    let content_type = match media_type.as_str() {
        "*/*" | "application/*" => "application/json".to_owned(),
        other if kind == MediaKind::Multipart => other.split(';').next().unwrap_or(other).trim().to_owned(),
        other => other.to_owned(),
    };
    Some(RequestBody {
        ty,
        encoding,
        content_type,
        required: body.required,
        docs: body.description.as_deref().and_then(docs::clean),
    })
}

/// Whether a media type is a wildcard (`*/*`, `application/*`), which the client reads as JSON unless
/// its schema says bytes.
fn is_wildcard(media_type: &str) -> bool {
    matches!(media_essence(media_type).as_str(), "*/*" | "application/*")
}

/// What a string schema written in place under a wildcard media type means.
enum WildcardString {
    /// `format: binary`: a file (restful4up's `/unpack` answers `*/*` bytes).
    Binary,
    /// Any other string: the body as text (Kubernetes' `*/*` log and proxy endpoints answer plain text,
    /// which a JSON decoder refuses).
    Text,
}

/// How a wildcard media type whose schema is an inline `type: string` is read; `None` for any other.
fn wildcard_string(media_type: &str, media: &MediaType) -> Option<WildcardString> {
    if !is_wildcard(media_type) {
        return None;
    }
    let Some(ReferenceOr::Item(schema)) = media.schema.as_ref() else { return None };
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) = &schema.schema_kind else { return None };
    Some(match string.format {
        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) => WildcardString::Binary,
        _ => WildcardString::Text,
    })
}

/// Whether a media type is `text/event-stream` (server-sent events).
fn is_event_stream(media_type: &str) -> bool {
    media_essence(media_type) == "text/event-stream"
}

/// The success body, the declared errors and the event data type (when a success response offers
/// `text/event-stream`) of an operation.
pub fn responses<'a>(
    builder: &mut TypeBuilder<'a>,
    operation: &'a SpecOperation,
    at: &JsonPointer,
    builder_name: &str,
) -> (ResponseBody, ErrorResponses, Option<TypeRef>) {
    let mut events = None;
    let label = builder.label;
    let mut successes: Vec<(JsonPointer, Option<(MediaKind, TypeRef)>)> = Vec::new();
    let mut default_json = false;
    let mut errors = ErrorResponses::default();
    let responses_at = at.join("responses");
    let entries = operation.responses.responses.iter().map(|(status, response)| (Some(status), response));
    let default = operation.responses.default.iter().map(|response| (None, response));
    for (status, response) in entries.chain(default) {
        let key = status.map_or_else(|| "default".to_owned(), |status| status.to_string());
        let (response, response_at) = match resolve(builder.document, response, &responses_at.join(&key), label) {
            Ok(found) => found,
            Err(diagnostic) => {
                builder.error(diagnostic);
                continue;
            }
        };
        let code = match status {
            Some(StatusCode::Code(code)) => Some(*code),
            Some(StatusCode::Range(range)) => Some(range * 100),
            None => None,
        };
        let is_success = code.is_some_and(|code| (200..300).contains(&code));
        let role = if is_success { "Response" } else { "Error" };
        if is_success && events.is_none() {
            let stream = response.content.iter().find(|(media_type, _)| is_event_stream(media_type));
            if let Some((media_type, media)) = stream {
                let media_at = response_at.join("content").join(media_type);
                let item = builder.item_schemas.and_then(|schemas| schemas.get(&media_at));
                let data = match media.schema.as_ref().map(schema_ref) {
                    // OpenAPI 3.2 describes each event with `itemSchema`, preferred over `schema`.
                    _ if item.is_some() => item
                        .map_or(TypeRef::Json, |item| super::sequential::event_data_type(builder, item, builder_name)),
                    Some(schema) => {
                        let schema_at = response_at.join("content").join(media_type).join("schema");
                        let hint = format!("{}Event", bare(builder_name));
                        builder.convert(schema, &hint, &schema_at, None, &[]).ty
                    }
                    None => TypeRef::Scalar(Scalar::String),
                };
                // Event data is text: a string or bytes schema means the text as it is.
                let text = matches!(data, TypeRef::Scalar(Scalar::String | Scalar::Bytes));
                events = Some(if text { TypeRef::Scalar(Scalar::String) } else { data });
            }
        }
        // HTTP clients never read content after 204 or 205 (RFC 9110, 15.3.5-6): a schema declared for
        // one would only make the call fail to decode the empty body.
        let no_content = matches!(status, Some(StatusCode::Code(204 | 205)));
        if no_content && !response.content.is_empty() {
            builder.warnings.push(Diagnostic::new(
                label,
                response_at.join("content"),
                format!("a {key} response has no content (RFC 9110); the content declared for it is not read"),
            ));
        }
        let body = preferred(&response.content).filter(|_| !no_content).map(|(media_type, media, kind)| {
            let kind = match wildcard_string(media_type, media) {
                Some(WildcardString::Binary) if kind == MediaKind::Json => MediaKind::Binary,
                Some(WildcardString::Text) if kind == MediaKind::Json => MediaKind::Text,
                _ => kind,
            };
            let ty = match (kind, media.schema.as_ref().map(schema_ref)) {
                (MediaKind::Json, Some(schema)) => {
                    let hint = format!("{}{role}", bare(builder_name));
                    let schema_at = response_at.join("content").join(media_type).join("schema");
                    builder.convert(schema, &hint, &schema_at, None, &[]).ty
                }
                _ => TypeRef::Json,
            };
            (kind, ty)
        });
        match (status, code) {
            (_, Some(_)) if is_success => successes.push((responses_at.join(&key), body)),
            (Some(StatusCode::Range(range)), _) => {
                errors.ranges.push(*range);
                errors.declared.extend(json_type(body).map(|ty| (ErrorStatus::Class(*range), ty)));
            }
            (_, Some(code)) => {
                errors.statuses.push(code);
                errors.declared.extend(json_type(body).map(|ty| (ErrorStatus::Code(code), ty)));
            }
            (_, None) => {
                errors.has_default = true;
                default_json = body.as_ref().is_some_and(|(kind, _)| *kind == MediaKind::Json);
                errors.declared.extend(json_type(body).map(|ty| (ErrorStatus::Default, ty)));
            }
        }
    }
    errors.statuses.sort_unstable();
    errors.statuses.dedup();
    errors.ranges.sort_unstable();
    errors.ranges.dedup();
    // `errors.body` is settled once every operation is converted (`super::errors`), when error schemas
    // can be compared with each other.
    // Specs that declare only `default` usually mean "the response": keep its JSON, untyped.
    if successes.is_empty() && default_json {
        return (ResponseBody::Json { ty: TypeRef::Json, optional: false }, errors, events);
    }
    (success_body(builder, successes, builder_name), errors, events)
}

fn json_type(body: Option<(MediaKind, TypeRef)>) -> Option<TypeRef> {
    body.filter(|(kind, _)| *kind == MediaKind::Json).map(|(_, ty)| ty)
}

/// One body type for every 2xx response: the JSON type they share, an untagged union when they differ,
/// optional when some 2xx responses have no body.
fn success_body(
    builder: &mut TypeBuilder<'_>,
    successes: Vec<(JsonPointer, Option<(MediaKind, TypeRef)>)>,
    builder_name: &str,
) -> ResponseBody {
    let may_be_empty = successes.iter().any(|(_, body)| body.is_none());
    let mut json: Vec<TypeRef> = Vec::new();
    let mut other = None;
    for (_, body) in &successes {
        match body {
            Some((MediaKind::Json, ty)) if !json.contains(ty) => json.push(ty.clone()),
            Some((kind @ (MediaKind::Text | MediaKind::Binary), _)) => other = other.or(Some(*kind)),
            _ => {}
        }
    }
    let ty = match json.len() {
        0 => {
            return match other {
                Some(MediaKind::Text) => ResponseBody::Text,
                Some(_) => ResponseBody::Binary,
                None => ResponseBody::Empty,
            };
        }
        1 => json.remove(0),
        _ => builder.untagged_of(&format!("{}Response", bare(builder_name)), json),
    };
    if other.is_some()
        && let Some((at, _)) =
            successes.iter().find(|(_, body)| body.as_ref().is_some_and(|(kind, _)| *kind != MediaKind::Json))
    {
        builder.warn(at, "this success response is not JSON; only the JSON responses are decoded");
    }
    ResponseBody::Json { ty, optional: may_be_empty }
}

#[cfg(test)]
mod tests {
    use super::ResponseBody;
    use crate::Settings;
    use crate::load::load_str;

    #[test]
    fn content_declared_for_204_is_not_read_and_a_warning_says_so() {
        let spec = load_str(
            "openapi: 3.0.3\ninfo: {title: Shelf, version: '1'}\npaths:\n  /books/{id}:\n    delete:\n      operationId: deleteBook\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '204':\n          description: gone\n          content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}\n        '200':\n          description: kept\n          content: {application/json: {schema: {$ref: '#/components/schemas/Status'}}}\ncomponents:\n  schemas:\n    Status: {type: object, properties: {state: {type: string}}}\n",
            "shelf.yaml",
        )
        .expect("loads");
        let ir = crate::ir::build(&spec, &Settings::default()).expect("builds");
        // The 200 still gives the type; the 204 makes it optional instead of failing on an empty body.
        assert!(matches!(ir.operations[0].success, ResponseBody::Json { optional: true, .. }));
        let warning = ir.warnings.iter().map(ToString::to_string).find(|warning| warning.contains("204"));
        let warning = warning.expect("a warning about the 204");
        assert!(warning.contains("/paths/~1books~1{id}/delete/responses/204/content"), "{warning}");
        assert!(warning.contains("is not read"), "{warning}");
    }
}
