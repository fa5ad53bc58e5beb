//! The OpenAPI 3.2 fixture's client against a loopback wiremock server: a JSON lines stream and a JSON
//! text sequence through `lines()`, server-sent events typed by `itemSchema`, a `QUERY` request, a
//! `COPY` request from `additionalOperations` and a `querystring` parameter.

use futures_util::StreamExt;
use streams_consumer::logs::types::{FilterLogsFilter, LogEntry, SearchLogsBody};
use streams_consumer::logs::{Client, Error};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).max_retries(0).build().expect("client")
}

fn entry(seq: i64, message: &str) -> LogEntry {
    LogEntry::new(seq, message)
}

/// A body served with a content type of its own (`set_body_raw`), as a streaming server sends it.
fn streamed(body: &[u8], content_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_vec(), content_type)
}

#[tokio::test]
async fn json_lines_are_streamed_item_by_item_and_a_bad_line_is_named() {
    let server = MockServer::start().await;
    let body = b"{\"seq\":1,\"message\":\"start\"}\r\n\n{\"seq\":\"two\",\"message\":\"x\"}\n{\"seq\":3,\"message\":\"end\",\"level\":\"warn\"}";
    Mock::given(method("GET"))
        .and(path("/logs"))
        .and(query_param("level", "warn"))
        .and(header("accept", "application/jsonl"))
        .respond_with(streamed(body, "application/jsonl"))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).tail_logs().level("warn").lines().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().expect("first line"), &entry(1, "start"));
    match &items[1] {
        Err(Error::Decode(error)) => {
            assert_eq!(error.path(), "seq");
            assert!(error.message().starts_with("line 3: "), "{}", error.message());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(items[2].as_ref().expect("last line"), &entry(3, "end").with_level("warn"));
}

#[tokio::test]
async fn a_json_text_sequence_is_split_at_record_separators() {
    let server = MockServer::start().await;
    let body = b"\x1e{\"seq\":1,\"message\":\"a\"}\n\x1e{\"seq\":2,\"message\":\"b\"}\n";
    Mock::given(method("GET"))
        .and(path("/logs/records"))
        .and(header("accept", "application/json-seq"))
        .respond_with(streamed(body, "application/json-seq"))
        .mount(&server)
        .await;
    let items: Vec<LogEntry> =
        client(&server).export_records().lines().map(|item| item.expect("record")).collect().await;
    assert_eq!(items, [entry(1, "a"), entry(2, "b")]);
}

#[tokio::test]
async fn a_line_longer_than_the_body_limit_ends_the_stream() {
    let server = MockServer::start().await;
    let body = b"{\"seq\":1,\"message\":\"a\"}\n{\"seq\":2,\"message\":\"a much longer message than the limit allows\"}\n{\"seq\":3,\"message\":\"c\"}\n";
    Mock::given(method("GET"))
        .and(path("/logs"))
        .respond_with(streamed(body, "application/jsonl"))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).tail_logs().max_body_size(40).lines().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().expect("short line"), &entry(1, "a"));
    assert!(matches!(items[1], Err(Error::BodyTooLarge { limit: 40, .. })), "{:?}", items[1]);
}

#[tokio::test]
async fn an_error_status_is_the_only_line_item() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/logs"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"detail": "bad level"})))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).tail_logs().lines().collect().await;
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(Error::Api(error)) => {
            assert_eq!(error.status().as_u16(), 400);
            assert_eq!(error.body().and_then(|problem| problem.detail.as_deref()), Some("bad level"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn events_are_typed_by_the_item_schema() {
    let server = MockServer::start().await;
    let body = b"event: tick\ndata: {\"at\": 10}\n\ndata: {\"at\": 11}\n\n";
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .and(header("accept", "text/event-stream"))
        .respond_with(streamed(body, "text/event-stream"))
        .mount(&server)
        .await;
    let events: Vec<_> = client(&server).watch_ticks().events().map(|event| event.expect("event")).collect().await;
    let seen: Vec<_> = events.iter().map(|event| (event.event.as_deref(), event.data.at)).collect();
    assert_eq!(seen, [(Some("tick"), 10), (None, 11)]);
}

#[tokio::test]
async fn the_query_method_sends_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("QUERY"))
        .and(path("/logs"))
        .and(body_json(serde_json::json!({"term": "timeout", "limit": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([{"seq": 4, "message": "timeout"}])))
        .expect(1)
        .mount(&server)
        .await;
    let found = client(&server).search_logs(SearchLogsBody::new("timeout").with_limit(2)).await.expect("query");
    assert_eq!(found.into_inner(), [entry(4, "timeout")]);
}

#[tokio::test]
async fn an_additional_operation_uses_its_own_method() {
    let server = MockServer::start().await;
    Mock::given(method("COPY"))
        .and(path("/logs/7"))
        .and(header("destination", "/logs/8"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"seq": 8, "message": "copied"})))
        .expect(1)
        .mount(&server)
        .await;
    let copy = client(&server).copy_log("7", "/logs/8").await.expect("copy");
    assert_eq!(copy.status().as_u16(), 201);
    assert_eq!(copy.into_inner(), entry(8, "copied"));
}

#[tokio::test]
async fn a_querystring_parameter_is_the_whole_query_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/logs/filtered"))
        .and(query_param("service", "api gateway"))
        .and(query_param("limit", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let filter = FilterLogsFilter::new("api gateway").with_limit(5);
    let found = client(&server).filter_logs(filter).await.expect("filtered");
    assert!(found.is_empty());
    let requests = server.received_requests().await.expect("recorded");
    // Form-encoded pairs, and nothing else (their order follows serde_json's map order, which a
    // dependency's `preserve_order` feature changes).
    let query = requests[0].url.query().expect("a query string");
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(pairs, ["limit=5", "service=api+gateway"]);
}
