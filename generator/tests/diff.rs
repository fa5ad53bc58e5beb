//! `diff`: what a regeneration changes for callers, on the compatibility fixtures under
//! `tests/fixtures/compat/` (exit 0 when nothing breaks, 1 when something does, 2 on bad input).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");
const V1: &str = "tests/fixtures/compat/v1.yaml";
const V2: &str = "tests/fixtures/compat/v2.yaml";
const BREAKING: &str = "tests/fixtures/compat/breaking.yaml";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

fn diff(args: &[&str]) -> Output {
    Command::new(BIN).arg("diff").args(args).current_dir(workspace()).output().expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn additions_only_are_compatible_and_exit_0() {
    let output = diff(&["--old", V1, "--spec", V2]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = stdout(&output);
    assert!(report.lines().last().is_some_and(|line| line.starts_with("compatible: ")), "{report}");
    assert!(!report.lines().any(|line| line.starts_with("breaking")), "{report}");
    insta::assert_snapshot!("compatible_pair", report);
}

#[test]
fn removed_field_new_required_request_field_and_changed_type_exit_1() {
    let output = diff(&["--old", V1, "--spec", BREAKING]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report = stdout(&output);
    for expected in [
        "breaking   tests/fixtures/compat/v1.yaml at #/components/schemas/Pet/properties/tag: field `Pet::tag` removed",
        "breaking   tests/fixtures/compat/breaking.yaml at #/components/schemas/NewPet/properties/birthday: required field",
        "breaking   tests/fixtures/compat/breaking.yaml at #/components/schemas/Pet/properties/id: field `Pet::id` changed",
    ] {
        assert!(report.contains(expected), "missing `{expected}` in:\n{report}");
    }
    assert!(report.contains("needs a minor version bump: 0.1.0 -> 0.2.0 (under 0.x"), "{report}");
    insta::assert_snapshot!("breaking_pair", report);
}

#[test]
fn a_breaking_change_from_1_x_needs_a_major_bump() {
    let output = diff(&["--old", V1, "--spec", BREAKING, "--crate-version", "1.4.2"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("needs a major version bump: 1.4.2 -> 2.0.0\n"), "{}", stdout(&output));
    // And additions from 1.x are a minor bump.
    let output = diff(&["--old", V1, "--spec", V2, "--crate-version", "1.4.2"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("needs a minor version bump: 1.4.2 -> 1.5.0\n"), "{}", stdout(&output));
}

#[test]
fn the_same_spec_is_unchanged() {
    let output = diff(&["--old", V1, "--spec", V1]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "unchanged: the generated Rust API is the same; no version bump needed\n");
}

#[test]
fn settings_apply_to_both_specs() {
    // Only `getPet` is generated: the new operation and the types only `createPet` uses are out of view.
    let output = diff(&["--old", V1, "--spec", V2, "--operation", "getPet"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = stdout(&output);
    assert!(!report.contains("delete_pet") && !report.contains("NewPet"), "{report}");
    assert!(report.contains("`Pet::nickname"), "{report}");
}

#[test]
fn bad_input_exits_2_with_every_problem() {
    let output = diff(&["--old", "tests/fixtures/compat/missing.yaml", "--spec", V2]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.yaml"));
    let output = diff(&["--old", "tests/fixtures/invalid/dangling-schema-ref.yaml", "--spec", V2]);
    assert_eq!(output.status.code(), Some(2));
    let output = diff(&["--old", V1, "--spec", V2, "--rename-type", "Nope=Other"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`Nope` is not a schema"));
}
