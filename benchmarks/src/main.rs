//! `cargo run --release -p benchmarks --bin bench -- <what>`: the figures in BENCHMARKS.md.
//!
//! - `generation`: in-process generation of our spec and GitHub's, by stage, against the JSON-parse floor;
//! - `scaling`: synthetic specs of 10 to 10,000 operations, time and peak memory, with the fitted exponent;
//! - `compile`: `cargo check` wall time of the generated crates, dependencies prebuilt, and lines per operation;
//! - `decode`: a 100-item page into the generated types against hand-written serde types;
//! - `tag-features [SPEC ...]`: `cargo check` of crates generated with tag features, all features against one tag
//!   (not part of `all`);
//! - `all`: everything above, in that order.
//!
//! Timings are medians of repeated runs after a warm-up; each section prints a Markdown table.

mod compile;
mod decode;
mod generation;
mod handwritten;
mod measure;
mod scaling;
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
            eprintln!("unknown benchmark `{other}`; use generation, scaling, compile, decode, tag-features or all");
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
