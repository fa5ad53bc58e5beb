//! The conformance program against Prism with request validation on: generated with the `conformance`
//! setting from `tests/fixtures/conformance.yaml` (path, query, header and cookie parameters with
//! formats, patterns, enums and bounds; JSON, form and union bodies; two security schemes), built, and
//! run. Every operation must be accepted and its response decoded.

use std::collections::BTreeSet;
use std::process::Command;

use openapi_client_gen::{Settings, generate, load};
use tests::prism::Prism;
use tests::workspace_root;

/// Generates the fixture with the program into a workspace of its own under `target/`, and returns the
/// workspace directory.
fn generated_workspace(fixture: &str) -> std::path::PathBuf {
    let root = workspace_root();
    let spec = load::load_path(&root.join("tests/fixtures").join(fixture)).expect("fixture loads");
    let generated = generate(&spec, &Settings::default().crate_name("conformance-fixture").conformance(true))
        .expect("fixture generates");
    let workspace = root.join("target/conformance-test");
    let _ = std::fs::remove_dir_all(&workspace);
    generated.files.write(&workspace.join("client")).expect("write the client");
    let manifest = "[workspace]\nresolver = \"3\"\nmembers = [\"client\", \"client/conformance\"]\n";
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("write workspace manifest");
    // The same lock file and target directory as the main workspace: dependencies are already built.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy lock file");
    workspace
}

#[test]
fn every_operation_is_accepted_and_decodes_through_a_validating_mock() {
    let fixture = "conformance.yaml";
    let workspace = generated_workspace(fixture);
    let prism = Prism::start(&workspace_root().join("tests/fixtures").join(fixture), true);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "-p", "conformance-fixture-conformance", "--", "--base-url", &prism.base_url])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&output.stderr));

    let mut seen = BTreeSet::new();
    for line in stdout.lines() {
        let report: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"));
        for key in ["operation", "method", "path", "status", "outcome", "detail", "problem_type", "body"] {
            assert!(report.get(key).is_some(), "no `{key}` in {line}");
        }
        assert_eq!(report["outcome"], "decoded", "{line}");
        assert!(report["status"].as_u64().is_some_and(|status| (200..300).contains(&status)), "{line}");
        seen.insert(report["operation"].as_str().expect("operation").to_owned());
    }
    let expected = [
        "createProduct",
        "deleteProduct",
        "getProduct",
        "getReceipt",
        "getReport",
        "getStock",
        "listProducts",
        "pay",
        "render",
        "renameWarehouse",
        "setStock",
    ];
    assert_eq!(seen, expected.into_iter().map(str::to_owned).collect(), "{stdout}");

    // A run resumed after the second operation (as the corpus runner does when Prism exits) reports the
    // rest, in the same order, and calls nothing it skipped.
    let resumed = Command::new(workspace_root().join("target/debug/conformance"))
        .args(["--base-url", &prism.base_url, "--skip", "2"])
        .output()
        .expect("run the program");
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    let operations = |text: &str| -> Vec<String> {
        text.lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line")["operation"].to_string())
            .collect()
    };
    assert_eq!(operations(&String::from_utf8_lossy(&resumed.stdout)), operations(&stdout)[2..]);
    let refused = Command::new(workspace_root().join("target/debug/conformance"))
        .args(["--base-url", &prism.base_url, "--skip", "two"])
        .output()
        .expect("run the program");
    assert!(!refused.status.success() && refused.stdout.is_empty());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--skip takes a number"), "{refused:?}");
}
