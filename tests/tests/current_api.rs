//! The shapes Flowglad's API sends today (its 2026-02 description and its server): epoch-millisecond
//! timestamps at their extremes, the page's older ISO strings, every record variant, retired `invoice`
//! sessions, metadata values, fractional totals and both error body shapes.

use flowglad::types::{
    ApiErrorDetail, CheckoutSession, CheckoutSessionList, CheckoutSessionResponse, CreateCheckoutSessionInput,
    CreateCheckoutSessionInputProduct, CreateCheckoutSessionRequest, MetadataValue,
};
use flowglad::{Client, Nullable, UnixMillis};
use serde_json::{Value, json};
use tests::spec_example;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const MAX_SAFE: i64 = 9_007_199_254_740_991;

fn list_example() -> Value {
    spec_example("/paths/~1api~1v1~1checkout-sessions/get/responses/200/content/application~1json/example")
}

fn purchase_example() -> Value {
    list_example()["data"][0].clone()
}

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("sk_test").base_url(server.uri()).max_retries(0).build().expect("client builds")
}

#[test]
fn every_record_variant_of_the_example_decodes_and_round_trips() {
    let example = list_example();
    let page: CheckoutSessionList = serde_json::from_value(example.clone()).expect("the example page decodes");
    assert!(matches!(page.data[0], CheckoutSession::Purchase(_)));
    assert!(matches!(page.data[1], CheckoutSession::Product(_)));
    assert!(matches!(page.data[2], CheckoutSession::AddPaymentMethod(_)));
    assert!(matches!(page.data[3], CheckoutSession::ActivateSubscription(_)));
    for (index, session) in page.data.iter().enumerate() {
        assert_eq!(serde_json::to_value(session).expect("encodes"), example["data"][index], "record {index}");
    }
    let CheckoutSession::Purchase(purchase) = &page.data[0] else { unreachable!() };
    assert_eq!(purchase.created_at, UnixMillis::new(1_699_335_116_000));
    assert_eq!(purchase.expires.to_datetime().expect("in range").to_rfc3339(), "2023-11-08T05:31:56+00:00");
    assert_eq!(purchase.pricing_model_id, "pricing_model_123");
    let CheckoutSession::Product(product) = &page.data[1] else { unreachable!() };
    let metadata = product.output_metadata.as_option().expect("metadata");
    assert_eq!(metadata["campaign"], MetadataValue::String("spring_launch".to_owned()));
    assert_eq!(metadata["trial"], MetadataValue::Boolean(true));
    assert_eq!(metadata["discountRate"], MetadataValue::Number(0.25));
    assert_eq!(product.preserve_billing_cycle_anchor, Some(true));
    let CheckoutSession::ActivateSubscription(activate) = &page.data[3] else { unreachable!() };
    assert_eq!(activate.target_subscription_id, "sub_456");
    assert_eq!(activate.purchase_id, Nullable::Absent, "an omitted field may be absent");
}

#[test]
fn extreme_timestamps_decode_and_round_trip() {
    for value in [MAX_SAFE, -MAX_SAFE, 0] {
        let mut record = purchase_example();
        for field in ["createdAt", "updatedAt", "expires"] {
            record[field] = json!(value);
        }
        let session: CheckoutSession = serde_json::from_value(record.clone()).expect("extreme timestamps decode");
        let CheckoutSession::Purchase(purchase) = &session else { panic!("a purchase") };
        assert_eq!(purchase.expires.get(), value);
        assert_eq!(serde_json::to_value(&session).expect("encodes"), record, "round trip of {value}");
    }
}

#[test]
fn omitted_fields_may_be_null_or_absent() {
    let mut record = purchase_example();
    record["targetSubscriptionId"] = Value::Null;
    record["automaticallyUpdateSubscriptions"] = Value::Null;
    record["paymentMethodType"] = Value::Null;
    record["billingAddress"] = Value::Null;
    let CheckoutSession::Purchase(purchase) = serde_json::from_value(record).expect("nulls decode") else {
        panic!("a purchase")
    };
    assert_eq!(purchase.target_subscription_id, Nullable::Null);
    assert_eq!(purchase.automatically_update_subscriptions, Nullable::Null);
    assert_eq!(purchase.payment_method_type, Nullable::Null);
    assert_eq!(purchase.billing_address, Nullable::Null);
}

#[test]
fn retired_invoice_sessions_decode_into_the_fallback_unchanged() {
    let mut record = purchase_example();
    record["type"] = json!("invoice");
    let session: CheckoutSession = serde_json::from_value(record.clone()).expect("an invoice session decodes");
    let CheckoutSession::Unknown(kept) = &session else { panic!("the fallback: {session:?}") };
    assert_eq!(kept["invoiceId"], record["invoiceId"]);
    assert_eq!(serde_json::to_value(&session).expect("encodes"), record);
}

#[test]
fn a_fractional_total_decodes() {
    let mut page = list_example();
    page["total"] = json!(123.75);
    let page: CheckoutSessionList = serde_json::from_value(page).expect("any JSON number decodes");
    assert_eq!(page.total, 123.75);
}

/// The response of the page we started from (ISO strings, no `pricingModelId` or `expires` then), brought
/// to today's required fields but keeping its strings, served by a mock: the client still reads it.
#[tokio::test]
async fn a_response_with_the_pages_iso_strings_still_decodes() {
    let mut record = purchase_example();
    record["createdAt"] = json!("2023-11-07T05:31:56Z");
    record["updatedAt"] = json!("2023-11-07T05:31:56Z");
    record["expires"] = json!("2023-11-08T05:31:56.250Z");
    let body = json!({"checkoutSession": record, "url": "https://app.flowglad.com/checkout/chckt_session_123"});
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&body)).mount(&server).await;
    let response = client(&server).checkout_sessions_get("chckt_session_123").await.expect("ISO strings decode");
    let CheckoutSession::Purchase(purchase) = &response.checkout_session else { panic!("a purchase") };
    assert_eq!(purchase.created_at.get(), 1_699_335_116_000);
    assert_eq!(purchase.updated_at, purchase.created_at);
    assert_eq!(purchase.expires.get(), 1_699_421_516_250);
    // Written back in the form the spec declares today.
    let again = serde_json::to_value(&*response).expect("encodes");
    assert_eq!(again["checkoutSession"]["createdAt"], json!(1_699_335_116_000_i64));
    let _: CheckoutSessionResponse = serde_json::from_value(again).expect("and decodes again");
}

#[tokio::test]
async fn both_error_body_shapes_decode_into_the_typed_error() {
    let documented =
        json!({"message": "Invalid input data", "code": "BAD_REQUEST", "issues": [{"message": "quantity"}]});
    let served_text = json!({"error": "Checkout session not found", "code": "NOT_FOUND", "request_id": "req_1"});
    let served_object =
        json!({"error": {"message": "boom", "kind": "db"}, "code": "INTERNAL_SERVER_ERROR", "trace_id": "t_1"});
    for (status, body) in [(400, documented), (404, served_text), (500, served_object)] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(&body))
            .mount(&server)
            .await;
        let error = client(&server).checkout_sessions_get("cs_1").await.expect_err("an error status");
        let api = error.api_error().expect("an API error");
        let decoded = api.body().unwrap_or_else(|| panic!("{status}: the body decodes: {}", api.text()));
        assert_eq!(decoded.code, body["code"]);
        match status {
            400 => assert_eq!(decoded.issues.as_ref().map(Vec::len), Some(1)),
            404 => {
                assert_eq!(decoded.error, Some(ApiErrorDetail::String("Checkout session not found".to_owned())));
                assert_eq!(decoded.request_id.as_deref(), Some("req_1"));
            }
            _ => {
                assert!(matches!(&decoded.error, Some(ApiErrorDetail::ValueMap(map)) if map["kind"] == "db"));
                assert_eq!(decoded.trace_id.as_deref(), Some("t_1"));
            }
        }
    }
}

fn create_request_example(name: &str) -> Value {
    spec_example(&format!(
        "/paths/~1api~1v1~1checkout-sessions/post/requestBody/content/application~1json/examples/{name}/value"
    ))
}

#[test]
fn create_examples_decode_into_their_typed_variants_and_serialise_unchanged() {
    for name in ["product", "anonymousProduct", "addPaymentMethod", "activateSubscription"] {
        let example = create_request_example(name);
        let body: CreateCheckoutSessionRequest = serde_json::from_value(example.clone()).expect(name);
        let kind = match &body.checkout_session {
            CreateCheckoutSessionInput::Product(CreateCheckoutSessionInputProduct::Identified(identified)) => {
                assert_eq!(identified.customer_external_id, "customer_ext_123");
                "product"
            }
            CreateCheckoutSessionInput::Product(CreateCheckoutSessionInputProduct::Anonymous(anonymous)) => {
                assert_eq!(anonymous.price_slug.as_deref(), Some("pro-monthly"));
                "anonymousProduct"
            }
            CreateCheckoutSessionInput::AddPaymentMethod(_) => "addPaymentMethod",
            CreateCheckoutSessionInput::ActivateSubscription(_) => "activateSubscription",
            other => panic!("{name}: untyped {other:?}"),
        };
        assert_eq!(kind, name);
        let mut sent = serde_json::to_value(&body).expect("encodes");
        // An identified session may say `anonymous: false` or leave it out; both mean the same.
        if sent["checkoutSession"]["anonymous"] == json!(false) && example["checkoutSession"].get("anonymous").is_none()
        {
            sent["checkoutSession"].as_object_mut().expect("object").remove("anonymous");
        }
        assert_eq!(sent, example, "{name}");
    }
}
