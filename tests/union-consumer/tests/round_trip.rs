//! Property tests: for every union fixture, a value of each variant serialises and decodes back to the
//! same value (and so the same variant).

use std::fmt::Debug;

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use union_consumer::{maybe, typed_tags, unions, unions_untagged};

fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(value).map_err(|error| TestCaseError::fail(error.to_string()))?;
    let decoded: T = serde_json::from_str(&text).map_err(|error| TestCaseError::fail(format!("{error}: {text}")))?;
    prop_assert_eq!(&decoded, value, "written as {}", text);
    Ok(())
}

fn word() -> impl Strategy<Value = String> {
    "[a-z0-9_ ]{0,12}"
}

/// JSON values that fields accepting anything may hold (floats only with exact binary forms).
fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        word().prop_map(Value::from),
        prop::collection::vec(any::<i32>(), 0..3).prop_map(Value::from),
    ]
}

fn subscription() -> impl Strategy<Value = typed_tags::types::Subscription> {
    use typed_tags::types::{
        NonRenewingSubscriptionRecord, StandardSubscriptionRecord, StandardSubscriptionRecordInterval, Subscription,
    };
    let interval = prop_oneof![
        Just(StandardSubscriptionRecordInterval::Month),
        Just(StandardSubscriptionRecordInterval::Year),
        word().prop_map(StandardSubscriptionRecordInterval::Unknown),
    ];
    let standard = (word(), any::<i64>(), interval, prop::option::of(any::<i64>())).prop_map(
        |(id, current_billing_period_end, interval, cancel)| {
            Subscription::Standard(maybe(
                StandardSubscriptionRecord::new(id, current_billing_period_end, interval),
                cancel.map(Value::from),
                StandardSubscriptionRecord::with_cancel_scheduled_at,
            ))
        },
    );
    let non_renewing = (word(), any_json(), any_json()).prop_map(|(id, current_billing_period_end, interval)| {
        Subscription::NonRenewing(NonRenewingSubscriptionRecord::new(id, current_billing_period_end, interval))
    });
    prop_oneof![standard, non_renewing]
}

fn session() -> impl Strategy<Value = typed_tags::types::SessionInput> {
    use typed_tags::types::{
        AddPaymentMethodSessionInput, SessionInput, SessionInputProduct, SessionInputProductAnonymous,
        SessionInputProductIdentified,
    };
    let identified = (word(), word(), prop::option::of(1..100i64)).prop_map(|(customer, url, quantity)| {
        SessionInput::Product(SessionInputProduct::Identified(maybe(
            SessionInputProductIdentified::new(customer, url),
            quantity,
            SessionInputProductIdentified::with_quantity,
        )))
    });
    let anonymous = (word(), prop::option::of(1..100i64)).prop_map(|(url, quantity)| {
        SessionInput::Product(SessionInputProduct::Anonymous(maybe(
            SessionInputProductAnonymous::new(url),
            quantity,
            SessionInputProductAnonymous::with_quantity,
        )))
    });
    let add = word().prop_map(|customer| SessionInput::AddPaymentMethod(AddPaymentMethodSessionInput::new(customer)));
    prop_oneof![identified, anonymous, add]
}

fn shipment() -> impl Strategy<Value = typed_tags::types::Shipment> {
    use typed_tags::types::{Shipment, ShipmentShipmentV1, ShipmentShipmentV2};
    prop_oneof![
        word().prop_map(|address| Shipment::ShipmentV1(ShipmentShipmentV1::new(address))),
        prop::collection::vec(word(), 0..3).prop_map(|lines| Shipment::ShipmentV2(ShipmentShipmentV2::new(lines))),
    ]
}

fn refund_error() -> impl Strategy<Value = typed_tags::types::CreateRefundErrorBody> {
    use typed_tags::types::{CreateRefundError, CreateRefundErrorBody, ErrorBadRequest, PaymentFailure};
    prop_oneof![
        (word(), word()).prop_map(|(message, code)| {
            CreateRefundErrorBody::ErrorBadRequest(ErrorBadRequest::new(message, code))
        }),
        (word(), prop::option::of(any::<bool>())).prop_map(
            |(reason, retryable)| CreateRefundErrorBody::PaymentFailure(maybe(
                PaymentFailure::new(reason),
                retryable,
                PaymentFailure::with_retryable
            ))
        ),
        word().prop_map(|refund_id| CreateRefundErrorBody::CreateRefundError(CreateRefundError::new(refund_id))),
    ]
}

fn pet() -> impl Strategy<Value = unions::types::Pet> {
    use unions::types::{Cat, Pet, PetBird, PetDog};
    prop_oneof![
        (word(), prop::option::of(any::<bool>())).prop_map(|(name, indoor)| Pet::Cat(maybe(
            Cat::new(name),
            indoor,
            Cat::with_indoor
        ))),
        (word(), prop::option::of(any::<bool>())).prop_map(|(name, good)| Pet::Dog(maybe(
            PetDog::new(name),
            good,
            PetDog::with_good
        ))),
        prop::option::of(-1000..1000i32).prop_map(|wingspan| Pet::Bird(maybe(
            PetBird::new(),
            wingspan.map(|w| f64::from(w) / 4.0),
            PetBird::with_wingspan
        ))),
    ]
}

fn untagged_scalars() -> impl Strategy<Value = unions::types::Untagged> {
    use unions::types::Untagged;
    prop_oneof![any::<i64>().prop_map(Untagged::Integer), word().prop_map(Untagged::String)]
}

fn id() -> impl Strategy<Value = unions_untagged::types::Id> {
    use unions_untagged::types::Id;
    prop_oneof![any::<i64>().prop_map(Id::Integer), word().prop_map(Id::String)]
}

fn contact() -> impl Strategy<Value = unions_untagged::types::Contact> {
    use unions_untagged::types::{Contact, Email, Postal};
    prop_oneof![
        word().prop_map(|address| Contact::Email(Email::new(address))),
        (word(), word(), word())
            .prop_map(|(street, city, country)| Contact::Postal(Postal::new(street, city, country))),
        prop::collection::vec(word(), 0..3).prop_map(Contact::StringList),
    ]
}

fn nested() -> impl Strategy<Value = unions_untagged::types::Nested> {
    use unions_untagged::types::Nested;
    prop_oneof![id().prop_map(Nested::Id), contact().prop_map(Nested::Contact)]
}

fn search_result() -> impl Strategy<Value = unions_untagged::types::SearchResult> {
    use unions_untagged::types::{RepoHit, SearchResult, UserHit};
    prop_oneof![
        word().prop_map(|login| SearchResult::User(UserHit::new(login))),
        word().prop_map(|name| SearchResult::Repo(RepoHit::new(name))),
    ]
}

fn node() -> impl Strategy<Value = unions_untagged::types::Node> {
    use unions_untagged::types::{Node, Tree};
    let leaf = word().prop_map(Node::String);
    leaf.prop_recursive(3, 8, 1, |inner| {
        prop::option::of(inner).prop_map(|child| Node::Tree(maybe(Tree::new(), child, Tree::with_child)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn boolean_tagged_subscriptions_round_trip(value in subscription()) { round_trips(&value)?; }

    #[test]
    fn nested_sessions_round_trip(value in session()) { round_trips(&value)?; }

    #[test]
    fn integer_tagged_shipments_round_trip(value in shipment()) { round_trips(&value)?; }

    #[test]
    fn error_enums_round_trip(value in refund_error()) { round_trips(&value)?; }

    #[test]
    fn string_tagged_pets_round_trip(value in pet()) { round_trips(&value)?; }

    #[test]
    fn untagged_scalars_round_trip(value in untagged_scalars()) { round_trips(&value)?; }

    #[test]
    fn inferred_tags_round_trip(value in search_result()) { round_trips(&value)?; }

    #[test]
    fn untagged_objects_round_trip(value in contact()) { round_trips(&value)?; }

    #[test]
    fn nested_unions_round_trip(value in nested()) { round_trips(&value)?; }

    #[test]
    fn recursive_unions_round_trip(value in node()) { round_trips(&value)?; }
}
