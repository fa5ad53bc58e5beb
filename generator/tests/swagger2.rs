//! Swagger 2.0 read directly: every warning and error names the pointer in the 2.0 document the user
//! wrote, never one in the converted OpenAPI 3 copy (insta snapshots of the messages).

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::{Settings, generate, load};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

fn warnings_of(spec: &str) -> String {
    let loaded = load::load_path(&workspace().join(spec)).unwrap_or_else(|error| panic!("{error}"));
    let generated = generate(&loaded, &Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    let root = format!("{}/", workspace().display());
    generated.warnings.iter().map(|warning| format!("warning: {warning}\n").replace(&root, "")).collect()
}

#[test]
fn the_petstore_converts_without_a_warning() {
    assert_eq!(warnings_of("tests/fixtures/swagger2/petstore.yaml"), "");
}

#[test]
fn conversion_warnings_name_the_2_0_pointers() {
    insta::assert_snapshot!("warnings", warnings_of("tests/fixtures/swagger2/warnings.yaml"));
}

#[test]
fn generation_errors_name_the_2_0_pointers() {
    let output = Command::new(BIN)
        .args(["generate", "--spec", "tests/fixtures/invalid/swagger-2.yaml", "--out"])
        .arg(tempfile::tempdir().expect("temp dir").path().join("out"))
        .current_dir(workspace())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("tests/fixtures/invalid/swagger-2.yaml at #/paths/~1pets/get/responses/200/schema:"),
        "{stderr}"
    );
}

#[test]
fn check_accepts_a_swagger_2_0_spec() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("client");
    let spec = "tests/fixtures/swagger2/petstore.yaml";
    let run = |command: &str| {
        Command::new(BIN)
            .args([command, "--spec", spec, "--out"])
            .arg(&out)
            .current_dir(workspace())
            .output()
            .expect("runs")
    };
    assert!(run("generate").status.success());
    let check = run("check");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
