//! The `types` module: structs, string enums, tagged unions and aliases, in a fixed order by name.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateInfo;
use super::rust::{allow_deprecated, derive_attr, doc_attrs, doc_line, ident, type_tokens};
use crate::ir::{Field, Ir, TaggedUnion, TypeDef, TypeKind, UntaggedUnion};

/// The types module: its inner attributes, then one item group per type (sorted by name) and the union
/// helper, produced lazily so that the formatter can take them a chunk at a time.
pub fn types_module<'a>(ir: &'a Ir, info: &'a CrateInfo) -> (TokenStream, Box<dyn Iterator<Item = TokenStream> + 'a>) {
    let mut defs: Vec<&TypeDef> = ir.types.iter().collect();
    defs.sort_by(|a, b| a.name.cmp(&b.name));
    let has_unions = defs.iter().any(|def| matches!(def.kind, TypeKind::Union(_)));
    let allow_deprecated = allow_deprecated(ir);
    let head = quote! {
        //! Types of request and response bodies, from the spec's schemas.
        #![allow(clippy::large_enum_variant, clippy::derive_partial_eq_without_eq)]
        #allow_deprecated
    };
    let items = defs.into_iter().map(move |def| type_item(ir, info, def));
    (head, Box::new(items.chain(has_unions.then(decode_variant_helper))))
}

fn type_item(ir: &Ir, info: &CrateInfo, def: &TypeDef) -> TokenStream {
    let mut docs = doc_attrs(def.docs.as_deref());
    if def.deprecated {
        docs.extend(quote! { #[deprecated] });
    }
    if !matches!(def.kind, TypeKind::Alias(_)) {
        // Later specs may add properties, enum values and union variants without breaking callers, who
        // build values through `new` and `with_*` and match with a wildcard arm.
        docs.extend(quote! { #[non_exhaustive] });
    }
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => {
            let constructors = super::values::constructors(ir, &name, fields);
            let mut built_in = vec!["Clone", "Debug", "PartialEq", "::serde::Serialize", "::serde::Deserialize"];
            if super::values::all_optional(fields) {
                built_in.push("Default");
            }
            let derive = derive_attr(&built_in, &info.derives);
            let fields = fields.iter().map(|field| struct_field(ir, field));
            quote! {
                #docs
                #derive
                pub struct #name { #(#fields,)* }
                #constructors
            }
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(ir, target, &TokenStream::new());
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Enum(string_enum) => super::enums::string_enum(&name, &docs, string_enum, info),
        TypeKind::Union(union) => tagged_union(ir, info, &name, &docs, union),
        TypeKind::Untagged(union) => untagged_union(ir, info, &name, &docs, union),
    }
}

/// Variants are tried in order (the IR put the most specific first); serde's `untagged` does exactly that.
fn untagged_union(
    ir: &Ir,
    info: &CrateInfo,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &UntaggedUnion,
) -> TokenStream {
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = type_tokens(ir, &variant.ty, &TokenStream::new());
        quote! { #variant_name(#ty) }
    });
    let fallback = info.unknown_variants.then(|| {
        let fallback = ident(&union.fallback);
        quote! {
            /// A value matching none of the other variants; kept as received.
            #fallback(::serde_json::Value),
        }
    });
    let derive =
        derive_attr(&["Clone", "Debug", "PartialEq", "::serde::Serialize", "::serde::Deserialize"], &info.derives);
    quote! {
        #docs
        #derive
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
            #fallback
        }
    }
}

/// Helpers of the tagged unions' `Deserialize`: the object is captured as raw JSON text (one copy, no
/// tree), its tag read with every other value skipped, and the variant parsed straight from the text,
/// which keeps decoding close to a derived internally tagged enum.
fn decode_variant_helper() -> TokenStream {
    quote! {
        /// The string value of `tag` in a JSON object, if it is an object and has one.
        fn union_tag(raw: &::serde_json::value::RawValue, tag: &'static str) -> ::std::option::Option<::std::string::String> {
            struct TagVisitor(&'static str);
            impl<'de> ::serde::de::Visitor<'de> for TagVisitor {
                type Value = ::std::option::Option<::std::string::String>;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                    let mut found = ::std::option::Option::None;
                    while let ::std::option::Option::Some(key) = map.next_key::<::std::borrow::Cow<'de, str>>()? {
                        if key == self.0 && found.is_none() {
                            found = map.next_value::<::serde_json::Value>()?.as_str().map(::std::borrow::ToOwned::to_owned);
                        } else {
                            map.next_value::<::serde::de::IgnoredAny>()?;
                        }
                    }
                    ::std::result::Result::Ok(found)
                }
            }
            let mut deserializer = ::serde_json::Deserializer::from_str(raw.get());
            ::serde::Deserializer::deserialize_map(&mut deserializer, TagVisitor(tag)).ok().flatten()
        }

        /// Decodes a union variant from the captured object. A failure inside it is reported as
        /// ``at `inner.path`: message``, which the client's decoder joins onto the outer path.
        fn decode_variant<T: ::serde::de::DeserializeOwned, E: ::serde::de::Error>(raw: &::serde_json::value::RawValue) -> ::std::result::Result<T, E> {
            // The plain parse is the fast path; only a failure pays for tracking the path.
            if let ::std::result::Result::Ok(decoded) = ::serde_json::from_str(raw.get()) {
                return ::std::result::Result::Ok(decoded);
            }
            let mut deserializer = ::serde_json::Deserializer::from_str(raw.get());
            ::serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
                let path = error.path().to_string();
                if path == "." {
                    E::custom(error.into_inner())
                } else {
                    E::custom(::std::format_args!("at `{path}`: {}", error.into_inner()))
                }
            })
        }
    }
}

fn struct_field(ir: &Ir, field: &Field) -> TokenStream {
    let docs = doc_attrs(field.docs.as_deref());
    let name = ident(&field.rust_name);
    let mut ty = type_tokens(ir, &field.ty, &TokenStream::new());
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.is_tri_state() {
        ty = quote! { super::Nullable<#ty> };
    } else if field.is_optional() {
        ty = quote! { ::std::option::Option<#ty> };
    }
    let mut serde = Vec::new();
    if crate::naming::bare(&field.rust_name) != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote! { rename = #wire });
    }
    if field.is_tri_state() {
        serde.push(quote! { default, skip_serializing_if = "super::Nullable::is_absent" });
    } else if !field.required {
        serde.push(quote! { default, skip_serializing_if = "::std::option::Option::is_none" });
    }
    let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    quote! { #docs #deprecated #serde pub #name: #ty }
}

fn tagged_union(
    ir: &Ir,
    info: &CrateInfo,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &TaggedUnion,
) -> TokenStream {
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
        let doc = format!(" `{}: {}`.", doc_line(tag), doc_line(value));
        quote! { #[doc = #doc] #[serde(rename = #value)] #variant(#payload) }
    });
    let arms = variants.iter().map(|(variant, _, value)| {
        quote! { ::std::option::Option::Some(#value) => decode_variant(&raw).map(Self::#variant), }
    });
    let (fallback_variant, otherwise) = if info.unknown_variants {
        let fallback_doc = format!(" An object whose `{}` this client does not know; kept as received.", doc_line(tag));
        (
            quote! { #[doc = #fallback_doc] #[serde(untagged)] #fallback(::serde_json::Value), },
            quote! { _ => ::serde_json::from_str(raw.get()).map(Self::#fallback).map_err(<D::Error as ::serde::de::Error>::custom), },
        )
    } else {
        let known: Vec<String> = variants.iter().map(|(_, _, value)| format!("`{value}`")).collect();
        let message = format!("`{tag}` is missing or not one of {}", known.join(", "));
        (
            TokenStream::new(),
            quote! { _ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#message)), },
        )
    };
    let derive = derive_attr(&["Clone", "Debug", "PartialEq", "::serde::Serialize"], &info.derives);
    quote! {
        #docs
        #derive
        #[serde(tag = #tag)]
        pub enum #name {
            #(#declarations,)*
            #fallback_variant
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(deserializer)?;
                match union_tag(&raw, #tag).as_deref() {
                    #(#arms)*
                    #otherwise
                }
            }
        }
    }
}
