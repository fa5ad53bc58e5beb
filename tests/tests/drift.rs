//! The checked-in client must be exactly what the generator writes for the spec.

use tests::{CLIENT_DIR, SPEC, generate_client_from, spec_text, workspace_root};

#[test]
fn checked_in_client_matches_the_generator() {
    let generated = generate_client_from(&spec_text()).expect("the spec generates");
    let drift = generated.files.check(&workspace_root().join(CLIENT_DIR));
    if !drift.is_empty() {
        let mut report = String::new();
        for (path, diff) in &drift.changed {
            report.push_str(&format!("differs: {path}\n{diff}\n"));
        }
        for path in &drift.missing {
            report.push_str(&format!("missing: {path}\n"));
        }
        panic!(
            "{CLIENT_DIR}/ is out of date with {SPEC}:\n{report}\nregenerate with:\n  \
             cargo run -p openapi-client-gen -- generate --spec {SPEC} --out {CLIENT_DIR}"
        );
    }
}

#[test]
fn a_spec_edit_is_detected_as_drift() {
    let edited = spec_text().replace("List checkout sessions", "List every checkout session");
    let generated = generate_client_from(&edited).expect("the edited spec generates");
    let drift = generated.files.check(&workspace_root().join(CLIENT_DIR));
    // The summary is the method's doc and the comment on its example call in the README.
    let paths: Vec<&str> = drift.changed.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["README.md", "src/requests.rs"], "{drift:?}");
    assert!(drift.changed[0].1.contains("+// GET /api/v1/checkout-sessions: List every checkout session"));
    let (_, diff) = &drift.changed[1];
    assert!(
        diff.contains("-    /// List checkout sessions") && diff.contains("+    /// List every checkout session"),
        "{diff}"
    );
}

#[test]
fn generation_is_deterministic() {
    let first = generate_client_from(&spec_text()).expect("generates");
    let second = generate_client_from(&spec_text()).expect("generates");
    assert_eq!(first.files, second.files);
}

#[test]
fn every_generated_file_has_a_generated_header() {
    let generated = generate_client_from(&spec_text()).expect("generates");
    for (path, text) in &generated.files.files {
        let first_line = text.lines().next().unwrap_or_default();
        assert!(first_line.contains("@generated"), "{path} starts with {first_line:?}");
        assert!(text.lines().nth(1).unwrap_or_default().contains("openapi-client-gen generate --spec"), "{path}");
    }
}
