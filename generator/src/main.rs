//! The `openapi-client-gen` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use openapi_client_gen::{Error, Generated, Settings, generate, load, regenerate_command, settings_for};

/// Generates typed async Rust clients from OpenAPI 3.0 descriptions.
///
/// Exit codes: 0 success, 1 `check` found differences, 2 bad input (spec, config or I/O error).
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
        #[command(flatten)]
        target: Target,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check that a directory holds exactly what `generate` would write; exit 1 and show a diff if not.
    Check {
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Debug, Args)]
struct Target {
    /// The OpenAPI description (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The crate directory.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The package name (default: from the config file, else the spec's title).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// A settings file (default: openapi-client-gen.toml next to the spec, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

impl Target {
    /// The command that regenerates this target, as shown in headers and drift reports.
    fn regenerate_command(&self) -> String {
        regenerate_command(
            &self.spec.to_string_lossy(),
            &self.out.to_string_lossy(),
            self.crate_name.as_deref(),
            self.config.as_ref().map(|config| config.to_string_lossy()).as_deref(),
        )
    }

    fn run(&self) -> Result<Generated, Error> {
        let mut settings: Settings = settings_for(&self.spec, self.config.as_deref())?;
        if let Some(name) = &self.crate_name {
            settings.crate_name = Some(name.clone());
        }
        settings.regenerate_command = Some(self.regenerate_command());
        let spec = load::load_path(&self.spec)?;
        generate(&spec, &settings)
    }
}

fn main() -> ExitCode {
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
                            eprintln!("warning: {warning}");
                        }
                        println!(
                            "generated {} operations and {} types into {} ({} of {} files written) in {} ms",
                            generated.operation_count,
                            generated.type_count,
                            target.out.display(),
                            written.len(),
                            generated.files.files.len(),
                            started.elapsed().as_millis()
                        );
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
                    println!("{} is up to date", target.out.display());
                    return ExitCode::SUCCESS;
                }
                for (path, diff) in &drift.changed {
                    println!("differs: {path}\n{diff}");
                }
                for path in &drift.missing {
                    println!("missing: {path}");
                }
                println!(
                    "{} file(s) out of date; regenerate with:\n  {}",
                    drift.changed.len() + drift.missing.len(),
                    target.regenerate_command()
                );
                ExitCode::from(1)
            }
            Err(error) => fail(&error),
        },
    }
}

fn fail(error: &Error) -> ExitCode {
    eprintln!("{}", error_text(error));
    ExitCode::from(2)
}

fn error_text(error: &Error) -> String {
    match error {
        Error::Spec(_) => error.to_string(),
        other => format!("error: {other}"),
    }
}
