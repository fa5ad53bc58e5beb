//! What the client logs through `tracing`, and that the API key never appears in it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use flowglad::Client;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_live_must_not_leak";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn attempts_are_logged_without_the_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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

    let logs = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(logs.contains("operation=\"checkoutSessions-get\""), "{logs}");
    assert!(logs.contains("status=503") && logs.contains("status=401"), "{logs}");
    assert!(logs.contains("attempt=2") && logs.contains("latency_ms="), "{logs}");
    assert!(logs.contains("retrying"), "{logs}");
    for text in [logs, format!("{error}"), format!("{error:?}"), format!("{client:?}")] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
}
