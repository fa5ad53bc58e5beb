//! Unions: `oneOf`/`anyOf` with a `discriminator` (or a tag property every member pins to one value) as
//! enums tagged by that property, and the rest as untagged enums tried most specific first.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::docs;
use super::model::{
    Scalar, TagValue, TaggedUnion, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant, UntaggedUnion, UntaggedVariant,
};
use super::objects::ObjectParts;
use super::types::TypeBuilder;
use crate::load::{SchemaRef, schema_ref};
use crate::naming::{NameScope, bare, type_name, type_name_part};
use crate::pointer::JsonPointer;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Components referenced only as members of discriminated unions, with the tag properties their structs
/// leave out: the tag of the union they are a member of, after the tags of the unions enclosing that one
/// when it is itself a component used only as a member (`type`, then `anonymous` for Flowglad's product
/// inputs).
///
/// Their structs can leave the tags out, since the enum variants carry them. A component also used
/// elsewhere keeps its tags, and each union gets a payload struct of its own instead.
pub fn variant_only_components(raw: &Value) -> BTreeMap<String, Vec<String>> {
    let mut uses = MemberUses::new();
    let mut other_uses: BTreeSet<String> = BTreeSet::new();
    let schemas = raw.pointer("/components/schemas").and_then(Value::as_object);
    // A union that is a component is the enclosing union of its members; everything else is walked as is.
    for (key, value) in raw.as_object().into_iter().flatten() {
        match (key.as_str(), value.as_object()) {
            ("components", Some(components)) => {
                for (kind, section) in components {
                    match (kind.as_str(), section.as_object()) {
                        ("schemas", Some(section)) => {
                            for (name, schema) in section {
                                walk(schema, Some(name), schemas, &mut uses, &mut other_uses);
                            }
                        }
                        _ => walk(section, None, schemas, &mut uses, &mut other_uses),
                    }
                }
            }
            _ => walk(value, None, schemas, &mut uses, &mut other_uses),
        }
    }
    // A tag property allowing several values stays: it says which value the variant has.
    let several_values = |name: &str, property: &str| {
        let values = schemas.and_then(|schemas| schemas.get(name)?.get("properties")?.get(property)?.get("enum"));
        values.and_then(Value::as_array).is_some_and(|values| values.len() > 1)
    };
    uses.keys()
        .filter_map(|name| {
            let tags = stripped_tags(name, &uses, &other_uses, &mut BTreeSet::new())?;
            let keeps_a_tag = tags.iter().any(|tag| several_values(name, tag));
            (!keeps_a_tag).then(|| (name.clone(), tags))
        })
        .collect()
}

/// Each component's uses as a member of a tagged union: the union's tag and, when the union is itself a
/// component, its name.
type MemberUses = BTreeMap<String, BTreeSet<(String, Option<String>)>>;

/// The tags a variant-only component's struct leaves out, outermost first: every use must agree. When
/// uses disagree only in their enclosing unions, the member's own tag is still left out.
fn stripped_tags(
    name: &str,
    uses: &MemberUses,
    other_uses: &BTreeSet<String>,
    visiting: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if other_uses.contains(name) || !visiting.insert(name.to_owned()) {
        return None;
    }
    let chains: BTreeSet<Vec<String>> = uses
        .get(name)?
        .iter()
        .map(|(tag, enclosing)| {
            let mut chain = enclosing
                .as_deref()
                .and_then(|outer| stripped_tags(outer, uses, other_uses, visiting))
                .unwrap_or_default();
            chain.push(tag.clone());
            chain
        })
        .collect();
    visiting.remove(name);
    let mut chains = chains.into_iter();
    match (chains.next(), chains.next()) {
        (Some(chain), None) => Some(chain),
        (Some(first), Some(_)) => {
            let own: BTreeSet<&String> = uses[name].iter().map(|(tag, _)| tag).collect();
            let tag = first.last().cloned();
            (own.len() == 1).then(|| tag.into_iter().collect())
        }
        _ => None,
    }
}

fn ref_target(value: &Value) -> Option<String> {
    let reference = value.as_object()?.get("$ref")?.as_str()?;
    let name = reference.strip_prefix(SCHEMA_PREFIX)?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

type Schemas = serde_json::Map<String, Value>;

/// Records the union memberships and other uses of components under `value`; `component` names the
/// component `value` is the schema of (its union, if it is one, encloses its members).
fn walk(
    value: &Value,
    component: Option<&String>,
    schemas: Option<&Schemas>,
    uses: &mut MemberUses,
    other_uses: &mut BTreeSet<String>,
) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| walk(item, None, schemas, uses, other_uses)),
        Value::Object(object) => {
            let declared = object.get("discriminator").and_then(|d| d.get("propertyName")).and_then(Value::as_str);
            for (key, child) in object {
                let members = match key.as_str() {
                    "oneOf" | "anyOf" | "allOf" => child.as_array(),
                    _ => None,
                };
                let tag = match (key.as_str(), declared, members) {
                    ("oneOf" | "anyOf", Some(tag), _) => Some(tag.to_owned()),
                    ("oneOf" | "anyOf", None, Some(members)) => raw_inferred_tag(members, schemas),
                    _ => None,
                };
                match members {
                    Some(members) if tag.is_some() || key == "allOf" => {
                        for member in members {
                            match (ref_target(member), &tag) {
                                (Some(name), Some(tag)) => {
                                    uses.entry(name).or_default().insert((tag.clone(), component.cloned()));
                                }
                                // allOf members are merged field by field; their own struct is not used.
                                (Some(_), None) => {}
                                _ => walk(member, None, schemas, uses, other_uses),
                            }
                        }
                    }
                    _ if key == "$ref" => {
                        if let Some(name) = ref_target(value) {
                            other_uses.insert(name);
                        }
                    }
                    _ => walk(child, None, schemas, uses, other_uses),
                }
            }
        }
        _ => {}
    }
}

/// The tag the IR infers for a union without a discriminator (see [`inferred_tag`]), read from the raw
/// document when every member is a reference to a component with plain properties.
fn raw_inferred_tag(members: &[Value], schemas: Option<&Schemas>) -> Option<String> {
    let schemas = schemas?;
    let properties: Vec<&Schemas> = members
        .iter()
        .map(|member| schemas.get(&ref_target(member)?)?.get("properties")?.as_object())
        .collect::<Option<_>>()?;
    let single = |property: &Value| match property.get("enum")?.as_array()?.as_slice() {
        [value @ (Value::String(_) | Value::Bool(_) | Value::Number(_))] => Some(value.to_string()),
        _ => None,
    };
    properties.first()?.keys().find_map(|name| {
        let mut values = BTreeSet::new();
        for member in &properties {
            if !values.insert(single(member.get(name)?)?) {
                return None;
            }
        }
        Some(name.clone())
    })
}

/// Builds the union; `None` (with warnings) when no variant can be generated. `removed` are the tags of
/// the unions this one is a member of (a component used only as such a member), which its payloads
/// leave out.
#[allow(clippy::too_many_arguments)]
pub fn tagged_union<'a>(
    builder: &mut TypeBuilder<'a>,
    members: &[&'a ReferenceOr<Schema>],
    keyword: &str,
    discriminator: &Discriminator,
    id: TypeId,
    at: &JsonPointer,
    removed: &[String],
    shared: &ObjectParts<'a>,
) -> Option<TaggedUnion> {
    let union_name = bare(builder.type_name_of(id)).to_owned();
    tagged_variants(builder, members, keyword, discriminator, &union_name, at, removed, shared)
}

/// The variants of a tagged union named `union_name`. `removed` are the tags of enclosing unions (this one
/// being a member of theirs): their values live in the outer variants, so no payload struct holds them.
/// `shared` are properties every variant has besides its own (declared beside the union).
#[allow(clippy::too_many_arguments)]
fn tagged_variants<'a>(
    builder: &mut TypeBuilder<'a>,
    members: &[&'a ReferenceOr<Schema>],
    keyword: &str,
    discriminator: &Discriminator,
    union_name: &str,
    at: &JsonPointer,
    removed: &[String],
    shared: &ObjectParts<'a>,
) -> Option<TaggedUnion> {
    let tag = discriminator.property_name.as_str();
    let expanded = expand_nested_unions(builder, members, keyword, discriminator, at, 0);
    let members: Vec<&'a ReferenceOr<Schema>> = expanded.iter().map(|(member, _)| *member).collect();
    let member_names = member_names(builder, &members);
    let mut scope = NameScope::default();
    let mut seen_tags = BTreeSet::new();
    let mut variants = Vec::new();
    let mut optional_tag = Vec::new();
    let mut others = Vec::new();
    let shared_values = shared_tag_values(builder, &expanded, discriminator);
    // Tag values several members use: one variant each, whose payload is an untagged union of the
    // members' structs (told apart as untagged members are).
    let mut groups: BTreeMap<TagValue, SharedTag> = BTreeMap::new();
    for (index, (member, member_at)) in expanded.iter().enumerate() {
        let member_at = member_at.clone();
        let member_ref = schema_ref(*member);
        let component = match member_ref {
            SchemaRef::Ref(reference) => match builder.component(reference, &member_at) {
                Ok((name, schema, _)) => Some((reference, name, schema)),
                Err(diagnostic) => {
                    builder.error(diagnostic);
                    continue;
                }
            },
            SchemaRef::Inline(_) => None,
        };
        let schema = match (member_ref, &component) {
            (_, Some((_, _, schema))) => *schema,
            (SchemaRef::Inline(schema), None) => schema,
            (SchemaRef::Ref(_), None) => continue,
        };
        let mapped = component.as_ref().and_then(|(reference, name, _)| mapped_value(discriminator, reference, name));
        // A member that is itself a union: a variant whose payload is that union, tagged by its own property.
        if let Some((inner_keyword, inner_members)) = union_members(schema) {
            let Some(nested) = nested_union(builder, &inner_members, inner_keyword, schema, &member_at, tag) else {
                builder.warn(
                    &member_at,
                    format!(
                        "union variant skipped: its members do not share one `{tag}` value and one tag of their own"
                    ),
                );
                continue;
            };
            let (inner_discriminator, pinned) = nested;
            let tag_value = match (mapped, pinned) {
                (Some(mapped), Some(pinned)) if mapped == pinned.text() => pinned,
                (Some(mapped), _) => TagValue::String(mapped),
                (None, Some(pinned)) => pinned,
                (None, None) => continue,
            };
            if !seen_tags.insert(tag_value.clone()) {
                builder.warn(
                    &member_at,
                    format!("union variant skipped: tag value `{}` is used by an earlier variant", tag_value.text()),
                );
                continue;
            }
            let rust_name = scope.claim(&variant_name_for(&tag_value, member_names[index].as_deref()));
            // A component union used only as a member: its own type, converted without the outer tags.
            let reused = component
                .as_ref()
                .filter(|_| shared.is_empty())
                .and_then(|(_, name, _)| builder.reusable_member(name, removed, tag));
            if let Some(id) = reused {
                builder.former_copy(&format!("{union_name}{}", type_name_part(&rust_name, "Variant")), id, &member_at);
                variants.push(UnionVariant { rust_name, tag_value, other_values: Vec::new(), payload: id });
                continue;
            }
            let inner_name = format!("{union_name}{}", type_name_part(&rust_name, "Variant"));
            let inner_id = builder.reserve_type(&inner_name);
            let inner_name = bare(builder.type_name_of(inner_id)).to_owned();
            let mut inner_removed = removed.to_vec();
            inner_removed.push(tag.to_owned());
            let inner = tagged_variants(
                builder,
                &inner_members,
                inner_keyword,
                &inner_discriminator,
                &inner_name,
                &member_at,
                &inner_removed,
                shared,
            );
            let Some(inner) = inner else { continue };
            builder.fill_type(inner_id, docs::of_schema(schema), TypeKind::Union(inner));
            variants.push(UnionVariant { rust_name, tag_value, other_values: Vec::new(), payload: inner_id });
            continue;
        }
        if is_non_object(schema) {
            // An array or scalar member carries no tag; it is told apart by its JSON kind.
            let wanted = member_names[index].clone().unwrap_or_else(|| format!("Variant{}", index + 1));
            let rust_name = scope.claim(&type_name(&wanted, "Variant"));
            let hint = format!("{union_name}{}", type_name_part(&rust_name, "Variant"));
            let ty = builder.convert(member_ref, &hint, &member_at, None, &[]).ty;
            others.push(UntaggedVariant { rust_name, ty, statuses: Vec::new() });
            continue;
        }
        let mut parts = match ObjectParts::of(builder, member_ref, &member_at) {
            Ok(mut parts) => {
                parts.extend(shared.clone());
                parts
            }
            Err(reason) => {
                builder.warn(&member_at, format!("union variant skipped: {reason}"));
                continue;
            }
        };
        let component_name = component.as_ref().map(|(_, name, _)| name.as_str());
        let Some(mut tag_values) = member_tag_values(builder, &parts, tag, mapped, component_name) else {
            builder.warn(
                &member_at,
                format!(
                    "union variant skipped: its `{tag}` property allows no string value to tell it apart (the variant \
                     is decoded as `Unknown`)"
                ),
            );
            continue;
        };
        let tag_value = tag_values.remove(0);
        let other_values = tag_values;
        if other_values.is_empty() && shared_values.contains(&tag_value) {
            shared_tag_member(
                builder,
                SharedMember {
                    parts,
                    removed,
                    tag,
                    tag_value,
                    member_name: member_names[index].as_deref(),
                    at: &member_at,
                },
                union_name,
                &mut scope,
                &mut variants,
                &mut groups,
            );
            continue;
        }
        if !other_values.is_empty()
            && other_values.iter().any(|value| seen_tags.contains(value) || shared_values.contains(value))
        {
            builder.warn(
                &member_at,
                format!(
                    "union variant skipped: one of its `{tag}` values is used by another variant (objects with it \
                     decode as that variant)"
                ),
            );
            continue;
        }
        seen_tags.extend(other_values.iter().cloned());
        if !seen_tags.insert(tag_value.clone()) {
            builder.warn(
                &member_at,
                format!("union variant skipped: tag value `{}` is used by an earlier variant", tag_value.text()),
            );
            continue;
        }
        if parts.properties.contains_key(tag) && !parts.required.contains(tag) {
            optional_tag.push(variants.len());
        }
        let rust_name = scope.claim(&variant_name_for(&tag_value, member_names[index].as_deref()));
        let reused = component
            .as_ref()
            .filter(|_| shared.is_empty() && other_values.is_empty())
            .and_then(|(_, name, _)| builder.reusable_member(name, removed, tag));
        let payload = match reused {
            Some(id) => id,
            None => {
                let docs = match member_ref {
                    SchemaRef::Inline(schema) => docs::of_schema(schema),
                    SchemaRef::Ref(_) => None,
                };
                for outer in removed {
                    parts.properties.shift_remove(outer);
                    parts.required.remove(outer);
                }
                // A variant for several tag values keeps the tag in its payload: it says which one.
                let strip: Vec<String> = other_values.is_empty().then(|| tag.to_owned()).into_iter().collect();
                builder.derived_struct(
                    &format!("{union_name}{}", type_name_part(&rust_name, "Variant")),
                    parts,
                    &strip,
                    docs,
                )
            }
        };
        variants.push(UnionVariant { rust_name, tag_value, other_values, payload });
    }
    finish_shared_tags(builder, tag, groups);
    if variants.is_empty() {
        builder.warn(at, "no variant of this union could be generated; using a JSON value");
        return None;
    }
    // JSON Schema lets an object leave out a tag its member does not require: with exactly one such
    // member, an object without the tag is that member (Flowglad's `anonymous` false or absent).
    let when_absent = match optional_tag.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    Some(TaggedUnion { tag: tag.to_owned(), variants, when_absent, others, fallback: scope.claim("Unknown") })
}

/// The tag values a member's objects carry: the mapped value, the single value its tag property allows,
/// the several string values its `enum` allows, or (for a component) its name; `None` when nothing says.
fn member_tag_values<'a>(
    builder: &TypeBuilder<'a>,
    parts: &ObjectParts<'a>,
    tag: &str,
    mapped: Option<String>,
    component_name: Option<&str>,
) -> Option<Vec<TagValue>> {
    let pinned = parts.single_value(builder, tag);
    Some(match (mapped, pinned) {
        (Some(mapped), Some(pinned)) if mapped == pinned.text() => vec![pinned],
        (Some(mapped), _) => vec![typed_mapping(builder, parts, tag, mapped)],
        (None, Some(pinned)) => vec![pinned],
        (None, None) => {
            let values = parts.string_values(builder, tag);
            if values.len() > 1 { values } else { vec![TagValue::String(component_name?.to_owned())] }
        }
    })
}

/// The single tag values that more than one plain object member uses.
fn shared_tag_values<'a>(
    builder: &TypeBuilder<'a>,
    members: &[(&'a ReferenceOr<Schema>, JsonPointer)],
    discriminator: &Discriminator,
) -> BTreeSet<TagValue> {
    let tag = discriminator.property_name.as_str();
    let mut seen = BTreeSet::new();
    let mut shared = BTreeSet::new();
    for (member, at) in members {
        let member_ref = schema_ref(*member);
        let (schema, mapped, name) = match member_ref {
            SchemaRef::Ref(reference) => match builder.component(reference, &JsonPointer::root()) {
                Ok((name, schema, _)) => (schema, mapped_value(discriminator, reference, &name), Some(name)),
                Err(_) => continue,
            },
            SchemaRef::Inline(schema) => (schema, None, None),
        };
        if union_members(schema).is_some() || is_non_object(schema) {
            continue;
        }
        let Ok(parts) = ObjectParts::of(builder, member_ref, at) else { continue };
        if let Some([value]) = member_tag_values(builder, &parts, tag, mapped, name.as_deref()).as_deref()
            && !seen.insert(value.clone())
        {
            shared.insert(value.clone());
        }
    }
    shared
}

/// The members with their locations, a member that is itself a union replaced by its own members when it
/// cannot be a nested variant (its members pin different values of `tag`, or it has no tag of its own):
/// each of those then gets the variant of its own tag value.
fn expand_nested_unions<'a>(
    builder: &TypeBuilder<'a>,
    members: &[&'a ReferenceOr<Schema>],
    keyword: &str,
    discriminator: &Discriminator,
    at: &JsonPointer,
    depth: usize,
) -> Vec<(&'a ReferenceOr<Schema>, JsonPointer)> {
    let tag = discriminator.property_name.as_str();
    let mut expanded = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let member_at = at.join(keyword).join(index);
        let (schema, location, mapped) = match member {
            ReferenceOr::Item(schema) => (schema, member_at.clone(), false),
            ReferenceOr::Reference { reference } => match builder.component(reference, &member_at) {
                Ok((name, schema, location)) => {
                    (schema, location, mapped_value(discriminator, reference, &name).is_some())
                }
                Err(_) => {
                    expanded.push((*member, member_at));
                    continue;
                }
            },
        };
        let inner = union_members(schema).filter(|_| depth < 8);
        let nests = inner.as_ref().is_some_and(|(inner_keyword, inner_members)| {
            match nested_union(builder, inner_members, inner_keyword, schema, &location, tag) {
                Some((_, pinned)) => pinned.is_some() || mapped,
                None => false,
            }
        });
        match inner {
            Some((inner_keyword, inner_members)) if !nests => {
                expanded.extend(expand_nested_unions(
                    builder,
                    &inner_members,
                    inner_keyword,
                    discriminator,
                    &location,
                    depth + 1,
                ));
            }
            _ => expanded.push((*member, member_at)),
        }
    }
    expanded
}

/// A variant whose tag value several members use, and the candidates for its payload so far.
struct SharedTag {
    /// The untagged union that is the variant's payload.
    payload: TypeId,
    /// Each member's struct, its name, the properties it requires and where it is.
    candidates: Vec<(TypeId, Option<String>, BTreeSet<String>, JsonPointer)>,
}

/// One member whose tag value another member uses too.
struct SharedMember<'m, 'a> {
    parts: ObjectParts<'a>,
    removed: &'m [String],
    tag: &'m str,
    tag_value: TagValue,
    member_name: Option<&'m str>,
    at: &'m JsonPointer,
}

/// Adds a member to the variant of its (shared) tag value, creating that variant on first sight.
fn shared_tag_member<'a>(
    builder: &mut TypeBuilder<'a>,
    member: SharedMember<'_, 'a>,
    union_name: &str,
    scope: &mut NameScope,
    variants: &mut Vec<UnionVariant>,
    groups: &mut BTreeMap<TagValue, SharedTag>,
) {
    let SharedMember { mut parts, removed, tag, tag_value, member_name, at } = member;
    if !groups.contains_key(&tag_value) {
        let rust_name = scope.claim(&variant_name_for(&tag_value, None));
        let payload = builder.reserve_type(&format!("{union_name}{}", type_name_part(&rust_name, "Variant")));
        builder.locate(payload, at);
        variants.push(UnionVariant { rust_name, tag_value: tag_value.clone(), other_values: Vec::new(), payload });
        groups.insert(tag_value.clone(), SharedTag { payload, candidates: Vec::new() });
    }
    let group = groups.get_mut(&tag_value).expect("inserted above");
    let group_name = bare(builder.type_name_of(group.payload)).to_owned();
    let wanted = member_name.map_or_else(|| format!("Variant{}", group.candidates.len() + 1), str::to_owned);
    for outer in removed {
        parts.properties.shift_remove(outer);
        parts.required.remove(outer);
    }
    let mut required = parts.required.clone();
    required.remove(tag);
    let docs = None;
    let id = builder.derived_struct(
        &format!("{group_name}{}", type_name_part(&wanted, "Variant")),
        parts,
        &[tag.to_owned()],
        docs,
    );
    let group = groups.get_mut(&tag_value).expect("inserted above");
    group.candidates.push((id, member_name.map(str::to_owned), required, at.clone()));
}

/// Fills each shared tag's payload with the untagged union of its members, warning about members that no
/// decoding can tell apart (the same required properties: the first always wins).
fn finish_shared_tags(builder: &mut TypeBuilder<'_>, tag: &str, groups: BTreeMap<TagValue, SharedTag>) {
    for (value, group) in groups {
        for (later, (_, _, required, at)) in group.candidates.iter().enumerate() {
            if let Some((first, ..)) = group.candidates[..later].iter().find(|(_, _, earlier, _)| earlier == required) {
                let first = builder.type_name_of(*first).to_owned();
                builder.warn(
                    at,
                    format!(
                        "this member has `{tag}: {}` and requires the same properties as `{first}`; objects decode as \
                         `{first}`, so this member is only written, never read",
                        value.text()
                    ),
                );
            }
        }
        let members = group.candidates.into_iter().map(|(id, name, _, _)| (TypeRef::Named(id), name)).collect();
        let union = untagged(builder, members);
        builder.fill_type(group.payload, None, TypeKind::Untagged(union));
    }
}

/// Whether a schema describes arrays or scalars, never objects.
pub(super) fn is_non_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => false,
        SchemaKind::Type(_) => true,
        SchemaKind::Any(any) => {
            any.properties.is_empty()
                && any.additional_properties.is_none()
                && (any.items.is_some()
                    || matches!(any.typ.as_deref(), Some("array" | "string" | "integer" | "number" | "boolean")))
        }
        _ => false,
    }
}

/// The members of a `oneOf`/`anyOf` schema (null members left out), with the keyword.
fn union_members(schema: &Schema) -> Option<(&'static str, Vec<&ReferenceOr<Schema>>)> {
    let (keyword, members) = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        _ => return None,
    };
    let members: Vec<&ReferenceOr<Schema>> =
        members.iter().filter(|member| !super::types::is_null_schema(member)).collect();
    (members.len() > 1).then_some((keyword, members))
}

/// For a union member that is itself a union: its own discriminator (declared or inferred), and the value
/// every one of its members pins the outer `tag` to, when they agree (`None` when none pins it).
fn nested_union<'a>(
    builder: &TypeBuilder<'a>,
    members: &[&'a ReferenceOr<Schema>],
    keyword: &str,
    schema: &'a Schema,
    at: &JsonPointer,
    tag: &str,
) -> Option<(Discriminator, Option<TagValue>)> {
    let discriminator = match &schema.schema_data.discriminator {
        Some(discriminator) => discriminator.clone(),
        None => {
            Discriminator { property_name: inferred_tag(builder, members, keyword, at)?, ..Discriminator::default() }
        }
    };
    if discriminator.property_name == tag {
        return None;
    }
    let mut pinned = BTreeSet::new();
    for (index, member) in members.iter().enumerate() {
        let parts = ObjectParts::of(builder, schema_ref(*member), &at.join(keyword).join(index)).ok()?;
        pinned.insert(parts.single_value(builder, tag));
    }
    match pinned.into_iter().collect::<Vec<_>>().as_slice() {
        [single] => Some((discriminator, single.clone())),
        _ => None,
    }
}

/// A mapping key (always a string) read with the type of the member's tag property, so that
/// `mapping: {"true": ..}` on a boolean property is the boolean `true`.
fn typed_mapping(builder: &TypeBuilder<'_>, parts: &ObjectParts<'_>, tag: &str, mapped: String) -> TagValue {
    let typed = parts.property_schema(builder, tag).and_then(|schema| match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(_)) => mapped.parse().ok().map(TagValue::Bool),
        SchemaKind::Type(Type::Integer(_)) => mapped.parse().ok().map(TagValue::Integer),
        _ => None,
    });
    typed.unwrap_or(TagValue::String(mapped))
}

/// A variant is named after its tag when the tag is a string, and after its member otherwise (`true`
/// says nothing; `StandardSubscriptionRecord` does).
fn variant_name_for(tag_value: &TagValue, member_name: Option<&str>) -> String {
    match (tag_value, member_name) {
        (TagValue::String(value), _) => type_name(value, "Variant"),
        (_, Some(name)) => type_name(name, "Variant"),
        (other, None) => type_name(
            &format!(
                "{}_{}",
                match other {
                    TagValue::Integer(_) => "Value",
                    _ => "",
                },
                other.text()
            ),
            "Variant",
        ),
    }
}

/// The members' names (a component's name, or an inline member's title) without the words they all end
/// with: `StandardSubscriptionRecord` and `NonRenewingSubscriptionRecord` give `Standard` and `NonRenewing`.
fn member_names(builder: &TypeBuilder<'_>, members: &[&ReferenceOr<Schema>]) -> Vec<Option<String>> {
    let names: Vec<Option<String>> = members
        .iter()
        .map(|member| match member {
            ReferenceOr::Reference { reference } => {
                builder.component(reference, &JsonPointer::root()).ok().map(|(name, _, _)| type_name(&name, "Variant"))
            }
            ReferenceOr::Item(schema) => schema.schema_data.title.as_deref().map(|title| type_name(title, "Variant")),
        })
        .collect();
    let words: Vec<Option<Vec<String>>> = names.iter().map(|name| name.as_deref().map(camel_words)).collect();
    let known: Vec<&Vec<String>> = words.iter().flatten().collect();
    if known.len() < 2 {
        return names;
    }
    let shortest = known.iter().map(|words| words.len()).min().unwrap_or(0);
    let mut common = 0;
    while common + 1 < shortest {
        let word = &known[0][known[0].len() - 1 - common];
        if known.iter().all(|words| &words[words.len() - 1 - common] == word) {
            common += 1;
        } else {
            break;
        }
    }
    words.into_iter().map(|words| words.map(|words| words[..words.len() - common].concat())).collect()
}

/// The words of an `UpperCamelCase` name (`NonRenewingRecord` → `Non`, `Renewing`, `Record`).
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The discriminator value whose mapping names this component.
fn mapped_value(discriminator: &Discriminator, reference: &str, name: &str) -> Option<String> {
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| target.as_str() == reference || target.as_str() == name)
        .map(|(value, _)| value.clone())
}

/// A property that every member restricts to a single value, all different: the tag a discriminator
/// would have named. Checked in the first member's property order, so the choice is stable.
pub fn inferred_tag<'a>(
    builder: &TypeBuilder<'a>,
    members: &[&'a ReferenceOr<Schema>],
    keyword: &str,
    at: &JsonPointer,
) -> Option<String> {
    let parts: Vec<ObjectParts<'a>> = members
        .iter()
        .enumerate()
        .map(|(index, member)| ObjectParts::of(builder, schema_ref(*member), &at.join(keyword).join(index)).ok())
        .collect::<Option<_>>()?;
    let first = parts.first()?;
    first.properties.keys().find_map(|property| {
        let mut values = BTreeSet::new();
        for member in &parts {
            if !values.insert(member.single_value(builder, property)?) {
                return None;
            }
        }
        Some(property.clone())
    })
}

/// An untagged union over already converted members (with an optional name from the member's title).
/// The order is settled by [`order_untagged`] once every type is converted.
pub fn untagged(builder: &TypeBuilder<'_>, members: Vec<(TypeRef, Option<String>)>) -> UntaggedUnion {
    let mut scope = NameScope::default();
    let mut variants: Vec<UntaggedVariant> = Vec::new();
    for (ty, title) in members {
        if variants.iter().any(|variant| variant.ty == ty) {
            continue;
        }
        let wanted = title.map(|title| type_name(&title, "Variant")).unwrap_or_else(|| variant_name(builder, &ty));
        variants.push(UntaggedVariant { rust_name: scope.claim(&wanted), ty, statuses: Vec::new() });
    }
    UntaggedUnion { variants, fallback: scope.claim("Unknown") }
}

/// Orders every untagged union's variants so that a value decodes as the most specific one it fits
/// (serde tries them in order). Equally specific variants keep their order in the spec.
pub fn order_untagged(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let TypeKind::Untagged(union) = &types[index].kind else { continue };
        let mut variants = union.variants.clone();
        variants.sort_by_key(|variant| {
            let (rank, (required, total)) = specificity(types, &variant.ty, 0);
            (rank, std::cmp::Reverse(required), std::cmp::Reverse(total))
        });
        if let TypeKind::Untagged(union) = &mut types[index].kind {
            union.variants = variants;
        }
    }
}

/// Lower ranks are tried first: objects with more required properties, then other objects, unions,
/// maps, arrays, closed-world scalars, and strings last (a string enum with a fallback takes any string).
/// A struct that takes any object (no required property, or only ones that accept anything) comes after
/// every other object-like variant, which it would otherwise shadow.
fn specificity(types: &[TypeDef], ty: &TypeRef, depth: usize) -> (usize, (usize, usize)) {
    match ty {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(fields) => {
                let strict = fields
                    .iter()
                    .filter(|field| field.required && !field.flatten && !accepts_anything(types, &field.ty))
                    .count();
                if strict == 0 {
                    return (2, (0, fields.len()));
                }
                (0, (strict, fields.len()))
            }
            TypeKind::Union(_) | TypeKind::Untagged(_) => (1, (0, 0)),
            TypeKind::Alias(target) if depth < 32 => specificity(types, target, depth + 1),
            TypeKind::Alias(_) => (10, (0, 0)),
            TypeKind::Enum(_) => (8, (0, 0)),
        },
        TypeRef::Map(_) => (2, (0, usize::MAX)),
        // Takes `null` besides what its inner type takes, so it is tried after that type would be.
        TypeRef::Nullable(inner) if depth < 32 => specificity(types, inner, depth + 1),
        TypeRef::Nullable(_) => (10, (0, 0)),
        TypeRef::Array(_) => (3, (0, 0)),
        TypeRef::Scalar(Scalar::Bool) => (4, (0, 0)),
        TypeRef::Scalar(Scalar::I32 | Scalar::I64 | Scalar::UnixSeconds | Scalar::UnixMillis) => (5, (0, 0)),
        TypeRef::Scalar(Scalar::F32 | Scalar::F64) => (6, (0, 0)),
        TypeRef::Scalar(Scalar::DateTime | Scalar::Date) => (7, (0, 0)),
        TypeRef::Scalar(Scalar::String | Scalar::Bytes) | TypeRef::External(_) => (9, (0, 0)),
        TypeRef::Json => (10, (0, 0)),
    }
}

/// Whether a type is a bare JSON value (an empty or description-only schema), directly or through aliases.
pub fn accepts_anything(types: &[TypeDef], ty: &TypeRef) -> bool {
    let mut current = ty;
    for _ in 0..=types.len() {
        match current {
            TypeRef::Json => return true,
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(target) => current = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

fn variant_name(builder: &TypeBuilder<'_>, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => bare(builder.type_name_of(*id)).to_owned(),
        TypeRef::Scalar(Scalar::String) => "String".to_owned(),
        TypeRef::Scalar(Scalar::Bool) => "Boolean".to_owned(),
        TypeRef::Scalar(Scalar::I32 | Scalar::I64) => "Integer".to_owned(),
        TypeRef::Scalar(Scalar::F32 | Scalar::F64) => "Number".to_owned(),
        TypeRef::Scalar(Scalar::DateTime) => "DateTime".to_owned(),
        TypeRef::Scalar(Scalar::Date) => "Date".to_owned(),
        TypeRef::Scalar(Scalar::UnixSeconds | Scalar::UnixMillis) => "Timestamp".to_owned(),
        TypeRef::Scalar(Scalar::Bytes) => "Bytes".to_owned(),
        TypeRef::Array(item) => format!("{}List", variant_name(builder, item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(builder, value)),
        TypeRef::Nullable(inner) => format!("Optional{}", variant_name(builder, inner)),
        TypeRef::External(path) => type_name(path.rsplit("::").next().unwrap_or(path), "External"),
        TypeRef::Json => "Value".to_owned(),
    }
}
