//! The crate's `README.md`, which is also its front page in rustdoc (`lib.rs` includes it), so every
//! example in it compiles as a doctest.

use super::CrateInfo;
use super::examples::{Synth, call};
use super::features::{all_of, gate_example};
use crate::ir::{Ir, TypeKind};

/// The README's text (without its `@generated` comment, which the formatter adds).
pub fn readme(ir: &Ir, info: &CrateInfo) -> String {
    let krate = info.name.replace('-', "_");
    let what = if info.types_only { "Types" } else { "A Rust client" };
    let mut text = format!(
        "# {}\n\n{what} for the {} (API version {}), generated from its OpenAPI description.\n",
        info.name, ir.api.title, ir.api.version
    );
    if let Some(description) = &ir.api.description {
        text.push_str(&format!("\n{description}\n"));
    }
    let tokio = if info.types_only {
        ""
    } else {
        // `futures-util` for `StreamExt` on the streams of pages and items.
        "\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\nfutures-util = \"0.3\""
    };
    text.push_str(&format!(
        "\n## Installation\n\n```toml\n[dependencies]\n{} = \"{}\"{tokio}\n```\n",
        info.name, info.version
    ));
    if let Some(section) = super::walkthrough::readme_section(ir, info) {
        text.push_str(&section);
    }
    if !info.types_only {
        client_sections(ir, info, &krate, &mut text);
    }
    values_section(ir, info, &krate, &mut text);
    if super::webhooks::needed(ir, info) {
        let section = super::webhooks::readme_section(info);
        if ir.tag_features.is_empty() {
            text.push_str(&section);
        } else {
            // Its example and links need the `webhooks` feature, which a user of tag features may turn off.
            let section = section.replace("[`webhooks::Webhook`]", "`webhooks::Webhook`");
            let section = section.replace("[`webhooks::Payload`]", "`webhooks::Payload`");
            match section.split_once("```rust\n").and_then(|(head, rest)| Some((head, rest.rsplit_once("\n```")?))) {
                Some((head, (body, tail))) => {
                    let body = gate_example(Some("feature = \"webhooks\""), body);
                    text.push_str(&format!("{head}```rust\n{body}\n```{tail}"));
                }
                None => text.push_str(&section),
            }
        }
    }
    if !ir.tag_features.is_empty() {
        text.push_str(&super::features::readme_section(ir, &info.name));
    }
    text.push_str(&format!(
        "\n## How this crate was generated\n\nBy [openapi-client-gen](https://crates.io/crates/openapi-client-gen) {} from `{}`. \
         Do not edit it by hand; regenerate it with:\n\n```sh\n{}\n```\n",
        env!("CARGO_PKG_VERSION"),
        info.spec_label,
        info.regenerate
    ));
    text
}

/// Setup, the first operations, errors, retries and pagination.
fn client_sections(ir: &Ir, info: &CrateInfo, krate: &str, text: &mut String) {
    let server =
        ir.api.default_base_url.as_ref().map(|url| format!(", or the spec's server `{url}`")).unwrap_or_default();
    let (key, setup) = if !ir.schemes.is_empty() {
        (
            format!(
                "The API key comes from `ClientBuilder::api_key` or the `{}` environment variable. ",
                info.api_key_env
            ),
            format!(
                "let client = {krate}::Client::from_env()?;\n// or: {krate}::Client::builder().api_key(\"...\").base_url(\"http://localhost:4010\").build()?"
            ),
        )
    } else {
        (
            String::new(),
            format!(
                "let client = {krate}::Client::from_env()?;\n// or: {krate}::Client::builder().base_url(\"http://localhost:4010\").build()?"
            ),
        )
    };
    text.push_str(&format!(
        "\n## Client setup\n\n{key}The base URL comes from `ClientBuilder::base_url`, the `{}` environment variable{server}.\n\n\
         ```rust,no_run\n# fn main() -> Result<(), {krate}::BuildError> {{\n{setup};\n# let _ = client;\n# Ok(())\n# }}\n```\n",
        info.base_url_env
    ));

    let synth = Synth::new(ir, usize::MAX, None);
    let calls: Vec<(&crate::ir::Operation, String)> = ir
        .operations
        .iter()
        .filter_map(|operation| super::requests::example_call(ir, info, operation).map(|_| operation))
        .take(3)
        .filter_map(|operation| {
            let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
            let args = synth.call_arguments(operation, examples)?;
            let summary =
                operation.docs.as_deref().and_then(|docs| docs.lines().next()).unwrap_or(&operation.operation_id);
            let comment = format!("// {} {}: {}", operation.http_method, operation.path, summary.replace("```", "'''"));
            let call = call(&format!("let _response = client.{}", operation.method_name), &args, ".await?;", "");
            Some((operation, format!("{comment}\n{call}")))
        })
        .collect();
    let gate = all_of(calls.iter().map(|(operation, _)| &operation.features));
    let calls: Vec<String> = calls.into_iter().map(|(_, call)| call).collect();
    text.push_str(
        "\n## Calling the API\n\nEvery operation is a method on `Client` returning a request builder: set optional parameters \
         on it, then `.await` it (or call `send`). The result is a `Response` that derefs to the decoded body.\n",
    );
    if !calls.is_empty() {
        let uses_types = calls.iter().any(|call| call.contains("types::"));
        let import = if uses_types { format!("use {krate}::types;\n\n") } else { String::new() };
        let body = format!(
            "{import}# async fn example(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n{}\n# Ok(())\n# }}",
            calls.join("\n")
        );
        text.push_str(&format!("\n```rust,no_run\n{}\n```\n", gate_example(gate.as_deref(), &body)));
    }
    let idempotency = match &info.idempotency_header {
        Some(header) => format!(" (this API honours `{header}`)"),
        None => String::new(),
    };
    text.push_str(&format!(
        "\n## Errors\n\nEvery call returns `Result<Response<T>, Error<E>>`. `Error::Api` carries the status, headers and \
         complete body of an error response (decoded into the operation's declared error type `E` when it matches); `Decode` \
         a success body that did not match, with its JSON path; then `Timeout`, `Transport` and `InvalidRequest`. \
         Helpers: `status()`, `kind()`, `is_retryable()`, `is_not_found()`, `is_rate_limited()`, `is_auth_error()`, \
         `is_server_error()`, and `message()` and `code()`, which read the error body's message and code from the \
         fields its schema declares (`message`, or a string `error`, `detail`, `title` or `error_description`; \
         `code`, `error_code` or `type`).\n\
         \n## Retries and timeouts\n\nConnection errors, timeouts, 408, 409, 429 and 5xx responses are retried twice by \
         default, with exponential backoff (0.5 s doubling to 8 s, with jitter) honouring `Retry-After`; a \
         `Retry-After` longer than `ClientBuilder::max_retry_wait` (60 s by default) ends the retries, and the error \
         carries the delay (`Error::retry_after()`). GET, HEAD, OPTIONS, PUT and DELETE are retried on all of these; \
         POST and PATCH only when they cannot have been processed (the connection failed, or 429), unless \
         idempotency is declared: by the operation's idempotency-key parameter, the generator's \
         `idempotency-header` setting{idempotency}, a key set with `.idempotency_key(..)`, or \
         `ClientBuilder::retry_non_idempotent`. Only then do they carry an idempotency key, the same on every \
         attempt. Each attempt has 60 s. Change these for the client (`ClientBuilder::max_retries`, `timeout`) or \
         per request (`.max_retries(..)`, `.timeout(..)` on the builder).\n\
         \n## Limits, proxies and raw responses\n\nResponse bodies read into memory are limited to 32 MiB \
         (`ClientBuilder::max_body_size`, or `.max_body_size(..)` per request); a larger one is \
         `Error::BodyTooLarge`. `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are honoured. `.send_raw()` on any \
         request returns the response (status, headers, bytes) undecoded, for what the types cannot express. \
         `Client::request(Method::GET, \"/path\")` sends a request the spec does not describe, with `.query(..)`, \
         `.header(..)` and `.json(..)`, through the client's credentials, default headers \
         (`ClientBuilder::default_header`), retries and limits; an error status is `Error::Api`. Request builders \
         own a clone of the client, so a request's future can be spawned (`tokio::spawn(request.send())`).\n\
         \n## Credentials and middleware\n\nCredentials are asked for before every attempt: any `Credentials` \
         implementation can be set with `ClientBuilder::credentials` (keys that rotate, tokens that expire). With the \
         `middleware` cargo feature, `ClientBuilder::middleware_client` sends every attempt through a \
         `reqwest_middleware::ClientWithMiddleware`.\n",
    ));
    if let Some(operation) = ir.operations.iter().find(|operation| operation.pagination.is_some()) {
        let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
        text.push_str(
            "\n## Pagination\n\nA list operation whose response carries a next-page cursor has `into_stream()`, which \
             follows the cursor and yields every item of every page, and `into_pages()`, which yields each page as \
             the response `.await` gives (its items, totals and cursors, status and headers).\n",
        );
        if let Some(args) = synth.call_arguments(operation, examples) {
            let uses_types = args.iter().any(|arg| arg.contains("types::"));
            let import = if uses_types { format!("use {krate}::types;\n") } else { String::new() };
            let stream =
                call(&format!("let mut items = client.{}", operation.method_name), &args, ".into_stream();", "");
            let body = format!(
                "{import}use futures_util::StreamExt;\n\n# async fn example(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
                 {stream}\nwhile let Some(item) = items.next().await {{\n    let _item = item?;\n}}\n# Ok(())\n# }}"
            );
            let gate = all_of([&operation.features]);
            text.push_str(&format!("\n```rust,no_run\n{}\n```\n", gate_example(gate.as_deref(), &body)));
        }
    }
    if let Some(operation) = ir.operations.iter().find(|operation| operation.lines.is_some()) {
        lines_section(&synth, info, krate, operation, text);
    }
}

/// `lines()`, for crates with an operation streaming a JSON sequence.
fn lines_section(
    synth: &Synth<'_>,
    info: &CrateInfo,
    krate: &str,
    operation: &crate::ir::Operation,
    text: &mut String,
) {
    text.push_str(
        "\n## Streams of JSON values\n\nAn operation answering with JSON lines (`application/jsonl`, \
         `application/x-ndjson`) or a JSON text sequence (`application/json-seq`) has `lines()`, which yields each \
         value decoded as it arrives. A value that does not decode is an `Error::Decode` item naming its line, and \
         the stream goes on; a line longer than `max_body_size` is `Error::BodyTooLarge` and ends it.\n",
    );
    let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
    if let Some(args) = synth.call_arguments(operation, examples) {
        let uses_types = args.iter().any(|arg| arg.contains("types::"));
        let import = if uses_types { format!("use {krate}::types;\n") } else { String::new() };
        let stream = call(&format!("let mut items = client.{}", operation.method_name), &args, ".lines();", "");
        let body = format!(
            "{import}use futures_util::StreamExt;\n\n# async fn example(client: {krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
             {stream}\nwhile let Some(item) = items.next().await {{\n    let _item = item?;\n}}\n# Ok(())\n# }}"
        );
        let gate = all_of([&operation.features]);
        text.push_str(&format!("\n```rust,no_run\n{}\n```\n", gate_example(gate.as_deref(), &body)));
    }
}

/// How to build values (`new`, `with_*`, `Nullable`) and match enums (wildcard arms).
fn values_section(ir: &Ir, info: &CrateInfo, krate: &str, text: &mut String) {
    text.push_str(
        "\n## Building values\n\nTypes are in the `types` module. Structs and enums are `#[non_exhaustive]`, so a later \
         version of the API can add optional properties, enum values and union variants without breaking your code: \
         build structs with `new(..)`, which takes the required fields, and chain one `with_{field}(..)` per optional \
         field you set (strings as anything `Into<String>`). Structs whose fields are all optional also implement \
         `Default`. Fields are public for reading. When you `match` an enum, add a wildcard arm.\n",
    );
    let synth = Synth::new(ir, 1, None);
    // The body of the first operation that has one, with an optional field from its example; else the
    // first struct (by name) with an optional field, set to a simple value.
    let body = ir.operations.iter().find_map(|operation| {
        let body = operation.body.as_ref()?;
        let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
        let example = examples.and_then(|examples| examples.body.as_ref());
        let value = synth.value(&body.ty, example, "body", false, 0).filter(|value| value.contains(".with_"))?;
        Some((value, &operation.features))
    });
    let built = body.or_else(|| {
        let mut structs: Vec<(usize, &crate::ir::TypeDef)> = ir.types.iter().enumerate().collect();
        structs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        structs.into_iter().find_map(|(index, def)| {
            let TypeKind::Struct(fields) = &def.kind else { return None };
            let (field, setter) = fields
                .iter()
                .zip(super::values::setter_names(fields))
                .find(|(field, _)| field.is_optional() && !field.in_constructor() && !field.deprecated)?;
            let value = synth.struct_value(crate::ir::TypeId(index), None, 0)?;
            let argument = synth.value(&field.ty, None, &field.wire_name, false, 1)?;
            Some((format!("{value}.{setter}({argument})"), &def.features))
        })
    });
    if let Some((built, features)) = built {
        let body = format!(
            "use {krate}::types;\n\n# fn main() -> Result<(), Box<dyn std::error::Error>> {{\nlet value = {built};\n# let _ = value;\n# Ok(())\n# }}"
        );
        text.push_str(&format!("\n```rust,no_run\n{}\n```\n", gate_example(all_of([features]).as_deref(), &body)));
    }
    let matched = ir.types.iter().find_map(|def| match &def.kind {
        TypeKind::Union(union) => union.variants.first().map(|variant| (def, variant.rust_name.as_str(), "(_)")),
        TypeKind::Enum(string_enum) => {
            string_enum.variants.first().map(|variant| (def, variant.rust_name.as_str(), ""))
        }
        _ => None,
    });
    if let Some((def, variant, payload)) = matched {
        let body = format!(
            "use {krate}::types;\n\nfn describe(value: &types::{0}) -> &'static str {{\n    match value {{\n        \
             types::{0}::{variant}{payload} => \"{variant}\",\n        // Later versions may add variants.\n        _ => \"something else\",\n    }}\n}}\n# let _ = describe;",
            def.name
        );
        text.push_str(&format!("\n```rust\n{}\n```\n", gate_example(all_of([&def.features]).as_deref(), &body)));
    }
    if ir
        .types
        .iter()
        .any(|def| matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(|field| field.is_tri_state())))
    {
        text.push_str(
            "\nAn optional property that may also be `null` is a `Nullable<T>`: `Absent` (the key is left out, the \
             default), `Null` (sent as `null`, which many APIs read as \"clear this field\") or `Value(T)`. Its \
             `with_*` setter takes a value, `Nullable::Null`, or an `Option` (`None` is `Null`); decoding keeps a \
             missing key apart from `null`.\n",
        );
    }
}
