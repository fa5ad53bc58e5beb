//! Regenerates the Flowglad client on every build where the spec or its settings file changed, and a
//! client for the 3.1 webhooks fixture (payloads told apart by a type tag).

fn main() {
    openapi_client_gen::build_script::generate_with_config("../../spec/checkout-sessions.yaml");
    let settings = openapi_client_gen::Settings::default().crate_name("pet-events");
    openapi_client_gen::build_script::generate("../fixtures/webhooks.yaml", &settings);
}
