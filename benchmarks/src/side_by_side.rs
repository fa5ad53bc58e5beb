//! `bench side-by-side`: our generator against other Rust OpenAPI generators on the same specs, in the
//! same run: generation time, peak memory, lines of Rust and `cargo check` time of the output, each as
//! the other generator's figure divided by ours.
//!
//! Each generator runs as its own process under GNU `time` (for the peak resident memory), three times
//! into a fresh directory; the median wall time is reported. The other generators are installed on
//! first use into `target/bench/<name>` with `cargo install`, at a pinned version. A generator that fails
//! on a spec gets a row saying so, with the first line of its error.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How one generator is installed and run.
struct Generator {
    name: &'static str,
    /// `cargo install` arguments (crate, version); `None` for ours.
    install: Option<(&'static str, &'static str)>,
    /// The installed binary, relative to its `--root`.
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

const GENERATORS: &[Generator] = &[
    Generator { name: "openapi-client-gen", install: None, binary: "openapi-client-gen", arguments: ours },
    Generator { name: "ploidy", install: Some(("ploidy", "0.15.0")), binary: "bin/ploidy", arguments: ploidy },
    Generator {
        name: "progenitor",
        install: Some(("cargo-progenitor", "0.15.1")),
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

/// The generator's binary, installed with `cargo install` on first use.
fn binary(generator: &Generator, install: bool) -> Result<PathBuf, String> {
    let Some((krate, version)) = generator.install else { return our_binary() };
    let root = crate::workspace().join("target/bench").join(generator.name);
    let binary = root.join(generator.binary);
    if !binary.is_file() && !install {
        return Err(format!("{krate} {version} is not installed (run without --no-install)"));
    }
    if !binary.is_file() {
        eprintln!("installing {krate} {version} into {} (takes minutes) ...", root.display());
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["install", krate, "--locked", "--version", version, "--root"])
            .arg(&root)
            .status()
            .map_err(|error| format!("cargo install: {error}"))?;
        if !status.success() || !binary.is_file() {
            return Err(format!("`cargo install {krate} --version {version}` failed"));
        }
    }
    Ok(binary)
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

/// A fresh `cargo check` of the crate in `dir` alone, as a user's clean build or CI run meets it: its
/// dependencies built by a first check (a target directory shared by all generated crates, so each
/// dependency builds once), then every source touched and checked again with `CARGO_INCREMENTAL=0`.
fn check_seconds(dir: &Path) -> Result<f64, String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|error| format!("no Cargo.toml: {error}"))?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|error| error.to_string())?;
    }
    let target = crate::workspace().join("target/bench/compile-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = || {
        let output = Command::new(&cargo)
            .args(["check", "--quiet"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .map_err(|error| error.to_string())?;
        if output.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().find(|line| line.starts_with("error")).unwrap_or("cargo check failed");
            Err(format!("does not check: {first}"))
        }
    };
    check()?;
    crate::compile::touch_sources(&dir.join("src"));
    let started = Instant::now();
    check()?;
    Ok(started.elapsed().as_secs_f64())
}

fn measure(
    generator: &Generator,
    binary: &Path,
    spec: &Path,
    label: &str,
    with_check: bool,
) -> Result<Measured, String> {
    let out = crate::workspace().join("target/bench/side-by-side").join(generator.name).join(label);
    let crate_name = format!("{label}-client");
    let arguments = (generator.arguments)(spec, &out, &crate_name);
    let mut times = Vec::new();
    let mut peak_bytes = 0;
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&out);
        let (time, peak) = run_once(binary, &arguments)?;
        times.push(time);
        peak_bytes = peak_bytes.max(peak);
    }
    times.sort();
    let lines = rust_lines(&out);
    let check = if with_check { Some(check_seconds(&out)?) } else { None };
    Ok(Measured { time: times[1], peak_bytes, lines, check })
}

fn ratio(theirs: f64, ours: f64) -> String {
    if ours > 0.0 { format!("{:.2}x", theirs / ours) } else { "–".to_owned() }
}

/// Runs every generator on GitHub's and Stripe's specs; `with_check` adds the `cargo check` columns,
/// `install` installs the generators that are missing.
pub fn run(with_check: bool, install: bool) {
    let specs = [("github", crate::github_spec()), ("stripe", crate::stripe_spec())];
    std::fs::create_dir_all(crate::workspace().join("target/bench/side-by-side")).expect("creates target/bench");
    let binaries: Vec<Result<PathBuf, String>> =
        GENERATORS.iter().map(|generator| binary(generator, install)).collect();
    println!("\n### Side by side (each generator in its own process; ratios are theirs / ours)\n");
    println!(
        "| spec | generator | generation | peak memory | lines of Rust | fresh cargo check | time ratio | memory ratio | lines ratio | check ratio |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (label, spec) in &specs {
        let mut baseline: Option<Measured> = None;
        for (generator, binary) in GENERATORS.iter().zip(&binaries) {
            let measured = binary.clone().and_then(|binary| measure(generator, &binary, spec, label, with_check));
            eprintln!("side-by-side: {} on {label} done", generator.name);
            let row = match &measured {
                Ok(m) => {
                    let base = baseline.as_ref().unwrap_or(m);
                    let check = m.check.map_or("not run".to_owned(), |seconds| format!("{seconds:.1} s"));
                    let check_ratio = match (m.check, base.check) {
                        (Some(theirs), Some(ours)) => ratio(theirs, ours),
                        _ => "–".to_owned(),
                    };
                    format!(
                        "{:.2} s | {:.0} MB | {} | {check} | {} | {} | {} | {check_ratio}",
                        m.time.as_secs_f64(),
                        m.peak_bytes as f64 / 1e6,
                        m.lines,
                        ratio(m.time.as_secs_f64(), base.time.as_secs_f64()),
                        ratio(m.peak_bytes as f64, base.peak_bytes as f64),
                        ratio(m.lines as f64, base.lines as f64),
                    )
                }
                Err(why) => format!("not run: {} | | | | | | | ", why.replace('|', "\\|")),
            };
            println!("| {label} | {} | {row} |", generator.name);
            if generator.install.is_none() {
                baseline = measured.ok();
            }
        }
        println!(
            "| {label} | openapi-generator (rust) | not run: needs a JVM and its jar, which the bench does not install | | | | | | | |"
        );
    }
}
