//! Stage 1: read a spec file, parse YAML or JSON, check the version and deserialize it with `openapiv3`.
//!
//! The raw document is kept next to the typed one: later stages need it to answer questions the typed
//! model cannot (which `$ref`s point where), and every error can quote a JSON pointer into it.

mod hoist;
mod normalize;
mod parse;
mod refs;

use std::path::Path;

pub(crate) use refs::{SchemaRef, resolve, resolve_ref, schema_ref};

use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// A parsed spec, ready for the IR stage: made by [`load_path`] or [`load_str`], consumed by
/// [`generate`](crate::generate).
#[derive(Clone, Debug)]
pub struct LoadedSpec {
    /// How the spec is named in messages and in the generated header (as the user gave it).
    pub label: String,
    /// The document as plain JSON, after YAML decoding.
    pub raw: serde_json::Value,
    /// The typed OpenAPI 3.0 document.
    pub document: openapiv3::OpenAPI,
}

/// Reads and parses the spec at `path`. The label in messages is the path as given.
///
/// ```
/// let spec = openapi_client_gen::load::load_path("../spec/checkout-sessions.yaml".as_ref())?;
/// assert_eq!(spec.document.info.title, "Flowglad API");
/// assert!(openapi_client_gen::load::load_path("missing.yaml".as_ref()).is_err());
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn load_path(path: &Path) -> Result<LoadedSpec, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    load_str(&text, &crate::display_path(&path.to_string_lossy()))
}

/// Parses spec text (YAML or JSON); `label` names it in messages.
///
/// ```
/// use openapi_client_gen::load::load_str;
///
/// let spec = load_str(r#"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"}, "paths": {}}"#, "pets.json")?;
/// assert_eq!(spec.label, "pets.json");
/// let error = load_str("swagger: '2.0'\n", "old.yaml").unwrap_err();
/// assert!(error.to_string().contains("Swagger 2.0"));
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn load_str(text: &str, label: &str) -> Result<LoadedSpec, Error> {
    let mut raw = parse::parse_document(text, label)?;
    check_version(&raw, label)?;
    // Hoisting reads the pointers as the author wrote them, so it runs before normalisation reshapes schemas.
    hoist::hoist_unnamed_targets(&mut raw);
    normalize::normalize(&mut raw);
    let document = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw).map_err(|error| {
        let pointer = parse::pointer_of(error.path());
        Error::spec(
            Diagnostic::new(label, pointer, format!("invalid OpenAPI document: {}", error.inner()))
                .with_hint("compare this node with the OpenAPI 3.0 specification's object of that name"),
        )
    })?;
    Ok(LoadedSpec { label: label.to_owned(), raw, document })
}

fn check_version(raw: &serde_json::Value, label: &str) -> Result<(), Error> {
    let at_root = |message: &str| Diagnostic::new(label, JsonPointer::root(), message);
    let Some(object) = raw.as_object() else {
        return Err(Error::spec(at_root(
            "the document is not an object; an OpenAPI description is a mapping at the top level",
        )));
    };
    if object.contains_key("swagger") {
        return Err(Error::spec(
            at_root("Swagger 2.0 documents are not supported")
                .with_hint("convert it to OpenAPI 3 first, e.g. `npx swagger2openapi spec.yaml -o spec3.yaml`"),
        ));
    }
    let version_pointer = JsonPointer::root().join("openapi");
    match object.get("openapi") {
        None => Err(Error::spec(
            at_root("missing `openapi` field; this does not look like an OpenAPI description")
                .with_hint("add `openapi: 3.0.3` at the top of the file"),
        )),
        Some(serde_json::Value::String(version)) if version.starts_with("3.0.") || version.starts_with("3.1.") => {
            Ok(())
        }
        Some(other) => Err(Error::spec(
            Diagnostic::new(label, version_pointer, format!("unsupported OpenAPI version {other}"))
                .with_hint("the generator reads OpenAPI 3.0.x and 3.1.x descriptions"),
        )),
    }
}
