//! What users pay to compile a generated crate: a fresh `cargo check` and a fresh `cargo build --release`
//! of the crate alone, dependencies prebuilt and the incremental cache off (`CARGO_INCREMENTAL=0`), as in
//! a CI run or after `cargo clean -p`; plus the size of the code.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use openapi_client_gen::{Settings, generate, load};

/// Generates `spec` into `target/bench/compile/<name>` as its own workspace and prints its table row: the
/// fresh check and release build times of the crate alone.
fn check_time(name: &str, spec: &Path) {
    let dir = crate::workspace().join("target/bench/compile").join(name);
    let loaded = load::load_path(spec).expect("spec loads");
    let generated = generate(&loaded, &Settings::default().crate_name(name)).expect("generates");
    generated.files.write(&dir).expect("writes");
    own_workspace(&dir).expect("manifest");
    let lock = crate::workspace().join("Cargo.lock");
    let _ = std::fs::copy(lock, dir.join("Cargo.lock"));
    let target = crate::workspace().join("target/bench/compile-target");
    let fresh = |command: &[&str]| {
        fresh_seconds(&dir, &target, command).unwrap_or_else(|why| panic!("generated crate {name}: {why}"))
    };
    let check = fresh(&["check"]);
    let release = fresh(&["build", "--release"]);
    let lines = crate::measure::rust_lines(&generated.files);
    let request_lines = generated.files.files.get("src/requests.rs").map_or(0, |text| text.lines().count());
    println!(
        "| {name} | {} | {} | {lines} | {request_lines} | {:.1} | **{check:.1} s** | {release:.1} s |",
        generated.operation_count,
        generated.type_count,
        request_lines as f64 / generated.operation_count.max(1) as f64
    );
}

/// Makes the crate in `dir` a workspace of its own, so that cargo builds it outside any enclosing one.
pub fn own_workspace(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|error| format!("no Cargo.toml: {error}"))?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// Seconds for `cargo <command>` of the crate in `dir` alone: a first run builds the dependencies (not
/// timed), then every source file is touched so that the timed run compiles the whole crate again, with
/// no incremental cache to reuse. The error names the command and cargo's first error line.
pub fn fresh_seconds(dir: &Path, target: &Path, command: &[&str]) -> Result<f64, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = || {
        let output = Command::new(&cargo)
            .args(command)
            .arg("--quiet")
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .map_err(|error| format!("cargo: {error}"))?;
        if output.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|line| line.starts_with("error")).unwrap_or("no error line");
        Err(format!("`cargo {}` fails: {first}", command.join(" ")))
    };
    run()?;
    touch_sources(&dir.join("src"));
    let started = Instant::now();
    run()?;
    Ok(started.elapsed().as_secs_f64())
}

/// Sets the modification time of every `.rs` file under `dir` to now, so cargo rebuilds the crate.
pub fn touch_sources(dir: &Path) {
    let now = std::time::SystemTime::now();
    for entry in std::fs::read_dir(dir).expect("source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            touch_sources(&path);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let file = std::fs::File::options().append(true).open(&path).expect("source file");
            file.set_modified(now).expect("set the modification time");
        }
    }
}

pub fn run() {
    println!(
        "\n### Compile time of the generated crate (fresh `cargo check` and `cargo build --release` of the crate alone, dependencies prebuilt, `CARGO_INCREMENTAL=0`)\n"
    );
    println!(
        "| crate | operations | types | lines of Rust | lines in requests.rs | request lines per operation | fresh check | fresh release build |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    check_time("checkout-sessions", &crate::workspace().join("spec/checkout-sessions.yaml"));
    check_time("github", &crate::github_spec());
    check_time("stripe", &crate::stripe_spec());
}
