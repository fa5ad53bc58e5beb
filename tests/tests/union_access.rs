//! Issue 22's union contracts on the Flowglad crate, over loopback: the spec's own component types build
//! a create body (the unions supply the tags), `From` conversions run up nested unions, and accessors read
//! a property every known variant has without a `match`.

use flowglad::Client;
use flowglad::types::{
    AddPaymentMethodCheckoutSessionInput, AnonymousProductCheckoutSessionInput, CheckoutSession, CheckoutSessionList,
    CheckoutSessionStatus, CreateCheckoutSessionInput, CreateCheckoutSessionRequest,
    IdentifiedProductCheckoutSessionInput, ProductCheckoutSessionInput,
};
use serde_json::json;
use tests::spec_example;
use wiremock::matchers::{body_json, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers one create request whose body is exactly `expected`.
async fn expecting(expected: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let response =
        spec_example("/paths/~1api~1v1~1checkout-sessions/post/responses/200/content/application~1json/example");
    Mock::given(method("POST"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(response))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().api_key("sk_test").base_url(server.uri()).build().expect("client builds");
    (server, client)
}

#[tokio::test]
async fn an_identified_product_session_is_built_from_its_component_type() {
    let (_server, client) = expecting(json!({"checkoutSession": {
        "type": "product",
        "anonymous": false,
        "customerExternalId": "customer_ext_123",
        "successUrl": "https://example.com/success",
        "cancelUrl": "https://example.com/cancel",
        "priceId": "price_1",
    }}))
    .await;
    let body = CreateCheckoutSessionRequest::new(
        IdentifiedProductCheckoutSessionInput::new(
            "https://example.com/success",
            "https://example.com/cancel",
            "customer_ext_123",
        )
        .with_price_id("price_1"),
    );
    let created = client.checkout_sessions_create(body).await.expect("create succeeds");
    assert_eq!(created.checkout_session.id(), Some("chckt_session_456"));
}

#[tokio::test]
async fn an_anonymous_product_session_takes_no_customer_and_no_tag_arguments() {
    let (_server, client) = expecting(json!({"checkoutSession": {
        "type": "product",
        "anonymous": true,
        "successUrl": "https://example.com/success",
        "cancelUrl": "https://example.com/cancel",
        "priceSlug": "pro-monthly",
        "quantity": 3,
    }}))
    .await;
    let input = AnonymousProductCheckoutSessionInput::new("https://example.com/success", "https://example.com/cancel")
        .with_price_slug("pro-monthly")
        .with_quantity(3);
    let body = CreateCheckoutSessionRequest::new(input);
    client.checkout_sessions_create(body).await.expect("create succeeds");
}

#[test]
fn members_convert_into_every_union_above_them() {
    let identified = IdentifiedProductCheckoutSessionInput::new("https://s", "https://c", "ext_1");
    let product: ProductCheckoutSessionInput = identified.clone().into();
    assert_eq!(product, ProductCheckoutSessionInput::Identified(identified.clone()));
    let through_nested: CreateCheckoutSessionInput = identified.clone().into();
    let through_member: CreateCheckoutSessionInput = product.into();
    assert_eq!(through_nested, through_member);
    assert_eq!(
        through_nested,
        CreateCheckoutSessionInput::Product(ProductCheckoutSessionInput::Identified(identified))
    );

    let add = AddPaymentMethodCheckoutSessionInput::new("https://s", "https://c", "ext_1");
    assert_eq!(CreateCheckoutSessionInput::from(add.clone()), CreateCheckoutSessionInput::AddPaymentMethod(add));
}

#[test]
fn a_decoded_create_body_is_the_component_type() {
    let example = spec_example(
        "/paths/~1api~1v1~1checkout-sessions/post/requestBody/content/application~1json/examples/anonymousProduct/value",
    );
    let request: CreateCheckoutSessionRequest = serde_json::from_value(example.clone()).expect("decodes");
    let CreateCheckoutSessionInput::Product(ProductCheckoutSessionInput::Anonymous(anonymous)) =
        &request.checkout_session
    else {
        panic!("an anonymous product session: {request:?}")
    };
    assert_eq!(anonymous.price_slug.as_deref(), Some("pro-monthly"));
    assert_eq!(serde_json::to_value(&request).expect("encodes"), example);
}

#[test]
fn accessors_read_what_every_known_variant_has() {
    let page: CheckoutSessionList = serde_json::from_value(spec_example(
        "/paths/~1api~1v1~1checkout-sessions/get/responses/200/content/application~1json/example",
    ))
    .expect("the list example decodes");
    let ids: Vec<Option<&str>> = page.data.iter().map(CheckoutSession::id).collect();
    assert_eq!(
        ids,
        [Some("chckt_session_123"), Some("chckt_session_124"), Some("chckt_session_125"), Some("chckt_session_126")]
    );
    let live: Vec<Option<bool>> = page.data.iter().map(CheckoutSession::livemode).collect();
    assert_eq!(live, [Some(true), Some(false), Some(true), Some(true)]);
    assert_eq!(page.data[0].status(), Some(&CheckoutSessionStatus::Open));
    assert_eq!(page.data[0].quantity(), Some(1));
    // Required on purchases, nullable on other kinds: `None` where the session has none.
    assert_eq!(page.data[0].price_id(), Some("price_123"));
    assert_eq!(page.data[2].price_id(), None);
    // Optional and absent.
    assert_eq!(page.data[3].success_url(), None);
    assert_eq!(page.data[0].billing_address().map(|billing| billing.address.country.as_str()), Some("US"));
}

#[test]
fn accessors_of_an_unknown_variant_are_none() {
    let session: CheckoutSession =
        serde_json::from_value(json!({"type": "invoice", "id": "chckt_session_9", "livemode": true}))
            .expect("an unknown type decodes");
    assert!(matches!(session, CheckoutSession::Unknown(_)));
    assert_eq!(session.id(), None);
    assert_eq!(session.livemode(), None);
}
