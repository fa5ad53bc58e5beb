//! The last loading step: the typed `openapiv3` document, made from the checked JSON either beside it
//! ([`LoadedSpec`]) or from it by move ([`TypedSpec`]).

use std::path::PathBuf;

use super::{LoadedSpec, SourceMap, lifted, locate, parse, validate};
use crate::error::{Diagnostic, Error};

/// A spec read, converted, repaired and normalised, before the typed document is made from it: made by
/// [`check_path`](super::check_path). A caller that needs something from the JSON reads it here, then
/// builds the document with [`into_typed`](Self::into_typed) without keeping the JSON.
#[derive(Clone, Debug)]
pub struct CheckedSpec {
    /// How the spec is named in messages and in the generated header (as the user gave it).
    pub label: String,
    /// The document as plain JSON, after YAML decoding, conversion and normalisation.
    pub raw: serde_json::Value,
    /// Rule breaks the loader repaired and what a conversion could not carry over.
    pub warnings: Vec<Diagnostic>,
    /// Every file the spec was read from, the spec itself first.
    pub files: Vec<PathBuf>,
    /// Where each part of `raw` was written, when the loader converted or bundled it.
    pub source_map: SourceMap,
    /// The file the spec was read from, read again to explain a document that cannot be typed.
    pub(super) path: Option<PathBuf>,
}

/// A spec's typed document without the JSON it was made from: made by [`CheckedSpec::into_typed`].
#[derive(Clone, Debug)]
pub struct TypedSpec {
    /// How the spec is named in messages and in the generated header (as the user gave it).
    pub label: String,
    /// The typed OpenAPI 3.0 document.
    pub document: openapiv3::OpenAPI,
    /// Rule breaks the loader repaired and what a conversion could not carry over.
    pub warnings: Vec<Diagnostic>,
    /// Every file the spec was read from, the spec itself first.
    pub files: Vec<PathBuf>,
    /// Where each part of the document was written, when the loader converted or bundled it.
    pub source_map: SourceMap,
}

impl CheckedSpec {
    /// Drops the spec's shared example objects (`components/examples`) before the document is typed.
    /// Generation reads examples from the JSON, before this, and never from the typed document; GitHub's
    /// are a fifth of its spec, which typing would copy and free again for nothing (7 MB at the peak).
    pub(crate) fn drop_shared_examples(&mut self) {
        if let Some(components) = self.raw.get_mut("components").and_then(serde_json::Value::as_object_mut) {
            components.shift_remove("examples");
        }
    }

    /// The typed document, built beside the JSON, which stays in [`LoadedSpec::raw`].
    pub fn into_loaded(self) -> Result<LoadedSpec, Error> {
        let CheckedSpec { label, raw, warnings, files, source_map, path: _ } = self;
        let relocate = |diagnostics: Vec<Diagnostic>| source_map.relocate_all(diagnostics, &label);
        // Tracking the path slows down every node, so it is only paid for when deserialising fails.
        let document = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&raw)
            .or_else(|_| serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw));
        let document = document.map_err(|error| {
            // serde loses the path inside flattened and untagged types; search for the failing node.
            let diagnostic = match locate::locate(&raw) {
                Some(found) => Diagnostic::new(&label, found.pointer, found.message).with_hint(found.hint),
                None => Diagnostic::new(
                    &label,
                    parse::pointer_of(error.path()),
                    format!("invalid OpenAPI document: {}", error.inner()),
                )
                .with_hint("compare this node with the OpenAPI 3.0 specification"),
            };
            Error::Spec(relocate(vec![diagnostic]))
        })?;
        let problems = validate::paths_and_status_codes(&raw, &label);
        if !problems.is_empty() {
            return Err(Error::Spec(relocate(problems)));
        }
        Ok(LoadedSpec { label, raw, document, warnings, files, source_map })
    }

    /// The typed document, built by moving the JSON's strings into it, so the two are never held side by
    /// side (for GitHub's spec, 25 MB less at the peak of a generation), with the heaviest schemas read
    /// without serde's buffering (see `lifted`). Fails exactly where
    /// [`into_loaded`](Self::into_loaded) fails, with the same diagnostics: those need the JSON, so the
    /// file of a spec that cannot be typed is read and checked again to explain why. A spec given as text
    /// has no file to read again; its document is built beside the JSON, which is then dropped.
    pub fn into_typed(self) -> Result<TypedSpec, Error> {
        let Some(path) = self.path.clone() else {
            return self.into_loaded().map(TypedSpec::from);
        };
        if !validate::paths_and_status_codes(&self.raw, &self.label).is_empty() {
            return self.into_loaded().map(TypedSpec::from);
        }
        let CheckedSpec { label, raw, warnings, files, source_map, path: _ } = self;
        match lifted::typed_document(raw) {
            Ok(document) => Ok(TypedSpec { label, document, warnings, files, source_map }),
            // Read again the plain way, which either builds the document or says where and why it cannot.
            Err(lifted::NotRestored) => super::check_path(&path)?.into_loaded().map(TypedSpec::from),
        }
    }
}

impl From<LoadedSpec> for TypedSpec {
    /// The typed document of a loaded spec, without its JSON.
    fn from(loaded: LoadedSpec) -> Self {
        let LoadedSpec { label, raw: _, document, warnings, files, source_map } = loaded;
        TypedSpec { label, document, warnings, files, source_map }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{check_path, load_path};

    fn written(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("api.yaml");
        std::fs::write(&path, text).expect("spec written");
        (dir, path)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Shelf, version: '1'}\n";

    #[test]
    fn by_move_gives_the_document_built_beside_the_json() {
        let (_dir, path) = written(&format!(
            "{HEAD}paths:\n  x-shelf-note: kept with the paths\n  /books/{{id}}:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Book'}}}}}}}}}}\ncomponents:\n  schemas:\n    Book: {{type: object, required: [title], properties: {{title: {{type: string, example: Dune}}}}}}\n"
        ));
        let loaded = load_path(&path).expect("loads");
        let typed = check_path(&path).expect("checks").into_typed().expect("typed");
        assert_eq!(typed.document, loaded.document);
        assert_eq!((typed.label, typed.files), (loaded.label, loaded.files));
    }

    #[test]
    fn a_spec_that_cannot_be_typed_fails_with_the_diagnostics_of_load_path() {
        let broken = [
            // Not an OpenAPI operation: `responses` must be a mapping.
            format!("{HEAD}paths:\n  /books:\n    get:\n      responses: 5\n"),
            // Found by the checks after deserialising.
            format!("{HEAD}paths:\n  /books:\n    get:\n      responses: {{'2000': {{description: ok}}}}\n"),
            format!("{HEAD}paths:\n  books:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"),
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Book: {{type: object, properties: 5}}\n"),
        ];
        for text in broken {
            let (_dir, path) = written(&text);
            let expected = load_path(&path).expect_err("does not load").to_string();
            assert!(expected.contains("api.yaml"), "{expected}");
            let typed = check_path(&path).expect("checks").into_typed().expect_err("is not typed");
            assert_eq!(typed.to_string(), expected);
        }
    }
}
