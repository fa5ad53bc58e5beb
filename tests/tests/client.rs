//! The generated Flowglad client against real HTTP servers on loopback (wiremock).

use std::time::{Duration, Instant};

use flowglad::types::{
    CheckoutSession, CheckoutSessionStatus, CreateCheckoutSessionInput, CreateCheckoutSessionRequest, PaymentMethodType,
};
use flowglad::{Client, ErrorKind};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tests::spec_example;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk_test_secret_123";
const LIST: &str = "/api/v1/checkout-sessions";

fn list_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions/get/responses/200/content/application~1json/example")
}

fn get_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions~1{id}/get/responses/200/content/application~1json/example")
}

fn create_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions/post/responses/200/content/application~1json/example")
}

fn create_request_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions/post/requestBody/content/application~1json/example")
}

/// A client for the mock server with millisecond backoff, so retry tests stay fast.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(10), Duration::from_millis(40))
        .build()
        .expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

#[tokio::test]
async fn list_sends_query_and_key_and_decodes_the_spec_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST))
        .and(query_param("limit", "10"))
        .and(query_param("cursor", "cur_1"))
        .and(header("authorization", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_example()))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server).checkout_sessions_list().limit(10).cursor("cur_1").await.expect("list succeeds");
    assert_eq!(page.status(), 200);
    assert!(page.has_more);
    assert_eq!(page.total, list_example()["total"]);
    let CheckoutSession::Purchase(session) = &page.data[0] else {
        panic!("the example is a purchase: {:?}", page.data[0])
    };
    assert_eq!(session.id, list_example()["data"][0]["id"]);
    assert_eq!(session.status, CheckoutSessionStatus::Open);
    assert_eq!(serde_json::to_value(&page.data[0]).expect("encodes"), list_example()["data"][0], "round trip");
}

#[tokio::test]
async fn get_percent_encodes_the_id_and_decodes_the_spec_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/checkout-sessions/cs%201%2F2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_example()))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server).checkout_sessions_get("cs 1/2").await.expect("get succeeds");
    assert_eq!(response.url, get_example()["url"]);
    assert_eq!(serde_json::to_value(&response.checkout_session).expect("encodes"), get_example()["checkoutSession"]);
}

#[tokio::test]
async fn create_sends_the_tagged_body_and_decodes_the_spec_example() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LIST))
        .and(header("content-type", "application/json"))
        .and(body_json(create_request_example()))
        .respond_with(ResponseTemplate::new(200).set_body_json(create_example()))
        .expect(1)
        .mount(&server)
        .await;
    let body: CreateCheckoutSessionRequest = serde_json::from_value(create_request_example()).expect("example decodes");
    assert!(matches!(body.checkout_session, CreateCheckoutSessionInput::Product(_)));
    let response = client(&server).checkout_sessions_create(body).await.expect("create succeeds");
    let CheckoutSession::Product(session) = &response.checkout_session else { panic!("a product session") };
    assert_eq!(session.payment_method_type, Some(PaymentMethodType::Card));
    let sent = requests(&server).await;
    // Flowglad declares no idempotency keys, so none is sent unless the caller opts in.
    assert!(sent[0].headers.get("idempotency-key").is_none(), "an undeclared POST carries no idempotency key");
}

#[tokio::test]
async fn a_declared_error_status_decodes_into_the_typed_error() {
    let server = MockServer::start().await;
    let body = json!({"message": "Checkout session not found", "code": "NOT_FOUND"});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(&body).insert_header("x-request-id", "req_9"))
        .mount(&server)
        .await;
    let error = client(&server).checkout_sessions_get("missing").await.expect_err("404 is an error");
    assert!(error.is_not_found());
    assert!(!error.is_retryable());
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()["x-request-id"], "req_9");
    assert_eq!(api.body().expect("declared body decodes").code, "NOT_FOUND");
    assert!(error.to_string().contains("404"), "{error}");
}

#[tokio::test]
async fn a_plain_text_error_keeps_its_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("invalid api key"))
        .mount(&server)
        .await;
    let error = client(&server).checkout_sessions_list().await.expect_err("401 is an error");
    assert_eq!(error.kind(), ErrorKind::Auth);
    let api = error.api_error().expect("an API error");
    assert_eq!(api.text(), "invalid api key");
    assert!(api.body().is_none());
}

#[tokio::test]
async fn a_persistent_503_is_tried_exactly_three_times() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).expect(3).mount(&server).await;
    let error = client(&server).checkout_sessions_list().await.expect_err("503 persists");
    assert!(error.is_server_error() && error.is_retryable());
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"message": "bad", "code": "BAD"})))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).checkout_sessions_list().await.expect_err("400");
    assert_eq!(error.kind(), ErrorKind::Client);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_example()))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).checkout_sessions_list().await.expect("succeeds on the retry");
    let waited = started.elapsed();
    // The configured backoff is 10 ms, so only the header explains a wait of a second.
    assert!(waited >= Duration::from_millis(950), "waited {waited:?}");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_opted_in_retried_post_sends_the_same_idempotency_key_every_time() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let body: CreateCheckoutSessionRequest = serde_json::from_value(create_request_example()).expect("decodes");
    client(&server).checkout_sessions_create(body).retry_non_idempotent(true).await.expect_err("500 persists");
    let keys: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.headers["idempotency-key"].to_str().expect("ascii").to_owned())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|key| key == &keys[0] && key.len() == 32), "{keys:?}");
}

#[tokio::test]
async fn a_slow_server_triggers_the_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_example()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = client(&server)
        .checkout_sessions_list()
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .await
        .expect_err("times out");
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(requests(&server).await.len(), 2, "a timeout is retried");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[tokio::test]
async fn pagination_yields_every_item_once_in_order_and_stops() {
    let server = MockServer::start().await;
    let item = |id: &str| {
        let mut item = list_example()["data"][0].clone();
        item["id"] = json!(id);
        item
    };
    let page = |ids: &[&str], next: Option<&str>| {
        json!({"data": ids.iter().map(|id| item(id)).collect::<Vec<_>>(), "currentCursor": null,
               "nextCursor": next, "hasMore": next.is_some(), "total": 5})
    };
    Mock::given(method("GET"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["cs_3", "cs_4"], Some("c3"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["cs_5"], None)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["cs_1", "cs_2"], Some("c2"))))
        .expect(1)
        .mount(&server)
        .await;
    let sessions: Vec<CheckoutSession> = client(&server)
        .checkout_sessions_list()
        .limit(2)
        .into_stream()
        .map(|item| item.expect("every page succeeds"))
        .collect()
        .await;
    let ids: Vec<String> = sessions
        .iter()
        .map(|session| serde_json::to_value(session).expect("encodes")["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids, ["cs_1", "cs_2", "cs_3", "cs_4", "cs_5"]);
    assert_eq!(requests(&server).await.len(), 3);
    assert!(requests(&server).await.iter().all(|request| request.url.query().unwrap_or_default().contains("limit=2")));
}

#[test]
fn unknown_enum_values_and_union_tags_round_trip() {
    let mut item = list_example()["data"][0].clone();
    item["status"] = json!("on_hold");
    item["paymentMethodType"] = json!("crypto_wallet");
    let session: CheckoutSession = serde_json::from_value(item.clone()).expect("unknown enum values decode");
    let CheckoutSession::Purchase(purchase) = &session else { panic!("purchase") };
    assert_eq!(purchase.status, CheckoutSessionStatus::Unknown("on_hold".to_owned()));
    assert_eq!(purchase.payment_method_type.as_ref().map(PaymentMethodType::as_str), Some("crypto_wallet"));
    assert_eq!(serde_json::to_value(&session).expect("encodes"), item);

    let mut future = item;
    future["type"] = json!("subscription_upgrade");
    future["brandNewField"] = json!({"nested": [1, 2]});
    let session: CheckoutSession = serde_json::from_value(future.clone()).expect("unknown tags decode");
    assert!(matches!(session, CheckoutSession::Unknown(_)));
    assert_eq!(serde_json::to_value(&session).expect("encodes"), future);
}

#[test]
fn a_known_tag_with_a_bad_payload_is_an_error_not_a_fallback() {
    let mut item = list_example()["data"][0].clone();
    item["livemode"] = json!("yes");
    let error = serde_json::from_value::<CheckoutSession>(item).expect_err("wrong type");
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[tokio::test]
async fn a_bad_success_body_says_where_it_failed() {
    let server = MockServer::start().await;
    let mut body = list_example();
    body["data"][0]["createdAt"] = json!("not a date");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let error = client(&server).checkout_sessions_list().await.expect_err("decode fails");
    let flowglad::Error::Decode(decode) = &error else { panic!("a decode error: {error:?}") };
    assert_eq!(decode.path(), "data[0].createdAt");
    assert!(decode.snippet().starts_with("{\"data\""), "{}", decode.snippet());
}

#[test]
fn the_key_never_shows_in_debug_output() {
    let client = Client::new(KEY);
    let debug = format!("{client:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("redacted"));
    assert_eq!(client.base_url(), "https://app.flowglad.com");
}

#[test]
fn a_missing_key_is_a_build_error_naming_the_variable() {
    // The builder reads FLOWGLAD_SECRET_KEY only when no key is given; CI does not set it.
    if std::env::var_os("FLOWGLAD_SECRET_KEY").is_some() {
        return;
    }
    let error = Client::builder().base_url("http://127.0.0.1:9").build().expect_err("no key");
    assert!(error.to_string().contains("FLOWGLAD_SECRET_KEY"), "{error}");
}

#[tokio::test]
async fn sends_a_user_agent_naming_the_crate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_example()))
        .mount(&server)
        .await;
    client(&server).checkout_sessions_list().await.expect("succeeds");
    let agent = requests(&server).await[0].headers["user-agent"].to_str().expect("ascii").to_owned();
    assert!(agent.starts_with("flowglad/"), "{agent}");
}
