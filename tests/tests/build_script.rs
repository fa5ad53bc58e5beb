//! A spec error in `build.rs` fails the build with the file, JSON pointer and reason, not a panic.

use std::process::Command;

use tests::workspace_root;

const BROKEN_SPEC: &str = r#"openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
"#;

#[test]
fn a_spec_error_fails_the_build_with_a_readable_message() {
    let root = workspace_root();
    let dir = root.join("target/build-script-failure");
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    let generator = root.join("generator").to_string_lossy().replace('\\', "/");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"broken-consumer\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [build-dependencies]\nopenapi-client-gen = {{ path = \"{generator}\" }}\n\n[workspace]\n"
        ),
    )
    .expect("manifest");
    std::fs::write(
        dir.join("build.rs"),
        "fn main() {\n    openapi_client_gen::build_script::generate(\"api.yaml\", &openapi_client_gen::Settings::default());\n}\n",
    )
    .expect("build.rs");
    std::fs::write(dir.join("src/lib.rs"), "").expect("lib.rs");
    std::fs::write(dir.join("api.yaml"), BROKEN_SPEC).expect("spec");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .expect("run cargo build");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail:\n{stderr}");
    assert!(stderr.contains("openapi-client-gen could not generate a client from api.yaml:"), "{stderr}");
    assert!(
        stderr.contains(
            "error: api.yaml at #/paths/~1pets/get/responses/200/content/application~1json/schema: \
             `$ref: #/components/schemas/Missing` points at nothing"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("help: define `Missing` under `#/components/schemas`"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
