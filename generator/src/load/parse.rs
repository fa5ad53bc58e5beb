//! Text to JSON value: YAML or JSON, with locations in syntax errors.

use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// JSON is a subset of YAML, but the JSON parser is faster and reports positions precisely, so a
/// document that starts like JSON is parsed as JSON.
pub(super) fn parse_document(text: &str, label: &str) -> Result<serde_json::Value, Error> {
    let syntax_error = |message: String| {
        Error::spec(
            Diagnostic::new(label, JsonPointer::root(), message)
                .with_hint("fix the syntax error at that line and column"),
        )
    };
    if text.trim().is_empty() {
        return Err(Error::spec(Diagnostic::new(label, JsonPointer::root(), "the document is empty")));
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| syntax_error(format!("invalid JSON: {error}")))
    } else {
        serde_saphyr::from_str_with_options(text, yaml_options())
            .map_err(|error| syntax_error(format!("invalid YAML: {error}")))
    }
}

/// YAML 1.2 booleans (a property named `y`, `no` or `on` stays a string, as in JSON), and limits sized for
/// the largest real specs rather than for configuration files: deep enough for nested schemas, with
/// room for millions of nodes, still bounded against YAML bombs.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! { max_depth: 256, max_nodes: 8_000_000 },
    }
}

/// Converts a serde path (where deserialization failed) into a JSON pointer.
pub(super) fn pointer_of(path: &serde_path_to_error::Path) -> JsonPointer {
    use serde_path_to_error::Segment;
    path.iter().fold(JsonPointer::root(), |pointer, segment| match segment {
        Segment::Seq { index } => pointer.join(index),
        Segment::Map { key } => pointer.join(key),
        Segment::Enum { .. } | Segment::Unknown => pointer,
    })
}
