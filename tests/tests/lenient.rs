//! Real data that breaks the spec: `tests/fixtures/lenient.yaml` (GitHub-like) generated without and with
//! `lenient-responses` (by build.rs), against wiremock serving responses that lack required properties.
//! Strict: an `Error::Decode` naming where, with the complete body. Lenient: the response decodes with
//! `None` in the missing fields. Both: requests built with `new` are sent byte for byte the same, and every
//! `Error::Decode` (plain responses, pages, server-sent events) keeps the complete body it failed on.

use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(clippy::all, dead_code, unused_imports)]
mod strict {
    include!(concat!(env!("OUT_DIR"), "/lenient_off.rs"));
}

#[allow(clippy::all, dead_code, unused_imports)]
mod lenient {
    include!(concat!(env!("OUT_DIR"), "/lenient_on.rs"));
}

/// A user as recorded: no `site_admin`, which the spec requires (and no `gravatar_id`, which it requires
/// but allows to be `null`, so both modes accept its absence).
fn recorded_user() -> Value {
    json!({
        "login": "octocat",
        "id": 583231,
        "node_id": "MDQ6VXNlcjU4MzIzMQ==",
        "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
        "type": "User"
    })
}

/// A repository as recorded: its owner lacks `site_admin`, and `topics` is missing (older API versions
/// left it out). The description is long so the body is well past the 512 bytes an error message shows.
fn recorded_repository() -> Value {
    json!({
        "id": 1296269,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": "Hello-World",
        "full_name": "octocat/Hello-World",
        "owner": recorded_user(),
        "private": false,
        "html_url": "https://github.com/octocat/Hello-World",
        "description": "My first repository on GitHub! ".repeat(30),
        "fork": false,
        "created_at": "2011-01-26T19:01:12Z",
        "license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"},
        "template_repository": null
    })
}

async fn server_with(route: &str, status: u16, body: &Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn strict_client(server: &MockServer) -> strict::Client {
    strict::Client::builder().base_url(server.uri()).build().expect("client builds")
}

fn lenient_client(server: &MockServer) -> lenient::Client {
    lenient::Client::builder().base_url(server.uri()).build().expect("client builds")
}

#[tokio::test]
async fn strict_names_the_missing_field_and_keeps_the_complete_body() {
    let body = recorded_repository();
    let server = server_with("/repos/octocat/Hello-World", 200, &body).await;
    let error = strict_client(&server).repos_get("octocat", "Hello-World").await.expect_err("site_admin is missing");
    let strict::Error::Decode(decode) = &error else { panic!("not a decode error: {error:?}") };
    assert_eq!(decode.path(), "owner");
    assert!(decode.message().starts_with("missing field `site_admin`"), "{}", decode.message());
    assert!(error.to_string().contains("at `owner`: missing field `site_admin`"), "{error}");
    assert_eq!(decode.status(), 200);
    let sent = serde_json::to_vec(&body).expect("body serialises");
    assert!(sent.len() > 1000, "the body is longer than any snippet");
    assert_eq!(decode.body(), sent.as_slice(), "the complete body, for a caller to fall back to");
    let fallback: Value = serde_json::from_slice(decode.body()).expect("the kept body is the JSON sent");
    assert_eq!(fallback["owner"]["login"], "octocat");
}

#[tokio::test]
async fn lenient_decodes_with_none_where_the_data_lacks_a_field() {
    let server = server_with("/repos/octocat/Hello-World", 200, &recorded_repository()).await;
    let repository = lenient_client(&server).repos_get("octocat", "Hello-World").await.expect("decodes").into_inner();
    let owner = repository.owner.expect("owner was sent");
    assert_eq!(owner.site_admin, None, "absent");
    assert_eq!(owner.login.as_deref(), Some("octocat"));
    assert_eq!(owner.id, Some(583231));
    assert_eq!(owner.gravatar_id, None);
    assert_eq!(repository.topics, None, "absent");
    assert_eq!(repository.full_name.as_deref(), Some("octocat/Hello-World"));
    assert_eq!(repository.license.and_then(|license| license.spdx_id).as_deref(), Some("MIT"));
    assert_eq!(repository.template_repository, Value::Null, "accepts anything in both modes");
}

#[tokio::test]
async fn data_that_follows_the_spec_decodes_the_same_in_both_modes() {
    let mut body = recorded_repository();
    body["owner"]["site_admin"] = json!(false);
    body["owner"]["gravatar_id"] = Value::Null;
    body["topics"] = json!(["octocat", "api"]);
    let server = server_with("/repos/octocat/Hello-World", 200, &body).await;
    let strict = strict_client(&server).repos_get("octocat", "Hello-World").await.expect("decodes").into_inner();
    let lenient = lenient_client(&server).repos_get("octocat", "Hello-World").await.expect("decodes").into_inner();
    assert!(!strict.owner.site_admin);
    assert_eq!(lenient.owner.as_ref().and_then(|owner| owner.site_admin), Some(false));
    assert_eq!(lenient.topics.as_deref(), Some(strict.topics.as_slice()));
    // Serialised back, both are the JSON received (a lenient `None` would be left out, not `null`).
    assert_eq!(serde_json::to_value(&strict).expect("serialises"), body);
    assert_eq!(serde_json::to_value(&lenient).expect("serialises"), body);
}

#[tokio::test]
async fn requests_built_with_new_are_encoded_identically() {
    let server = MockServer::start().await;
    let expected = json!({"names": ["octocat", "atom", "electron", "api"]});
    Mock::given(method("PUT"))
        .and(path("/repos/octocat/Hello-World/topics"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(&expected))
        .expect(2)
        .mount(&server)
        .await;
    let names = || vec!["octocat".to_owned(), "atom".to_owned(), "electron".to_owned(), "api".to_owned()];
    let strict = strict_client(&server)
        .repos_replace_all_topics("octocat", "Hello-World", strict::types::Topic::new(names()))
        .await
        .expect("strict request accepted");
    let lenient = lenient_client(&server)
        .repos_replace_all_topics("octocat", "Hello-World", lenient::types::Topic::new(names()))
        .await
        .expect("lenient request accepted");
    assert_eq!(lenient.names.as_deref(), Some(strict.names.as_slice()));
    let sent = server.received_requests().await.expect("recorded");
    assert_eq!(sent[0].body, sent[1].body, "the same bytes on the wire");

    // A larger type, with nesting and a box: `new` gives the same JSON in both modes.
    let created = chrono::DateTime::parse_from_rfc3339("2011-01-26T19:01:12Z").expect("date").to_utc();
    let strict_user = strict::types::SimpleUser::new("octocat", 1, "U_1", "https://a.example/1", "User", false);
    let lenient_user = lenient::types::SimpleUser::new("octocat", 1, "U_1", "https://a.example/1", "User", false);
    let strict_repo = strict::types::FullRepository::new(
        1,
        "R_1",
        "hello",
        "octocat/hello",
        strict_user,
        false,
        "https://h.example",
        false,
        created,
        vec![],
        Value::Null,
    );
    let lenient_repo = lenient::types::FullRepository::new(
        1,
        "R_1",
        "hello",
        "octocat/hello",
        lenient_user,
        false,
        "https://h.example",
        false,
        created,
        vec![],
        Value::Null,
    );
    let strict_repo = strict_repo.clone().with_parent(strict_repo);
    let lenient_repo = lenient_repo.clone().with_parent(lenient_repo);
    assert_eq!(
        serde_json::to_string(&strict_repo).expect("serialises"),
        serde_json::to_string(&lenient_repo).expect("serialises")
    );
}

#[tokio::test]
async fn untagged_unions_prefer_a_complete_member_then_the_one_missing_fewest() {
    let team = json!({"id": 1, "node_id": "T_1", "name": "Justice League", "slug": "justice-league"});
    let mut user = recorded_user();
    user["site_admin"] = json!(false);
    let body = json!([
        {"type": "User", "reviewer": user},
        {"type": "Team", "reviewer": team},
        {"type": "User", "reviewer": recorded_user()},
    ]);
    let route = "/repos/octocat/Hello-World/environments/production/reviewers";
    let server = server_with(route, 200, &body).await;

    let strict = strict_client(&server)
        .repos_list_environment_reviewers("octocat", "Hello-World", "production")
        .await
        .expect("decodes")
        .into_inner();
    assert!(matches!(strict[0].reviewer, strict::types::EnvironmentReviewerReviewer::SimpleUser(_)));
    // Without `permission` (or `site_admin`) no member fits: kept as received in the fallback.
    assert_eq!(strict[1].reviewer, strict::types::EnvironmentReviewerReviewer::Unknown(team.clone()));
    assert!(matches!(strict[2].reviewer, strict::types::EnvironmentReviewerReviewer::Unknown(_)));

    let lenient = lenient_client(&server)
        .repos_list_environment_reviewers("octocat", "Hello-World", "production")
        .await
        .expect("decodes")
        .into_inner();
    let Some(lenient::types::EnvironmentReviewerReviewer::SimpleUser(complete)) = &lenient[0].reviewer else {
        panic!("a complete user is a user: {:?}", lenient[0].reviewer)
    };
    assert_eq!(complete.site_admin, Some(false));
    // A user struct would decode from the team too (every field is an `Option`), but it lacks four
    // required properties where the team lacks one.
    let Some(lenient::types::EnvironmentReviewerReviewer::Team(found)) = &lenient[1].reviewer else {
        panic!("the team missing `permission` is a team: {:?}", lenient[1].reviewer)
    };
    assert_eq!((found.slug.as_deref(), found.permission.as_deref()), (Some("justice-league"), None));
    assert!(
        matches!(&lenient[2].reviewer, Some(lenient::types::EnvironmentReviewerReviewer::SimpleUser(user)) if user.site_admin.is_none())
    );
}

#[tokio::test]
async fn tagged_union_payloads_are_lenient_but_their_tag_stays_required() {
    let mut actor = recorded_user();
    actor["site_admin"] = json!(false);
    let untagged = json!({"id": 3, "actor": actor});
    let body = json!([
        {"event": "labeled", "id": 1, "actor": actor, "label": {"name": "bug"}},
        {"event": "closed", "id": 2, "actor": actor, "commit_id": null},
        untagged,
    ]);
    let server = server_with("/repos/octocat/Hello-World/issues/1347/timeline", 200, &body).await;

    let error = strict_client(&server)
        .issues_list_events_for_timeline("octocat", "Hello-World", 1347)
        .await
        .expect_err("the label lacks `color`");
    let strict::Error::Decode(decode) = &error else { panic!("not a decode error: {error:?}") };
    assert_eq!(decode.path(), "[0].label");
    assert!(decode.message().starts_with("missing field `color`"), "{}", decode.message());

    let events = lenient_client(&server)
        .issues_list_events_for_timeline("octocat", "Hello-World", 1347)
        .await
        .expect("decodes")
        .into_inner();
    let lenient::types::TimelineEvent::Labeled(labeled) = &events[0] else { panic!("{:?}", events[0]) };
    let label = labeled.label.as_ref().expect("label sent");
    assert_eq!((label.name.as_deref(), label.color.as_deref()), (Some("bug"), None));
    assert!(matches!(&events[1], lenient::types::TimelineEvent::Closed(closed) if closed.commit_id.is_none()));
    // Without its tag an object is no variant, however lenient: it is kept as received.
    assert_eq!(events[2], lenient::types::TimelineEvent::Unknown(untagged));
}

#[tokio::test]
async fn error_bodies_missing_a_field_are_typed_only_when_lenient() {
    let body = json!({"message": "Not Found"});
    let server = server_with("/repos/octocat/gone", 404, &body).await;
    let strict = strict_client(&server).repos_get("octocat", "gone").await.expect_err("404");
    let strict::Error::Api(api) = &strict else { panic!("not an API error: {strict:?}") };
    assert!(api.body().is_none(), "`documentation_url` is missing, so the typed body does not fit");
    assert_eq!(api.raw_body(), serde_json::to_vec(&body).expect("serialises").as_slice());

    let lenient = lenient_client(&server).repos_get("octocat", "gone").await.expect_err("404");
    let lenient::Error::Api(api) = &lenient else { panic!("not an API error: {lenient:?}") };
    let typed = api.body().expect("typed under lenient-responses");
    assert_eq!((typed.message.as_deref(), typed.documentation_url.as_deref()), (Some("Not Found"), None));
    assert_eq!(api.text(), r#"{"message":"Not Found"}"#);
}

/// Page 1 links to page 2; page 2 lacks `items` and `incomplete_results`.
async fn search_server() -> (MockServer, Value, Value) {
    let server = MockServer::start().await;
    let mut first_item = recorded_repository();
    first_item["owner"]["site_admin"] = json!(false);
    first_item["topics"] = json!([]);
    let first = json!({"total_count": 2, "incomplete_results": false, "items": [first_item]});
    let second = json!({"total_count": 2});
    let next = format!("<{}/search/repositories?q=hello&page=2>; rel=\"next\"", server.uri());
    Mock::given(method("GET"))
        .and(path("/search/repositories"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&second))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search/repositories"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&first).insert_header("link", next.as_str()))
        .mount(&server)
        .await;
    (server, first, second)
}

#[tokio::test]
async fn pages_missing_their_items_end_the_stream_when_lenient_and_fail_with_their_body_when_strict() {
    let (server, _, second) = search_server().await;
    let strict: Vec<_> = strict_client(&server).search_repos("hello").into_stream().collect().await;
    assert_eq!(strict.len(), 2, "the first page's item, then the second page's error");
    assert_eq!(strict[0].as_ref().expect("first page decodes").name, "Hello-World");
    let Err(strict::Error::Decode(decode)) = &strict[1] else { panic!("not a decode error: {:?}", strict[1]) };
    assert!(decode.message().starts_with("missing field `incomplete_results`"), "{}", decode.message());
    assert_eq!(decode.body(), serde_json::to_vec(&second).expect("serialises").as_slice());

    let lenient: Vec<_> = lenient_client(&server).search_repos("hello").into_stream().collect().await;
    assert_eq!(lenient.len(), 1, "a page without items has none: {lenient:?}");
    assert_eq!(lenient[0].as_ref().expect("decodes").name.as_deref(), Some("Hello-World"));
}

#[tokio::test]
async fn an_undecodable_event_keeps_its_complete_data_and_the_stream_goes_on() {
    let incomplete = json!({"id": "1", "type": "PushEvent", "actor": recorded_user()}).to_string();
    let mut user = recorded_user();
    user["site_admin"] = json!(true);
    let complete = json!({"id": "2", "type": "WatchEvent", "actor": user}).to_string();
    let stream = format!("data: {incomplete}\n\ndata: {complete}\n\n");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(stream, "text/event-stream"))
        .mount(&server)
        .await;

    let strict: Vec<_> = strict_client(&server).activity_stream_events().events().collect().await;
    let Err(strict::Error::Decode(decode)) = &strict[0] else { panic!("not a decode error: {:?}", strict[0]) };
    assert_eq!(decode.path(), "actor");
    assert!(decode.message().starts_with("missing field `site_admin`"), "{}", decode.message());
    assert_eq!(decode.text(), incomplete, "the event's complete data");
    assert_eq!(strict[1].as_ref().expect("the next event decodes").data.id, "2");

    let lenient: Vec<_> = lenient_client(&server).activity_stream_events().events().collect().await;
    let first = &lenient[0].as_ref().expect("decodes").data;
    assert_eq!(first.actor.as_ref().map(|actor| actor.site_admin), Some(None));
    assert_eq!(lenient[1].as_ref().expect("decodes").data.id.as_deref(), Some("2"));
}

#[tokio::test]
async fn send_raw_returns_the_body_in_both_modes() {
    let body = recorded_repository();
    let server = server_with("/repos/octocat/Hello-World", 200, &body).await;
    let raw = strict_client(&server).repos_get("octocat", "Hello-World").send_raw().await.expect("sent");
    assert_eq!(raw.body(), serde_json::to_vec(&body).expect("serialises").as_slice());
}
