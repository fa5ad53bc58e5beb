//! What the `Serialize` and `Deserialize` impls of the generated structs share. Each struct's impls are
//! written out by the generator (a loop over the object's keys, a line per field) instead of derived:
//! serde's derive expands every struct into a field enum and visitors for maps and sequences, which was
//! most of the compile time of a large crate. What is accepted and written for JSON objects is the same:
//! unknown keys are skipped, a repeated key is an error, and a missing required one says which.

// Items are named by their paths (no `use`): each block below is compiled only into crates that need it.

/// A JSON object being written. It keeps the first error and writes nothing after it, so that a struct's
/// impl checks once, at [`end`](Object::end), rather than after every field.
pub(crate) struct Object<M: serde::ser::SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: serde::ser::SerializeMap> Object<M> {
    /// Starts the object.
    pub(crate) fn new<S: serde::Serializer<SerializeMap = M, Error = M::Error>>(serializer: S) -> Result<Self, M::Error> {
        Ok(Object { map: serializer.serialize_map(None)?, error: None })
    }

    /// Ends the object, or returns the first error a write met.
    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }

    // @when present-fields flattened
    /// Writes a key and its value.
    pub(crate) fn entry<K: serde::Serialize + ?Sized, V: serde::Serialize + ?Sized>(&mut self, key: &K, value: &V) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }
    // @end

    // @when optional-fields
    /// Writes an optional field, unless it is unset.
    pub(crate) fn optional<T: serde::Serialize + Unset>(&mut self, name: &'static str, value: &T) {
        if !value.is_unset() && self.error.is_none() {
            self.error = self.map.serialize_entry(name, value).err();
        }
    }
    // @end

    // @when flattened
    /// Writes the undeclared properties after the declared ones, as `#[serde(flatten)]` would.
    pub(crate) fn entries<'a, K: serde::Serialize + 'a, V: serde::Serialize + 'a>(
        &mut self,
        entries: impl IntoIterator<Item = (&'a K, &'a V)>,
    ) {
        for (key, value) in entries {
            self.entry(key, value);
        }
    }
    // @end
}

/// A struct read from a JSON object by its generated `from_object`, which serde calls through
/// [`deserialize`]: one visitor type for every struct rather than one each.
pub(crate) trait FromObject: Sized {
    /// What an error says was expected (`struct Name`, as serde's derive says).
    const EXPECTING: &'static str;

    /// Reads the struct from the object's keys and values.
    fn from_object<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The visitor of every generated struct.
struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: FromObject> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// Reads a generated struct from a JSON object (and nothing else).
pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>, T: FromObject>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

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
/// for another key (whose value the caller skips), `None` at the end.
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
/// The error for the first required field (`true`) of `fields` that the object left out.
pub(crate) fn missing<E: serde::de::Error>(fields: &[(bool, &'static str)]) -> E {
    let name = fields.iter().find(|(missing, _)| *missing).map_or("", |(_, name)| name);
    E::missing_field(name)
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
// @end
