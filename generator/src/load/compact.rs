//! A JSON value read with no spare capacity.
//!
//! `serde_json::Value` grows its maps and arrays as entries arrive, so a parsed spec keeps on average a
//! quarter of its container space unused (about 16 MB of GitHub's 13 MB spec), and that space is held
//! while the typed document is built beside it. Here each container is filled first and then stored
//! at its exact size, with the same values and the same order (a repeated key keeps its first place and
//! its last value, as `serde_json::Value` does).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A [`Value`] deserialised with exact container capacities.
pub(super) struct CompactValue(pub(super) Value);

impl<'de> Deserialize<'de> for CompactValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CompactVisitor).map(CompactValue)
    }
}

struct CompactVisitor;

impl<'de> Visitor<'de> for CompactVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: serde::de::Error>(self, value: i128) -> Result<Value, E> {
        Number::from_i128(value).map(Value::Number).ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<Value, E> {
        Number::from_u128(value).map(Value::Number).ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // As `serde_json::Value`: a number JSON cannot write (NaN, infinity) becomes null.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        CompactValue::deserialize(deserializer).map(|value| value.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(CompactValue(item)) = seq.next_element()? {
            items.push(item);
        }
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((key, CompactValue(value))) = map.next_entry::<String, CompactValue>()? {
            entries.push((key, value));
        }
        let mut object = Map::with_capacity(entries.len());
        object.extend(entries);
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::CompactValue;
    use serde_json::{Value, json};

    fn both(text: &str) -> (Value, Value) {
        let compact: CompactValue = serde_json::from_str(text).unwrap();
        (compact.0, serde_json::from_str(text).unwrap())
    }

    #[test]
    fn reads_what_serde_json_reads_in_the_same_order() {
        let text = r#"{"z": 1, "a": [true, null, -3, 18446744073709551615, 1.5, "s"], "m": {"y": {}, "b": []}}"#;
        let (compact, plain) = both(text);
        assert_eq!(compact, plain);
        assert_eq!(serde_json::to_string(&compact).unwrap(), serde_json::to_string(&plain).unwrap());
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value_as_serde_json_does() {
        let (compact, plain) = both(r#"{"a": 1, "b": 2, "a": 3}"#);
        assert_eq!(serde_json::to_string(&compact).unwrap(), serde_json::to_string(&plain).unwrap());
        assert_eq!(compact, json!({"a": 3, "b": 2}));
    }
}
