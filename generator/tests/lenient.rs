//! `lenient-responses` at the generator's edges: the CLI flag and its count line, the config key, and
//! `diff`, which compares both specs under the same setting.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_gen::diff::{Verdict, diff};
use openapi_client_gen::{Settings, generate, load};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

/// A spec whose `Thing` is a request body, and with `returned`, also the response of a second operation.
fn spec(returned: bool) -> load::LoadedSpec {
    let get = if returned {
        "  /things/{id}:\n    get:\n      operationId: getThing\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}\n"
    } else {
        ""
    };
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Things, version: '1'}}\npaths:\n  /things:\n    post:\n      operationId: createThing\n      requestBody:\n        required: true\n        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing'}}}}}}\n      responses:\n        '204': {{description: ok}}\n{get}components:\n  schemas:\n    Thing: {{type: object, required: [name], properties: {{name: {{type: string}}}}}}\n"
    );
    load::load_str(&text, "things.yaml").expect("spec loads")
}

#[test]
fn the_cli_flag_makes_response_fields_options_and_counts_them() {
    let out = tempfile::tempdir().expect("temporary directory");
    let output = Command::new(BIN)
        .args(["generate", "--spec", "tests/fixtures/lenient.yaml", "--out"])
        .arg(out.path())
        .arg("--lenient-responses")
        .current_dir(workspace())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let counted = stdout
        .lines()
        .find_map(|line| line.strip_prefix("lenient-responses: "))
        .unwrap_or_else(|| panic!("no count line in {stdout}"));
    let types = std::fs::read_to_string(out.path().join("src/types.rs")).expect("types written");
    let marked = types.matches("`None` when a response leaves it out").count();
    assert!(marked > 0);
    assert_eq!(counted, format!("{marked} required properties of response types may be absent"));
    assert!(types.contains("pub login: ::std::option::Option<::std::string::String>,"), "{types}");
    // The same spec without the flag: no field is lenient and no count is printed.
    let strict = Command::new(BIN)
        .args(["generate", "--spec", "tests/fixtures/lenient.yaml", "--out"])
        .arg(out.path())
        .current_dir(workspace())
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&strict.stdout).contains("lenient-responses"));
    let types = std::fs::read_to_string(out.path().join("src/types.rs")).expect("types written");
    assert!(types.contains("pub login: ::std::string::String,"), "{types}");
}

#[test]
fn the_config_key_and_the_builder_give_the_same_crate() {
    let spec_path = workspace().join("tests/fixtures/lenient.yaml");
    let spec = load::load_path(&spec_path).expect("fixture loads");
    let from_file = Settings::default()
        .with_config_file(&workspace().join("tests/fixtures/lenient.toml"))
        .expect("config file reads");
    assert!(from_file.lenient_responses);
    let from_builder = Settings::default().lenient_responses(true);
    let (file, builder) =
        (generate(&spec, &from_file).expect("generates"), generate(&spec, &from_builder).expect("generates"));
    assert_eq!(file.files, builder.files);
    assert_eq!(file.lenient_fields, builder.lenient_fields);
    assert!(file.lenient_fields > 0);
    assert_eq!(generate(&spec, &Settings::default()).expect("generates").lenient_fields, 0);
}

#[test]
fn diff_keeps_its_verdicts_under_the_setting() {
    let run = |new: &str| {
        Command::new(BIN)
            .args(["diff", "--old", "tests/fixtures/compat/v1.yaml", "--spec", new, "--lenient-responses"])
            .current_dir(workspace())
            .output()
            .expect("runs")
    };
    let compatible = run("tests/fixtures/compat/v2.yaml");
    assert_eq!(compatible.status.code(), Some(0), "{}", String::from_utf8_lossy(&compatible.stdout));
    let breaking = run("tests/fixtures/compat/breaking.yaml");
    assert_eq!(breaking.status.code(), Some(1));
    let report = String::from_utf8_lossy(&breaking.stdout);
    // `new` still takes a required response field, so adding one still breaks callers.
    assert!(report.contains("required field `NewPet::birthday: NaiveDate` added"), "{report}");
    assert!(report.contains("field `Pet::id` changed from `Option<String>` to `Option<i64>`"), "{report}");
}

#[test]
fn a_type_that_starts_appearing_in_responses_changes_under_the_setting_only() {
    let (before, after) = (spec(false), spec(true));
    let strict = diff(&before, &after, &Settings::default()).expect("diffs");
    assert!(strict.changes.iter().all(|change| change.verdict == Verdict::Compatible), "{strict:?}");
    let lenient = diff(&before, &after, &Settings::default().lenient_responses(true)).expect("diffs");
    let messages: Vec<&str> = lenient
        .changes
        .iter()
        .filter(|change| change.verdict == Verdict::Breaking)
        .map(|change| change.message.as_str())
        .collect();
    assert!(
        messages.contains(&"field `Thing::name` changed from `String` to `Option<String>`"),
        "callers reading `Thing::name` must now unwrap it: {messages:?}"
    );
}
