//! The webhooks of a 3.1 spec whose payloads carry a type tag (`tests/fixtures/webhooks.yaml`), generated
//! by `build.rs`: each known event decodes into its variant, an unknown one into the fallback.

use std::time::{Duration, UNIX_EPOCH};

use flowglad_build_consumer::pet_events::types::WebhookPayload;
use flowglad_build_consumer::pet_events::webhooks::{EVENTS, Webhook};
use reqwest::header::{HeaderMap, HeaderValue};

const TIMESTAMP: i64 = 1_700_000_000;

fn deliver(body: &str) -> WebhookPayload {
    let webhook = Webhook::new("whsec_c2VjcmV0IGtleSBmb3IgcGV0cw==").expect("secret");
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", HeaderValue::from_static("msg_1"));
    headers.insert("webhook-timestamp", HeaderValue::from_static("1700000000"));
    let signature = webhook.sign("msg_1", TIMESTAMP, body.as_bytes());
    headers.insert("webhook-signature", HeaderValue::from_str(&signature).expect("header"));
    let now = UNIX_EPOCH + Duration::from_secs(TIMESTAMP as u64);
    webhook.verify_at(body.as_bytes(), &headers, now).expect("verified and decoded")
}

#[test]
fn declared_webhooks_are_listed() {
    assert_eq!(EVENTS, ["pet.adopted", "pet.created", "pet.deleted"]);
}

#[test]
fn each_known_event_decodes_into_its_variant() {
    match deliver(r#"{"type":"pet.created","pet":{"id":"p1","name":"Rex"}}"#) {
        WebhookPayload::PetCreated(created) => {
            assert_eq!((created.pet.id.as_str(), created.pet.name.as_str()), ("p1", "Rex"))
        }
        other => panic!("expected PetCreated, got {other:?}"),
    }
    // Declared inline, with a 3.1 nullable date.
    match deliver(r#"{"type":"pet.deleted","id":"p1","deletedAt":null}"#) {
        WebhookPayload::PetDeleted(deleted) => {
            assert_eq!(deleted.id, "p1");
            assert!(deleted.deleted_at.is_null(), "an explicit null stays null: {:?}", deleted.deleted_at);
        }
        other => panic!("expected PetDeleted, got {other:?}"),
    }
    // Reached through a `$ref`d path item and request body.
    match deliver(r#"{"type":"pet.adopted","petId":"p1","owner":"Ann"}"#) {
        WebhookPayload::PetAdopted(adopted) => assert_eq!(adopted.owner, "Ann"),
        other => panic!("expected PetAdopted, got {other:?}"),
    }
}

#[test]
fn an_unknown_event_decodes_into_the_fallback_unchanged() {
    let body = r#"{"type":"pet.vaccinated","petId":"p1","vaccine":"rabies"}"#;
    match deliver(body) {
        WebhookPayload::Unknown(value) => {
            assert_eq!(value, serde_json::from_str::<serde_json::Value>(body).expect("json"));
        }
        other => panic!("expected the fallback, got {other:?}"),
    }
}
