//! The client contracts programs outside this repository compile against (issue 22), each against a
//! loopback server: spawnable requests, `into_pages`, `Error::message`/`code`, default headers,
//! `Client::request` and the crate root's re-exports. `Client::new` and the environment are in
//! `client_new.rs`, a binary of its own since it changes the environment.

use std::time::Duration;

use flowglad::types::{ApiErrorBody, CheckoutSessionList};
use flowglad::{BuildError, Client, Error, ErrorDetails, ErrorKind, HeaderMap, Method, StatusCode, chrono, serde_json};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tests::spec_example;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk_test_contracts";
const LIST: &str = "/api/v1/checkout-sessions";

fn get_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions~1{id}/get/responses/200/content/application~1json/example")
}

/// One of the spec's error examples (`BadRequest`, `NotFound`, `InternalServerError`, ...).
fn error_example(name: &str) -> Value {
    spec_example(&format!("/components/responses/{name}/content/application~1json/example"))
}

fn builder(server: &MockServer) -> flowglad::ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

fn is_static_send<T: Send + 'static>(_: &T) {}

#[tokio::test]
async fn request_futures_own_the_client_and_can_be_spawned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{LIST}/cs_1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_example()))
        .expect(3)
        .mount(&server)
        .await;
    let client = client(&server);
    let sent = tokio::spawn(client.checkout_sessions_get("cs_1").send());
    // The builder itself and its raw form outlive the expression that made them, too.
    let builder = client.checkout_sessions_get("cs_1");
    is_static_send(&builder);
    let awaited = tokio::spawn(async move { builder.await });
    let raw = tokio::spawn(client.checkout_sessions_get("cs_1").send_raw());
    drop(client);
    assert!(sent.await.expect("task runs").is_ok());
    assert!(awaited.await.expect("task runs").is_ok());
    assert_eq!(raw.await.expect("task runs").expect("raw response").status(), StatusCode::OK);
}

#[tokio::test]
async fn item_streams_outlive_their_client_binding() {
    let server = MockServer::start().await;
    let page = json!({"data": [get_example()["checkoutSession"]], "hasMore": false, "total": 1});
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let stream = client(&server).checkout_sessions_list().into_stream();
    is_static_send(&stream);
    let items = tokio::spawn(stream.collect::<Vec<_>>()).await.expect("task runs");
    assert_eq!(items.len(), 1);
    assert!(items[0].is_ok());
}

/// Three pages of the list, `cs_1` to `cs_5`, with the total on each.
async fn mount_three_pages(server: &MockServer) {
    let item = |id: &str| {
        let mut item = get_example()["checkoutSession"].clone();
        item["id"] = json!(id);
        item
    };
    let page = |ids: &[&str], next: Option<&str>| json!({"data": ids.iter().map(|id| item(id)).collect::<Vec<_>>(), "nextCursor": next, "hasMore": next.is_some(), "total": 5});
    for (cursor, ids, next) in [(Some("c2"), &["cs_3", "cs_4"][..], Some("c3")), (Some("c3"), &["cs_5"][..], None)] {
        Mock::given(method("GET"))
            .and(query_param("cursor", cursor.expect("later pages have a cursor")))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(ids, next)))
            .expect(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["cs_1", "cs_2"], Some("c2"))))
        .expect(1)
        .mount(server)
        .await;
}

fn ids(page: &CheckoutSessionList) -> Vec<String> {
    page.data
        .iter()
        .map(|session| serde_json::to_value(session).expect("encodes")["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn into_pages_yields_each_response_with_its_body_and_follows_the_cursor() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let pages: Vec<_> = client(&server).checkout_sessions_list().limit(2).into_pages().collect().await;
    let pages: Vec<flowglad::Response<CheckoutSessionList>> =
        pages.into_iter().map(|page| page.expect("every page succeeds")).collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(ids(&pages[0]), ["cs_1", "cs_2"]);
    assert_eq!(ids(&pages[2]), ["cs_5"]);
    assert!(pages.iter().all(|page| page.total == 5.0 && page.status() == StatusCode::OK));
    assert_eq!(pages[0].next_cursor.as_deref(), Some("c2"));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|request| request.url.query().unwrap_or_default().contains("limit=2")));
}

#[tokio::test]
async fn into_pages_ends_with_the_error_of_a_failing_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_example("NotFound")))
        .mount(&server)
        .await;
    let first = json!({"data": [get_example()["checkoutSession"]], "nextCursor": "c2", "hasMore": true, "total": 2});
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .mount(&server)
        .await;
    let pages: Vec<_> = client(&server).checkout_sessions_list().into_pages().collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].as_ref().is_ok_and(|page| page.data.len() == 1));
    let error = pages[1].as_ref().expect_err("the second page fails");
    assert_eq!((error.status(), error.code()), (Some(StatusCode::NOT_FOUND), Some("NOT_FOUND")));
}

#[tokio::test]
async fn message_and_code_read_both_of_flowglads_error_shapes() {
    let server = MockServer::start().await;
    for (id, status, example) in
        [("bad", 400, "BadRequest"), ("missing", 404, "NotFound"), ("broken", 500, "InternalServerError")]
    {
        Mock::given(method("GET"))
            .and(path(format!("{LIST}/{id}")))
            .respond_with(ResponseTemplate::new(status).set_body_json(error_example(example)))
            .mount(&server)
            .await;
    }
    let client = builder(&server).max_retries(0).build().expect("client builds");
    // Documented shape: `{message, code, issues}`.
    let error = client.checkout_sessions_get("bad").await.expect_err("400");
    assert_eq!((error.message(), error.code()), (Some("Invalid input data"), Some("BAD_REQUEST")));
    // Served shape: `{error, code}`, the error a string...
    let error = client.checkout_sessions_get("missing").await.expect_err("404");
    assert_eq!((error.message(), error.code()), (Some("Checkout session not found"), Some("NOT_FOUND")));
    let body: &ApiErrorBody = error.api_error().and_then(|api| api.body()).expect("typed body");
    assert_eq!(body.request_id.as_deref(), Some("req_123"));
    // ...or an object with a message.
    let error = client.checkout_sessions_get("broken").await.expect_err("500");
    assert_eq!((error.message(), error.code()), (Some("Internal server error"), Some("INTERNAL_SERVER_ERROR")));
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
}

#[tokio::test]
async fn message_and_code_are_none_without_a_readable_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthorized"))
        .mount(&server)
        .await;
    let error = client(&server).checkout_sessions_get("cs_1").await.expect_err("401");
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!((error.message(), error.code()), (None, None));
    let timeout: Error<ApiErrorBody> = Error::InvalidRequest("bad header".to_owned());
    assert_eq!((timeout.message(), timeout.code()), (None, None));
    // The trait is public, for code generic over error bodies.
    let body = ApiErrorBody::new("RATE").with_message("slow down");
    assert_eq!((ErrorDetails::message(&body), ErrorDetails::code(&body)), (Some("slow down"), Some("RATE")));
}

#[tokio::test]
async fn default_headers_go_on_every_request_and_a_request_header_wins() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_example()))
        .mount(&server)
        .await;
    let client = builder(&server)
        .default_header("x-tenant", "acme")
        .default_header("x-trace", "first")
        .default_header("x-trace", "second")
        .build()
        .expect("client builds");
    client.checkout_sessions_get("cs_1").await.expect("get succeeds");
    client.checkout_sessions_get("cs_1").header("x-tenant", "other").await.expect("get succeeds");
    client.request(Method::GET, "/api/v1/anything").send().await.expect("raw request succeeds");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    for request in &sent {
        assert_eq!(request.headers.get_all("x-trace").iter().collect::<Vec<_>>(), ["second"]);
        assert_eq!(request.headers["authorization"], KEY);
    }
    assert_eq!(sent[0].headers["x-tenant"], "acme");
    assert_eq!(sent[1].headers["x-tenant"], "other");
    assert_eq!(sent[2].headers["x-tenant"], "acme");
}

#[test]
fn an_invalid_default_header_fails_the_build() {
    let build = |name: &str, value: &str| Client::builder().api_key(KEY).default_header(name, value).build();
    assert!(matches!(build("bad name", "x"), Err(BuildError::InvalidHeaderName(name)) if name == "bad name"));
    assert!(matches!(build("x-ok", "line\nbreak"), Err(BuildError::InvalidHeaderValue(name)) if name == "x-ok"));
}

#[tokio::test]
async fn raw_requests_reach_any_path_with_the_clients_credentials_and_options() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/usage-events"))
        .and(query_param("dry_run", "true"))
        .and(query_param("tag", "a"))
        .and(header("authorization", KEY))
        .and(header("x-extra", "1"))
        .and(body_json(json!({"amount": 3})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "ue_1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).default_header("x-tenant", "acme").build().expect("client builds");
    let response = client
        .request(Method::POST, "/api/v1/usage-events")
        .query(&json!({"dry_run": true, "skip": null}))
        .query(&[("tag", "a")])
        .header("x-extra", "1")
        .json(&json!({"amount": 3}))
        .send()
        .await
        .expect("raw request succeeds");
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = serde_json::from_slice(response.body()).expect("JSON body");
    assert_eq!(body["id"], "ue_1");
    assert_eq!(requests(&server).await[0].headers["x-tenant"], "acme");
}

#[tokio::test]
async fn raw_requests_retry_and_turn_error_statuses_into_api_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/flaky"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "try later", "code": "UNAVAILABLE"})))
        .expect(3)
        .mount(&server)
        .await;
    // Relative paths without a leading slash are the same path.
    let spawned = tokio::spawn(client(&server).request(Method::GET, "api/v1/flaky").send());
    let error: Error<Value> = spawned.await.expect("task runs").expect_err("503 is an error");
    assert!(error.is_server_error());
    assert_eq!((error.message(), error.code()), (Some("try later"), Some("UNAVAILABLE")));
    assert_eq!(error.api_error().and_then(|api| api.body()).map(|body| &body["code"]), Some(&json!("UNAVAILABLE")));
}

#[tokio::test]
async fn a_raw_query_that_is_not_pairs_is_an_invalid_request() {
    let server = MockServer::start().await;
    let error = client(&server).request(Method::GET, "/x").query(&42).await.expect_err("not sent");
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn the_crate_root_re_exports_the_types_its_signatures_use() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(get_example()).insert_header("x-request-id", "req_1"))
        .mount(&server)
        .await;
    let response = client(&server).checkout_sessions_get("cs_1").await.expect("get succeeds");
    let headers: &HeaderMap = response.headers();
    assert_eq!(headers["x-request-id"], "req_1");
    let status: StatusCode = response.status();
    assert!(status.is_success());
    let _: flowglad::chrono::DateTime<chrono::Utc> = chrono::DateTime::UNIX_EPOCH;
    let value: flowglad::serde_json::Value = serde_json::json!({"method": Method::DELETE.as_str()});
    assert_eq!(value["method"], "DELETE");
}
