//! The error model shared by every stage.
//!
//! A spec problem is a [`Diagnostic`]: the file, the JSON pointer of the offending node, what is wrong
//! and, where we know it, what to do about it. Stages collect every diagnostic they find before stopping,
//! so a user fixes a spec in one pass instead of one error per run.

use std::fmt;
use std::path::PathBuf;

use crate::pointer::JsonPointer;

/// One problem found in a spec, located by file and JSON pointer.
///
/// ```
/// use openapi_client_gen::{Diagnostic, pointer::JsonPointer};
///
/// let at = JsonPointer::component("schemas", "Pet").join("required");
/// let diagnostic = Diagnostic::new("pets.yaml", at, "must be a list").with_hint("write `required: [name]`");
/// assert_eq!(diagnostic.to_string(), "pets.yaml at #/components/schemas/Pet/required: must be a list\n  help: write `required: [name]`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How the spec file is named in messages (as the user gave it).
    pub file: String,
    /// Where in the document the problem is.
    pub pointer: JsonPointer,
    /// What is wrong.
    pub message: String,
    /// What the user can do about it, when we know.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(file: &str, pointer: JsonPointer, message: impl Into<String>) -> Self {
        Diagnostic { file: file.to_owned(), pointer, message: message.into(), hint: None }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.file, self.pointer, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// Every way generation can fail.
///
/// ```
/// let error = openapi_client_gen::load::load_str("openapi: 3.0.3\ninfo: {}\n", "bad.yaml").unwrap_err();
/// assert!(!error.diagnostics().is_empty());
/// assert!(error.to_string().starts_with("error: bad.yaml at #"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The spec is malformed or uses something the generator cannot turn into code.
    #[error("{}", render_all(.0))]
    Spec(Vec<Diagnostic>),
    /// Generated code failed to parse as Rust. This is a generator bug, never a spec problem.
    #[error("internal error: generated code for {file} does not parse ({message}); please report this with the spec")]
    Internal {
        /// The output file being formatted.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// Writing the output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or directory that could not be written.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
}

impl Error {
    /// A spec error with a single diagnostic.
    pub fn spec(diagnostic: Diagnostic) -> Self {
        Error::Spec(vec![diagnostic])
    }

    /// The diagnostics of a spec error, empty for other kinds.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Spec(all) => all,
            _ => &[],
        }
    }
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str("error: ");
        out.push_str(&diagnostic.to_string());
    }
    if diagnostics.len() > 1 {
        out.push_str(&format!("\n{} errors", diagnostics.len()));
    }
    out
}
