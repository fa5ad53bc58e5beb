//! `cargo check` wall time of generated crates, dependencies prebuilt, and the size of the code.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use openapi_client_gen::{Settings, generate, load};

/// Generates `spec` into `target/bench/compile/<name>` as its own workspace, checks it once to build the
/// dependencies, then times a second check after touching the crate's sources, and prints its table row.
fn check_time(name: &str, spec: &Path) {
    let dir = crate::workspace().join("target/bench/compile").join(name);
    let loaded = load::load_path(spec).expect("spec loads");
    let generated = generate(&loaded, &Settings::default().crate_name(name)).expect("generates");
    generated.files.write(&dir).expect("writes");
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    }
    let lock = crate::workspace().join("Cargo.lock");
    let _ = std::fs::copy(lock, dir.join("Cargo.lock"));
    let target = crate::workspace().join("target/bench/compile-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = || {
        let status = Command::new(&cargo)
            .args(["check", "--quiet"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "generated crate {name} does not check");
    };
    check();
    let lib = dir.join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(&lib, format!("{source}\n")).expect("touch");
    let started = Instant::now();
    check();
    let seconds = started.elapsed().as_secs_f64();
    std::fs::write(&lib, source).expect("restore");
    let lines = crate::measure::rust_lines(&generated.files);
    let request_lines = generated.files.files.get("src/requests.rs").map_or(0, |text| text.lines().count());
    println!(
        "| {name} | {} | {} | {lines} | {request_lines} | {:.1} | **{seconds:.1} s** |",
        generated.operation_count,
        generated.type_count,
        request_lines as f64 / generated.operation_count.max(1) as f64
    );
}

pub fn run() {
    println!("\n### Compile time of the generated crate (`cargo check`, dependencies prebuilt)\n");
    println!(
        "| crate | operations | types | lines of Rust | lines in requests.rs | request lines per operation | cargo check |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    check_time("checkout-sessions", &crate::workspace().join("spec/checkout-sessions.yaml"));
    check_time("github", &crate::github_spec());
    check_time("stripe", &crate::stripe_spec());
}
