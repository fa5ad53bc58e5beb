//! The `error_bodies` module: an `ErrorDetails` impl for each operation's error type, reading
//! `message()` and `code()` from the fields its schema declares, so no JSON is inspected at run time
//! when the type is known.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateInfo;
use super::requests::types_path;
use super::rust::{allow_deprecated, ident};
use crate::ir::{Field, Ir, Scalar, TypeId, TypeKind, TypeRef};

/// Properties holding the message, in order of preference.
const MESSAGE_FIELDS: [&str; 5] = ["message", "error", "detail", "title", "error_description"];
/// Properties holding the code, in order of preference.
const CODE_FIELDS: [&str; 3] = ["code", "error_code", "type"];

/// The module's tokens, or `None` when no operation declares a named error type.
pub fn error_bodies_module(ir: &Ir, info: &CrateInfo) -> Option<TokenStream> {
    let mut ids = BTreeSet::new();
    for operation in &ir.operations {
        collect(ir, &operation.errors.body, &mut ids);
    }
    if ids.is_empty() {
        return None;
    }
    let allow_deprecated = allow_deprecated(ir);
    let impls = ids.into_iter().map(|index| {
        let def = &ir.types[index];
        super::features::gate(&def.features, details_impl(ir, info, TypeId(index)))
    });
    Some(quote! {
        //! `message()` and `code()` of each operation's error type, from the fields its schema declares.
        #allow_deprecated

        #(#impls)*
    })
}

/// The type an alias stands for.
fn canonical<'a>(ir: &'a Ir, mut ty: &'a TypeRef) -> &'a TypeRef {
    // Aliases cannot loop (the IR resolves them), but a bound keeps a bad IR from hanging the generator.
    for _ in 0..64 {
        match ty {
            TypeRef::Named(id) => match &ir.type_def(*id).kind {
                TypeKind::Alias(target) => ty = target,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// Adds the generated types that need an impl for `ty` to be an error type: itself, and the variants
/// of an enum of error bodies it delegates to.
fn collect(ir: &Ir, ty: &TypeRef, ids: &mut BTreeSet<usize>) {
    let TypeRef::Named(id) = canonical(ir, ty) else { return };
    if !ids.insert(id.0) {
        return;
    }
    if let TypeKind::Untagged(union) = &ir.type_def(*id).kind {
        for variant in &union.variants {
            collect(ir, &variant.ty, ids);
        }
    }
}

/// Whether `ty` implements `ErrorDetails`: generated types through this module, the rest through the
/// runtime's impls for JSON, strings, numbers, lists and maps.
fn has_details(ir: &Ir, ty: &TypeRef) -> bool {
    match canonical(ir, ty) {
        TypeRef::Named(_) | TypeRef::Json | TypeRef::Array(_) | TypeRef::Map(_) => true,
        TypeRef::Nullable(_) => false,
        TypeRef::Scalar(scalar) => {
            matches!(scalar, Scalar::String | Scalar::Bool | Scalar::I32 | Scalar::I64 | Scalar::F32 | Scalar::F64)
        }
        TypeRef::External(_) => false,
    }
}

fn details_impl(ir: &Ir, info: &CrateInfo, id: TypeId) -> TokenStream {
    let def = ir.type_def(id);
    let name = ident(&def.name);
    let (message, code) = match &def.kind {
        TypeKind::Struct(fields) => {
            (field_chain(ir, info, fields, &MESSAGE_FIELDS), field_chain(ir, info, fields, &CODE_FIELDS))
        }
        TypeKind::Untagged(union) => {
            let arms = |method: TokenStream| {
                let mut arms: Vec<TokenStream> = union
                    .variants
                    .iter()
                    .map(|variant| {
                        let variant_name = ident(&variant.rust_name);
                        if has_details(ir, &variant.ty) {
                            quote! { Self::#variant_name(inner) => super::ErrorDetails::#method(inner), }
                        } else {
                            quote! { Self::#variant_name(_) => ::std::option::Option::None, }
                        }
                    })
                    .collect();
                if let Some(fallback) = fallback_name(ir, info, id) {
                    let fallback = ident(fallback);
                    arms.push(quote! { Self::#fallback(value) => super::ErrorDetails::#method(value), });
                }
                Some(quote! { match self { #(#arms)* } })
            };
            (arms(quote! { message }), arms(quote! { code }))
        }
        // Enums and tagged unions carry no message or code of their own.
        _ => (None, None),
    };
    let message = message.map(|body| {
        quote! { fn message(&self) -> ::std::option::Option<&str> { #body } }
    });
    let code = code.map(|body| {
        quote! { fn code(&self) -> ::std::option::Option<&str> { #body } }
    });
    let types = types_path();
    quote! {
        impl super::ErrorDetails for #types #name {
            #message
            #code
        }
    }
}

/// The name of an untagged union's fallback variant, when the crate keeps unknown values.
fn fallback_name<'a>(ir: &'a Ir, info: &CrateInfo, id: TypeId) -> Option<&'a str> {
    let TypeKind::Untagged(union) = &ir.type_def(id).kind else { return None };
    info.unknown_variants.then_some(union.fallback.as_str())
}

/// The first of the `wanted` properties that holds text, as an `Option<&str>` expression chaining each
/// candidate in order; `None` when the struct has none of them.
fn field_chain(ir: &Ir, info: &CrateInfo, fields: &[Field], wanted: &[&str]) -> Option<TokenStream> {
    let candidates: Vec<TokenStream> = wanted
        .iter()
        .filter_map(|wire| fields.iter().find(|field| !field.flatten && field.wire_name == *wire))
        .filter_map(|field| field_text(ir, info, field))
        .collect();
    let (first, rest) = candidates.split_first()?;
    Some(quote! { #first #(.or_else(|| #rest))* })
}

/// A field's text as an `Option<&str>`, through its optionality.
fn field_text(ir: &Ir, info: &CrateInfo, field: &Field) -> Option<TokenStream> {
    let name = ident(&field.rust_name);
    let place = if field.is_tri_state() {
        quote! { self.#name.as_option() }
    } else {
        quote! { self.#name.as_ref() }
    };
    if matches!(canonical(ir, &field.ty), TypeRef::Scalar(Scalar::String))
        && field.is_optional()
        && !field.is_tri_state()
    {
        return Some(quote! { self.#name.as_deref() });
    }
    if !field.is_optional() {
        return Some(match text_of(ir, info, &field.ty, quote! { self.#name })? {
            Text::Always(text) => quote! { ::std::option::Option::Some(#text) },
            Text::Maybe(text) => text,
        });
    }
    Some(match text_of(ir, info, &field.ty, quote! { value })? {
        Text::Always(text) => quote! { #place.map(|value| #text) },
        Text::Maybe(text) => quote! { #place.and_then(|value| #text) },
    })
}

/// How a value reads as text.
enum Text {
    /// Always: a `&str` expression.
    Always(TokenStream),
    /// Sometimes: an `Option<&str>` expression.
    Maybe(TokenStream),
}

/// `value` (a reference to a `ty`) as text, when values of `ty` can be text: a string, a string enum, or
/// a union with a string variant (an object variant of free-form JSON counts through its own `message`).
fn text_of(ir: &Ir, info: &CrateInfo, ty: &TypeRef, value: TokenStream) -> Option<Text> {
    match canonical(ir, ty) {
        TypeRef::Scalar(Scalar::String) => Some(Text::Always(quote! { #value.as_str() })),
        TypeRef::Json => Some(Text::Maybe(quote! { #value.as_str() })),
        TypeRef::Named(id) => match &ir.type_def(*id).kind {
            TypeKind::Enum(_) => Some(Text::Always(quote! { #value.as_str() })),
            TypeKind::Untagged(union) => {
                let union_name = ident(&ir.type_def(*id).name);
                let types = types_path();
                let mut arms = Vec::new();
                for variant in &union.variants {
                    let variant_name = ident(&variant.rust_name);
                    let arm = match canonical(ir, &variant.ty) {
                        TypeRef::Scalar(Scalar::String) => quote! { ::std::option::Option::Some(text.as_str()) },
                        TypeRef::Map(inner) if **inner == TypeRef::Json => {
                            quote! { text.get("message").and_then(::serde_json::Value::as_str) }
                        }
                        _ => continue,
                    };
                    arms.push(quote! { #types #union_name::#variant_name(text) => #arm, });
                }
                if arms.is_empty() {
                    return None;
                }
                let covered = arms.len() == union.variants.len() && fallback_name(ir, info, *id).is_none();
                let rest = (!covered).then(|| quote! { _ => ::std::option::Option::None, });
                Some(Text::Maybe(quote! { match &#value { #(#arms)* #rest } }))
            }
            _ => None,
        },
        _ => None,
    }
}
