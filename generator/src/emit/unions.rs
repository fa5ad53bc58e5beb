//! Unions in the `types` module: internally tagged enums with a hand-written `Deserialize` that reads
//! the tag first, untagged enums tried in order, and the helpers both share.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateInfo;
use super::rust::{derive_attr, doc_line, ident, type_tokens};
use crate::ir::{ErrorStatus, Ir, TagValue, TaggedUnion, TypeKind, TypeRef, UntaggedUnion};

/// Variants are tried in order (the IR put the most specific first), by the `Deserialize` of
/// [`untagged_deserialize`]; serde's `untagged` writes them.
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
        let docs = (!variant.statuses.is_empty()).then(|| {
            let statuses: Vec<String> = variant.statuses.iter().map(status_text).collect();
            let doc = format!(" The body of {}.", statuses.join(", "));
            quote! { #[doc = #doc] }
        });
        quote! { #docs #variant_name(#ty) }
    });
    let fallback = info.unknown_variants.then(|| {
        let fallback = ident(&union.fallback);
        quote! {
            /// A value matching none of the other variants; kept as received.
            #fallback(::serde_json::Value),
        }
    });
    let nested_fallbacks: Vec<Option<String>> =
        union.variants.iter().map(|variant| nested_fallback(ir, info, &variant.ty)).collect();
    let derive = derive_attr(&["Clone", "Debug", "PartialEq", "::serde::Serialize"], &info.derives);
    let by_status = union.variants.iter().any(|variant| !variant.statuses.is_empty()).then(|| from_status(name, union));
    let deserialize = untagged_deserialize(ir, info, name, union, &nested_fallbacks);
    quote! {
        #docs
        #derive
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
            #fallback
        }
        #deserialize
        #by_status
    }
}

/// The fallback variant of a union used as a variant of another union: it takes any value, so it must not
/// win over a sibling variant that fits.
fn nested_fallback(ir: &Ir, info: &CrateInfo, ty: &TypeRef) -> Option<String> {
    if !info.unknown_variants {
        return None;
    }
    let mut current = ty;
    for _ in 0..=ir.types.len() {
        let TypeRef::Named(id) = current else { return None };
        match &ir.type_def(*id).kind {
            TypeKind::Alias(target) => current = target,
            TypeKind::Union(union) => return Some(union.fallback.clone()),
            TypeKind::Untagged(union) => return Some(union.fallback.clone()),
            _ => return None,
        }
    }
    None
}

/// Checks that a decoded struct variant's properties pinned to one value (a one-value enum, whose
/// fallback would take any string) hold that value: a pinned property is what tells the variant apart.
fn pinned_checks(ir: &Ir, info: &CrateInfo, ty: &TypeRef) -> Vec<TokenStream> {
    let TypeRef::Named(id) = ty else { return Vec::new() };
    let TypeKind::Struct(fields) = &ir.type_def(*id).kind else { return Vec::new() };
    if !info.unknown_variants {
        // Closed enums already refuse any other value.
        return Vec::new();
    }
    fields
        .iter()
        .filter_map(|field| {
            let TypeRef::Named(enum_id) = &field.ty else { return None };
            let TypeKind::Enum(string_enum) = &ir.type_def(*enum_id).kind else { return None };
            if string_enum.variants.len() != 1 {
                return None;
            }
            let enum_name = ident(&ir.type_def(*enum_id).name);
            let fallback = ident(&string_enum.fallback);
            let field_name = ident(&field.rust_name);
            Some(if field.is_tri_state() {
                quote! { !::std::matches!(value.#field_name, super::Nullable::Value(#enum_name::#fallback(_))) }
            } else if field.is_optional() {
                quote! { !::std::matches!(value.#field_name, ::std::option::Option::Some(#enum_name::#fallback(_))) }
            } else {
                quote! { !::std::matches!(value.#field_name, #enum_name::#fallback(_)) }
            })
        })
        .collect()
}

/// The JSON kind a variant's type needs, by the first character of its text: serde lets a struct decode
/// from an array (`["x"]` as a one-field struct), which in a union would misfile an array member.
fn json_kind(ir: &Ir, ty: &TypeRef) -> Option<char> {
    let mut current = ty;
    for _ in 0..=ir.types.len() {
        match current {
            TypeRef::Map(_) => return Some('{'),
            TypeRef::Array(_) => return Some('['),
            TypeRef::Named(id) => match &ir.type_def(*id).kind {
                TypeKind::Alias(target) => current = target,
                TypeKind::Struct(_) => return Some('{'),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// What a decoded variant must satisfy besides decoding: its pinned properties hold their value, and a
/// nested union did not fall back to its `Unknown` variant.
fn variant_checks(ir: &Ir, info: &CrateInfo, ty: &TypeRef, nested_fallback: Option<&str>) -> Vec<TokenStream> {
    let mut accept: Vec<TokenStream> = pinned_checks(ir, info, ty);
    if let Some(fallback) = nested_fallback {
        let inner = type_tokens(ir, ty, &TokenStream::new());
        let fallback = ident(fallback);
        accept.push(quote! { !::std::matches!(value, #inner::#fallback(_)) });
    }
    accept
}

/// `body` run with `value` bound to the variant decoded from `raw`, when it decodes. The JSON kind is
/// checked first, so a value of another kind is not parsed. Plain `if`s, not a closure per variant: each
/// closure is one more body for the type checker, in every union of a crate.
fn with_decoded_variant(ir: &Ir, ty: &TypeRef, body: TokenStream) -> TokenStream {
    let rust = type_tokens(ir, ty, &TokenStream::new());
    // A `let`, then the `if let`: nested in the kind check, this is not the collapsible `if` that clippy
    // would have written as a let chain (which the crates' MSRV, 1.85, does not have).
    let decoded = quote! {
        let decoded = ::serde_json::from_str::<#rust>(raw.get());
        if let ::std::result::Result::Ok(value) = decoded {
            #body
        }
    };
    match json_kind(ir, ty) {
        Some(kind) => quote! { if kind == ::std::option::Option::Some(#kind) { #decoded } },
        None => quote! { { #decoded } },
    }
}

/// Variants are tried in order, as serde's `untagged` would, with two differences: a struct or map is
/// only tried on an object and an array only on an array, and a nested union's fallback (which decodes
/// anything) is only taken when no variant fits without it.
fn untagged_deserialize(
    ir: &Ir,
    info: &CrateInfo,
    name: &proc_macro2::Ident,
    union: &UntaggedUnion,
    nested_fallbacks: &[Option<String>],
) -> TokenStream {
    let kind_of = union.variants.iter().any(|variant| json_kind(ir, &variant.ty).is_some()).then(|| {
        quote! { let kind = raw.get().trim_start().chars().next(); }
    });
    let strict = union.variants.iter().zip(nested_fallbacks).map(|(variant, fallback)| {
        let variant_name = ident(&variant.rust_name);
        let mut accept = variant_checks(ir, info, &variant.ty, fallback.as_deref());
        accept.extend(super::lenient::present_checks(ir, &variant.ty));
        let ok = if accept.is_empty() {
            quote! { return ::std::result::Result::Ok(Self::#variant_name(value)); }
        } else {
            quote! {
                if #(#accept)&&* {
                    return ::std::result::Result::Ok(Self::#variant_name(value));
                }
            }
        };
        with_decoded_variant(ir, &variant.ty, ok)
    });
    let lenient = super::lenient::fewest_missing_pass(
        union
            .variants
            .iter()
            .zip(nested_fallbacks)
            // Only variants with lenient fields get a second attempt: skip building the others' checks.
            .filter(|(variant, _)| !super::lenient::lenient_fields(ir, &variant.ty).is_empty())
            .filter_map(|(variant, fallback)| {
                let accept = variant_checks(ir, info, &variant.ty, fallback.as_deref());
                let attempt = |body| with_decoded_variant(ir, &variant.ty, body);
                super::lenient::fewest_missing_attempt(ir, &variant.ty, &ident(&variant.rust_name), &attempt, &accept)
            })
            .collect(),
    );
    let loose =
        union.variants.iter().zip(nested_fallbacks).filter(|(_, fallback)| fallback.is_some()).map(|(variant, _)| {
            let variant_name = ident(&variant.rust_name);
            let ty = type_tokens(ir, &variant.ty, &TokenStream::new());
            quote! {
                if let ::std::result::Result::Ok(value) = ::serde_json::from_str::<#ty>(raw.get()) {
                    return ::std::result::Result::Ok(Self::#variant_name(value));
                }
            }
        });
    let otherwise = if info.unknown_variants {
        let fallback = ident(&union.fallback);
        quote! { ::serde_json::from_str(raw.get()).map(Self::#fallback).map_err(<D::Error as ::serde::de::Error>::custom) }
    } else {
        let message = format!("data did not match any variant of untagged enum {name}");
        quote! { ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#message)) }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(deserializer)?;
                #kind_of
                #(#strict)*
                #lenient
                #(#loose)*
                #otherwise
            }
        }
    }
}

/// A declared error status as the spec writes it.
fn status_text(status: &ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => format!("status {code}"),
        ErrorStatus::Class(class) => format!("status {class}XX"),
        ErrorStatus::Default => "the `default` response".to_owned(),
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
    let unions: Vec<(&TaggedUnion, &crate::ir::FeatureGate)> = ir
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Union(union) => Some((union, &def.features)),
            _ => None,
        })
        .collect();
    if unions.is_empty() {
        return None;
    }
    // With tag features, each helper is compiled when one of the unions using it is.
    let gate = |string_tags: Option<bool>| {
        crate::ir::union_of(
            unions
                .iter()
                .filter(|(union, _)| string_tags.is_none_or(|string| union.has_string_tags() == string))
                .map(|(_, gate)| *gate),
        )
    };
    let mut helpers = TokenStream::new();
    if unions.iter().any(|(union, _)| union.has_string_tags()) {
        helpers.extend(super::features::gate(&gate(Some(true)), string_tag_helper()));
    }
    helpers.extend(super::features::gate(&gate(None), decode_variant_helper()));
    if unions.iter().any(|(union, _)| !union.has_string_tags()) {
        helpers.extend(super::features::gate(&gate(Some(false)), typed_tag_helpers()));
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

/// Declarations of the members that are not objects (serde writes them as they are).
fn other_declarations(ir: &Ir, union: &TaggedUnion, serde_untagged: bool) -> TokenStream {
    let attr = serde_untagged.then(|| quote! { #[serde(untagged)] });
    let declarations = union.others.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = type_tokens(ir, &variant.ty, &TokenStream::new());
        quote! { #[doc = " A member that is not an object, so carries no tag."] #attr #variant_name(#ty), }
    });
    quote! { #(#declarations)* }
}

/// Statements trying the members that are not objects on a value that is not an object.
fn other_attempts(ir: &Ir, union: &TaggedUnion) -> TokenStream {
    if union.others.is_empty() {
        return TokenStream::new();
    }
    let attempts = union.others.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = type_tokens(ir, &variant.ty, &TokenStream::new());
        let applies = match json_kind(ir, &variant.ty) {
            Some(kind) => quote! { kind == ::std::option::Option::Some(#kind) },
            None => quote! { kind != ::std::option::Option::Some('{') },
        };
        quote! {
            if #applies {
                let decoded = ::serde_json::from_str::<#ty>(raw.get());
                if let ::std::result::Result::Ok(value) = decoded {
                    return ::std::result::Result::Ok(Self::#variant_name(value));
                }
            }
        }
    });
    quote! {
        let kind = raw.get().trim_start().chars().next();
        #(#attempts)*
    }
}

/// Decodes a variant's payload from the captured object. A payload struct keeping undeclared properties
/// would find the tag among them (its own field for the tag was removed), and serialising would then
/// write the tag twice, so it is taken out.
fn decode_payload(ir: &Ir, union: &TaggedUnion, variant: &crate::ir::UnionVariant) -> TokenStream {
    let variant_name = ident(&variant.rust_name);
    let def = ir.type_def(variant.payload);
    let TypeKind::Struct(fields) = &def.kind else { return quote! { decode_variant(&raw).map(Self::#variant_name) } };
    let Some(extra) = fields.iter().find(|field| field.flatten) else {
        return quote! { decode_variant(&raw).map(Self::#variant_name) };
    };
    let payload = ident(&def.name);
    let extra = ident(&extra.rust_name);
    let tag = &union.tag;
    quote! {
        decode_variant(&raw).map(|mut payload: #payload| {
            payload.#extra.remove(#tag);
            Self::#variant_name(payload)
        })
    }
}

/// Every tag value a variant stands for.
fn tag_values(variant: &crate::ir::UnionVariant) -> impl Iterator<Item = &TagValue> {
    std::iter::once(&variant.tag_value).chain(&variant.other_values)
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
    let arms = union.variants.iter().flat_map(|variant| tag_values(variant).map(move |value| (variant, value))).map(|(variant, value)| {
        let pattern = match value {
            TagValue::Bool(value) => quote! { ::std::option::Option::Some(::serde_json::Value::Bool(#value)) },
            TagValue::Integer(value) => quote! {
                ::std::option::Option::Some(::serde_json::Value::Number(number)) if number.as_i64() == ::std::option::Option::Some(#value)
            },
            TagValue::String(value) => quote! {
                ::std::option::Option::Some(::serde_json::Value::String(value)) if value == #value
            },
        };
        let decode = decode_payload(ir, union, variant);
        quote! { #pattern => #decode, }
    });
    let writes = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        if !variant.other_values.is_empty() {
            // The payload holds the tag value itself.
            return quote! { Self::#variant_name(payload) => return ::serde::Serialize::serialize(payload, serializer), };
        }
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
    let write_others = union.others.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        quote! { Self::#variant_name(value) => return ::serde::Serialize::serialize(value, serializer), }
    });
    let absent = absent_arm(union);
    let other_declarations = other_declarations(ir, union, false);
    let other_attempts = other_attempts(ir, union);
    let derive = derive_attr(&["Clone", "Debug", "PartialEq"], &info.derives);
    quote! {
        #docs
        #derive
        pub enum #name {
            #(#declarations,)*
            #other_declarations
            #fallback_variant
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let (tag, payload) = match self {
                    #(#writes)*
                    #(#write_others)*
                    #write_fallback
                };
                let object = with_union_tag(#tag, tag, payload).map_err(<S::Error as ::serde::ser::Error>::custom)?;
                ::serde::Serialize::serialize(&object, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(deserializer)?;
                #other_attempts
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
    // A variant for several tag values writes its payload as it is (the payload holds the tag); serde wants
    // such untagged variants after the tagged ones.
    let (several, single): (Vec<_>, Vec<_>) =
        union.variants.iter().zip(declarations).partition(|(variant, _)| !variant.other_values.is_empty());
    let several = several.into_iter().map(|(variant, _)| {
        let variant_name = ident(&variant.rust_name);
        let payload = ident(&ir.type_def(variant.payload).name);
        let values: Vec<String> = tag_values(variant).map(|value| format!("`{}`", doc_line(&value.text()))).collect();
        let doc = format!(" `{}`: one of {}.", doc_line(tag), values.join(", "));
        quote! { #[doc = #doc] #[serde(untagged)] #variant_name(#payload) }
    });
    let declarations = single.into_iter().map(|(_, declaration)| declaration).chain(several);
    let arms = union.variants.iter().map(|variant| {
        let values = tag_values(variant).map(TagValue::text);
        let decode = decode_payload(ir, union, variant);
        quote! { ::std::option::Option::Some(#(#values)|*) => #decode, }
    });
    let (fallback_variant, otherwise) = fallback_parts(info, union, true);
    let absent = absent_arm(union);
    let other_declarations = other_declarations(ir, union, true);
    let other_attempts = other_attempts(ir, union);
    let derive = derive_attr(&["Clone", "Debug", "PartialEq", "::serde::Serialize"], &info.derives);
    quote! {
        #docs
        #derive
        #[serde(tag = #tag)]
        pub enum #name {
            #(#declarations,)*
            #other_declarations
            #fallback_variant
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(deserializer)?;
                #other_attempts
                match union_tag(&raw, #tag).as_deref() {
                    #(#arms)*
                    #absent
                    #otherwise
                }
            }
        }
    }
}
