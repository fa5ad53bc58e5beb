//! The `requests` module: one `Client` method and one request builder per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::printed::{doc_comments, tokens_text};
use super::rust::{allow_deprecated, ident, type_tokens};
use super::values::{CLIPPY_ARGUMENT_LIMIT, list};
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
    let item = |index: usize| operation_items(ir, info, &ir.operations[index]);
    (head, ItemSource { count: ir.operations.len(), item: Box::new(item) })
}

/// The path of the types module from the requests module.
pub fn types_path() -> TokenStream {
    quote! { super::types:: }
}

/// A type as the requests module names it.
fn type_string(ir: &Ir, ty: &TypeRef) -> String {
    super::rust::type_text(ir, ty, "super::types::").unwrap_or_else(|| tokens_text(type_tokens(ir, ty, &types_path())))
}

/// The stored type of a parameter, the type its setter or argument takes, and whether it converts
/// with `into()`.
fn param_texts(ir: &Ir, param: &Param) -> (String, String, bool) {
    let ty = type_string(ir, &param.ty);
    if param.ty == TypeRef::Scalar(Scalar::String) {
        (ty, "impl ::std::convert::Into<::std::string::String>".to_owned(), true)
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

/// The operation's `Client` method, builder struct and setters printed as text; the builder's other
/// methods as tokens inside the same impl block; the pagination impl; and the `request_options!` call
/// that adds the shared methods (as text: `prettyplease` would space its arguments token by token).
fn operation_items(ir: &Ir, info: &CrateInfo, operation: &Operation) -> Vec<Piece> {
    let builder = ident(&operation.builder_name);
    let mut docs = operation.docs.clone().map(|docs| format!("{docs}\n\n")).unwrap_or_default();
    docs.push_str(&format!("`{} {}`", operation.http_method, operation.path));
    if let Some(example) = example_call(ir, info, operation) {
        docs.push_str("\n\n");
        docs.push_str(&example);
    }
    let mut builder_text = BuilderText::default();
    for param in operation.params.iter().filter(|param| param.required) {
        let name = ident(&param.rust_name).to_string();
        let (stored, accepted, convert) = param_texts(ir, param);
        builder_text.args.push(format!("{name}: {accepted}"));
        builder_text.inits.push(if convert { format!("{name}: {name}.into()") } else { name.clone() });
        builder_text.fields.push(format!("{name}: {stored}"));
    }
    for param in operation.params.iter().filter(|param| !param.required) {
        let name = ident(&param.rust_name).to_string();
        let (stored, accepted, convert) = param_texts(ir, param);
        builder_text.inits.push(format!("{name}: ::std::option::Option::None"));
        builder_text.fields.push(format!("{name}: ::std::option::Option<{stored}>"));
        let value = if convert { "value.into()" } else { "value" };
        builder_text.setter(&setter_docs(ir, param), param.deprecated, &name, "value", &accepted, value);
    }
    if let Some(body) = &operation.body {
        // Binary bodies are `Bytes`, so that every retry shares them instead of copying.
        let binary = body.encoding == BodyEncoding::Binary;
        let (ty, accepted) = if binary {
            ("::bytes::Bytes".to_owned(), "impl ::std::convert::Into<::bytes::Bytes>".to_owned())
        } else {
            let ty = type_string(ir, &body.ty);
            (ty.clone(), ty)
        };
        let value = if binary { "body.into()" } else { "body" };
        if body.required {
            builder_text.args.push(format!("body: {accepted}"));
            builder_text.inits.push(if binary { "body: body.into()".to_owned() } else { "body".to_owned() });
            builder_text.fields.push(format!("body: {ty}"));
        } else {
            builder_text.inits.push("body: ::std::option::Option::None".to_owned());
            builder_text.fields.push(format!("body: ::std::option::Option<{ty}>"));
            let docs = body.docs.as_deref().unwrap_or("The request body.");
            builder_text.setter(docs, false, "body", "body", &accepted, value);
        }
    }
    for (name, ty) in super::pagination::builder_fields(operation) {
        builder_text.inits.push(format!("{name}: ::std::option::Option::None"));
        builder_text.fields.push(format!("{name}: {}", tokens_text(ty)));
    }
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
    let members = quote! {
        /// The request as it goes on the wire, before credentials and retries.
        fn request_parts<E>(&self) -> ::std::result::Result<super::runtime::RequestParts, super::Error<E>> {
            #parts_body
        }
        #pagination
        #events
        #lines
        #bytes
    };
    let arguments = [builder.to_string(), tokens_text(ok_type), tokens_text(err_type), tokens_text(send_body)];
    let gated = |text: String| super::features::cfg_line(&operation.features, "") + &text;
    vec![
        Piece::Text(gated(builder_text.client_method(operation, &docs))),
        Piece::Text(gated(builder_text.builder_struct(operation))),
        Piece::Text(gated(format!("impl {builder} {{\n{}", builder_text.setters))),
        Piece::Members(members),
        Piece::Text("}\n".to_owned()),
        Piece::Tokens(super::features::gate(&operation.features, paginated.unwrap_or_default())),
        Piece::Text(gated(request_options_call(&arguments))),
    ]
}

/// The parts of an operation's builder that are printed as text, gathered parameter by parameter.
#[derive(Default)]
struct BuilderText {
    /// The `Client` method's arguments after `&self`.
    args: Vec<String>,
    /// The builder's fields as the `Client` method sets them, after `client`.
    inits: Vec<String>,
    /// The builder's fields with their types, after `client`.
    fields: Vec<String>,
    /// The setters of the optional parameters and body.
    setters: String,
}

impl BuilderText {
    fn setter(&mut self, docs: &str, deprecated: bool, name: &str, argument: &str, accepted: &str, value: &str) {
        doc_comments(&mut self.setters, Some(docs), "    ");
        if deprecated {
            self.setters.push_str("    #[deprecated]\n");
        }
        let value = format!("::std::option::Option::Some({value})");
        super::printed::setter(&mut self.setters, name, name, argument, accepted, &value);
    }

    /// `impl super::Client { pub fn operation(&self, ..) -> Builder { Builder { .. } } }`.
    fn client_method(&self, operation: &Operation, docs: &str) -> String {
        let builder = ident(&operation.builder_name);
        let mut text = "impl super::Client {\n".to_owned();
        doc_comments(&mut text, Some(docs), "    ");
        if operation.deprecated {
            text.push_str("    #[deprecated]\n");
        }
        if self.args.len() + 1 > CLIPPY_ARGUMENT_LIMIT {
            text.push_str(
                "    #[allow(clippy::too_many_arguments, reason = \"one argument per required parameter\")]\n",
            );
        }
        let mut args = vec!["&self".to_owned()];
        args.extend(self.args.iter().cloned());
        let method = ident(&operation.method_name);
        text.push_str(&list("    ", &format!("pub fn {method}("), &args, &format!(") -> {builder} {{")));
        let mut inits = vec!["client: self.clone()".to_owned()];
        inits.extend(self.inits.iter().cloned());
        inits.push("options: super::RequestOptions::new()".to_owned());
        text.push_str(&list("        ", &format!("{builder} {{ "), &inits, " }"));
        text.push_str("    }\n}\n");
        text
    }

    /// The builder's definition: the client, the parameters and body, and the request options.
    fn builder_struct(&self, operation: &Operation) -> String {
        let method_path = bare(&operation.method_name);
        let mut text = String::new();
        let doc = format!(
            "A request to [`Client::{method_path}`](super::Client::{method_path}); await it or call [`send`](Self::send)."
        );
        doc_comments(&mut text, Some(&doc), "");
        text.push_str("#[derive(Clone, Debug)]\n#[must_use = \"a request is sent only when it is awaited or sent\"]\n");
        text.push_str(&format!("pub struct {} {{\n    client: super::Client,\n", ident(&operation.builder_name)));
        for field in &self.fields {
            text.push_str(&format!("    {field},\n"));
        }
        text.push_str("    options: super::RequestOptions,\n}\n");
        text
    }
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

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Shelf, version: '1'}
paths:
  /shelves/{shelf_id}/books:
    post:
      operationId: addBook
      parameters:
        - {name: shelf_id, in: path, required: true, schema: {type: string}}
        - {name: position, in: query, schema: {type: integer}, description: Where the book goes.}
        - {name: note, in: query, deprecated: true, schema: {type: string}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}
      responses: {'204': {description: added}}
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: alive}}
components:
  schemas:
    Book: {type: object, properties: {title: {type: string}}}
"#;

    fn requests_module() -> String {
        let spec = crate::load::load_str(SPEC, "shelf.yaml").expect("loads");
        let generated = crate::generate(&spec, &crate::Settings::default()).expect("generates");
        generated.files.files["src/requests.rs"].clone()
    }

    #[test]
    fn builders_print_as_text_around_their_formatted_methods() {
        let text = requests_module();
        syn::parse_str::<syn::File>(&text).unwrap_or_else(|error| panic!("{error}:\n{text}"));
        for expected in [
            "    pub fn ping(&self) -> Ping {\n        Ping { client: self.clone(), options: super::RequestOptions::new() }\n    }\n}\n",
            "    pub fn add_book(&self, shelf_id: impl ::std::convert::Into<::std::string::String>) -> AddBook {\n        AddBook {\n            client: self.clone(),\n            shelf_id: shelf_id.into(),\n",
            "pub struct AddBook {\n    client: super::Client,\n    shelf_id: ::std::string::String,\n    position: ::std::option::Option<i64>,\n",
            "    /// Where the book goes.\n    ///\n    /// Sent as the `position` query parameter.\n    pub fn position(mut self, value: i64) -> Self {\n        self.position = ::std::option::Option::Some(value);\n        self\n    }\n",
            "    #[deprecated]\n    pub fn note(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {\n        self.note = ::std::option::Option::Some(value.into());\n",
            "    pub fn body(mut self, body: super::types::Book) -> Self {\n        self.body = ::std::option::Option::Some(body);\n",
            // The formatted methods sit one level in, inside the setters' impl block.
            "        self\n    }\n    /// The request as it goes on the wire, before credentials and retries.\n    fn request_parts<E>(\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

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
