//! Generates the clients of the pagination and server-sent events fixtures into `OUT_DIR`.

use openapi_client_gen::{Settings, build_script, settings_for};

fn main() {
    let pages = "../fixtures/pagination.yaml";
    let settings = settings_for(pages.as_ref(), Some("../fixtures/pagination.toml".as_ref()))
        .unwrap_or_else(|error| panic!("{error}"));
    build_script::generate(pages, &settings);
    println!("cargo:rerun-if-changed=../fixtures/pagination.toml");
    build_script::generate("../fixtures/sse.yaml", &Settings::default().crate_name("events"));
}
