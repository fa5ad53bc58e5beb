//! The generated decoders under bad responses: random bytes, truncated JSON, huge numbers, deep nesting
//! and wrong types each give an error value, never a panic; through the client they are `Error::Decode`.

use flowglad::types::{CheckoutSession, CheckoutSessionList, CheckoutSessionResponse};
use proptest::prelude::*;
use serde_json::Value;
use tests::spec_example;

const LIST_EXAMPLE: &str = "/paths/~1api~1v1~1checkout-sessions/get/responses/200/content/application~1json/example";

fn example_page() -> Value {
    spec_example(LIST_EXAMPLE)
}

/// Decoding must return, whatever the bytes; the result itself is not the point.
fn decode_all(bytes: &[u8]) {
    let _ = serde_json::from_slice::<CheckoutSessionList>(bytes);
    let _ = serde_json::from_slice::<CheckoutSessionResponse>(bytes);
    let _ = serde_json::from_slice::<CheckoutSession>(bytes);
}

/// Every value position in a document, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => map.iter().for_each(|(key, child)| pointers(child, format!("{at}/{key}"), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(index, child)| pointers(child, format!("{at}/{index}"), out))
        }
        _ => {}
    }
}

fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|number| serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        Just(serde_json::json!([[[[[[[[[[[]]]]]]]]]]])),
        Just(serde_json::json!({"type": "purchase"})),
        Just(serde_json::json!({"type": 17})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        decode_all(&bytes);
    }

    #[test]
    fn truncated_pages_are_errors(cut in 0usize..4096) {
        let page = serde_json::to_vec(&example_page()).unwrap();
        let cut = cut % page.len();
        prop_assert!(serde_json::from_slice::<CheckoutSessionList>(&page[..cut]).is_err());
    }

    #[test]
    fn wrong_types_anywhere_never_panic(choice in any::<prop::sample::Index>(), replacement in hostile_value()) {
        let mut page = example_page();
        let mut all = Vec::new();
        pointers(&page, String::new(), &mut all);
        let pointer = choice.get(&all).clone();
        match page.pointer_mut(&pointer) {
            Some(slot) => *slot = replacement,
            None => return Ok(()),
        }
        decode_all(&serde_json::to_vec(&page).unwrap());
    }
}

#[test]
fn huge_numbers_and_deep_nesting_are_errors() {
    let mut page = example_page();
    page["total"] = serde_json::from_str("123456789012345678901234567890").unwrap_or(Value::Null);
    let bytes = serde_json::to_vec(&page).unwrap();
    // `total` is a JSON number: beyond i64 it still decodes (as the nearest f64), only beyond f64 it fails.
    let decoded = serde_json::from_slice::<CheckoutSessionList>(&bytes).expect("a total beyond i64 decodes");
    assert_eq!(decoded.total, 1.2345678901234568e29);
    let mut timestamp = example_page();
    timestamp["data"][0]["createdAt"] = serde_json::from_str("9223372036854775808").unwrap();
    let bytes = serde_json::to_vec(&timestamp).unwrap();
    assert!(serde_json::from_slice::<CheckoutSessionList>(&bytes).is_err(), "a timestamp beyond i64 is an error");
    let text = serde_json::to_string(&example_page()).unwrap().replace("\"total\":123", "\"total\":1e400");
    assert!(serde_json::from_str::<CheckoutSessionList>(&text).is_err());
    let deep = format!("{{\"data\": [{}{}]}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(serde_json::from_str::<CheckoutSessionList>(&deep).is_err(), "deep nesting stops at the recursion limit");
    let deep_union = format!("{{\"type\": \"purchase\", \"x\": {}{}}}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    assert!(serde_json::from_str::<CheckoutSession>(&deep_union).is_err());
}

#[tokio::test]
async fn the_client_reports_bad_bodies_as_decode_errors() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let page = serde_json::to_string(&example_page()).unwrap();
    let bodies = [
        page[..page.len() / 2].to_owned(),
        "\u{0}\u{1}garbage".to_owned(),
        format!("{{\"data\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000)),
        page.replace("\"total\":123", "\"total\":\"many\""),
    ];
    for body in bodies {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server).await;
        let client = flowglad::Client::builder().api_key("sk_test").base_url(server.uri()).build().unwrap();
        let error = client.checkout_sessions_list().await.unwrap_err();
        assert_eq!(error.kind(), flowglad::ErrorKind::Decode, "{error}");
    }
}
