//! Unions in the `types` module: internally tagged enums with a hand-written `Deserialize` that reads
//! the tag first, untagged enums tried in order, and the helpers both share.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateInfo;
use super::rust::{derive_attr, doc_line, ident, type_tokens};
use crate::ir::{Ir, TaggedUnion, UntaggedUnion};

/// Variants are tried in order (the IR put the most specific first); serde's `untagged` does exactly that.
pub(super) fn untagged_union(
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
pub(super) fn decode_variant_helper() -> TokenStream {
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

pub(super) fn tagged_union(
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
