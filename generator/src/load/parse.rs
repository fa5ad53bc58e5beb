//! Text to JSON value: YAML or JSON, with locations in syntax errors.

use std::borrow::Cow;

use serde_saphyr::budget::BudgetBreach;

use super::compact::CompactValue;
use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// The deepest nesting the YAML reader accepts (serde_json's own limit for JSON is 128).
const MAX_YAML_DEPTH: usize = 256;
/// The most YAML nodes (mappings, lists and scalars) a document may have, aliases expanded.
const MAX_YAML_NODES: usize = 8_000_000;

/// JSON is a subset of YAML, but the JSON parser is faster and reports positions precisely, so a
/// document that starts like JSON is parsed as JSON.
pub(super) fn parse_document(text: &str, label: &str) -> Result<serde_json::Value, Error> {
    if text.trim().is_empty() {
        return Err(Error::spec(
            Diagnostic::new(label, JsonPointer::root(), "the document is empty")
                .with_hint("an OpenAPI description is a mapping that starts with `openapi: 3.0.3`, `info` and `paths`"),
        ));
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map(|CompactValue(value)| value).map_err(|error| json_error(&error, text, label))
    } else {
        serde_saphyr::from_str_with_options(text, yaml_options())
            .map(|CompactValue(value)| value)
            .map_err(|error| yaml_error(&error, label))
    }
}

/// YAML 1.2 booleans (a property named `y`, `no` or `on` stays a string, as in JSON), and limits sized for
/// the largest real specs rather than for configuration files: deep enough for nested schemas, with
/// room for millions of nodes, still bounded against YAML bombs. Every node is one or two parser events
/// (a mapping or list opens and closes), so the event limit follows from the node limit; the default of
/// one million events would reject specs of about 8 MiB.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: MAX_YAML_DEPTH,
            max_nodes: MAX_YAML_NODES,
            max_events: 2 * MAX_YAML_NODES + 16,
        },
    }
}

fn syntax_hint(message: &str) -> &'static str {
    if message.contains("tab") {
        "YAML indentation must use spaces, not tabs"
    } else if message.starts_with("duplicate key") {
        "merge the two entries into one, or rename one of them"
    } else {
        "fix the syntax error at that line and column"
    }
}

/// `invalid YAML at line L column C: what`, then the parser's excerpt of the source (for syntax errors;
/// a breached limit is about the document as a whole, so its excerpt would only distract).
fn yaml_error(error: &serde_saphyr::Error, label: &str) -> Error {
    let original = original_yaml_error(error);
    let message: String = YamlMessages.format(original).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let at = match error.location() {
        Some(location) if location.line() > 0 => format!(" at line {} column {}", location.line(), location.column()),
        _ => String::new(),
    };
    let diagnostic = match original {
        serde_saphyr::Error::Budget { breach, .. } => {
            Diagnostic::new(label, JsonPointer::root(), format!("invalid YAML{at}: {message}"))
                .with_hint(budget_hint(breach))
        }
        _ => {
            let rendered = error.render_with_options(serde_saphyr::render_options! {
                formatter: &YamlMessages,
                source_name: Some(label),
            });
            // The first line repeats the message; the rest is the excerpt with a caret. On a cut long line
            // the excerpt's `-->` column counts from the cut, so it is replaced by the real position.
            let mut excerpt = String::new();
            for line in rendered.lines().skip(1) {
                excerpt.push('\n');
                match (line.trim_start().strip_prefix("--> "), error.location()) {
                    (Some(_), Some(location)) => {
                        let indent = &line[..line.len() - line.trim_start().len()];
                        excerpt.push_str(&format!("{indent}--> {label}:{}:{}", location.line(), location.column()));
                    }
                    _ => excerpt.push_str(line),
                }
            }
            let (message, hint) = match message.as_str() {
                "recursion limit exceeded" => (
                    "nested more than 255 levels deep in `[...]` or `{...}`".to_owned(),
                    "no real OpenAPI description nests this deep; check how the file was produced",
                ),
                _ => (message.clone(), syntax_hint(&message)),
            };
            Diagnostic::new(label, JsonPointer::root(), format!("invalid YAML{at}: {message}{}", excerpt.trim_end()))
                .with_hint(hint)
        }
    };
    Error::spec(diagnostic)
}

fn original_yaml_error(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// The parser's user-facing wording, except where it speaks to the programmer (`set DuplicateKeyPolicy`)
/// or prints a limit as `Depth { depth: 257 }`.
struct YamlMessages;

impl YamlMessages {
    fn format<'a>(&self, error: &'a serde_saphyr::Error) -> Cow<'a, str> {
        use serde_saphyr::MessageFormatter;
        self.format_message(error)
    }
}

impl serde_saphyr::MessageFormatter for YamlMessages {
    fn format_message<'a>(&self, error: &'a serde_saphyr::Error) -> Cow<'a, str> {
        match error {
            serde_saphyr::Error::Budget { breach, .. } => Cow::Owned(budget_message(breach)),
            serde_saphyr::Error::DuplicateMappingKey { key: Some(key), .. } => {
                Cow::Owned(format!("duplicate key `{key}` (a mapping holds each key once)"))
            }
            serde_saphyr::Error::DuplicateMappingKey { key: None, .. } => {
                Cow::Borrowed("duplicate key (a mapping holds each key once)")
            }
            other => serde_saphyr::UserMessageFormatter.format_message(other),
        }
    }
}

fn budget_message(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Depth { .. } => format!("nested more than {MAX_YAML_DEPTH} levels deep"),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            format!("more than {MAX_YAML_NODES} values (counting every use of an alias)")
        }
        BudgetBreach::Aliases { aliases } => format!("too many aliases (`*name`): {aliases}"),
        BudgetBreach::Anchors { anchors } => format!("too many anchors (`&name`): {anchors}"),
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => {
            format!("{aliases} aliases for {anchors} anchors, which is how YAML bombs expand")
        }
        BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::RecordedAnchorBytes { .. } => {
            "the aliases (`*name`) expand to more than the reader allows".to_owned()
        }
        BudgetBreach::ScalarBytes { .. } => "more than 64 MiB of text (counting every use of an alias)".to_owned(),
        BudgetBreach::Documents { .. } => "too many YAML documents (`---`) in one file".to_owned(),
        BudgetBreach::SequenceUnbalanced => "a list or mapping closes that was never opened".to_owned(),
        _ => "the document exceeds the YAML reader's limits".to_owned(),
    }
}

fn budget_hint(breach: &BudgetBreach) -> &'static str {
    match breach {
        BudgetBreach::Depth { .. } => "no real OpenAPI description nests this deep; check how the file was produced",
        BudgetBreach::SequenceUnbalanced => "fix the brackets or indentation",
        _ => "the limits guard against YAML bombs; expand the aliases or check how the file was produced",
    }
}

/// `invalid JSON at line L column C: what`, then the line with a caret under the column.
fn json_error(error: &serde_json::Error, text: &str, label: &str) -> Error {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let what = full.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&full);
    let (what, hint) = if what == "recursion limit exceeded" {
        (
            "nested more than 128 levels deep".to_owned(),
            "no real OpenAPI description nests this deep; check how the file was produced",
        )
    } else if let Some(inside) = what.strip_prefix("EOF while parsing ") {
        (format!("the file ends inside {inside}"), "close every `{`, `[` and `\"` that is opened")
    } else {
        (what.to_owned(), "fix the syntax error at that line and column")
    };
    let excerpt = excerpt(text, line, column, label);
    Error::spec(
        Diagnostic::new(
            label,
            JsonPointer::root(),
            format!("invalid JSON at line {line} column {column}: {what}{excerpt}"),
        )
        .with_hint(hint),
    )
}

/// The source line with a caret under `column` (1-based, in bytes), cut to a window around it so a
/// minified file does not print megabytes; empty when the position is unknown.
fn excerpt(text: &str, line: usize, column: usize, label: &str) -> String {
    const RADIUS: usize = 60;
    let Some(source) = line.checked_sub(1).and_then(|index| text.lines().nth(index)) else { return String::new() };
    let mut caret = column.saturating_sub(1).min(source.len());
    while !source.is_char_boundary(caret) {
        caret -= 1;
    }
    let mut start = caret.saturating_sub(RADIUS);
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (caret + RADIUS).min(source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    let (before, after) = (if start > 0 { "…" } else { "" }, if end < source.len() { "…" } else { "" });
    let shown = format!("{before}{}{after}", &source[start..end]);
    let offset = before.chars().count() + source[start..caret].chars().count();
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    format!("\n{gutter}--> {label}:{line}:{column}\n{gutter} |\n{number} | {shown}\n{gutter} | {}^", " ".repeat(offset))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse_document(text, "spec.yaml").unwrap_err().to_string()
    }

    #[test]
    fn json_errors_show_the_line_with_a_caret() {
        assert_eq!(
            message("{\"openapi\": \"3.0.3\",\n \"info\": }"),
            concat!(
                "error: spec.yaml at #: invalid JSON at line 2 column 10: expected value\n",
                " --> spec.yaml:2:10\n",
                "  |\n",
                "2 |  \"info\": }\n",
                "  |          ^\n",
                "  help: fix the syntax error at that line and column",
            )
        );
    }

    #[test]
    fn long_json_lines_are_cut_around_the_error() {
        let text = format!("{{\"a\": \"{}\", \"b\": ]}}", "é".repeat(200));
        let shown = message(&text);
        let excerpt = shown.lines().nth(3).expect("excerpt line");
        assert!(excerpt.starts_with("1 | …") && excerpt.ends_with("]}"), "{shown}");
        assert!(excerpt.chars().count() < 80, "{shown}");
    }

    #[test]
    fn yaml_limits_are_described_in_words() {
        let deep = format!("a: {}1{}", "[".repeat(300), "]".repeat(300));
        let shown = message(&deep);
        assert!(shown.contains("nested more than 255 levels deep"), "{shown}");
        assert!(!shown.contains("Depth {"), "{shown}");
    }

    #[test]
    fn a_yaml_spec_with_more_than_a_million_events_is_read() {
        let mut text = String::from("openapi: 3.0.3\nx-list:\n");
        for index in 0..350_000 {
            text.push_str(&format!("  - [{index}]\n"));
        }
        assert!(parse_document(&text, "big.yaml").is_ok());
    }
}
