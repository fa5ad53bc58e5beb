//! The runtime's timestamp types (`UnixMillis`, `UnixSeconds`), through the Flowglad crate that emits them:
//! every integer decodes and serialises back unchanged, RFC 3339 strings decode, chrono conversions are
//! exact where chrono has the date and an error where it does not.

use chrono::{DateTime, TimeZone, Utc};
use flowglad::{UnixMillis, UnixSeconds};
use serde_json::json;

/// The bounds Flowglad declares for its epoch-millisecond fields: ±(2^53−1).
const MAX_SAFE: i64 = 9_007_199_254_740_991;

#[test]
fn every_integer_round_trips_unchanged() {
    for value in [0, 1, -1, 1_699_335_116_000, MAX_SAFE, -MAX_SAFE, i64::MAX, i64::MIN] {
        let millis: UnixMillis = serde_json::from_value(json!(value)).expect("an integer decodes");
        assert_eq!(millis.get(), value);
        assert_eq!(serde_json::to_value(millis).expect("encodes"), json!(value));
        let seconds: UnixSeconds = serde_json::from_value(json!(value)).expect("an integer decodes");
        assert_eq!(serde_json::to_string(&seconds).expect("encodes"), value.to_string());
    }
}

#[test]
fn extreme_values_are_beyond_chrono_but_still_values() {
    let max: UnixMillis = serde_json::from_str("9007199254740991").expect("decodes");
    assert_eq!(max.to_datetime(), None, "about year 287,000: beyond chrono");
    let error = DateTime::<Utc>::try_from(max).expect_err("not representable");
    assert!(error.to_string().contains("9007199254740991"), "{error}");
    let min: UnixMillis = serde_json::from_str("-9007199254740991").expect("decodes");
    assert!(min < UnixMillis::EPOCH && UnixMillis::EPOCH < max);
    assert_eq!(min.to_string(), "-9007199254740991");
    assert!(format!("{max:?}").contains("9007199254740991"));
}

#[test]
fn chrono_conversions_are_exact_to_the_unit() {
    let instant = Utc.with_ymd_and_hms(2023, 11, 7, 5, 31, 56).unwrap();
    let millis = UnixMillis::from(instant);
    assert_eq!(millis.get(), 1_699_335_116_000);
    assert_eq!(DateTime::<Utc>::try_from(millis), Ok(instant));
    assert_eq!(UnixSeconds::from(instant).get(), 1_699_335_116);
    assert_eq!(UnixSeconds::new(1_699_335_116).to_datetime(), Some(instant));
    // Before the epoch, truncation goes towards the past, so the instant stays inside its unit.
    let before = Utc.timestamp_opt(-1, 500_000_000).unwrap();
    assert_eq!(UnixSeconds::from(before).get(), -1);
    assert_eq!(UnixMillis::from(before).get(), -500);
    let chrono_max = DateTime::<Utc>::MAX_UTC;
    assert_eq!(
        UnixMillis::from(chrono_max).to_datetime().map(|d| d.timestamp_millis()),
        Some(chrono_max.timestamp_millis())
    );
}

#[test]
fn rfc3339_strings_decode_and_serialise_as_integers() {
    let millis: UnixMillis = serde_json::from_value(json!("2023-11-07T05:31:56Z")).expect("the page's strings decode");
    assert_eq!(millis.get(), 1_699_335_116_000);
    assert_eq!(serde_json::to_value(millis).unwrap(), json!(1_699_335_116_000_i64), "written back as the integer");
    let offset: UnixMillis = serde_json::from_value(json!("2023-11-07T06:31:56.789+01:00")).expect("offsets decode");
    assert_eq!(offset.get(), 1_699_335_116_789);
    let seconds: UnixSeconds = serde_json::from_value(json!("2023-11-07T05:31:56.999Z")).expect("decodes");
    assert_eq!(seconds.get(), 1_699_335_116, "truncated to whole seconds");
    assert_eq!("1699335116000".parse::<UnixMillis>(), Ok(millis));
    assert_eq!("2023-11-07T05:31:56Z".parse::<UnixMillis>(), Ok(millis));
}

#[test]
fn integral_floats_decode_and_everything_else_is_an_error() {
    let millis: UnixMillis = serde_json::from_str("1.699335116e12").expect("an integral float decodes");
    assert_eq!(millis.get(), 1_699_335_116_000);
    for bad in ["1.5", "1e400", "9223372036854775808", "\"yesterday\"", "true", "null", "{}", "[]"] {
        let error = serde_json::from_str::<UnixMillis>(bad).expect_err(bad);
        assert!(!error.to_string().is_empty());
    }
    let error = serde_json::from_str::<UnixMillis>("\"yesterday\"").unwrap_err();
    assert!(error.to_string().contains("RFC 3339"), "{error}");
    assert!("soon".parse::<UnixSeconds>().is_err());
}
