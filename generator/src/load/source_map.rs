//! Where each node of the loaded document was written.
//!
//! The later stages read one OpenAPI 3 document, but a Swagger 2.0 description is converted and a
//! multi-file description is bundled before they see it. Their diagnostics name pointers into that
//! document; the source map turns each back into the file and pointer the author wrote, so that every
//! message points at something the user can open.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// Maps pointers of the loaded document to the file and pointer they were read from, by longest prefix:
/// a node below a recorded prefix keeps its remaining tokens. Pointers under no recorded prefix are
/// unchanged and belong to the spec's own file.
///
/// It is a stack of layers, one per rewriting step (bundling files, then converting Swagger 2.0); a
/// pointer is taken back through the layers in reverse order.
///
/// ```
/// use openapi_client_gen::load::load_str;
///
/// let spec = load_str("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  Pet: {type: object}\n", "pets.yaml")?;
/// let converted = openapi_client_gen::pointer::JsonPointer::component("schemas", "Pet").join("type");
/// let (file, original) = spec.source_map.origin(&converted);
/// assert_eq!((file, original.to_string().as_str()), (None, "#/definitions/Pet/type"));
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    layers: Vec<Layer>,
}

/// One rewriting step: converted prefix → where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layer {
    entries: BTreeMap<JsonPointer, Origin>,
    /// Reference prefixes the step rewrote (new → as written), so messages quote the user's `$ref`s.
    renamed: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    /// `None` for the same document the layer rewrote.
    file: Option<String>,
    pointer: JsonPointer,
}

impl Layer {
    /// Records that the node at `converted` (and everything below it) was read at `original`, in `file`
    /// or (for `None`) in the document this layer rewrote. A later record for the same prefix wins.
    pub(crate) fn record(&mut self, converted: JsonPointer, file: Option<&str>, original: JsonPointer) {
        self.entries.insert(converted, Origin { file: file.map(str::to_owned), pointer: original });
    }

    /// Records that the step rewrote references starting with `written` to start with `converted`.
    pub(crate) fn rename(&mut self, converted: &str, written: &str) {
        self.renamed.push((converted.to_owned(), written.to_owned()));
    }

    /// Whether nothing was recorded (the step left the document as it was).
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.renamed.is_empty()
    }

    fn rename_in(&self, text: &str) -> String {
        self.renamed.iter().fold(text.to_owned(), |text, (converted, written)| text.replace(converted, written))
    }

    fn origin(&self, pointer: &JsonPointer) -> (Option<&str>, JsonPointer) {
        let tokens: Vec<String> = pointer.tokens().collect();
        let mut prefix = JsonPointer::root();
        let mut prefixes = vec![prefix.clone()];
        for token in &tokens {
            prefix = prefix.join(token);
            prefixes.push(prefix.clone());
        }
        for (length, candidate) in prefixes.iter().enumerate().rev() {
            if let Some(origin) = self.entries.get(candidate) {
                let rest = tokens[length..].iter().fold(origin.pointer.clone(), |at, token| at.join(token));
                return (origin.file.as_deref(), rest);
            }
        }
        (None, pointer.clone())
    }
}

impl SourceMap {
    /// Adds a rewriting step applied after the ones already recorded.
    pub(crate) fn push(&mut self, layer: Layer) {
        if !layer.is_empty() {
            self.layers.push(layer);
        }
    }

    /// Whether the loaded document is exactly what the spec's own file holds.
    pub fn is_identity(&self) -> bool {
        self.layers.is_empty()
    }

    /// The file (`None` for the spec's own file) and pointer where the node at `pointer` of the loaded
    /// document was written.
    pub fn origin(&self, pointer: &JsonPointer) -> (Option<&str>, JsonPointer) {
        let mut pointer = pointer.clone();
        for layer in self.layers.iter().rev() {
            let (file, original) = layer.origin(&pointer);
            pointer = original;
            if let Some(file) = file {
                return (Some(file), pointer);
            }
        }
        (None, pointer)
    }

    /// The diagnostic moved to where its node was written, when it is about the loaded document (named
    /// `label`); diagnostics about other inputs (settings) are returned as they are.
    pub fn relocate(&self, diagnostic: Diagnostic, label: &str) -> Diagnostic {
        if diagnostic.file != label || self.is_identity() {
            return diagnostic;
        }
        let (file, pointer) = self.origin(&diagnostic.pointer);
        let rename = |text: &str| self.layers.iter().rev().fold(text.to_owned(), |text, layer| layer.rename_in(&text));
        Diagnostic {
            file: file.unwrap_or(label).to_owned(),
            pointer,
            message: rename(&diagnostic.message),
            hint: diagnostic.hint.as_deref().map(rename),
        }
    }

    /// [`relocate`](Self::relocate) for each of `diagnostics`.
    pub fn relocate_all(&self, diagnostics: Vec<Diagnostic>, label: &str) -> Vec<Diagnostic> {
        diagnostics.into_iter().map(|diagnostic| self.relocate(diagnostic, label)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> JsonPointer {
        JsonPointer::from_fragment(text).expect("pointer")
    }

    #[test]
    fn the_longest_prefix_wins_and_layers_compose() {
        let mut bundled = Layer::default();
        bundled.record(at("#/definitions/Pet"), Some("schemas/pet.yaml"), at("#"));
        let mut converted = Layer::default();
        converted.record(at("#/components/schemas"), None, at("#/definitions"));
        converted.record(at("#/paths/~1a/get/requestBody"), None, at("#/paths/~1a/get/parameters/1"));
        let mut map = SourceMap::default();
        map.push(bundled);
        map.push(converted);
        let (file, pointer) = map.origin(&at("#/components/schemas/Pet/properties/name"));
        assert_eq!((file, pointer.to_string()), (Some("schemas/pet.yaml"), "#/properties/name".to_owned()));
        let (file, pointer) = map.origin(&at("#/components/schemas/Owner"));
        assert_eq!((file, pointer.to_string()), (None, "#/definitions/Owner".to_owned()));
        let (file, pointer) = map.origin(&at("#/paths/~1a/get/requestBody/description"));
        assert_eq!((file, pointer.to_string()), (None, "#/paths/~1a/get/parameters/1/description".to_owned()));
        let (file, pointer) = map.origin(&at("#/info"));
        assert_eq!((file, pointer.to_string()), (None, "#/info".to_owned()));
    }

    #[test]
    fn diagnostics_about_other_inputs_stay_put() {
        let mut layer = Layer::default();
        layer.record(JsonPointer::root(), Some("other.yaml"), JsonPointer::root());
        let mut map = SourceMap::default();
        map.push(layer);
        let settings = Diagnostic::new("settings", at("#/pagination"), "x");
        assert_eq!(map.relocate(settings.clone(), "api.yaml"), settings);
        assert_eq!(map.relocate(Diagnostic::new("api.yaml", at("#/a"), "x"), "api.yaml").file, "other.yaml");
    }
}
