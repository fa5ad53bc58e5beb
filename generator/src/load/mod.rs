//! Stage 1: read a spec file, parse YAML or JSON, check the version and deserialize it with `openapiv3`.
//!
//! The raw document is kept next to the typed one: later stages need it to answer questions the typed
//! model cannot (which `$ref`s point where), and every error can quote a JSON pointer into it.

mod hoist;
mod locate;
mod normalize;
mod oas32;
mod parse;
mod refs;
mod repairs;
mod validate;

use std::path::Path;

pub(crate) use oas32::{QUERYSTRING_MARKER, is_3_2};
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
    /// Rule breaks the loader repaired; generation reports them with its own warnings (errors under
    /// `--strict`).
    pub warnings: Vec<Diagnostic>,
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
    let label = crate::display_path(&path.to_string_lossy());
    let size = std::fs::metadata(path).map_err(|source| Error::Read { path: path.to_owned(), source })?.len();
    if size > MAX_SPEC_BYTES {
        return Err(Error::spec(
            Diagnostic::new(
                &label,
                JsonPointer::root(),
                format!("the file is {} MiB, larger than the {} MiB limit", size >> 20, MAX_SPEC_BYTES >> 20),
            )
            .with_hint("the largest public specs are under 50 MiB; check that this is an OpenAPI description"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let text = String::from_utf8(bytes).map_err(|error| not_utf8(&error, &label))?;
    load_str(&text, &label)
}

/// Where the first byte that is not UTF-8 is, as a line and column like the syntax errors.
fn not_utf8(error: &std::string::FromUtf8Error, label: &str) -> Error {
    let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
    let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|&byte| byte == b'\n').map_or(0, |index| index + 1);
    let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
    Error::spec(
        Diagnostic::new(
            label,
            JsonPointer::root(),
            format!("the file is not UTF-8: byte {} (line {line} column {column}) is not valid UTF-8", valid.len() + 1),
        )
        .with_hint("OpenAPI descriptions are UTF-8 text; convert the file, e.g. `iconv -f latin1 -t utf-8`"),
    )
}

/// Specs above this size are refused before reading, so memory stays bounded (a parsed document takes
/// several times its text size). Microsoft Graph, among the largest public specs, is 47 MiB.
pub const MAX_SPEC_BYTES: u64 = 64 << 20;

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
    // Before normalisation, so that a schema made from Swagger 2.0 keywords is normalised like the others.
    let mut warnings = repairs::swagger2_parameters(&mut raw, label);
    if oas32::is_3_2(&raw) {
        warnings.extend(oas32::prepare(&mut raw, label));
    }
    normalize::normalize(&mut raw);
    // Tracking the path slows down every node, so it is only paid for when deserialising fails.
    let document = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&raw)
        .or_else(|_| serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw));
    let document = document.map_err(|error| {
        // serde loses the path inside flattened and untagged types; search for the failing node.
        let diagnostic = match locate::locate(&raw) {
            Some(found) => Diagnostic::new(label, found.pointer, found.message).with_hint(found.hint),
            None => Diagnostic::new(
                label,
                parse::pointer_of(error.path()),
                format!("invalid OpenAPI document: {}", error.inner()),
            )
            .with_hint("compare this node with the OpenAPI 3.0 specification"),
        };
        Error::spec(diagnostic)
    })?;
    let problems = validate::paths_and_status_codes(&raw, label);
    if !problems.is_empty() {
        return Err(Error::Spec(problems));
    }
    Ok(LoadedSpec { label: label.to_owned(), raw, document, warnings })
}

fn check_version(raw: &serde_json::Value, label: &str) -> Result<(), Error> {
    use serde_json::Value;
    let at_root = |message: &str| Diagnostic::new(label, JsonPointer::root(), message);
    const SHAPE: &str = "an OpenAPI description is a mapping with `openapi`, `info` and `paths` at the top level";
    let object = match raw {
        Value::Object(object) => object,
        Value::Null => {
            return Err(Error::spec(at_root("the document holds only comments or whitespace").with_hint(SHAPE)));
        }
        other => {
            return Err(Error::spec(
                at_root(&format!("the document is {}, not a mapping", describe_value(other))).with_hint(SHAPE),
            ));
        }
    };
    if object.contains_key("swagger") {
        return Err(Error::spec(
            at_root("Swagger 2.0 documents are not supported")
                .with_hint("convert it to OpenAPI 3 first, e.g. `npx swagger2openapi spec.yaml -o spec3.yaml`"),
        ));
    }
    let at_version = |message: String| Diagnostic::new(label, JsonPointer::root().join("openapi"), message);
    const READS: &str = "the generator reads OpenAPI 3.0.x, 3.1.x and 3.2.x descriptions";
    let version = match object.get("openapi") {
        None => {
            return Err(Error::spec(
                at_root("missing `openapi` field; this does not look like an OpenAPI description")
                    .with_hint("add `openapi: 3.0.3` at the top of the file"),
            ));
        }
        Some(Value::String(version)) => version,
        Some(number @ Value::Number(_)) => {
            return Err(Error::spec(
                at_version(format!(
                    "`openapi` must be a version string such as `3.0.3`, not {}",
                    describe_value(number)
                ))
                .with_hint("write the full version, e.g. `openapi: 3.0.3` (YAML reads `3` or `3.0` as a number)"),
            ));
        }
        Some(other) => {
            return Err(Error::spec(
                at_version(format!(
                    "`openapi` must be a version string such as `3.0.3`, not {}",
                    describe_value(other)
                ))
                .with_hint(READS),
            ));
        }
    };
    // 3.2 is a superset of 3.1: read the same way, with its additions (see `oas32`).
    if version.starts_with("3.0.") || version.starts_with("3.1.") || version.starts_with("3.2.") {
        return Ok(());
    }
    let diagnostic = match version.as_str() {
        "3.0" | "3.1" | "3.2" => at_version(format!("`{version}` is not a full OpenAPI version"))
            .with_hint(format!("write the full version, e.g. `openapi: {version}.0`")),
        _ if version.starts_with("2.") || version.starts_with("1.") => at_version(format!(
            "unsupported OpenAPI version `{version}`"
        ))
        .with_hint(format!(
            "{READS}; convert older (Swagger) descriptions first, e.g. `npx swagger2openapi spec.yaml -o spec3.yaml`"
        )),
        _ => at_version(format!("unsupported OpenAPI version `{version}`")).with_hint(READS),
    };
    Err(Error::spec(diagnostic))
}

/// A value in a few words, for messages about the document's shape.
fn describe_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("the boolean `{flag}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(text) => {
            let shown: String = text.chars().take(40).collect();
            let more = if shown.len() < text.len() { "…" } else { "" };
            format!("the string `{shown}{more}`")
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}
