//! The `openapi-client-gen` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use openapi_client_gen::{
    Error, Generated, Settings, display_path, generate_path, load, regenerate_command, settings_for,
};

/// Generation makes and frees millions of small values (JSON nodes, names, tokens, strings); with the
/// system allocator a third of its time went to `malloc` and `free`.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed async Rust clients from OpenAPI 3.0 and 3.1 descriptions.
///
/// Exit codes: 0 success, 1 `check` found differences or `diff` found breaking changes, 2 bad input (spec,
/// config or I/O error).
#[derive(Debug, Parser)]
#[command(name = "openapi-client-gen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a complete client crate (Cargo.toml and src/) into a directory.
    Generate {
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        #[command(flatten)]
        target: Target,
    },
    /// Check that a directory holds exactly what `generate` would write; exit 1 and show a diff if not.
    Check {
        #[command(flatten)]
        target: Target,
    },
    /// Compare the Rust API two specs generate: each change, breaking or compatible for callers, and the
    /// version bump it needs; exit 1 if any change is breaking.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The spec the current crate was generated from.
    #[arg(long, value_name = "OLD_SPEC")]
    old: PathBuf,
    /// The spec the next crate is generated from.
    #[arg(long, value_name = "NEW_SPEC")]
    spec: PathBuf,
    /// A settings file for both (default: openapi-client-gen.toml next to the new spec, if present). Flags
    /// override it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    settings: SettingsArgs,
}

impl DiffArgs {
    fn run(&self) -> Result<openapi_client_gen::diff::ApiDiff, Error> {
        let settings = self.settings.apply(settings_for(&self.spec, self.config.as_deref())?);
        // Both specs are read before either is reported, so every problem shows at once.
        let (old, new) = (load::load_path(&self.old), load::load_path(&self.spec));
        let (old, new) = match (old, new) {
            (Ok(old), Ok(new)) => (old, new),
            (Err(Error::Spec(mut first)), Err(Error::Spec(second))) => {
                first.extend(second);
                return Err(Error::Spec(first));
            }
            (Err(error), _) | (_, Err(error)) => return Err(error),
        };
        openapi_client_gen::diff::diff(&old, &new, &settings)
    }
}

#[derive(Debug, Args)]
struct Target {
    /// The OpenAPI description (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The crate directory.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A settings file (default: openapi-client-gen.toml next to the spec, if present). Flags override it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    settings: SettingsArgs,
}

/// The settings as flags, with the config file's key names.
#[derive(Debug, Args)]
#[command(next_help_heading = "Settings (override the config file)")]
struct SettingsArgs {
    /// The package name (default: the spec's title).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The package version (default: 0.1.0).
    #[arg(long, value_name = "VERSION")]
    crate_version: Option<String>,
    /// The environment variable holding the API key (default: {CRATE}_API_KEY).
    #[arg(long, value_name = "VAR")]
    api_key_env: Option<String>,
    /// The environment variable holding the base URL (default: {CRATE}_BASE_URL).
    #[arg(long, value_name = "VAR")]
    base_url_env: Option<String>,
    /// The header the API honours as an idempotency key (such as Idempotency-Key): POST and PATCH
    /// requests then carry a generated key and are retried like other methods.
    #[arg(long, value_name = "HEADER")]
    idempotency_header: Option<String>,
    /// The package's SPDX license expression (default: the spec's info.license, if it names one).
    #[arg(long, value_name = "SPDX")]
    license: Option<String>,
    /// The URL of the package's repository, for Cargo.toml.
    #[arg(long, value_name = "URL")]
    repository: Option<String>,
    /// Generate the operations with this tag (repeatable; default: every operation).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Generate the operation with this operationId (repeatable; default: every operation).
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
    /// Generate the model types only: no client and no HTTP dependencies.
    #[arg(long)]
    types_only: bool,
    /// Add a derive to every generated type, such as `Eq` or `schemars::JsonSchema` (repeatable).
    #[arg(long = "derive", value_name = "PATH")]
    derives: Vec<String>,
    /// Use an existing Rust type for a schema instead of generating one (repeatable).
    #[arg(long = "replace-type", value_name = "SCHEMA=TYPE", value_parser = key_value)]
    type_replacements: Vec<(String, String)>,
    /// Name the type generated for a schema (repeatable).
    #[arg(long = "rename-type", value_name = "SCHEMA=NAME", value_parser = key_value)]
    type_names: Vec<(String, String)>,
    /// Name the method generated for an operation (repeatable).
    #[arg(long = "rename-operation", value_name = "ID=NAME", value_parser = key_value)]
    operation_names: Vec<(String, String)>,
    /// Leave out the variants that keep unknown enum values and union tags (unknown values become errors).
    #[arg(long)]
    no_unknown_variants: bool,
    /// Fail on constructs that would otherwise be skipped with a warning.
    #[arg(long)]
    strict: bool,
    /// Decode responses that lack properties the spec requires: those fields become Options that are
    /// None when absent (`new` still takes them, so requests are unchanged).
    #[arg(long)]
    lenient_responses: bool,
    /// Also write `conformance/`: a program that calls every operation once against a server (such as a
    /// validating mock) and prints one JSON line per operation.
    #[arg(long)]
    conformance: bool,
    /// Make each tag a cargo feature of the generated crate, all on by default (untagged operations:
    /// `untagged`).
    #[arg(long)]
    tag_features: bool,
    /// Also generate the schemas no operation or webhook uses (default: only what they reach).
    #[arg(long)]
    emit_unreachable_types: bool,
}

fn key_value(argument: &str) -> Result<(String, String), String> {
    match argument.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got `{argument}`")),
    }
}

impl SettingsArgs {
    /// Applies the flags over settings from the config file: values replace, lists and maps extend.
    fn apply(&self, mut settings: Settings) -> Settings {
        let SettingsArgs {
            crate_name,
            crate_version,
            api_key_env,
            base_url_env,
            idempotency_header,
            license,
            repository,
            tags,
            operations,
            types_only,
            derives,
            type_replacements,
            type_names,
            operation_names,
            no_unknown_variants,
            strict,
            lenient_responses,
            conformance,
            tag_features,
            emit_unreachable_types,
        } = self;
        settings.crate_name = crate_name.clone().or(settings.crate_name);
        settings.crate_version = crate_version.clone().unwrap_or(settings.crate_version);
        settings.api_key_env = api_key_env.clone().or(settings.api_key_env);
        settings.base_url_env = base_url_env.clone().or(settings.base_url_env);
        settings.idempotency_header = idempotency_header.clone().or(settings.idempotency_header);
        settings.license = license.clone().or(settings.license);
        settings.repository = repository.clone().or(settings.repository);
        settings.operations.tags.extend(tags.iter().cloned());
        settings.operations.operation_ids.extend(operations.iter().cloned());
        settings.types_only |= types_only;
        settings.extra_derives.extend(derives.iter().cloned());
        settings.type_replacements.extend(type_replacements.iter().cloned());
        settings.type_names.extend(type_names.iter().cloned());
        settings.operation_names.extend(operation_names.iter().cloned());
        settings.unknown_variants &= !no_unknown_variants;
        settings.strict |= strict;
        settings.lenient_responses |= lenient_responses;
        settings.conformance |= conformance;
        settings.tag_features |= tag_features;
        settings.emit_unreachable_types |= emit_unreachable_types;
        settings
    }

    /// The flags again, in a fixed order, for the regenerate command in headers.
    fn to_arguments(&self) -> Vec<String> {
        let mut arguments = Vec::new();
        let mut push = |flag: &str, value: &str| arguments.push(format!("--{flag} {}", shell_word(value)));
        let optional = [
            ("crate-name", &self.crate_name),
            ("crate-version", &self.crate_version),
            ("api-key-env", &self.api_key_env),
            ("base-url-env", &self.base_url_env),
            ("idempotency-header", &self.idempotency_header),
            ("license", &self.license),
            ("repository", &self.repository),
        ];
        for (flag, value) in optional {
            if let Some(value) = value {
                push(flag, value);
            }
        }
        let lists = [("tag", &self.tags), ("operation", &self.operations), ("derive", &self.derives)];
        for (flag, values) in lists {
            values.iter().for_each(|value| push(flag, value));
        }
        let pairs = [
            ("replace-type", &self.type_replacements),
            ("rename-type", &self.type_names),
            ("rename-operation", &self.operation_names),
        ];
        for (flag, values) in pairs {
            values.iter().for_each(|(key, value)| push(flag, &format!("{key}={value}")));
        }
        let switches = [
            ("types-only", self.types_only),
            ("no-unknown-variants", self.no_unknown_variants),
            ("strict", self.strict),
            ("lenient-responses", self.lenient_responses),
            ("conformance", self.conformance),
            ("tag-features", self.tag_features),
            ("emit-unreachable-types", self.emit_unreachable_types),
        ];
        arguments.extend(switches.into_iter().filter(|(_, on)| *on).map(|(flag, _)| format!("--{flag}")));
        arguments
    }
}

/// A value as a shell word: bare when it is plainly safe, single-quoted otherwise.
fn shell_word(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:/=@,+".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

impl Target {
    /// The command that regenerates this target, as shown in headers and drift reports.
    fn regenerate_command(&self) -> String {
        let mut arguments = Vec::new();
        if let Some(config) = &self.config {
            arguments.push(format!("--config {}", display_path(&config.to_string_lossy())));
        }
        arguments.extend(self.settings.to_arguments());
        regenerate_command(&self.spec.to_string_lossy(), &self.out.to_string_lossy(), &arguments)
    }

    fn run(&self) -> Result<Generated, Error> {
        let mut settings = self.settings.apply(settings_for(&self.spec, self.config.as_deref())?);
        settings.regenerate_command = Some(self.regenerate_command());
        generate_path(&self.spec, &settings)
    }
}

/// `println!` that ignores a closed stdout (`generate ... | head`) instead of panicking on it.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// mimalloc's number for its `purge_delay` option (`mi_option_e` in `mimalloc.h`; the Rust binding names
/// only the older options).
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Loading frees the parsed JSON while it builds the typed document from it; mimalloc would keep the
/// freed pages for a second, so that both count at the peak (161-179 MB rather than 120 MB for GitHub's
/// spec). Transparent huge pages are off for the same reason (the `no_thp` feature; 132 MB with them).
fn return_freed_memory_at_once() {
    // SAFETY: setting an option takes no pointers; mimalloc reads this one each time it purges.
    #[cfg(feature = "mimalloc")]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

/// `eprintln!` that ignores a closed stderr.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { target, quiet } => {
            let started = Instant::now();
            let result = target.run().and_then(|generated| {
                let written = generated.files.write(&target.out)?;
                Ok((generated, written))
            });
            match result {
                Ok((generated, written)) => {
                    if !quiet {
                        for warning in &generated.warnings {
                            err!("warning: {warning}");
                        }
                        let stages = generated.timings;
                        let total = started.elapsed();
                        let load = total.saturating_sub(stages.ir + stages.emit + stages.format);
                        out!(
                            "generated {} operations and {} types into {} ({} of {} files written) in {} ms \
                             (load and write {} ms, IR {} ms, emit {} ms, format {} ms)",
                            generated.operation_count,
                            generated.type_count,
                            target.out.display(),
                            written.len(),
                            generated.files.files.len(),
                            total.as_millis(),
                            load.as_millis(),
                            stages.ir.as_millis(),
                            stages.emit.as_millis(),
                            stages.format.as_millis(),
                        );
                        if generated.lenient_fields > 0 {
                            out!(
                                "lenient-responses: {} required properties of response types may be absent",
                                generated.lenient_fields
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Command::Check { target } => match target.run() {
            Ok(generated) => {
                let drift = generated.files.check(&target.out);
                if drift.is_empty() {
                    out!("{} is up to date", target.out.display());
                    return ExitCode::SUCCESS;
                }
                for (path, diff) in &drift.changed {
                    out!("differs: {path}\n{diff}");
                }
                for path in &drift.missing {
                    out!("missing: {path}");
                }
                out!(
                    "{} file(s) out of date; regenerate with:\n  {}",
                    drift.changed.len() + drift.missing.len(),
                    target.regenerate_command()
                );
                ExitCode::from(1)
            }
            Err(error) => fail(&error),
        },
        Command::Diff(args) => match args.run() {
            Ok(changes) => {
                out!("{changes}");
                if changes.is_breaking() { ExitCode::from(1) } else { ExitCode::SUCCESS }
            }
            Err(error) => fail(&error),
        },
    }
}

fn fail(error: &Error) -> ExitCode {
    err!("{}", error_text(error));
    ExitCode::from(2)
}

fn error_text(error: &Error) -> String {
    match error {
        Error::Spec(_) => error.to_string(),
        other => format!("error: {other}"),
    }
}

#[cfg(all(test, feature = "mimalloc"))]
mod tests {
    /// A renumbered option would silently set another: the number must name the option whose default is
    /// purge_delay's (1000 ms in mimalloc 3; the neighbours default to 1 and 0).
    #[test]
    fn the_purge_delay_number_names_mimallocs_option() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option takes no pointers.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
