//! `bench tag-features [SPEC ...]`: `cargo check` of crates generated with the `tag-features` setting,
//! dependencies prebuilt, with every feature (the default), with none, and with one tag alone (the tag with
//! the most operations, and the median one). GitHub's spec when no spec is given.
//!
//! The target directory is `$CARGO_TARGET_DIR` when set (so a workspace's prebuilt dependencies serve),
//! else `target/bench/compile-target`, the `compile` bench's. Each figure is the median of three checks
//! after a warm-up check, each after touching `lib.rs`, as `compile` measures.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use openapi_client_gen::{Settings, generate, load};

const RUNS: usize = 3;

pub fn run(specs: &[String]) {
    let specs: Vec<PathBuf> =
        if specs.is_empty() { vec![crate::github_spec()] } else { specs.iter().map(PathBuf::from).collect() };
    println!("\n### `cargo check` with tag features (dependencies prebuilt; median of {RUNS})\n");
    println!(
        "| spec | features | operations compiled | lines of Rust | cargo check | command (in the crate's directory) |"
    );
    println!("| --- | --- | ---: | ---: | ---: | --- |");
    for spec in specs {
        measure(&spec);
    }
}

/// A feature of the generated crate, with the operations it compiles.
struct TagFeature {
    name: String,
    operations: usize,
}

fn measure(spec: &Path) {
    let name = crate_name(spec);
    let dir = crate::workspace().join("target/bench/tag-features").join(&name);
    let loaded = load::load_path(spec).expect("spec loads");
    let settings = Settings::default().crate_name(name.as_str()).tag_features(true);
    let generated = generate(&loaded, &settings).expect("generates");
    generated.files.write(&dir).expect("writes");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    if !manifest.contains("[workspace]") {
        std::fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).expect("manifest");
    }
    let _ = std::fs::copy(crate::workspace().join("Cargo.lock"), dir.join("Cargo.lock"));
    let lines = crate::measure::rust_lines(&generated.files);
    let mut tags = tag_features(&manifest);
    tags.sort_by(|a, b| b.operations.cmp(&a.operations).then(a.name.cmp(&b.name)));
    let total = generated.operation_count;
    // The small cases first: the whole crate is the slow one.
    let mut cases: Vec<(String, Vec<String>, usize)> =
        vec![(String::from("none"), vec![String::from("--no-default-features")], 0)];
    let mut picked: Vec<&TagFeature> = tags.iter().take(1).collect();
    if let Some(median) =
        tags.get(tags.len() / 2).filter(|median| tags.len() > 1 && !picked.iter().any(|p| p.name == median.name))
    {
        picked.push(median);
    }
    for tag in picked {
        let args = vec![String::from("--no-default-features"), String::from("--features"), tag.name.clone()];
        cases.push((format!("`{}` alone", tag.name), args, tag.operations));
    }
    cases.push((String::from("default (all)"), Vec::new(), total));
    for (label, args, operations) in cases {
        let seconds = check_median(&dir, &args);
        let command =
            std::iter::once("cargo check").chain(args.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
        println!("| {name} | {label} | {operations} of {total} | {lines} | **{seconds:.1} s** | `{command}` |");
    }
}

/// The tag features the manifest declares, with the operation count its comment gives.
fn tag_features(manifest: &str) -> Vec<TagFeature> {
    let mut features = Vec::new();
    let mut operations = None;
    for line in manifest.lines() {
        if line.starts_with("# ") && line.ends_with("and the types they use.") {
            operations =
                line.rsplit_once(": ").and_then(|(_, rest)| rest.split(' ').next()).and_then(|n| n.parse().ok());
        } else if let (Some(count), Some(name)) = (operations.take(), line.strip_suffix(" = []")) {
            features.push(TagFeature { name: name.to_owned(), operations: count });
        }
    }
    features
}

fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = if stem == "api.github.com" { "github".to_owned() } else { stem };
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("tags-{}", name.trim_matches('-'))
}

/// A warm-up check (building the crate's dependencies for these features if needed), then the median
/// of [`RUNS`] checks, each after touching `lib.rs`.
fn check_median(dir: &Path, args: &[String]) -> f64 {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace().join("target/bench/compile-target"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = || {
        let status = Command::new(&cargo)
            .args(["check", "--quiet"])
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "{} does not check with {args:?}", dir.display());
    };
    check();
    let lib = dir.join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).expect("lib.rs");
    let mut times = Vec::new();
    for run in 0..RUNS {
        std::fs::write(&lib, format!("{source}{}", "\n".repeat(run + 1))).expect("touch");
        let started = Instant::now();
        check();
        times.push(started.elapsed().as_secs_f64());
    }
    std::fs::write(&lib, source).expect("restore");
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_features_and_their_operation_counts() {
        let manifest = "[features]\ndefault = [\"pets\", \"untagged\"]\n# Tag \"pets\": 3 operations and the types they use.\npets = []\n\
                        # Operations without a tag: 1 operation and the types they use.\nuntagged = []\n# Webhooks.\nwebhooks = [\"dep:hmac\"]\n";
        let features = tag_features(manifest);
        let found: Vec<(&str, usize)> = features.iter().map(|f| (f.name.as_str(), f.operations)).collect();
        assert_eq!(found, [("pets", 3), ("untagged", 1)]);
    }
}
