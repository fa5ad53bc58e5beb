//! The generated crate's examples run, not only compile: the README's first program and every
//! operation's rustdoc example are built as programs and run against Prism, which validates each request
//! against the spec. An example the server would reject fails here.

use std::path::Path;
use std::process::Command;

use tests::prism::Prism;
use tests::{CLIENT_DIR, SPEC, workspace_root};

/// The README's first program, as a reader copies it.
fn readme_program(readme: &str) -> String {
    let section = readme.split_once("## First program").expect("the README has a first program").1;
    let block = section.split_once("```rust,no_run\n").expect("the program's code block").1;
    block.split_once("\n```").expect("the code block ends").0.to_owned()
}

/// Every operation's rustdoc example, as one program calling each with a client from the environment.
fn operations_program(requests: &str) -> String {
    let mut uses = Vec::new();
    let mut functions = Vec::new();
    let mut lines = requests.lines().map(|line| line.trim_start());
    while let Some(line) = lines.next() {
        if line != "/// ```no_run" {
            continue;
        }
        let mut function = String::new();
        for line in lines.by_ref() {
            if line == "/// ```" {
                break;
            }
            let code = line.strip_prefix("///").unwrap_or(line);
            let code = code.strip_prefix(' ').unwrap_or(code);
            let code = code.strip_prefix("# ").unwrap_or(code);
            if code.starts_with("use ") {
                uses.push(code.to_owned());
            } else {
                function.push_str(code);
                function.push('\n');
            }
        }
        let name = format!("example_{}", functions.len());
        functions.push((name.clone(), function.replacen("async fn example(", &format!("async fn {name}("), 1)));
    }
    assert!(!functions.is_empty(), "the operations have examples");
    uses.sort();
    uses.dedup();
    let calls: String = functions.iter().map(|(name, _)| format!("    {name}(client.clone()).await?;\n")).collect();
    let bodies: String =
        functions.iter().map(|(_, function)| format!("\n#[allow(unused_variables)]\n{function}")).collect();
    format!(
        "{}\n\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    let client = flowglad::Client::from_env()?;\n{calls}    Ok(())\n}}\n{bodies}",
        uses.join("\n")
    )
}

/// A package of its own (the crate as a dependency, as its users have it) with one binary per program.
fn write_package(dir: &Path, programs: &[(&str, String)]) {
    let root = workspace_root();
    std::fs::create_dir_all(dir.join("src/bin")).expect("create the package");
    let manifest = format!(
        "[package]\nname = \"example-programs\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\nflowglad = {{ path = {:?} }}\nfutures-util = \"0.3\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        root.join(CLIENT_DIR).display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write the manifest");
    // The workspace's lock file: dependencies at the versions already built.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy the lock file");
    for (name, program) in programs {
        std::fs::write(dir.join(format!("src/bin/{name}.rs")), program).expect("write a program");
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

#[test]
fn the_readme_program_and_every_operation_example_run_against_a_validating_server() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join(CLIENT_DIR).join("README.md")).expect("README");
    let requests = std::fs::read_to_string(root.join(CLIENT_DIR).join("src/requests.rs")).expect("requests.rs");
    let programs = [("readme", readme_program(&readme)), ("operations", operations_program(&requests))];
    let dir = root.join("target/example-programs");
    write_package(&dir, &programs);
    let build = cargo()
        .args(["build", "--bins", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("run cargo build");
    assert!(build.status.success(), "the example programs do not build:\n{}", String::from_utf8_lossy(&build.stderr));

    let prism = Prism::start(&root.join(SPEC), false);
    for (name, program) in &programs {
        let output = Command::new(root.join("target/debug").join(name))
            .env("FLOWGLAD_SECRET_KEY", "sk_test_examples")
            .env("FLOWGLAD_BASE_URL", &prism.base_url)
            .output()
            .expect("run an example program");
        assert!(
            output.status.success(),
            "the {name} program failed against Prism:\n{}\n--- program ---\n{program}",
            String::from_utf8_lossy(&output.stderr)
        );
        if *name == "readme" {
            // Every step ran: the last one prints the raw response.
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(stdout.contains("created: 200") && stdout.contains("raw: 200"), "{stdout}");
        }
    }
}

#[test]
fn a_request_the_server_rejects_fails_the_run() {
    // The check above is only as good as Prism's validation: a create without its required fields is
    // turned away, so an example that sends one would fail the suite.
    let prism = Prism::start(&workspace_root().join(SPEC), false);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let client = flowglad::Client::builder().api_key("sk_test").base_url(&prism.base_url).build().expect("client");
    let response = runtime
        .block_on(
            client
                .request(flowglad::Method::POST, "/api/v1/checkout-sessions")
                .json(&serde_json::json!({"checkoutSession": {"type": "product"}}))
                .send(),
        )
        .expect_err("Prism rejects the body");
    assert!(response.status().is_some_and(|status| status.is_client_error()), "{response}");
}
