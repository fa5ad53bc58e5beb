//! String enums that keep values this client does not know.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::CrateInfo;
use super::rust::{derive_attr, doc_line, ident};
use crate::ir::StringEnum;

const DERIVES: &[&str] = &["Clone", "Debug", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord"];

/// A string enum with `as_str` and `Display`; with the fallback variant also `From<&str>`, otherwise
/// `Copy` and an error for unknown values.
pub fn string_enum(name: &Ident, docs: &TokenStream, string_enum: &StringEnum, info: &CrateInfo) -> TokenStream {
    if info.unknown_variants {
        open_enum(name, docs, string_enum, info)
    } else {
        closed_enum(name, docs, string_enum, info)
    }
}

fn closed_enum(name: &Ident, docs: &TokenStream, string_enum: &StringEnum, info: &CrateInfo) -> TokenStream {
    let variants: Vec<Ident> = string_enum.variants.iter().map(|variant| ident(&variant.rust_name)).collect();
    let values: Vec<&str> = string_enum.variants.iter().map(|variant| variant.wire_value.as_str()).collect();
    let variant_docs = values.iter().map(|value| format!(" `{}`", doc_line(value)));
    let mut built_in = DERIVES.to_vec();
    built_in.extend(["Copy", "::serde::Serialize", "::serde::Deserialize"]);
    let derive = derive_attr(&built_in, &info.derives);
    quote! {
        #docs
        #derive
        pub enum #name {
            #( #[doc = #variant_docs] #[serde(rename = #values)] #variants, )*
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #( Self::#variants => #values, )*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn open_enum(name: &Ident, docs: &TokenStream, string_enum: &StringEnum, info: &CrateInfo) -> TokenStream {
    let fallback = ident(&string_enum.fallback);
    let variants: Vec<Ident> = string_enum.variants.iter().map(|variant| ident(&variant.rust_name)).collect();
    let values: Vec<&str> = string_enum.variants.iter().map(|variant| variant.wire_value.as_str()).collect();
    let variant_docs = values.iter().map(|value| format!(" `{}`", doc_line(value)));
    let derive = derive_attr(DERIVES, &info.derives);
    quote! {
        #docs
        #derive
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this client does not know; kept as received so it serialises back unchanged.
            #fallback(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(&*value))
            }
        }
    }
}
