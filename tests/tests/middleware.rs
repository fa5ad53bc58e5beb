//! The Flowglad client over `reqwest_middleware` (its `middleware` feature): the middleware sees every
//! attempt, with the client's credentials and idempotency key already on it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flowglad::{Client, ErrorKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One attempt as a middleware saw it: the status and the `Authorization` header.
type Attempt = (u16, Option<String>);

/// Records every attempt passing through it.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Attempt>>>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Recorder {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let authorization =
            request.headers().get("authorization").map(|value| value.to_str().expect("ascii").to_owned());
        let response = next.run(request, extensions).await?;
        self.0.lock().expect("lock").push((response.status().as_u16(), authorization));
        Ok(response)
    }
}

/// Fails every request before it is sent.
struct Refuse;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Refuse {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(std::io::Error::other("refused by policy")))
    }
}

fn client(server: &MockServer, middleware: impl reqwest_middleware::Middleware) -> Client {
    let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(middleware).build();
    Client::builder()
        .api_key("sk_test")
        .base_url(server.uri())
        .middleware_client(http)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("client")
}

#[tokio::test]
async fn middleware_sees_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).mount(&server).await;
    let page = serde_json::json!({"data": [], "hasMore": false, "total": 0});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(page)).mount(&server).await;
    let recorder = Recorder::default();
    let page = client(&server, recorder.clone()).checkout_sessions_list().await.expect("third attempt succeeds");
    assert_eq!(page.total, 0.0);
    let attempts = recorder.0.lock().expect("lock").clone();
    let key = Some("sk_test".to_owned());
    assert_eq!(attempts, vec![(503, key.clone()), (503, key.clone()), (200, key)]);
}

#[tokio::test]
async fn a_middleware_error_ends_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let error = client(&server, Refuse).checkout_sessions_list().await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Middleware);
    assert!(error.to_string().contains("refused by policy"), "{error}");
}
