//! Boolean and integer tags, a union member that is a union, fields that accept anything, and error types,
//! through the types generated from `tests/fixtures/unions-typed-tags.yaml`.

use serde_json::{Value, json};
use union_consumer::typed_tags::types::{
    CreateRefundErrorBody, ErrorBadRequest, ErrorNotFound, GetSubscriptionResponse, SessionInput, SessionInputProduct,
    SessionInputProductAnonymous, SessionInputProductIdentified, Shipment, StandardSubscriptionRecordInterval,
    Subscription,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn boolean_tags_are_read_and_written_as_booleans() {
    let standard: Subscription = serde_json::from_value(json!({
        "id": "sub_1", "renews": true, "currentBillingPeriodEnd": 1_700_000_000_000_i64, "interval": "month"
    }))
    .unwrap();
    let Subscription::Standard(record) = &standard else { panic!("not the standard variant: {standard:?}") };
    assert_eq!(record.interval, StandardSubscriptionRecordInterval::Month);
    assert_eq!(serde_json::to_value(&standard).unwrap()["renews"], json!(true));

    let non_renewing: Subscription = serde_json::from_value(json!({
        "id": "sub_2", "renews": false, "currentBillingPeriodEnd": null, "interval": null
    }))
    .unwrap();
    assert!(matches!(non_renewing, Subscription::NonRenewing(_)), "{non_renewing:?}");
    assert_eq!(serde_json::to_value(&non_renewing).unwrap()["renews"], json!(false));

    // The string "true" is not the boolean tag.
    let text: Subscription = serde_json::from_value(json!({"id": "sub_3", "renews": "true"})).unwrap();
    assert!(matches!(text, Subscription::Unknown(_)), "{text:?}");
}

#[test]
fn fields_that_accept_anything_decode_when_absent() {
    let decoded: GetSubscriptionResponse =
        serde_json::from_str(r#"{"subscription": {"id": "sub_4", "renews": false}}"#).unwrap();
    let Subscription::NonRenewing(record) = decoded.subscription else { panic!("wrong variant") };
    assert_eq!(record.current_billing_period_end, Value::Null);
    assert_eq!(record.interval, Value::Null);
}

#[test]
fn integer_tags_are_read_and_written_as_integers() {
    let v2: Shipment = serde_json::from_value(json!({"version": 2, "lines": ["a"]})).unwrap();
    assert!(matches!(v2, Shipment::ShipmentV2(_)), "{v2:?}");
    assert_eq!(serde_json::to_value(&v2).unwrap()["version"], json!(2));
    let text: Shipment = serde_json::from_value(json!({"version": "2", "lines": []})).unwrap();
    assert!(matches!(text, Shipment::Unknown(_)), "{text:?}");
}

#[test]
fn a_member_that_is_a_union_is_told_apart_by_its_own_boolean_tag() {
    let identified: SessionInput =
        serde_json::from_value(json!({"type": "product", "customerExternalId": "c1", "successUrl": "https://s"}))
            .unwrap();
    let SessionInput::Product(SessionInputProduct::Identified(product)) = &identified else {
        panic!("an absent `anonymous` is the identified shape: {identified:?}")
    };
    assert_eq!(product.customer_external_id, "c1");
    let explicit: SessionInput = serde_json::from_value(
        json!({"type": "product", "anonymous": false, "customerExternalId": "c1", "successUrl": "https://s"}),
    )
    .unwrap();
    assert_eq!(explicit, identified);

    let anonymous: SessionInput =
        serde_json::from_value(json!({"type": "product", "anonymous": true, "successUrl": "https://s"})).unwrap();
    assert!(matches!(anonymous, SessionInput::Product(SessionInputProduct::Anonymous(_))), "{anonymous:?}");

    // Both tags written once, each with its JSON type.
    let written = serde_json::to_string(&anonymous).unwrap();
    assert_eq!(written.matches("\"type\"").count(), 1, "{written}");
    let written: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(written["type"], json!("product"));
    assert_eq!(written["anonymous"], json!(true));
}

fn client(server: &MockServer) -> union_consumer::typed_tags::Client {
    union_consumer::typed_tags::Client::builder().base_url(server.uri()).max_retries(0).build().unwrap()
}

#[tokio::test]
async fn errors_sharing_one_shape_are_one_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/subscriptions/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not found", "code": "NOT_FOUND"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/subscriptions/invalid"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "Bad", "code": "UNPROCESSABLE"})))
        .mount(&server)
        .await;
    let error = client(&server).get_subscription("missing").await.unwrap_err();
    // `ErrorNotFound` is the same type as `ErrorBadRequest`, which is the operation's `E`.
    let body: Option<&ErrorNotFound> = error.api_error().and_then(|api| api.body());
    assert_eq!(body.map(|body| body.code.as_str()), Some("NOT_FOUND"));
    // A status the spec does not declare still decodes into `E` when the body fits.
    let error = client(&server).get_subscription("invalid").await.unwrap_err();
    let body: Option<&ErrorBadRequest> = error.api_error().and_then(|api| api.body());
    assert_eq!(body.map(|body| body.code.as_str()), Some("UNPROCESSABLE"));
}

#[tokio::test]
async fn errors_that_differ_are_an_enum_decoded_by_status() {
    let server = MockServer::start().await;
    let cases = [
        (402, json!({"reason": "card declined"})),
        (404, json!({"message": "Not found", "code": "NOT_FOUND"})),
        (409, json!({"refundId": "re_1"})),
        (418, json!({"refundId": "re_2"})),
    ];
    for (status, body) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/refunds"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let error = client(&server).create_refund().await.unwrap_err();
        let body = error.api_error().and_then(|api| api.body()).cloned();
        match (status, body) {
            (402, Some(CreateRefundErrorBody::PaymentFailure(failure))) => assert_eq!(failure.reason, "card declined"),
            (404, Some(CreateRefundErrorBody::ErrorBadRequest(error))) => assert_eq!(error.code, "NOT_FOUND"),
            (409, Some(CreateRefundErrorBody::CreateRefundError(error))) => assert_eq!(error.refund_id, "re_1"),
            (418, Some(CreateRefundErrorBody::CreateRefundError(error))) => assert_eq!(error.refund_id, "re_2"),
            (status, other) => panic!("status {status} decoded as {other:?}"),
        }
    }
    drop(server);
}

#[tokio::test]
async fn nested_union_bodies_are_sent_with_both_tags() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .and(wiremock::matchers::body_json(json!({"session": {
            "type": "product", "anonymous": false, "customerExternalId": "c9", "successUrl": "https://s"
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"version": 1, "address": "here"})))
        .mount(&server)
        .await;
    let session =
        SessionInput::Product(SessionInputProduct::Identified(SessionInputProductIdentified::new("c9", "https://s")));
    let body = union_consumer::typed_tags::types::CreateSessionBody::new(session);
    let shipment = client(&server).create_session(body).await.unwrap();
    assert!(matches!(shipment.into_inner(), Shipment::ShipmentV1(_)));
    let _ = SessionInputProductAnonymous::new(String::new());
}
