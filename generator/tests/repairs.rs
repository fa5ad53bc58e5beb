//! Specs that break a rule of OpenAPI in a way the generator repairs: every file in
//! `tests/fixtures/repairs/` generates (exit 0) with warnings that say what was repaired (an insta snapshot
//! of stderr per file), and with `--strict` is rejected (exit 2, nothing written) with the same messages
//! at the same JSON pointers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

const FIXTURES: &str = "tests/fixtures/repairs";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

fn fixtures() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(workspace().join(FIXTURES))
        .expect("tests/fixtures/repairs exists")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    files.sort();
    files
}

fn run(spec: &str, out: &Path, strict: bool) -> Output {
    let mut command = Command::new(BIN);
    command.args(["generate", "--spec", spec, "--out"]).arg(out).current_dir(workspace());
    if strict {
        command.arg("--strict");
    }
    command.output().expect("runs")
}

/// `(pointer, message)` of every diagnostic line starting with `prefix` (`warning: ` or `error: `).
fn located(stderr: &str, prefix: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = stderr
        .lines()
        .filter_map(|line| line.strip_prefix(prefix))
        .map(|rest| {
            let (_, located) = rest.split_once(" at ").expect("a diagnostic names its pointer");
            let (pointer, message) = located.split_once(": ").expect("a diagnostic has a message");
            (pointer.to_owned(), message.to_owned())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_repair_warns_and_is_an_error_under_strict_at_the_same_pointer() {
    let files = fixtures();
    assert!(files.len() >= 8, "only {} fixtures in {FIXTURES}", files.len());
    let scratch = tempfile::tempdir().expect("temp dir");
    for file in &files {
        let stem = file.trim_end_matches(".yaml");
        let spec = format!("{FIXTURES}/{file}");
        let input = workspace().join(&spec);

        let out = scratch.path().join(stem);
        let lenient = run(&spec, &out, false);
        let stderr = String::from_utf8_lossy(&lenient.stderr).into_owned();
        assert_eq!(lenient.status.code(), Some(0), "{spec}: expected a client\n{stderr}");
        assert!(out.join("src/lib.rs").is_file(), "{spec}: nothing written");
        assert!(!stderr.contains("panicked") && !stderr.contains("error:"), "{spec}:\n{stderr}");
        let warnings = located(&stderr, "warning: ");
        assert!(!warnings.is_empty(), "{spec}: a repair without a warning");
        insta::with_settings!({ input_file => &input }, { insta::assert_snapshot!(stem.to_owned(), stderr) });

        let strict_out = scratch.path().join(format!("{stem}-strict"));
        let strict = run(&spec, &strict_out, true);
        let strict_stderr = String::from_utf8_lossy(&strict.stderr).into_owned();
        assert_eq!(strict.status.code(), Some(2), "{spec}: `--strict` must refuse the repair\n{strict_stderr}");
        assert!(!strict_out.exists(), "{spec}: `--strict` wrote {}", strict_out.display());
        assert!(!strict_stderr.contains("panicked"), "{spec}:\n{strict_stderr}");
        assert_eq!(located(&strict_stderr, "error: "), warnings, "{spec}: `--strict` reports other problems");
        insta::with_settings!({ input_file => &input }, {
            insta::assert_snapshot!(format!("{stem}-strict"), strict_stderr)
        });
    }
}

/// The repaired operations as a caller sees them, read from the generated client.
#[test]
fn repaired_operations_have_the_parameters_and_names_the_warnings_announce() {
    let generate = |file: &str| {
        let path = workspace().join(FIXTURES).join(file);
        let text = std::fs::read_to_string(&path).expect("fixture");
        let spec = openapi_client_gen::load::load_str(&text, file).expect("loads");
        let generated =
            openapi_client_gen::generate(&spec, &openapi_client_gen::Settings::default()).expect("generates");
        let requests = generated.files.files.iter().find(|(path, _)| path.ends_with("src/requests.rs"));
        let text = requests.expect("requests.rs").1.clone();
        // Whitespace-insensitive: the formatter decides where lines break.
        text.split_whitespace().collect::<String>()
    };

    let undeclared = generate("path-template-parameter-undeclared.yaml");
    // `{id}` and `{body}` became string arguments after the declared `ownerId`; `body` is the builder's
    // own name, so the parameter is `body2`.
    assert!(
        undeclared.contains(
            "pubfnget_pet(&self,owner_id:i64,id:impl::std::convert::Into<::std::string::String>,\
             body2:impl::std::convert::Into<::std::string::String>,)"
        ),
        "{undeclared}"
    );
    assert!(
        undeclared.contains(
            r#"["/owners/",super::runtime::encode_path(&(::std::string::ToString::to_string(&self.owner_id)),).as_str(),"/pets/",super::runtime::encode_path(&self.id).as_str(),"/",super::runtime::encode_path(&self.body2).as_str(),].concat()"#
        ),
        "{undeclared}"
    );

    let other_case = generate("path-parameter-other-case.yaml");
    assert!(other_case.contains("pubfnget_pet(&self,petid:i64)"), "{other_case}");
    assert!(other_case.contains(r#"["/pets/",super::runtime::encode_path("#), "{other_case}");

    let unused = generate("path-parameter-not-in-template.yaml");
    assert!(unused.contains("pubfnget_pet(&self)"), "{unused}");

    let path_level = generate("path-level-parameter-not-in-template.yaml");
    assert!(path_level.contains("pubfnget_pet(&self,id:impl"), "{path_level}");
    assert!(!path_level.contains("owner_id"), "{path_level}");

    let duplicates = generate("duplicate-operation-id.yaml");
    for method in ["pets", "pets_2", "pets_3", "pets_4"] {
        assert!(duplicates.contains(&format!("pubfn{method}(&self)")), "{method} in {duplicates}");
    }
    // Declared names stay on their operations (the id is passed to the request as its name); the
    // suffixes and the derived name skip them.
    for (method, id, path) in
        [("pets_2", "pets_2", "/pets/count"), ("get_a", "get_a", "/zoo"), ("get_a_2", "get_a_2", "/a")]
    {
        let request = duplicates.split(&format!("pubfn{method}(&self)")).nth(1).expect("method");
        let parts = request.split("fnrequest_parts").nth(1).expect("request_parts");
        assert!(parts.contains(&format!(r#""{path}"),"{id}""#)), "{method}: {parts}");
    }

    let swagger2 = generate("swagger2-parameter.yaml");
    for setter in ["pubfnlimit(mutself,value:i32)", "pubfnsort(mutself,value:super::types::ListPetsSort)"] {
        assert!(swagger2.contains(setter), "{setter} in {swagger2}");
    }
    assert!(swagger2.contains(r#"joined.join("|")"#), "{swagger2}");
    assert!(swagger2.contains(r#"request.header("X-Tenant""#), "{swagger2}");

    let nameless = generate("parameter-empty-name.yaml");
    assert!(nameless.contains("pubfnlimit("), "{nameless}");
    assert!(!nameless.contains("pubfnparam("), "{nameless}");
}

/// Odd templates and parameter names go through the repairs without a panic: each generates, or fails
/// with spec errors that carry a pointer into `paths`.
#[test]
fn odd_templates_and_names_never_panic() {
    let templates = [
        "/{",
        "/}",
        "/{}",
        "/{ }",
        "/{{}}",
        "/{a}{b}",
        "/{a",
        "/a}",
        "/{a{b}c}",
        "/{é}",
        "/{a}/{a}",
        "/{A}/{a}",
        "/x?q={q}&{",
        "/{self}/{body}",
        "/{0}",
    ];
    let names = ["", " ", "a", "A", "q", "é", "{a}", "body"];
    for template in templates {
        for name in names {
            for location in ["path", "query"] {
                let spec = format!(
                    "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {template:?}:\n    get:\n      \
                     parameters: [{{name: {name:?}, in: {location}, required: true, schema: {{type: string}}}}]\n      \
                     responses: {{'204': {{description: ok}}}}\n"
                );
                let loaded = openapi_client_gen::load::load_str(&spec, "odd.yaml").expect("loads");
                for strict in [false, true] {
                    let settings = openapi_client_gen::Settings::default().strict(strict);
                    let outcome = std::panic::catch_unwind(|| openapi_client_gen::generate(&loaded, &settings));
                    match outcome {
                        Err(_) => panic!("panicked on {template:?} with {name:?} in {location}"),
                        Ok(Ok(_)) => {}
                        Ok(Err(error)) => {
                            let diagnostics = error.diagnostics();
                            assert!(!diagnostics.is_empty(), "{template:?} {name:?}: {error}");
                            for diagnostic in diagnostics {
                                assert!(diagnostic.pointer.to_string().starts_with("#/paths/"), "{error}");
                            }
                        }
                    }
                }
            }
        }
    }
}
