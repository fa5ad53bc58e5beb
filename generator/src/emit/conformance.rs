//! The conformance program (the `conformance` setting): a package in `conformance/` beside the client
//! whose binary calls every operation once through the public builders, with arguments built by the
//! example synthesis, and prints one JSON line per operation saying what came back. Run against a
//! validating mock server, it shows whether requests are what the spec asks for and responses decode.

use proc_macro2::TokenStream;

use super::examples::Synth;
use super::{CrateInfo, EmittedFile, ItemSource};
use crate::ir::{AuthScheme, Ir, Operation};
use crate::naming::bare;

/// The package's files, by path relative to the client's directory.
pub fn files<'a>(ir: &'a Ir, info: &'a CrateInfo, spec: &'a serde_json::Value) -> Vec<(String, EmittedFile<'a>)> {
    let krate = info.name.replace('-', "_");
    let synth = Synth::new(ir, usize::MAX, Some(spec));
    let calls: Vec<String> =
        ir.operations.iter().map(|operation| operation_fn(&synth, info, &krate, operation)).collect();
    let uses_types = calls.iter().any(|call| call.contains("types::"));
    let head = head(ir, &krate, uses_types);
    let count = calls.len();
    let item = move |index: usize| {
        // The values are escaped string literals and numbers, so this does not fail; if it ever did, the
        // formatter reports the file rather than writing a broken one.
        let tokens = calls[index].parse::<TokenStream>().unwrap_or_else(|error| {
            let message = format!("conformance call does not lex: {error}");
            quote::quote! { compile_error!(#message); }
        });
        vec![tokens.into()]
    };
    let items = ItemSource { count, item: Box::new(item) };
    vec![
        ("conformance/Cargo.toml".to_owned(), EmittedFile::Toml(manifest(info))),
        ("conformance/src/main.rs".to_owned(), EmittedFile::Items(head, items)),
    ]
}

fn manifest(info: &CrateInfo) -> String {
    format!(
        r#"[package]
name = "{name}-conformance"
version = "{version}"
edition = "2024"
description = "Calls every operation of {name} once and reports what came back, one JSON line each"
publish = false

[[bin]]
name = "conformance"
path = "src/main.rs"

[dependencies]
{name} = {{ path = ".." }}
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt"] }}
"#,
        name = info.name,
        version = info.version,
    )
}

/// The dummy credential of a scheme: a mock checks only that it is there.
fn dummy_credential(kind: &AuthScheme) -> &'static str {
    match kind {
        AuthScheme::Basic => "conformance:conformance",
        _ => "conformance",
    }
}

/// Docs, `main` (which calls one function per operation) and the helpers that print the report.
fn head(ir: &Ir, krate: &str, uses_types: bool) -> TokenStream {
    let credentials: String = ir
        .schemes
        .iter()
        .map(|scheme| {
            format!(
                ".scheme_credentials({:?}, {krate}::ApiKey::new({:?}))",
                scheme.name,
                dummy_credential(&scheme.kind)
            )
        })
        .collect();
    let calls: String = ir
        .operations
        .iter()
        .map(|operation| {
            format!("step(&mut skip, {}, {}(&client)).await;\n", call_label(operation), fn_name(operation))
        })
        .collect();
    let import = if uses_types { format!("use {krate}::types;") } else { String::new() };
    // A spec without operations still gets a program that builds (and reports nothing).
    let (allow_unused, calls) = if ir.operations.is_empty() {
        ("#![allow(dead_code, reason = \"the spec declares no operations\")]", "let _ = client;".to_owned())
    } else {
        ("", format!("let mut skip = skip()?;\n{calls}"))
    };
    let text = format!(
        r#"
//! Calls every operation of the `{krate}` client once, with arguments built from the spec's examples
//! and schemas, and prints one JSON line per operation: `operation`, `method`, `path`, `status`,
//! `outcome` (`decoded`, `error_status`, `not_decoded`, `transport` or `skipped`), `detail`,
//! `problem_type` and `body`.
//!
//! Usage: `conformance --base-url URL [--skip N]`; `--skip N` leaves out the first N operations, so that
//! a run cut short by the server can resume after the operation it stopped at.
#![allow(deprecated, reason = "deprecated operations are called too")]
{allow_unused}

{import}

/// Why arguments could not be built (a value that does not parse).
type Failure = ::std::boxed::Box<dyn ::std::error::Error>;

/// How many characters of a response body the report keeps.
const BODY_CHARS: usize = 500;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ::std::result::Result<(), Failure> {{
    let base_url = base_url()?;
    let client = {krate}::Client::builder()
        .base_url(base_url)
        {credentials}
        .max_retries(0)
        .build()?;
    {calls}
    Ok(())
}}

/// The `--base-url` argument.
fn base_url() -> ::std::result::Result<String, Failure> {{
    argument("--base-url")?.ok_or_else(|| "usage: conformance --base-url URL [--skip N]".into())
}}

/// The `--skip` argument: how many operations, in the program's order, are not called.
fn skip() -> ::std::result::Result<usize, Failure> {{
    match argument("--skip")? {{
        Some(count) => count.parse().map_err(|_| format!("--skip takes a number, not {{count:?}}").into()),
        None => Ok(0),
    }}
}}

/// The value of the command-line option `name`, given as `name VALUE` or `name=VALUE`.
fn argument(name: &str) -> ::std::result::Result<Option<String>, Failure> {{
    let mut args = ::std::env::args().skip(1);
    while let Some(arg) = args.next() {{
        if arg == name {{
            return args.next().map(Some).ok_or_else(|| format!("{{name}} needs a value").into());
        }}
        if let Some(value) = arg.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {{
            return Ok(Some(value.to_owned()));
        }}
    }}
    Ok(None)
}}

/// Calls one operation and reports it, unless it is among the operations `--skip` leaves out (the
/// call's future is then dropped unpolled, so no request is made).
async fn step(
    skip: &mut usize,
    call: [&str; 3],
    reported: impl ::std::future::Future<Output = ::std::result::Result<Reported, Failure>>,
) {{
    if *skip > 0 {{
        *skip -= 1;
        return;
    }}
    report(call, reported.await);
}}

/// What came back from one call.
struct Reported {{
    status: Option<u16>,
    outcome: &'static str,
    detail: Option<String>,
    body: Option<String>,
}}

/// Prints one line of the report: what came back, or why the call was not made.
fn report(call: [&str; 3], reported: ::std::result::Result<Reported, Failure>) {{
    let [operation, method, path] = call;
    let reported = reported.unwrap_or_else(|failure| Reported {{
        status: None,
        outcome: "skipped",
        detail: Some(format!("an argument could not be built: {{failure}}")),
        body: None,
    }});
    let problem_type = reported
        .body
        .as_deref()
        .and_then(|body| serde_json::from_str::<serde_json::Value>(body).ok())
        .and_then(|value| value.get("type")?.as_str().map(str::to_owned));
    let body: Option<String> = reported.body.map(|body| body.chars().take(BODY_CHARS).collect());
    let line = serde_json::json!({{
        "operation": operation,
        "method": method,
        "path": path,
        "status": reported.status,
        "outcome": reported.outcome,
        "detail": reported.detail,
        "problem_type": problem_type,
        "body": body,
    }});
    println!("{{line}}");
}}

/// Classifies what a call returned.
fn record<T, E: ::std::fmt::Debug>(
    result: ::std::result::Result<{krate}::Response<T>, {krate}::Error<E>>,
) -> ::std::result::Result<Reported, Failure> {{
    let error = match result {{
        Ok(response) => {{
            let status = Some(response.status().as_u16());
            return Ok(Reported {{ status, outcome: "decoded", detail: None, body: None }});
        }}
        Err(error) => error,
    }};
    let detail = Some(error.to_string());
    let status = error.status().map(|status| status.as_u16());
    let (outcome, body) = match &error {{
        {krate}::Error::Api(api) => ("error_status", Some(api.text().into_owned())),
        {krate}::Error::Decode(decode) => ("not_decoded", Some(decode.text().into_owned())),
        _ => ("transport", None),
    }};
    Ok(Reported {{ status, outcome, detail, body }})
}}
"#
    );
    text.parse().unwrap_or_else(|error| {
        let message = format!("conformance program does not lex: {error}");
        quote::quote! { compile_error!(#message); }
    })
}

fn fn_name(operation: &Operation) -> String {
    format!("call_{}", bare(&operation.method_name))
}

/// `["operationId", "METHOD", "/path"]`, as the report names the call.
fn call_label(operation: &Operation) -> String {
    format!("[{:?}, {:?}, {:?}]", operation.operation_id, operation.http_method, operation.path)
}

/// The function that calls one operation and classifies the outcome.
fn operation_fn(synth: &Synth, info: &CrateInfo, krate: &str, operation: &Operation) -> String {
    let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
    let name = fn_name(operation);
    let path: String = operation.path.chars().map(|c| if c == '`' || c.is_control() { ' ' } else { c }).collect();
    let doc = format!("/// `{} {path}`", operation.http_method);
    let signature = format!("async fn {name}(client: &{krate}::Client) -> ::std::result::Result<Reported, Failure>");
    let Some(args) = synth.call_arguments(operation, examples) else {
        let why = "no arguments could be built (a required cycle, a replaced type, or values nested too deeply)";
        return format!("{doc}\n{signature} {{\nlet _ = client;\nErr({why:?}.into())\n}}");
    };
    let setters = synth.optional_setters(operation, examples).concat();
    format!(
        "{doc}\n{signature} {{\nrecord(client.{method}({args}){setters}.send().await)\n}}",
        method = operation.method_name,
        args = args.join(", "),
    )
}
