//! Unions in the `types` module: internally tagged enums with a hand-written `Deserialize` that reads
//! the tag first, untagged enums tried in order, and the helpers both share.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateInfo;
use super::rust::{derive_attr, doc_line, ident, type_tokens};
use crate::ir::{ErrorStatus, Ir, TagValue, TaggedUnion, TypeKind, UntaggedUnion};

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
    let by_status = union.variants.iter().any(|variant| !variant.statuses.is_empty()).then(|| from_status(name, union));
    quote! {
        #docs
        #derive
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
            #fallback
        }
        #by_status
    }
}

/// An operation's error enum is decoded by status: the variant declared for the status (codes before
/// classes before `default`), and for an undeclared status the first variant the body fits.
fn from_status(name: &proc_macro2::Ident, union: &UntaggedUnion) -> TokenStream {
    let mut arms: Vec<(ErrorStatus, TokenStream)> = Vec::new();
    for variant in &union.variants {
        let variant_name = ident(&variant.rust_name);
        for status in &variant.statuses {
            let decode = quote! { ::serde_json::from_value(body).ok().map(Self::#variant_name) };
            let arm = match status {
                ErrorStatus::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(*code);
                    quote! { #code => #decode, }
                }
                ErrorStatus::Class(class) => {
                    let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
                    let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
                    quote! { #low..=#high => #decode, }
                }
                ErrorStatus::Default => quote! { _ => #decode, },
            };
            arms.push((*status, arm));
        }
    }
    arms.sort_by_key(|(status, _)| *status);
    let has_default = arms.iter().any(|(status, _)| *status == ErrorStatus::Default);
    let otherwise = (!has_default).then(|| quote! { _ => ::serde_json::from_value(body).ok(), });
    let arms = arms.into_iter().map(|(_, arm)| arm);
    quote! {
        impl #name {
            /// The body of an error response with this status, decoded as the variant the spec declares
            /// for the status; for a status it does not declare, the first variant the body fits.
            pub fn from_status(status: u16, body: ::serde_json::Value) -> ::std::option::Option<Self> {
                match status {
                    #(#arms)*
                    #otherwise
                }
            }
        }
    }
}

/// Helpers of the tagged unions' `Deserialize`: the object is captured as raw JSON text (one copy, no
/// tree), its tag read with every other value skipped, and the variant parsed straight from the text,
/// which keeps decoding close to a derived internally tagged enum.
/// Reading string tags without building a tree.
fn string_tag_helper() -> TokenStream {
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

    }
}

fn decode_variant_helper() -> TokenStream {
    quote! {
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

/// The helpers the crate's tagged unions use: the string tag reader when some union has string tags, the
/// typed tag reader and the tag writer when some union has boolean or integer tags.
pub(super) fn union_helpers(ir: &Ir) -> Option<TokenStream> {
    let unions: Vec<&TaggedUnion> = ir
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Union(union) => Some(union),
            _ => None,
        })
        .collect();
    if unions.is_empty() {
        return None;
    }
    let mut helpers = decode_variant_helper();
    if unions.iter().any(|union| union.has_string_tags()) {
        helpers.extend(string_tag_helper());
    }
    if unions.iter().any(|union| !union.has_string_tags()) {
        helpers.extend(typed_tag_helpers());
    }
    Some(helpers)
}

/// Reading and writing tags that are not strings: serde's `tag = ".."` only writes strings.
fn typed_tag_helpers() -> TokenStream {
    quote! {
        /// The value of `tag` in a JSON object, with its JSON type, if it is an object and has one.
        fn union_tag_value(raw: &::serde_json::value::RawValue, tag: &'static str) -> ::std::option::Option<::serde_json::Value> {
            struct TagVisitor(&'static str);
            impl<'de> ::serde::de::Visitor<'de> for TagVisitor {
                type Value = ::std::option::Option<::serde_json::Value>;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                    let mut found = ::std::option::Option::None;
                    while let ::std::option::Option::Some(key) = map.next_key::<::std::borrow::Cow<'de, str>>()? {
                        if key == self.0 && found.is_none() {
                            found = ::std::option::Option::Some(map.next_value::<::serde_json::Value>()?);
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

        /// A variant's payload, serialised, with the tag added under `name`.
        fn with_union_tag(
            name: &'static str,
            tag: ::serde_json::Value,
            payload: ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
        ) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
            match payload.map_err(|error| ::std::string::ToString::to_string(&error))? {
                ::serde_json::Value::Object(mut object) => {
                    object.insert(::std::borrow::ToOwned::to_owned(name), tag);
                    ::std::result::Result::Ok(::serde_json::Value::Object(object))
                }
                _ => ::std::result::Result::Err(::std::format!("a variant of a union tagged by `{name}` is not an object")),
            }
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
    if union.has_string_tags() {
        string_tagged_union(ir, info, name, docs, union)
    } else {
        typed_tagged_union(ir, info, name, docs, union)
    }
}

/// The fallback variant's declaration and the match arm producing it (or an error when there is none).
fn fallback_parts(info: &CrateInfo, union: &TaggedUnion, serde_untagged: bool) -> (TokenStream, TokenStream) {
    let tag = &union.tag;
    let fallback = ident(&union.fallback);
    if info.unknown_variants {
        let fallback_doc = format!(" An object whose `{}` this client does not know; kept as received.", doc_line(tag));
        let attr = serde_untagged.then(|| quote! { #[serde(untagged)] });
        (
            quote! { #[doc = #fallback_doc] #attr #fallback(::serde_json::Value), },
            quote! { _ => ::serde_json::from_str(raw.get()).map(Self::#fallback).map_err(<D::Error as ::serde::de::Error>::custom), },
        )
    } else {
        let known: Vec<String> =
            union.variants.iter().map(|variant| format!("`{}`", variant.tag_value.text())).collect();
        let message = format!("`{tag}` is missing or not one of {}", known.join(", "));
        (
            TokenStream::new(),
            quote! { _ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#message)), },
        )
    }
}

/// The arm for an object without the tag, when one variant's member does not require it.
fn absent_arm(union: &TaggedUnion) -> Option<TokenStream> {
    let variant = ident(&union.variants[union.when_absent?].rust_name);
    Some(quote! { ::std::option::Option::None => decode_variant(&raw).map(Self::#variant), })
}

/// A union whose tags are booleans or integers (or a mix with strings): tags read and written with their
/// JSON type, through a `Serialize` that adds the tag to the payload's object.
fn typed_tagged_union(
    ir: &Ir,
    info: &CrateInfo,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &TaggedUnion,
) -> TokenStream {
    let tag = &union.tag;
    let fallback = ident(&union.fallback);
    let declarations = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let payload = ident(&ir.type_def(variant.payload).name);
        let doc = format!(" `{}: {}`.", doc_line(tag), doc_line(&variant.tag_value.text()));
        quote! { #[doc = #doc] #variant_name(#payload) }
    });
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let pattern = match &variant.tag_value {
            TagValue::Bool(value) => quote! { ::std::option::Option::Some(::serde_json::Value::Bool(#value)) },
            TagValue::Integer(value) => quote! {
                ::std::option::Option::Some(::serde_json::Value::Number(number)) if number.as_i64() == ::std::option::Option::Some(#value)
            },
            TagValue::String(value) => quote! {
                ::std::option::Option::Some(::serde_json::Value::String(value)) if value == #value
            },
        };
        quote! { #pattern => decode_variant(&raw).map(Self::#variant_name), }
    });
    let writes = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let value = match &variant.tag_value {
            TagValue::Bool(value) => quote! { ::serde_json::Value::Bool(#value) },
            TagValue::Integer(value) => quote! { ::serde_json::Value::from(#value) },
            TagValue::String(value) => quote! { ::serde_json::Value::from(#value) },
        };
        quote! { Self::#variant_name(payload) => (#value, ::serde_json::to_value(payload)), }
    });
    let (fallback_variant, otherwise) = fallback_parts(info, union, false);
    let write_fallback = info.unknown_variants.then(|| {
        quote! { Self::#fallback(value) => return ::serde::Serialize::serialize(value, serializer), }
    });
    let absent = absent_arm(union);
    let derive = derive_attr(&["Clone", "Debug", "PartialEq"], &info.derives);
    quote! {
        #docs
        #derive
        pub enum #name {
            #(#declarations,)*
            #fallback_variant
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let (tag, payload) = match self {
                    #(#writes)*
                    #write_fallback
                };
                let object = with_union_tag(#tag, tag, payload).map_err(<S::Error as ::serde::ser::Error>::custom)?;
                ::serde::Serialize::serialize(&object, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(deserializer)?;
                match union_tag_value(&raw, #tag) {
                    #(#arms)*
                    #absent
                    #otherwise
                }
            }
        }
    }
}

/// A union with string tags: serde's internally tagged form writes it, and a hand-written `Deserialize`
/// reads the tag first.
fn string_tagged_union(
    ir: &Ir,
    info: &CrateInfo,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &TaggedUnion,
) -> TokenStream {
    let tag = &union.tag;
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|variant| {
            let variant_name = ident(&variant.rust_name);
            let payload = ident(&ir.type_def(variant.payload).name);
            let value = variant.tag_value.text();
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
    let (fallback_variant, otherwise) = fallback_parts(info, union, true);
    let absent = absent_arm(union);
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
                    #absent
                    #otherwise
                }
            }
        }
    }
}
