//! What the `Serialize` and `Deserialize` impls of the generated structs share. Each struct's impls are
//! written out by the generator (a loop over the object's keys, one line per field) instead of derived:
//! serde's derive expands every struct into a field enum and visitors for maps and sequences, which was
//! most of the compile time of a large crate. What is accepted and written for JSON objects is the same:
//! unknown keys are skipped, a repeated key is an error, and a missing required one says which.

// Items are named by their paths (no `use`): each block below is compiled only into crates that need it.

// @when plain-objects
/// The key of an object, looked up in the struct's field names without copying it: `Some(index)` of a
/// declared field, `None` for a key the struct does not declare.
struct FieldIndex(&'static [&'static str]);

impl<'de> serde::de::DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| *field == key))
    }

    fn visit_bytes<E: serde::de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| field.as_bytes() == key))
    }
}

/// The next key of an object: `Some(Some(index))` for the declared field `fields[index]`, `Some(None)`
/// for another key (whose value the caller skips or keeps), `None` at the end.
pub(crate) fn next_field<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Option<usize>>, A::Error> {
    map.next_key_seed(FieldIndex(fields))
}

/// Skips the value of a key the struct does not declare.
pub(crate) fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(drop)
}
// @end

// @when declared-fields
/// Reads the value of a declared field into its slot; a key given twice is an error, as with serde's derive.
pub(crate) fn field<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}
// @end

// @when required-fields
/// The value of a required field, or the error that names it.
pub(crate) fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}
// @end

// @when flattened
/// The next key of an object whose undeclared properties are kept: the key itself.
pub(crate) fn next_key<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    map.next_key()
}

/// Keeps the value of an undeclared property in the struct's map of them.
pub(crate) fn extra<'de, A: serde::de::MapAccess<'de>, M: Extend<(String, V)>, V: serde::Deserialize<'de>>(
    map: &mut A,
    extra: &mut M,
    key: String,
) -> Result<(), A::Error> {
    extra.extend([(key, map.next_value()?)]);
    Ok(())
}

/// Writes the undeclared properties after the declared ones, as `#[serde(flatten)]` would.
pub(crate) fn entries<'a, M: serde::ser::SerializeMap, K: serde::Serialize + 'a, V: serde::Serialize + 'a>(
    object: &mut M,
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) -> Result<(), M::Error> {
    entries.into_iter().try_for_each(|(key, value)| object.serialize_entry(key, value))
}
// @end

// @when optional-fields
/// An optional field's value: left out of the object when unset.
pub(crate) trait Unset {
    /// Whether the field is left out.
    fn is_unset(&self) -> bool;
}

impl<T> Unset for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

// @when tri-state
impl<T> Unset for super::Nullable<T> {
    fn is_unset(&self) -> bool {
        self.is_absent()
    }
}
// @end

/// Writes an optional field, unless it is unset.
pub(crate) fn optional<M: serde::ser::SerializeMap, T: serde::Serialize + Unset>(
    object: &mut M,
    name: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    if value.is_unset() { Ok(()) } else { object.serialize_entry(name, value) }
}
// @end
