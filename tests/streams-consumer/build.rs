//! Generates the clients of the pagination, server-sent events and OpenAPI 3.2 fixtures into `OUT_DIR`.

use std::path::Path;

use openapi_client_gen::{Settings, build_script, settings_for};

fn main() {
    let pages = "../fixtures/pagination.yaml";
    let settings = settings_for(pages.as_ref(), Some("../fixtures/pagination.toml".as_ref()))
        .unwrap_or_else(|error| panic!("{error}"));
    build_script::generate(pages, &settings);
    println!("cargo:rerun-if-changed=../fixtures/pagination.toml");
    build_script::generate("../fixtures/sse.yaml", &Settings::default().crate_name("events"));
    // The 3.2 fixture's warnings (additions the client does not use) are snapshot-tested in `tests`, so
    // they are not repeated as a `cargo:warning` on every build.
    let logs = Path::new("../fixtures/openapi-3-2.yaml");
    println!("cargo:rerun-if-changed={}", logs.display());
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let settings = Settings::default().crate_name("logs");
    if let Err(error) = build_script::try_generate(logs, &settings, Path::new(&out_dir)) {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
