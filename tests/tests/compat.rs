//! The compatibility promise, compiled: `tests/compat/consumer.rs`, written against the crate generated
//! from `tests/fixtures/compat/v1.yaml`, builds unchanged (clippy, warnings denied) against that crate and
//! against the one from `v2.yaml`, which `diff` calls compatible.

use std::path::Path;
use std::process::Command;

use openapi_client_gen::{Settings, generate, load};
use tests::workspace_root;

/// A workspace with the client generated from `spec` and the consumer depending on it.
fn consumer_workspace(spec: &str, dir: &Path) {
    let root = workspace_root();
    let label = format!("tests/fixtures/compat/{spec}");
    let text = std::fs::read_to_string(root.join(&label)).expect("spec readable");
    let loaded = load::load_str(&text, &label).unwrap_or_else(|error| panic!("{error}"));
    let generated =
        generate(&loaded, &Settings::default().crate_name("pet-shelter")).unwrap_or_else(|error| panic!("{error}"));
    generated.files.write(&dir.join("client")).expect("write client");
    let consumer = dir.join("consumer");
    std::fs::create_dir_all(consumer.join("src")).expect("consumer dir");
    let manifest = "[package]\nname = \"consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                    [dependencies]\npet-shelter = { path = \"../client\" }\n";
    std::fs::write(consumer.join("Cargo.toml"), manifest).expect("consumer manifest");
    std::fs::copy(root.join("tests/compat/consumer.rs"), consumer.join("src/lib.rs")).expect("consumer source");
    let workspace = "[workspace]\nresolver = \"3\"\nmembers = [\"client\", \"consumer\"]\n";
    std::fs::write(dir.join("Cargo.toml"), workspace).expect("workspace manifest");
    // The main workspace's lock file and target directory: the client's dependencies are already built.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock file");
}

#[test]
fn a_consumer_of_v1_compiles_unchanged_against_v1_and_v2() {
    let root = workspace_root();
    for spec in ["v1.yaml", "v2.yaml"] {
        let dir = root.join("target/compat").join(spec.trim_end_matches(".yaml"));
        consumer_workspace(spec, &dir);
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .args(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root.join("target"))
            .output()
            .expect("run cargo clippy");
        assert!(
            output.status.success(),
            "the v1 consumer does not compile against the crate from {spec}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
