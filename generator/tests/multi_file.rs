//! Descriptions split over several files (`tests/fixtures/multi-file/`): the root generates through every
//! CLI command, the build-script helper watches every file read, and each broken reference is an error at
//! the file, line and pointer of the `$ref` that failed (insta snapshots of the messages).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use openapi_client_gen::{Settings, build_script, generate, load};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");
const ROOT: &str = "tests/fixtures/multi-file/petstore/openapi.yaml";
const ERRORS: &str = "tests/fixtures/multi-file/errors";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

fn run(args: &[&str], out: Option<&Path>) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).current_dir(workspace());
    if let Some(out) = out {
        command.arg("--out").arg(out);
    }
    command.output().expect("runs")
}

#[test]
fn every_broken_reference_is_named_at_its_file_line_and_pointer() {
    for case in ["missing-file", "missing-fragment", "url-ref", "cycle", "not-yaml"] {
        let scratch = tempfile::tempdir().expect("temp dir");
        let spec = format!("{ERRORS}/{case}.yaml");
        let output = run(&["generate", "--spec", &spec], Some(&scratch.path().join("out")));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{spec}:\n{stderr}");
        assert!(!stderr.contains("panicked") && stderr.contains(" line "), "{spec}:\n{stderr}");
        insta::assert_snapshot!(case, stderr);
    }
}

#[test]
fn the_root_generates_checks_and_diffs() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("client");
    let generated = run(&["generate", "--spec", ROOT], Some(&out));
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let check = run(&["check", "--spec", ROOT], Some(&out));
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let diff = run(&["diff", "--old", ROOT, "--spec", ROOT], None);
    assert_eq!(diff.status.code(), Some(0), "{}", String::from_utf8_lossy(&diff.stderr));
}

#[test]
fn one_type_per_target_named_after_the_component_or_the_file() {
    let spec = load::load_path(&workspace().join(ROOT)).unwrap_or_else(|error| panic!("{error}"));
    let generated = generate(&spec, &Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let types = &generated.files.files["src/types.rs"];
    let structs: Vec<&str> = types.lines().filter_map(|line| line.strip_prefix("pub struct ")).collect();
    // `Pet` through two relative paths is one type; `Address` is named after its file's stem.
    assert_eq!(structs, ["Address {", "Owner {", "Pet {", "ProblemBody {", "Tag {"]);
    // The path item under `components/pathItems` is an operation too.
    assert_eq!(generated.operation_count, 4);
}

#[test]
fn the_build_script_watches_every_file_the_spec_reads() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = workspace().join(ROOT);
    let output = build_script::try_generate(&root, &Settings::default().crate_name("pets"), scratch.path())
        .unwrap_or_else(|error| panic!("{error}"));
    let base = workspace().join("tests/fixtures/multi-file");
    let mut inputs: Vec<String> = output
        .inputs
        .iter()
        .map(|input| input.strip_prefix(&base).expect("under the fixtures").to_string_lossy().replace('\\', "/"))
        .collect();
    inputs.sort();
    assert_eq!(
        inputs,
        [
            "common/address.yaml",
            "common/responses.yaml",
            "petstore/openapi.yaml",
            "petstore/parameters.yaml",
            "petstore/paths/pet.yaml",
            "petstore/paths/pets.yaml",
            "petstore/schemas/_index.yaml",
            "petstore/schemas/owners/owner.json",
            "petstore/schemas/pet.yaml",
        ]
    );
}

#[test]
fn a_spec_given_as_text_cannot_follow_file_references() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: './a.yaml'}\n";
    let error = load::load_str(text, "api.yaml").unwrap_err().to_string();
    assert!(
        error.starts_with("error: api.yaml at #/paths/~1a: line 4: `$ref: ./a.yaml` refers to another file"),
        "{error}"
    );
}

#[test]
fn warnings_inside_another_file_name_that_file_and_its_pointer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: './items.yaml#/A'}\n  /b: {$ref: './items.yaml#/B'}\n",
    );
    write(
        "items.yaml",
        "A:\n  get:\n    operationId: same\n    responses: {'204': {description: ok}}\nB:\n  get:\n    operationId: same\n    responses: {'204': {description: ok}}\n",
    );
    let spec = load::load_path(&dir.path().join("api.yaml")).unwrap_or_else(|error| panic!("{error}"));
    let generated = generate(&spec, &Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    let warning = generated.warnings[0].to_string();
    let expected =
        format!("{} at #/B/get/operationId: duplicate operationId `same`", dir.path().join("items.yaml").display());
    assert!(warning.starts_with(&expected), "{warning}");
}
