//! `bench side-by-side`: our generator against other OpenAPI generators with a Rust target on the same
//! specs, in the same run: generation time, peak memory, lines of Rust, and what users pay to compile
//! the output (a fresh `cargo check` and, with `--release`, a fresh `cargo build --release` of the crate
//! alone), each also as the other generator's figure divided by ours.
//!
//! Each generator runs as its own process under GNU `time` (for the peak resident memory), five times
//! into a fresh directory; the median wall time is reported. The other generators are installed on
//! first use into `target/bench/<name>` at a pinned version: ploidy and progenitor with `cargo install`,
//! openapi-generator (a Java program; Java 17 must be installed) from PyPI into a virtual environment. A
//! generator that fails on a spec gets a row saying so, with the first line of its error.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Where a generator comes from.
enum Install {
    /// Ours, built from this workspace.
    Workspace,
    /// `cargo install <crate> --version <version>`.
    Cargo(&'static str, &'static str),
    /// `pip install <package>==<version>` into a virtual environment.
    Pip(&'static str, &'static str),
}

/// How one generator is installed and run.
struct Generator {
    name: &'static str,
    install: Install,
    /// The installed binary, relative to its install root.
    binary: &'static str,
    /// The arguments for generating `spec` into `out` as the crate `name`.
    arguments: fn(&Path, &Path, &str) -> Vec<String>,
}

fn ours(spec: &Path, out: &Path, name: &str) -> Vec<String> {
    let (spec, out) = (spec.display().to_string(), out.display().to_string());
    ["generate", "--spec", &spec, "--out", &out, "--crate-name", name].map(str::to_owned).to_vec()
}

fn ploidy(spec: &Path, out: &Path, name: &str) -> Vec<String> {
    let (spec, out) = (spec.display().to_string(), out.display().to_string());
    ["generate", "rust", &spec, "-o", &out, "--name", name].map(str::to_owned).to_vec()
}

fn progenitor(spec: &Path, out: &Path, name: &str) -> Vec<String> {
    let (spec, out) = (spec.display().to_string(), out.display().to_string());
    ["progenitor", "-i", &spec, "-o", &out, "-n", name, "-v", "0.1.0"].map(str::to_owned).to_vec()
}

/// openapi-generator's `rust` target with its defaults (reqwest); its spec validation is skipped, as it
/// rejects GitHub's description (`$ref` with siblings) that the other generators read. The crate version
/// is set, as it otherwise takes the API's (Stripe's `2020-08-27` is no semver version for cargo).
fn openapi_generator(spec: &Path, out: &Path, name: &str) -> Vec<String> {
    let (spec, out) = (spec.display().to_string(), out.display().to_string());
    let package = format!("--additional-properties=packageName={name},packageVersion=0.1.0");
    ["generate", "-g", "rust", "-i", &spec, "-o", &out, &package, "--skip-validate-spec"].map(str::to_owned).to_vec()
}

const GENERATORS: &[Generator] = &[
    Generator { name: "openapi-client-gen", install: Install::Workspace, binary: "", arguments: ours },
    Generator { name: "ploidy", install: Install::Cargo("ploidy", "0.15.0"), binary: "bin/ploidy", arguments: ploidy },
    Generator {
        name: "openapi-generator",
        install: Install::Pip("openapi-generator-cli", "7.26.0"),
        binary: "bin/openapi-generator-cli",
        arguments: openapi_generator,
    },
    Generator {
        name: "progenitor",
        install: Install::Cargo("cargo-progenitor", "0.15.1"),
        binary: "bin/cargo-progenitor",
        arguments: progenitor,
    },
];

/// What one generator did with one spec.
struct Measured {
    time: Duration,
    peak_bytes: u64,
    lines: usize,
    check: Option<f64>,
    release: Option<f64>,
}

/// Our CLI, built in release mode next to this binary (with the bench, so that features unify alike
/// and nothing is rebuilt).
fn our_binary() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "benchmarks", "-p", "openapi-client-gen"])
        .current_dir(crate::workspace())
        .status()
        .map_err(|error| format!("cargo: {error}"))?;
    if !status.success() {
        return Err("`cargo build --release -p openapi-client-gen` failed".to_owned());
    }
    Ok(crate::workspace().join("target/release/openapi-client-gen"))
}

/// Installs `name` at `version` into a root directory.
type Installer = fn(&Path, &str, &str) -> Result<(), String>;

/// The generator's binary, installed on first use.
fn binary(generator: &Generator, install: bool) -> Result<PathBuf, String> {
    let (name, version, installer): (&str, &str, Installer) = match generator.install {
        Install::Workspace => return our_binary(),
        Install::Cargo(krate, version) => (krate, version, cargo_install),
        Install::Pip(package, version) => (package, version, pip_install),
    };
    let root = crate::workspace().join("target/bench").join(generator.name);
    let binary = root.join(generator.binary);
    if binary.is_file() {
        return Ok(binary);
    }
    if !install {
        return Err(format!("{name} {version} is not installed (run without --no-install)"));
    }
    eprintln!("installing {name} {version} into {} (takes minutes) ...", root.display());
    installer(&root, name, version)?;
    if !binary.is_file() {
        return Err(format!("installing {name} {version} left no {}", binary.display()));
    }
    Ok(binary)
}

fn cargo_install(root: &Path, krate: &str, version: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["install", krate, "--locked", "--version", version, "--root"])
        .arg(root)
        .status()
        .map_err(|error| format!("cargo install: {error}"))?;
    status.success().then_some(()).ok_or_else(|| format!("`cargo install {krate} --version {version}` failed"))
}

fn pip_install(root: &Path, package: &str, version: &str) -> Result<(), String> {
    let venv = Command::new("python3").args(["-m", "venv"]).arg(root).status();
    if !venv.is_ok_and(|status| status.success()) {
        return Err("`python3 -m venv` failed (is python3-venv installed?)".to_owned());
    }
    let status = Command::new(root.join("bin/pip"))
        .args(["install", "--quiet", &format!("{package}=={version}")])
        .status()
        .map_err(|error| format!("pip: {error}"))?;
    status.success().then_some(()).ok_or_else(|| format!("`pip install {package}=={version}` failed"))
}

/// Runs `binary` under GNU `time`: its wall time and peak resident memory, or its error's first line.
fn run_once(binary: &Path, arguments: &[String]) -> Result<(Duration, u64), String> {
    let report = crate::workspace().join("target/bench/side-by-side/time.txt");
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(binary)
        .args(arguments)
        .output()
        .map_err(|error| format!("cannot run /usr/bin/time (GNU time is needed for peak memory): {error}"))?;
    let time = started.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("no message");
        return Err(format!("failed: {}", first.trim()));
    }
    let kib: u64 = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| text.lines().last().and_then(|line| line.trim().parse().ok()))
        .ok_or("GNU time wrote no peak memory")?;
    Ok((time, kib * 1024))
}

/// Lines of Rust under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                std::fs::read_to_string(&path).map_or(0, |text| text.lines().count())
            } else {
                0
            }
        })
        .sum()
}

/// Seconds for a fresh `cargo <command>` of the crate in `dir` alone (see [`crate::compile::fresh_seconds`]),
/// in a target directory shared by all generated crates, so that each dependency builds once.
fn fresh_seconds(dir: &Path, command: &[&str]) -> Result<f64, String> {
    crate::compile::own_workspace(dir)?;
    let target = crate::workspace().join("target/bench/compile-target");
    crate::compile::fresh_seconds(dir, &target, command)
}

/// Which compile times to measure.
#[derive(Clone, Copy)]
pub struct Builds {
    /// A fresh `cargo check`.
    pub check: bool,
    /// A fresh `cargo build --release`.
    pub release: bool,
}

/// Generations timed per generator and spec; the median is reported (issue 24 asks for the median of 5).
const GENERATION_RUNS: usize = 5;

fn measure(generator: &Generator, binary: &Path, spec: &Path, label: &str, builds: Builds) -> Result<Measured, String> {
    let out = crate::workspace().join("target/bench/side-by-side").join(generator.name).join(label);
    let crate_name = format!("{label}-client");
    let arguments = (generator.arguments)(spec, &out, &crate_name);
    let mut times = Vec::new();
    let mut peak_bytes = 0;
    for _ in 0..GENERATION_RUNS {
        let _ = std::fs::remove_dir_all(&out);
        let (time, peak) = run_once(binary, &arguments)?;
        times.push(time);
        peak_bytes = peak_bytes.max(peak);
    }
    times.sort();
    let lines = rust_lines(&out);
    let check = if builds.check { Some(fresh_seconds(&out, &["check"])?) } else { None };
    let release = if builds.release { Some(fresh_seconds(&out, &["build", "--release"])?) } else { None };
    Ok(Measured { time: times[GENERATION_RUNS / 2], peak_bytes, lines, check, release })
}

fn ratio(theirs: f64, ours: f64) -> String {
    if ours > 0.0 { format!("{:.2}x", theirs / ours) } else { "–".to_owned() }
}

/// A spec `--spec` can name, and how to fetch it.
type NamedSpec = (&'static str, fn() -> PathBuf);

/// Runs every generator on GitHub's and Stripe's specs (or only the one `only` names), with the compile
/// times `builds` asks for; `install` installs the generators that are missing.
pub fn run(builds: Builds, install: bool, only: Option<&str>) {
    let known: [NamedSpec; 2] = [("github", crate::github_spec), ("stripe", crate::stripe_spec)];
    if let Some(name) = only.filter(|name| !known.iter().any(|(known, _)| known == name)) {
        eprintln!("unknown spec `{name}` for side-by-side; use --spec github or --spec stripe");
        std::process::exit(2);
    }
    // Only the specs asked for are fetched.
    let specs: Vec<(&str, PathBuf)> = known
        .into_iter()
        .filter(|(name, _)| only.is_none_or(|only| only == *name))
        .map(|(name, spec)| (name, spec()))
        .collect();
    std::fs::create_dir_all(crate::workspace().join("target/bench/side-by-side")).expect("creates target/bench");
    let binaries: Vec<Result<PathBuf, String>> =
        GENERATORS.iter().map(|generator| binary(generator, install)).collect();
    println!("\n### Side by side (each generator in its own process; ratios are theirs / ours)\n");
    println!(
        "| spec | generator | generation | peak memory | lines of Rust | fresh cargo check | fresh release build | time ratio | memory ratio | lines ratio | check ratio |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (label, spec) in &specs {
        let mut baseline: Option<Measured> = None;
        for (generator, binary) in GENERATORS.iter().zip(&binaries) {
            let measured = binary.clone().and_then(|binary| measure(generator, &binary, spec, label, builds));
            eprintln!("side-by-side: {} on {label} done", generator.name);
            let row = match &measured {
                Ok(m) => {
                    let base = baseline.as_ref().unwrap_or(m);
                    let seconds = |value: Option<f64>| value.map_or("not run".to_owned(), |s| format!("{s:.1} s"));
                    let check_ratio = match (m.check, base.check) {
                        (Some(theirs), Some(ours)) => ratio(theirs, ours),
                        _ => "–".to_owned(),
                    };
                    format!(
                        "{:.2} s | {:.0} MB | {} | {} | {} | {} | {} | {} | {check_ratio}",
                        m.time.as_secs_f64(),
                        m.peak_bytes as f64 / 1e6,
                        m.lines,
                        seconds(m.check),
                        seconds(m.release),
                        ratio(m.time.as_secs_f64(), base.time.as_secs_f64()),
                        ratio(m.peak_bytes as f64, base.peak_bytes as f64),
                        ratio(m.lines as f64, base.lines as f64),
                    )
                }
                Err(why) => format!("not run: {} | | | | | | | | ", why.replace('|', "\\|")),
            };
            println!("| {label} | {} | {row} |", generator.name);
            if matches!(generator.install, Install::Workspace) {
                baseline = measured.ok();
            }
        }
    }
}
