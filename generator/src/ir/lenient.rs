//! The `lenient-responses` setting: the required properties of every type that appears in data the API
//! sends may be missing from that data. The data the API sends is every operation's success and error
//! bodies, its server-sent events, and its webhook payloads (which the crate only ever decodes, from the
//! same server). A type also used in a request body becomes lenient too; `new` still takes every
//! required value, so requests built with it are encoded as before.

use super::model::{Operation, ResponseBody, TypeDef, TypeId, TypeKind, TypeRef, Webhooks};
use super::unions::accepts_anything;

/// Marks as lenient every required, non-nullable field of the structs reachable from what the API sends,
/// following references, unions, arrays, maps and aliases. Fields that already accept anything (a JSON
/// value, which decodes an absent key as `null`) and nullable ones (already an `Option`) are left as
/// they are, as is a tagged union's tag, which no payload struct holds.
pub fn mark(types: &mut [TypeDef], operations: &[Operation], webhooks: Option<&Webhooks>) {
    let mut roots = Vec::new();
    for operation in operations {
        if let ResponseBody::Json { ty, .. } = &operation.success {
            roots.push(ty);
        }
        roots.push(&operation.errors.body);
        roots.extend(&operation.events);
        roots.extend(operation.lines.as_ref().map(|lines| &lines.item));
    }
    if let Some(webhooks) = webhooks {
        roots.push(&webhooks.payload);
        roots.extend(webhooks.events.iter().map(|webhook| &webhook.payload));
    }
    let reached = reachable(types, roots);
    let mut marked = Vec::new();
    for (index, def) in types.iter().enumerate() {
        let TypeKind::Struct(fields) = &def.kind else { continue };
        if !reached[index] {
            continue;
        }
        for (position, field) in fields.iter().enumerate() {
            if field.in_constructor() && !accepts_anything(types, &field.ty) {
                marked.push((index, position));
            }
        }
    }
    for &(index, position) in &marked {
        if let TypeKind::Struct(fields) = &mut types[index].kind {
            fields[position].lenient = true;
        }
    }
}

/// Which types a value of one of `roots` can contain, at any depth.
fn reachable(types: &[TypeDef], roots: Vec<&TypeRef>) -> Vec<bool> {
    let mut reached = vec![false; types.len()];
    let mut pending: Vec<TypeId> = Vec::new();
    for root in roots {
        named_in(root, &mut pending);
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut reached[id.0], true) {
            continue;
        }
        match &types[id.0].kind {
            TypeKind::Struct(fields) => fields.iter().for_each(|field| named_in(&field.ty, &mut pending)),
            TypeKind::Union(union) => {
                pending.extend(union.variants.iter().map(|variant| variant.payload));
                union.others.iter().for_each(|variant| named_in(&variant.ty, &mut pending));
            }
            TypeKind::Untagged(union) => union.variants.iter().for_each(|variant| named_in(&variant.ty, &mut pending)),
            TypeKind::Alias(target) => named_in(target, &mut pending),
            TypeKind::Enum(_) => {}
        }
    }
    reached
}

/// The generated types a use of a type names directly (through arrays and maps).
fn named_in(ty: &TypeRef, out: &mut Vec<TypeId>) {
    let mut current = ty;
    loop {
        match current {
            TypeRef::Named(id) => return out.push(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => current = inner,
            TypeRef::Scalar(_) | TypeRef::External(_) | TypeRef::Json => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::settings::Settings;

    fn lenient_fields(spec: &str) -> Vec<String> {
        let spec = load::load_str(spec, "spec.yaml").expect("spec loads");
        let ir = crate::ir::build(&spec, &Settings::default().lenient_responses(true)).expect("IR builds");
        let mut names = Vec::new();
        for def in &ir.types {
            if let TypeKind::Struct(fields) = &def.kind {
                names.extend(
                    fields
                        .iter()
                        .filter(|field| field.lenient)
                        .map(|field| format!("{}.{}", def.name, field.rust_name)),
                );
            }
        }
        names.sort();
        names
    }

    #[test]
    fn follows_responses_errors_events_and_webhooks_but_not_request_only_types() {
        let spec = r##"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewThing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
        '400':
          description: bad
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
webhooks:
  pinged:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Ping'}
      responses: {'204': {description: ok}}
components:
  schemas:
    NewThing:
      type: object
      required: [name]
      properties: {name: {type: string}}
    Thing:
      type: object
      required: [id, owner, tags, anything, note]
      properties:
        id: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
        tags: {type: object, additionalProperties: {$ref: '#/components/schemas/Tag'}}
        anything: {description: any JSON}
        note: {type: [string, 'null']}
        extra: {type: string}
    Owner:
      oneOf:
        - {$ref: '#/components/schemas/User'}
        - {$ref: '#/components/schemas/Bot'}
      discriminator: {propertyName: kind}
    User:
      type: object
      required: [kind, login]
      properties: {kind: {type: string, enum: [user]}, login: {type: string}}
    Bot:
      type: object
      required: [kind, app]
      properties: {kind: {type: string, enum: [bot]}, app: {type: string}}
    Tag:
      type: object
      required: [label]
      properties: {label: {type: string}}
    Tick:
      type: object
      required: [at]
      properties: {at: {type: integer}}
    Problem:
      type: object
      required: [message]
      properties: {message: {type: string}}
    Ping:
      type: object
      required: [zen]
      properties: {zen: {type: string}}
"##;
        assert_eq!(
            lenient_fields(spec),
            [
                "Bot.app",
                "Ping.zen",
                "Problem.message",
                "Tag.label",
                "Thing.id",
                "Thing.owner",
                "Thing.tags",
                "Tick.at",
                "User.login"
            ],
            "the union's tag, the field accepting anything, the nullable and optional fields and the request-only \
             type stay as they are"
        );
    }

    #[test]
    fn nothing_is_lenient_by_default() {
        let spec = load::load_str(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, required: [a], properties: {a: {type: string}}}\n",
            "spec.yaml",
        )
        .expect("spec loads");
        let ir = crate::ir::build(&spec, &Settings::default()).expect("IR builds");
        let lenient = ir
            .types
            .iter()
            .any(|def| matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(|field| field.lenient)));
        assert!(!lenient);
    }
}
