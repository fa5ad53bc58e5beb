//! Composition: `allOf`, and `allOf`/`oneOf`/`anyOf` beside keywords of their own (`properties`,
//! `required`, `additionalProperties`, `nullable`). Each keeps its one obvious type:
//!
//! - a member that only annotates (docs, `nullable`, an empty `type: object`) adds nothing;
//! - one shaping member is that member's type, unless the schema requires properties the member leaves
//!   optional: then a struct derived from it, named from where it is used;
//! - members that are all scalars or arrays (a string alias and `maxLength`) are the first one's type;
//! - a member that is a union, with object members or properties beside it, is that union with those
//!   properties in each variant;
//! - anything else is one struct of every member's properties.

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::model::{TypeId, TypeRef};
use super::objects::ObjectParts;
use super::types::{Shape, TypeBuilder};
use crate::load::schema_ref;
use crate::pointer::JsonPointer;

/// The members of a union (`oneOf` or `anyOf`) and its declared discriminator.
pub(super) struct UnionSource<'a> {
    pub members: &'a [ReferenceOr<Schema>],
    pub keyword: &'static str,
    pub discriminator: Option<&'a openapiv3::Discriminator>,
    /// Where the members are (`{at}/{keyword}/{index}`).
    pub at: JsonPointer,
}

impl<'a> TypeBuilder<'a> {
    /// A schema the typed model could not classify because it combines composition with other keywords.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn composite(
        &mut self,
        schema: &'a Schema,
        any: &'a AnySchema,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        strip: &[String],
        docs: Option<String>,
    ) -> Shape {
        let mut own = ObjectParts::from_properties(&any.properties, &any.required, at);
        own.add_additional(any.additional_properties.as_ref(), at);
        let union = match (any.one_of.is_empty(), any.any_of.is_empty()) {
            (true, true) => None,
            (false, true) => Some(("oneOf", &any.one_of)),
            (true, false) => Some(("anyOf", &any.any_of)),
            (false, false) => {
                self.warn(
                    at,
                    "`oneOf` and `anyOf` side by side have no single Rust type; using a JSON value (the value is \
                     sent and read untyped)",
                );
                return Shape::of(TypeRef::Json);
            }
        };
        match union {
            Some((keyword, members)) => {
                // Properties and `allOf` object members beside the union are shared by every variant.
                let mut shared = match ObjectParts::merge_all_of(self, &any.all_of, at) {
                    Ok(parts) => parts,
                    Err(reason) => return self.unmergeable(at, &reason),
                };
                shared.extend(own);
                let source = UnionSource {
                    members,
                    keyword,
                    discriminator: schema.schema_data.discriminator.as_ref(),
                    at: at.clone(),
                };
                self.union(source, hint, at, slot, strip, docs, &shared)
            }
            None => self.all_of(&any.all_of, own, hint, at, slot, strip, docs),
        }
    }

    /// `allOf` members, with `own` the properties the schema declares beside them.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn all_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: ObjectParts<'a>,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        strip: &[String],
        docs: Option<String>,
    ) -> Shape {
        let shaping: Vec<(usize, &'a ReferenceOr<Schema>)> =
            members.iter().enumerate().filter(|(_, member)| !adds_no_structure(member)).collect();
        if let Some(shape) = self.all_of_union(&shaping, &own, hint, at, slot, docs.clone()) {
            return shape;
        }
        if own.properties.is_empty() {
            // `allOf: [$ref]`, or `[$ref, {description: ..}]`, is how OpenAPI 3.0 attaches `nullable` or docs
            // to a reference: the type is the reference's, not a copy of its fields.
            if let [(index, only)] = shaping.as_slice()
                && !self.requires_more(only, &own, &at.join("allOf").join(index))
            {
                return self.convert(schema_ref(only), hint, &at.join("allOf").join(index), slot, strip);
            }
            // Scalars and arrays only refine each other (a string alias and a `maxLength`): the first one
            // says what the value is.
            if let Some((index, first)) = shaping.first()
                && shaping.iter().all(|(_, member)| self.is_non_object(member))
            {
                return self.convert(schema_ref(first), hint, &at.join("allOf").join(index), slot, strip);
            }
        }
        match ObjectParts::merge_all_of(self, members, at) {
            Ok(mut parts) => {
                parts.extend(own);
                self.object(parts, None, hint, at, slot, strip, docs)
            }
            Err(reason) => self.unmergeable(at, &reason),
        }
    }

    /// An `allOf` with a union among its members: that union, every other member's properties (and the
    /// schema's own) added to each variant. `None` when no member is a union, or several are.
    fn all_of_union(
        &mut self,
        shaping: &[(usize, &'a ReferenceOr<Schema>)],
        own: &ObjectParts<'a>,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        docs: Option<String>,
    ) -> Option<Shape> {
        let unions: Vec<(usize, UnionSource<'a>)> = shaping
            .iter()
            .filter_map(|(index, member)| Some((*index, self.union_source(member, &at.join("allOf").join(index))?)))
            .collect();
        let [(union_index, _)] = unions.as_slice() else { return None };
        let union_index = *union_index;
        let mut shared = ObjectParts::default();
        for (index, member) in shaping {
            if *index == union_index {
                continue;
            }
            if let Err(reason) = shared.add_member(self, schema_ref(member), &at.join("allOf").join(index)) {
                return Some(self.unmergeable(at, &reason));
            }
        }
        shared.extend(own.clone());
        let (_, source) = unions.into_iter().next()?;
        Some(self.union(source, hint, at, slot, &[], docs, &shared))
    }

    /// The union a member is (inline, or through a reference to a component that is one).
    pub(super) fn union_source(&self, member: &'a ReferenceOr<Schema>, at: &JsonPointer) -> Option<UnionSource<'a>> {
        let (schema, at) = match member {
            ReferenceOr::Item(schema) => (schema, at.clone()),
            ReferenceOr::Reference { reference } => {
                let (_, schema, location) = self.component(reference, at).ok()?;
                (schema, location)
            }
        };
        let (keyword, members) = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => ("oneOf", one_of),
            SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
            SchemaKind::Any(any) if any.all_of.is_empty() && any.properties.is_empty() => {
                match (any.one_of.is_empty(), any.any_of.is_empty()) {
                    (false, true) => ("oneOf", &any.one_of),
                    (true, false) => ("anyOf", &any.any_of),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(UnionSource { members, keyword, discriminator: schema.schema_data.discriminator.as_ref(), at })
    }

    /// Whether the schema's own `required` names properties the member declares but leaves optional.
    fn requires_more(&self, member: &'a ReferenceOr<Schema>, own: &ObjectParts<'a>, at: &JsonPointer) -> bool {
        if own.required.is_empty() {
            return false;
        }
        match ObjectParts::of(self, schema_ref(member), at) {
            Ok(parts) => {
                own.required.iter().any(|name| parts.properties.contains_key(name) && !parts.required.contains(name))
            }
            Err(_) => false,
        }
    }

    /// Whether a member (references followed) describes arrays or scalars, never objects.
    fn is_non_object(&self, member: &'a ReferenceOr<Schema>) -> bool {
        let schema = match member {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => match self.component(reference, &JsonPointer::root()) {
                Ok((_, schema, _)) => schema,
                Err(_) => return false,
            },
        };
        super::unions::is_non_object(schema)
    }

    fn unmergeable(&mut self, at: &JsonPointer, reason: &str) -> Shape {
        self.warn(
            at,
            format!(
                "allOf cannot be merged into one struct ({reason}); using a JSON value (the value is sent and read \
                 untyped)"
            ),
        );
        Shape::of(TypeRef::Json)
    }
}

/// A member that only describes (docs, examples, `nullable`, an empty `type: object`) and adds no
/// structure.
pub(super) fn adds_no_structure(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else { return false };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.is_empty() && object.required.is_empty() && object.additional_properties.is_none()
        }
        SchemaKind::Any(any) => {
            matches!(any.typ.as_deref(), None | Some("object"))
                && any.properties.is_empty()
                && any.required.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.format.is_none()
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Ir, TypeKind};
    use crate::settings::Settings;

    fn ir(schemas: &str) -> Ir {
        let text = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = crate::load::load_str(&text, "spec.yaml").expect("loads");
        crate::ir::build(&spec, &Settings::default()).expect("builds")
    }

    fn kind<'i>(ir: &'i Ir, name: &str) -> &'i TypeKind {
        &ir.types.iter().find(|def| def.name == name).unwrap_or_else(|| panic!("no type {name}")).kind
    }

    const BASE: &str = "    Base: {type: object, properties: {a: {type: string}, b: {type: integer}}}\n";

    #[test]
    fn a_ref_beside_required_is_a_struct_requiring_those_fields() {
        let ir = ir(&format!("{BASE}    Strict: {{$ref: '#/components/schemas/Base', required: [a]}}\n"));
        let TypeKind::Struct(fields) = kind(&ir, "Strict") else { panic!("{:?}", kind(&ir, "Strict")) };
        let required: Vec<(&str, bool)> =
            fields.iter().map(|field| (field.wire_name.as_str(), field.required)).collect();
        assert_eq!(required, [("a", true), ("b", false)]);
        assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
    }

    #[test]
    fn a_ref_beside_annotations_only_is_the_referenced_type() {
        let ir = ir(&format!("{BASE}    Same: {{$ref: '#/components/schemas/Base', required: [], readOnly: true}}\n"));
        assert!(matches!(kind(&ir, "Same"), TypeKind::Alias(_)), "{:?}", kind(&ir, "Same"));
    }

    #[test]
    fn what_stays_untyped_is_warned_about_at_its_pointer() {
        let ir = ir("    Both: {oneOf: [{type: string}, {type: integer}], anyOf: [{type: string}, {type: boolean}]}\n");
        let warnings: Vec<String> = ir.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings.iter().any(|warning| warning.contains("#/components/schemas/Both") && warning.contains("untyped")),
            "{warnings:?}"
        );
    }
}
