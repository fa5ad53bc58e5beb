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
}
