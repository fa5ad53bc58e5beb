//! Types: structs and their fields, enums and their values, unions and their variants, aliases.

use super::{Comparison, Verdict};
use crate::ir::{Field, Ir, Scalar, TypeDef, TypeKind, TypeRef};

/// The Rust type a use of a type stands for, as callers write it.
pub(super) fn rust_type(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => ir.type_def(*id).name.clone(),
        TypeRef::Scalar(scalar) => match scalar {
            Scalar::String => "String",
            Scalar::Bool => "bool",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
            Scalar::DateTime => "DateTime<Utc>",
            Scalar::Date => "NaiveDate",
            Scalar::Bytes => "Vec<u8>",
            Scalar::UnixSeconds => "UnixSeconds",
            Scalar::UnixMillis => "UnixMillis",
        }
        .to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(ir, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust_type(ir, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(ir, inner)),
        TypeRef::External(path) => path.clone(),
        TypeRef::Json => "serde_json::Value".to_owned(),
    }
}

/// A field's Rust type (with its box and option), and how it is present on the wire.
fn field_signature(ir: &Ir, field: &Field) -> (String, &'static str) {
    let mut ty = rust_type(ir, &field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.is_tri_state() {
        ty = format!("Nullable<{ty}>");
    } else if field.is_optional() {
        ty = format!("Option<{ty}>");
    }
    let presence = match (field.required, field.nullable) {
        _ if field.flatten => "undeclared properties",
        (true, false) => "required",
        (true, true) => "required, nullable",
        (false, false) => "optional",
        (false, true) => "optional, nullable",
    };
    (ty, presence)
}

fn with_article(kind: &TypeKind) -> String {
    let name = kind_name(kind);
    let article = if matches!(kind, TypeKind::Enum(_) | TypeKind::Untagged(_)) { "an" } else { "a" };
    format!("{article} {name}")
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "tagged union",
        TypeKind::Untagged(_) => "untagged union",
        TypeKind::Alias(_) => "type alias",
    }
}

/// Types are matched by Rust name: a type whose name changed is one removed and one added.
pub(super) fn compare_types(compare: &mut Comparison<'_>) {
    let (old_ir, new_ir) = (compare.old.ir, compare.new.ir);
    let names = super::pair_by_name(
        old_ir.types.iter().map(|def| def.name.as_str()),
        new_ir.types.iter().map(|def| def.name.as_str()),
    );
    for (name, old, new) in names {
        match (old, new) {
            (Some(old), Some(new)) => compare_type(compare, &old_ir.types[old], &new_ir.types[new]),
            (Some(old), None) => {
                let def = &old_ir.types[old];
                compare.removed(&def.pointer, format!("{} `{name}` removed", kind_name(&def.kind)));
            }
            (None, Some(new)) => {
                let def = &new_ir.types[new];
                compare.added(Verdict::Compatible, &def.pointer, format!("{} `{name}` added", kind_name(&def.kind)));
            }
            (None, None) => {}
        }
    }
}

fn compare_type(compare: &mut Comparison<'_>, old: &TypeDef, new: &TypeDef) {
    let (old_ir, new_ir) = (compare.old.ir, compare.new.ir);
    let name = &new.name;
    if new.deprecated && !old.deprecated {
        compare.added(Verdict::Compatible, &new.pointer, format!("`{name}` deprecated"));
    }
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(old_fields), TypeKind::Struct(new_fields)) => {
            compare_fields(compare, name, old_fields, new_fields);
        }
        (TypeKind::Enum(old_enum), TypeKind::Enum(new_enum)) => {
            let old_values: Vec<(&str, &str)> =
                old_enum.variants.iter().map(|v| (v.rust_name.as_str(), v.wire_value.as_str())).collect();
            let new_values: Vec<(&str, &str)> =
                new_enum.variants.iter().map(|v| (v.rust_name.as_str(), v.wire_value.as_str())).collect();
            compare_variants(compare, name, "value", &old_values, &new_values, &old.pointer, &new.pointer);
            compare_fallback(compare, name, &old_enum.fallback, &new_enum.fallback, &new.pointer);
        }
        (TypeKind::Union(_), TypeKind::Union(_)) | (TypeKind::Untagged(_), TypeKind::Untagged(_)) => {
            let (old_variants, old_fallback) = union_variants(old_ir, &old.kind);
            let (new_variants, new_fallback) = union_variants(new_ir, &new.kind);
            compare_variants(
                compare,
                name,
                "variant",
                &pairs(&old_variants),
                &pairs(&new_variants),
                &old.pointer,
                &new.pointer,
            );
            compare_fallback(compare, name, old_fallback, new_fallback, &new.pointer);
        }
        (TypeKind::Alias(old_target), TypeKind::Alias(new_target)) => {
            let (before, after) = (rust_type(old_ir, old_target), rust_type(new_ir, new_target));
            if before != after {
                compare.added(
                    Verdict::Breaking,
                    &new.pointer,
                    format!("type alias `{name}` changed from `{before}` to `{after}`"),
                );
            }
        }
        (old_kind, new_kind) => compare.added(
            Verdict::Breaking,
            &new.pointer,
            format!("`{name}` changed from {} to {}", with_article(old_kind), with_article(new_kind)),
        ),
    }
}

/// A union's variants as `(name, payload type)`, and its fallback variant's name.
fn union_variants<'a>(ir: &Ir, kind: &'a TypeKind) -> (Vec<(String, String)>, &'a str) {
    match kind {
        TypeKind::Union(union) => (
            union.variants.iter().map(|v| (v.rust_name.clone(), ir.type_def(v.payload).name.clone())).collect(),
            &union.fallback,
        ),
        TypeKind::Untagged(union) => {
            (union.variants.iter().map(|v| (v.rust_name.clone(), rust_type(ir, &v.ty))).collect(), &union.fallback)
        }
        _ => (Vec::new(), ""),
    }
}

fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned.iter().map(|(name, detail)| (name.as_str(), detail.as_str())).collect()
}

/// Fields by Rust name. `new` takes the fields that are neither optional nor nullable, so adding one, or
/// changing whether a field is one, changes its signature; any other field is one more `with_*` setter.
fn compare_fields(compare: &mut Comparison<'_>, owner: &str, old: &[Field], new: &[Field]) {
    let (old_ir, new_ir) = (compare.old.ir, compare.new.ir);
    for field in old {
        if !new.iter().any(|candidate| candidate.rust_name == field.rust_name) {
            compare.removed(&field.pointer, format!("field `{owner}::{}` removed", field.rust_name));
        }
    }
    for field in new {
        let path = format!("{owner}::{}", field.rust_name);
        let (ty, presence) = field_signature(new_ir, field);
        match old.iter().find(|candidate| candidate.rust_name == field.rust_name) {
            // The map of undeclared properties starts empty in `new`, like an optional field.
            None if field.in_constructor() => compare.added(
                Verdict::Breaking,
                &field.pointer,
                format!("required field `{path}: {ty}` added: `{owner}::new` takes one more argument"),
            ),
            None => compare.added(
                Verdict::Compatible,
                &field.pointer,
                format!("{presence} field `{path}: {ty}` added (a `with_*` setter)"),
            ),
            Some(before) => {
                let (before_ty, before_presence) = field_signature(old_ir, before);
                if (before_ty.as_str(), before_presence) != (ty.as_str(), presence) {
                    let (was, now) = match before_presence == presence {
                        true => (format!("`{before_ty}`"), format!("`{ty}`")),
                        false => (format!("`{before_ty}` ({before_presence})"), format!("`{ty}` ({presence})")),
                    };
                    compare.added(
                        Verdict::Breaking,
                        &field.pointer,
                        format!("field `{path}` changed from {was} to {now}"),
                    );
                }
                if field.deprecated && !before.deprecated {
                    compare.added(Verdict::Compatible, &field.pointer, format!("field `{path}` deprecated"));
                }
            }
        }
    }
}

/// Variants by Rust name, each with what it holds (a wire value, a payload type). Every enum and union
/// is `#[non_exhaustive]` with a fallback, so callers already match with a wildcard: an added variant
/// is compatible, a removed or changed one breaks code that names it.
fn compare_variants(
    compare: &mut Comparison<'_>,
    owner: &str,
    what: &str,
    old: &[(&str, &str)],
    new: &[(&str, &str)],
    old_pointer: &crate::pointer::JsonPointer,
    new_pointer: &crate::pointer::JsonPointer,
) {
    for (name, detail) in old {
        if !new.iter().any(|(candidate, _)| candidate == name) {
            compare.removed(old_pointer, format!("{what} `{owner}::{name}` (`{detail}`) removed"));
        }
    }
    for (name, detail) in new {
        match old.iter().find(|(candidate, _)| candidate == name) {
            None => {
                compare.added(Verdict::Compatible, new_pointer, format!("{what} `{owner}::{name}` (`{detail}`) added"))
            }
            // An enum value's wire text is not part of the Rust API; a variant's payload type is.
            Some((_, before)) if what != "value" && before != detail => compare.added(
                Verdict::Breaking,
                new_pointer,
                format!("{what} `{owner}::{name}` changed from `{before}` to `{detail}`"),
            ),
            Some(_) => {}
        }
    }
}

/// The fallback variant is renamed when a known value takes its name (`unknown` → `Unknown2`).
fn compare_fallback(
    compare: &mut Comparison<'_>,
    owner: &str,
    old: &str,
    new: &str,
    pointer: &crate::pointer::JsonPointer,
) {
    if compare.fallbacks && old != new {
        compare.added(
            Verdict::Breaking,
            pointer,
            format!("the fallback variant `{owner}::{old}` is now `{owner}::{new}`"),
        );
    }
}
