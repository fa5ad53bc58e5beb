//! `Client::new(key)` takes its base URL as the builder does: `FLOWGLAD_BASE_URL`, then the spec's server.
//! A binary of its own, since it changes the environment.

use flowglad::Client;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn client_new_reads_the_base_url_variable_then_falls_back_to_the_spec_server() {
    // One single-threaded runtime, created after each variable change is made on this thread.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(
        Mock::given(method("GET"))
            .and(path("/api/v1/checkout-sessions/cs_1"))
            .and(header("authorization", "sk_env"))
            .respond_with(ResponseTemplate::new(404))
            .expect(1)
            .mount(&server),
    );
    // SAFETY: this binary's only test changes the variable from one thread, before it builds clients, and
    // nothing else in the process reads or writes the environment meanwhile.
    unsafe { std::env::set_var("FLOWGLAD_BASE_URL", server.uri()) };
    let client = Client::new("sk_env");
    assert_eq!(client.base_url(), server.uri());
    let error = runtime.block_on(client.checkout_sessions_get("cs_1").send()).expect_err("the mock answers 404");
    assert!(error.is_not_found(), "{error}");

    // SAFETY: as above.
    unsafe { std::env::remove_var("FLOWGLAD_BASE_URL") };
    assert_eq!(Client::new("sk_env").base_url(), "https://app.flowglad.com");
    // An empty variable counts as unset, as for the builder. SAFETY: as above.
    unsafe { std::env::set_var("FLOWGLAD_BASE_URL", " ") };
    assert_eq!(Client::new("sk_env").base_url(), "https://app.flowglad.com");
    let built = Client::builder().api_key("sk_env").build().expect("client builds");
    assert_eq!(built.base_url(), Client::new("sk_env").base_url());
}
