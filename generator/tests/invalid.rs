//! Malformed specs: every file in `tests/fixtures/invalid/` is rejected with exit code 2 and a message that
//! says where and why (an insta snapshot of stderr per file), never with a panic and never by writing
//! anything. Specs too big to check in (10,000 levels of nesting, 100 MiB) are written at run time.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_openapi-client-gen");

/// A malformed spec is rejected in well under a second; this only turns a hang into a failure.
const TIMEOUT: Duration = Duration::from_secs(120);

const FIXTURES: &str = "tests/fixtures/invalid";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

/// Runs `generate --spec SPEC --out DIR` in `dir` and checks it fails cleanly: exit code 2, no panic,
/// nothing written. Returns stderr, or what went wrong.
fn rejection(dir: &Path, spec: &str) -> Result<String, String> {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("out");
    let (stdout_path, stderr_path) = (scratch.path().join("stdout"), scratch.path().join("stderr"));
    let mut child = Command::new(BIN)
        .args(["generate", "--spec", spec, "--out"])
        .arg(&out)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).expect("stdout file"))
        .stderr(File::create(&stderr_path).expect("stderr file"))
        .spawn()
        .expect("runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{spec}: still running after {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = std::fs::read_to_string(&stdout_path).expect("stdout");
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).expect("stderr")).into_owned();
    if status.code() != Some(2) {
        return Err(format!("{spec}: expected exit code 2, got {status}\nstdout:\n{stdout}\nstderr:\n{stderr}"));
    }
    if stderr.contains("panicked") {
        return Err(format!("{spec}: panicked\n{stderr}"));
    }
    if out.exists() {
        return Err(format!("{spec}: wrote {} although it failed", out.display()));
    }
    Ok(stderr)
}

/// Snapshots the message, reporting a mismatch as an error instead of stopping at the first one.
fn snapshot(name: &str, input_file: Option<&Path>, stderr: &str) -> Result<(), String> {
    let mut settings = insta::Settings::clone_current();
    if let Some(input_file) = input_file {
        settings.set_input_file(input_file);
    }
    settings
        .bind(|| std::panic::catch_unwind(|| insta::assert_snapshot!(name, stderr)))
        .map_err(|_| format!("{name}: the message differs from its snapshot (see above)"))
}

fn fail_on(problems: &[String]) {
    assert!(problems.is_empty(), "{} problem(s):\n\n{}", problems.len(), problems.join("\n\n"));
}

#[test]
fn every_invalid_fixture_is_rejected_with_its_snapshot_message() {
    let root = workspace();
    let mut files: Vec<String> = std::fs::read_dir(root.join(FIXTURES))
        .expect("tests/fixtures/invalid exists")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| [".yaml", ".yml", ".json"].iter().any(|extension| name.ends_with(extension)))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} fixtures in {FIXTURES}", files.len());

    let mut stems = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        let stem = Path::new(file).file_stem().expect("stem").to_string_lossy().into_owned();
        assert!(stems.insert(stem.clone()), "two fixtures share the snapshot name `{stem}`");
        let spec = format!("{FIXTURES}/{file}");
        let outcome = rejection(&root, &spec).and_then(|stderr| snapshot(&stem, Some(&root.join(&spec)), &stderr));
        if let Err(problem) = outcome {
            problems.push(problem);
        }
    }
    fail_on(&problems);
}

/// Writes `head`, `body` repeated `depth` times, `middle`, `tail` repeated `depth` times and `end`, so
/// the nesting never has to be held as one string.
fn write_nested(path: &Path, head: &str, body: &str, middle: &str, tail: &str, end: &str, depth: usize) {
    let mut file = BufWriter::new(File::create(path).expect("create"));
    file.write_all(head.as_bytes()).expect("write");
    (0..depth).for_each(|_| file.write_all(body.as_bytes()).expect("write"));
    file.write_all(middle.as_bytes()).expect("write");
    (0..depth).for_each(|_| file.write_all(tail.as_bytes()).expect("write"));
    file.write_all(end.as_bytes()).expect("write");
    file.flush().expect("flush");
}

const DEPTH: usize = 10_000;

#[test]
fn a_schema_nested_10000_levels_deep_is_rejected() {
    // Run inside the temp dir with a relative name, so the snapshot holds no temp path.
    let dir = tempfile::tempdir().expect("temp dir");
    write_nested(
        &dir.path().join("deep-schema.yaml"),
        "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep: ",
        "{type: array, items: ",
        "{type: string}",
        "}",
        "\n",
        DEPTH,
    );
    write_nested(
        &dir.path().join("deep-schema.json"),
        r#"{"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"}, "paths": {}, "components": {"schemas": {"Deep": "#,
        r#"{"type": "array", "items": "#,
        r#"{"type": "string"}"#,
        "}",
        "}}}\n",
        DEPTH,
    );
    let mut problems = Vec::new();
    for (spec, name) in [
        ("deep-schema.yaml", "generated-deep-schema-10000-yaml"),
        ("deep-schema.json", "generated-deep-schema-10000-json"),
    ] {
        if let Err(problem) = rejection(dir.path(), spec).and_then(|stderr| snapshot(name, None, &stderr)) {
            problems.push(problem);
        }
    }
    fail_on(&problems);
}

#[test]
fn a_100_mib_spec_is_rejected_by_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let size = 100 << 20;
    {
        // Valid YAML all the way (a long list under an extension), written in chunks.
        let mut file = BufWriter::new(File::create(dir.path().join("huge.yaml")).expect("create"));
        let head = "openapi: 3.0.3\ninfo: {title: Huge, version: '1'}\npaths: {}\nx-padding:\n";
        file.write_all(head.as_bytes()).expect("write");
        let line = format!("  - {}\n", "x".repeat(60));
        let mut written = head.len();
        while written < size {
            file.write_all(line.as_bytes()).expect("write");
            written += line.len();
        }
        file.flush().expect("flush");
    }
    let stderr = rejection(dir.path(), "huge.yaml").unwrap_or_else(|problem| panic!("{problem}"));
    insta::assert_snapshot!("generated-huge-100-mib", stderr);
}
