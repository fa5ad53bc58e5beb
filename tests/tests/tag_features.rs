//! `tests/fixtures/tag-features.yaml` generated with the `tag-features` setting: the crate passes clippy
//! with warnings denied and its docs build with warnings denied, with every feature (the default), with
//! none, and with each tag's feature alone; its README examples compile as doctests without features.
//! (`fixtures.rs` snapshots the crate and builds its default features with the other fixtures.)

use std::path::Path;
use std::process::Command;

use openapi_client_gen::{Settings, generate, load};
use tests::workspace_root;

/// The features the fixture's tags become: `Pull Requests` normalised, `untagged` for the operation
/// without a tag.
const TAG_FEATURES: &[&str] = &["pets", "pull-requests", "store", "untagged"];

fn generated_crate(dir: &Path) {
    let root = workspace_root();
    let spec_path = root.join("tests/fixtures/tag-features.yaml");
    let text = std::fs::read_to_string(&spec_path).expect("fixture readable");
    let spec = load::load_str(&text, "tests/fixtures/tag-features.yaml").unwrap_or_else(|error| panic!("{error}"));
    let settings = Settings::default()
        .crate_name("fixture-tag-features")
        .with_config_file(&spec_path.with_extension("toml"))
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(settings.tag_features, "the fixture's config turns tag features on");
    let generated = generate(&spec, &settings).unwrap_or_else(|error| panic!("{error}"));
    generated.files.write(&dir.join("tag-features")).expect("write the crate");
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\nresolver = \"3\"\nmembers = [\"tag-features\"]\n")
        .expect("write workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock file");
}

/// Runs cargo in the crate's workspace, sharing the main target directory (dependencies are built).
fn cargo(dir: &Path, args: &[&str], features: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).arg("--no-default-features");
    if !features.is_empty() {
        command.arg("--features").arg(features.join(","));
    }
    if args[0] == "clippy" {
        command.args(["--", "-D", "warnings"]);
    }
    let output = command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "`cargo {}` with features {features:?} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_tag_combination_compiles_and_documents_without_warnings() {
    let dir = workspace_root().join("target/tag-feature-crates");
    generated_crate(&dir);
    let manifest = std::fs::read_to_string(dir.join("tag-features/Cargo.toml")).expect("manifest");
    let mut default: Vec<&str> = TAG_FEATURES.to_vec();
    default.push("webhooks");
    let default_line =
        format!("default = [{}]", default.iter().map(|name| format!("{name:?}")).collect::<Vec<_>>().join(", "));
    assert!(manifest.contains(&default_line), "{default_line} not in:\n{manifest}");

    let mut combinations: Vec<Vec<&str>> = vec![default.clone(), Vec::new(), vec!["webhooks"]];
    combinations.extend(TAG_FEATURES.iter().map(|feature| vec![*feature]));
    for features in &combinations {
        cargo(&dir, &["clippy", "--quiet", "--all-targets"], features);
        cargo(&dir, &["doc", "--quiet", "--no-deps"], features);
    }
    // The README's examples are gated on the features of what they call.
    cargo(&dir, &["test", "--quiet", "--doc"], &[]);
    cargo(&dir, &["test", "--quiet", "--doc"], &["store"]);
}
