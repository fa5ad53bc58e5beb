//! Shapes that once became JSON values or lost union variants, through
//! `tests/fixtures/typing-fidelity.yaml`: each decodes into its typed form and writes back the same JSON.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use union_consumer::fidelity::types::{
    ConversationItem, ConversationItemMessage, ConversationItemToolCallType, DescribedCode, Dimensions, Locator,
    LocatorIsbn, LocatorShelfAndPosition, Sealed, Shelf, ShelfCode, ShelfInput, ShelfInputLabel, ShelvedPublication,
    ShelvedPublicationBook, StrictLabel,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as `T`, checks it, and checks that writing it gives `value` back.
fn decodes<T: Serialize + DeserializeOwned + std::fmt::Debug>(value: Value, check: impl FnOnce(&T)) {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{error}: {value}"));
    check(&decoded);
    assert_eq!(serde_json::to_value(&decoded).expect("serialises"), value, "{decoded:?}");
}

#[test]
fn a_ref_with_required_beside_it_requires_those_fields() {
    decodes::<StrictLabel>(json!({"text": "A", "color": "red"}), |label| {
        assert_eq!((label.text.as_str(), label.color.as_str()), ("A", "red"));
    });
    assert!(serde_json::from_value::<StrictLabel>(json!({"text": "A"})).is_err(), "color is required here");
    let input = ShelfInput::new("top").with_label(ShelfInputLabel::new("fiction"));
    assert_eq!(serde_json::to_value(&input).unwrap(), json!({"name": "top", "label": {"text": "fiction"}}));
}

#[test]
fn object_with_all_of_and_properties_side_by_side_is_one_struct() {
    decodes::<Shelf>(json!({"id": "s1", "name": "top", "capacity": 3, "spare": null}), |shelf| {
        assert_eq!((shelf.id.as_str(), shelf.name.as_str(), shelf.capacity), ("s1", "top", Some(3)));
        assert!(shelf.spare.is_null());
    });
    assert!(serde_json::from_value::<Shelf>(json!({"name": "top"})).is_err(), "id is required beside the allOf");
    decodes::<Option<Dimensions>>(json!({"width": 1.5, "height": 2.0}), |dimensions| {
        assert_eq!(dimensions.as_ref().map(|d| (d.width, d.height)), Some((1.5, 2.0)));
    });
    decodes::<Option<Dimensions>>(Value::Null, |dimensions| assert!(dimensions.is_none()));
}

#[test]
fn all_of_a_string_alias_is_that_string_type() {
    let code: DescribedCode = ShelfCode::Oak;
    assert_eq!(serde_json::to_value(code).unwrap(), json!("oak"));
}

#[test]
fn all_of_a_union_and_properties_puts_them_in_each_variant() {
    decodes::<ShelvedPublication>(json!({"kind": "book", "title": "Dune", "shelf": "s1"}), |publication| {
        assert!(
            matches!(publication, ShelvedPublication::Book(book) if book.title == "Dune" && book.shelf == "s1"),
            "{publication:?}"
        );
    });
    decodes::<ShelvedPublication>(json!({"kind": "magazine", "issue": 7, "shelf": "s2"}), |publication| {
        assert!(matches!(publication, ShelvedPublication::Magazine(m) if m.issue == 7), "{publication:?}");
    });
    let book = ShelvedPublication::Book(ShelvedPublicationBook::new("Emma", "s3"));
    assert_eq!(serde_json::to_value(&book).unwrap(), json!({"kind": "book", "title": "Emma", "shelf": "s3"}));
}

#[test]
fn one_of_alternatives_that_only_require_become_variants() {
    decodes::<Locator>(json!({"isbn": "978-0"}), |locator| assert!(matches!(locator, Locator::Isbn(_))));
    decodes::<Locator>(json!({"shelf": "s1", "position": 2}), |locator| {
        assert!(matches!(locator, Locator::ShelfAndPosition(_)), "{locator:?}");
    });
    let by_isbn = Locator::Isbn(LocatorIsbn::new("978-1"));
    assert_eq!(serde_json::to_value(&by_isbn).unwrap(), json!({"isbn": "978-1"}));
    let by_place = Locator::ShelfAndPosition(LocatorShelfAndPosition::new("s2", 4));
    assert_eq!(serde_json::to_value(&by_place).unwrap(), json!({"shelf": "s2", "position": 4}));
}

#[test]
fn members_sharing_a_tag_value_are_told_apart_by_what_they_require() {
    let input = json!({"type": "message", "role": "user", "content": "hi"});
    decodes::<ConversationItem>(input, |item| {
        assert!(
            matches!(item, ConversationItem::Message(ConversationItemMessage::InputMessage(m)) if m.role == "user"),
            "{item:?}"
        );
    });
    let output = json!({"type": "message", "id": "m1", "status": "done", "content": "hello"});
    decodes::<ConversationItem>(output, |item| {
        assert!(
            matches!(item, ConversationItem::Message(ConversationItemMessage::OutputMessage(m)) if m.id == "m1"),
            "{item:?}"
        );
    });
}

#[test]
fn a_tag_with_several_values_is_one_variant_keeping_the_value() {
    for kind in ["tool_call", "tool_call_delta"] {
        decodes::<ConversationItem>(json!({"type": kind, "name": "search"}), |item| {
            let ConversationItem::ToolCall(call) = item else { panic!("{item:?}") };
            assert_eq!(call.name, "search");
            let expected = if kind == "tool_call" {
                ConversationItemToolCallType::ToolCall
            } else {
                ConversationItemToolCallType::ToolCallDelta
            };
            assert_eq!(call.r#type, expected);
        });
    }
}

#[test]
fn members_of_a_nested_union_get_variants_of_their_own() {
    decodes::<ConversationItem>(json!({"type": "reasoning", "summary": "think"}), |item| {
        assert!(matches!(item, ConversationItem::Reasoning(r) if r.summary == "think"), "{item:?}");
    });
    decodes::<ConversationItem>(json!({"type": "refusal", "reason": "no"}), |item| {
        assert!(matches!(item, ConversationItem::Refusal(r) if r.reason == "no"), "{item:?}");
    });
}

#[test]
fn a_property_that_can_never_be_present_has_no_field() {
    decodes::<Sealed>(json!({"name": "box"}), |sealed| assert_eq!(sealed.name.as_deref(), Some("box")));
}

#[tokio::test]
async fn a_scheme_the_client_does_not_compute_sends_the_callers_credential() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(header("authorization", "x-signed keyId=k1 signature=abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"type": "refusal", "reason": "no"}])))
        .expect(1)
        .mount(&server)
        .await;
    let client = union_consumer::fidelity::Client::builder()
        .api_key("keyId=k1 signature=abc")
        .base_url(server.uri())
        .build()
        .expect("client");
    let items = client.list_items().await.expect("listed").into_inner();
    assert!(matches!(items.as_slice(), [ConversationItem::Refusal(_)]), "{items:?}");
}

fn word() -> impl Strategy<Value = String> {
    "[a-z0-9_ ]{0,12}"
}

proptest! {
    #[test]
    fn shared_tag_and_shared_property_variants_round_trip(
        role in word(), content in word(), id in word(), status in word(), shelf in word(), title in word(),
    ) {
        let values = [
            json!({"type": "message", "role": role, "content": content}),
            json!({"type": "message", "id": id, "status": status, "content": content}),
        ];
        for value in values {
            let item: ConversationItem = serde_json::from_value(value.clone()).expect("decodes");
            prop_assert!(matches!(item, ConversationItem::Message(_)), "{:?}", item);
            prop_assert_eq!(serde_json::to_value(&item).expect("serialises"), value);
        }
        let publication = ShelvedPublication::Book(ShelvedPublicationBook::new(title, shelf));
        let text = serde_json::to_string(&publication).expect("serialises");
        prop_assert_eq!(serde_json::from_str::<ShelvedPublication>(&text).expect("decodes"), publication);
    }
}
