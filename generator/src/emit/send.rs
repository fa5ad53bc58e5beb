//! The body of each request builder's `send`: the path, parameters by location and style, the request
//! body in its encoding, and the decoder for the success body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{ident, joined, wire_string};
use crate::ir::{
    BodyEncoding, Field, Ir, Operation, Param, ParamLocation, PathSegment, QueryStyle, RequestBody, ResponseBody,
    Scalar, TypeKind, TypeRef,
};

/// The statements of `request_parts`, which builds the request (shared by `send`, `send_raw` and the
/// streaming methods), and the decoder `send` hands the response to.
pub fn send_body(ir: &Ir, operation: &Operation) -> (TokenStream, TokenStream) {
    let method = method_expression(&operation.http_method);
    let path = path_expression(ir, operation);
    let operation_id = &operation.operation_id;
    let security = super::crate_files::security_expression(ir, operation);
    let mut statements: Vec<TokenStream> = operation.params.iter().filter_map(|param| add_param(ir, param)).collect();
    statements.extend(super::pagination::send_statement(operation));
    if let Some(header) = &operation.idempotency_header {
        statements.push(quote! { request.idempotency_param(#header); });
    }
    if let Some(body) = &operation.body {
        let encode = encode_body(ir, body, quote! { body });
        statements.push(if body.required {
            quote! { let body = &self.body; #encode }
        } else {
            quote! { if let ::std::option::Option::Some(body) = &self.body { #encode } }
        });
    }
    let decoder = match &operation.success {
        ResponseBody::Empty => quote! { decode_empty },
        ResponseBody::Json { .. } => {
            if let Some(accept) = &operation.accept {
                statements.push(quote! { request.accept(#accept); });
            }
            quote! { decode }
        }
        ResponseBody::Text => {
            statements.push(quote! { request.accept("*/*"); });
            quote! { decode_text }
        }
        ResponseBody::Binary => {
            statements.push(quote! { request.accept("*/*"); });
            quote! { decode_bytes }
        }
    };
    let mutable = (!statements.is_empty()).then(|| quote! { mut });
    let parts = quote! {
        let #mutable request = super::runtime::RequestParts::new(#method, #path, #operation_id, #security);
        #(#statements)*
        ::std::result::Result::Ok(request)
    };
    // Error bodies that differ by status are read as JSON first, then as the variant for the status.
    let send = if operation.errors.by_status {
        let error_type = super::rust::type_tokens(ir, &operation.errors.body, &quote! { super::types:: });
        // `decode` is generic over the success type too; the others only over the error type.
        let generics = match &operation.success {
            ResponseBody::Json { .. } => quote! { ::<_, ::serde_json::Value> },
            _ => quote! { ::<::serde_json::Value> },
        };
        quote! {
            |raw| super::runtime::#decoder #generics (raw)
                .map_err(|error| super::runtime::errors_by_status(error, #error_type::from_status))
        }
    } else {
        quote! { super::runtime::#decoder }
    };
    (parts, send)
}

/// The request method: a `reqwest::Method` constant for the standard ones, parsed for others (OpenAPI
/// 3.2's `QUERY` and `additionalOperations`; the IR keeps only valid method names, so parsing succeeds).
fn method_expression(http_method: &str) -> TokenStream {
    const STANDARD: &[&str] = &["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
    if STANDARD.contains(&http_method) {
        let method = format_ident!("{}", http_method);
        return quote! { ::reqwest::Method::#method };
    }
    let bytes = proc_macro2::Literal::byte_string(http_method.as_bytes());
    quote! {
        ::reqwest::Method::from_bytes(#bytes)
            .map_err(|error| super::Error::InvalidRequest(error.to_string()))?
    }
}

/// How a path parameter's value is read as text: strings and string enums are borrowed as they are, so no
/// `String` is built (and no borrow is taken twice, which clippy refuses).
enum PathStr {
    String,
    Enum,
    Other,
}

fn path_str(ir: &Ir, ty: &TypeRef) -> PathStr {
    match super::rust::unaliased(ir, ty) {
        TypeRef::Scalar(Scalar::String) => PathStr::String,
        TypeRef::Named(id) if matches!(ir.type_def(*id).kind, TypeKind::Enum(_)) => PathStr::Enum,
        _ => PathStr::Other,
    }
}

/// The path, with every parameter percent-encoded: a string, or its pieces joined. An array of pieces
/// rather than `format!`, whose arguments the formatter would print token by token (`encode_path(& self.id)`).
fn path_expression(ir: &Ir, operation: &Operation) -> TokenStream {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    for segment in &operation.path_segments {
        match segment {
            PathSegment::Literal(text) => literal.push_str(text),
            PathSegment::Param(index) => {
                if !literal.is_empty() {
                    pieces.push(quote! { #literal });
                    literal.clear();
                }
                let param = &operation.params[*index];
                let name = ident(&param.rust_name);
                pieces.push(match path_str(ir, &param.ty) {
                    PathStr::String => quote! { super::runtime::encode_path(&self.#name).as_str() },
                    PathStr::Enum => quote! { super::runtime::encode_path(self.#name.as_str()).as_str() },
                    PathStr::Other => {
                        let value = wire_string(ir, &param.ty, quote! { &self.#name });
                        quote! { super::runtime::encode_path(&(#value)).as_str() }
                    }
                });
            }
        }
    }
    if pieces.is_empty() {
        return quote! { ::std::string::String::from(#literal) };
    }
    if !literal.is_empty() {
        pieces.push(quote! { #literal });
    }
    quote! { [#(#pieces),*].concat() }
}

/// Whether values of this type are JSON objects (structs and maps), which query styles spread out.
pub(super) fn is_object(ir: &Ir, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Named(id) => match &ir.type_def(*id).kind {
            TypeKind::Struct(_) => true,
            TypeKind::Alias(target) if target != ty => is_object(ir, target),
            _ => false,
        },
        _ => false,
    }
}

/// Adds one parameter to the request (path parameters are in the path already).
fn add_param(ir: &Ir, param: &Param) -> Option<TokenStream> {
    let name = ident(&param.rust_name);
    let wire = &param.wire_name;
    let add = match param.location {
        ParamLocation::Path => return None,
        ParamLocation::Query => quote! { request.query },
        ParamLocation::Header => quote! { request.header },
        ParamLocation::Cookie => quote! { request.cookie },
    };
    let push = match (&param.ty, param.location, param.style) {
        (TypeRef::Array(item), ParamLocation::Query, QueryStyle::Form { explode: true } | QueryStyle::DeepObject) => {
            let item = wire_string(ir, item, quote! { item });
            quote! { for item in value { #add(#wire, #item); } }
        }
        (TypeRef::Array(item), _, style) => {
            let separator = match style {
                QueryStyle::Delimited(separator) => separator.to_string(),
                _ => ",".to_owned(),
            };
            let joined = joined(ir, item, quote! { value }, &separator);
            quote! { #add(#wire, #joined); }
        }
        (ty, ParamLocation::Query, QueryStyle::Form { explode: true } | QueryStyle::DeepObject)
            if is_object(ir, ty) =>
        {
            let deep = param.style == QueryStyle::DeepObject;
            quote! { request.query_object(#wire, value, #deep)?; }
        }
        (ty, _, _) => {
            let value = wire_string(ir, ty, quote! { value });
            quote! { #add(#wire, #value); }
        }
    };
    Some(if param.required {
        quote! { let value = &self.#name; #push }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#name { #push } }
    })
}

/// Encodes the body bound to `body` (a reference) onto the request.
fn encode_body(ir: &Ir, body: &RequestBody, value: TokenStream) -> TokenStream {
    let content_type = &body.content_type;
    match body.encoding {
        BodyEncoding::Json => quote! { request.json(#value, #content_type)?; },
        BodyEncoding::Form => quote! { request.form(#value)?; },
        BodyEncoding::Text => quote! { request.text(#value, #content_type); },
        BodyEncoding::Binary => quote! { request.bytes(#value, #content_type); },
        BodyEncoding::Multipart => {
            let parts =
                struct_fields(ir, &body.ty).iter().map(|field| multipart_field(ir, field, &value)).collect::<Vec<_>>();
            quote! {
                let mut form = super::runtime::Multipart::default();
                #(#parts)*
                request.multipart(form);
            }
        }
    }
}

fn struct_fields<'a>(ir: &'a Ir, ty: &TypeRef) -> &'a [Field] {
    match ty {
        TypeRef::Named(id) => match &ir.type_def(*id).kind {
            TypeKind::Struct(fields) => fields,
            TypeKind::Alias(target) if target != ty => struct_fields(ir, target),
            _ => &[],
        },
        _ => &[],
    }
}

/// How a value travels in a multipart body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PartKind {
    /// Bytes, as a file.
    File,
    /// Scalars and enums, as text.
    Text,
    /// Anything else, as JSON.
    Json,
}

fn part_kind(ir: &Ir, ty: &TypeRef) -> PartKind {
    match ty {
        TypeRef::Scalar(Scalar::Bytes) => PartKind::File,
        TypeRef::Scalar(_) => PartKind::Text,
        TypeRef::Named(id) if matches!(ir.type_def(*id).kind, TypeKind::Enum(_)) => PartKind::Text,
        _ => PartKind::Json,
    }
}

/// The type each part of a property is made from: a map's values for undeclared properties, an array's
/// items for arrays of files, else the property's own type (`None` for a flattened non-map).
fn part_type(field: &Field) -> Option<&TypeRef> {
    match &field.ty {
        TypeRef::Map(inner) if field.flatten => Some(inner),
        _ if field.flatten => None,
        TypeRef::Array(item) if matches!(**item, TypeRef::Scalar(Scalar::Bytes)) => Some(item),
        ty => Some(ty),
    }
}

/// The kinds of part a multipart body of this type sends.
pub(super) fn multipart_part_kinds<'a>(ir: &'a Ir, body: &'a TypeRef) -> impl Iterator<Item = PartKind> + 'a {
    struct_fields(ir, body).iter().filter_map(part_type).map(|ty| part_kind(ir, ty))
}

/// One property as multipart parts: bytes as files, text and scalars as text, the rest as JSON.
fn multipart_field(ir: &Ir, field: &Field, body: &TokenStream) -> TokenStream {
    let name = ident(&field.rust_name);
    let wire = &field.wire_name;
    let wire = quote! { #wire };
    let part = |ty: &TypeRef, value: TokenStream, wire: &TokenStream| match part_kind(ir, ty) {
        PartKind::File => quote! { form.file(#wire, #value); },
        PartKind::Text if matches!(ty, TypeRef::Scalar(_)) => {
            let text = wire_string(ir, ty, value);
            quote! { form.text(#wire, #text); }
        }
        PartKind::Text => quote! { form.text(#wire, #value.as_str().to_owned()); },
        PartKind::Json => quote! { form.json(#wire, #value)?; },
    };
    let Some(part_ty) = part_type(field) else { return TokenStream::new() };
    if field.flatten {
        // Undeclared properties: one part per entry, named by its key.
        let each = part(part_ty, quote! { value }, &quote! { key });
        return quote! { for (key, value) in &#body.#name { #each } };
    }
    let add = if part_ty == &field.ty {
        part(part_ty, quote! { value }, &wire)
    } else {
        let each = part(part_ty, quote! { item }, &wire);
        quote! { for item in value { #each } }
    };
    if field.is_tri_state() {
        // Multipart has no `null`: only a value makes a part.
        quote! { if let ::std::option::Option::Some(value) = #body.#name.as_option() { #add } }
    } else if field.is_optional() {
        quote! { if let ::std::option::Option::Some(value) = &#body.#name { #add } }
    } else {
        quote! { let value = &#body.#name; #add }
    }
}
