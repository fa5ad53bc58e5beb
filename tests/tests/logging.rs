//! What the client logs through `tracing`, and that the API key never appears in it.

use flowglad::Client;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_live_must_not_leak";

#[tokio::test]
async fn attempts_are_logged_without_the_key() {
    let (captured, _guard) = tests::CapturedLogs::start();

    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(401).set_body_string("bad key")).mount(&server).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_backoff(std::time::Duration::from_millis(1), std::time::Duration::from_millis(1))
        .build()
        .expect("client");
    let error = client.checkout_sessions_get("cs_1").await.expect_err("401");

    let logs = captured.text();
    assert!(logs.contains("operation=\"checkoutSessions-get\""), "{logs}");
    assert!(logs.contains("status=503") && logs.contains("status=401"), "{logs}");
    assert!(logs.contains("attempt=2") && logs.contains("latency_ms="), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    for text in [logs, format!("{error}"), format!("{error:?}"), format!("{client:?}")] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
}
