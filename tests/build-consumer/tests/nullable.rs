//! Optional properties that may also be `null` keep three states on the wire, in both directions: the
//! key left out, `null`, or a value (`tests/fixtures/nullable.yaml` through a loopback server).

use flowglad_build_consumer::nullable::types::{Clashes, Pet, PetPatch, Tag, TreeNode, Wide};
use flowglad_build_consumer::nullable::{Client, Nullable};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn pet() -> Value {
    json!({"id": "pet_1", "name": "Rex", "owner": null})
}

/// Sends `patch` and returns the JSON body the server received.
async fn sent_body(patch: PetPatch) -> Value {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/pets/pet_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pet()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    client.update_pet("pet_1", patch).await.expect("update succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    serde_json::from_slice(&requests[0].body).expect("the body is JSON")
}

#[tokio::test]
async fn an_absent_property_leaves_the_key_out() {
    let body = sent_body(PetPatch::new().with_color("brown")).await;
    assert_eq!(body, json!({"color": "brown"}));
    assert!(body.get("nickname").is_none());
}

#[tokio::test]
async fn a_null_property_sends_null() {
    let body = sent_body(PetPatch::new().with_nickname(Nullable::Null).with_tag(None)).await;
    assert_eq!(body, json!({"nickname": null, "tag": null}));
}

#[tokio::test]
async fn a_value_sends_the_value() {
    let body = sent_body(PetPatch::new().with_nickname("rexy").with_age(3).with_tag(Tag::new("good dog"))).await;
    assert_eq!(body, json!({"nickname": "rexy", "age": 3, "tag": {"label": "good dog"}}));
}

#[test]
fn decoding_keeps_the_three_states_apart() {
    let absent: Pet = serde_json::from_value(pet()).expect("decodes");
    assert_eq!(absent.nickname, Nullable::Absent);
    assert!(absent.nickname.is_absent());
    let null: Pet =
        serde_json::from_value(json!({"id": "p", "name": "n", "owner": null, "nickname": null})).expect("decodes");
    assert_eq!(null.nickname, Nullable::Null);
    assert!(null.nickname.is_null());
    let value: Pet =
        serde_json::from_value(json!({"id": "p", "name": "n", "owner": "o", "nickname": "rexy"})).expect("decodes");
    assert_eq!(value.nickname, Nullable::Value("rexy".to_owned()));
    assert_eq!(value.nickname.as_option().map(String::as_str), Some("rexy"));
    assert_eq!(value.owner.as_deref(), Some("o"));
    // And back: each state serialises as it was received.
    for pet in [absent, null, value] {
        let again: Pet = serde_json::from_value(serde_json::to_value(&pet).expect("encodes")).expect("decodes");
        assert_eq!(again, pet);
    }
    assert!(serde_json::from_value::<Pet>(json!({"id": "p", "name": "n", "owner": null, "age": "old"})).is_err());
}

#[test]
fn conversions_into_nullable() {
    assert_eq!(Nullable::from(Some(1)), Nullable::Value(1));
    assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
    assert_eq!(Nullable::from("a"), Nullable::Value("a".to_owned()));
    assert_eq!(Option::from(Nullable::Value(2)), Some(2));
    assert_eq!(Nullable::<i32>::Null.into_option(), None);
    assert_eq!(Nullable::Value(2).map(|n| n * 2), Nullable::Value(4));
    assert_eq!(Nullable::<i32>::default(), Nullable::Absent);
}

#[test]
fn required_nullable_properties_are_always_sent() {
    let unowned = Pet::new("pet_1", "Rex");
    assert_eq!(serde_json::to_value(&unowned).expect("encodes"), pet());
    let owned = Pet::new("pet_1", "Rex").with_owner("Ann").with_color("black");
    assert_eq!(owned.owner.as_deref(), Some("Ann"));
    assert_eq!(owned.color.as_deref(), Some("black"));
}

#[test]
fn setters_box_recursive_values_and_avoid_name_clashes() {
    let tree = TreeNode::new(1).with_child(TreeNode::new(2)).with_parent(TreeNode::new(0));
    assert_eq!(tree.child.as_option().map(|child| child.value), Some(2));
    assert_eq!(tree.parent.as_ref().map(|parent| parent.value), Some(0));
    assert_eq!(
        serde_json::to_value(TreeNode::new(1).with_child(Nullable::Null)).expect("encodes"),
        json!({"value": 1, "child": null})
    );
    let clashes = Clashes::new("fresh").with_label("from _label").with_label2("from label").with_value("v");
    assert_eq!(
        serde_json::to_value(&clashes).expect("encodes"),
        json!({"new": "fresh", "_label": "from _label", "label": "from label", "value": "v"})
    );
    let wide = Wide::new("a", "b", "c", "d", "e", "f", "g", "h").with_i("i");
    assert_eq!(wide.i.as_deref(), Some("i"));
}

#[tokio::test]
async fn pagination_stops_at_an_absent_or_null_cursor() {
    let server = MockServer::start().await;
    let page = |cursor: Value| {
        let mut body = json!({"data": [pet()], "hasMore": null});
        if !cursor.is_null() {
            body["nextCursor"] = cursor;
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param("cursor", "c2"))
        .respond_with(page(json!(null)))
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(page(json!("c2"))).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    let pets: Vec<_> = client.list_pets().into_stream().collect().await;
    assert_eq!(pets.len(), 2, "two pages of one pet each: {pets:?}");
}
