//! The `requests` module: one `Client` method and one request builder per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, doc_attrs, ident, type_tokens};
use crate::ir::{Ir, Operation, Pagination, Param, ResponseBody, Scalar, TypeKind, TypeRef};
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
        let ty = type_tokens(ir, &body.ty, &types_path());
        if body.required {
            args.push(quote! { body: #ty });
            inits.push(quote! { body });
            fields.push(quote! { body: #ty });
        } else {
            inits.push(quote! { body: ::std::option::Option::None });
            fields.push(quote! { body: ::std::option::Option<#ty> });
            let body_docs = doc_attrs(Some(body.docs.as_deref().unwrap_or("The request body.")));
            body_setter = quote! {
                #body_docs
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = ::std::option::Option::Some(body);
                    self
                }
            };
        }
    }
    let setters = optional.iter().map(|param| setter(ir, param));
    let (ok_type, err_type) = result_types(ir, operation);
    let output = quote! { ::std::result::Result<super::Response<#ok_type>, super::Error<#err_type>> };
    let send_body = super::send::send_body(ir, operation);
    let pagination =
        operation.pagination.as_ref().map(|pagination| stream_method(ir, operation, pagination, &err_type));
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

/// Whether a field of the operation's response is a `Nullable` (which the page reads as an `Option`).
fn response_field_is_tri_state(ir: &Ir, operation: &Operation, rust_name: &str) -> bool {
    let ResponseBody::Json { ty, .. } = &operation.success else { return false };
    let mut ty = ty;
    while let TypeRef::Named(id) = ty {
        match &ir.type_def(*id).kind {
            TypeKind::Struct(fields) => {
                return fields.iter().any(|field| field.rust_name == rust_name && field.is_tri_state());
            }
            TypeKind::Alias(target) if target != ty => ty = target,
            _ => return false,
        }
    }
    false
}

fn stream_method(ir: &Ir, operation: &Operation, pagination: &Pagination, err_type: &TokenStream) -> TokenStream {
    let as_option = |field: &str| response_field_is_tri_state(ir, operation, field).then(|| quote! { .into_option() });
    let item = type_tokens(ir, &pagination.item_type, &types_path());
    let items = ident(&pagination.items_field);
    let next = ident(&pagination.next_cursor_field);
    let cursor = ident(&pagination.cursor_param);
    let next_cursor = if pagination.next_cursor_optional {
        let as_option = as_option(&pagination.next_cursor_field);
        quote! { page.#next #as_option }
    } else {
        quote! { ::std::option::Option::Some(page.#next) }
    };
    let has_more = match &pagination.has_more_field {
        Some((field, true)) => {
            let as_option = as_option(field);
            let field = ident(field);
            quote! { page.#field #as_option }
        }
        Some((field, false)) => {
            let field = ident(field);
            quote! { ::std::option::Option::Some(page.#field) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let doc = format!(
        " Every item of every page, following `{}` until the last page. Parameters set on this builder apply to every page.",
        bare(&pagination.next_cursor_field)
    );
    quote! {
        #[doc = #doc]
        pub fn into_stream(self) -> super::BoxStream<'a, ::std::result::Result<#item, super::Error<#err_type>>> {
            super::runtime::paginate(self, |request: Self, cursor: ::std::option::Option<::std::string::String>| async move {
                let request = match cursor {
                    ::std::option::Option::Some(cursor) => request.#cursor(cursor),
                    ::std::option::Option::None => request,
                };
                let page = request.send().await?.into_inner();
                ::std::result::Result::Ok(super::runtime::Page { items: page.#items, next_cursor: #next_cursor, has_more: #has_more })
            })
        }
    }
}
