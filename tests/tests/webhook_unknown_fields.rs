//! Flowglad's webhook body (`WebhookEvent`, `additionalProperties: true`) keeps the fields the spec does
//! not declare: a verified delivery decodes them into `additional_properties` and serialises them back.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use flowglad::types::{WebhookEvent, WebhookEventObject};
use flowglad::webhooks::Webhook;
use hmac::{KeyInit as _, Mac as _};
use http::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

/// Standard Webhooks headers for `body` delivered now, signed with the RustCrypto crates directly rather
/// than with the verifier under test.
fn signed_now(body: &[u8]) -> HeaderMap {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let engine = base64::engine::general_purpose::STANDARD;
    let key = engine.decode(SECRET.trim_start_matches("whsec_")).expect("base64 secret");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{ID}.{timestamp}.").as_bytes());
    mac.update(body);
    let signature = format!("v1,{}", engine.encode(mac.finalize().into_bytes()));
    let mut headers = HeaderMap::new();
    for (name, value) in
        [("webhook-id", ID.to_owned()), ("webhook-timestamp", timestamp.to_string()), ("webhook-signature", signature)]
    {
        headers.insert(name, HeaderValue::from_str(&value).expect("header value"));
    }
    headers
}

#[test]
fn a_verified_delivery_keeps_fields_the_spec_does_not_declare() {
    let body = br#"{"id":"sub_1","object":"subscription","customer":{"id":"c_1","externalId":"user-1"},"livemode":true,"previousStatus":"trialing","metadata":{"plan":"pro","seats":3}}"#;
    let event: WebhookEvent =
        Webhook::new(SECRET).expect("valid secret").verify(body, &signed_now(body)).expect("verified");
    assert_eq!(event.id, "sub_1");
    assert_eq!(event.object, WebhookEventObject::Subscription);
    assert_eq!(event.customer.as_ref().map(|customer| customer.external_id.as_str()), Some("user-1"));
    assert_eq!(event.additional_properties.len(), 3, "{:?}", event.additional_properties);
    assert_eq!(event.additional_properties["livemode"], json!(true));
    assert_eq!(event.additional_properties["previousStatus"], json!("trialing"));
    assert_eq!(event.additional_properties["metadata"], json!({"plan": "pro", "seats": 3}));
    // Written back, the event is the delivered body, unknown fields included and nothing twice.
    let delivered: Value = serde_json::from_slice(body).expect("JSON body");
    assert_eq!(serde_json::to_value(&event).expect("serialises"), delivered);
}

#[test]
fn a_delivery_with_only_declared_fields_has_no_additional_properties() {
    let body = br#"{"id":"cust_123","object":"customer","pricingModelId":"pm_1"}"#;
    let event = Webhook::new(SECRET).expect("valid secret").verify(body, &signed_now(body)).expect("verified");
    assert!(event.additional_properties.is_empty());
    assert_eq!(event.pricing_model_id.as_deref(), Some("pm_1"));
}
