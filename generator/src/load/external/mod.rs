//! Descriptions split over several files: every `$ref` to another local file is resolved into the one
//! document the later stages read, and path-item `$ref`s inside one document are copied into place.
//!
//! A referenced map (`components/schemas: {$ref: ./schemas/_index.yaml}`) or path item is copied where
//! the reference is; any other referenced component is added to the document's components under its
//! own name (its component name, or the file's stem for a whole file) and referenced locally. The same
//! target reached by several relative paths is added once. What was copied from where is recorded in a
//! source-map [`Layer`], so messages name the file and pointer the user wrote.

mod files;
mod position;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use self::files::{Files, ReadError};
use self::position::{Position, Section};
use super::source_map::Layer;
use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// A chain of references that lead only to references is a cycle past this length.
const MAX_CHAIN: usize = 64;

/// The bundled document, where its parts came from, and every file read (the root first).
pub(super) struct Bundle {
    pub(super) document: Value,
    pub(super) layer: Layer,
    pub(super) files: Vec<PathBuf>,
}

/// Resolves the references to other files of the document at `path` (`None` when it was given as text:
/// then a reference to a file is an error), and the path-item references within it.
pub(super) fn bundle(document: Value, text: &str, label: &str, path: Option<&Path>) -> Result<Bundle, Error> {
    let swagger = document.get("swagger").is_some();
    let mut bundler = Bundler {
        files: Files::with_root(label, path, text.to_owned(), document),
        from_text: path.is_none(),
        swagger,
        placed: HashMap::new(),
        taken: BTreeMap::new(),
        added: Vec::new(),
        foreign: BTreeMap::new(),
        copying: Vec::new(),
        layer: Layer::default(),
        errors: Vec::new(),
        parse_errors: Vec::new(),
    };
    // The root file stays as written, for local targets and the lines of messages; this copy is bundled.
    let mut document = bundler.files.files[0].value.clone();
    bundler.claim_components(&mut document);
    bundler.walk(&mut document, 0, &JsonPointer::root(), &JsonPointer::root());
    if !bundler.errors.is_empty() {
        let mut errors = bundler.errors;
        errors.extend(bundler.parse_errors);
        return Err(Error::Spec(errors));
    }
    for (pointer, value) in std::mem::take(&mut bundler.added) {
        insert_at(&mut document, &pointer, value);
    }
    let files = bundler
        .files
        .files
        .iter()
        .filter(|file| !file.path.as_os_str().is_empty())
        .map(|file| file.path.clone())
        .collect();
    Ok(Bundle { document, layer: bundler.layer, files })
}

/// A target of a reference: a file and a pointer into it.
type Target = (usize, String);

struct Bundler {
    files: Files,
    /// The root was given as text, so there is no folder to resolve file references against.
    from_text: bool,
    swagger: bool,
    /// Targets already in the document, by the local reference that names them there.
    placed: HashMap<Target, String>,
    /// Component names in use, by section.
    taken: BTreeMap<Section, BTreeSet<String>>,
    /// Components added from other files: where they go, and their content.
    added: Vec<(JsonPointer, Value)>,
    /// Parts of the root document copied from elsewhere: their pointer → (file, pointer there).
    foreign: BTreeMap<JsonPointer, (usize, JsonPointer)>,
    /// The targets being copied, to report a copy that contains itself.
    copying: Vec<Target>,
    layer: Layer,
    errors: Vec<Diagnostic>,
    /// Syntax errors of referenced files, reported after the `$ref`s that led to them.
    parse_errors: Vec<Diagnostic>,
}

impl Bundler {
    /// Before anything else, the component maps are brought in and every named component that is a
    /// reference to another file claims that target, so its other uses refer to it by that name.
    fn claim_components(&mut self, document: &mut Value) {
        let sections: Vec<(JsonPointer, Section)> = if self.swagger {
            [Section::Schemas, Section::Parameters, Section::Responses]
                .into_iter()
                .filter_map(|section| Some((JsonPointer::root().join(section.swagger_key()?), section)))
                .collect()
        } else {
            let Some(Value::Object(components)) = document.get("components") else { return };
            components
                .keys()
                .filter_map(|key| {
                    let section = position::position(&JsonPointer::component(key, "x"), false);
                    match section {
                        Position::Entry(section) => Some((JsonPointer::root().join("components").join(key), section)),
                        _ => None,
                    }
                })
                .collect()
        };
        for (at, section) in sections {
            let Some(map) = pointer_mut(document, &at) else { continue };
            let (file, source) = match reference_of(map) {
                Some(reference) => {
                    let reference = reference.to_owned();
                    let Some((target, content)) = self.follow(0, &at, &reference) else { continue };
                    *map = content;
                    self.record_copy(&at, &target);
                    (target.0, JsonPointer::from_fragment(&format!("#{}", target.1)).unwrap_or_default())
                }
                None => (0, at.clone()),
            };
            let Value::Object(entries) = map else { continue };
            let names: Vec<String> = entries.keys().cloned().collect();
            self.taken.entry(section).or_default().extend(names.iter().cloned());
            let mut claims = Vec::new();
            for (name, entry) in entries.iter() {
                let local = local_reference(section, self.swagger, name);
                if file != 0 {
                    claims.push(((file, source.join(name).to_string()[1..].to_owned()), local.clone()));
                }
                if let Some(reference) = reference_of(entry)
                    && (file != 0 || !reference.starts_with('#'))
                    && let Some(target) = self.quiet_target(file, reference)
                {
                    claims.push((target, local));
                }
            }
            for (target, local) in claims {
                self.placed.entry(target).or_insert(local);
            }
        }
    }

    /// Walks `value` (at `out` in the bundled document, read from file `file` at `source`), resolving the
    /// references that need it.
    fn walk(&mut self, value: &mut Value, file: usize, source: &JsonPointer, out: &JsonPointer) {
        let (file, source) = match self.foreign.get(out) {
            Some((file, source)) => (*file, source.clone()),
            None => (file, source.clone()),
        };
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let reference = reference.clone();
                    if let Some(replacement) = self.reference(object, file, &source, out, &reference) {
                        *value = replacement;
                        return;
                    }
                }
                // Values (examples, defaults, extensions) are data, whatever keys they hold; `default` is
                // also the catch-all response.
                let in_responses = out.tokens().last().is_some_and(|token| token == "responses");
                for (key, child) in object.iter_mut() {
                    let data =
                        matches!(key.as_str(), "example" | "enum" | "const") || (key == "default" && !in_responses);
                    if key == "$ref" || key.starts_with("x-") || data {
                        continue;
                    }
                    self.walk(child, file, &source.join(key), &out.join(key));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, &source.join(index), &out.join(index));
                }
            }
            _ => {}
        }
    }

    /// Handles the `$ref` of `object`; returns the value that replaces the whole object when its target
    /// is copied in place.
    fn reference(
        &mut self,
        object: &mut Map<String, Value>,
        file: usize,
        source: &JsonPointer,
        out: &JsonPointer,
        reference: &str,
    ) -> Option<Value> {
        let local = reference.starts_with('#');
        let position = position::position(out, self.swagger);
        // References within the root document are the later stages' business, except path items, which
        // the OpenAPI 3 model cannot follow.
        if file == 0 && local && position != Position::PathItem {
            return None;
        }
        match position {
            Position::Container | Position::PathItem | Position::Entry(_) => {
                let (target, mut content) = self.follow(file, source, reference)?;
                // A component defined as another that already has its name is an alias of it, not a copy.
                if let Position::Entry(section) = position
                    && let Some(local) = self.placed.get(&target)
                    && *local != local_reference(section, self.swagger, &out.tokens().last().unwrap_or_default())
                {
                    let mut alias = Map::new();
                    alias.insert("$ref".to_owned(), Value::String(local.clone()));
                    return Some(Value::Object(alias));
                }
                if self.copying.contains(&target) {
                    self.error(
                        file,
                        source,
                        reference,
                        "the reference is part of what it refers to, so copying it never ends".to_owned(),
                        "refer to a component instead of copying the enclosing part",
                    );
                    return None;
                }
                // Fields beside the `$ref` (a path item's `summary`) win over the target's.
                if let Value::Object(fields) = &mut content {
                    for (key, value) in object.iter().filter(|(key, _)| *key != "$ref") {
                        fields.insert(key.clone(), value.clone());
                    }
                }
                self.copying.push(target.clone());
                let target_at = JsonPointer::from_fragment(&format!("#{}", target.1)).unwrap_or_default();
                self.walk(&mut content, target.0, &target_at, out);
                self.copying.pop();
                self.record_copy(out, &target);
                Some(content)
            }
            Position::Use(section) => {
                let local = self.place(file, source, reference, section)?;
                object.insert("$ref".to_owned(), Value::String(local));
                None
            }
        }
    }

    /// The local reference for the target of `reference` used as a `section` component: the name it
    /// already has, or a new component copied from its file.
    fn place(&mut self, file: usize, source: &JsonPointer, reference: &str, section: Section) -> Option<String> {
        let (target, content) = self.follow(file, source, reference)?;
        if let Some(local) = self.placed.get(&target) {
            return Some(local.clone());
        }
        if target.0 == 0 {
            return Some(format!("#{}", target.1));
        }
        let name = self.unique_name(section, &target);
        let Some(at) = section.pointer(self.swagger, &name) else {
            self.error(
                file,
                source,
                reference,
                format!("Swagger 2.0 has no place for a shared {} component", section.openapi_key()),
                "write it in place instead of referring to another file",
            );
            return None;
        };
        let local = format!("{at}");
        self.placed.insert(target.clone(), local.clone());
        let mut content = content;
        let target_at = JsonPointer::from_fragment(&format!("#{}", target.1)).unwrap_or_default();
        self.walk(&mut content, target.0, &target_at, &at);
        self.record_copy(&at, &target);
        self.added.push((at, content));
        Some(local)
    }

    /// The target's own name (its last pointer token, or the file's stem), made unique in its section.
    fn unique_name(&mut self, section: Section, target: &Target) -> String {
        let base = match target.1.rsplit('/').next().filter(|token| !token.is_empty()) {
            Some(token) => token.replace("~1", "/").replace("~0", "~"),
            None => {
                let label = &self.files.files[target.0].label;
                let stem = Path::new(label).file_stem().map(|stem| stem.to_string_lossy().into_owned());
                stem.unwrap_or_else(|| "Component".to_owned())
            }
        };
        let taken = self.taken.entry(section).or_default();
        let mut name = base.clone();
        let mut suffix = 2;
        while taken.contains(&name) {
            name = format!("{base}{suffix}");
            suffix += 1;
        }
        taken.insert(name.clone());
        name
    }

    /// Follows `reference` (written in `file` at `source`) through any references that only lead to
    /// others, to its definition: the target and a copy of its content. Reports and returns `None` when
    /// it cannot.
    fn follow(&mut self, file: usize, source: &JsonPointer, reference: &str) -> Option<(Target, Value)> {
        let mut seen: Vec<Target> = Vec::new();
        let (mut from, mut written) = (file, reference.to_owned());
        for _ in 0..MAX_CHAIN {
            let target = match self.target(from, &written) {
                Ok(target) => target,
                Err((message, hint)) => {
                    self.error(file, source, reference, message, &hint);
                    return None;
                }
            };
            if seen.contains(&target) {
                let chain: Vec<String> = seen
                    .iter()
                    .chain([&target])
                    .map(|(file, pointer)| {
                        let label = &self.files.files[*file].label;
                        if pointer.is_empty() { format!("`{label}`") } else { format!("`{label}#{pointer}`") }
                    })
                    .collect();
                self.error(
                    file,
                    source,
                    reference,
                    format!("`$ref` cycle with no definition in it: {}", chain.join(" → ")),
                    "make one of these refer to a real definition instead of another `$ref`",
                );
                return None;
            }
            let content = files::fragment(&self.files.files[target.0].value, &target.1).cloned();
            let Some(content) = content else {
                let label = self.files.files[target.0].label.clone();
                self.error(
                    file,
                    source,
                    reference,
                    format!("`{label}` has nothing at `#{}`", target.1),
                    "fix the part after `#`, a JSON pointer such as `#/components/schemas/Pet`",
                );
                return None;
            };
            match reference_of(&content) {
                // Only a reference: its own target is the definition, resolved from its file.
                Some(next) if content.as_object().is_some_and(|object| object.len() == 1) => {
                    if target.0 == 0 && next.starts_with('#') {
                        return Some((target, content));
                    }
                    seen.push(target.clone());
                    from = target.0;
                    written = next.to_owned();
                }
                _ => return Some((target, content)),
            }
        }
        self.error(
            file,
            source,
            reference,
            format!("`$ref` chain longer than {MAX_CHAIN} references"),
            "refer to the definition directly",
        );
        None
    }

    /// Like [`follow`](Self::follow) but silent, for claiming names before the walk reports problems.
    fn quiet_target(&mut self, file: usize, reference: &str) -> Option<Target> {
        let (errors, parse_errors) = (self.errors.len(), self.parse_errors.len());
        let found = self.follow(file, &JsonPointer::root(), reference).map(|(target, _)| target);
        self.errors.truncate(errors);
        self.parse_errors.truncate(parse_errors);
        found
    }

    /// The file and pointer `reference` names, seen from `file`.
    fn target(&mut self, file: usize, reference: &str) -> Result<Target, (String, String)> {
        self.target_or_parse_errors(file, reference).map_err(|(message, hint, parse_errors)| {
            self.parse_errors.extend(parse_errors);
            (message, hint)
        })
    }

    /// [`target`](Self::target), with a referenced file's syntax errors apart (they name their own file).
    fn target_or_parse_errors(
        &mut self,
        file: usize,
        reference: &str,
    ) -> Result<Target, (String, String, Vec<Diagnostic>)> {
        if files::is_url(reference) {
            return Err((
                format!("`$ref: {reference}` is a URL; generation never touches the network"),
                "download the file next to the spec and refer to it by a relative path".to_owned(),
                Vec::new(),
            ));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err((
                format!("`$ref: {reference}` has a fragment that is not a JSON pointer"),
                "write the part after `#` as a JSON pointer, e.g. `#/components/schemas/Pet`".to_owned(),
                Vec::new(),
            ));
        }
        if path.is_empty() {
            return Ok((file, fragment.to_owned()));
        }
        if self.from_text {
            return Err((
                format!("`$ref: {reference}` refers to another file, but the spec was given as text"),
                "read the spec from its file (`--spec path`, `load::load_path`) so relative references resolve"
                    .to_owned(),
                Vec::new(),
            ));
        }
        match self.files.open(file, path) {
            Ok(index) => Ok((index, fragment.to_owned())),
            Err(ReadError::Unreadable(message)) => Err((
                format!("`$ref: {reference}` cannot be followed: {message}"),
                "check the path; it is relative to the file that holds the `$ref`".to_owned(),
                Vec::new(),
            )),
            Err(ReadError::NotYamlOrJson(message, parse_errors)) => Err((
                format!("`$ref: {reference}` does not lead to a YAML or JSON file: {message}"),
                "refer to an OpenAPI fragment written in YAML or JSON".to_owned(),
                parse_errors,
            )),
        }
    }

    /// Records that the node at `out` of the bundled document was copied from `target`.
    fn record_copy(&mut self, out: &JsonPointer, target: &Target) {
        let pointer = JsonPointer::from_fragment(&format!("#{}", target.1)).unwrap_or_default();
        let file = (target.0 != 0).then(|| self.files.files[target.0].label.clone());
        self.layer.record(out.clone(), file.as_deref(), pointer.clone());
        self.foreign.insert(out.clone(), (target.0, pointer));
    }

    /// An error at the `$ref` written in `file` at `at`: the file, its line, and the pointer.
    fn error(&mut self, file: usize, at: &JsonPointer, reference: &str, message: String, hint: &str) {
        let file = &self.files.files[file];
        let line = files::line_of(file, at, reference).map(|line| format!("line {line}: ")).unwrap_or_default();
        self.errors.push(Diagnostic::new(&file.label, at.clone(), format!("{line}{message}")).with_hint(hint));
    }
}

/// Whether anything in the document needs bundling: a `$ref` to another file, or a path item that is a
/// `$ref`. Most single-file specs need nothing, and skip the walk that records every pointer.
pub(super) fn needed(document: &Value) -> bool {
    fn has_file_reference(value: &Value) -> bool {
        match value {
            Value::Object(object) => object.iter().any(|(key, child)| match (key.as_str(), child) {
                ("$ref", Value::String(reference)) => !reference.starts_with('#'),
                _ => has_file_reference(child),
            }),
            Value::Array(items) => items.iter().any(has_file_reference),
            _ => false,
        }
    }
    let path_item_reference = match document.get("paths") {
        Some(Value::Object(paths)) => paths.values().any(|item| reference_of(item).is_some()),
        Some(paths) => reference_of(paths).is_some(),
        None => false,
    };
    path_item_reference || has_file_reference(document)
}

/// The `$ref` string of an object, if it has one.
fn reference_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

fn local_reference(section: Section, swagger: bool, name: &str) -> String {
    section.pointer(swagger, name).map(|at| at.to_string()).unwrap_or_default()
}

fn pointer_mut<'v>(value: &'v mut Value, at: &JsonPointer) -> Option<&'v mut Value> {
    let mut text = at.to_string();
    text.remove(0);
    value.pointer_mut(&text)
}

/// Inserts `value` at `at`, creating the maps on the way.
fn insert_at(document: &mut Value, at: &JsonPointer, value: Value) {
    let tokens: Vec<String> = at.tokens().collect();
    let Some((last, parents)) = tokens.split_last() else { return };
    let mut node = document;
    for token in parents {
        let Value::Object(object) = node else { return };
        node = object.entry(token.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(object) = node {
        object.insert(last.clone(), value);
    }
}

#[cfg(test)]
mod tests;
