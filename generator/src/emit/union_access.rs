//! What makes a union pleasant to use without a `match`: one accessor per property every known variant
//! has (`session.id()`), and `From` conversions from each member type, through nested unions, so that
//! `Request::new(member)` builds the union itself.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::models::FORMATTER_MARGIN;
use super::rust::{ident, type_tokens};
use super::{CrateInfo, Piece};
use crate::ir::{Field, Ir, Scalar, TypeDef, TypeId, TypeKind, TypeRef};

/// Method names an accessor never takes: the unions' own methods, and names a reader would take for a
/// standard trait's method or that clippy reserves for conversions taking `self` by value or none.
const RESERVED: &[&str] =
    &["from_status", "new", "clone", "eq", "ne", "fmt", "hash", "cmp", "partial_cmp", "serialize", "deserialize"];

/// The accessors and `From` impls of a union type (none for other types).
pub(super) fn union_access(ir: &Ir, info: &CrateInfo, def: &TypeDef, id: TypeId) -> Vec<Piece> {
    let Some(variants) = known_variants(def) else { return Vec::new() };
    let mut pieces = vec![Piece::Tokens(accessors(ir, info, def, &variants))];
    pieces.extend(conversions(ir, def, id));
    pieces
}

/// The doc lines a union gets for the member types that have no `From` impl, and why (none for other
/// types).
pub(super) fn skipped_conversions_doc(ir: &Ir, def: &TypeDef, id: TypeId) -> TokenStream {
    if known_variants(def).is_none() {
        return TokenStream::new();
    }
    let skipped = members(ir, id).into_iter().filter(|(_, paths)| paths.len() > 1).map(|(ty, paths)| {
        let through: Vec<String> = paths.iter().map(|path| format!("`{}`", path_text(ir, path))).collect();
        format!(
            " There is no `From<{}>`: that type is a member along {} paths ({}), so a conversion would have to pick one.",
            type_text(ir, &ty),
            paths.len(),
            through.join(", ")
        )
    });
    let lines: Vec<String> = skipped.collect();
    if lines.is_empty() {
        return TokenStream::new();
    }
    quote! { #[doc = ""] #(#[doc = #lines])* }
}

/// A known variant: its Rust name and the type it holds.
struct Variant<'a> {
    rust_name: &'a str,
    ty: TypeRef,
}

/// Every variant but the fallback, tagged or not; `None` for types that are not unions.
fn known_variants(def: &TypeDef) -> Option<Vec<Variant<'_>>> {
    match &def.kind {
        TypeKind::Union(union) => Some(
            union
                .variants
                .iter()
                .map(|variant| Variant { rust_name: &variant.rust_name, ty: TypeRef::Named(variant.payload) })
                .chain(union.others.iter().map(|other| Variant { rust_name: &other.rust_name, ty: other.ty.clone() }))
                .collect(),
        ),
        TypeKind::Untagged(union) => Some(
            union
                .variants
                .iter()
                .map(|variant| Variant { rust_name: &variant.rust_name, ty: variant.ty.clone() })
                .collect(),
        ),
        _ => None,
    }
}

/// The definition behind a type use, through aliases.
fn resolved<'a>(ir: &'a Ir, ty: &TypeRef) -> Option<(TypeId, &'a TypeDef)> {
    let mut current = ty.clone();
    for _ in 0..=ir.types.len() {
        let TypeRef::Named(id) = current else { return None };
        let def = ir.type_def(id);
        match &def.kind {
            TypeKind::Alias(target) => current = target.clone(),
            _ => return Some((id, def)),
        }
    }
    None
}

/// How one variant reads a property: a struct field, or the accessor of a nested union.
enum Reader<'a> {
    Field(&'a Field),
    Nested(String),
}

/// A property and its type, as a variant holds it.
struct Property<'a> {
    ty: &'a TypeRef,
    reader: Reader<'a>,
}

/// The properties of a variant's value by wire name, in declaration order: a struct's fields, or the
/// common properties of a nested union. `None` for values without properties (scalars, arrays, maps).
fn properties<'a>(ir: &'a Ir, ty: &TypeRef, depth: usize) -> Option<Vec<(String, Property<'a>)>> {
    let (_, def) = resolved(ir, ty)?;
    match &def.kind {
        TypeKind::Struct(fields) => Some(
            fields
                .iter()
                .filter(|field| !field.flatten)
                .map(|field| (field.wire_name.clone(), Property { ty: &field.ty, reader: Reader::Field(field) }))
                .collect(),
        ),
        TypeKind::Union(_) | TypeKind::Untagged(_) if depth < 8 => {
            let variants = known_variants(def)?;
            Some(
                common_properties(ir, &variants, depth + 1)
                    .into_iter()
                    .map(|(wire, rust_name, ty)| (wire, Property { ty, reader: Reader::Nested(rust_name) }))
                    .collect(),
            )
        }
        _ => None,
    }
}

/// The properties every variant has with the same type: wire name, accessor name and type, in the first
/// variant's order.
fn common_properties<'a>(ir: &'a Ir, variants: &[Variant<'_>], depth: usize) -> Vec<(String, String, &'a TypeRef)> {
    let Some(all) = variants.iter().map(|variant| properties(ir, &variant.ty, depth)).collect::<Option<Vec<_>>>()
    else {
        return Vec::new();
    };
    let Some((first, rest)) = all.split_first() else { return Vec::new() };
    first
        .iter()
        .filter(|(wire, property)| {
            rest.iter().all(|other| other.iter().any(|(name, candidate)| name == wire && candidate.ty == property.ty))
        })
        .map(|(wire, property)| (wire.clone(), accessor_name(&property.reader), property.ty))
        .filter(|(_, name, _)| {
            let bare = crate::naming::bare(name);
            !RESERVED.contains(&bare) && !bare.starts_with("into_") && !bare.starts_with("from_")
        })
        .collect()
}

fn accessor_name(reader: &Reader<'_>) -> String {
    match reader {
        Reader::Field(field) => field.rust_name.clone(),
        Reader::Nested(name) => name.clone(),
    }
}

/// How an accessor returns a value of this type: strings as `&str`, `Copy` scalars by value, anything
/// else by reference.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Returned {
    Str,
    Copied,
    Borrowed,
}

fn returned(ty: &TypeRef) -> Returned {
    match ty {
        TypeRef::Scalar(Scalar::String) => Returned::Str,
        TypeRef::Scalar(Scalar::Bytes) => Returned::Borrowed,
        TypeRef::Scalar(_) => Returned::Copied,
        _ => Returned::Borrowed,
    }
}

/// `impl Union { fn property(&self) -> Option<..> }`, one method per common property.
fn accessors(ir: &Ir, info: &CrateInfo, def: &TypeDef, variants: &[Variant<'_>]) -> TokenStream {
    let common = common_properties(ir, variants, 0);
    if common.is_empty() {
        return TokenStream::new();
    }
    let fallback = match &def.kind {
        TypeKind::Union(union) => &union.fallback,
        TypeKind::Untagged(union) => &union.fallback,
        _ => return TokenStream::new(),
    };
    let has_fallback = info.unknown_variants;
    let name = ident(&def.name);
    let methods = common.iter().map(|(wire, method, ty)| {
        let method_ident = ident(method);
        let returned = returned(ty);
        let inner = type_tokens(ir, ty, &TokenStream::new());
        let output = match returned {
            Returned::Str => quote! { ::std::option::Option<&str> },
            Returned::Copied => quote! { ::std::option::Option<#inner> },
            Returned::Borrowed => quote! { ::std::option::Option<&#inner> },
        };
        let arms = variants.iter().map(|variant| {
            let variant_name = ident(variant.rust_name);
            let property = properties(ir, &variant.ty, 0)
                .and_then(|properties| properties.into_iter().find(|(name, _)| name == wire))
                .map(|(_, property)| property);
            let read = match property.map(|property| property.reader) {
                Some(Reader::Field(field)) => field_read(field, returned),
                Some(Reader::Nested(accessor)) => {
                    let accessor = ident(&accessor);
                    quote! { value.#accessor() }
                }
                None => quote! { ::std::option::Option::None },
            };
            quote! { Self::#variant_name(value) => #read, }
        });
        let fallback_arm = has_fallback.then(|| {
            let fallback = ident(fallback);
            quote! { Self::#fallback(_) => ::std::option::Option::None, }
        });
        let doc = format!(
            " The `{}` of the value, whichever known variant it is; `None` when it is absent or null{}.",
            super::rust::doc_line(wire),
            if has_fallback { format!(", and for [`Self::{}`]", crate::naming::bare(fallback)) } else { String::new() }
        );
        quote! {
            #[doc = #doc]
            pub fn #method_ident(&self) -> #output {
                match self {
                    #(#arms)*
                    #fallback_arm
                }
            }
        }
    });
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// Reads a field of `value` (a reference to the variant's struct) as the accessor returns it.
fn field_read(field: &Field, returned: Returned) -> TokenStream {
    let name = ident(&field.rust_name);
    let boxed = field.boxed;
    if field.is_tri_state() {
        return match (returned, boxed) {
            (Returned::Str, _) => quote! { value.#name.as_option().map(::std::string::String::as_str) },
            (Returned::Copied, _) => quote! { value.#name.as_option().copied() },
            (Returned::Borrowed, false) => quote! { value.#name.as_option() },
            (Returned::Borrowed, true) => quote! { value.#name.as_option().map(::std::boxed::Box::as_ref) },
        };
    }
    if field.is_optional() {
        return match (returned, boxed) {
            (Returned::Str, _) | (Returned::Borrowed, true) => quote! { value.#name.as_deref() },
            (Returned::Copied, _) => quote! { value.#name },
            (Returned::Borrowed, false) => quote! { value.#name.as_ref() },
        };
    }
    match (returned, boxed) {
        (Returned::Str, _) => quote! { ::std::option::Option::Some(value.#name.as_str()) },
        (Returned::Copied, _) => quote! { ::std::option::Option::Some(value.#name) },
        (Returned::Borrowed, false) => quote! { ::std::option::Option::Some(&value.#name) },
        (Returned::Borrowed, true) => quote! { ::std::option::Option::Some(&*value.#name) },
    }
}

/// A chain of variant names from a union down to a member: `[Product, Identified]`.
type VariantPath = Vec<(TypeId, String)>;

/// Every member type reachable from the union `id`, directly or through nested unions, by a key that
/// treats aliases as the type they name, with each path that reaches it.
fn members(ir: &Ir, id: TypeId) -> BTreeMap<TypeRef, Vec<VariantPath>> {
    let mut found: BTreeMap<TypeRef, Vec<VariantPath>> = BTreeMap::new();
    let mut visiting = BTreeSet::from([id]);
    collect_members(ir, id, &mut Vec::new(), &mut visiting, &mut found);
    found.remove(&TypeRef::Named(id));
    found
}

fn collect_members(
    ir: &Ir,
    union: TypeId,
    path: &mut VariantPath,
    visiting: &mut BTreeSet<TypeId>,
    found: &mut BTreeMap<TypeRef, Vec<VariantPath>>,
) {
    let Some(variants) = known_variants(ir.type_def(union)) else { return };
    for variant in variants {
        path.push((union, variant.rust_name.to_owned()));
        let key = canonical(ir, &variant.ty, 0);
        found.entry(key).or_default().push(path.clone());
        if let Some((inner, def)) = resolved(ir, &variant.ty)
            && matches!(def.kind, TypeKind::Union(_) | TypeKind::Untagged(_))
            && visiting.insert(inner)
        {
            collect_members(ir, inner, path, visiting, found);
            visiting.remove(&inner);
        }
        path.pop();
    }
}

/// A type use with every alias replaced by what it names, so two spellings of one Rust type compare equal.
fn canonical(ir: &Ir, ty: &TypeRef, depth: usize) -> TypeRef {
    if depth > ir.types.len() {
        return ty.clone();
    }
    match ty {
        TypeRef::Named(id) => match &ir.type_def(*id).kind {
            TypeKind::Alias(target) => canonical(ir, target, depth + 1),
            _ => ty.clone(),
        },
        TypeRef::Array(item) => TypeRef::Array(Box::new(canonical(ir, item, depth + 1))),
        TypeRef::Map(value) => TypeRef::Map(Box::new(canonical(ir, value, depth + 1))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(canonical(ir, inner, depth + 1))),
        other => other.clone(),
    }
}

/// Whether the union `id` has `From<member>`: the member is reached along exactly one path (aliases are
/// the type they name).
pub(super) fn converts_from(ir: &Ir, id: TypeId, member: &TypeRef) -> bool {
    members(ir, id).get(&canonical(ir, member, 0)).is_some_and(|paths| paths.len() == 1)
}

/// `impl From<Member> for Union` for each member type reached along exactly one path: printed as the
/// formatter prints them (they are most of a large crate's union code), or as tokens where a line would
/// pass its margin or a type has no text form.
fn conversions(ir: &Ir, def: &TypeDef, id: TypeId) -> Vec<Piece> {
    let name = ident(&def.name);
    let conversion = |(ty, paths): (TypeRef, Vec<VariantPath>)| {
        let mut value = String::from("value");
        for (union, variant) in paths[0].iter().rev() {
            value = format!("{}::{}({value})", ident(&ir.type_def(*union).name), ident(variant));
        }
        if let Some(member) = super::rust::type_text(ir, &ty, "") {
            let lines = [
                format!("impl ::std::convert::From<{member}> for {name} {{"),
                format!("    fn from(value: {member}) -> Self {{"),
                format!("        {value}"),
            ];
            if lines.iter().all(|line| line.len() <= FORMATTER_MARGIN) {
                let [head, signature, body] = lines;
                return Piece::Text(format!("{head}\n{signature}\n{body}\n    }}\n}}\n"));
            }
        }
        let member = type_tokens(ir, &ty, &TokenStream::new());
        let mut value = quote! { value };
        for (union, variant) in paths[0].iter().rev() {
            let union = ident(&ir.type_def(*union).name);
            let variant = ident(variant);
            value = quote! { #union::#variant(#value) };
        }
        Piece::Tokens(quote! {
            impl ::std::convert::From<#member> for #name {
                fn from(value: #member) -> Self {
                    #value
                }
            }
        })
    };
    members(ir, id).into_iter().filter(|(_, paths)| paths.len() == 1).map(conversion).collect()
}

/// A path as written in Rust: `Union::Product(ProductInput::Identified(..))`.
fn path_text(ir: &Ir, path: &VariantPath) -> String {
    let mut text = String::from("..");
    for (union, variant) in path.iter().rev() {
        text = format!("{}::{variant}({text})", ir.type_def(*union).name);
    }
    text
}

/// A member type's Rust spelling, for docs.
fn type_text(ir: &Ir, ty: &TypeRef) -> String {
    type_tokens(ir, ty, &TokenStream::new()).to_string().replace(' ', "")
}
