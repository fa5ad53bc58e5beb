//! One spec per construct under `tests/fixtures/` (and the Swagger 2.0 specs under `swagger2/` and the
//! multi-file roots under `multi-file/`): a snapshot of the generated code, and every generated crate
//! compiled together with clippy and warnings denied (a snapshot that does not compile is no pass).

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::{Settings, generate, load};
use tests::workspace_root;

fn fixtures() -> Vec<PathBuf> {
    let dir = workspace_root().join("tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    let swagger2: Vec<PathBuf> = std::fs::read_dir(dir.join("swagger2"))
        .expect("swagger2 fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.extend(swagger2);
    specs.extend(MULTI_FILE_ROOTS.iter().map(|root| dir.join("multi-file").join(root)));
    specs.sort();
    specs
}

/// The multi-file fixtures that generate a client (the others are errors, tested in the generator).
const MULTI_FILE_ROOTS: &[&str] = &["petstore/openapi.yaml"];

/// The fixture's name: its stem, prefixed with its folders below `tests/fixtures/` (`swagger2-petstore`).
fn fixture_name(spec_path: &Path) -> String {
    let fixtures = workspace_root().join("tests/fixtures");
    let relative = spec_path.strip_prefix(&fixtures).expect("under tests/fixtures").with_extension("");
    relative.to_string_lossy().replace(['/', '\\'], "-")
}

fn generate_fixture(spec_path: &Path) -> openapi_client_gen::Generated {
    let stem = fixture_name(spec_path);
    let spec = if spec_path.parent() == Some(&workspace_root().join("tests/fixtures")) {
        let label = format!("tests/fixtures/{}", spec_path.file_name().expect("name").to_string_lossy());
        let text = std::fs::read_to_string(spec_path).expect("fixture readable");
        load::load_str(&text, &label)
    } else {
        // In a folder of its own: read from the file (as the CLI does), so relative `$ref`s resolve; named
        // relative to this crate, where tests run.
        let relative = spec_path.strip_prefix(workspace_root().join("tests")).expect("under tests/");
        load::load_path(relative)
    };
    let spec = spec.unwrap_or_else(|error| panic!("{error}"));
    // A `<stem>.toml` beside the spec holds settings for it, read as `--config` would read it.
    let mut settings = Settings::default().crate_name(format!("fixture-{stem}"));
    let config = spec_path.with_extension("toml");
    if config.is_file() {
        settings = settings.with_config_file(&config).unwrap_or_else(|error| panic!("{error}"));
    }
    generate(&spec, &settings).unwrap_or_else(|error| panic!("{error}"))
}

/// Whether a file is a runtime module, the same for every spec that has it: snapshots leave them out.
fn is_runtime_file(path: &str) -> bool {
    openapi_client_gen::runtime_file_names().any(|name| path.ends_with(&format!("/{name}")))
}

/// What a reader reviews: the warnings, then every file that depends on the spec.
fn snapshot_text(generated: &openapi_client_gen::Generated) -> String {
    let mut text = String::new();
    for warning in &generated.warnings {
        text.push_str(&format!("warning: {warning}\n"));
    }
    for (path, contents) in &generated.files.files {
        if !is_runtime_file(path) {
            text.push_str(&format!("\n===== {path} =====\n"));
            text.push_str(contents);
        }
    }
    text
}

#[test]
fn fixtures_match_their_snapshots() {
    for spec in fixtures() {
        let generated = generate_fixture(&spec);
        insta::assert_snapshot!(fixture_name(&spec), snapshot_text(&generated));
    }
}

#[test]
fn fixtures_compile_without_warnings() {
    let root = workspace_root();
    let workspace = root.join("target/fixture-crates");
    let mut members = Vec::new();
    for spec in fixtures() {
        let generated = generate_fixture(&spec);
        let name = fixture_name(&spec);
        generated.files.write(&workspace.join(&name)).expect("write fixture crate");
        members.push(format!("{name:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("write workspace manifest");
    // The same lock file and target directory as the main workspace: dependencies are already built.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "generated fixture crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
