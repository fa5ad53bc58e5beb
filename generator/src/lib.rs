//! Generates typed, async Rust clients from OpenAPI 3.0 descriptions.
//!
//! The pipeline has one module per stage, with plain data passing between them:
//!
//! 1. [`load`]: read YAML or JSON, check the version, deserialize with `openapiv3` ([`load::LoadedSpec`]).
//! 2. [`ir`]: named types, operations and auth, every name final ([`ir::Ir`]).
//! 3. `emit`: Rust tokens for each module, plus the fixed runtime.
//! 4. `format`: `prettyplease` output with an `@generated` header.
//! 5. [`output`]: files in memory, written (skipping unchanged ones) or compared with a directory.
//!
//! [`generate`] runs stages 2–4; the CLI, tests and build scripts all go through it.
//!
//! ```no_run
//! use openapi_client_gen::{Settings, generate, load};
//!
//! let spec = load::load_path("spec/checkout-sessions.yaml".as_ref())?;
//! let generated = generate(&spec, &Settings::default())?;
//! generated.files.write("generated-client".as_ref())?;
//! # Ok::<(), openapi_client_gen::Error>(())
//! ```

mod emit;
pub mod error;
mod format;
pub mod ir;
pub mod load;
pub mod naming;
pub mod output;
pub mod pointer;
pub mod settings;

pub use error::{Diagnostic, Error};
pub use output::{Drift, GeneratedFiles};
pub use settings::Settings;

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
}

/// Generates the client crate for a loaded spec, in memory.
pub fn generate(spec: &load::LoadedSpec, settings: &Settings) -> Result<Generated, Error> {
    let ir = ir::build(spec, settings)?;
    let name = settings.resolved_crate_name(&ir.api.title);
    let env_prefix = name.replace('-', "_").to_ascii_uppercase();
    let info = emit::CrateInfo {
        api_key_env: settings.api_key_env.clone().unwrap_or_else(|| format!("{env_prefix}_API_KEY")),
        base_url_env: settings.base_url_env.clone().unwrap_or_else(|| format!("{env_prefix}_BASE_URL")),
        version: settings.crate_version.clone(),
        name,
    };
    let regenerate = settings
        .regenerate_command
        .clone()
        .unwrap_or_else(|| format!("openapi-client-gen generate --spec {}", spec.label));
    let mut files = GeneratedFiles::default();
    for (path, file) in emit::emit(&ir, &info) {
        let text = format::format_file(&path, file, &spec.label, &regenerate)?;
        files.files.insert(path, text);
    }
    Ok(Generated { files, warnings: ir.warnings, operation_count: ir.operations.len(), type_count: ir.types.len() })
}

/// The settings for a spec: `config` if given, else `openapi-client-gen.toml` next to the spec if present,
/// applied over the defaults.
pub fn settings_for(spec_path: &std::path::Path, config: Option<&std::path::Path>) -> Result<Settings, Error> {
    let mut settings = Settings::default();
    let beside = spec_path.parent().map(|dir| dir.join(settings::CONFIG_FILE_NAME));
    match (config, beside) {
        (Some(config), _) => settings.apply_config_file(config)?,
        (None, Some(beside)) if beside.is_file() => settings.apply_config_file(&beside)?,
        _ => {}
    }
    Ok(settings)
}

/// The command shown in generated headers, from the CLI arguments that would regenerate the files.
pub fn regenerate_command(spec: &str, out: &str, crate_name: Option<&str>, config: Option<&str>) -> String {
    let mut command = format!("openapi-client-gen generate --spec {} --out {}", display_path(spec), display_path(out));
    if let Some(name) = crate_name {
        command.push_str(&format!(" --crate-name {name}"));
    }
    if let Some(config) = config {
        command.push_str(&format!(" --config {}", display_path(config)));
    }
    command
}

/// A path as shown in messages and headers: `/` separators, no leading `./`, so output is the same on
/// every machine.
pub fn display_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).trim_end_matches('/').to_owned()
}
