//! Generates a client module from each union fixture.

use openapi_client_gen::Settings;

fn main() {
    for (spec, name) in [
        ("../fixtures/unions-typed-tags.yaml", "typed_tags"),
        ("../fixtures/unions.yaml", "unions"),
        ("../fixtures/unions-untagged.yaml", "unions_untagged"),
        ("../fixtures/unions-any-shape.yaml", "any_shape"),
    ] {
        // The fixtures test schema shapes no operation uses, so every schema is generated.
        openapi_client_gen::build_script::generate(
            spec,
            &Settings::default().crate_name(name).emit_unreachable_types(true),
        );
    }
    // This fixture's one warning (an auth scheme the client does not compute, which is what it tests) is
    // snapshot-tested in fixtures.rs, so it is not repeated as a `cargo:warning` on every build.
    let fidelity = std::path::Path::new("../fixtures/typing-fidelity.yaml");
    println!("cargo:rerun-if-changed={}", fidelity.display());
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let settings = Settings::default().crate_name("fidelity").emit_unreachable_types(true);
    if let Err(error) = openapi_client_gen::build_script::try_generate(fidelity, &settings, out_dir.as_ref()) {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
