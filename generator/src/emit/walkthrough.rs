//! The README's first program: a newcomer's path from a client to a list, a get, a create, an error, the
//! pages of a list and a raw request, built from the spec's own operations and examples. The program is
//! complete (`main` included), so the README shows what to paste, a doctest compiles it and the tests run
//! it against a validating mock of the spec.

use super::CrateInfo;
use super::examples::{Synth, call};
use crate::ir::{Ir, Operation, ParamLocation, ResponseBody};

/// The heading of the README section holding the program; the tests find the program under it.
pub const HEADING: &str = "## First program";

/// The operations the program shows, each with its call's arguments.
struct Steps<'a> {
    list: Option<(&'a Operation, Vec<String>)>,
    get: Option<(&'a Operation, Vec<String>)>,
    create: Option<(&'a Operation, Vec<String>)>,
    /// A GET that needs no parameters, for the raw request.
    raw: Option<&'a Operation>,
}

fn steps<'a>(ir: &'a Ir, info: &CrateInfo, synth: &Synth<'_>) -> Steps<'a> {
    // Operations compiled under a cargo feature are left out: the program must build with any features.
    let usable = || ir.operations.iter().filter(|operation| operation.features.is_none() && !operation.deprecated);
    let with_args = |operation: &'a Operation| {
        let examples = info.examples.get(&(operation.path.clone(), operation.http_method.clone()));
        // Arguments spanning lines or holding a code fence would not fit the program's comments and block.
        let args = synth.call_arguments(operation, examples)?;
        (!args.iter().any(|arg| arg.contains("```"))).then_some((operation, args))
    };
    let has_path_params =
        |operation: &Operation| operation.params.iter().any(|param| param.location == ParamLocation::Path);
    let list = usable().filter(|operation| operation.pagination.is_some()).find_map(with_args);
    let get = usable()
        .filter(|operation| operation.http_method == "GET" && has_path_params(operation))
        .filter(|operation| operation.success != ResponseBody::Binary)
        .find_map(with_args);
    let create =
        usable().filter(|operation| operation.http_method == "POST" && operation.body.is_some()).find_map(with_args);
    let raw = usable().find(|operation| {
        operation.http_method == "GET"
            && operation.params.iter().all(|param| !param.required)
            && operation.body.is_none()
    });
    Steps { list, get, create, raw }
}

/// The items of a page as a place (`page.data`), when every field on the way is required.
fn items_place(operation: &Operation) -> Option<String> {
    let pagination = operation.pagination.as_ref()?;
    if pagination.items.iter().any(|step| step.optional) {
        return None;
    }
    let mut place = "page".to_owned();
    for step in &pagination.items {
        place.push('.');
        place.push_str(&step.rust_name);
    }
    Some(place)
}

/// The program and what it shows, or `None` when the spec has none of the operations it shows.
pub fn program(ir: &Ir, info: &CrateInfo) -> Option<(String, Vec<&'static str>)> {
    if info.types_only {
        return None;
    }
    let krate = info.name.replace('-', "_");
    let synth = Synth::new(ir, usize::MAX, None);
    let Steps { list, get, create, raw } = steps(ir, info, &synth);
    if list.is_none() && get.is_none() && create.is_none() {
        return None;
    }
    let mut shown = Vec::new();
    let mut body = String::new();
    let client = match (&ir.api.default_base_url, ir.schemes.is_empty()) {
        (Some(url), false) => format!(
            "    // The key from the environment; the base URL from `{}`, else `{url}`.\n    let client = {krate}::Client::new(std::env::var(\"{}\")?);\n",
            info.base_url_env, info.api_key_env
        ),
        _ => format!(
            "    // Key and base URL from the environment (`{}`, `{}`).\n    let client = {krate}::Client::from_env()?;\n",
            info.api_key_env, info.base_url_env
        ),
    };
    body.push_str(&client);
    let call_of = |operation: &Operation, args: &[String], binding: &str, suffix: &str| {
        let prefix = format!("{binding}client.{}", operation.method_name);
        call(&prefix, args, suffix, "    ")
    };
    let comment = |what: &str, operation: &Operation| {
        format!("\n    // {what}: `{} {}`.\n", operation.http_method, operation.path)
    };
    if let Some((operation, args)) = &list {
        shown.push("a list");
        body.push_str(&comment("List", operation));
        body.push_str(&call_of(operation, args, "let page = ", ".await?;"));
        match items_place(operation) {
            Some(items) => {
                body.push_str(&format!("\n    println!(\"the first page has {{}} items\", {items}.len());\n"))
            }
            None => body.push_str("\n    println!(\"listed: {}\", page.status());\n"),
        }
    }
    if let Some((operation, args)) = &get {
        shown.push("a get (with its error)");
        body.push_str(&comment("Get one, and read an error status", operation));
        body.push_str(&call_of(operation, args, "match ", ".await {"));
        body.push_str(
            "\n        Ok(response) => println!(\"got it: {}\", response.status()),\
             \n        // `message()` and `code()` read the error body the spec declares.\
             \n        Err(error) if error.is_not_found() => println!(\"not found: {:?} ({:?})\", error.message(), error.code()),\
             \n        Err(error) => return Err(error.into()),\n    }\n",
        );
    }
    if let Some((operation, args)) = &create {
        shown.push("a create");
        body.push_str(&comment("Create", operation));
        let binding = if operation.success == ResponseBody::Empty { "let _created = " } else { "let created = " };
        body.push_str(&call_of(operation, args, binding, ".await?;"));
        if operation.success != ResponseBody::Empty {
            body.push_str("\n    println!(\"created: {}\", created.status());\n");
        } else {
            body.push('\n');
        }
    }
    if let Some((operation, args)) = &list {
        shown.push("every page of a list");
        body.push_str(&comment("Every page of the list, each the response `.await` gives", operation));
        body.push_str(&call_of(operation, args, "let mut pages = ", ".into_pages();"));
        body.push('\n');
        let report = match items_place(operation) {
            Some(items) => format!("println!(\"a page of {{}} items\", {items}.len());"),
            None => "println!(\"a page: {}\", page.status());".to_owned(),
        };
        body.push_str(&format!(
            "    while let Some(page) = pages.next().await {{\n        let page = page?;\n        {report}\n    }}\n"
        ));
    }
    if let Some(operation) = raw {
        shown.push("a raw request");
        body.push_str(&format!(
            "\n    // Any request, with the client's key, headers, retries and limits: for what the spec leaves out.\
             \n    let raw = client.request({krate}::Method::GET, {:?}).send().await?;\
             \n    println!(\"raw: {{}}, {{}} bytes\", raw.status(), raw.body().len());\n",
            operation.path
        ));
    }
    let mut program = String::new();
    if body.contains("types::") {
        program.push_str(&format!("use {krate}::types;\n"));
    }
    if list.is_some() {
        program.push_str("use futures_util::StreamExt;\n");
    }
    if !program.is_empty() {
        program.push('\n');
    }
    program.push_str(&format!(
        "#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{body}    Ok(())\n}}"
    ));
    Some((program, shown))
}

/// The README section: what the program does and the program.
pub fn readme_section(ir: &Ir, info: &CrateInfo) -> Option<String> {
    let (program, shown) = program(ir, info)?;
    let steps = match shown.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    Some(format!(
        "\n{HEADING}\n\nA complete program: a client, then {steps}, with the spec's own example values. It runs as is \
         against the API, or against a mock of the spec at `{}`.\n\n```rust,no_run\n{program}\n```\n",
        info.base_url_env
    ))
}
