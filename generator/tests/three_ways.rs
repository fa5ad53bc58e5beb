//! The CLI, the library and the build-script helper are three doors to one function: for the same spec
//! and settings they produce the same code (only the header comment, which says how to regenerate, and
//! the build script's module entry differ).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use openapi_client_gen::{Settings, build_script, generate, load};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

/// Module name → source without the two header lines.
fn modules(dir: &Path) -> BTreeMap<String, String> {
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        if name == "lib.rs" || path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("// @generated"), "{name} has no header");
        // An included module cannot name the crate, so its doc examples are `ignore` rather than `no_run`.
        let body = text.lines().skip(2).collect::<Vec<_>>().join("\n").replace("/// ```ignore", "/// ```no_run");
        modules.insert(name, body);
    }
    modules
}

fn assert_three_ways_agree(spec: &Path, cli_flags: &[&str], settings: &Settings) {
    let scratch = tempfile::tempdir().expect("temp dir");

    let cli_out = scratch.path().join("cli");
    let mut args = vec!["generate", "--quiet", "--spec", spec.to_str().expect("utf-8"), "--out"];
    args.push(cli_out.to_str().expect("utf-8"));
    args.extend(cli_flags);
    let status = Command::new(BIN).args(&args).status().expect("run the CLI");
    assert!(status.success());

    let library_out = scratch.path().join("library");
    let loaded = load::load_path(spec).expect("spec loads");
    generate(&loaded, settings).expect("generates").files.write(&library_out).expect("writes");

    let build_out = scratch.path().join("build");
    std::fs::create_dir(&build_out).expect("mkdir");
    let output = build_script::try_generate(spec, settings, &build_out).expect("build script generates");
    let module_dir = output.entry.with_extension("");

    let cli = modules(&cli_out.join("src"));
    assert!(cli.contains_key("types.rs"), "{:?}", cli.keys());
    assert_eq!(cli, modules(&library_out.join("src")), "CLI and library differ");
    let manifest = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
        text.lines().skip(2).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(manifest(&cli_out), manifest(&library_out), "CLI and library manifests differ");
    if let Some(license) = &settings.license {
        assert!(manifest(&cli_out).contains(&format!("license = \"{license}\"")), "{}", manifest(&cli_out));
    }
    assert_eq!(cli, modules(&module_dir), "CLI and build script differ");
}

#[test]
fn the_three_ways_agree_with_default_settings() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/checkout-sessions.yaml");
    // The config file beside the spec applies to the CLI; the library and build script are given it.
    let settings = openapi_client_gen::settings_for(&spec, None).expect("settings");
    assert_three_ways_agree(&spec, &[], &settings);
}

#[test]
fn the_three_ways_agree_with_every_flag() {
    let spec = fixture("settings.yaml");
    let flags = [
        "--crate-name=library",
        "--crate-version=2.0.0",
        "--api-key-env=LIB_KEY",
        "--base-url-env=LIB_URL",
        "--idempotency-header=X-Loan-Key",
        "--license=MIT",
        "--repository=https://example.com/library",
        "--tag=books",
        "--operation=createLoan",
        "--derive=Eq",
        "--replace-type=Money=u64",
        "--rename-type=Book=Volume",
        "--rename-operation=listBooks=books",
        "--no-unknown-variants",
        "--strict",
        "--lenient-responses",
        "--tag-features",
    ];
    let settings = Settings::default()
        .crate_name("library")
        .crate_version("2.0.0")
        .api_key_env("LIB_KEY")
        .base_url_env("LIB_URL")
        .idempotency_header("X-Loan-Key")
        .license("MIT")
        .repository("https://example.com/library")
        .include_tag("books")
        .include_operation("createLoan")
        .derive("Eq")
        .replace_type("Money", "u64")
        .rename_type("Book", "Volume")
        .rename_operation("listBooks", "books")
        .unknown_variants(false)
        .strict(true)
        .lenient_responses(true)
        .tag_features(true);
    assert_three_ways_agree(&spec, &flags, &settings);

    let types_only = Settings::default().crate_name("shapes").types_only(true);
    assert_three_ways_agree(&fixture("types-only.yaml"), &["--crate-name=shapes", "--types-only"], &types_only);
}
