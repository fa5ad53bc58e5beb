//! The `requests` module: one `Client` method and one request builder per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::printed::tokens_text;
use super::rust::{allow_deprecated, doc_attrs, ident, type_tokens};
use super::{CrateInfo, ItemSource, Layout, Piece};
use crate::ir::{BodyEncoding, Ir, Operation, Param, ParamLocation, ResponseBody, Scalar, TypeRef};
use crate::naming::bare;

/// The requests module: its inner attributes, then the items of each operation, produced lazily.
pub fn requests_module<'a>(ir: &'a Ir, info: &'a CrateInfo) -> (TokenStream, ItemSource<'a>) {
    let allow_deprecated = allow_deprecated(ir);
    let head = quote! {
        //! Request builders, one per operation. Start one from a [`Client`](super::Client) method, set
        //! optional parameters, then `.await` it (or call `send`).
        #allow_deprecated
    };
    let item = |index: usize| {
        let operation = &ir.operations[index];
        let (items, macro_call) = operation_items(ir, info, operation);
        let gated = super::features::gate(&operation.features, items);
        vec![Piece::Tokens(gated), Piece::Text(super::features::cfg_line(&operation.features, "") + &macro_call)]
    };
    (head, ItemSource { count: ir.operations.len(), item: Box::new(item) })
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

/// A short example call of the operation for its docs, when its arguments can be made. It compiles as a
/// doctest in a crate; in a module included by a build script the crate's name is unknown, so the block
/// is `ignore`d there.
pub fn example_call(ir: &Ir, info: &CrateInfo, operation: &Operation) -> Option<String> {
    let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
    // Every optional field the spec's example gives is set, so the call is the request the spec shows.
    let args = super::examples::Synth::new(ir, usize::MAX, None).call_arguments(operation, examples)?;
    // Spec text inside a string literal could still close the doc's code block.
    if args.iter().any(|arg| arg.contains("```")) {
        return None;
    }
    let crate_ident = info.name.replace('-', "_");
    let binding = if operation.success == ResponseBody::Empty { "" } else { "let response = " };
    let call = super::examples::call(&format!("{binding}client.{}", operation.method_name), &args, ".await?;", "");
    let uses_types = args.iter().any(|arg| arg.contains("types::"));
    let fence = if info.layout == Layout::Crate { "no_run" } else { "ignore" };
    let mut text = format!("# Example\n\n```{fence}\n");
    if uses_types {
        text.push_str(&format!("# use {crate_ident}::types;\n"));
    }
    text.push_str(&format!(
        "# async fn example(client: {crate_ident}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{call}\n# Ok(())\n# }}\n```"
    ));
    Some(text)
}

/// The operation's `Client` method, builder and its impl, and the `request_options!` call that adds the
/// shared methods, printed as text (`prettyplease` would space its arguments token by token).
fn operation_items(ir: &Ir, info: &CrateInfo, operation: &Operation) -> (TokenStream, String) {
    let builder = ident(&operation.builder_name);
    let method = ident(&operation.method_name);
    let mut docs = operation.docs.clone().map(|docs| format!("{docs}\n\n")).unwrap_or_default();
    docs.push_str(&format!("`{} {}`", operation.http_method, operation.path));
    if let Some(example) = example_call(ir, info, operation) {
        docs.push_str("\n\n");
        docs.push_str(&example);
    }
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
    let (parts_body, send_body) = super::send::send_body(ir, operation);
    let (pagination, paginated) = operation
        .pagination
        .as_ref()
        .map(|pagination| super::pagination::stream_methods(ir, &builder, pagination, &ok_type, &err_type))
        .unzip();
    let events = super::streams::event_methods(ir, operation, &err_type);
    let lines = super::streams::line_methods(ir, operation, &err_type);
    let bytes = super::streams::byte_methods(operation, &err_type);
    let method_path = bare(&operation.method_name);
    let builder_doc = format!(
        " A request to [`Client::{method_path}`](super::Client::{method_path}); await it or call [`send`](Self::send)."
    );

    let items = quote! {
        impl super::Client {
            #docs
            #deprecated
            pub fn #method(&self, #(#args),*) -> #builder {
                #builder { client: self.clone(), #(#inits,)* options: super::RequestOptions::new() }
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request is sent only when it is awaited or sent"]
        pub struct #builder {
            client: super::Client,
            #(#fields,)*
            options: super::RequestOptions,
        }

        impl #builder {
            #(#setters)*
            #body_setter

            /// The request as it goes on the wire, before credentials and retries.
            fn request_parts<E>(&self) -> ::std::result::Result<super::runtime::RequestParts, super::Error<E>> {
                #parts_body
            }


            #pagination
            #events
            #lines
            #bytes
        }

        #paginated
    };
    let arguments = [builder.to_string(), tokens_text(ok_type), tokens_text(err_type), tokens_text(send_body)];
    (items, request_options_call(&arguments))
}

/// `super::runtime::request_options!(..);` on one line, or with the arguments filling indented lines of
/// up to 100 columns when that is too long.
fn request_options_call(arguments: &[String]) -> String {
    const NAME: &str = "super::runtime::request_options!";
    const WIDTH: usize = 100;
    let one_line = format!("{NAME}({});\n", arguments.join(", "));
    if one_line.len() <= WIDTH + 1 {
        return one_line;
    }
    let mut text = format!("{NAME}(\n   ");
    let mut line_start = text.len() - 3;
    for (index, argument) in arguments.iter().enumerate() {
        let separator = if index + 1 < arguments.len() { "," } else { "" };
        if index > 0 && text.len() - line_start + 1 + argument.len() + separator.len() > WIDTH {
            text.push_str("\n   ");
            line_start = text.len() - 3;
        }
        text.push(' ');
        text.push_str(argument);
        text.push_str(separator);
    }
    text.push_str("\n);\n");
    text
}

fn setter(ir: &Ir, param: &Param) -> TokenStream {
    let name = ident(&param.rust_name);
    let (_, accepted, convert) = param_types(ir, param);
    let docs = doc_attrs(Some(&setter_docs(ir, param)));
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

/// The parameter's description, then where it is sent; without a description, its name, location and type.
fn setter_docs(ir: &Ir, param: &Param) -> String {
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let wire = &param.wire_name;
    match &param.docs {
        Some(docs) => format!("{docs}\n\nSent as the `{wire}` {location} parameter."),
        None => format!("The `{wire}` {location} parameter, of type `{}`.", type_label(ir, &param.ty)),
    }
}

/// A type as a reader would write it: `Vec<String>` rather than `::std::vec::Vec<::std::string::String>`.
fn type_label(ir: &Ir, ty: &TypeRef) -> String {
    let mut label = type_tokens(ir, ty, &TokenStream::new()).to_string().replace(' ', "");
    for prefix in ["::std::string::", "::std::vec::", "::std::collections::", "::chrono::"] {
        label = label.replace(prefix, "");
    }
    label.replace("::serde_json::", "serde_json::").replace(',', ", ")
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

#[cfg(test)]
mod tests {
    use super::request_options_call;

    #[test]
    fn macro_calls_fill_lines_of_a_hundred_columns() {
        let short =
            ["List".to_owned(), "super::types::Page".to_owned(), "()".to_owned(), "super::runtime::decode".to_owned()];
        assert_eq!(
            request_options_call(&short),
            "super::runtime::request_options!(List, super::types::Page, (), super::runtime::decode);\n"
        );
        let long = [
            "CheckoutSessionsList".to_owned(),
            "::std::vec::Vec<super::types::CheckoutSessionListItem>".to_owned(),
            "super::types::ApiError".to_owned(),
            "super::runtime::decode".to_owned(),
        ];
        assert_eq!(
            request_options_call(&long),
            "super::runtime::request_options!(\n    CheckoutSessionsList, ::std::vec::Vec<super::types::CheckoutSessionListItem>,\n    super::types::ApiError, super::runtime::decode\n);\n"
        );
    }
}
