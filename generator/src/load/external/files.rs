//! The files of a multi-file description: where a relative reference leads, reading and parsing each file
//! once, and the line a failing `$ref` is on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::super::{MAX_SPEC_BYTES, parse};
use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// One file of the description.
pub(super) struct File {
    /// How it is named in messages: the root's label with the relative path applied.
    pub(super) label: String,
    /// The path to read it from (relative to the working directory when the root's was).
    pub(super) path: PathBuf,
    /// Its text, for the lines of messages.
    pub(super) text: String,
    /// Its content as JSON.
    pub(super) value: Value,
}

/// Every file read, in the order first read; the root is number 0.
#[derive(Default)]
pub(super) struct Files {
    pub(super) files: Vec<File>,
    by_identity: HashMap<PathBuf, usize>,
}

/// Why a referenced file could not be used.
pub(super) enum ReadError {
    /// It does not exist or cannot be read.
    Unreadable(String),
    /// It is not YAML or JSON: why, and the parser's errors (which name the file and line).
    NotYamlOrJson(String, Vec<Diagnostic>),
}

impl Files {
    /// Registers the root document, already parsed.
    pub(super) fn with_root(label: &str, path: Option<&Path>, text: String, value: Value) -> Self {
        let mut files = Files::default();
        if let Some(path) = path {
            files.by_identity.insert(identity(path), 0);
        }
        let path = path.map(Path::to_owned).unwrap_or_default();
        files.files.push(File { label: label.to_owned(), path, text, value });
        files
    }

    /// The file `relative` names, as seen from file `from`: read and parsed on first use. The same file
    /// reached by two relative paths is one file.
    pub(super) fn open(&mut self, from: usize, relative: &str) -> Result<usize, ReadError> {
        let base = &self.files[from];
        let relative = percent_decode(relative);
        let path = normalize(&base.path.parent().unwrap_or(Path::new("")).join(&relative));
        let key = identity(&path);
        if let Some(&index) = self.by_identity.get(&key) {
            return Ok(index);
        }
        let label = crate::display_path(
            &normalize(&Path::new(&base.label).parent().unwrap_or(Path::new("")).join(&relative)).to_string_lossy(),
        );
        let size = std::fs::metadata(&path)
            .map_err(|error| ReadError::Unreadable(format!("cannot read `{label}`: {}", reason(&error))))?
            .len();
        if size > MAX_SPEC_BYTES {
            return Err(ReadError::Unreadable(format!("`{label}` is larger than {} MiB", MAX_SPEC_BYTES >> 20)));
        }
        let bytes = std::fs::read(&path)
            .map_err(|error| ReadError::Unreadable(format!("cannot read `{label}`: {}", reason(&error))))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ReadError::NotYamlOrJson(format!("`{label}` is not UTF-8 text"), Vec::new()))?;
        let value = parse::parse_document(&text, &label).map_err(|error| {
            ReadError::NotYamlOrJson(format!("`{label}` does not parse"), error.diagnostics().to_vec())
        })?;
        if !matches!(value, Value::Object(_) | Value::Array(_)) {
            return Err(ReadError::NotYamlOrJson(format!("`{label}` holds a single value, not a mapping"), Vec::new()));
        }
        let index = self.files.len();
        self.files.push(File { label, path, text, value });
        self.by_identity.insert(key, index);
        Ok(index)
    }
}

fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => error.to_string(),
    }
}

/// The file's identity: its canonical path when it exists, so `a/../b.yaml` and `b.yaml` are one file.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// `a/./b/../c` as `a/c`, keeping leading `..` (references may leave the spec's folder).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// Whether a reference names a URL (`https://...`, `file:...`) rather than a relative path.
pub(super) fn is_url(reference: &str) -> bool {
    let before_fragment = reference.split('#').next().unwrap_or_default();
    match before_fragment.split_once(':') {
        // `C:` is a Windows drive, not a scheme.
        Some((scheme, _)) => {
            scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => before_fragment.starts_with("//"),
    }
}

/// The value a fragment (`/components/schemas/Pet`, or empty for the whole file) points at.
pub(super) fn fragment<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    value.pointer(pointer).or_else(|| value.pointer(&percent_decode(pointer)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match text.get(index + 1..index + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
            Some(decoded) if bytes[index] == b'%' => {
                out.push(decoded);
                index += 3;
            }
            _ => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The line of the `$ref` at `at` in `file`: the n-th line that holds this reference, where n counts the
/// same reference earlier in the document. `None` when the text does not show it plainly.
pub(super) fn line_of(file: &File, at: &JsonPointer, reference: &str) -> Option<usize> {
    let mut same = Vec::new();
    references_to(&file.value, reference, &JsonPointer::root(), &mut same);
    let occurrence = same.iter().position(|pointer| pointer == at)?;
    file.text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains("$ref") && line.contains(reference))
        .nth(occurrence)
        .map(|(index, _)| index + 1)
}

fn references_to(value: &Value, reference: &str, at: &JsonPointer, found: &mut Vec<JsonPointer>) {
    match value {
        Value::Object(object) => {
            if object.get("$ref").and_then(Value::as_str) == Some(reference) {
                found.push(at.clone());
            }
            for (key, child) in object {
                references_to(child, reference, &at.join(key), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                references_to(item, reference, &at.join(index), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        for url in ["https://example.com/a.yaml", "http://x/y#/z", "file:///tmp/a.yaml", "//host/a.yaml"] {
            assert!(is_url(url), "{url}");
        }
        for path in ["a.yaml", "./a.yaml#/B", "../common/x.json", "C:/spec/a.yaml", "dir/a:b.yaml"] {
            assert!(!is_url(path), "{path}");
        }
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(normalize(Path::new("spec/./schemas/../common/x.yaml")), Path::new("spec/common/x.yaml"));
        assert_eq!(normalize(Path::new("../common/x.yaml")), Path::new("../common/x.yaml"));
        assert_eq!(normalize(Path::new("a/../../x.yaml")), Path::new("../x.yaml"));
    }
}
