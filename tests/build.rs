//! Generates the mixed-security fixture into `OUT_DIR`, so that `tests/credentials.rs` can call it against
//! loopback servers (fixture crates are otherwise only compiled, in `fixtures.rs`).

fn main() {
    let settings = openapi_client_gen::Settings::default().crate_name("security");
    openapi_client_gen::build_script::generate("fixtures/security.yaml", &settings);
}
