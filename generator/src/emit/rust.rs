//! Small token helpers shared by the emitters: identifiers, docs and type paths.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Ir, ResponseBody, Scalar, TypeKind, TypeRef};

/// An identifier from a name the naming module produced (which may be raw, `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc text as attribute values, one per line with the space `///` would have.
pub(super) fn doc_lines(docs: &str) -> impl Iterator<Item = String> + '_ {
    // Text reaching here from the spec unfiltered (titles, enum values) may hold control characters;
    // rustc refuses a bare carriage return in a doc comment.
    docs.lines().map(|line| {
        let mut text = String::with_capacity(line.len() + 1);
        push_doc_line(&mut text, line);
        text
    })
}

/// Appends one line of doc text as a doc comment holds it: after a space unless empty, with control
/// characters but tabs as spaces.
pub(super) fn push_doc_line(text: &mut String, line: &str) {
    if !line.is_empty() {
        text.push(' ');
        text.extend(line.chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }));
    }
}

/// One line of doc text from spec values (enum values, tags): control characters become spaces.
pub fn doc_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `#[doc]` attributes, one per line so that they print as `///` comments.
pub fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let lines = docs.into_iter().flat_map(doc_lines);
    quote! { #( #[doc = #lines] )* }
}

/// A `#[derive]` with the built-in derives and the user's extra ones, leaving out extras that repeat a
/// built-in (a second `Eq` would not compile).
pub fn derive_attr(built_in: &[&str], extra: &[String]) -> TokenStream {
    let last_segment = |path: &str| path.rsplit("::").next().unwrap_or(path).trim().to_owned();
    let taken: Vec<String> = built_in.iter().map(|path| last_segment(path)).collect();
    let paths = built_in
        .iter()
        .map(|path| (*path).to_owned())
        .chain(extra.iter().filter(|path| !taken.contains(&last_segment(path))).cloned())
        .filter_map(|path| syn::parse_str::<syn::Path>(&path).ok());
    quote! { #[derive(#(#paths),*)] }
}

/// Inner `#![doc]` attributes, for module docs.
pub fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = doc_lines(docs);
    quote! { #( #![doc = #lines] )* }
}

/// The Rust type for a type use. `types` is the path prefix of the types module from where it is used.
pub fn type_tokens(ir: &Ir, ty: &TypeRef, types: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&ir.type_def(*id).name);
            quote! { #types #name }
        }
        TypeRef::Scalar(scalar) => scalar_tokens(*scalar),
        TypeRef::Array(item) => {
            let item = type_tokens(ir, item, types);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(ir, value, types);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(ir, inner, types);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::External(path) => match syn::parse_str::<syn::Type>(path) {
            Ok(parsed) => quote! { #parsed },
            // Settings are validated before generation; this keeps a bad one visible rather than silent.
            Err(_) => quote! { ::core::compile_error!(#path) },
        },
        TypeRef::Json => quote! { ::serde_json::Value },
    }
}

/// [`type_tokens`] as text written by hand (`::std::vec::Vec<Pet>`), for items printed directly; `None`
/// for types named in the settings, which are printed from their tokens.
pub fn type_text(ir: &Ir, ty: &TypeRef, types: &str) -> Option<String> {
    Some(match ty {
        TypeRef::Named(id) => format!("{types}{}", ident(&ir.type_def(*id).name)),
        TypeRef::Scalar(scalar) => scalar_text(*scalar).to_owned(),
        TypeRef::Array(item) => format!("::std::vec::Vec<{}>", type_text(ir, item, types)?),
        TypeRef::Map(value) => {
            format!("::std::collections::BTreeMap<::std::string::String, {}>", type_text(ir, value, types)?)
        }
        TypeRef::Nullable(inner) => format!("::std::option::Option<{}>", type_text(ir, inner, types)?),
        TypeRef::External(_) => return None,
        TypeRef::Json => "::serde_json::Value".to_owned(),
    })
}

fn scalar_text(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "::std::string::String",
        Scalar::Bool => "bool",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
        Scalar::DateTime => "::chrono::DateTime<::chrono::Utc>",
        Scalar::Date => "::chrono::NaiveDate",
        Scalar::UnixSeconds => "super::UnixSeconds",
        Scalar::UnixMillis => "super::UnixMillis",
        Scalar::Bytes => "::std::vec::Vec<u8>",
    }
}

fn scalar_tokens(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::String => quote! { ::std::string::String },
        Scalar::Bool => quote! { bool },
        Scalar::I32 => quote! { i32 },
        Scalar::I64 => quote! { i64 },
        Scalar::F32 => quote! { f32 },
        Scalar::F64 => quote! { f64 },
        Scalar::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        Scalar::Date => quote! { ::chrono::NaiveDate },
        // Re-exported at the crate root (or the build script's module), a sibling of every module.
        Scalar::UnixSeconds => quote! { super::UnixSeconds },
        Scalar::UnixMillis => quote! { super::UnixMillis },
        Scalar::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}

/// The type `ty` names once every alias is followed (at most one hop per type, so an alias cycle ends).
pub fn unaliased<'a>(ir: &'a Ir, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..=ir.types.len() {
        match current {
            TypeRef::Named(id) => match &ir.type_def(*id).kind {
                TypeKind::Alias(target) => current = target,
                _ => break,
            },
            _ => break,
        }
    }
    current
}

/// An expression turning `value` (a reference to a value of `ty`) into the `String` sent in a path, query
/// or header. Arrays are handled by the caller.
pub fn wire_string(ir: &Ir, ty: &TypeRef, value: TokenStream) -> TokenStream {
    wire_string_within(ir, ty, value, WIRE_HOPS)
}

/// How many aliases and arrays [`wire_string`] follows: more than any real parameter nests, and few enough
/// that an alias which is an array of itself (no fixed expression can join that) ends quickly, sent as JSON.
const WIRE_HOPS: usize = 8;

/// [`wire_string`] following at most `hops` aliases and arrays.
fn wire_string_within(ir: &Ir, ty: &TypeRef, value: TokenStream, hops: usize) -> TokenStream {
    let as_json = quote! { ::serde_json::to_string(#value).unwrap_or_default() };
    match ty {
        TypeRef::Scalar(Scalar::String) => quote! { ::std::string::ToString::to_string(#value) },
        TypeRef::Scalar(Scalar::DateTime) => quote! { #value.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true) },
        TypeRef::Scalar(Scalar::Bytes) => quote! { ::std::string::String::from_utf8_lossy(#value).into_owned() },
        TypeRef::Scalar(_) | TypeRef::External(_) => quote! { ::std::string::ToString::to_string(#value) },
        TypeRef::Named(id) => match &ir.type_def(*id).kind {
            TypeKind::Enum(_) => quote! { #value.as_str().to_owned() },
            TypeKind::Alias(target) if target != ty && hops > 0 => wire_string_within(ir, target, value, hops - 1),
            _ => as_json,
        },
        TypeRef::Array(item) if hops > 0 => joined_within(ir, item, value, ",", hops - 1),
        // A `null` item has no text of its own: it is sent as an empty value.
        TypeRef::Nullable(inner) if hops > 0 => {
            let inner = wire_string_within(ir, inner, quote! { value }, hops - 1);
            quote! {
                match #value {
                    ::std::option::Option::Some(value) => #inner,
                    ::std::option::Option::None => ::std::string::String::new(),
                }
            }
        }
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Json => as_json,
    }
}

/// An expression joining the wire strings of the items of `value` (a reference to a `Vec`), written as a
/// loop so that no closure is left for clippy to call redundant.
pub fn joined(ir: &Ir, item: &TypeRef, value: TokenStream, separator: &str) -> TokenStream {
    joined_within(ir, item, value, separator, WIRE_HOPS)
}

fn joined_within(ir: &Ir, item: &TypeRef, value: TokenStream, separator: &str, hops: usize) -> TokenStream {
    let item = wire_string_within(ir, item, quote! { item }, hops);
    quote! {
        {
            let mut joined = ::std::vec::Vec::new();
            for item in #value {
                joined.push(#item);
            }
            joined.join(#separator)
        }
    }
}

/// `#![allow(deprecated)]` when the spec deprecates something, since the generated code itself refers to
/// deprecated items (serde impls, builders); users still get the warnings.
pub fn allow_deprecated(ir: &Ir) -> TokenStream {
    let in_types = ir.types.iter().any(|def| {
        def.deprecated || matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(|field| field.deprecated))
    });
    let in_operations = ir
        .operations
        .iter()
        .any(|operation| operation.deprecated || operation.params.iter().any(|param| param.deprecated));
    if in_types || in_operations {
        quote! { #![allow(deprecated)] }
    } else {
        TokenStream::new()
    }
}

/// Whether any type or parameter uses a chrono type or a timestamp (so the crate needs chrono).
pub fn uses_chrono(ir: &Ir) -> bool {
    uses_scalar(ir, |scalar| {
        matches!(scalar, Scalar::DateTime | Scalar::Date | Scalar::UnixSeconds | Scalar::UnixMillis)
    })
}

/// Whether any type or parameter uses a Unix timestamp (so the crate needs the `timestamp` module).
pub fn uses_timestamps(ir: &Ir) -> bool {
    uses_scalar(ir, |scalar| matches!(scalar, Scalar::UnixSeconds | Scalar::UnixMillis))
}

/// Whether any type or parameter uses a scalar for which `wanted` holds.
fn uses_scalar(ir: &Ir, wanted: fn(Scalar) -> bool) -> bool {
    let in_ref = |ty: &TypeRef| scalar_in(ty, wanted);
    let in_types = ir.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(fields) => fields.iter().any(|field| in_ref(&field.ty)),
        TypeKind::Alias(target) => in_ref(target),
        TypeKind::Untagged(union) => union.variants.iter().any(|variant| in_ref(&variant.ty)),
        TypeKind::Union(union) => union.others.iter().any(|variant| in_ref(&variant.ty)),
        TypeKind::Enum(_) => false,
    });
    let in_operations = ir.operations.iter().any(|operation| {
        operation.params.iter().any(|param| in_ref(&param.ty))
            || operation.body.as_ref().is_some_and(|body| in_ref(&body.ty))
            || matches!(&operation.success, ResponseBody::Json { ty, .. } if in_ref(ty))
    });
    in_types || in_operations
}

fn scalar_in(ty: &TypeRef, wanted: fn(Scalar) -> bool) -> bool {
    match ty {
        TypeRef::Scalar(scalar) => wanted(*scalar),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => scalar_in(inner, wanted),
        _ => false,
    }
}
