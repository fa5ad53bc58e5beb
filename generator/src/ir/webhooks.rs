//! Webhooks: the requests the API sends to its users (OpenAPI 3.1 `webhooks`, or the `x-webhooks`
//! extension of 3.0 specs). Their JSON bodies become types, and one payload type covers every delivery:
//! the shared schema when all webhooks send the same one, otherwise a union over them, built like any
//! `oneOf` (tagged when a property tells the events apart, with a fallback for unknown events).

use openapiv3::{PathItem, ReferenceOr, RequestBody, Schema};
use serde_json::Value;

use super::compose::UnionSource;
use super::model::{Webhook, Webhooks};
use super::objects::ObjectParts;
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::load::{resolve, schema_ref};
use crate::naming::type_name;
use crate::pointer::JsonPointer;

/// The keys under which documents declare webhooks: 3.1's own, then the 3.0 extension.
const KEYS: &[&str] = &["webhooks", "x-webhooks"];

/// A webhook read from the raw document, before any type is built.
pub struct ParsedWebhook {
    name: String,
    pointer: JsonPointer,
    /// The JSON body's schema and where it is.
    schema: ReferenceOr<Schema>,
    schema_at: JsonPointer,
}

/// Every webhook with a JSON body, the distinct payload schemas, and what was wrong on the way.
#[derive(Default)]
pub struct ParsedWebhooks {
    webhooks: Vec<ParsedWebhook>,
    /// Distinct payload schemas in name order: the members of the payload union when there are several.
    members: Vec<ReferenceOr<Schema>>,
    /// Where the webhooks are declared (the union's location in messages).
    at: JsonPointer,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// The webhooks' path items as the JSON declares them, in name order, each with its own problem if it has
/// one; read before the typed document exists, which has no place for them.
#[derive(Default)]
pub struct DeclaredWebhooks {
    items: Vec<DeclaredWebhook>,
    at: JsonPointer,
    errors: Vec<Diagnostic>,
}

/// One webhook's name, where it is declared, and its path item with the item's own location (a
/// reference is followed), or why it has none.
struct DeclaredWebhook {
    name: String,
    at: JsonPointer,
    item: Result<(PathItem, JsonPointer), Diagnostic>,
}

/// Reads the webhooks' path items out of the raw document (the typed 3.0 model has no place for them).
pub fn read(raw: &Value, label: &str) -> DeclaredWebhooks {
    let mut declared = DeclaredWebhooks::default();
    let mut entries: Vec<(&str, &String, &Value)> = Vec::new();
    for key in KEYS {
        match raw.get(*key) {
            Some(Value::Object(webhooks)) => {
                if entries.is_empty() {
                    declared.at = JsonPointer::root().join(key);
                }
                entries.extend(webhooks.iter().map(|(name, item)| (*key, name, item)));
            }
            Some(_) => declared.errors.push(
                Diagnostic::new(label, JsonPointer::root().join(key), format!("`{key}` must be a mapping"))
                    .with_hint("map each webhook name to a path item whose `post` describes the request"),
            ),
            None => {}
        }
    }
    // By name, so generated names and the order of variants do not depend on key order.
    entries.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
    for (key, name, item) in entries {
        let at = JsonPointer::root().join(key).join(name);
        let item = path_item(raw, item, &at, label);
        declared.items.push(DeclaredWebhook { name: name.clone(), at, item });
    }
    declared
}

/// Finds each webhook's JSON body schema in its path item, following references through the document.
pub fn parse(declared: DeclaredWebhooks, document: &openapiv3::OpenAPI, label: &str) -> ParsedWebhooks {
    let mut parsed = ParsedWebhooks { at: declared.at, errors: declared.errors, ..ParsedWebhooks::default() };
    for DeclaredWebhook { name, at, item } in declared.items {
        let (item, item_at) = match item {
            Ok(found) => found,
            Err(diagnostic) => {
                parsed.errors.push(diagnostic);
                continue;
            }
        };
        let mut found = None;
        for (method, operation) in item.iter() {
            let Some(body) = &operation.request_body else { continue };
            let body_at = item_at.join(method).join("requestBody");
            let (body, body_at): (&RequestBody, JsonPointer) = match resolve(document, body, &body_at, label) {
                Ok(found) => found,
                Err(diagnostic) => {
                    parsed.errors.push(diagnostic);
                    break;
                }
            };
            let json = body.content.iter().find(|(media_type, _)| is_json(media_type));
            if let Some((media_type, media)) = json
                && let Some(schema) = &media.schema
            {
                found = Some((schema.clone(), body_at.join("content").join(media_type).join("schema")));
                break;
            }
        }
        let Some((schema, schema_at)) = found else {
            parsed.warnings.push(Diagnostic::new(
                label,
                at,
                "this webhook has no JSON request body with a schema; it is not decoded",
            ));
            continue;
        };
        if !parsed.members.contains(&schema) {
            parsed.members.push(schema.clone());
        }
        parsed.webhooks.push(ParsedWebhook { name, pointer: at, schema, schema_at });
    }
    parsed
}

/// The path item of a webhook, following a `$ref` within the document (3.1 keeps them under
/// `components/pathItems`, which the 3.0 model does not read).
fn path_item(raw: &Value, item: &Value, at: &JsonPointer, label: &str) -> Result<(PathItem, JsonPointer), Diagnostic> {
    let (item, item_at) = match item.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let found = JsonPointer::from_fragment(reference)
                .and_then(|pointer| Some((raw.pointer(reference.strip_prefix('#')?)?, pointer)));
            found.ok_or_else(|| {
                Diagnostic::new(label, at.join("$ref"), format!("`{reference}` does not point into this document"))
                    .with_hint("point the webhook at a path item in this file, e.g. `#/components/pathItems/...`")
            })?
        }
        None => (item, at.clone()),
    };
    // Read from the JSON in place rather than from a copy of each item (GitHub's spec has hundreds).
    let item = <PathItem as serde::Deserialize>::deserialize(item).map_err(|error| {
        Diagnostic::new(label, item_at.clone(), format!("invalid webhook path item: {error}"))
            .with_hint("a webhook is a path item: `post: {requestBody: {content: {application/json: {schema: ..}}}}`")
    })?;
    Ok((item, item_at))
}

fn is_json(media_type: &str) -> bool {
    let essence = super::bodies::media_essence(media_type);
    essence == "*/*" || essence.ends_with("/json") || essence.ends_with("+json")
}

/// Builds the payload types; `None` when the spec declares no webhook with a JSON body.
pub fn convert<'a>(builder: &mut TypeBuilder<'a>, parsed: &'a ParsedWebhooks) -> Option<Webhooks> {
    parsed.errors.iter().cloned().for_each(|diagnostic| builder.error(diagnostic));
    builder.warnings.extend(parsed.warnings.iter().cloned());
    if parsed.webhooks.is_empty() {
        return None;
    }
    let union = match parsed.members.as_slice() {
        [_] => None,
        members => {
            let docs = "The body of a webhook delivery: one variant per kind of event.".to_owned();
            let source = UnionSource { members, keyword: "oneOf", discriminator: None, at: parsed.at.clone() };
            Some(builder.union(source, "WebhookPayload", &parsed.at, None, &[], Some(docs), &ObjectParts::default()).ty)
        }
    };
    let events: Vec<Webhook> = parsed
        .webhooks
        .iter()
        .map(|webhook| {
            // A referenced schema has its own type; an inline one is a member of the union (when there
            // is one), so converting it again would only duplicate the type.
            let payload = match (&webhook.schema, &union) {
                (ReferenceOr::Item(_), Some(union)) => union.clone(),
                (schema, _) => {
                    let hint = format!("{}Webhook", type_name(&webhook.name, "Event"));
                    builder.convert(schema_ref(schema), &hint, &webhook.schema_at, None, &[]).ty
                }
            };
            Webhook { name: webhook.name.clone(), payload, pointer: webhook.pointer.clone() }
        })
        .collect();
    let payload = match union {
        Some(union) => union,
        None => events[0].payload.clone(),
    };
    Some(Webhooks { payload, events })
}

impl Webhooks {
    /// Calls `visit` with every type id the webhooks refer to.
    pub fn for_each_id_mut(&mut self, visit: &mut impl FnMut(&mut super::model::TypeId)) {
        self.payload.for_each_id_mut(visit);
        self.events.iter_mut().for_each(|event| event.payload.for_each_id_mut(visit));
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Ir, TypeKind, TypeRef};
    use crate::settings::Settings;

    fn ir(spec: &str, settings: &Settings) -> Result<Ir, crate::Error> {
        let spec = crate::load::load_str(spec, "spec.yaml")?;
        crate::ir::build(&spec, settings)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

    fn post(schema: &str) -> String {
        format!(
            "post: {{requestBody: {{content: {{application/json: {{schema: {schema}}}}}}}, responses: {{'200': {{description: ok}}}}}}"
        )
    }

    #[test]
    fn webhooks_sharing_a_schema_decode_into_it() {
        let event = post("{$ref: '#/components/schemas/Event'}");
        let spec = format!(
            "{HEAD}paths: {{}}\nx-webhooks:\n  b.two: {{{event}}}\n  a.one: {{{event}}}\n\
             components: {{schemas: {{Event: {{type: object, properties: {{id: {{type: string}}}}}}}}}}\n"
        );
        let ir = ir(&spec, &Settings::default()).expect("ir");
        let webhooks = ir.webhooks.expect("webhooks");
        let TypeRef::Named(id) = webhooks.payload else { panic!("{:?}", webhooks.payload) };
        assert_eq!(ir.types[id.0].name, "Event");
        let names: Vec<_> = webhooks.events.iter().map(|event| event.name.as_str()).collect();
        assert_eq!(names, ["a.one", "b.two"]);
        assert_eq!(webhooks.events[0].pointer.to_string(), "#/x-webhooks/a.one");
        assert!(webhooks.events.iter().all(|event| event.payload == webhooks.payload));
    }

    #[test]
    fn tagged_payloads_become_a_union_with_a_fallback() {
        let one = post("{type: object, required: [kind], properties: {kind: {type: string, enum: [one]}}}");
        let two = post("{type: object, required: [kind, n], properties: {kind: {const: two}, n: {type: integer}}}");
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\nwebhooks:\n  one: {{{one}}}\n  two: {{{two}}}\n"
        );
        let ir = ir(&spec, &Settings::default()).expect("ir");
        let webhooks = ir.webhooks.expect("webhooks");
        let TypeRef::Named(id) = webhooks.payload else { panic!("{:?}", webhooks.payload) };
        let TypeKind::Union(union) = &ir.types[id.0].kind else { panic!("{:?}", ir.types[id.0].kind) };
        assert_eq!(ir.types[id.0].name, "WebhookPayload");
        assert_eq!(union.tag, "kind");
        let tags: Vec<_> = union.variants.iter().map(|variant| variant.tag_value.text()).collect();
        assert_eq!(tags, ["one", "two"]);
        assert_eq!(union.fallback, "Unknown");
    }

    #[test]
    fn filtering_operations_keeps_the_webhook_types() {
        let event = post("{$ref: '#/components/schemas/Event'}");
        let spec = format!(
            "{HEAD}paths: {{/a: {{get: {{operationId: getA, responses: {{'204': {{description: none}}}}}}}}}}\n\
             x-webhooks:\n  e: {{{event}}}\n\
             components: {{schemas: {{Event: {{type: object, properties: {{inner: {{$ref: '#/components/schemas/Inner'}}}}}}, \
             Inner: {{type: object, properties: {{id: {{type: string}}}}}}, Unused: {{type: object, properties: {{x: {{type: string}}}}}}}}}}\n"
        );
        let ir = ir(&spec, &Settings::default().include_operation("getA")).expect("ir");
        let names: Vec<_> = ir.types.iter().map(|def| def.name.as_str()).collect();
        assert_eq!(names, ["Event", "Inner"]);
        let TypeRef::Named(id) = ir.webhooks.expect("webhooks").payload else { panic!("named") };
        assert_eq!(ir.types[id.0].name, "Event");
    }

    #[test]
    fn problems_are_reported_with_their_location() {
        let spec = format!("{HEAD}paths: {{}}\nx-webhooks: [nope]\n");
        let error = ir(&spec, &Settings::default()).unwrap_err().to_string();
        assert!(error.contains("#/x-webhooks") && error.contains("must be a mapping"), "{error}");

        let spec = format!("{HEAD}paths: {{}}\nx-webhooks:\n  e: {{$ref: '#/components/pathItems/Missing'}}\n");
        let error = ir(&spec, &Settings::default()).unwrap_err().to_string();
        assert!(
            error.contains("#/x-webhooks/e/$ref") && error.contains("does not point into this document"),
            "{error}"
        );

        let spec = format!("{HEAD}paths: {{}}\nx-webhooks:\n  e: {{post: 5}}\n");
        let error = ir(&spec, &Settings::default()).unwrap_err().to_string();
        assert!(error.contains("#/x-webhooks/e") && error.contains("invalid webhook path item"), "{error}");

        let spec = format!(
            "{HEAD}paths: {{}}\nx-webhooks:\n  ping: {{post: {{responses: {{'200': {{description: ok}}}}}}}}\n"
        );
        let ir = ir(&spec, &Settings::default()).expect("a webhook without a body is not an error");
        assert!(ir.webhooks.is_none());
        let warning = ir.warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        assert!(warning.contains("#/x-webhooks/ping") && warning.contains("no JSON request body"), "{warning}");
    }
}
