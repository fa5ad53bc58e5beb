//! The Flowglad client against Prism, a real OpenAPI mock server that validates every request against
//! the spec (a request the spec does not allow gets a 4xx instead of an example). Prism is installed with
//! npm under `target/prism` on first use, so `cargo test --workspace` needs nothing installed by hand.

use flowglad::Client;
use flowglad::types::{
    ActivateSubscriptionCheckoutSessionInput, AddPaymentMethodCheckoutSessionInput, CheckoutSession,
    CreateCheckoutSessionInput, CreateCheckoutSessionInputProduct, CreateCheckoutSessionInputProductAnonymous,
    CreateCheckoutSessionInputProductIdentified, CreateCheckoutSessionRequest, Metadata, MetadataValue,
};
use futures_util::StreamExt;
use tests::prism::Prism;
use tests::{SPEC, spec_example, workspace_root};

const CALLS_PER_OPERATION: usize = 50;

fn start_prism(dynamic: bool) -> Prism {
    Prism::start(&workspace_root().join(SPEC), dynamic)
}

fn client(prism: &Prism) -> Client {
    Client::builder().api_key("sk_test_prism").base_url(&prism.base_url).max_retries(0).build().expect("client")
}

/// The request body's named examples: one per kind of checkout session to create.
const CREATE_EXAMPLES: [&str; 4] = ["product", "anonymousProduct", "addPaymentMethod", "activateSubscription"];

fn create_body(name: &str) -> CreateCheckoutSessionRequest {
    let example = spec_example(&format!(
        "/paths/~1api~1v1~1checkout-sessions/post/requestBody/content/application~1json/examples/{name}/value"
    ));
    serde_json::from_value(example).expect("the request example decodes")
}

#[tokio::test(flavor = "multi_thread")]
async fn static_examples_decode_through_a_validating_server() {
    let prism = start_prism(false);
    let client = client(&prism);

    let page = client.checkout_sessions_list().limit(10).await.expect("list");
    assert!(!page.data.is_empty());
    let listed: Vec<CheckoutSession> =
        client.checkout_sessions_list().into_stream().map(|item| item.expect("item")).collect().await;
    // A mock serves the same example page (hasMore, same nextCursor) for every cursor: the stream reads it
    // twice, sees the cursor repeat and stops instead of looping forever.
    assert!(page.has_more && page.next_cursor.is_some());
    assert_eq!(listed.len(), 2 * page.data.len());

    let found = client.checkout_sessions_get("chckt_session_123").await.expect("get");
    assert!(found.url.starts_with("https://"));

    // Prism validates each body against the spec: a body the spec does not allow would get a 422.
    for name in CREATE_EXAMPLES {
        let created =
            client.checkout_sessions_create(create_body(name)).await.unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(matches!(created.checkout_session, CheckoutSession::Product(_)));
    }

    // Bodies built in Rust, with every optional field set, are what the spec asks for.
    let metadata = |key: &str, value: MetadataValue| Metadata::from([(key.to_owned(), value)]);
    let add_payment_method = CreateCheckoutSessionInput::AddPaymentMethod(
        AddPaymentMethodCheckoutSessionInput::new("https://example.com/ok", "https://example.com/no", "customer_ext_1")
            .with_output_name("Card update")
            .with_output_metadata(metadata("source", MetadataValue::String("settings".to_owned())))
            .with_target_subscription_id("sub_1")
            .with_automatically_update_subscriptions(true),
    );
    let activate = CreateCheckoutSessionInput::ActivateSubscription(
        ActivateSubscriptionCheckoutSessionInput::new(
            "https://example.com/ok",
            "https://example.com/no",
            "customer_ext_1",
            "sub_2",
        )
        .with_output_metadata(metadata("seats", MetadataValue::Number(2.5)))
        .with_preserve_billing_cycle_anchor(true),
    );
    let identified = CreateCheckoutSessionInput::Product(CreateCheckoutSessionInputProduct::Identified(
        CreateCheckoutSessionInputProductIdentified::new(
            "https://example.com/ok",
            "https://example.com/no",
            "customer_ext_1",
        )
        .with_output_name("Pro Plan")
        .with_output_metadata(metadata("trial", MetadataValue::Boolean(true)))
        .with_price_id("price_1")
        .with_quantity(2)
        .with_preserve_billing_cycle_anchor(false),
    ));
    let anonymous = CreateCheckoutSessionInput::Product(CreateCheckoutSessionInputProduct::Anonymous(
        CreateCheckoutSessionInputProductAnonymous::new("https://example.com/ok", "https://example.com/no")
            .with_price_slug("pro-monthly")
            .with_quantity(1),
    ));
    for input in [identified, anonymous, add_payment_method, activate] {
        let body = CreateCheckoutSessionRequest::new(input);
        client.checkout_sessions_create(body).await.expect("a body built in Rust is valid");
    }

    // Prism rejects what the spec does not allow, so the validation is real: a quantity below 1 and no
    // customer on a product session that is not anonymous.
    let invalid = CreateCheckoutSessionRequest::new(CreateCheckoutSessionInput::Unknown(serde_json::json!({
        "type": "product", "successUrl": "https://example.com/ok", "cancelUrl": "https://example.com/no",
        "priceId": "price_1", "quantity": 0
    })));
    let rejected = client.checkout_sessions_create(invalid).await.expect_err("an invalid body is rejected");
    assert!(rejected.status().is_some_and(|status| status.is_client_error()), "{rejected:?}");
    let rejected = client.checkout_sessions_list().limit(1000).await.expect_err("limit is at most 100");
    assert!(rejected.status().is_some_and(|status| status.is_client_error()), "{rejected:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn random_valid_responses_decode() {
    let prism = start_prism(true);
    let client = client(&prism);
    for call in 0..CALLS_PER_OPERATION {
        client.checkout_sessions_list().limit(5).await.unwrap_or_else(|error| panic!("list call {call}: {error}"));
        client
            .checkout_sessions_get(format!("cs_{call}"))
            .await
            .unwrap_or_else(|error| panic!("get call {call}: {error}"));
        client
            .checkout_sessions_create(create_body(CREATE_EXAMPLES[call % CREATE_EXAMPLES.len()]))
            .await
            .unwrap_or_else(|error| panic!("create call {call}: {error}"));
    }
}
