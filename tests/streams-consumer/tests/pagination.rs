//! Every pagination style of `tests/fixtures/pagination.yaml` against wiremock on loopback: every item
//! once and in order, the exact number of requests, and termination when the server repeats itself.

use futures_util::StreamExt;
use serde_json::{Value, json};
use streams_consumer::pages::{Client, Error};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).max_retries(0).build().expect("client")
}

fn items(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| json!({ "id": id })).collect())
}

async fn ids<T, E: std::fmt::Debug>(
    stream: impl futures_util::Stream<Item = Result<T, Error<E>>>,
    id: impl Fn(&T) -> String,
) -> Vec<String> {
    stream.map(|item| id(&item.expect("item"))).collect().await
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

async fn page(server: &MockServer, route: &str, matcher: impl wiremock::Match + 'static, body: Value) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(matcher)
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn cursor_nested_in_meta() {
    let server = MockServer::start().await;
    page(
        &server,
        "/cursor",
        query_param_is_missing("cursor"),
        json!({ "items": items(&["a", "b"]), "meta": { "next_cursor": "c1" } }),
    )
    .await;
    page(
        &server,
        "/cursor",
        query_param("cursor", "c1"),
        json!({ "items": items(&["c"]), "meta": { "next_cursor": "c2" } }),
    )
    .await;
    page(
        &server,
        "/cursor",
        query_param("cursor", "c2"),
        json!({ "items": items(&["d"]), "meta": { "next_cursor": null } }),
    )
    .await;
    let got = ids(client(&server).list_cursor().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c", "d"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_repeating_cursor_ends_the_stream() {
    let server = MockServer::start().await;
    page(
        &server,
        "/cursor",
        query_param_is_missing("cursor"),
        json!({ "items": items(&["a"]), "meta": { "next_cursor": "c1" } }),
    )
    .await;
    page(
        &server,
        "/cursor",
        query_param("cursor", "c1"),
        json!({ "items": items(&["b"]), "meta": { "next_cursor": "c2" } }),
    )
    .await;
    // A buggy server sending back a cursor already followed: it would loop forever.
    page(
        &server,
        "/cursor",
        query_param("cursor", "c2"),
        json!({ "items": items(&["c"]), "meta": { "next_cursor": "c1" } }),
    )
    .await;
    let got = ids(client(&server).list_cursor().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn markers_until_not_truncated() {
    let server = MockServer::start().await;
    page(
        &server,
        "/markers",
        query_param_is_missing("marker"),
        json!({ "results": items(&["a"]), "next_marker": "m1", "is_truncated": true }),
    )
    .await;
    page(
        &server,
        "/markers",
        query_param("marker", "m1"),
        json!({ "results": items(&["b"]), "next_marker": "m2", "is_truncated": false }),
    )
    .await;
    let got = ids(client(&server).list_markers().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b"]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn stripe_sends_the_last_id_while_has_more() {
    let server = MockServer::start().await;
    let body = |ids: &[&str], more: bool| json!({ "object": "list", "data": items(ids), "has_more": more });
    page(&server, "/stripe", query_param_is_missing("starting_after"), body(&["a", "b"], true)).await;
    page(&server, "/stripe", query_param("starting_after", "b"), body(&["c", "d"], true)).await;
    page(&server, "/stripe", query_param("starting_after", "d"), body(&["e"], false)).await;
    let got = ids(client(&server).list_stripe().limit(2).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c", "d", "e"]);
    assert_eq!(requests(&server).await, 3);
    for request in server.received_requests().await.expect("recording") {
        assert_eq!(
            request.url.query_pairs().find(|(name, _)| name == "limit").map(|(_, value)| value.into_owned()).as_deref(),
            Some("2")
        );
    }
}

#[tokio::test]
async fn stripe_stops_when_the_last_id_repeats() {
    let server = MockServer::start().await;
    let body = |ids: &[&str]| json!({ "object": "list", "data": items(ids), "has_more": true });
    page(&server, "/stripe", query_param_is_missing("starting_after"), body(&["a", "b"])).await;
    page(&server, "/stripe", query_param("starting_after", "b"), body(&["a", "b"])).await;
    let got = ids(client(&server).list_stripe().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "a", "b"]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn link_header_urls_are_followed_as_given() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let link = |target: &str| format!("<{target}>; rel=\"next\", <{uri}/link?page=9&per_page=2>; rel=\"last\"");
    Mock::given(method("GET"))
        .and(path("/link"))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(items(&["a", "b"]))
                .insert_header("link", link(&format!("{uri}/link?page=2&per_page=2")).as_str()),
        )
        .mount(&server)
        .await;
    // A relative target is resolved against the request's URL.
    Mock::given(method("GET"))
        .and(path("/link"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(items(&["c", "d"]))
                .insert_header("link", link("/link?page=3&per_page=2&token=x").as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/link"))
        .and(query_param("page", "3"))
        .and(query_param("token", "x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items(&["e"])))
        .mount(&server)
        .await;
    let got = ids(client(&server).list_link().per_page(2).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c", "d", "e"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_declared_link_header_style_and_a_repeating_url() {
    let server = MockServer::start().await;
    let next = format!("<{}/declared-link?after=1>; rel=\"next\"", server.uri());
    Mock::given(method("GET"))
        .and(path("/declared-link"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items(&["a"])).insert_header("link", next.as_str()))
        .mount(&server)
        .await;
    let got = ids(client(&server).list_declared_link().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "a"]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_next_url_on_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    page(
        &server,
        "/next-url",
        query_param_is_missing("p"),
        json!({ "data": items(&["a"]), "links": { "next": "https://elsewhere.example/next-url?p=2" } }),
    )
    .await;
    let client = client(&server);
    let results: Vec<_> = client.list_next_url().into_stream().collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().expect("first page").id, "a");
    let error = results[1].as_ref().expect_err("refused");
    assert!(error.to_string().contains("another origin"), "{error}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn next_urls_in_the_body_relative_and_absolute() {
    let server = MockServer::start().await;
    let uri = server.uri();
    page(
        &server,
        "/next-url",
        query_param_is_missing("p"),
        json!({ "data": items(&["a"]), "links": { "next": "/next-url?p=2" } }),
    )
    .await;
    page(
        &server,
        "/next-url",
        query_param("p", "2"),
        json!({ "data": items(&["b"]), "links": { "next": format!("{uri}/next-url?p=3") } }),
    )
    .await;
    page(&server, "/next-url", query_param("p", "3"), json!({ "data": items(&["c"]), "links": { "next": null } }))
        .await;
    let got = ids(client(&server).list_next_url().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn offsets_stop_at_the_total() {
    let server = MockServer::start().await;
    page(&server, "/offset", query_param_is_missing("offset"), json!({ "records": items(&["a", "b"]), "total": 5 }))
        .await;
    page(&server, "/offset", query_param("offset", "2"), json!({ "records": items(&["c", "d"]), "total": 5 })).await;
    page(&server, "/offset", query_param("offset", "4"), json!({ "records": items(&["e"]), "total": 5 })).await;
    let got = ids(client(&server).list_offset().limit(2).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c", "d", "e"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn offsets_without_a_total_stop_at_a_short_page() {
    let server = MockServer::start().await;
    page(&server, "/offset", query_param("offset", "10"), json!({ "records": items(&["a", "b"]) })).await;
    page(&server, "/offset", query_param("offset", "12"), json!({ "records": items(&["c"]) })).await;
    let got = ids(client(&server).list_offset().offset(10).limit(2).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn page_numbers_from_one_until_an_empty_page() {
    let server = MockServer::start().await;
    page(&server, "/pages", query_param_is_missing("page"), json!({ "entries": items(&["a", "b"]) })).await;
    page(&server, "/pages", query_param("page", "2"), json!({ "entries": items(&["c", "d"]) })).await;
    page(&server, "/pages", query_param("page", "3"), json!({ "entries": [] })).await;
    let got = ids(client(&server).list_pages().into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c", "d"]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn page_numbers_stop_at_a_page_shorter_than_the_size_asked_for() {
    let server = MockServer::start().await;
    page(&server, "/pages", query_param("page", "1"), json!({ "entries": items(&["a", "b"]) })).await;
    page(&server, "/pages", query_param("page", "2"), json!({ "entries": items(&["c"]) })).await;
    let got = ids(client(&server).list_pages().page(1).page_size(2).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn max_items_stops_without_reading_more_pages() {
    let server = MockServer::start().await;
    page(&server, "/pages", query_param_is_missing("page"), json!({ "entries": items(&["a", "b"]) })).await;
    page(&server, "/pages", query_param("page", "2"), json!({ "entries": items(&["c", "d"]) })).await;
    let got = ids(client(&server).list_pages().max_items(3).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(requests(&server).await, 2);
    let got = ids(client(&server).list_pages().max_items(2).into_stream(), |item| item.id.clone()).await;
    assert_eq!(got, ["a", "b"]);
    assert_eq!(requests(&server).await, 3);
}
