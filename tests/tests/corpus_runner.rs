//! The corpus runner's own tests (Python's `unittest`, in `tests/corpus/test_conformance.py`), run here
//! so that `cargo test --workspace` covers how conformance failures are told apart from Prism's and the
//! spec's.

use std::process::Command;

use tests::workspace_root;

#[test]
fn the_conformance_classifier_passes_its_unit_tests() {
    let corpus = workspace_root().join("tests/corpus");
    let output = Command::new("python3")
        .args(["-m", "unittest", "discover", "-s"])
        .arg(&corpus)
        .current_dir(&corpus)
        // Bytecode caches would be written into the source tree.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 runs (the corpus runner is Python; CI images carry it)");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the runner's unit tests failed:\n{report}");
    // unittest exits 0 on an empty discovery in older Pythons: the tests must have run.
    let ran = report.lines().find_map(|line| line.strip_prefix("Ran ")?.split(' ').next()?.parse::<usize>().ok());
    assert!(ran.is_some_and(|count| count >= 18), "expected the runner's tests to run:\n{report}");
}
