//! Unions whose members are not all objects, through `tests/fixtures/unions-any-shape.yaml`.

use proptest::prelude::*;
use serde_json::json;
use union_consumer::any_shape::types::{
    Address, Click, ClickKind, ContentDirectoryItem, ContentDirectoryItemType, ContentFile, ContentSymlink, Event,
    GetContentResponse, Loose, Note, Options, Scalar, Setting,
};
use union_consumer::maybe;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn entry(kind: &str, name: &str) -> serde_json::Value {
    json!({"type": kind, "name": name, "path": name, "sha": "abc", "size": 1})
}

#[tokio::test]
async fn a_directory_listing_is_the_array_member() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/contents/src"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([entry("dir", "a"), entry("file", "b.rs")])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/r/contents/link"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "symlink", "target": "b.rs", "name": "link", "path": "link", "sha": "abc", "size": 4
        })))
        .mount(&server)
        .await;
    let client = union_consumer::any_shape::Client::builder().base_url(server.uri()).build().unwrap();
    let listing = client.get_content("o", "r", "src").await.unwrap().into_inner();
    let GetContentResponse::ContentDirectory(items) = listing else { panic!("not a listing: {listing:?}") };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].r#type, ContentDirectoryItemType::Dir);
    let link = client.get_content("o", "r", "link").await.unwrap().into_inner();
    assert!(matches!(&link, GetContentResponse::Symlink(symlink) if symlink.target == "b.rs"), "{link:?}");
}

#[test]
fn a_pinned_property_tells_untagged_variants_apart() {
    let click: Event = serde_json::from_value(json!({"kind": "click", "at": 3})).unwrap();
    assert!(matches!(click, Event::Click(_)), "{click:?}");
    let scroll: Event = serde_json::from_value(json!({"kind": "scroll", "text": "down"})).unwrap();
    assert!(matches!(&scroll, Event::Note(note) if note.kind.as_deref() == Some("scroll")), "{scroll:?}");
}

#[test]
fn objects_that_take_anything_come_after_maps_and_nested_fallbacks_last() {
    let numbers: Loose = serde_json::from_value(json!({"a": 1.5})).unwrap();
    assert!(matches!(numbers, Loose::NumberMap(_)), "{numbers:?}");
    let options: Loose = serde_json::from_value(json!({"verbose": true})).unwrap();
    assert!(matches!(options, Loose::Options(_)), "{options:?}");
    let scalar: Loose = serde_json::from_value(json!(7)).unwrap();
    assert!(matches!(scalar, Loose::Scalar(Scalar::Integer(7))), "{scalar:?}");
}

fn word() -> impl Strategy<Value = String> {
    "[a-z0-9_ ]{0,12}"
}

fn content() -> impl Strategy<Value = GetContentResponse> {
    let item = (word(), any::<i64>()).prop_map(|(name, size)| {
        ContentDirectoryItem::new(ContentDirectoryItemType::File, name.clone(), name, "abc", size)
    });
    prop_oneof![
        prop::collection::vec(item, 0..3).prop_map(GetContentResponse::ContentDirectory),
        (word(), word()).prop_map(|(name, content)| GetContentResponse::File(ContentFile::new(
            "base64",
            name.clone(),
            name,
            "abc",
            3,
            content,
        ))),
        (word(), word()).prop_map(|(name, target)| GetContentResponse::Symlink(ContentSymlink::new(
            target,
            name.clone(),
            name,
            "abc",
            3,
        ))),
    ]
}

fn setting() -> impl Strategy<Value = Setting> {
    prop_oneof![
        word().prop_map(Setting::String),
        (-1000..1000i32).prop_map(|n| Setting::Number(f64::from(n) + 0.5)),
        any::<bool>().prop_map(Setting::Boolean),
        prop::collection::vec(any::<i64>(), 0..3).prop_map(Setting::IntegerList),
        prop::collection::btree_map(word(), word(), 0..3).prop_map(Setting::StringMap),
        (word(), word()).prop_map(|(line1, country)| Setting::Address(Address::new(line1, country))),
    ]
}

fn loose() -> impl Strategy<Value = Loose> {
    prop_oneof![
        // `{}` is both an empty map and options with nothing set; the map, tried first, takes it.
        any::<bool>().prop_map(|verbose| Loose::Options(Options::new().with_verbose(verbose))),
        prop::collection::btree_map(word(), (-100..100i32).prop_map(f64::from), 0..3).prop_map(Loose::NumberMap),
        any::<i64>().prop_map(|n| Loose::Scalar(Scalar::Integer(n))),
        word().prop_map(|s| Loose::Scalar(Scalar::String(s))),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        prop::option::of(any::<i64>()).prop_map(|at| Event::Click(maybe(
            Click::new(ClickKind::Click),
            at,
            Click::with_at
        ))),
        (prop::option::of("[a-z]{1,6}".prop_filter("not click", |kind| kind != "click")), prop::option::of(word()))
            .prop_map(|(kind, text)| Event::Note(maybe(
                maybe(Note::new(), kind, Note::with_kind),
                text,
                Note::with_text
            ))),
    ]
}

fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).map_err(|error| TestCaseError::fail(error.to_string()))?;
    let decoded: T = serde_json::from_str(&text).map_err(|error| TestCaseError::fail(format!("{error}: {text}")))?;
    prop_assert_eq!(&decoded, value, "written as {}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn contents_round_trip(value in content()) { round_trips(&value)?; }

    #[test]
    fn settings_of_every_shape_round_trip(value in setting()) { round_trips(&value)?; }

    #[test]
    fn loose_unions_round_trip(value in loose()) { round_trips(&value)?; }

    #[test]
    fn pinned_events_round_trip(value in event()) { round_trips(&value)?; }
}
