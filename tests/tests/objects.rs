//! The generated structs' own `Serialize` and `Deserialize` impls (printed by the generator instead of
//! derived, for compile time) read and write JSON objects as serde's derive did: unknown keys skipped,
//! keys with escapes matched, a repeated or missing required key an error naming it, absent and `null`
//! kept apart, undeclared properties kept in the struct's map and written back after the declared ones.

use flowglad::Nullable;
use flowglad::types::{Address, BillingAddress};
use serde_json::json;

#[allow(clippy::all, dead_code, unused_imports)]
mod extra {
    include!(concat!(env!("OUT_DIR"), "/additional_properties.rs"));
}

#[test]
fn unknown_keys_are_skipped_and_escaped_keys_match() {
    let address: Address =
        serde_json::from_str(r#"{"country": "FR", "extra": {"deep": [1, 2]}, "c\u0069ty": "Paris", "line1": null}"#)
            .expect("decodes");
    assert_eq!(address.country, "FR");
    assert_eq!(address.city, Nullable::Value("Paris".to_owned()));
    assert_eq!(address.line1, Nullable::Null);
    assert_eq!(address.line2, Nullable::Absent);
    // Written back: absent stays out, null stays null, unknown keys are not kept by a closed struct.
    assert_eq!(
        serde_json::to_value(&address).expect("encodes"),
        json!({"line1": null, "city": "Paris", "country": "FR"})
    );
    // The same through `serde_json::Value`, whose keys are owned strings.
    let again: Address =
        serde_json::from_value(json!({"country": "FR", "city": "Paris", "line1": null})).expect("decodes");
    assert_eq!(again, address);
}

#[test]
fn a_missing_or_repeated_key_and_a_non_object_are_errors_that_say_which() {
    let missing = serde_json::from_str::<Address>(r#"{"city": "Paris"}"#).expect_err("country is required");
    assert_eq!(missing.to_string(), "missing field `country` at line 1 column 17");
    let repeated = serde_json::from_str::<Address>(r#"{"country": "FR", "country": "DE"}"#).expect_err("repeated");
    assert!(repeated.to_string().starts_with("duplicate field `country`"), "{repeated}");
    let array = serde_json::from_str::<Address>(r#"["FR"]"#).expect_err("an array is not an object");
    assert!(array.to_string().starts_with("invalid type: sequence, expected struct Address"), "{array}");
    let nested = serde_json::from_str::<BillingAddress>(r#"{"address": {"country": 7}}"#).expect_err("wrong type");
    assert!(nested.to_string().starts_with("invalid type: integer `7`, expected a string"), "{nested}");
}

#[test]
fn undeclared_properties_are_kept_and_written_back_after_the_declared_ones() {
    let counters: extra::types::Counters =
        serde_json::from_str(r#"{"total": 3, "apples": 1, "pears": 2}"#).expect("decodes");
    assert_eq!(counters.total, 3);
    assert_eq!(counters.additional_properties.get("pears"), Some(&2));
    let text = serde_json::to_string(&counters).expect("encodes");
    assert_eq!(text, r#"{"total":3,"apples":1,"pears":2}"#);
    // An undeclared property must still fit the map's value type.
    let wrong = serde_json::from_str::<extra::types::Counters>(r#"{"total": 3, "apples": "one"}"#).expect_err("typed");
    assert!(wrong.to_string().starts_with("invalid type: string \"one\", expected i64"), "{wrong}");
    let missing = serde_json::from_str::<extra::types::Counters>(r#"{"apples": 1}"#).expect_err("total is required");
    assert!(missing.to_string().starts_with("missing field `total`"), "{missing}");
}

#[test]
fn null_map_values_and_list_items_decode_as_none_and_round_trip() {
    let text = r#"{"bySensor":{"a":{"celsius":21.5},"b":null},"history":[1,null,3],"humidity":null,"wind":4.5}"#;
    let readings: extra::types::Readings = serde_json::from_str(text).expect("decodes");
    assert_eq!(readings.by_sensor["a"].as_ref().map(|reading| reading.celsius), Some(21.5));
    assert!(readings.by_sensor["b"].is_none());
    assert_eq!(readings.history, vec![Some(1), None, Some(3)]);
    assert_eq!(readings.additional_properties.get("humidity"), Some(&None));
    assert_eq!(readings.additional_properties.get("wind"), Some(&Some(4.5)));
    assert_eq!(serde_json::to_string(&readings).expect("encodes"), text);
}
