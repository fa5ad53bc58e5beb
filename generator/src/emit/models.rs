//! The `types` module: structs, string enums, tagged unions and aliases, in a fixed order by name.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_attrs, ident, type_tokens};
use crate::ir::{Field, Ir, TaggedUnion, TypeDef, TypeKind};

/// The whole types module.
pub fn types_module(ir: &Ir) -> TokenStream {
    let mut defs: Vec<&TypeDef> = ir.types.iter().collect();
    defs.sort_by(|a, b| a.name.cmp(&b.name));
    let items = defs.into_iter().map(|def| type_item(ir, def));
    quote! {
        //! Types of request and response bodies, from the spec's schemas.
        #![allow(clippy::large_enum_variant, clippy::derive_partial_eq_without_eq)]
        #(#items)*
    }
}

fn type_item(ir: &Ir, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => {
            let fields = fields.iter().map(|field| struct_field(ir, field));
            quote! {
                #docs
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name { #(#fields,)* }
            }
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(ir, target, &TokenStream::new());
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Enum(string_enum) => super::enums::string_enum(&name, &docs, string_enum),
        TypeKind::Union(union) => tagged_union(ir, &name, &docs, union),
    }
}

fn struct_field(ir: &Ir, field: &Field) -> TokenStream {
    let docs = doc_attrs(field.docs.as_deref());
    let name = ident(&field.rust_name);
    let mut ty = type_tokens(ir, &field.ty, &TokenStream::new());
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.is_optional() {
        ty = quote! { ::std::option::Option<#ty> };
    }
    let mut serde = Vec::new();
    if crate::naming::bare(&field.rust_name) != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote! { rename = #wire });
    }
    if !field.required {
        serde.push(quote! { default, skip_serializing_if = "::std::option::Option::is_none" });
    }
    let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
    quote! { #docs #serde pub #name: #ty }
}

fn tagged_union(ir: &Ir, name: &proc_macro2::Ident, docs: &TokenStream, union: &TaggedUnion) -> TokenStream {
    let tag = &union.tag;
    let fallback = ident(&union.fallback);
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|variant| {
            let variant_name = ident(&variant.rust_name);
            let payload = ident(&ir.type_def(variant.payload).name);
            let value = &variant.tag_value;
            (variant_name, payload, value)
        })
        .collect();
    let declarations = variants.iter().map(|(variant, payload, value)| {
        let doc = format!(" `{tag}: {value}`.");
        quote! { #[doc = #doc] #[serde(rename = #value)] #variant(#payload) }
    });
    let arms = variants.iter().map(|(variant, _, value)| {
        quote! { ::std::option::Option::Some(#value) => crate::runtime::decode_variant(value).map(Self::#variant), }
    });
    let fallback_doc = format!(" An object whose `{tag}` this client does not know; kept as received.");
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(tag = #tag)]
        pub enum #name {
            #(#declarations,)*
            #[doc = #fallback_doc]
            #[serde(untagged)]
            #fallback(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.get(#tag).and_then(::serde_json::Value::as_str) {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(Self::#fallback(value)),
                }
            }
        }
    }
}
