//! Untagged unions under `lenient-responses`. A member struct whose required fields may be missing
//! decodes from almost any object, so the first such member tried would take every value. Variants are
//! therefore tried twice: first as the spec describes them (every required field present, which keeps
//! the strict choice for data that follows the spec), then, when none fits, the member missing the fewest
//! required fields wins.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::ir::{Ir, TypeKind, TypeRef};

/// Checks that a decoded variant's lenient fields are all present (`value.login.is_some()`), empty when
/// the variant is not a struct with lenient fields.
pub(super) fn present_checks(ir: &Ir, ty: &TypeRef) -> Vec<TokenStream> {
    lenient_fields(ir, ty)
        .into_iter()
        .map(|name| {
            let name = ident(&name);
            quote! { value.#name.is_some() }
        })
        .collect()
}

/// The struct behind a variant type (through aliases), and its lenient fields' Rust names.
pub(super) fn lenient_fields(ir: &Ir, ty: &TypeRef) -> Vec<String> {
    let mut current = ty;
    for _ in 0..=ir.types.len() {
        let TypeRef::Named(id) = current else { return Vec::new() };
        match &ir.type_def(*id).kind {
            TypeKind::Alias(target) => current = target,
            TypeKind::Struct(fields) => {
                return fields.iter().filter(|field| field.lenient).map(|field| field.rust_name.clone()).collect();
            }
            _ => return Vec::new(),
        }
    }
    Vec::new()
}

/// One attempt of the second pass: when `with_decoded` binds a value passing `accept` (the checks other than
/// presence), it replaces the best candidate so far if it lacks fewer required fields. `None` when the
/// variant has no lenient fields (the first pass already tried it as it is).
pub(super) fn fewest_missing_attempt(
    ir: &Ir,
    ty: &TypeRef,
    variant: &proc_macro2::Ident,
    with_decoded: &dyn Fn(TokenStream) -> TokenStream,
    accept: &[TokenStream],
) -> Option<TokenStream> {
    let fields = lenient_fields(ir, ty);
    if fields.is_empty() {
        return None;
    }
    let missing = fields.iter().map(|name| {
        let name = ident(name);
        quote! { usize::from(value.#name.is_none()) }
    });
    let mut conditions = accept.to_vec();
    conditions.push(quote! { !::std::matches!(&best, ::std::option::Option::Some((fewest, _)) if *fewest <= missing) });
    Some(with_decoded(quote! {
        let missing = #(#missing)+*;
        if #(#conditions)&&* {
            best = ::std::option::Option::Some((missing, Self::#variant(value)));
        }
    }))
}

/// The second pass: the attempts, then the best candidate if any was found.
pub(super) fn fewest_missing_pass(attempts: Vec<TokenStream>) -> TokenStream {
    if attempts.is_empty() {
        return TokenStream::new();
    }
    quote! {
        // No variant has every property the spec requires: the one lacking the fewest wins.
        let mut best: ::std::option::Option<(usize, Self)> = ::std::option::Option::None;
        #(#attempts)*
        if let ::std::option::Option::Some((_, value)) = best {
            return ::std::result::Result::Ok(value);
        }
    }
}
