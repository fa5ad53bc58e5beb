//! The `requests` module: one `Client` method and one request builder per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, doc_attrs, ident, type_tokens};
use crate::ir::{BodyEncoding, Ir, Operation, Param, ResponseBody, Scalar, TypeRef};
use crate::naming::bare;

/// The requests module: its inner attributes, then the items of each operation, produced lazily.
pub fn requests_module(ir: &Ir) -> (TokenStream, Box<dyn Iterator<Item = TokenStream> + '_>) {
    let allow_deprecated = allow_deprecated(ir);
    let head = quote! {
        //! Request builders, one per operation. Start one from a [`Client`](super::Client) method, set
        //! optional parameters, then `.await` it (or call `send`).
        #allow_deprecated
    };
    (head, Box::new(ir.operations.iter().map(|operation| operation_items(ir, operation))))
}

/// The path of the types module from the requests module.
pub fn types_path() -> TokenStream {
    quote! { super::types:: }
}

/// The stored type of a parameter and the type its setter or argument takes.
fn param_types(ir: &Ir, param: &Param) -> (TokenStream, TokenStream, bool) {
    let ty = type_tokens(ir, &param.ty, &types_path());
    if param.ty == TypeRef::Scalar(Scalar::String) {
        (ty, quote! { impl ::std::convert::Into<::std::string::String> }, true)
    } else {
        (ty.clone(), ty, false)
    }
}

fn operation_items(ir: &Ir, operation: &Operation) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let method = ident(&operation.method_name);
    let mut docs = operation.docs.clone().map(|docs| format!("{docs}\n\n")).unwrap_or_default();
    docs.push_str(&format!("`{} {}`", operation.http_method, operation.path));
    let docs = doc_attrs(Some(&docs));
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });

    let required: Vec<&Param> = operation.params.iter().filter(|param| param.required).collect();
    let optional: Vec<&Param> = operation.params.iter().filter(|param| !param.required).collect();

    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    for param in &required {
        let name = ident(&param.rust_name);
        let (stored, accepted, convert) = param_types(ir, param);
        args.push(quote! { #name: #accepted });
        inits.push(if convert {
            quote! { #name: #name.into() }
        } else {
            quote! { #name }
        });
        fields.push(quote! { #name: #stored });
    }
    for param in &optional {
        let name = ident(&param.rust_name);
        let (stored, _, _) = param_types(ir, param);
        inits.push(quote! { #name: ::std::option::Option::None });
        fields.push(quote! { #name: ::std::option::Option<#stored> });
    }
    let mut body_setter = TokenStream::new();
    if let Some(body) = &operation.body {
        // Binary bodies are `Bytes`, so that every retry shares them instead of copying.
        let binary = body.encoding == BodyEncoding::Binary;
        let (ty, accepted) = if binary {
            (quote! { ::bytes::Bytes }, quote! { impl ::std::convert::Into<::bytes::Bytes> })
        } else {
            let ty = type_tokens(ir, &body.ty, &types_path());
            (ty.clone(), ty)
        };
        let value = if binary {
            quote! { body.into() }
        } else {
            quote! { body }
        };
        if body.required {
            args.push(quote! { body: #accepted });
            inits.push(if binary {
                quote! { body: body.into() }
            } else {
                quote! { body }
            });
            fields.push(quote! { body: #ty });
        } else {
            inits.push(quote! { body: ::std::option::Option::None });
            fields.push(quote! { body: ::std::option::Option<#ty> });
            let body_docs = doc_attrs(Some(body.docs.as_deref().unwrap_or("The request body.")));
            body_setter = quote! {
                #body_docs
                pub fn body(mut self, body: #accepted) -> Self {
                    self.body = ::std::option::Option::Some(#value);
                    self
                }
            };
        }
    }
    for (name, ty) in super::pagination::builder_fields(operation) {
        inits.push(quote! { #name: ::std::option::Option::None });
        fields.push(quote! { #name: #ty });
    }
    let setters = optional.iter().map(|param| setter(ir, param));
    let (ok_type, err_type) = result_types(ir, operation);
    let output = quote! { ::std::result::Result<super::Response<#ok_type>, super::Error<#err_type>> };
    let send_body = super::send::send_body(ir, operation);
    let pagination =
        operation.pagination.as_ref().map(|pagination| super::pagination::stream_methods(ir, pagination, &err_type));
    let events = super::streams::event_methods(ir, operation, &err_type);
    let bytes = super::streams::byte_methods(ir, operation, &err_type);
    let method_path = bare(&operation.method_name);
    let builder_doc = format!(
        " A request to [`Client::{method_path}`](super::Client::{method_path}); await it or call [`send`](Self::send)."
    );

    quote! {
        impl super::Client {
            #docs
            #deprecated
            pub fn #method(&self, #(#args),*) -> #builder<'_> {
                #builder { client: self, #(#inits,)* options: super::RequestOptions::new() }
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request is sent only when it is awaited or sent"]
        pub struct #builder<'a> {
            client: &'a super::Client,
            #(#fields,)*
            options: super::RequestOptions,
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter

            /// Sends the request, retrying as configured, and decodes the response.
            pub async fn send(self) -> #output {
                #send_body
            }

            #pagination
            #events
            #bytes
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = #output;
            type IntoFuture = super::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        super::runtime::request_options!(#builder);
    }
}

fn setter(ir: &Ir, param: &Param) -> TokenStream {
    let name = ident(&param.rust_name);
    let (_, accepted, convert) = param_types(ir, param);
    let docs = doc_attrs(Some(param.docs.as_deref().unwrap_or("Sets this optional parameter.")));
    let value = if convert {
        quote! { value.into() }
    } else {
        quote! { value }
    };
    let deprecated = param.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, value: #accepted) -> Self {
            self.#name = ::std::option::Option::Some(#value);
            self
        }
    }
}

fn result_types(ir: &Ir, operation: &Operation) -> (TokenStream, TokenStream) {
    let ok = match &operation.success {
        ResponseBody::Empty => quote! { () },
        ResponseBody::Json { ty, optional: false } => type_tokens(ir, ty, &types_path()),
        ResponseBody::Json { ty, optional: true } => {
            let ty = type_tokens(ir, ty, &types_path());
            quote! { ::std::option::Option<#ty> }
        }
        ResponseBody::Text => quote! { ::std::string::String },
        ResponseBody::Binary => quote! { ::std::vec::Vec<u8> },
    };
    let err = type_tokens(ir, &operation.errors.body, &types_path());
    (ok, err)
}
