//! The `conformance` setting: the flag, the config key and the builder method write the same program in
//! `conformance/`; without the setting nothing of it is written and the client is the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::{Settings, generate, load};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

/// A generated file without its two header lines (which name the command that wrote it).
fn body(text: &str) -> String {
    assert!(text.starts_with("// @generated") || text.starts_with("# @generated"), "no header:\n{text}");
    text.lines().skip(2).collect::<Vec<_>>().join("\n")
}

fn cli(args: &[&str]) {
    let output = Command::new(BIN).arg("generate").arg("--quiet").args(args).output().expect("run the CLI");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn the_flag_the_config_key_and_the_builder_write_the_same_program() {
    let spec = fixture("conformance.yaml");
    let scratch = tempfile::tempdir().expect("temp dir");
    let by_flag = scratch.path().join("flag");
    cli(&["--spec", spec.to_str().expect("utf-8"), "--out", by_flag.to_str().expect("utf-8"), "--conformance"]);
    let config = scratch.path().join("openapi-client-gen.toml");
    std::fs::write(&config, "conformance = true\n").expect("write config");
    let by_key = scratch.path().join("key");
    let (spec_arg, key_arg, config_arg) =
        (spec.to_str().expect("utf-8"), by_key.to_str().expect("utf-8"), config.to_str().expect("utf-8"));
    cli(&["--spec", spec_arg, "--out", key_arg, "--config", config_arg]);

    let loaded = load::load_path(&spec).expect("fixture loads");
    let generated = generate(&loaded, &Settings::default().conformance(true)).expect("generates");
    for file in ["conformance/Cargo.toml", "conformance/src/main.rs"] {
        let library = body(&generated.files.files[file]);
        for dir in [&by_flag, &by_key] {
            let written = std::fs::read_to_string(dir.join(file)).expect("the program is written");
            assert_eq!(body(&written), library, "{file} in {}", dir.display());
        }
    }
    let manifest = &generated.files.files["conformance/Cargo.toml"];
    for line in ["name = \"conformance-conformance\"", "publish = false", "name = \"conformance\"", "path = \"..\""] {
        assert!(manifest.contains(line), "no `{line}` in:\n{manifest}");
    }
    assert!(!manifest.contains("[workspace]"), "{manifest}");
}

#[test]
fn without_the_setting_the_client_is_the_same_and_has_no_program() {
    let loaded = load::load_path(&fixture("conformance.yaml")).expect("fixture loads");
    let plain = generate(&loaded, &Settings::default()).expect("generates").files.files;
    let with = generate(&loaded, &Settings::default().conformance(true)).expect("generates").files.files;
    assert!(plain.keys().all(|path| !path.starts_with("conformance/")), "{:?}", plain.keys());
    let client: std::collections::BTreeMap<_, _> =
        with.into_iter().filter(|(path, _)| !path.starts_with("conformance/")).collect();
    assert_eq!(client, plain);
}

#[test]
fn a_types_only_crate_has_no_program_to_write() {
    let loaded = load::load_path(&fixture("conformance.yaml")).expect("fixture loads");
    let error = generate(&loaded, &Settings::default().types_only(true).conformance(true)).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("settings at #/conformance"), "{message}");
    assert!(message.contains("types-only"), "{message}");
}

#[test]
fn the_program_calls_every_operation_with_values_the_schemas_allow() {
    let loaded = load::load_path(&fixture("conformance.yaml")).expect("fixture loads");
    let generated = generate(&loaded, &Settings::default().conformance(true)).expect("generates");
    insta::assert_snapshot!(body(&generated.files.files["conformance/src/main.rs"]));
}

#[test]
fn a_build_script_refuses_the_setting_rather_than_dropping_it() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let settings = Settings::default().conformance(true);
    let error = openapi_client_gen::build_script::try_generate(&fixture("conformance.yaml"), &settings, scratch.path())
        .expect_err("a module has no place for the program");
    let message = error.to_string();
    assert!(message.contains("/conformance") && message.contains("build script"), "{message}");
    assert!(std::fs::read_dir(scratch.path()).expect("out dir").next().is_none(), "nothing is written");
}
