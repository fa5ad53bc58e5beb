//! Generating a client from a build script, so the code follows the spec on every build.
//!
//! `build.rs` (with `openapi-client-gen` as a build dependency):
//!
//! ```no_run
//! use openapi_client_gen::Settings;
//!
//! fn main() {
//!     openapi_client_gen::build_script::generate("spec/petstore.yaml", &Settings::default().crate_name("petstore"));
//! }
//! ```
//!
//! and in the crate, where the module should live:
//!
//! ```ignore
//! pub mod petstore {
//!     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! }
//! ```
//!
//! The including crate needs the dependencies listed in the generated `Cargo.toml` (see
//! `docs/build-scripts.md`). The module's files are the same as the `src/` files the CLI writes, apart
//! from their header comment.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};
use crate::settings::Settings;
use crate::{Layout, config_file_for, generate_with_layout, load, settings_for};

/// What a build-script generation did.
#[derive(Clone, Debug)]
pub struct BuildOutput {
    /// The file to `include!`: `{OUT_DIR}/{module}.rs`.
    pub entry: PathBuf,
    /// Files whose contents changed and were rewritten (empty when the spec did not change).
    pub written: Vec<PathBuf>,
    /// The files the output depends on (the spec and its config file), for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// Constructs skipped or approximated, as for the CLI.
    pub warnings: Vec<Diagnostic>,
}

/// Generates the client into `OUT_DIR`, for use from `build.rs`. Prints `cargo:rerun-if-changed` for the
/// spec, and `cargo:warning` for anything skipped. On a bad spec it prints the errors (file, JSON pointer,
/// reason) and exits, which fails the build with that message instead of a panic backtrace.
pub fn generate(spec: impl AsRef<Path>, settings: &Settings) -> BuildOutput {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    finish(spec, out_dir().and_then(|out_dir| try_generate(spec, settings, &out_dir)))
}

/// Like [`generate`], with the settings read from `openapi-client-gen.toml` next to the spec (the defaults
/// when there is none), so the CLI and the build script share one config file.
pub fn generate_with_config(spec: impl AsRef<Path>) -> BuildOutput {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    // Watching the file that may not exist yet makes creating it trigger a rebuild too.
    println!("cargo:rerun-if-changed={}", spec.with_file_name(crate::settings::CONFIG_FILE_NAME).display());
    let result = settings_for(spec, None)
        .and_then(|settings| out_dir().and_then(|out_dir| try_generate(spec, &settings, &out_dir)));
    finish(spec, result)
}

/// Generates the module for `spec` into `out_dir` without printing anything or exiting: the testable core
/// of [`generate`]. Unchanged files are not rewritten, so nothing downstream rebuilds needlessly.
///
/// ```
/// # let dir = tempfile::tempdir()?;
/// # let spec = dir.path().join("pets.yaml");
/// # std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\n")?;
/// use openapi_client_gen::{Settings, build_script};
///
/// let settings = Settings::default().crate_name("pets");
/// let first = build_script::try_generate(&spec, &settings, dir.path())?;
/// assert!(first.entry.ends_with("pets.rs"));
/// let second = build_script::try_generate(&spec, &settings, dir.path())?;
/// assert!(second.written.is_empty(), "an unchanged spec rewrites nothing");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn try_generate(spec: &Path, settings: &Settings, out_dir: &Path) -> Result<BuildOutput, Error> {
    let loaded = load::load_path(spec)?;
    let module = settings.resolved_crate_name(&loaded.document.info.title).replace('-', "_");
    let mut settings = settings.clone();
    if settings.regenerate_command.is_none() {
        settings.regenerate_command = Some("cargo build (build.rs regenerates this file)".to_owned());
    }
    let dir = out_dir.join(&module).to_string_lossy().into_owned();
    let generated = generate_with_layout(&loaded, &settings, Layout::Module { name: module.clone(), dir })?;
    let written = generated.files.write(out_dir)?;
    let inputs = std::iter::once(spec.to_owned()).chain(config_file_for(spec, None)).collect();
    Ok(BuildOutput { entry: out_dir.join(format!("{module}.rs")), written, inputs, warnings: generated.warnings })
}

fn out_dir() -> Result<PathBuf, Error> {
    std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::Write {
        path: PathBuf::from("$OUT_DIR"),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "OUT_DIR is not set; call this from build.rs"),
    })
}

fn finish(spec: &Path, result: Result<BuildOutput, Error>) -> BuildOutput {
    match result {
        Ok(output) => {
            for warning in &output.warnings {
                println!("cargo:warning={}", warning.to_string().replace('\n', " "));
            }
            output
        }
        Err(error) => {
            eprintln!("{}", failure_message(spec, &error));
            std::process::exit(1);
        }
    }
}

/// The text a failed build shows: which spec, then every error with its location.
///
/// ```
/// use openapi_client_gen::{build_script::failure_message, load::load_str};
///
/// let error = load_str("openapi: 3.0.3\n", "api.yaml").unwrap_err();
/// let message = failure_message("api.yaml".as_ref(), &error);
/// assert!(message.starts_with("openapi-client-gen could not generate a client from api.yaml:\nerror: api.yaml at #"));
/// ```
pub fn failure_message(spec: &Path, error: &Error) -> String {
    let details = match error {
        Error::Spec(_) => error.to_string(),
        other => format!("error: {other}"),
    };
    format!("openapi-client-gen could not generate a client from {}:\n{details}", spec.display())
}
