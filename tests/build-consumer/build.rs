//! Regenerates the Flowglad client on every build where the spec or its settings file changed, plus
//! clients for two fixtures: the 3.1 webhooks one (payloads told apart by a type tag) and the `nullable`
//! one (properties that are absent, null or present), and the `additional-properties` one (undeclared
//! properties kept in a flattened map).

use openapi_client_gen::{Settings, build_script};

fn main() {
    build_script::generate_with_config("../../spec/checkout-sessions.yaml");
    build_script::generate("../fixtures/webhooks.yaml", &Settings::default().crate_name("pet-events"));
    // These two fixtures test schema shapes no operation uses, so every schema is generated.
    build_script::generate(
        "../fixtures/nullable.yaml",
        &Settings::default().crate_name("nullable_pets").emit_unreachable_types(true),
    );
    build_script::generate(
        "../fixtures/additional-properties.yaml",
        &Settings::default().crate_name("extra_props").emit_unreachable_types(true),
    );
}
