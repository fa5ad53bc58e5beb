//! Generates typed, async Rust clients from OpenAPI 3.0, 3.1 and 3.2 descriptions.
//!
//! # Three ways to run it, one result
//!
//! The CLI, the library and build scripts all go through [`generate`] with one [`Settings`] value, so for
//! the same spec and settings they write the same code.
//!
//! **The CLI** writes a crate you check in, and `check` fails CI when it is stale:
//!
//! ```text
//! openapi-client-gen generate --spec spec/api.yaml --out api-client
//! openapi-client-gen check --spec spec/api.yaml --out api-client
//! ```
//!
//! **The library** keeps everything in memory until you write it:
//!
//! ```no_run
//! use openapi_client_gen::{Settings, generate, load};
//!
//! let spec = load::load_path("spec/api.yaml".as_ref())?;
//! let settings = Settings::default().crate_name("api-client").include_tag("pets");
//! let generated = generate(&spec, &settings)?;
//! for warning in &generated.warnings {
//!     eprintln!("warning: {warning}");
//! }
//! generated.files.write("api-client".as_ref())?;
//! # Ok::<(), openapi_client_gen::Error>(())
//! ```
//!
//! **A build script** regenerates the client into `OUT_DIR` on every build; see [`build_script`].
//!
//! Settings come from the builder methods on [`Settings`], from a TOML config file
//! ([`Settings::with_config_file`]; the CLI reads `openapi-client-gen.toml` next to the spec) or from CLI
//! flags; the keys have the same names everywhere.
//!
//! # Pipeline
//!
//! One module per stage, with plain data passing between them:
//!
//! 1. [`load`]: read YAML or JSON, check the version, deserialize with `openapiv3` ([`load::LoadedSpec`]).
//! 2. `ir`: named types, operations and auth, every name final.
//! 3. `emit`: Rust tokens for each module, plus the fixed runtime.
//! 4. `format`: `prettyplease` output with an `@generated` header.
//! 5. [`output`]: files in memory, written (skipping unchanged ones) or compared with a directory.
//!
//! Errors carry the file and a JSON pointer ([`Diagnostic`]); a stage reports all it finds, not just the
//! first.

pub mod build_script;
pub mod diff;
mod emit;
pub mod error;
mod format;
mod ir;
pub mod load;
mod memory;
mod naming;
pub mod output;
pub mod pointer;
pub mod settings;

pub use emit::runtime_file_names;
pub use error::{Diagnostic, Error};
pub use output::{Drift, GeneratedFiles};
pub use settings::{OperationFilter, PaginationOverride, PaginationSettings, PaginationStyleName, Settings};

use emit::Layout;

/// The result of a generation: the files and what was skipped or approximated on the way.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The crate's files.
    pub files: GeneratedFiles,
    /// Constructs that were skipped or approximated, with their JSON pointers.
    pub warnings: Vec<Diagnostic>,
    /// How many operations became methods.
    pub operation_count: usize,
    /// How many Rust types were generated.
    pub type_count: usize,
    /// How many required properties became `Option`s under the `lenient-responses` setting (0 without it).
    pub lenient_fields: usize,
    /// Time spent in each stage after loading.
    pub timings: StageTimings,
}

/// Wall time of the stages [`generate`] runs (loading and writing are timed by their callers). The items
/// of the large modules are made and formatted together on several threads; that part's wall time is
/// split between `emit` and `format` in proportion to the CPU time each took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageTimings {
    /// Building the IR: types, operations, names.
    pub ir: std::time::Duration,
    /// Turning the IR into token streams.
    pub emit: std::time::Duration,
    /// Parsing the tokens back and pretty-printing them.
    pub format: std::time::Duration,
}

/// Generates the client crate for a loaded spec, in memory; nothing touches the disk until
/// [`GeneratedFiles::write`].
///
/// ```
/// use openapi_client_gen::{Settings, generate, load};
///
/// let spec = load::load_str(
///     "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n",
///     "spec.yaml",
/// )?;
/// let generated = generate(&spec, &Settings::default().types_only(true))?;
/// assert!(generated.files.files["src/types.rs"].contains("pub struct Pet"));
/// assert!(!generated.files.files.contains_key("src/requests.rs"));
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn generate(spec: &load::LoadedSpec, settings: &Settings) -> Result<Generated, Error> {
    generate_with_layout(spec, settings, Layout::Crate)
}

/// [`generate`] for a caller that has no further use for the loaded spec: the spec's JSON is freed once
/// what generation reads from it is taken, before the IR is built, and the typed document once the IR
/// is built, which lowers the peak memory of a large spec ([`generate_path`] lowers it further). The
/// output is the same.
///
/// ```
/// use openapi_client_gen::{Settings, generate, generate_owned, load};
///
/// let text = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object}\n";
/// let borrowed = generate(&load::load_str(text, "spec.yaml")?, &Settings::default())?;
/// let owned = generate_owned(load::load_str(text, "spec.yaml")?, &Settings::default())?;
/// assert_eq!(borrowed.files, owned.files);
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn generate_owned(mut spec: load::LoadedSpec, settings: &Settings) -> Result<Generated, Error> {
    let facts = SpecFacts::read(&spec.raw, &spec.label);
    // The conformance program reads the spec's examples as it is made.
    if !settings.conformance {
        spec.raw = serde_json::Value::Null;
    }
    generate_on_threads(Input::Owned(Box::new(spec)), facts, settings, Layout::Crate, format::default_threads())
}

/// Loads the spec at `path` and generates its crate, holding as little of it in memory as it can: the
/// spec's JSON is read for what generation takes from it and then turned into the typed document by
/// move, so the two are never held side by side. Peak resident memory for GitHub's 13.0 MB spec: 122 MB
/// (9.4 times the spec) in the CLI, 146 MB with [`load::load_path`] and [`generate_owned`]. The output is
/// the same, and so are the errors, except that the shared example objects (`components/examples`) are
/// not typed this way, so a malformed one goes unreported (generation reads examples from the JSON).
/// The CLI generates this way.
///
/// ```
/// use openapi_client_gen::{Settings, generate, generate_path, load};
///
/// let path = "../spec/checkout-sessions.yaml".as_ref();
/// let settings = openapi_client_gen::settings_for(path, None)?;
/// let loaded = generate(&load::load_path(path)?, &settings)?;
/// assert_eq!(generate_path(path, &settings)?.files, loaded.files);
/// assert!(generate_path("missing.yaml".as_ref(), &settings).is_err());
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn generate_path(path: &std::path::Path, settings: &Settings) -> Result<Generated, Error> {
    if settings.conformance {
        return generate_owned(load::load_path(path)?, settings);
    }
    let mut checked = load::check_path(path)?;
    let facts = SpecFacts::read(&checked.raw, &checked.label);
    checked.drop_shared_examples();
    let typed = checked.into_typed()?;
    generate_on_threads(Input::Typed(Box::new(typed)), facts, settings, Layout::Crate, format::default_threads())
}

/// What generation reads from the spec's JSON rather than from the typed document: the IR's facts and
/// the output's (license, homepage, examples).
struct SpecFacts {
    ir: ir::JsonFacts,
    license: Option<String>,
    homepage: Option<String>,
    examples: emit::SpecExamples,
}

impl SpecFacts {
    fn read(raw: &serde_json::Value, label: &str) -> Self {
        SpecFacts {
            ir: ir::JsonFacts::read(raw, label),
            license: emit::spec_license(raw),
            homepage: emit::spec_homepage(raw),
            examples: emit::collect_examples(raw),
        }
    }
}

/// The spec a generation reads: the caller's, or its own to free once nothing needs it.
enum Input<'a> {
    Borrowed(&'a load::LoadedSpec),
    Owned(Box<load::LoadedSpec>),
    Typed(Box<load::TypedSpec>),
}

impl Input<'_> {
    fn source(&self) -> ir::Source<'_> {
        match self {
            Input::Borrowed(spec) => ir::Source::loaded(spec),
            Input::Owned(spec) => ir::Source::loaded(spec),
            Input::Typed(spec) => ir::Source::typed(spec),
        }
    }

    /// The spec's JSON, where it is still held.
    fn raw(&self) -> Option<&serde_json::Value> {
        match self {
            Input::Borrowed(spec) => Some(&spec.raw),
            Input::Owned(spec) => Some(&spec.raw),
            Input::Typed(_) => None,
        }
    }
}

/// The one path from a loaded spec to files, shared by the CLI, the library and build scripts; only the
/// layout differs, never the code.
fn generate_with_layout(spec: &load::LoadedSpec, settings: &Settings, layout: Layout) -> Result<Generated, Error> {
    let facts = SpecFacts::read(&spec.raw, &spec.label);
    generate_on_threads(Input::Borrowed(spec), facts, settings, layout, format::default_threads())
}

/// [`generate_with_layout`] formatting on `threads` threads; the output does not depend on their number.
fn generate_on_threads(
    input: Input<'_>,
    facts: SpecFacts,
    settings: &Settings,
    layout: Layout,
    threads: usize,
) -> Result<Generated, Error> {
    settings.validate()?;
    if settings.conformance && layout != Layout::Crate {
        return Err(Error::Spec(vec![Diagnostic::new(
            "settings",
            pointer::JsonPointer::root().join("conformance"),
            "the conformance program is a package of its own; a build script's module has no place for it".to_owned(),
        )]));
    }
    let started = std::time::Instant::now();
    let label = input.source().label.to_owned();
    let converted = ir::convert(input.source(), facts.ir, settings)?;
    // The conformance program reads the spec's examples as it is made; nothing else needs the spec now.
    let frees_spec = !matches!(input, Input::Borrowed(_)) && !settings.conformance;
    let (ir, kept) = if frees_spec {
        // Freeing the parsed spec (tens of milliseconds for GitHub's) overlaps the rest of the IR build.
        let ir = std::thread::scope(|scope| {
            scope.spawn(move || {
                drop(input);
                memory::release_freed();
            });
            converted.finish(settings)
        });
        (ir?, None)
    } else {
        (converted.finish(settings)?, settings.conformance.then_some(input))
    };
    let ir_done = std::time::Instant::now();
    let name = settings.resolved_crate_name(&ir.api.title);
    let env_prefix = name.replace('-', "_").to_ascii_uppercase();
    let regenerate =
        settings.regenerate_command.clone().unwrap_or_else(|| format!("openapi-client-gen generate --spec {label}"));
    let info = emit::CrateInfo {
        api_key_env: settings.api_key_env.clone().unwrap_or_else(|| format!("{env_prefix}_API_KEY")),
        base_url_env: settings.base_url_env.clone().unwrap_or_else(|| format!("{env_prefix}_BASE_URL")),
        idempotency_header: settings.idempotency_header.clone(),
        version: settings.crate_version.clone(),
        name,
        // A spec without operations or webhooks has nothing to send: its crate is its types alone, without
        // a client runtime that nothing would call.
        types_only: settings.types_only || (ir.operations.is_empty() && ir.webhooks.is_none()),
        derives: settings.extra_derives.clone(),
        unknown_variants: settings.unknown_variants,
        layout,
        license: settings.license.clone().or(facts.license),
        repository: settings.repository.clone(),
        homepage: facts.homepage,
        spec_label: label.clone(),
        regenerate: regenerate.clone(),
        examples: facts.examples,
    };
    let mut emitted = emit::emit(&ir, &info);
    if let Some(raw) = kept.as_ref().and_then(Input::raw) {
        emitted.extend(emit::conformance_files(&ir, &info, raw));
    }
    let emit_done = std::time::Instant::now();
    let (formatted, work) = format::format_files(emitted, &label, &regenerate, threads)?;
    let mut files = GeneratedFiles::default();
    files.files.extend(formatted);
    // The large modules' items are made and formatted together on several threads: their wall time is
    // shared between the two stages in proportion to the CPU time each took.
    let overlapped = emit_done.elapsed();
    let cpu = work.emit + work.format;
    let emit_share = if cpu.is_zero() {
        std::time::Duration::ZERO
    } else {
        overlapped.mul_f64(work.emit.as_secs_f64() / cpu.as_secs_f64())
    };
    let lenient_fields = ir.lenient_field_count();
    let timings =
        StageTimings { ir: ir_done - started, emit: emit_done - ir_done + emit_share, format: overlapped - emit_share };
    Ok(Generated {
        files,
        warnings: ir.warnings,
        operation_count: ir.operations.len(),
        type_count: ir.types.len(),
        lenient_fields,
        timings,
    })
}

/// The settings for a spec: `config` if given, else `openapi-client-gen.toml` next to the spec if present,
/// applied over the defaults.
///
/// ```
/// let settings = openapi_client_gen::settings_for("../spec/checkout-sessions.yaml".as_ref(), None)?;
/// assert_eq!(settings.crate_name.as_deref(), Some("flowglad"));
/// # Ok::<(), openapi_client_gen::Error>(())
/// ```
pub fn settings_for(spec_path: &std::path::Path, config: Option<&std::path::Path>) -> Result<Settings, Error> {
    match config_file_for(spec_path, config) {
        Some(path) => Settings::default().with_config_file(&path),
        None => Ok(Settings::default()),
    }
}

/// The config file that applies to a spec: the one named, else the one next to the spec if it exists.
///
/// ```
/// use openapi_client_gen::config_file_for;
///
/// let beside = config_file_for("../spec/checkout-sessions.yaml".as_ref(), None);
/// assert!(beside.is_some_and(|path| path.ends_with("openapi-client-gen.toml")));
/// assert_eq!(config_file_for("nowhere/api.yaml".as_ref(), None), None);
/// ```
pub fn config_file_for(spec_path: &std::path::Path, config: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    match config {
        Some(config) => Some(config.to_owned()),
        None => spec_path.parent().map(|dir| dir.join(settings::CONFIG_FILE_NAME)).filter(|beside| beside.is_file()),
    }
}

/// The command shown in generated headers: `generate` with the spec, the output directory and any further
/// arguments (already in canonical order, so `generate` and `check` agree).
///
/// ```
/// let command = openapi_client_gen::regenerate_command("./spec/api.yaml", "client/", &["--types-only".to_owned()]);
/// assert_eq!(command, "openapi-client-gen generate --spec spec/api.yaml --out client --types-only");
/// ```
pub fn regenerate_command(spec: &str, out: &str, arguments: &[String]) -> String {
    let mut command = format!("openapi-client-gen generate --spec {} --out {}", display_path(spec), display_path(out));
    for argument in arguments {
        command.push(' ');
        command.push_str(argument);
    }
    command
}

/// A path as shown in messages and headers: `/` separators, no leading `./`, so output is the same on
/// every machine.
///
/// ```
/// assert_eq!(openapi_client_gen::display_path(".\\spec\\api.yaml"), "spec/api.yaml");
/// ```
pub fn display_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec large enough for many chunks in both large modules, with unions for the shared helpers.
    fn spec(n: usize) -> load::LoadedSpec {
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths:\n");
        for index in 0..n {
            text.push_str(&format!(
                "  /things{index}/{{id}}:\n    get:\n      operationId: getThing{index}\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing{index}'}}}}}}}}\n"
            ));
        }
        text.push_str("components:\n  schemas:\n");
        for index in 0..n {
            let previous = (index + n - 1) % n;
            text.push_str(&format!(
                "    Thing{index}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: string}}\n        state: {{type: string, enum: [on, off]}}\n        previous: {{$ref: '#/components/schemas/Thing{previous}'}}\n        either: {{oneOf: [{{type: string}}, {{type: integer}}]}}\n"
            ));
        }
        load::load_str(&text, "many.yaml").expect("loads")
    }

    #[test]
    fn output_is_the_same_whatever_the_number_of_threads() {
        let spec = spec(300);
        let facts = || SpecFacts::read(&spec.raw, &spec.label);
        let one = generate_on_threads(Input::Borrowed(&spec), facts(), &Settings::default(), Layout::Crate, 1).unwrap();
        assert!(one.files.files["src/types.rs"].contains("pub struct Thing299"));
        for threads in [2, 3, 8] {
            let many =
                generate_on_threads(Input::Borrowed(&spec), facts(), &Settings::default(), Layout::Crate, threads)
                    .unwrap();
            assert_eq!(one.files.files, many.files.files, "{threads} threads");
        }
    }
}
