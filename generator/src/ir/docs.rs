//! Rustdoc text from spec prose.

use openapiv3::Schema;

/// The description (or, failing that, the title) of a schema, ready for rustdoc.
pub fn of_schema(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.as_deref().or(data.title.as_deref()).and_then(clean)
}

/// A property's docs: its description, plus its default value, which the server applies when the field
/// is left out.
pub fn of_field(data: &openapiv3::SchemaData) -> Option<String> {
    let description = data.description.as_deref().or(data.title.as_deref()).and_then(clean);
    let default = data.default.as_ref().map(|value| {
        let mut text = value.to_string();
        if text.len() > 80 {
            text = format!("{}…", text.chars().take(80).collect::<String>());
        }
        format!("Default: `{}`.", text.replace('`', "'"))
    });
    match (description, default) {
        (Some(description), Some(default)) => Some(format!("{description}\n\n{default}")),
        (one, other) => one.or(other),
    }
}

/// Joins a summary and a description into one doc text.
pub fn summary_and_description(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    match (summary.and_then(clean), description.and_then(clean)) {
        (Some(summary), Some(description)) if summary != description => Some(format!("{summary}\n\n{description}")),
        (Some(text), _) | (None, Some(text)) => Some(text),
        (None, None) => None,
    }
}

/// Makes spec prose safe as rustdoc: code fences become `text` blocks, so that rustdoc does not compile
/// and run examples written in other languages as doctests.
pub fn clean(text: &str) -> Option<String> {
    // Most descriptions are already clean; they are copied once instead of being rebuilt.
    if is_clean(text) {
        return Some(text.to_owned());
    }
    // rustc rejects a bare carriage return in doc comments, and other control characters only garble
    // the rendered docs: line breaks are normalised and the rest dropped (tabs kept).
    let normalized: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let text = normalized.trim();
    if text.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let indent = &line[..line.len() - trimmed.len()];
            let fence = &trimmed[..3];
            if in_fence {
                out.push_str(&format!("{indent}{fence}"));
            } else {
                out.push_str(&format!("{indent}{fence}text"));
            }
            in_fence = !in_fence;
        } else {
            out.push_str(line.trim_end());
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    Some(out.trim_end().to_owned())
}

/// Text that [`clean`] would give back unchanged: not empty, no surrounding or trailing whitespace on any
/// line, no control characters but line breaks and tabs (no carriage returns), no code fences.
fn is_clean(text: &str) -> bool {
    !text.is_empty()
        && text.trim().len() == text.len()
        && !text.contains("```")
        && !text.contains("~~~")
        && text.chars().all(|c| !c.is_control() || c == '\n' || c == '\t')
        && text.split('\n').all(|line| line.trim_end().len() == line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_copied_as_it_is() {
        for text in ["One line.", "Two\n\nparagraphs\twith a tab.", "  indented\ncontinuation"] {
            let text = text.trim_start();
            assert!(is_clean(text), "{text:?}");
            assert_eq!(clean(text).as_deref(), Some(text));
        }
        for text in ["trailing \nspace", "a\r\nb", " lead", "```\ncode\n```", "bell\u{7}", ""] {
            assert!(!is_clean(text), "{text:?}");
        }
    }

    #[test]
    fn carriage_returns_and_control_characters_do_not_reach_rustdoc() {
        assert_eq!(clean("one\r\ntwo\rthree\u{7}\u{0}\tfour").as_deref(), Some("one\ntwo\nthree\tfour"));
    }

    #[test]
    fn fences_become_text_blocks_and_unclosed_ones_are_closed() {
        assert_eq!(clean("Example:\n```json\n{}\n```").unwrap(), "Example:\n```text\n{}\n```");
        assert_eq!(clean("```\ncode").unwrap(), "```text\ncode\n```");
    }

    #[test]
    fn blank_text_is_no_docs() {
        assert_eq!(clean("  \n "), None);
        assert_eq!(summary_and_description(Some("List"), Some("List")).unwrap(), "List");
        assert_eq!(summary_and_description(Some("List"), Some("All of them.")).unwrap(), "List\n\nAll of them.");
    }
}
