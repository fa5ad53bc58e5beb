//! String enums that keep values this client does not know.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust::ident;
use crate::ir::StringEnum;

/// A string enum with a fallback variant, `as_str`, `Display`, `From<&str>` and string serde.
pub fn string_enum(name: &Ident, docs: &TokenStream, string_enum: &StringEnum) -> TokenStream {
    let fallback = ident(&string_enum.fallback);
    let variants: Vec<Ident> = string_enum.variants.iter().map(|variant| ident(&variant.rust_name)).collect();
    let values: Vec<&str> = string_enum.variants.iter().map(|variant| variant.wire_value.as_str()).collect();
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
