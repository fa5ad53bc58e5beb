//! Argument values as Rust expressions, for the doc examples and the conformance program: the spec's
//! examples and defaults where it has them, otherwise simple values of the right type. Given the spec
//! document (the conformance program), values also satisfy its validation keywords (see `samples`),
//! take the examples of each property's own schema, and nest deeper. An argument that cannot be made
//! (a replaced type, a required cycle) means no value rather than one that does not compile.

use std::collections::BTreeMap;

use serde_json::Value;

use super::samples::Schema;
use crate::ir::{Field, Ir, Operation, Param, ParamLocation, Scalar, TypeId, TypeKind, TypeRef, media_essence};

/// Examples the spec gives for one operation.
#[derive(Clone, Debug, Default)]
pub struct OperationExamples {
    /// Parameter examples (or defaults) by wire name.
    pub params: BTreeMap<String, Value>,
    /// The request body's example.
    pub body: Option<Value>,
}

/// The spec's examples by `(path, METHOD)`.
pub type SpecExamples = BTreeMap<(String, String), OperationExamples>;

/// Follows a local `$ref` (once per level, at most a few levels).
pub(super) fn resolve<'a>(raw: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match value.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#')) {
            Some(pointer) => match raw.pointer(pointer) {
                Some(target) => value = target,
                None => break,
            },
            None => break,
        }
    }
    value
}

/// The first of `example`, `examples` (a map of example objects or, in 3.1 schemas, a list) and, for
/// schemas, `default`.
fn example_of(raw: &Value, node: &Value) -> Option<Value> {
    if let Some(example) = node.get("example") {
        return Some(example.clone());
    }
    match node.get("examples") {
        Some(Value::Object(examples)) => {
            if let Some(value) = examples.values().find_map(|example| resolve(raw, example).get("value")) {
                return Some(value.clone());
            }
        }
        Some(Value::Array(examples)) if !examples.is_empty() => return Some(examples[0].clone()),
        _ => {}
    }
    let schema = node.get("schema").map(|schema| resolve(raw, schema)).unwrap_or(node);
    schema.get("example").or_else(|| schema.get("default")).cloned()
}

/// Collects parameter and body examples of every operation.
pub fn collect(raw: &Value) -> SpecExamples {
    let mut examples = SpecExamples::new();
    let Some(Value::Object(paths)) = raw.get("paths") else { return examples };
    for (path, item) in paths {
        let item = resolve(raw, item);
        let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        let Value::Object(methods) = item else { continue };
        for (method, operation) in methods {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") {
                continue;
            }
            let mut found = OperationExamples::default();
            let own = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for param in shared.iter().chain(&own) {
                let param = resolve(raw, param);
                if let (Some(name), Some(example)) = (param.get("name").and_then(Value::as_str), example_of(raw, param))
                {
                    found.params.insert(name.to_owned(), example);
                }
            }
            if let Some(body) = operation.get("requestBody").map(|body| resolve(raw, body))
                && let Some(Value::Object(content)) = body.get("content")
            {
                found.body = content.values().find_map(|media| example_of(raw, media));
            }
            examples.insert((path.clone(), method.to_ascii_uppercase()), found);
        }
    }
    examples
}

/// The value given for a map: an empty one.
const EMPTY_MAP: &str = "Default::default()";

/// How deep constructors nest in a doc example before giving up.
const MAX_DEPTH: usize = 5;

/// How deep they nest in values built against the spec (real request bodies nest deeper).
const MAX_SPEC_DEPTH: usize = 12;

/// Builds example expressions, naming generated types `types::Name` (the example imports the module).
pub struct Synth<'a> {
    /// The client being documented.
    pub ir: &'a Ir,
    /// How many optional fields the example gives are set with `with_*` on each struct.
    pub optional: usize,
    /// The spec document, when values should also satisfy its validation keywords (formats, patterns,
    /// lengths, bounds) and take the examples of each property's own schema.
    pub spec: Option<&'a Value>,
    /// Values left to build for the current call: unions try variant after variant, so a deep spec
    /// could otherwise take exponential time before giving up.
    budget: std::cell::Cell<usize>,
}

/// Values built for one call's arguments at most.
const BUDGET: usize = 20_000;

/// What a value is for: its example, its schema, a name to fall back on, and whether it may be left out.
#[derive(Clone, Copy)]
struct Slot<'s> {
    example: Option<&'s Value>,
    schema: Option<Schema<'s>>,
    hint: &'s str,
    /// A `String` is needed rather than anything `Into<String>`.
    owned: bool,
    /// The value may be left out, so a string whose pattern is beyond a simple rule gives none.
    optional: bool,
    /// The value is an argument taking `impl Into<T>`: a union's member may be given as it is.
    into: bool,
    /// The value is sent as a path, query, header or cookie parameter, as text.
    parameter: bool,
}

impl<'s> Slot<'s> {
    fn new(example: Option<&'s Value>, schema: Option<Schema<'s>>, hint: &'s str, owned: bool) -> Self {
        // An example its own schema refuses (Loket's `Bearer <TOKEN>` for `^Bearer\s[\w-]+$`) is left out
        // where the schema is at hand; without one from the enclosing value, the schema's own.
        let admitted = |value: &&Value| schema.is_none_or(|schema| schema.admits(value));
        let example = example.filter(admitted).or_else(|| schema.and_then(|schema| schema.example()).filter(admitted));
        Slot { example, schema, hint, owned, optional: false, into: false, parameter: false }
    }
}

impl<'a> Synth<'a> {
    /// A synthesizer setting `optional` optional fields the examples give, satisfying `spec`'s keywords
    /// when given.
    pub fn new(ir: &'a Ir, optional: usize, spec: Option<&'a Value>) -> Self {
        Synth { ir, optional, spec, budget: std::cell::Cell::new(BUDGET) }
    }

    fn max_depth(&self) -> usize {
        if self.spec.is_some() { MAX_SPEC_DEPTH } else { MAX_DEPTH }
    }

    fn schema_at(&self, pointer: &crate::pointer::JsonPointer) -> Option<Schema<'a>> {
        Schema::at(self.spec?, pointer)
    }

    fn param_schema(&self, param: &Param) -> Option<Schema<'a>> {
        self.schema_at(&param.pointer)?.child("schema")
    }

    /// The schema of the body's media type (the one sent, else the first with a schema).
    fn body_schema(&self, operation: &Operation) -> Option<Schema<'a>> {
        let content = self.schema_at(&operation.pointer)?.child("requestBody")?.child("content")?;
        let sent = operation.body.as_ref().map(|body| media_essence(&body.content_type)).unwrap_or_default();
        let media = content.entries().find(|(media, _)| media_essence(media) == sent);
        let media = media.or_else(|| content.entries().find(|(_, media)| media.child("schema").is_some()))?;
        media.1.child("schema")
    }

    /// The arguments of the operation's method, in order, or `None` if one cannot be made.
    pub fn call_arguments(&self, operation: &Operation, examples: Option<&OperationExamples>) -> Option<Vec<String>> {
        self.budget.set(BUDGET);
        let mut args = Vec::new();
        for param in operation.params.iter().filter(|param| param.required) {
            let example = examples.and_then(|examples| examples.params.get(&param.wire_name));
            let hint = if param.location == ParamLocation::Path { &param.wire_name } else { &param.rust_name };
            let slot = Slot::new(example, self.param_schema(param), hint, false);
            args.push(self.slot_value(&param.ty, slot, 0, true)?);
        }
        if let Some(body) = operation.body.as_ref().filter(|body| body.required) {
            let example = examples.and_then(|examples| examples.body.as_ref());
            args.push(self.slot_value(
                &body.ty,
                Slot::new(example, self.body_schema(operation), "body", true),
                0,
                false,
            )?);
        }
        Some(args)
    }

    /// Setter calls (`.limit(10)`) for the optional parameters the spec gives an example or default for,
    /// and for an optional body that can be built.
    pub fn optional_setters(&self, operation: &Operation, examples: Option<&OperationExamples>) -> Vec<String> {
        self.budget.set(BUDGET);
        let mut setters = Vec::new();
        for param in operation.params.iter().filter(|param| !param.required && !param.deprecated) {
            let example = examples.and_then(|examples| examples.params.get(&param.wire_name));
            let schema = self.param_schema(param);
            let own = schema.and_then(|schema| schema.given_example());
            if example.or(own).is_none() {
                continue;
            }
            let mut slot = Slot::new(example, schema, &param.rust_name, false);
            slot.optional = true;
            if let Some(value) = self.slot_value(&param.ty, slot, 0, true) {
                setters.push(format!(".{}({value})", param.rust_name));
            }
        }
        if let Some(body) = operation.body.as_ref().filter(|body| !body.required) {
            let example = examples.and_then(|examples| examples.body.as_ref());
            let slot = Slot::new(example, self.body_schema(operation), "body", true);
            if let Some(value) = self.slot_value(&body.ty, slot, 0, false) {
                setters.push(format!(".body({value})"));
            }
        }
        setters
    }

    /// `new(..)` of a struct with its required fields, plus `with_*` of the first optional fields that
    /// the example gives.
    pub fn struct_value(&self, id: TypeId, example: Option<&Value>, depth: usize) -> Option<String> {
        self.budget.set(BUDGET);
        self.build_struct(id, example, depth)
    }

    fn build_struct(&self, id: TypeId, example: Option<&Value>, depth: usize) -> Option<String> {
        let def = self.ir.type_def(id);
        let TypeKind::Struct(fields) = &def.kind else { return None };
        if depth > self.max_depth() {
            return None;
        }
        let field_example = |field: &Field| example.and_then(|example| example.get(&field.wire_name));
        let field_schema = |field: &Field| self.schema_at(&field.pointer);
        let mut args = Vec::new();
        for field in fields.iter().filter(|field| field.in_constructor()) {
            let slot =
                Slot { into: true, ..Slot::new(field_example(field), field_schema(field), &field.wire_name, false) };
            args.push(self.slot_value(&field.ty, slot, depth + 1, false)?);
        }
        let mut text = format!("types::{}::new({})", def.name, args.join(", "));
        let setters = super::values::setter_names(fields);
        // Optional in the Rust type but needed in a request: a required `writeOnly` property (responses
        // leave it out), and what the first of the schema's `oneOf` alternatives requires.
        let own_schema = self.schema_at(&def.pointer);
        let needed = |field: &Field| {
            own_schema.is_some_and(|schema| {
                let write_only = field_schema(field).is_some_and(|schema| schema.flag("writeOnly"));
                (schema.requires(&field.wire_name) && write_only) || schema.first_alternative_requires(&field.wire_name)
            })
        };
        // A `readOnly` property is the server's to set: a request that carries one may be refused, even
        // when the spec's own example shows it.
        let read_only =
            |field: &Field| field.read_only || field_schema(field).is_some_and(|schema| schema.flag("readOnly"));
        let given = fields.iter().zip(&setters).filter(|(field, _)| {
            let example = field_example(field).is_some_and(|value| !value.is_null());
            !field.in_constructor()
                && !field.flatten
                && (example || needed(field))
                && !field.deprecated
                && !read_only(field)
        });
        for (field, setter) in given.take(self.optional) {
            let mut slot = Slot::new(field_example(field), field_schema(field), &field.wire_name, false);
            slot.optional = true;
            // A `Nullable` setter takes `impl Into<Nullable<T>>`, which a union's member is not.
            slot.into = !field.is_tri_state();
            // An empty map stands for no value: setting one would not be what the example gives.
            if let Some(value) = self.slot_value(&field.ty, slot, depth + 1, false).filter(|value| value != EMPTY_MAP) {
                // `parse()` cannot tell its type through `impl Into<Nullable<T>>`, which `T` and
                // `Option<T>` both satisfy; only `Option<T>` names `T`.
                let value =
                    if field.is_tri_state() && value.ends_with(".parse()?") { format!("Some({value})") } else { value };
                text.push_str(&format!(".{setter}({value})"));
            }
        }
        Some(text)
    }

    /// An expression of type `ty`. `owned`: a `String` is needed rather than anything `Into<String>`.
    pub fn value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        hint: &str,
        owned: bool,
        depth: usize,
    ) -> Option<String> {
        self.budget.set(BUDGET);
        let slot = Slot { example, schema: None, hint, owned, optional: false, into: false, parameter: false };
        self.slot_value(ty, slot, depth, false)
    }

    /// An expression for `slot`. `parameter`: an array is sent in a query or path, where an empty one
    /// would be no value at all, so it gets an item.
    fn slot_value(&self, ty: &TypeRef, slot: Slot<'_>, depth: usize, parameter: bool) -> Option<String> {
        if depth > self.max_depth() || self.budget.get() == 0 {
            return None;
        }
        self.budget.set(self.budget.get() - 1);
        let Slot { example, schema, hint, owned, .. } = slot;
        Some(match ty {
            TypeRef::Scalar(scalar) => self.scalar(*scalar, slot)?,
            TypeRef::Array(item) => {
                let item_schema = schema.and_then(|schema| schema.child("items"));
                let mut items: Vec<String> = example
                    .and_then(Value::as_array)
                    .map(|values| {
                        let values = values.iter().take(2);
                        values
                            .map_while(|value| {
                                self.slot_value(item, Slot::new(Some(value), item_schema, hint, true), depth + 1, false)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                // Against a schema, at least `minItems` (and one for a parameter): built ones make up the rest.
                if let Some(schema) = schema {
                    let wanted = schema.min_items().max(usize::from(parameter)).min(8);
                    if items.len() < wanted {
                        // Copies of one built value would break `uniqueItems`.
                        if schema.flag("uniqueItems") && wanted - items.len() + usize::from(!items.is_empty()) > 1 {
                            return None;
                        }
                        let built =
                            self.slot_value(item, Slot::new(None, item_schema, hint, true), depth + 1, false)?;
                        items.resize(wanted, built);
                    }
                }
                if items.is_empty() { "Vec::new()".to_owned() } else { format!("vec![{}]", items.join(", ")) }
            }
            TypeRef::Map(_) => EMPTY_MAP.to_owned(),
            TypeRef::Nullable(inner) => match example {
                Some(Value::Null) => "None".to_owned(),
                _ => format!("Some({})", self.slot_value(inner, slot, depth + 1, parameter)?),
            },
            // Parsed at run time: a `json!` literal of a large example would hit the macro recursion limit.
            TypeRef::Json => match example.filter(|_| self.spec.is_some()) {
                Some(value) => format!("serde_json::from_str::<serde_json::Value>({:?})?", value.to_string()),
                // A free-form body (Kubernetes' `Patch`) is sent as an object: a validating server takes
                // `null` for a missing body.
                None if schema.is_some_and(|schema| schema.takes_any_object()) => {
                    "serde_json::Value::Object(serde_json::Map::new())".to_owned()
                }
                None => "serde_json::Value::Null".to_owned(),
            },
            TypeRef::External(_) => return None,
            TypeRef::Named(id) => {
                let def = self.ir.type_def(*id);
                // An alias or enum used directly takes the keywords of its own schema.
                let schema = schema.or_else(|| self.schema_at(&def.pointer));
                let slot = Slot {
                    optional: slot.optional,
                    into: slot.into,
                    parameter,
                    ..Slot::new(example, schema, hint, owned)
                };
                self.named(*id, slot, depth)?
            }
        })
    }

    fn scalar(&self, scalar: Scalar, slot: Slot<'_>) -> Option<String> {
        let Slot { example, schema, hint, owned, optional, .. } = slot;
        let number = |integer: bool| match (example, schema) {
            (Some(value), _) if value.is_number() => value.as_f64(),
            (_, Some(schema)) => schema.number_value(integer),
            _ => None,
        };
        let integer = || {
            let bounded = || number(true).filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15).map(|n| n as i64);
            example.and_then(Value::as_i64).or_else(bounded)
        };
        Some(match scalar {
            Scalar::String => {
                let text = match (example.and_then(Value::as_str), schema) {
                    (Some(text), _) => text.to_owned(),
                    (None, Some(schema)) => match schema.string(hint) {
                        Some(text) => text,
                        None if optional => return None,
                        None => hint.to_owned(),
                    },
                    (None, None) => hint.to_owned(),
                };
                if owned { format!("{text:?}.to_owned()") } else { format!("{text:?}") }
            }
            Scalar::Bool => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
            Scalar::I32 => integer().and_then(|n| i32::try_from(n).ok()).unwrap_or(1).to_string(),
            Scalar::I64 => integer().unwrap_or(1).to_string(),
            Scalar::F32 | Scalar::F64 => {
                let number = number(false).filter(|n| n.is_finite() && n.abs() < 1e15).unwrap_or(1.0);
                format!("{number:?}")
            }
            Scalar::DateTime => {
                let text = example.and_then(Value::as_str).filter(|text| self.spec.is_none() || is_date_time(text));
                format!("{:?}.parse()?", text.unwrap_or("2024-01-01T00:00:00Z"))
            }
            Scalar::Date => {
                let text = example.and_then(Value::as_str).filter(|text| self.spec.is_none() || is_date(text));
                format!("{:?}.parse()?", text.unwrap_or("2024-01-01"))
            }
            // A mock checks that a file part is there, so it gets some content.
            Scalar::Bytes if self.spec.is_some() => "b\"example\".to_vec()".to_owned(),
            Scalar::Bytes => "Vec::new()".to_owned(),
            // The timestamp types parse an integer or an RFC 3339 string.
            Scalar::UnixSeconds | Scalar::UnixMillis => {
                let text = match example {
                    Some(Value::Number(number)) => number.to_string(),
                    Some(Value::String(text)) => text.clone(),
                    _ => "2024-01-01T00:00:00Z".to_owned(),
                };
                format!("{text:?}.parse()?")
            }
        })
    }

    fn named(&self, id: TypeId, slot: Slot<'_>, depth: usize) -> Option<String> {
        let def = self.ir.type_def(id);
        let example = slot.example;
        match &def.kind {
            TypeKind::Struct(_) => self.build_struct(id, example, depth),
            TypeKind::Alias(target) => self.slot_value(target, Slot { owned: true, ..slot }, depth + 1, false),
            TypeKind::Enum(string_enum) => {
                let wanted = example.and_then(Value::as_str);
                let variant = string_enum
                    .variants
                    .iter()
                    .find(|variant| Some(variant.wire_value.as_str()) == wanted)
                    .or_else(|| string_enum.variants.first())?;
                Some(format!("types::{}::{}", def.name, variant.rust_name))
            }
            TypeKind::Union(_) | TypeKind::Untagged(_) => self.union_value(id, slot, depth).map(|(value, _)| value),
        }
    }

    /// The variants worth trying for a union value, best first, each with its payload type and the example
    /// to build it from.
    fn union_candidates<'s>(
        &self,
        id: TypeId,
        slot: Slot<'s>,
        depth: usize,
    ) -> Vec<(&'a str, TypeRef, Option<&'s Value>)> {
        let example = slot.example;
        match &self.ir.type_def(id).kind {
            TypeKind::Union(union) => {
                let wanted = example.and_then(|example| example.get(&union.tag));
                let chosen = union.variants.iter().find(|variant| wanted.is_some_and(|tag| variant.tag_value.is(tag)));
                // A tag the example leaves out (one with a default, like `anonymous: false`): the variant
                // whose required properties the example has.
                let chosen = chosen.or_else(|| {
                    let example = example.filter(|_| wanted.is_none())?;
                    union.variants.iter().find(|variant| self.fits(&TypeRef::Named(variant.payload), example, depth))
                });
                let example = example.filter(|_| chosen.is_some());
                chosen
                    .into_iter()
                    .chain(&union.variants)
                    .map(|variant| (variant.rust_name.as_str(), TypeRef::Named(variant.payload), example))
                    .collect()
            }
            // The first variant the example fits, built from it; else the first that can be built. A
            // parameter arrives as text, where `1` also matches a string member, so without an example it
            // is given as the string member, whose built value is no number.
            TypeKind::Untagged(union) => {
                let fitting = union
                    .variants
                    .iter()
                    .filter(|variant| example.is_some_and(|example| self.fits(&variant.ty, example, 0)))
                    .map(|variant| (variant.rust_name.as_str(), variant.ty.clone(), example));
                let text_first = slot.parameter && example.is_none();
                let mut rest: Vec<_> = union.variants.iter().collect();
                rest.sort_by_key(|variant| !(text_first && variant.ty == TypeRef::Scalar(Scalar::String)));
                fitting
                    .chain(rest.into_iter().map(|variant| (variant.rust_name.as_str(), variant.ty.clone(), None)))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// A value of the union `id` and the type of that expression: where the slot takes `impl Into<Union>`
    /// and the union converts from the chosen member (through nested unions too), the member itself;
    /// otherwise the variant spelled out.
    fn union_value(&self, id: TypeId, slot: Slot<'_>, depth: usize) -> Option<(String, TypeRef)> {
        // A union that lists itself as a member (`S: oneOf [bool, $ref S]`) would nest forever.
        if depth > self.max_depth() {
            return None;
        }
        let name = &self.ir.type_def(id).name;
        self.union_candidates(id, slot, depth).into_iter().find_map(|(variant, payload, example)| {
            let schema = json_type(&payload).and_then(|json_type| slot.schema?.member_of_type(json_type));
            let inner =
                Slot { example, schema, hint: slot.hint, owned: true, optional: false, into: false, parameter: false };
            let nested_union = match &payload {
                TypeRef::Named(inner_id) => {
                    matches!(self.ir.type_def(*inner_id).kind, TypeKind::Union(_) | TypeKind::Untagged(_))
                        .then_some(*inner_id)
                }
                _ => None,
            };
            if slot.into {
                let member = match nested_union {
                    Some(inner_id) => self.union_value(inner_id, Slot { into: true, ..inner }, depth + 1),
                    None => self.slot_value(&payload, inner, depth + 1, false).map(|value| (value, payload.clone())),
                };
                if let Some((value, ty)) = member.filter(|(_, ty)| super::union_access::converts_from(self.ir, id, ty))
                {
                    return Some((value, ty));
                }
            }
            let value = self.slot_value(&payload, inner, depth + 1, false)?;
            Some((format!("types::{name}::{variant}({value})"), TypeRef::Named(id)))
        })
    }
}

/// The JSON type of values of `ty`, for the built-in shapes (generated types have schemas of their own).
fn json_type(ty: &TypeRef) -> Option<&'static str> {
    Some(match ty {
        TypeRef::Array(_) => "array",
        TypeRef::Map(_) => "object",
        TypeRef::Scalar(Scalar::String | Scalar::Date | Scalar::DateTime | Scalar::Bytes) => "string",
        TypeRef::Scalar(Scalar::I32 | Scalar::I64) => "integer",
        TypeRef::Scalar(Scalar::F32 | Scalar::F64) => "number",
        TypeRef::Scalar(Scalar::Bool) => "boolean",
        _ => return None,
    })
}

impl Synth<'_> {
    /// Whether `example` has the shape of `ty`: the JSON type, the properties a struct requires, a tag
    /// or enum value it knows.
    fn fits(&self, ty: &TypeRef, example: &Value, depth: usize) -> bool {
        if depth > self.max_depth() {
            return false;
        }
        match ty {
            TypeRef::Scalar(Scalar::String | Scalar::Date | Scalar::DateTime) => example.is_string(),
            TypeRef::Scalar(Scalar::Bool) => example.is_boolean(),
            TypeRef::Scalar(Scalar::I32 | Scalar::I64) => example.is_i64() || example.is_u64(),
            TypeRef::Scalar(Scalar::F32 | Scalar::F64) => example.is_number(),
            TypeRef::Scalar(Scalar::UnixSeconds | Scalar::UnixMillis) => example.is_number() || example.is_string(),
            TypeRef::Scalar(Scalar::Bytes) => example.is_string(),
            TypeRef::Array(_) => example.is_array(),
            TypeRef::Map(_) => example.is_object(),
            TypeRef::Nullable(inner) => example.is_null() || self.fits(inner, example, depth + 1),
            TypeRef::Json | TypeRef::External(_) => true,
            TypeRef::Named(id) => match &self.ir.type_def(*id).kind {
                TypeKind::Struct(fields) => {
                    example.is_object()
                        && fields
                            .iter()
                            .filter(|field| field.in_constructor())
                            .all(|field| example.get(&field.wire_name).is_some())
                }
                TypeKind::Alias(target) => self.fits(target, example, depth + 1),
                TypeKind::Enum(string_enum) => {
                    let wanted = example.as_str();
                    string_enum.variants.iter().any(|variant| Some(variant.wire_value.as_str()) == wanted)
                }
                TypeKind::Union(union) => match example.get(&union.tag) {
                    Some(tag) => union.variants.iter().any(|variant| variant.tag_value.is(tag)),
                    None => union
                        .variants
                        .iter()
                        .any(|variant| self.fits(&TypeRef::Named(variant.payload), example, depth + 1)),
                },
                TypeKind::Untagged(union) => {
                    union.variants.iter().any(|variant| self.fits(&variant.ty, example, depth + 1))
                }
            },
        }
    }
}

/// `YYYY-MM-DD`.
pub(super) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(index, byte)| if matches!(index, 4 | 7) { *byte == b'-' } else { byte.is_ascii_digit() })
}

/// An RFC 3339 date-time as chrono parses it: a date, `T`, a time and an offset.
pub(super) fn is_date_time(text: &str) -> bool {
    let time = text.get(11..).unwrap_or_default();
    text.get(..10).is_some_and(is_date)
        && matches!(text.as_bytes().get(10), Some(b'T' | b't'))
        && time.len() >= 9
        && (time.ends_with(['Z', 'z'])
            || time.get(time.len() - 6..).is_some_and(|offset| offset.starts_with(['+', '-'])))
}

/// A call `prefix(args)`, on one line when short, otherwise one argument per line (rustfmt's style).
pub fn call(prefix: &str, args: &[String], suffix: &str, indent: &str) -> String {
    let one_line = format!("{indent}{prefix}({}){suffix}", args.join(", "));
    if one_line.len() <= 100 || args.is_empty() {
        return one_line;
    }
    let mut text = format!("{indent}{prefix}(\n");
    for arg in args {
        text.push_str(&format!("{indent}    {arg},\n"));
    }
    text.push_str(&format!("{indent}){suffix}"));
    text
}

#[cfg(test)]
mod tests {
    use super::{is_date, is_date_time};

    #[test]
    fn dates_are_checked_before_they_are_parsed_at_run_time() {
        assert!(is_date("2024-03-01"));
        assert!(!is_date("2024-3-1"));
        assert!(is_date_time("2024-03-01T10:00:00Z"));
        assert!(is_date_time("2024-03-01T10:00:00.5+02:00"));
        assert!(!is_date_time("2024-03-01"));
        assert!(!is_date_time("2024-03-01T10:00:00"));
    }
}
