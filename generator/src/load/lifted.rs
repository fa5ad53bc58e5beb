//! Builds the typed document with its schemas read by [`schema_json`](super::schema_json) rather than
//! by `openapiv3`'s serde impls, which cost GitHub's spec about a third of a second.
//!
//! The schemas where nearly all of a spec's weight sits (`components/schemas` and the media types of
//! request bodies and responses) are lifted out of the JSON, each replaced by a reference no spec can
//! write; serde reads the rest of the document, then each placeholder is replaced by its schema. The
//! places lifted from and restored to are walked by two functions that mirror each other; anything
//! else (parameters, headers, callbacks) stays with serde.

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Schema};
use serde_json::{Map, Value};

use super::schema_json;

/// Starts every placeholder `$ref`: a NUL cannot occur in a URI reference, so no spec's own `$ref` does.
const PLACEHOLDER: &str = "\0lifted:";

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Why the lifted schemas could not be put back: the caller then builds the document the plain way,
/// which reports the spec's own errors.
#[derive(Debug)]
pub(super) struct NotRestored;

/// The typed document made from `raw`, with its heaviest schemas read directly.
pub(super) fn typed_document(mut raw: Value) -> Result<OpenAPI, NotRestored> {
    let mut lifted = Vec::new();
    lift_document(&mut raw, &mut lifted);
    let mut document: OpenAPI = serde_json::from_value(raw).map_err(|_| NotRestored)?;
    // Each schema is typed as it goes back, so the typed ones are never held all at once beside the JSON.
    let mut lifted: Vec<Option<Value>> = lifted.into_iter().map(Some).collect();
    let mut restore = |slot: &mut ReferenceOr<Schema>| restore_one(slot, &mut lifted);
    restore_document(&mut document, &mut restore)?;
    // Every lifted schema has gone back to where it came from.
    if lifted.iter().any(Option::is_some) {
        return Err(NotRestored);
    }
    Ok(document)
}

fn lift_document(raw: &mut Value, lifted: &mut Vec<Value>) {
    if let Some(schemas) = raw.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        schemas.values_mut().for_each(|schema| lift(schema, lifted));
    }
    for section in ["/components/requestBodies", "/components/responses"] {
        if let Some(entries) = raw.pointer_mut(section).and_then(Value::as_object_mut) {
            entries.values_mut().for_each(|entry| lift_content(entry, lifted));
        }
    }
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = unreferenced(item).filter(|_| path.starts_with('/')) else { continue };
        for method in METHODS {
            let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
            if let Some(body) = operation.get_mut("requestBody") {
                lift_content(body, lifted);
            }
            let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for (status, response) in responses.iter_mut() {
                if status == "default" || is_status_code(status) {
                    lift_content(response, lifted);
                }
            }
        }
    }
}

/// The media types' schemas of a request body or response written in place (not a `$ref`).
fn lift_content(entry: &mut Value, lifted: &mut Vec<Value>) {
    let Some(content) = unreferenced(entry).and_then(|entry| entry.get_mut("content")).and_then(Value::as_object_mut)
    else {
        return;
    };
    for media_type in content.values_mut() {
        if let Some(schema) = media_type.as_object_mut().and_then(|media_type| media_type.get_mut("schema")) {
            lift(schema, lifted);
        }
    }
}

fn unreferenced(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut().filter(|object| !object.get("$ref").is_some_and(Value::is_string))
}

/// As `openapiv3` reads a response key: three digits, or a digit and `XX`.
fn is_status_code(key: &str) -> bool {
    match key.as_bytes() {
        [digit, rest @ ..] if rest.len() == 2 && digit.is_ascii_digit() => {
            rest.iter().all(u8::is_ascii_digit) || rest.eq_ignore_ascii_case(b"XX")
        }
        _ => false,
    }
}

fn lift(schema: &mut Value, lifted: &mut Vec<Value>) {
    // `null` reads as an absent schema, and stays for serde to read so.
    if schema.is_null() {
        return;
    }
    let placeholder = serde_json::json!({ "$ref": format!("{PLACEHOLDER}{}", lifted.len()) });
    lifted.push(std::mem::replace(schema, placeholder));
}

fn restore_document(
    document: &mut OpenAPI,
    restore: &mut impl FnMut(&mut ReferenceOr<Schema>) -> Result<(), NotRestored>,
) -> Result<(), NotRestored> {
    if let Some(components) = &mut document.components {
        components.schemas.values_mut().try_for_each(&mut *restore)?;
        for body in components.request_bodies.values_mut() {
            if let ReferenceOr::Item(body) = body {
                restore_content(&mut body.content, restore)?;
            }
        }
        for response in components.responses.values_mut() {
            if let ReferenceOr::Item(response) = response {
                restore_content(&mut response.content, restore)?;
            }
        }
    }
    for item in document.paths.paths.values_mut() {
        let ReferenceOr::Item(item) = item else { continue };
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                restore_content(&mut body.content, restore)?;
            }
            let responses = &mut operation.responses;
            for response in responses.default.iter_mut().chain(responses.responses.values_mut()) {
                if let ReferenceOr::Item(response) = response {
                    restore_content(&mut response.content, restore)?;
                }
            }
        }
    }
    Ok(())
}

fn restore_content(
    content: &mut IndexMap<String, MediaType>,
    restore: &mut impl FnMut(&mut ReferenceOr<Schema>) -> Result<(), NotRestored>,
) -> Result<(), NotRestored> {
    content.values_mut().filter_map(|media_type| media_type.schema.as_mut()).try_for_each(restore)
}

/// Types and puts back a lifted schema if `slot` holds a placeholder; each is restored once.
fn restore_one(slot: &mut ReferenceOr<Schema>, lifted: &mut [Option<Value>]) -> Result<(), NotRestored> {
    let ReferenceOr::Reference { reference } = slot else { return Ok(()) };
    let Some(index) = reference.strip_prefix(PLACEHOLDER) else { return Ok(()) };
    let index: usize = index.parse().map_err(|_| NotRestored)?;
    let schema = lifted.get_mut(index).and_then(Option::take).ok_or(NotRestored)?;
    *slot = schema_json::reference_or_schema(schema).map_err(|_| NotRestored)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::load::{check_path, load_path};

    fn specs_under(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixture directory").map(|entry| entry.expect("entry").path()) {
            if entry.is_dir() {
                specs_under(&entry, found);
            } else if entry.extension().is_some_and(|extension| extension == "yaml" || extension == "json") {
                found.push(entry);
            }
        }
    }

    /// Every fixture the plain way loads is built the same with its schemas lifted, without falling back.
    #[test]
    fn every_loadable_fixture_is_built_alike_with_its_schemas_lifted() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = Vec::new();
        specs_under(&root.join("tests/fixtures"), &mut specs);
        specs_under(&root.join("spec"), &mut specs);
        let mut compared = 0;
        for spec in &specs {
            let Ok(loaded) = load_path(spec) else { continue };
            let raw = check_path(spec).expect("checks as it loads").raw;
            let document = typed_document(raw).unwrap_or_else(|_| panic!("{} falls back", spec.display()));
            assert!(document == loaded.document, "{} is built differently", spec.display());
            compared += 1;
        }
        assert!(compared >= 50, "only {compared} of {} fixtures load", specs.len());
    }

    #[test]
    fn a_reference_written_like_a_placeholder_is_kept_as_written() {
        let written = format!("{PLACEHOLDER}7");
        let raw = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Shelf", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Book": {"$ref": written}}},
        });
        let document = typed_document(raw).expect("built");
        let book = &document.components.expect("components").schemas["Book"];
        assert_eq!(book, &ReferenceOr::Reference { reference: written });
    }

    #[test]
    fn status_codes_are_read_as_openapiv3_reads_them() {
        for key in ["200", "404", "2XX", "5xx"] {
            assert!(is_status_code(key), "{key}");
        }
        for key in ["default", "20", "2000", "x-200", "XX2", "2X0"] {
            assert!(!is_status_code(key), "{key}");
        }
    }
}
