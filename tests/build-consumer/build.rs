//! Regenerates the Flowglad client on every build where the spec or its settings file changed.

fn main() {
    openapi_client_gen::build_script::generate_with_config("../../spec/checkout-sessions.yaml");
}
