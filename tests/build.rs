//! Generates the mixed-security fixture into `OUT_DIR`, so that `tests/credentials.rs` can call it against
//! loopback servers (fixture crates are otherwise only compiled, in `fixtures.rs`), and the lenient
//! fixture with and without `lenient-responses`, for `tests/lenient.rs`, the Swagger 2.0 and multi-file
//! fixtures, for `tests/inputs.rs`, and the additional-properties fixture, for `tests/objects.rs`.

use std::path::Path;

fn main() {
    let spec = Path::new("fixtures/security.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let settings = openapi_client_gen::Settings::default().crate_name("security");
    // The fixture's warning (a scheme the client cannot apply) is expected and snapshot-tested in
    // fixtures.rs, so it is not repeated as a `cargo:warning` on every build.
    if let Err(error) = openapi_client_gen::build_script::try_generate(spec, &settings, Path::new(&out_dir)) {
        eprintln!("{error}");
        std::process::exit(1);
    }
    let lenient = Path::new("fixtures/lenient.yaml");
    println!("cargo:rerun-if-changed={}", lenient.display());
    for (name, on) in [("lenient-off", false), ("lenient-on", true)] {
        let settings = openapi_client_gen::Settings::default().crate_name(name).lenient_responses(on);
        if let Err(error) = openapi_client_gen::build_script::try_generate(lenient, &settings, Path::new(&out_dir)) {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
    // Read through `load_path` like the CLI; every file the spec reads is an input of this build.
    for (spec, name) in [
        ("fixtures/swagger2/petstore.yaml", "swagger-pets"),
        ("fixtures/multi-file/petstore/openapi.yaml", "multi-file-pets"),
        ("fixtures/additional-properties.yaml", "additional-properties"),
    ] {
        // Every schema of the additional-properties fixture is a case, reached by an operation or not.
        let settings = openapi_client_gen::Settings::default().crate_name(name).emit_unreachable_types(true);
        match openapi_client_gen::build_script::try_generate(Path::new(spec), &settings, Path::new(&out_dir)) {
            Ok(output) => {
                for input in &output.inputs {
                    println!("cargo:rerun-if-changed={}", input.display());
                }
            }
            Err(error) => {
                eprintln!("{error}");
                std::process::exit(1);
            }
        }
    }
}
