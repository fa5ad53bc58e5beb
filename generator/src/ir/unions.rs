//! Discriminated unions: `oneOf`/`anyOf` with a `discriminator`, as enums tagged by a property.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Discriminator, ReferenceOr, Schema};
use serde_json::Value;

use super::docs;
use super::model::{TaggedUnion, TypeId, UnionVariant};
use super::objects::ObjectParts;
use super::types::TypeBuilder;
use crate::load::{SchemaRef, schema_ref};
use crate::naming::{NameScope, bare, type_name};
use crate::pointer::JsonPointer;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Components referenced only as members of discriminated unions (all with the same tag property).
///
/// Their structs can leave the tag out, since the enum variant carries it. A component also used
/// elsewhere keeps its tag, and each union gets a payload struct of its own instead.
pub fn variant_only_components(raw: &Value) -> BTreeMap<String, String> {
    let mut tags: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut other_uses: BTreeSet<String> = BTreeSet::new();
    walk(raw, &mut tags, &mut other_uses);
    tags.into_iter()
        .filter(|(name, _)| !other_uses.contains(name))
        .filter_map(|(name, properties)| {
            let mut properties = properties.into_iter();
            match (properties.next(), properties.next()) {
                (Some(property), None) => Some((name, property)),
                _ => None,
            }
        })
        .collect()
}

fn ref_target(value: &Value) -> Option<String> {
    let reference = value.as_object()?.get("$ref")?.as_str()?;
    let name = reference.strip_prefix(SCHEMA_PREFIX)?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

fn walk(value: &Value, tags: &mut BTreeMap<String, BTreeSet<String>>, other_uses: &mut BTreeSet<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| walk(item, tags, other_uses)),
        Value::Object(object) => {
            let tag = object.get("discriminator").and_then(|d| d.get("propertyName")).and_then(Value::as_str);
            for (key, child) in object {
                let members = match (key.as_str(), tag) {
                    ("oneOf" | "anyOf", Some(_)) | ("allOf", _) => child.as_array(),
                    _ => None,
                };
                match members {
                    Some(members) => {
                        for member in members {
                            match (ref_target(member), key.as_str(), tag) {
                                (Some(name), "oneOf" | "anyOf", Some(tag)) => {
                                    tags.entry(name).or_default().insert(tag.to_owned());
                                }
                                // allOf members are merged field by field; their own struct is not used.
                                (Some(_), "allOf", _) => {}
                                _ => walk(member, tags, other_uses),
                            }
                        }
                    }
                    None if key == "$ref" => {
                        if let Some(name) = ref_target(value) {
                            other_uses.insert(name);
                        }
                    }
                    None => walk(child, tags, other_uses),
                }
            }
        }
        _ => {}
    }
}

/// Builds the union; `None` (with warnings) when no variant can be generated.
pub fn tagged_union<'a>(
    builder: &mut TypeBuilder<'a>,
    members: &[&'a ReferenceOr<Schema>],
    keyword: &str,
    discriminator: &'a Discriminator,
    id: TypeId,
    at: &JsonPointer,
) -> Option<TaggedUnion> {
    let tag = discriminator.property_name.as_str();
    let union_name = bare(builder.type_name_of(id)).to_owned();
    let mut scope = NameScope::default();
    let mut seen_tags = BTreeSet::new();
    let mut variants = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let member_at = at.join(keyword).join(index);
        let member_ref = schema_ref(*member);
        let parts = match ObjectParts::of(builder, member_ref, &member_at) {
            Ok(parts) => parts,
            Err(reason) => {
                builder.warn(&member_at, format!("union variant skipped: {reason}"));
                continue;
            }
        };
        let component = match member_ref {
            SchemaRef::Ref(reference) => match builder.component(reference, &member_at) {
                Ok((name, _, _)) => Some((reference, name)),
                Err(diagnostic) => {
                    builder.error(diagnostic);
                    continue;
                }
            },
            SchemaRef::Inline(_) => None,
        };
        let mapped = component.as_ref().and_then(|(reference, name)| mapped_value(discriminator, reference, name));
        let tag_value = match (mapped, parts.single_value(builder, tag), &component) {
            (Some(value), _, _) | (None, Some(value), _) => value,
            (None, None, Some((_, name))) => name.clone(),
            (None, None, None) => {
                builder.warn(&member_at, format!("union variant skipped: its `{tag}` property is not a single value"));
                continue;
            }
        };
        if !seen_tags.insert(tag_value.clone()) {
            builder.warn(
                &member_at,
                format!("union variant skipped: tag value `{tag_value}` is used by an earlier variant"),
            );
            continue;
        }
        let rust_name = scope.claim(&type_name(&tag_value, "Variant"));
        let reused = match &component {
            Some((_, name)) if builder.stripped_tag(name) == Some(tag) => builder.component_id(name),
            _ => None,
        };
        let payload = match reused {
            Some(id) => id,
            None => {
                let docs = match member_ref {
                    SchemaRef::Inline(schema) => docs::of_schema(schema),
                    SchemaRef::Ref(_) => None,
                };
                builder.derived_struct(&format!("{union_name}{}", bare(&rust_name)), parts, tag, docs)
            }
        };
        variants.push(UnionVariant { rust_name, tag_value, payload });
    }
    if variants.is_empty() {
        builder.warn(at, "no variant of this union could be generated; using a JSON value");
        return None;
    }
    Some(TaggedUnion { tag: tag.to_owned(), variants, fallback: scope.claim("Unknown") })
}

/// The discriminator value whose mapping names this component.
fn mapped_value(discriminator: &Discriminator, reference: &str, name: &str) -> Option<String> {
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| target.as_str() == reference || target.as_str() == name)
        .map(|(value, _)| value.clone())
}
