//! Retries that cannot repeat an action, `Retry-After` beyond the client's patience, response size limits,
//! complete bodies in errors and raw responses: the generated Flowglad client against wiremock.

use std::time::{Duration, Instant};

use flowglad::types::CreateCheckoutSessionRequest;
use flowglad::{ApiError, Client, DecodeError, Error, ErrorKind, RawResponse};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Value, json};
use tests::spec_example;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn create_body() -> CreateCheckoutSessionRequest {
    let example = spec_example(
        "/paths/~1api~1v1~1checkout-sessions/post/requestBody/content/application~1json/examples/product/value",
    );
    serde_json::from_value(example).expect("the example decodes")
}

fn list_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions/get/responses/200/content/application~1json/example")
}

fn builder(server: &MockServer) -> flowglad::ClientBuilder {
    Client::builder()
        .api_key("sk_test")
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

#[tokio::test]
async fn a_post_answered_500_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let error = client(&server).checkout_sessions_create(create_body()).await.expect_err("500");
    assert!(error.is_server_error());
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1, "the server may have acted on the POST");
    assert!(sent[0].headers.get("idempotency-key").is_none(), "no key when idempotency is not declared");
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = client(&server);
    let error =
        client.checkout_sessions_create(create_body()).timeout(Duration::from_millis(100)).await.expect_err("slow");
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_post_answered_429_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(429)).mount(&server).await;
    client(&server).checkout_sessions_create(create_body()).await.expect_err("429 persists");
    assert_eq!(requests(&server).await.len(), 3, "a 429 says the request was not processed");
}

#[tokio::test]
async fn a_post_to_a_closed_port_fails_as_a_connection_error() {
    // Nothing listens on the discard port: every attempt fails before sending, so retrying is safe.
    let client = Client::builder()
        .api_key("sk_test")
        .base_url("http://127.0.0.1:9")
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("client builds");
    let error = client.checkout_sessions_create(create_body()).await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_with_that_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    client(&server).checkout_sessions_create(create_body()).idempotency_key("order-7").await.expect_err("503");
    let keys: Vec<_> =
        requests(&server).await.iter().map(|request| request.headers["idempotency-key"].clone()).collect();
    assert_eq!(keys, vec!["order-7"; 3]);
}

#[tokio::test]
async fn a_client_that_opts_in_retries_posts_with_one_generated_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let client = builder(&server).retry_non_idempotent(true).build().expect("client builds");
    client.checkout_sessions_create(create_body()).await.expect_err("500 persists");
    let keys: Vec<_> =
        requests(&server).await.iter().map(|request| request.headers["idempotency-key"].clone()).collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| *key == keys[0]), "{keys:?}");
    // The request can still opt out.
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let client = builder(&server).retry_non_idempotent(true).build().expect("client builds");
    client.checkout_sessions_create(create_body()).retry_non_idempotent(false).await.expect_err("500");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_get_is_still_retried_on_500() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    client(&server).checkout_sessions_list().await.expect_err("500 persists");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(sent[0].headers.get("idempotency-key").is_none());
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_wait_ends_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "120"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = client(&server).checkout_sessions_list().await.expect_err("503");
    assert!(started.elapsed() < Duration::from_secs(5), "did not wait");
    assert_eq!(requests(&server).await.len(), 1, "the server asked for two minutes");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.api_error().and_then(ApiError::retry_after), Some(Duration::from_secs(120)));
}

#[tokio::test]
async fn the_longest_wait_is_configurable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "2"))
        .mount(&server)
        .await;
    let client = builder(&server).max_retry_wait(Duration::from_secs(1)).build().expect("client builds");
    let error = client.checkout_sessions_list().await.expect_err("429");
    assert!(error.is_rate_limited());
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_not_a_buffer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_example()))
        .mount(&server)
        .await;
    let client = builder(&server).max_body_size(64).build().expect("client builds");
    let error = client.checkout_sessions_list().await.expect_err("too large");
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge);
    assert!(matches!(error, Error::BodyTooLarge { limit: 64, .. }), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(error.to_string().contains("64 bytes"), "{error}");
    // Per request, the limit can be raised again.
    let page = client.checkout_sessions_list().max_body_size(1 << 20).await.expect("fits");
    assert!(!page.data.is_empty());
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_stops_reading() {
    // A raw server that streams chunks without a length, so the limit applies while reading.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.expect("accepts");
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.expect("writes");
        let chunk = format!("{:x}\r\n{}\r\n", 1024, " ".repeat(1024));
        let mut written = 0;
        // Far more than the limit; the client hangs up long before the end.
        while written < 64 * 1024 * 1024 {
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                return written;
            }
            written += 1024;
        }
        written
    });
    let client = Client::builder()
        .api_key("sk_test")
        .base_url(format!("http://{address}"))
        .max_body_size(10 * 1024)
        .build()
        .expect("client builds");
    let error = client.checkout_sessions_list().await.expect_err("too large");
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{error:?}");
    drop(client);
    let written = server.await.expect("server ends");
    assert!(written < 64 * 1024 * 1024, "the client stopped reading");
}

#[tokio::test]
async fn errors_keep_the_complete_body() {
    let server = MockServer::start().await;
    let long = "x".repeat(5000);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_string(format!("bad: {long}")))
        .mount(&server)
        .await;
    let error = client(&server).checkout_sessions_list().await.expect_err("400");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.text(), format!("bad: {long}"));
    assert_eq!(api.raw_body().len(), 5005);

    let server = MockServer::start().await;
    let mut body = list_example();
    body["data"][0]["createdAt"] = json!("not a date");
    body["padding"] = json!(long);
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let error = client(&server).checkout_sessions_list().await.expect_err("decode fails");
    let Error::Decode(decode) = &error else { panic!("a decode error: {error:?}") };
    let kept: Value = serde_json::from_slice(decode.body()).expect("the whole body is kept");
    assert_eq!(kept, body);
    assert_eq!(decode.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn send_raw_returns_any_status_undecoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(418).set_body_string("short and stout").insert_header("x-tea", "yes"))
        .mount(&server)
        .await;
    let raw: RawResponse = client(&server).checkout_sessions_get("cs_1").send_raw().await.expect("any status");
    assert_eq!(raw.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(raw.headers()["x-tea"], "yes");
    assert_eq!(raw.body(), b"short and stout");
    assert_eq!(raw.text(), "short and stout");
    assert_eq!(requests(&server).await[0].url.path(), "/api/v1/checkout-sessions/cs_1");
}

#[test]
fn callers_can_build_errors_for_their_own_tests() {
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", HeaderValue::from_static("7"));
    let api = ApiError::new(StatusCode::TOO_MANY_REQUESTS, headers, "slow down", Some(json!({"code": "RATE"})));
    assert_eq!(api.text(), "slow down");
    assert_eq!(api.body(), Some(&json!({"code": "RATE"})));
    let error: Error = Error::Api(Box::new(api));
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));

    let decode = DecodeError::new(StatusCode::OK, HeaderMap::new(), "data[0].id", "invalid type", "{\"data\":[{}]}");
    assert_eq!(decode.path(), "data[0].id");
    assert_eq!(decode.body(), b"{\"data\":[{}]}");
    let error: Error = Error::Decode(Box::new(decode));
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("data[0].id"), "{error}");

    let raw = RawResponse::new(StatusCode::ACCEPTED, HeaderMap::new(), b"ok".to_vec());
    assert_eq!((raw.status(), raw.body()), (StatusCode::ACCEPTED, &b"ok"[..]));
}
