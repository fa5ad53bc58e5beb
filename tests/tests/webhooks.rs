//! Receiving Flowglad's webhooks with the generated `webhooks` module: Standard Webhooks signatures
//! (the published test vector and signatures computed here with the same algorithm), every way a
//! delivery is refused, and decoding the documented events. No network: everything runs in process.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use flowglad::types::{WebhookEvent, WebhookEventObject};
use flowglad::webhooks::{DEFAULT_TOLERANCE, EVENTS, Webhook, WebhookError};
use hmac::{KeyInit as _, Mac as _};
use http::{HeaderMap, HeaderValue};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const TIMESTAMP: i64 = 1_732_000_000;
const BODY: &[u8] =
    br#"{"id":"cust_123","object":"customer","customer":{"id":"cust_123","externalId":"user-42"},"pricingModelId":"pm_1"}"#;

/// The receiver's clock `offset` seconds after the delivery's timestamp.
fn at(offset: i64) -> SystemTime {
    let seconds = u64::try_from(TIMESTAMP + offset).expect("positive");
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// `v1,<base64>` over `{id}.{timestamp}.{body}`, computed with the RustCrypto crates directly rather than
/// with the verifier under test.
fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let engine = base64::engine::general_purpose::STANDARD;
    let key = engine.decode(secret.trim_start_matches("whsec_")).expect("base64 secret");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", engine.encode(mac.finalize().into_bytes()))
}

fn headers(prefix: &str, id: &str, timestamp: &str, signatures: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in [("id", id), ("timestamp", timestamp), ("signature", signatures)] {
        let name = http::HeaderName::from_bytes(format!("{prefix}-{name}").as_bytes()).expect("header name");
        headers.insert(name, HeaderValue::from_str(value).expect("header value"));
    }
    headers
}

fn signed(body: &[u8]) -> HeaderMap {
    headers("webhook", ID, &TIMESTAMP.to_string(), &signature(SECRET, ID, TIMESTAMP, body))
}

fn webhook() -> Webhook {
    Webhook::new(SECRET).expect("valid secret")
}

#[test]
fn the_published_standard_webhooks_test_vector_verifies() {
    // The vector of the Standard Webhooks reference libraries: standard-webhooks/standard-webhooks,
    // libraries/python/tests/test_webhooks.py, `test_sign_function` (the same values appear in the other
    // libraries' tests and in Svix's).
    let (id, timestamp, body) = ("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, br#"{"test": 2432232314}"#);
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    assert_eq!(signature(SECRET, id, timestamp, body), expected, "the test's own signer");
    assert_eq!(webhook().sign(id, timestamp, body), expected, "the generated signer");
    let headers = headers("webhook", id, "1614265330", expected);
    let now = UNIX_EPOCH + Duration::from_secs(1_614_265_330);
    assert_eq!(webhook().verify_signature_at(body, &headers, now), Ok(()));
    // The vector's body is not a Flowglad event: the signature passes and decoding says where it failed.
    match webhook().verify_at(body, &headers, now) {
        Err(WebhookError::Decode { path, message }) => {
            assert_eq!(path, ".");
            assert!(message.contains("missing field `id`"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    // Over a minute off the vector's timestamp, the same headers are refused.
    assert!(matches!(
        webhook().verify_at(body, &headers, SystemTime::now()),
        Err(WebhookError::TimestampTooOld { timestamp: 1_614_265_330, .. })
    ));
}

#[test]
fn a_signature_made_with_the_same_algorithm_verifies_and_the_event_decodes() {
    let event: WebhookEvent = webhook().verify_at(BODY, &signed(BODY), at(0)).expect("verified");
    assert_eq!(event.id, "cust_123");
    assert_eq!(event.object, WebhookEventObject::Customer);
    let customer = event.customer.expect("customer");
    assert_eq!((customer.id.as_str(), customer.external_id.as_str()), ("cust_123", "user-42"));
    assert_eq!(event.pricing_model_id.as_deref(), Some("pm_1"));
    // The secret works without its prefix too, as in the reference libraries.
    let bare = Webhook::new(SECRET.trim_start_matches("whsec_")).expect("bare secret");
    assert!(bare.verify_at(BODY, &signed(BODY), at(0)).is_ok());
}

#[test]
fn verify_uses_the_current_time() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs() as i64;
    let headers = headers("webhook", ID, &now.to_string(), &signature(SECRET, ID, now, BODY));
    assert_eq!(webhook().verify(BODY, &headers).expect("fresh delivery").id, "cust_123");
    assert_eq!(webhook().verify_signature(BODY, &headers), Ok(()));
}

#[test]
fn any_one_of_several_signatures_may_match() {
    let valid = signature(SECRET, ID, TIMESTAMP, BODY);
    let other = signature("whsec_dGhlIG90aGVyIHNlY3JldA==", ID, TIMESTAMP, BODY);
    let v2 = valid.replacen("v1,", "v2,", 1);
    for list in
        [format!("{other} {valid}"), format!("{valid} {other}"), format!("v1,notbase64!! {v2} {other} {valid} v1,")]
    {
        let headers = headers("webhook", ID, &TIMESTAMP.to_string(), &list);
        assert!(webhook().verify_at(BODY, &headers, at(0)).is_ok(), "{list}");
    }
    // A valid signature under another version label is not a `v1` signature.
    let headers = headers("webhook", ID, &TIMESTAMP.to_string(), &format!("{other} {v2}"));
    assert_eq!(webhook().verify_at(BODY, &headers, at(0)).unwrap_err(), WebhookError::NoMatchingSignature);
}

#[test]
fn a_tampered_body_id_or_timestamp_is_refused() {
    let headers = signed(BODY);
    let tampered = String::from_utf8(BODY.to_vec()).expect("utf-8").replace("user-42", "user-43");
    assert_eq!(
        webhook().verify_at(tampered.as_bytes(), &headers, at(0)).unwrap_err(),
        WebhookError::NoMatchingSignature
    );
    let mut other_id = headers.clone();
    other_id.insert("webhook-id", HeaderValue::from_static("msg_other"));
    assert_eq!(webhook().verify_at(BODY, &other_id, at(0)).unwrap_err(), WebhookError::NoMatchingSignature);
    let mut other_time = headers;
    other_time.insert("webhook-timestamp", HeaderValue::from_str(&(TIMESTAMP + 1).to_string()).expect("value"));
    assert_eq!(webhook().verify_at(BODY, &other_time, at(0)).unwrap_err(), WebhookError::NoMatchingSignature);
}

#[test]
fn a_wrong_or_malformed_secret_is_refused() {
    let wrong = Webhook::new("whsec_dGhlIG90aGVyIHNlY3JldA==").expect("valid secret");
    assert_eq!(wrong.verify_at(BODY, &signed(BODY), at(0)).unwrap_err(), WebhookError::NoMatchingSignature);
    for secret in ["whsec_not base64!", "", "whsec_"] {
        assert_eq!(Webhook::new(secret).unwrap_err(), WebhookError::InvalidSecret, "{secret:?}");
    }
    assert_eq!(WebhookError::InvalidSecret.to_string(), "the webhook secret is not `whsec_` followed by base64");
}

#[test]
fn each_missing_header_is_named() {
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut headers = signed(BODY);
        headers.remove(name);
        let error = webhook().verify_at(BODY, &headers, at(0)).unwrap_err();
        assert_eq!(error, WebhookError::MissingHeader(name));
        assert_eq!(error.to_string(), format!("the `{name}` header is missing"));
    }
    let error = webhook().verify_at(BODY, &HeaderMap::new(), at(0)).unwrap_err();
    assert_eq!(error, WebhookError::MissingHeader("webhook-id"));
}

#[test]
fn old_and_future_timestamps_are_refused() {
    let tolerance = DEFAULT_TOLERANCE.as_secs() as i64;
    assert_eq!(tolerance, 300);
    let headers = signed(BODY);
    assert!(webhook().verify_at(BODY, &headers, at(tolerance)).is_ok(), "exactly 5 minutes old");
    assert!(webhook().verify_at(BODY, &headers, at(-tolerance)).is_ok(), "exactly 5 minutes ahead");
    assert_eq!(
        webhook().verify_at(BODY, &headers, at(tolerance + 1)).unwrap_err(),
        WebhookError::TimestampTooOld { timestamp: TIMESTAMP, now: TIMESTAMP + tolerance + 1 }
    );
    let too_new = webhook().verify_at(BODY, &headers, at(-tolerance - 1)).unwrap_err();
    assert_eq!(too_new, WebhookError::TimestampTooNew { timestamp: TIMESTAMP, now: TIMESTAMP - tolerance - 1 });
    assert!(too_new.to_string().contains("301 s after now"), "{too_new}");
    // The tolerance is configurable.
    let lenient = webhook().with_tolerance(Duration::from_secs(3600));
    assert!(lenient.verify_at(BODY, &headers, at(3600)).is_ok());
    assert!(lenient.verify_at(BODY, &headers, at(3601)).is_err());
    // A timestamp that is not a number of seconds.
    for bad in ["hello", "1732000000.5", ""] {
        let headers = headers_with_timestamp(bad);
        assert_eq!(webhook().verify_at(BODY, &headers, at(0)).unwrap_err(), WebhookError::InvalidTimestamp, "{bad:?}");
    }
}

fn headers_with_timestamp(timestamp: &str) -> HeaderMap {
    headers("webhook", ID, timestamp, &signature(SECRET, ID, TIMESTAMP, BODY))
}

#[test]
fn svix_headers_are_accepted() {
    let headers = headers("svix", ID, &TIMESTAMP.to_string(), &signature(SECRET, ID, TIMESTAMP, BODY));
    assert_eq!(webhook().verify_at(BODY, &headers, at(0)).expect("svix headers").id, "cust_123");
    let mut missing = headers;
    missing.remove("svix-signature");
    assert_eq!(webhook().verify_at(BODY, &missing, at(0)).unwrap_err(), WebhookError::MissingHeader("svix-signature"));
}

#[test]
fn every_documented_flowglad_event_is_declared_and_decodes() {
    let documented = [
        "customer.created",
        "customer.updated",
        "purchase.completed",
        "payment.failed",
        "payment.succeeded",
        "subscription.created",
        "subscription.updated",
        "subscription.canceled",
    ];
    let mut sorted = documented.to_vec();
    sorted.sort_unstable();
    assert_eq!(EVENTS, sorted.as_slice());
    let objects = [
        ("customer", WebhookEventObject::Customer),
        ("user", WebhookEventObject::User),
        ("purchase", WebhookEventObject::Purchase),
        ("invoice", WebhookEventObject::Invoice),
        ("payment", WebhookEventObject::Payment),
        ("product", WebhookEventObject::Product),
        ("subscription", WebhookEventObject::Subscription),
        ("sync_stream", WebhookEventObject::SyncStream),
    ];
    for (wire, object) in objects {
        // The minimal body: no customer, no pricing model.
        let body = format!(r#"{{"id":"obj_1","object":"{wire}"}}"#);
        let event = webhook().verify_at(body.as_bytes(), &signed(body.as_bytes()), at(0)).expect(wire);
        assert_eq!((event.object, event.customer, event.pricing_model_id), (object, None, None));
    }
}

#[test]
fn unknown_object_values_and_fields_still_decode() {
    let body =
        br#"{"id":"ref_1","object":"refund","livemode":true,"customer":{"id":"c","externalId":"e","email":"a@b.c"}}"#;
    let event = webhook().verify_at(body, &signed(body), at(0)).expect("decoded");
    assert_eq!(event.object, WebhookEventObject::Unknown("refund".to_owned()));
    assert_eq!(serde_json::to_value(&event.object).expect("serialise"), serde_json::json!("refund"));
}

#[test]
fn a_body_of_the_wrong_shape_reports_the_path() {
    let body = br#"{"id":"obj_1","object":"customer","customer":{"id":5,"externalId":"e"}}"#;
    match webhook().verify_at(body, &signed(body), at(0)) {
        Err(WebhookError::Decode { path, message }) => {
            assert_eq!(path, "customer.id");
            assert!(message.contains("invalid type: integer `5`"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let trailing = br#"{"id":"obj_1","object":"customer"} {}"#;
    assert!(matches!(webhook().verify_at(trailing, &signed(trailing), at(0)), Err(WebhookError::Decode { .. })));
}

#[test]
fn the_secret_never_appears_in_debug_output() {
    let debug = format!("{:?}", webhook());
    assert!(!debug.contains("MfKQ9r8"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}
