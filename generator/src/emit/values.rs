//! Building values of generated structs from outside the crate: `new` with the required fields and one
//! `with_*` setter per optional one. Structs are `#[non_exhaustive]`, so a later spec adding an optional
//! property adds a setter and breaks no caller.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust::{ident, type_tokens};
use crate::ir::{Field, Ir, Scalar, TypeKind, TypeRef};
use crate::naming::bare;

/// Clippy's default limit for `too_many_arguments`.
const CLIPPY_ARGUMENT_LIMIT: usize = 7;

/// Whether `new` takes no arguments (every field is an `Option` or `Nullable` with a setter), so the
/// struct also implements `Default`. The map of undeclared properties starts empty, so it counts as optional.
pub fn all_optional(fields: &[Field]) -> bool {
    fields.iter().all(|field| !field.in_constructor())
}

/// The argument type a constructor or setter takes for a field's value (unboxed, before optionality):
/// strings as `impl Into<String>`, as the request builders take them, and unions as `impl Into<Union>`,
/// so that any member converts.
fn accepted(ir: &Ir, field: &Field) -> TokenStream {
    let ty = type_tokens(ir, &field.ty, &TokenStream::new());
    if takes_into(ir, &field.ty) {
        quote! { impl ::std::convert::Into<#ty> }
    } else {
        ty
    }
}

/// Whether arguments of this type are taken as `impl Into<..>`: strings, and unions (through aliases).
fn takes_into(ir: &Ir, ty: &TypeRef) -> bool {
    if *ty == TypeRef::Scalar(Scalar::String) {
        return true;
    }
    let mut current = ty;
    for _ in 0..=ir.types.len() {
        match current {
            TypeRef::Named(id) => match &ir.type_def(*id).kind {
                TypeKind::Union(_) | TypeKind::Untagged(_) => return true,
                TypeKind::Alias(target) => current = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// `value` as the field's (unboxed, non-optional) type.
fn converted(ir: &Ir, field: &Field, value: &Ident) -> TokenStream {
    let value = if takes_into(ir, &field.ty) {
        quote! { #value.into() }
    } else {
        quote! { #value }
    };
    if field.boxed {
        quote! { ::std::boxed::Box::new(#value) }
    } else {
        value
    }
}

/// The setter names, `with_{field}`, unique within the struct: a leading underscore of the field name
/// is dropped (a double underscore is not snake case) and a clash gets a numeric suffix.
pub fn setter_names(fields: &[Field]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    fields
        .iter()
        .map(|field| {
            let base = format!("with_{}", bare(&field.rust_name).trim_start_matches('_'));
            let mut name = base.clone();
            let mut suffix = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{suffix}");
                suffix += 1;
            }
            name
        })
        .collect()
}

/// `impl Struct { new(..); with_*(..) }`.
pub fn constructors(ir: &Ir, name: &Ident, fields: &[Field]) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (field, setter) in fields.iter().zip(setter_names(fields)) {
        let field_name = ident(&field.rust_name);
        let accepted = accepted(ir, field);
        let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
        let value = format_ident!("value");
        let setter = ident(&setter);
        if field.flatten {
            inits.push(quote! { #field_name: ::std::default::Default::default() });
            let doc = format!(
                " Sets [`{0}`](Self::{0}), the properties the schema does not declare.",
                bare(&field.rust_name)
            );
            setters.push(quote! {
                #[doc = #doc]
                pub fn #setter(mut self, #value: #accepted) -> Self {
                    self.#field_name = #value;
                    self
                }
            });
            continue;
        }
        if field.in_constructor() {
            args.push(quote! { #field_name: #accepted });
            inits.push(if field.lenient {
                // `new` takes the value even when decoding tolerates its absence, so requests are unchanged.
                let converted = converted(ir, field, &field_name);
                quote! { #field_name: ::std::option::Option::Some(#converted) }
            } else if field.boxed || takes_into(ir, &field.ty) {
                let converted = converted(ir, field, &field_name);
                quote! { #field_name: #converted }
            } else {
                quote! { #field_name }
            });
            continue;
        }
        let doc = format!(" Sets [`{0}`](Self::{0}).", bare(&field.rust_name));
        let (init, accepted, set) = if field.is_tri_state() {
            let inner = type_tokens(ir, &field.ty, &TokenStream::new());
            let boxed = field.boxed.then(|| quote! { .map(::std::boxed::Box::new) });
            (
                quote! { super::Nullable::Absent },
                quote! { impl ::std::convert::Into<super::Nullable<#inner>> },
                quote! { #value.into() #boxed },
            )
        } else {
            let converted = converted(ir, field, &value);
            (quote! { ::std::option::Option::None }, accepted, quote! { ::std::option::Option::Some(#converted) })
        };
        inits.push(quote! { #field_name: #init });
        setters.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #setter(mut self, #value: #accepted) -> Self {
                self.#field_name = #set;
                self
            }
        });
    }
    let new_doc = if args.is_empty() {
        " A value with every field unset.".to_owned()
    } else {
        " A value with the required fields; the optional ones start unset (see the `with_*` setters).".to_owned()
    };
    let body = if args.is_empty() {
        quote! { ::std::default::Default::default() }
    } else {
        quote! { Self { #(#inits,)* } }
    };
    let allow = (args.len() > CLIPPY_ARGUMENT_LIMIT)
        .then(|| quote! { #[allow(clippy::too_many_arguments, reason = "one argument per required property")] });
    quote! {
        impl #name {
            #[doc = #new_doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                #body
            }
            #(#setters)*
        }
    }
}
