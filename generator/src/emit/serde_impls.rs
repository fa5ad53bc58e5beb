//! `Serialize` and `Deserialize` of generated structs, printed out instead of derived.
//!
//! serde's derive expands each struct into a field enum with three visitors, a sequence visitor and a map
//! visitor, and on a large spec that expansion was most of what `cargo check` spends on the crate (a
//! third of GitHub's fresh check). The impls printed here read and write the same JSON objects with one
//! line per field and the helpers of the runtime's `objects` module: unknown keys skipped (or kept, in a
//! struct's map of undeclared properties), a repeated key an error, a missing required key an error that
//! names it, optional fields left out when unset. A struct is no longer read from a JSON array, which no
//! API sends for an object and which let an array decode as the wrong member of an untagged union.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::capabilities::Capability;
use super::rust::ident;
use crate::ir::{Field, Ir, TypeKind};

/// Derives the standard library provides, which read no `#[serde]` attributes.
const STD_DERIVES: [&str; 9] = ["Clone", "Copy", "Debug", "Default", "Eq", "Hash", "Ord", "PartialEq", "PartialOrd"];

/// Whether the structs get printed impls. A user's derive from another crate (`schemars::JsonSchema`)
/// may read the fields' `#[serde]` attributes, which only serde's own derive makes legal: then the
/// structs keep serde's derive.
pub fn printed(derives: &[String]) -> bool {
    derives.iter().all(|path| STD_DERIVES.contains(&path.trim_start_matches("::std::").trim_start_matches("std::")))
}

/// The `objects` capabilities the structs of `ir` use (none when they derive serde's traits).
pub fn capabilities(ir: &Ir, derives: &[String]) -> BTreeSet<Capability> {
    let mut used = BTreeSet::new();
    if !printed(derives) {
        return used;
    }
    for def in &ir.types {
        let TypeKind::Struct(fields) = &def.kind else { continue };
        used.insert(if fields.iter().any(|field| field.flatten) {
            Capability::Flattened
        } else {
            Capability::PlainObjects
        });
        for field in fields.iter().filter(|field| !field.flatten) {
            used.insert(Capability::DeclaredFields);
            match read_as(ir, field) {
                Read::Required => used.insert(Capability::RequiredFields),
                Read::OrDefault => false,
            };
            if field.is_tri_state() {
                used.insert(Capability::TriState);
            }
            used.insert(if skipped_when_unset(field) { Capability::OptionalFields } else { Capability::PresentFields });
        }
    }
    used
}

/// Whether a crate needs the `objects` runtime module: it has structs with printed impls.
pub fn needs_objects(ir: &Ir, derives: &[String]) -> bool {
    printed(derives) && ir.types.iter().any(|def| matches!(def.kind, TypeKind::Struct(_)))
}

/// How a field's value is found once every key is read.
enum Read {
    /// It must have been given.
    Required,
    /// When missing: `None`, `Nullable::Absent`, or `null` for a schema that accepts anything.
    OrDefault,
}

fn read_as(ir: &Ir, field: &Field) -> Read {
    if field.is_optional() || field.is_tri_state() || crate::ir::accepts_anything(&ir.types, &field.ty) {
        Read::OrDefault
    } else {
        Read::Required
    }
}

/// Whether the field is left out of the object when unset (it is written as `null` otherwise).
fn skipped_when_unset(field: &Field) -> bool {
    field.is_tri_state() || !field.required || field.lenient
}

fn literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// The `Serialize` impl of the struct `name`, printed. The writes go through `objects::Object`, which
/// keeps the first error, so that the body has one `?` rather than one per field (each `?` is a match and
/// two trait lookups for the type checker).
pub fn serialize_impl(name: &str, fields: &[Field]) -> String {
    let name = ident(name);
    let mut body = String::new();
    for field in fields {
        let member = ident(&field.rust_name);
        let key = literal(&field.wire_name);
        if field.flatten {
            writeln!(body, "        object.entries(&self.{member});").unwrap();
        } else if skipped_when_unset(field) {
            writeln!(body, "        object.optional({key}, &self.{member});").unwrap();
        } else {
            writeln!(body, "        object.entry({key}, &self.{member});").unwrap();
        }
    }
    let binding = if fields.is_empty() { "object" } else { "mut object" };
    format!(
        "impl ::serde::Serialize for {name} {{
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {{
        let {binding} = super::objects::Object::new(serializer)?;
{body}        object.end()
    }}
}}
"
    )
}

/// The `Deserialize` impl of the struct `name` and its `objects::FromObject` impl, printed: the runtime's
/// visitor hands the object to `from_object`, which reads the keys into one slot per field, then builds
/// the struct, with one `?` for reading a key and one for its value.
pub fn deserialize_impl(ir: &Ir, name: &str, fields: &[Field]) -> [String; 2] {
    let declared: Vec<(usize, &Field)> = fields.iter().filter(|field| !field.flatten).enumerate().collect();
    let flattened = fields.iter().any(|field| field.flatten);
    let mut text = String::new();
    let type_name = ident(name);
    let expecting = literal(&format!("struct {name}"));
    write!(
        text,
        "impl<'de> ::serde::Deserialize<'de> for {type_name} {{
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {{
        super::objects::deserialize(deserializer)
    }}
}}
"
    )
    .unwrap();
    // A separate item: a feature gate's `#[cfg]` line goes in front of each.
    let delegation = std::mem::take(&mut text);
    write!(
        text,
        "impl super::objects::FromObject for {type_name} {{
    const EXPECTING: &'static str = {expecting};
    fn from_object<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {{
"
    )
    .unwrap();
    for (index, _) in &declared {
        writeln!(text, "        let mut field{index} = ::std::option::Option::None;").unwrap();
    }
    // The two loops differ in how a key is read and matched, and in what an undeclared key does.
    let (next, scrutinee, undeclared) = if flattened {
        text.push_str("        let mut extra = ::std::default::Default::default();\n");
        ("super::objects::next_key(&mut map)", "key.as_str()", "super::objects::extra(&mut map, &mut extra, key)")
    } else {
        let names: Vec<String> = declared.iter().map(|(_, field)| literal(&field.wire_name)).collect();
        writeln!(text, "        const FIELDS: &[&str] = &[{}];", names.join(", ")).unwrap();
        ("super::objects::next_field(&mut map, FIELDS)", "key", "super::objects::skip(&mut map)")
    };
    writeln!(text, "        while let ::std::option::Option::Some(key) = {next}? {{").unwrap();
    if declared.is_empty() {
        if !flattened {
            text.push_str("            let _ = key;\n");
        }
        writeln!(text, "            {undeclared}?;").unwrap();
    } else {
        writeln!(text, "            match {scrutinee} {{").unwrap();
        for (index, field) in &declared {
            let key = literal(&field.wire_name);
            let pattern = if flattened { key.clone() } else { format!("::std::option::Option::Some({index})") };
            writeln!(text, "                {pattern} => super::objects::field(&mut map, &mut field{index}, {key}),")
                .unwrap();
        }
        writeln!(text, "                _ => {undeclared},").unwrap();
        text.push_str("            }?;\n");
    }
    text.push_str("        }\n");
    // The required slots are unwrapped by one match over all of them (not a `?` each).
    let required: Vec<(usize, &Field)> =
        declared.iter().copied().filter(|(_, field)| matches!(read_as(ir, field), Read::Required)).collect();
    let mut values = String::new();
    let mut declared_index = 0;
    for field in fields {
        let member = ident(&field.rust_name);
        if field.flatten {
            writeln!(values, "            {member}: extra,").unwrap();
            continue;
        }
        let index = declared_index;
        declared_index += 1;
        match read_as(ir, field) {
            Read::Required => writeln!(values, "            {member}: field{index},").unwrap(),
            Read::OrDefault => writeln!(values, "            {member}: field{index}.unwrap_or_default(),").unwrap(),
        }
    }
    let built = format!("::std::result::Result::Ok({type_name} {{\n{values}        }})");
    if required.is_empty() {
        writeln!(text, "        {built}").unwrap();
    } else {
        let slots: Vec<String> = required.iter().map(|(index, _)| format!("field{index}")).collect();
        let given: Vec<String> =
            required.iter().map(|(index, _)| format!("::std::option::Option::Some(field{index})")).collect();
        let missing: Vec<String> = required
            .iter()
            .map(|(index, field)| format!("(field{index}.is_none(), {})", literal(&field.wire_name)))
            .collect();
        let comma = if required.len() == 1 { "," } else { "" };
        let built = built.replace('\n', "\n    ");
        writeln!(
            text,
            "        match ({slots}{comma}) {{
            ({given}{comma}) => {built},
            ({slots}{comma}) => ::std::result::Result::Err(super::objects::missing(&[{missing}])),
        }}",
            slots = slots.join(", "),
            given = given.join(", "),
            missing = missing.join(", "),
        )
        .unwrap();
    }
    text.push_str("    }\n}\n");
    [delegation, text]
}
