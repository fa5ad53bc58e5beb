//! Object shapes: gathering properties and required lists from `properties` and from `allOf` members.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::model::TagValue;
use super::types::TypeBuilder;
use crate::load::{SchemaRef, schema_ref};
use crate::pointer::JsonPointer;

/// Properties and required names of an object, possibly merged from several schemas.
#[derive(Clone, Debug, Default)]
pub struct ObjectParts<'a> {
    /// Property name → its schema and location, in first-seen order.
    pub properties: IndexMap<String, (SchemaRef<'a>, JsonPointer)>,
    /// Names of required properties.
    pub required: BTreeSet<String>,
    /// The first `additionalProperties` that admits undeclared properties (`true` or a schema), with its
    /// location; `false` and absent leave it `None`.
    pub additional: Option<(&'a AdditionalProperties, JsonPointer)>,
}

impl<'a> ObjectParts<'a> {
    /// The parts of a plain object schema.
    pub fn from_properties(
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &JsonPointer,
    ) -> Self {
        let mut parts = ObjectParts::default();
        parts.add_properties(properties, required, at);
        parts
    }

    /// Records an object's `additionalProperties` unless an earlier member already admitted extra ones.
    pub fn add_additional(&mut self, additional: Option<&'a AdditionalProperties>, at: &JsonPointer) {
        if self.additional.is_some() {
            return;
        }
        self.additional = match additional {
            Some(AdditionalProperties::Any(false)) | None => None,
            Some(additional) => Some((additional, at.join("additionalProperties"))),
        };
    }

    /// Merges `allOf` members (refs followed) into one object. A later member's property schema replaces an
    /// earlier one's: in practice later members refine the base they extend.
    pub fn merge_all_of(
        builder: &TypeBuilder<'a>,
        members: &'a [ReferenceOr<Schema>],
        at: &JsonPointer,
    ) -> Result<Self, String> {
        let mut parts = ObjectParts::default();
        for (index, member) in members.iter().enumerate() {
            parts.add(builder, schema_ref(member), &at.join("allOf").join(index), 0)?;
        }
        Ok(parts)
    }

    /// The parts of any object-like schema (plain, a ref, or an allOf).
    pub fn of(builder: &TypeBuilder<'a>, schema: SchemaRef<'a>, at: &JsonPointer) -> Result<Self, String> {
        let mut parts = ObjectParts::default();
        parts.add(builder, schema, at, 0)?;
        Ok(parts)
    }

    /// Adds one more object-like member (a reference, a plain object or an allOf) to these parts.
    pub fn add_member(
        &mut self,
        builder: &TypeBuilder<'a>,
        member: SchemaRef<'a>,
        at: &JsonPointer,
    ) -> Result<(), String> {
        self.add(builder, member, at, 0)
    }

    /// Adds another object's properties (replacing same-named ones), required names and, unless these
    /// parts already admit undeclared properties, its `additionalProperties`.
    pub fn extend(&mut self, other: ObjectParts<'a>) {
        self.properties.extend(other.properties);
        self.required.extend(other.required);
        if self.additional.is_none() {
            self.additional = other.additional;
        }
    }

    /// Whether these parts add nothing to an object: no properties, none required, no undeclared ones.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.required.is_empty() && self.additional.is_none()
    }

    fn add_properties(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &JsonPointer,
    ) {
        for (name, schema) in properties {
            let location = at.join("properties").join(name);
            self.properties.insert(name.clone(), (schema_ref(schema), location));
        }
        self.required.extend(required.iter().cloned());
    }

    fn add(
        &mut self,
        builder: &TypeBuilder<'a>,
        schema: SchemaRef<'a>,
        at: &JsonPointer,
        depth: usize,
    ) -> Result<(), String> {
        if depth > 32 {
            return Err(format!("allOf nesting at {at} is too deep or circular"));
        }
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                let (_, target, location) =
                    builder.component(reference, at).map_err(|diagnostic| diagnostic.message)?;
                return self.add(builder, SchemaRef::Inline(target), &location, depth + 1);
            }
            SchemaRef::Inline(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.add_properties(&object.properties, &object.required, at);
                self.add_additional(object.additional_properties.as_ref(), at);
            }
            SchemaKind::AllOf { all_of } => {
                for (index, member) in all_of.iter().enumerate() {
                    self.add(builder, schema_ref(member), &at.join("allOf").join(index), depth + 1)?;
                }
            }
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() && any.items.is_none() => {
                self.add_properties(&any.properties, &any.required, at);
                self.add_additional(any.additional_properties.as_ref(), at);
                for (index, member) in any.all_of.iter().enumerate() {
                    self.add(builder, schema_ref(member), &at.join("allOf").join(index), depth + 1)?;
                }
            }
            _ => return Err(format!("the member at {at} is not an object")),
        }
        Ok(())
    }

    /// The single value a property is restricted to (`enum: [x]`, `const: x`), such as a union tag: a
    /// string, a boolean or an integer, each kept with its JSON type.
    pub fn single_value(&self, builder: &TypeBuilder<'a>, property: &str) -> Option<TagValue> {
        let schema = self.property_schema(builder, property)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
                [Some(value)] => Some(TagValue::String(value.clone())),
                _ => None,
            },
            SchemaKind::Type(Type::Boolean(boolean)) => match boolean.enumeration.as_slice() {
                [Some(value)] => Some(TagValue::Bool(*value)),
                _ => None,
            },
            SchemaKind::Type(Type::Integer(integer)) => match integer.enumeration.as_slice() {
                [Some(value)] => Some(TagValue::Integer(*value)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Every string a property's `enum` allows (empty when it is not a string enum).
    pub fn string_values(&self, builder: &TypeBuilder<'a>, property: &str) -> Vec<TagValue> {
        match self.property_schema(builder, property).map(|schema| &schema.schema_kind) {
            Some(SchemaKind::Type(Type::String(string))) => {
                string.enumeration.iter().flatten().map(|value| TagValue::String(value.clone())).collect()
            }
            _ => Vec::new(),
        }
    }

    /// A property's schema, references followed.
    pub fn property_schema(&self, builder: &TypeBuilder<'a>, property: &str) -> Option<&'a Schema> {
        let (schema, at) = self.properties.get(property)?;
        match schema {
            SchemaRef::Ref(reference) => Some(builder.component(reference, at).ok()?.1),
            SchemaRef::Inline(schema) => Some(schema),
        }
    }
}
