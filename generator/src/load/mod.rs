//! Stage 1: read a spec file, parse YAML or JSON, check the version and deserialize it with `openapiv3`.
//!
//! The raw document is kept next to the typed one: later stages need it to answer questions the typed
//! model cannot (which `$ref`s point where), and every error can quote a JSON pointer into it.

mod compact;
mod external;
mod hoist;
mod lifted;
mod locate;
mod normalize;
mod oas32;
mod parse;
mod refs;
mod repairs;
mod schema_json;
mod source_map;
mod swagger2;
mod typed;
mod validate;

use std::borrow::Cow;
use std::path::Path;

pub(crate) use oas32::{QUERYSTRING_MARKER, is_3_2};
pub(crate) use refs::{SchemaRef, resolve, resolve_ref, schema_ref};
pub use source_map::SourceMap;
pub use typed::{CheckedSpec, TypedSpec};

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
    /// Rule breaks the loader repaired and what a conversion could not carry over; generation reports
    /// them with its own warnings (errors under `--strict`).
    pub warnings: Vec<Diagnostic>,
    /// Every file the spec was read from: the spec itself first, then each file its `$ref`s lead to (for
    /// `cargo:rerun-if-changed`). Empty for a spec given as text ([`load_str`]).
    pub files: Vec<std::path::PathBuf>,
    /// Where each part of `raw` was written, when the loader converted (Swagger 2.0) or bundled
    /// (several files) it; diagnostics are moved through it to the user's own files and pointers.
    pub source_map: SourceMap,
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
    check_path(path)?.into_loaded()
}

/// Reads, parses, converts and checks the spec at `path`, stopping before the typed document is built;
/// [`CheckedSpec::into_loaded`] and [`CheckedSpec::into_typed`] build it.
///
/// ```
/// let checked = openapi_client_gen::load::check_path("../spec/checkout-sessions.yaml".as_ref())?;
/// assert_eq!(checked.raw["info"]["title"], "Flowglad API");
/// assert_eq!(checked.into_typed()?.document.info.title, "Flowglad API");
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn check_path(path: &Path) -> Result<CheckedSpec, Error> {
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
    let raw = parse::parse_document(&text, &label)?;
    let mut spec = check_parsed(raw, Cow::Owned(text), &label, Some(path))?;
    if spec.files.is_empty() {
        spec.files.push(path.to_owned());
    }
    spec.path = Some(path.to_owned());
    Ok(spec)
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
/// let error = load_str("swagger: '1.2'\n", "old.yaml").unwrap_err();
/// assert!(error.to_string().contains("unsupported Swagger version"));
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn load_str(text: &str, label: &str) -> Result<LoadedSpec, Error> {
    let raw = parse::parse_document(text, label)?;
    check_parsed(raw, Cow::Borrowed(text), label, None)?.into_loaded()
}

/// Bundles the files a parsed spec refers to (relative to `path`; `None` for text), then checks it.
/// The text is only read for bundling; otherwise it is dropped before the typed document is built
/// beside the parsed one.
fn check_parsed(
    raw: serde_json::Value,
    text: Cow<'_, str>,
    label: &str,
    path: Option<&Path>,
) -> Result<CheckedSpec, Error> {
    if !(raw.is_object() && external::needed(&raw)) {
        drop(text);
        return check_document(raw, label, SourceMap::default(), Vec::new());
    }
    let bundle = external::bundle(raw, &text, label, path)?;
    drop(text);
    let mut source_map = SourceMap::default();
    source_map.push(bundle.layer);
    check_document(bundle.document, label, source_map, bundle.files)
}

/// The stages after parsing (and bundling): conversion from Swagger 2.0, checks, repairs.
/// Every diagnostic leaves through `source_map`, so it names the file and pointer the user wrote.
fn check_document(
    mut raw: serde_json::Value,
    label: &str,
    mut source_map: SourceMap,
    files: Vec<std::path::PathBuf>,
) -> Result<CheckedSpec, Error> {
    let mut warnings = Vec::new();
    if swagger2::is_swagger(&raw) {
        // The conversion's own messages already name 2.0 pointers; only earlier layers apply to them.
        let (converted, layer, conversion_warnings) =
            swagger2::convert(&raw, label).map_err(|error| relocate_error(error, &source_map, label))?;
        warnings = source_map.relocate_all(conversion_warnings, label);
        source_map.push(layer);
        raw = converted;
    }
    let mut spec = check_openapi(raw, label, source_map, warnings)?;
    spec.files = files;
    Ok(spec)
}

fn relocate_error(error: Error, source_map: &SourceMap, label: &str) -> Error {
    match error {
        Error::Spec(diagnostics) => Error::Spec(source_map.relocate_all(diagnostics, label)),
        other => other,
    }
}

/// An OpenAPI 3 document from here on; diagnostics are relocated before they leave.
fn check_openapi(
    mut raw: serde_json::Value,
    label: &str,
    source_map: SourceMap,
    mut warnings: Vec<Diagnostic>,
) -> Result<CheckedSpec, Error> {
    let relocate = |diagnostics: Vec<Diagnostic>| source_map.relocate_all(diagnostics, label);
    check_version(&raw, label).map_err(|error| Error::Spec(relocate(error.diagnostics().to_vec())))?;
    // Hoisting reads the pointers as the author wrote them, so it runs before normalisation reshapes schemas.
    hoist::hoist_unnamed_targets(&mut raw);
    // Before normalisation, so that a schema made from Swagger 2.0 keywords is normalised like the others.
    warnings.extend(relocate(repairs::swagger2_parameters(&mut raw, label)));
    if oas32::is_3_2(&raw) {
        warnings.extend(relocate(oas32::prepare(&mut raw, label)));
    }
    normalize::normalize(&mut raw);
    Ok(CheckedSpec { label: label.to_owned(), raw, warnings, files: Vec::new(), source_map, path: None })
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
        _ if version.starts_with("2.") || version.starts_with("1.") => {
            at_version(format!("unsupported OpenAPI version `{version}`"))
                .with_hint(format!("{READS}, and Swagger 2.0 ones (`swagger: '2.0'`)"))
        }
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
