//! Building request values from outside the crate, as the README shows: `new` with the required fields,
//! `with_*` for optional ones, and matching `#[non_exhaustive]` enums with a wildcard arm.

use flowglad::Client;
use flowglad::types::{
    CheckoutSession, CreateCheckoutSessionInput, CreateCheckoutSessionInputProduct,
    CreateCheckoutSessionInputProductIdentified, CreateCheckoutSessionRequest,
};
use serde_json::json;
use tests::spec_example;
use wiremock::matchers::{body_json, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_product_session_with_a_quantity_is_built_with_new_and_with() {
    let server = MockServer::start().await;
    let expected = json!({"checkoutSession": {
        "type": "product",
        "anonymous": false,
        "customerExternalId": "customer_ext_123",
        "successUrl": "https://example.com/success",
        "cancelUrl": "https://example.com/cancel",
        "priceId": "price_123",
        "quantity": 2,
        "outputName": "Pro Plan",
    }});
    let response =
        spec_example("/paths/~1api~1v1~1checkout-sessions/post/responses/200/content/application~1json/example");
    Mock::given(method("POST"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(response))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().api_key("sk_test").base_url(server.uri()).build().expect("client builds");

    let input = CreateCheckoutSessionInputProductIdentified::new(
        "https://example.com/success",
        "https://example.com/cancel",
        "customer_ext_123",
    )
    .with_price_id("price_123")
    .with_quantity(2)
    .with_output_name("Pro Plan");
    let product = CreateCheckoutSessionInputProduct::Identified(input);
    let body = CreateCheckoutSessionRequest::new(CreateCheckoutSessionInput::Product(product));
    let created = client.checkout_sessions_create(body).await.expect("create succeeds");
    let quantity = match &created.checkout_session {
        CheckoutSession::Product(session) => session.quantity,
        _ => panic!("the example is a product session"),
    };
    assert_eq!(quantity, 1);
}
