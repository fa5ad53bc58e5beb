//! Objects declaring `additionalProperties: true` (or a schema) beside `properties` keep the properties
//! they do not declare, in both directions (`tests/fixtures/additional-properties.yaml`).

use std::collections::BTreeMap;

use flowglad_build_consumer::extra_props::Client;
use flowglad_build_consumer::extra_props::types::{
    Clash, Closed, Counters, Created, Event, Extended, Flags, Labels, Record,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as `T` and serialises it back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    (decoded, encoded)
}

#[test]
fn undeclared_properties_are_kept_and_written_back() {
    let wire = json!({"id": "r1", "name": "first", "color": "red", "nested": {"a": [1, 2]}, "n": null});
    let (record, encoded) = round_trip::<Record>(&wire);
    assert_eq!(record.id, "r1");
    assert_eq!(record.name.as_deref(), Some("first"));
    assert_eq!(record.additional_properties.len(), 3);
    assert_eq!(record.additional_properties["color"], json!("red"));
    assert_eq!(record.additional_properties["nested"], json!({"a": [1, 2]}));
    assert_eq!(record.additional_properties["n"], Value::Null);
    assert!(!record.additional_properties.contains_key("id"), "declared properties stay in their fields");
    assert_eq!(encoded, wire);
}

#[test]
fn a_value_built_with_new_starts_with_no_undeclared_properties() {
    let record = Record::new("r1");
    assert!(record.additional_properties.is_empty());
    assert_eq!(serde_json::to_value(&record).unwrap(), json!({"id": "r1"}));
    let extra = BTreeMap::from([("color".to_owned(), json!("red"))]);
    let record = Record::new("r1").with_name("n").with_additional_properties(extra);
    assert_eq!(serde_json::to_value(&record).unwrap(), json!({"id": "r1", "name": "n", "color": "red"}));
    // Every property optional: `Default` still derives, with an empty map.
    assert_eq!(Labels::default(), Labels::new());
    assert!(Labels::default().additional_properties.is_empty());
}

#[test]
fn a_schema_for_additional_properties_types_the_map() {
    let wire = json!({"total": 3, "apples": 1, "pears": 2});
    let (counters, encoded) = round_trip::<Counters>(&wire);
    assert_eq!(counters.total, 3);
    assert_eq!(counters.additional_properties, BTreeMap::from([("apples".to_owned(), 1), ("pears".to_owned(), 2)]));
    assert_eq!(encoded, wire);
    let wrong = serde_json::from_value::<Counters>(json!({"total": 3, "apples": "one"}));
    assert!(wrong.is_err(), "an undeclared property must fit the additionalProperties schema");
}

#[test]
fn closed_objects_have_no_map_and_drop_unknown_fields() {
    let (closed, encoded) = round_trip::<Closed>(&json!({"id": "c1", "extra": true}));
    assert_eq!(closed, Closed::new().with_id("c1"));
    assert_eq!(encoded, json!({"id": "c1"}));
}

#[test]
fn a_declared_property_named_additional_properties_keeps_its_name() {
    let wire = json!({"additional_properties": "declared", "other": 1});
    let (clash, encoded) = round_trip::<Clash>(&wire);
    assert_eq!(clash.additional_properties.as_deref(), Some("declared"));
    assert_eq!(clash.additional_properties2, BTreeMap::from([("other".to_owned(), json!(1))]));
    assert_eq!(encoded, wire);
}

#[test]
fn all_of_keeps_the_undeclared_properties_of_its_base() {
    let wire = json!({"id": "e1", "size": 4, "shape": "round"});
    let (extended, encoded) = round_trip::<Extended>(&wire);
    assert_eq!(extended.size, Some(4));
    assert_eq!(extended.additional_properties, BTreeMap::from([("shape".to_owned(), json!("round"))]));
    assert_eq!(encoded, wire);
}

#[test]
fn a_tagged_union_member_keeps_undeclared_properties_without_its_tag() {
    let wire = json!({"type": "created", "id": "ev1", "source": "api"});
    let (event, encoded) = round_trip::<Event>(&wire);
    let Event::Created(created) = &event else { panic!("expected the created variant, got {event:?}") };
    assert_eq!(created.id, "ev1");
    // The tag is the union's, not an undeclared property of the payload.
    assert_eq!(created.additional_properties, BTreeMap::from([("source".to_owned(), json!("api"))]));
    assert_eq!(encoded, wire);
    let text = serde_json::to_string(&event).unwrap();
    assert_eq!(text.matches("\"type\"").count(), 1, "the tag is written once: {text}");
    // A member without additionalProperties still drops what it does not declare.
    let (deleted, encoded) = round_trip::<Event>(&json!({"type": "deleted", "id": "ev2", "source": "api"}));
    assert!(matches!(deleted, Event::Deleted(_)));
    assert_eq!(encoded, json!({"type": "deleted", "id": "ev2"}));
    // Built by hand, the payload's map holds no tag and serialisation adds it.
    let built = Event::Created(Created::new("ev3"));
    assert_eq!(serde_json::to_value(&built).unwrap(), json!({"type": "created", "id": "ev3"}));
}

#[test]
fn a_boolean_tagged_union_member_keeps_undeclared_properties_without_its_tag() {
    let wire = json!({"enabled": true, "reason": "beta"});
    let (flags, encoded) = round_trip::<Flags>(&wire);
    let Flags::On(on) = &flags else { panic!("expected the on variant, got {flags:?}") };
    assert_eq!(on.additional_properties, BTreeMap::from([("reason".to_owned(), json!("beta"))]));
    assert_eq!(encoded, wire);
    let text = serde_json::to_string(&flags).unwrap();
    assert_eq!(text.matches("\"enabled\"").count(), 1, "the tag is written once: {text}");
}

#[tokio::test]
async fn undeclared_properties_survive_a_get_and_put_through_the_client() {
    let server = MockServer::start().await;
    let stored = json!({"id": "r1", "name": "first", "createdBy": "someone", "tags": ["a"]});
    Mock::given(method("GET"))
        .and(path("/records/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(stored.clone()))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/records/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(stored.clone()))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    let record = client.get_record("r1").await.expect("get succeeds");
    assert_eq!(record.additional_properties["createdBy"], json!("someone"));
    client.put_record("r1", record.into_inner()).await.expect("put succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    let sent: Value = serde_json::from_slice(&requests[1].body).expect("the body is JSON");
    assert_eq!(sent, stored);
}

#[tokio::test]
async fn undeclared_properties_of_a_multipart_body_become_parts_named_by_their_keys() {
    use flowglad_build_consumer::extra_props::types::Upload;
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/uploads")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    let extra = BTreeMap::from([("caption".to_owned(), "a cat".to_owned())]);
    client.upload(Upload::new("bytes").with_additional_properties(extra)).await.expect("upload succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    let body = String::from_utf8_lossy(&requests[0].body);
    assert!(body.contains("name=\"file\""), "{body}");
    assert!(body.contains("name=\"caption\""), "{body}");
    assert!(body.contains("a cat"), "{body}");
}
