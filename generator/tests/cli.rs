//! The command line: exit codes (0 ok, 1 drift, 2 bad input), messages and help.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(dir).output().expect("runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A scratch copy of the spec and its settings file.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("spec")).expect("mkdir");
    for file in ["checkout-sessions.yaml", "openapi-client-gen.toml"] {
        std::fs::copy(workspace().join("spec").join(file), dir.path().join("spec").join(file)).expect("copy");
    }
    dir
}

const SPEC: &str = "spec/checkout-sessions.yaml";

#[test]
fn generate_then_check_passes_and_a_spec_edit_makes_check_exit_1() {
    let dir = scratch();
    let generated = run(dir.path(), &["generate", "--spec", SPEC, "--out", "client"]);
    assert!(generated.status.success(), "{}", text(&generated));
    assert!(text(&generated).contains("generated 3 operations"), "{}", text(&generated));
    assert!(dir.path().join("client/src/lib.rs").is_file());

    let check = run(dir.path(), &["check", "--spec", SPEC, "--out", "client"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));

    let spec = dir.path().join(SPEC);
    let edited =
        std::fs::read_to_string(&spec).expect("read").replace("Get a checkout session", "Fetch one checkout session");
    std::fs::write(&spec, edited).expect("write");
    let check = run(dir.path(), &["check", "--spec", SPEC, "--out", "client"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let report = text(&check);
    assert!(report.contains("differs: src/requests.rs"), "{report}");
    assert!(report.contains("+    /// Fetch one checkout session"), "{report}");
    assert!(report.contains("openapi-client-gen generate --spec spec/checkout-sessions.yaml --out client"), "{report}");
}

#[test]
fn generate_does_not_rewrite_unchanged_files() {
    let dir = scratch();
    run(dir.path(), &["generate", "--spec", SPEC, "--out", "client"]);
    let again = run(dir.path(), &["generate", "--spec", SPEC, "--out", "client"]);
    // The count of files depends on which runtime modules the spec needs; none is rewritten.
    let report = text(&again);
    assert!(report.contains("(0 of ") && report.contains(" files written)"), "{report}");
}

#[test]
fn check_reports_missing_files() {
    let dir = scratch();
    let check = run(dir.path(), &["check", "--spec", SPEC, "--out", "nowhere"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check).contains("missing: src/lib.rs"), "{}", text(&check));
}

fn spec_error(spec: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.yaml"), spec).expect("write");
    let output = run(dir.path(), &["generate", "--spec", "bad.yaml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(!dir.path().join("out").exists(), "nothing is written on error");
    text(&output)
}

#[test]
fn bad_specs_exit_2_with_the_file_pointer_and_advice() {
    insta::assert_snapshot!("yaml_syntax", spec_error("openapi: 3.0.3\ninfo: [unclosed\n"));
    insta::assert_snapshot!("json_syntax", spec_error("{\"openapi\": \"3.0.3\",\n \"info\": }"));
    insta::assert_snapshot!(
        "swagger_2",
        spec_error(
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, schema: {$ref: '#/definitions/Gone'}}\n"
        )
    );
    insta::assert_snapshot!("empty", spec_error("   \n"));
    insta::assert_snapshot!(
        "wrong_type",
        spec_error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n")
    );
    insta::assert_snapshot!(
        "collected_errors",
        spec_error(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n  /b:\n    get:\n      operationId: b\n      parameters: [{$ref: '#/components/parameters/Gone'}]\n      responses: {'200': {description: ok}}\n"
        )
    );
    insta::assert_snapshot!(
        "ref_cycle",
        spec_error(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    C:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n"
        )
    );
}

#[test]
fn a_missing_spec_file_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = run(dir.path(), &["check", "--spec", "absent.yaml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("cannot read absent.yaml"), "{}", text(&output));
}

#[test]
fn unknown_config_keys_are_errors_naming_the_key() {
    let dir = scratch();
    std::fs::write(dir.path().join("spec/openapi-client-gen.toml"), "crate-name = \"x\"\ncrate_nam = \"y\"\n")
        .expect("write");
    let output = run(dir.path(), &["generate", "--spec", SPEC, "--out", "client"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("crate_nam"), "{}", text(&output));
}

#[test]
fn help_output() {
    insta::assert_snapshot!("help", text(&run(&workspace(), &["--help"])));
    insta::assert_snapshot!("help_generate", text(&run(&workspace(), &["generate", "--help"])));
    insta::assert_snapshot!("help_check", text(&run(&workspace(), &["check", "--help"])));
    insta::assert_snapshot!("help_diff", text(&run(&workspace(), &["diff", "--help"])));
}
