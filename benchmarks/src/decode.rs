//! Decoding a 100-item list page into the generated types against the hand-written baseline, and the
//! round trip of a create request. Both sides go through `serde_json` from bytes in memory.

use serde_json::{Value, json};

use crate::handwritten;
use crate::measure::median;

const TYPES: &[&str] = &["purchase", "product", "add_payment_method", "activate_subscription"];

/// A page of 100 sessions cycling through every variant, built from the spec's own example item.
pub fn page() -> Vec<u8> {
    let spec = openapi_client_gen::load::load_path(&crate::workspace().join("spec/checkout-sessions.yaml"))
        .expect("spec loads");
    let example = spec
        .raw
        .pointer("/paths/~1api~1v1~1checkout-sessions/get/responses/200/content/application~1json/example/data/0")
        .expect("list example")
        .clone();
    let data: Vec<Value> = (0..100)
        .map(|index| {
            let mut item = example.clone();
            item["type"] = json!(TYPES[index % TYPES.len()]);
            item["id"] = json!(format!("chckt_session_{index}"));
            // What the add_payment_method and activate_subscription variants require; the others accept it.
            item["preserveBillingCycleAnchor"] = json!(false);
            item["targetSubscriptionId"] = json!("sub_1");
            item["automaticallyUpdateSubscriptions"] = json!(false);
            item
        })
        .collect();
    serde_json::to_vec(&json!({"data": data, "hasMore": true, "total": 1000, "next_cursor": "abc"})).expect("encodes")
}

pub fn run() {
    let bytes = page();
    // Both must accept the page before either is timed.
    let generated: flowglad::types::CheckoutSessionList =
        serde_json::from_slice(&bytes).expect("generated types decode");
    assert_eq!(generated.data.len(), 100);
    let baseline: handwritten::CheckoutSessionList = serde_json::from_slice(&bytes).expect("baseline decodes");
    assert_eq!(baseline.data.len(), 100);

    let runs = 2001;
    let decode_generated = median(runs, || {
        std::hint::black_box(serde_json::from_slice::<flowglad::types::CheckoutSessionList>(&bytes).expect("decodes"));
    });
    let decode_baseline = median(runs, || {
        std::hint::black_box(serde_json::from_slice::<handwritten::CheckoutSessionList>(&bytes).expect("decodes"));
    });

    let request = json!({"checkoutSession": {"type": "product", "customerExternalId": "cus_1", "successUrl": "https://a.example/ok", "cancelUrl": "https://a.example/no", "priceId": "price_1", "quantity": 2}});
    let request_bytes = serde_json::to_vec(&request).expect("encodes");
    let generated_request: flowglad::types::CreateCheckoutSessionRequest =
        serde_json::from_slice(&request_bytes).expect("generated request decodes");
    let baseline_request: handwritten::CreateCheckoutSessionRequest =
        serde_json::from_slice(&request_bytes).expect("baseline request decodes");
    let runs = 20_001;
    let round_generated = median(runs, || {
        let bytes = serde_json::to_vec(&generated_request).expect("encodes");
        std::hint::black_box(
            serde_json::from_slice::<flowglad::types::CreateCheckoutSessionRequest>(&bytes).expect("decodes"),
        );
    });
    let round_baseline = median(runs, || {
        let bytes = serde_json::to_vec(&baseline_request).expect("encodes");
        std::hint::black_box(
            serde_json::from_slice::<handwritten::CreateCheckoutSessionRequest>(&bytes).expect("decodes"),
        );
    });

    println!("\n### Decoding and encoding (median of {} / {} runs)\n", 2001, 20_001);
    println!("| what | generated types | hand-written serde | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| decode a 100-item page ({:.1} KB) | {:.1} µs | {:.1} µs | {:.2}x |",
        bytes.len() as f64 / 1e3,
        decode_generated.as_secs_f64() * 1e6,
        decode_baseline.as_secs_f64() * 1e6,
        decode_generated.as_secs_f64() / decode_baseline.as_secs_f64()
    );
    println!(
        "| encode + decode a create request | {:.2} µs | {:.2} µs | {:.2}x |",
        round_generated.as_secs_f64() * 1e6,
        round_baseline.as_secs_f64() * 1e6,
        round_generated.as_secs_f64() / round_baseline.as_secs_f64()
    );
}
