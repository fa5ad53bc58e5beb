//! Schemas to types. Named schemas are reserved first, then converted in document order; inline schemas
//! are named from where they appear (`{Parent}{Field}`, `{Operation}Body`), never from a counter.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::compose::UnionSource;
use super::docs;
use super::model::{EnumVariant, Field, Scalar, StringEnum, TypeDef, TypeId, TypeKind, TypeRef};
use super::objects::ObjectParts;
use crate::error::Diagnostic;
use crate::load::{SchemaRef, resolve_ref, schema_ref};
use crate::naming::{
    CLIENT_ROOT_NAMES, EVENTS_ROOT_NAME, NameScope, ROOT_CLASH_SUFFIX, VALUE_ROOT_NAMES, bare, type_name,
    type_name_part, value_name,
};
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// A converted schema use: the type and whether `null` is allowed.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The value type.
    pub ty: TypeRef,
    /// Whether the schema allows `null`.
    pub nullable: bool,
}

impl Shape {
    pub(super) fn of(ty: TypeRef) -> Self {
        Shape { ty, nullable: false }
    }

    /// The type of an array item or map value of this shape: `Option` when it may be `null` (a JSON
    /// value already admits `null`).
    pub(super) fn element(self) -> TypeRef {
        match self.ty {
            ty @ TypeRef::Json => ty,
            ty if self.nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }
}

/// A reserved type id: its final name, and its docs and kind once converted.
struct Slot {
    name: String,
    body: Option<(Option<String>, TypeKind)>,
    /// The first location the type was converted from.
    pointer: Option<JsonPointer>,
    /// Whether it is an alias keeping a former name (see [`TypeBuilder::former_copy`]).
    former_name: bool,
}

/// Converts schemas into [`TypeDef`]s, collecting errors and warnings.
pub struct TypeBuilder<'a> {
    pub(super) document: &'a OpenAPI,
    pub(super) label: &'a str,
    /// Every type: name from the moment its id is reserved, docs and kind once converted.
    slots: Vec<Slot>,
    components: IndexMap<String, TypeId>,
    /// Components the settings replace with an existing Rust type.
    replaced: BTreeMap<String, String>,
    names: NameScope,
    /// Components used only as union variants: their struct leaves out these tag properties.
    strip_tag: BTreeMap<String, Vec<String>>,
    /// Guards against schemas nested deeper than any real spec, which would exhaust the stack.
    depth: usize,
    /// Aliases standing for the copies a union's member union once got (see [`Self::former_copy`]),
    /// whose own variants' copies are named after them once every type is converted.
    former_unions: Vec<(String, TypeId)>,
    /// Component types whose schema is deprecated.
    deprecated: BTreeSet<TypeId>,
    /// Whether `format: binary` strings become bytes (inside multipart bodies) rather than strings.
    pub(super) binary_strings: bool,
    /// The `itemSchema`s of an OpenAPI 3.2 document, which the typed document does not hold.
    pub(super) item_schemas: Option<&'a super::sequential::ItemSchemas>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

/// What the type builder reads from the spec's JSON.
pub struct BuilderFacts {
    /// Component schemas whose tag property is dropped where they are union variants.
    strip_tag: BTreeMap<String, Vec<String>>,
    /// Whether some response is a server-sent event stream (then the crate exports `Event`).
    offers_events: bool,
}

impl BuilderFacts {
    /// Reads them from the spec's JSON.
    pub fn read(raw: &serde_json::Value) -> Self {
        BuilderFacts { strip_tag: super::unions::variant_only_components(raw), offers_events: offers_events(raw) }
    }
}

/// The names the generated crate exports at its root, which schemas are kept away from.
fn root_names(offers_events: bool, settings: &Settings) -> Vec<&'static str> {
    let mut names = VALUE_ROOT_NAMES.to_vec();
    if !settings.types_only {
        names.extend(CLIENT_ROOT_NAMES);
        if offers_events {
            names.push(EVENTS_ROOT_NAME);
        }
    }
    names
}

/// Whether a response of some operation offers `text/event-stream` (then the crate exports `Event`).
fn offers_events(raw: &serde_json::Value) -> bool {
    let resolve = |value: &'_ serde_json::Value| -> Option<serde_json::Value> {
        match value.get("$ref").and_then(serde_json::Value::as_str).and_then(|target| target.strip_prefix('#')) {
            Some(pointer) => raw.pointer(pointer).cloned(),
            None => Some(value.clone()),
        }
    };
    let Some(serde_json::Value::Object(paths)) = raw.get("paths") else { return false };
    paths.values().filter_map(serde_json::Value::as_object).flat_map(|item| item.values()).any(|operation| {
        let Some(serde_json::Value::Object(responses)) = operation.get("responses") else { return false };
        responses.values().filter_map(resolve).any(|response| {
            response.get("content").and_then(serde_json::Value::as_object).is_some_and(|content| {
                content.keys().any(|media| crate::ir::media_essence(media) == "text/event-stream")
            })
        })
    })
}

/// Deeper nesting than this is reported instead of recursed into.
const MAX_DEPTH: usize = 64;

impl<'a> TypeBuilder<'a> {
    /// Reserves an id and a name for every component schema, before converting any. Names chosen in the
    /// settings are claimed first so they win over derived ones; replaced schemas get no type at all.
    pub fn new(document: &'a OpenAPI, facts: BuilderFacts, label: &'a str, settings: &Settings) -> Self {
        let mut builder = TypeBuilder {
            document,
            label,
            slots: Vec::new(),
            components: IndexMap::new(),
            replaced: BTreeMap::new(),
            names: NameScope::default(),
            strip_tag: facts.strip_tag,
            depth: 0,
            former_unions: Vec::new(),
            deprecated: BTreeSet::new(),
            binary_strings: false,
            item_schemas: None,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        // Sorted, so that names (and which of two clashing names gets a suffix) do not depend on the
        // order of keys in the document.
        let mut schema_names: Vec<String> = document
            .components
            .as_ref()
            .map(|components| components.schemas.keys().cloned().collect())
            .unwrap_or_default();
        schema_names.sort();
        builder.check_setting_names("type-replacements", settings.type_replacements.keys(), &schema_names);
        builder.check_setting_names("type-names", settings.type_names.keys(), &schema_names);
        let mut renamed: IndexMap<String, TypeId> = IndexMap::new();
        for (schema, rust_name) in &settings.type_names {
            if schema_names.contains(schema) && !settings.type_replacements.contains_key(schema) {
                let id = builder.reserve(rust_name);
                renamed.insert(schema.clone(), id);
            }
        }
        // Names clashing with the crate root's are claimed after all others, so that a schema already
        // named `ApiErrorBody` keeps its name and the renamed `ApiError` gets a suffix instead.
        let root_names = root_names(facts.offers_events, settings);
        let mut clashing = Vec::new();
        for name in schema_names {
            if let Some(rust_type) = settings.type_replacements.get(&name) {
                builder.replaced.insert(name, rust_type.clone());
                continue;
            }
            let derived = type_name(&name, "Schema");
            let id = match renamed.get(&name) {
                Some(id) => *id,
                None if root_names.contains(&derived.as_str()) => {
                    let id = builder.reserve_unnamed();
                    clashing.push((id, format!("{derived}{ROOT_CLASH_SUFFIX}")));
                    id
                }
                None => builder.reserve(&derived),
            };
            builder.components.insert(name, id);
        }
        for (id, wanted) in clashing {
            builder.slots[id.0].name = builder.names.claim(&wanted);
        }
        builder
    }

    /// A setting that names a schema must name one that exists.
    fn check_setting_names<'s>(&mut self, key: &str, named: impl Iterator<Item = &'s String>, schemas: &[String]) {
        for name in named {
            if !schemas.contains(name) {
                self.error(
                    Diagnostic::new(
                        "settings",
                        JsonPointer::root().join(key).join(name),
                        format!("`{name}` is not a schema of this spec"),
                    )
                    .with_hint("use the key under #/components/schemas"),
                );
            }
        }
    }

    /// Converts every component schema into its reserved slot.
    pub fn convert_components(&mut self) {
        let Some(components) = self.document.components.as_ref() else { return };
        // Before any conversion, so a component that is also a union's variant keeps its own location.
        for (name, id) in self.components.clone() {
            self.locate(id, &JsonPointer::component("schemas", &name));
        }
        let mut sorted: Vec<(&String, &'a ReferenceOr<Schema>)> = components.schemas.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, schema) in sorted {
            let Some(&id) = self.components.get(name) else { continue };
            let at = JsonPointer::component("schemas", name);
            let type_name = self.slots[id.0].name.clone();
            let strip = self.strip_tag.get(name).cloned().unwrap_or_default();
            let shape = self.convert(schema_ref(schema), &type_name, &at, Some(id), &strip);
            if matches!(schema, ReferenceOr::Item(schema) if schema.schema_data.deprecated) {
                self.deprecated.insert(id);
            }
            if self.slots[id.0].body.is_none() {
                let docs = match schema {
                    ReferenceOr::Item(schema) => docs::of_schema(schema),
                    ReferenceOr::Reference { .. } => None,
                };
                self.fill(id, docs, TypeKind::Alias(shape.ty));
            }
        }
    }

    /// Finishes conversion and hands out the types.
    pub fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>, Vec<Diagnostic>) {
        self.name_former_variant_copies();
        let deprecated = self.deprecated;
        let types = self
            .slots
            .into_iter()
            .enumerate()
            .map(|(index, Slot { name, body, pointer, former_name })| {
                let (docs, kind) = body.unwrap_or((None, TypeKind::Alias(TypeRef::Json)));
                let pointer = pointer.unwrap_or_default();
                let deprecated = deprecated.contains(&TypeId(index));
                TypeDef { name, docs, deprecated, kind, pointer, features: None, former_name }
            })
            .collect();
        (types, self.errors, self.warnings)
    }

    pub(super) fn warn(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(self.label, at.clone(), message));
    }

    pub(super) fn error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// Reserves an id whose name is claimed later (see [`new`](Self::new)).
    fn reserve_unnamed(&mut self) -> TypeId {
        self.slots.push(Slot { name: String::new(), body: None, pointer: None, former_name: false });
        TypeId(self.slots.len() - 1)
    }

    fn reserve(&mut self, wanted: &str) -> TypeId {
        let name = self.names.claim(wanted);
        self.slots.push(Slot { name, body: None, pointer: None, former_name: false });
        TypeId(self.slots.len() - 1)
    }

    /// Records where a type comes from, unless an earlier (outer or named) location already did.
    pub(super) fn locate(&mut self, id: TypeId, at: &JsonPointer) {
        self.slots[id.0].pointer.get_or_insert_with(|| at.clone());
    }

    fn fill(&mut self, id: TypeId, docs: Option<String>, kind: TypeKind) {
        self.slots[id.0].body = Some((docs, kind));
    }

    /// Reserves a type named from context, to be filled with [`fill_type`](Self::fill_type).
    pub(super) fn reserve_type(&mut self, wanted: &str) -> TypeId {
        self.reserve(wanted)
    }

    /// A type's kind, once converted.
    pub(super) fn kind_of(&self, id: TypeId) -> Option<&TypeKind> {
        self.slots[id.0].body.as_ref().map(|(_, kind)| kind)
    }

    /// A type's docs, once converted.
    pub(super) fn docs_of(&self, id: TypeId) -> Option<String> {
        self.slots[id.0].body.as_ref().and_then(|(docs, _)| docs.clone())
    }

    /// Gives a type reserved with [`reserve_type`](Self::reserve_type) its docs and kind.
    pub(super) fn fill_type(&mut self, id: TypeId, docs: Option<String>, kind: TypeKind) {
        self.fill(id, docs, kind);
    }

    /// The id for a named type: the component's slot, or a fresh one named from context.
    fn slot_for(&mut self, slot: Option<TypeId>, hint: &str) -> TypeId {
        slot.unwrap_or_else(|| self.reserve(hint))
    }

    pub(super) fn type_name_of(&self, id: TypeId) -> &str {
        &self.slots[id.0].name
    }

    /// The schema a component ref names, with its location; an error diagnostic if it is dangling.
    pub(super) fn component(
        &self,
        reference: &str,
        at: &JsonPointer,
    ) -> Result<(String, &'a Schema, JsonPointer), Diagnostic> {
        resolve_ref(self.document, reference, at, self.label)
    }

    /// Converts a schema used in some position. `hint` names any type it needs; `slot` is the reserved id
    /// when the schema is a component; `strip` are properties to leave out of the struct (union tags).
    pub fn convert(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        strip: &[String],
    ) -> Shape {
        if self.depth >= MAX_DEPTH {
            self.error(
                Diagnostic::new(self.label, at.clone(), format!("schema nesting deeper than {MAX_DEPTH} levels"))
                    .with_hint("move nested schemas into #/components/schemas and refer to them with $ref"),
            );
            return Shape::of(TypeRef::Json);
        }
        self.depth += 1;
        let shape = match schema {
            SchemaRef::Ref(reference) => self.convert_ref(reference, at),
            SchemaRef::Inline(schema) => {
                let mut shape = self.convert_inline(schema, hint, at, slot, strip);
                if let TypeRef::Named(id) = shape.ty {
                    self.locate(id, at);
                }
                shape.nullable |= schema.schema_data.nullable;
                shape
            }
        };
        self.depth -= 1;
        shape
    }

    fn convert_ref(&mut self, reference: &str, at: &JsonPointer) -> Shape {
        match self.component(reference, at) {
            Ok((name, target, _)) => {
                let ty = match self.replaced.get(&name) {
                    Some(rust_type) => TypeRef::External(rust_type.clone()),
                    None => TypeRef::Named(self.components[&name]),
                };
                Shape { ty, nullable: target.schema_data.nullable }
            }
            Err(diagnostic) => {
                self.error(diagnostic);
                Shape::of(TypeRef::Json)
            }
        }
    }

    fn convert_inline(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        strip: &[String],
    ) -> Shape {
        let docs = docs::of_schema(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&str> = string.enumeration.iter().flatten().map(String::as_str).collect();
                if values.is_empty() {
                    Shape::of(TypeRef::Scalar(match &string.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Scalar::DateTime,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Scalar::Date,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) if self.binary_strings => Scalar::Bytes,
                        _ => Scalar::String,
                    }))
                } else {
                    let id = self.slot_for(slot, hint);
                    self.fill(id, docs, TypeKind::Enum(string_enum(&values)));
                    Shape::of(TypeRef::Named(id))
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => Shape::of(TypeRef::Scalar(match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Scalar::I32,
                VariantOrUnknownOrEmpty::Unknown(format) => timestamp_format(format).unwrap_or(Scalar::I64),
                _ => Scalar::I64,
            })),
            SchemaKind::Type(Type::Number(number)) => Shape::of(TypeRef::Scalar(match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Scalar::F32,
                _ => Scalar::F64,
            })),
            SchemaKind::Type(Type::Boolean(_)) => Shape::of(TypeRef::Scalar(Scalar::Bool)),
            SchemaKind::Type(Type::Array(array)) => {
                Shape::of(self.array(array.items.as_ref().map(schema_ref), hint, at))
            }
            SchemaKind::Type(Type::Object(object)) => {
                let mut parts = ObjectParts::from_properties(&object.properties, &object.required, at);
                parts.add_additional(object.additional_properties.as_ref(), at);
                self.object(parts, object.additional_properties.as_ref(), hint, at, slot, strip, docs)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, ObjectParts::default(), hint, at, slot, strip, docs),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                let source = self.union_source_inline(schema, at);
                self.union(source, hint, at, slot, strip, docs, &ObjectParts::default())
            }
            SchemaKind::Not { .. } => {
                self.warn(
                    at,
                    "`not` schemas have no Rust equivalent; using a JSON value (any value is accepted and sent as given)",
                );
                Shape::of(TypeRef::Json)
            }
            SchemaKind::Any(any) if !(any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()) => {
                self.composite(schema, any, hint, at, slot, strip, docs)
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                    let mut parts = ObjectParts::from_properties(&any.properties, &any.required, at);
                    parts.add_additional(any.additional_properties.as_ref(), at);
                    self.object(parts, any.additional_properties.as_ref(), hint, at, slot, strip, docs)
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    Shape::of(self.array(any.items.as_ref().map(schema_ref), hint, at))
                } else if let Some(scalar) = any.typ.as_deref().and_then(|typ| scalar_of(typ, any.format.as_deref())) {
                    // A scalar type with keywords of another type (`type: integer, minLength: 1`) fails the
                    // typed model's strict variants; the type still says what the value is.
                    Shape::of(TypeRef::Scalar(scalar))
                } else if let Some(unknown) = any.typ.as_deref().filter(|typ| !matches!(*typ, "object" | "array")) {
                    self.warn(at, format!("unknown type `{unknown}` (expected string, number, integer, boolean, array or object); using a JSON value"));
                    Shape::of(TypeRef::Json)
                } else {
                    Shape::of(TypeRef::Json)
                }
            }
        }
    }

    fn array(&mut self, items: Option<SchemaRef<'a>>, hint: &str, at: &JsonPointer) -> TypeRef {
        let item = match items {
            Some(items) => self.convert(items, &format!("{}Item", bare(hint)), &at.join("items"), None, &[]).element(),
            None => TypeRef::Json,
        };
        TypeRef::Array(Box::new(item))
    }

    /// An object: a struct when it has properties, otherwise a map.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn object(
        &mut self,
        parts: ObjectParts<'a>,
        additional: Option<&'a AdditionalProperties>,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        strip: &[String],
        docs: Option<String>,
    ) -> Shape {
        if parts.properties.is_empty() {
            let value = match additional {
                Some(AdditionalProperties::Schema(schema)) => self
                    .convert(
                        schema_ref(schema),
                        &format!("{}Value", bare(hint)),
                        &at.join("additionalProperties"),
                        None,
                        &[],
                    )
                    .element(),
                _ => TypeRef::Json,
            };
            return Shape::of(TypeRef::Map(Box::new(value)));
        }
        let id = self.slot_for(slot, hint);
        let fields = self.fields(&parts, id, strip);
        self.fill(id, docs, TypeKind::Struct(fields));
        self.warn_undeclared_required(&parts, strip, at);
        Shape::of(TypeRef::Named(id))
    }

    pub(super) fn fields(&mut self, parts: &ObjectParts<'a>, owner: TypeId, strip: &[String]) -> Vec<Field> {
        let owner_name = bare(self.type_name_of(owner)).to_owned();
        let mut scope = NameScope::default();
        let mut fields = Vec::new();
        for (wire_name, (schema, at)) in &parts.properties {
            // A property whose schema is `false` (`not: {}`) can never be present: it has no field.
            if strip.contains(wire_name) || is_never(schema) {
                continue;
            }
            let rust_name = scope.claim(&value_name(wire_name, "field"));
            let hint = format!("{owner_name}{}", type_name_part(wire_name, "Field"));
            let shape = self.convert(*schema, &hint, at, None, &[]);
            let data = match schema {
                SchemaRef::Inline(schema) => Some(&schema.schema_data),
                SchemaRef::Ref(_) => None,
            };
            // A read-only property is absent from requests and a write-only one from responses, so
            // neither can be required of a type that serves both.
            let one_way = data.is_some_and(|data| data.read_only || data.write_only);
            fields.push(Field {
                rust_name,
                wire_name: wire_name.clone(),
                ty: shape.ty,
                required: parts.required.contains(wire_name) && !one_way,
                nullable: shape.nullable,
                boxed: false,
                deprecated: data.is_some_and(|data| data.deprecated),
                read_only: data.is_some_and(|data| data.read_only),
                docs: data.and_then(docs::of_field),
                pointer: at.clone(),
                flatten: false,
                lenient: false,
            });
        }
        if let Some((additional, at)) = &parts.additional {
            fields.push(self.additional_field(additional, at, &owner_name, &mut scope));
        }
        fields
    }

    /// The field keeping an object's undeclared properties, claimed after the declared ones so a property
    /// spelled `additional_properties` keeps its name and this field becomes `additional_properties2`.
    fn additional_field(
        &mut self,
        additional: &'a AdditionalProperties,
        at: &JsonPointer,
        owner_name: &str,
        scope: &mut NameScope,
    ) -> Field {
        let value = match additional {
            AdditionalProperties::Schema(schema) => {
                self.convert(schema_ref(schema), &format!("{owner_name}AdditionalValue"), at, None, &[]).element()
            }
            AdditionalProperties::Any(_) => TypeRef::Json,
        };
        Field {
            rust_name: scope.claim(&value_name("additional_properties", "field")),
            wire_name: String::new(),
            ty: TypeRef::Map(Box::new(value)),
            required: true,
            nullable: false,
            boxed: false,
            deprecated: false,
            read_only: false,
            docs: Some("Properties the schema does not declare, kept as received and written back.".to_owned()),
            pointer: at.clone(),
            flatten: true,
            lenient: false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn union(
        &mut self,
        source: UnionSource<'a>,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
        strip: &[String],
        docs: Option<String>,
        shared: &ObjectParts<'a>,
    ) -> Shape {
        let UnionSource { members, keyword, discriminator, at: members_at } = source;
        let nullable = members.iter().any(is_null_schema);
        let non_null: Vec<&'a ReferenceOr<Schema>> = members.iter().filter(|member| !is_null_schema(member)).collect();
        if let [only] = non_null.as_slice() {
            let member_at = members_at.join(keyword).join(0);
            let mut shape = if shared.is_empty() {
                self.convert(schema_ref(only), hint, &member_at, slot, strip)
            } else {
                self.with_shared(only, shared, hint, &member_at, slot)
            };
            shape.nullable |= nullable;
            return shape;
        }
        let id = self.slot_for(slot, hint);
        let inferred;
        let discriminator = match discriminator {
            Some(discriminator) => Some(discriminator),
            None => {
                inferred = super::unions::inferred_tag(self, &non_null, keyword, &members_at)
                    .map(|property_name| Discriminator { property_name, ..Discriminator::default() });
                inferred.as_ref()
            }
        };
        let kind = match discriminator
            .and_then(|tag| super::unions::tagged_union(self, &non_null, keyword, tag, id, &members_at, strip, shared))
        {
            Some(union) => TypeKind::Union(union),
            None => {
                let union_name = bare(self.type_name_of(id)).to_owned();
                let members = non_null
                    .iter()
                    .enumerate()
                    .map(|(index, member)| {
                        let member_at = members_at.join(keyword).join(index);
                        let name = match member {
                            ReferenceOr::Reference { .. } => None,
                            ReferenceOr::Item(schema) => {
                                schema.schema_data.title.clone().or_else(|| required_only_name(schema))
                            }
                        };
                        // Variants built with shared properties are new structs, named after their member.
                        let hint = match &name {
                            Some(name) if !shared.is_empty() => {
                                format!("{union_name}{}", type_name_part(name, "Variant"))
                            }
                            _ => format!("{union_name}Variant{}", index + 1),
                        };
                        let ty = if shared.is_empty() {
                            self.convert(schema_ref(member), &hint, &member_at, None, &[]).ty
                        } else {
                            self.with_shared(member, shared, &hint, &member_at, None).ty
                        };
                        (ty, name)
                    })
                    .collect();
                TypeKind::Untagged(super::unions::untagged(self, members))
            }
        };
        if let TypeKind::Union(union) = &kind {
            // Payload structs derived from inline members are found under the union.
            union.variants.iter().for_each(|variant| self.locate(variant.payload, &members_at));
        }
        self.locate(id, at);
        self.fill(id, docs, kind);
        Shape { ty: TypeRef::Named(id), nullable }
    }

    /// A union member with properties shared by every variant: one struct of both, or the member as it is
    /// when it is not an object (shared properties cannot apply to a string).
    fn with_shared(
        &mut self,
        member: &'a ReferenceOr<Schema>,
        shared: &ObjectParts<'a>,
        hint: &str,
        at: &JsonPointer,
        slot: Option<TypeId>,
    ) -> Shape {
        match ObjectParts::of(self, schema_ref(member), at) {
            Ok(mut parts) => {
                parts.extend(shared.clone());
                let docs = match member {
                    ReferenceOr::Item(schema) => docs::of_schema(schema),
                    ReferenceOr::Reference { .. } => None,
                };
                self.object(parts, None, hint, at, slot, &[], docs)
            }
            Err(_) => self.convert(schema_ref(member), hint, at, slot, &[]),
        }
    }

    /// The members of an inline `oneOf`/`anyOf` schema.
    fn union_source_inline(&self, schema: &'a Schema, at: &JsonPointer) -> UnionSource<'a> {
        let (keyword, members) = match &schema.schema_kind {
            SchemaKind::AnyOf { any_of } => ("anyOf", any_of.as_slice()),
            SchemaKind::OneOf { one_of } => ("oneOf", one_of.as_slice()),
            _ => ("oneOf", &[][..]),
        };
        UnionSource { members, keyword, discriminator: schema.schema_data.discriminator.as_ref(), at: at.clone() }
    }

    /// A required name with no property schema has no field to carry it: the spec most likely declares
    /// it elsewhere (a nested object) or forgot it, and a server that enforces it refuses what the type
    /// sends. Said once per schema, as nothing else would show it.
    fn warn_undeclared_required(&mut self, parts: &ObjectParts<'a>, strip: &[String], at: &JsonPointer) {
        let undeclared: Vec<&str> = parts
            .required
            .iter()
            .filter(|name| !parts.properties.contains_key(*name) && !strip.contains(name))
            .map(String::as_str)
            .collect();
        if undeclared.is_empty() {
            return;
        }
        let names = undeclared.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        let (it, them) = if undeclared.len() == 1 { ("it", "it") } else { ("they", "them") };
        let carried = if parts.additional.is_some() {
            format!("{it} can only be set through the map of undeclared properties")
        } else {
            format!("the type has no field for {them}, so values built from the type lack {them}")
        };
        self.warn(
            &at.join("required"),
            format!("`required` lists {names}, which `properties` does not declare: {carried}"),
        );
    }

    /// Builds a payload struct for a union variant, named `{Union}{Variant}`.
    pub(super) fn derived_struct(
        &mut self,
        name: &str,
        parts: ObjectParts<'a>,
        strip: &[String],
        docs: Option<String>,
    ) -> TypeId {
        let id = self.reserve(name);
        let fields = self.fields(&parts, id, strip);
        self.fill(id, docs, TypeKind::Struct(fields));
        id
    }

    /// Whether a type use is a struct (possibly behind aliases), as form and multipart bodies need.
    pub(super) fn is_struct(&self, ty: &TypeRef) -> bool {
        let mut current = ty;
        for _ in 0..MAX_DEPTH {
            let TypeRef::Named(id) = current else { return false };
            match &self.slots[id.0].body {
                Some((_, TypeKind::Struct(_))) => return true,
                Some((_, TypeKind::Alias(target))) => current = target,
                _ => return false,
            }
        }
        false
    }

    /// A new untagged union over these types, named `name`; used where several responses share a status
    /// class but not a schema.
    pub(super) fn untagged_of(&mut self, name: &str, variants: Vec<TypeRef>) -> TypeRef {
        let id = self.reserve(name);
        let union = super::unions::untagged(self, variants.into_iter().map(|ty| (ty, None)).collect());
        self.fill(id, None, TypeKind::Untagged(union));
        TypeRef::Named(id)
    }

    /// Keeps the name of the copy earlier versions made of a component used as a union member (now the
    /// component's own type) as an alias of it, so code written against that name still compiles. For a
    /// member that is a union, its variants' copies are named after it as well, once it is converted.
    pub(super) fn former_copy(&mut self, wanted: &str, component: TypeId, at: &JsonPointer) {
        let id = self.reserve(wanted);
        let docs = format!("Former name of [`{}`], kept so that code using it compiles.", self.slots[component.0].name);
        self.fill(id, Some(docs), TypeKind::Alias(TypeRef::Named(component)));
        self.slots[id.0].former_name = true;
        self.locate(id, at);
        self.former_unions.push((bare(&self.slots[id.0].name).to_owned(), component));
    }

    /// The aliases for the variant copies of the member unions [`Self::former_copy`] kept a name for:
    /// `{Former}{Variant}` for each variant whose payload is a component.
    fn name_former_variant_copies(&mut self) {
        let components: BTreeSet<TypeId> = self.components.values().copied().collect();
        let mut pending = std::mem::take(&mut self.former_unions);
        pending.reverse();
        while let Some((former, component)) = pending.pop() {
            let Some((_, TypeKind::Union(union))) = &self.slots[component.0].body else { continue };
            let variants: Vec<(String, TypeId)> = union
                .variants
                .iter()
                .filter(|variant| components.contains(&variant.payload))
                .map(|variant| (variant.rust_name.clone(), variant.payload))
                .collect();
            let at = self.slots[component.0].pointer.clone().unwrap_or_default();
            for (rust_name, payload) in variants {
                self.former_copy(&format!("{former}{}", type_name_part(&rust_name, "Variant")), payload, &at);
                pending.append(&mut self.former_unions);
            }
        }
    }

    /// The ids of the component schemas named here (those that exist and are not replaced).
    pub fn component_ids<'n>(&self, names: impl IntoIterator<Item = &'n String>) -> Vec<TypeId> {
        names.into_iter().filter_map(|name| self.component_id(name)).collect()
    }

    /// The ids of every component schema that has a type.
    pub fn all_component_ids(&self) -> Vec<TypeId> {
        self.components.values().copied().collect()
    }

    /// The id reserved for a component schema; `None` when the settings replace it.
    pub(super) fn component_id(&self, name: &str) -> Option<TypeId> {
        self.components.get(name).copied()
    }

    /// The component's own type as the payload of a variant of a union tagged by `tag`, itself inside
    /// unions tagged by `removed`: when the component is used only as such a member, its type leaves
    /// out exactly these tags.
    pub(super) fn reusable_member(&self, name: &str, removed: &[String], tag: &str) -> Option<TypeId> {
        let stripped: BTreeSet<&str> = self.strip_tag.get(name)?.iter().map(String::as_str).collect();
        let wanted: BTreeSet<&str> = removed.iter().map(String::as_str).chain([tag]).collect();
        (stripped == wanted).then(|| self.component_id(name)).flatten()
    }
}

/// The scalar a `type` name (and format) denotes, for schemas the typed model could not classify.
fn scalar_of(typ: &str, format: Option<&str>) -> Option<Scalar> {
    Some(match (typ, format) {
        ("string", Some("date-time")) => Scalar::DateTime,
        ("string", Some("date")) => Scalar::Date,
        ("string", _) => Scalar::String,
        ("integer", Some("int32")) => Scalar::I32,
        ("integer", format) => format.and_then(timestamp_format).unwrap_or(Scalar::I64),
        ("number", Some("float")) => Scalar::F32,
        ("number", _) => Scalar::F64,
        ("boolean", _) => Scalar::Bool,
        _ => return None,
    })
}

/// The timestamp an integer's format marks: `unixtime` (seconds, as in the OpenAPI format registry) or
/// `unixtime-ms` (milliseconds, our name: the registry has none).
fn timestamp_format(format: &str) -> Option<Scalar> {
    match format {
        "unixtime" => Some(Scalar::UnixSeconds),
        "unixtime-ms" => Some(Scalar::UnixMillis),
        _ => None,
    }
}

/// Whether a schema accepts no value at all (`false`, read as `not: {}`).
fn is_never(schema: &SchemaRef<'_>) -> bool {
    let SchemaRef::Inline(schema) = schema else { return false };
    let SchemaKind::Not { not } = &schema.schema_kind else { return false };
    matches!(&**not, ReferenceOr::Item(inner) if matches!(&inner.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default()))
}

/// The name of a union member that only makes properties required (`oneOf: [{required: [url]}, ..]`
/// beside the properties): those properties' names, joined.
fn required_only_name(schema: &Schema) -> Option<String> {
    let SchemaKind::Any(any) = &schema.schema_kind else { return None };
    let shaping = any.typ.is_some() || !any.properties.is_empty() || !any.all_of.is_empty() || any.items.is_some();
    (!shaping && !any.required.is_empty()).then(|| any.required.join("_and_"))
}

/// `{type: "null"}` never parses in 3.0, but `{nullable: true}` with no type shows up as `Any` with nullable.
pub(super) fn is_null_schema(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(schema)
        if schema.schema_data.nullable && matches!(&schema.schema_kind, SchemaKind::Any(any) if any.typ.is_none() && any.properties.is_empty()))
}

fn string_enum(values: &[&str]) -> StringEnum {
    let mut scope = NameScope::default();
    let mut variants: Vec<EnumVariant> = Vec::new();
    for value in values {
        if variants.iter().any(|variant| variant.wire_value == *value) {
            continue;
        }
        variants
            .push(EnumVariant { rust_name: scope.claim(&type_name(value, "Empty")), wire_value: (*value).to_owned() });
    }
    StringEnum { variants, fallback: scope.claim("Unknown") }
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;

    #[test]
    fn a_required_name_without_a_property_is_warned_about_once_with_its_pointer() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Search:\n      type: object\n      required: [limit, location_ids]\n      properties: {limit: {type: integer}}\n    Open:\n      type: object\n      required: [tag]\n      properties: {name: {type: string}}\n      additionalProperties: {type: string}\n";
        let spec = crate::load::load_str(spec, "spec.yaml").expect("loads");
        let ir = crate::ir::build(&spec, &Settings::default()).expect("ir");
        let warnings: Vec<String> = ir.warnings.iter().map(ToString::to_string).collect();
        let about = |schema: &str| warnings.iter().filter(|w| w.contains(&format!("{schema}/required"))).count();
        assert_eq!((about("Search"), about("Open")), (1, 1), "{warnings:#?}");
        let search = warnings.iter().find(|w| w.contains("Search/required")).unwrap();
        assert!(
            search.contains("`location_ids`, which `properties` does not declare") && !search.contains("`limit`"),
            "{search}"
        );
        assert!(search.contains("no field for it"), "{search}");
        let open = warnings.iter().find(|w| w.contains("Open/required")).unwrap();
        assert!(open.contains("only be set through the map of undeclared properties"), "{open}");
    }

    fn type_names(schemas: &str) -> Vec<String> {
        type_names_with_paths("{}", schemas)
    }

    fn type_names_with_paths(paths: &str, schemas: &str) -> Vec<String> {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {paths}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = crate::load::load_str(&spec, "spec.yaml").expect("loads");
        let ir = crate::ir::build(&spec, &Settings::default()).expect("ir");
        let mut names: Vec<String> = ir.types.iter().map(|def| def.name.clone()).collect();
        names.sort();
        names
    }

    #[test]
    fn schemas_named_like_the_crate_root_get_a_suffix_and_others_keep_their_names() {
        let object = "{type: object, properties: {code: {type: string}}}";
        let names = type_names(&format!(
            "    ApiError: {object}\n    ApiErrorBody: {object}\n    Client: {object}\n    Pet: {object}\n"
        ));
        assert_eq!(names, ["ApiErrorBody", "ApiErrorBody2", "ClientBody", "Pet"]);
        // The schema already called `ApiErrorBody` keeps its name; the renamed one takes the suffix.
        let names = type_names(&format!("    ApiErrorBody: {object}\n    api_error: {object}\n"));
        assert_eq!(names, ["ApiErrorBody", "ApiErrorBody2"]);
    }

    #[test]
    fn event_is_kept_away_only_from_clients_that_export_it() {
        let object = "{type: object, properties: {id: {type: string}}}";
        assert_eq!(type_names(&format!("    Event: {object}\n")), ["Event"]);
        let streaming = "{/events: {get: {operationId: stream, responses: {'200': {description: ok, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Event'}}}}}}}}";
        assert_eq!(type_names_with_paths(streaming, &format!("    Event: {object}\n")), ["EventBody"]);
    }
}
