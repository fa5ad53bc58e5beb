//! Regenerates the Flowglad client on every build where the spec or its settings file changed, and the
//! `nullable` fixture's client for the tests of absent, null and present properties.

fn main() {
    openapi_client_gen::build_script::generate_with_config("../../spec/checkout-sessions.yaml");
    openapi_client_gen::build_script::generate(
        "../fixtures/nullable.yaml",
        &openapi_client_gen::Settings::default().crate_name("nullable"),
    );
}
