//! Stage 5: the generated files in memory, written to disk or compared with what is there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::error::Error;

/// The generated crate: relative path → file contents, in sorted order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedFiles {
    /// Contents by relative path (with `/` separators).
    pub files: BTreeMap<String, String>,
}

/// How a directory differs from the generated files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose contents differ, with a unified diff (from disk to generated).
    pub changed: Vec<(String, String)>,
    /// Generated files missing on disk.
    pub missing: Vec<String>,
}

impl Drift {
    /// Whether the directory matches.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty()
    }
}

impl GeneratedFiles {
    /// Writes every file under `dir`, skipping files whose bytes are already the same (so builds that
    /// watch these files do not rerun). Returns the paths written.
    ///
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// let mut files = openapi_client_gen::GeneratedFiles::default();
    /// files.files.insert("src/lib.rs".to_owned(), "pub struct Pet;\n".to_owned());
    /// assert_eq!(files.write(dir.path())?.len(), 1);
    /// assert!(files.write(dir.path())?.is_empty(), "unchanged files are not rewritten");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut written = Vec::new();
        for (relative, contents) in &self.files {
            let path = dir.join(relative);
            if std::fs::read(&path).is_ok_and(|existing| existing == contents.as_bytes()) {
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_owned(), source })?;
            }
            std::fs::write(&path, contents).map_err(|source| Error::Write { path: path.clone(), source })?;
            written.push(path);
        }
        Ok(written)
    }

    /// Compares with the files under `dir`. Files on disk that are not generated (tests, examples) are
    /// left out of the comparison.
    ///
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// let mut files = openapi_client_gen::GeneratedFiles::default();
    /// files.files.insert("src/lib.rs".to_owned(), "pub struct Pet;\n".to_owned());
    /// assert_eq!(files.check(dir.path()).missing, ["src/lib.rs"]);
    /// files.write(dir.path())?;
    /// assert!(files.check(dir.path()).is_empty());
    /// std::fs::write(dir.path().join("src/lib.rs"), "pub struct Cat;\n")?;
    /// let drift = files.check(dir.path());
    /// assert!(drift.changed[0].1.contains("+pub struct Pet;"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, dir: &Path) -> Drift {
        let mut drift = Drift::default();
        for (relative, expected) in &self.files {
            match std::fs::read_to_string(dir.join(relative)) {
                Ok(actual) if actual == *expected => {}
                Ok(actual) => drift.changed.push((relative.clone(), unified_diff(relative, &actual, expected))),
                Err(_) => drift.missing.push(relative.clone()),
            }
        }
        drift
    }
}

/// A short unified diff (three lines of context, at most 60 lines shown).
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    const MAX_LINES: usize = 60;
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (on disk)"), &format!("{name} (generated)"))
        .to_string();
    let total = text.lines().count();
    let mut shown: String = text.lines().take(MAX_LINES).map(|line| format!("{line}\n")).collect();
    if total > MAX_LINES {
        shown.push_str(&format!("… {} more diff lines\n", total - MAX_LINES));
    }
    shown
}
