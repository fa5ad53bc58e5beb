//! Unix timestamps: integers the spec marks as seconds (`format: unixtime`) or milliseconds
//! (`format: unixtime-ms`) since 1970-01-01T00:00:00Z.
//!
//! Each type keeps the integer it was given, so every value the schema allows decodes and serialises back
//! unchanged, including instants that `chrono` cannot represent (an API may send any integer up to
//! ±(2^53−1) milliseconds, about ±285,000 years, while `chrono` stops at ±262,143 years). Conversion to
//! [`chrono::DateTime`] is therefore fallible, and conversion from it is exact down to the unit.
//!
//! Older versions of some APIs sent these fields as RFC 3339 strings (`"2023-11-07T05:31:56Z"`). Those
//! still decode: the string becomes the instant it names, truncated to the unit (towards the past), and is
//! serialised back as the integer, the form the spec declares.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

/// A timestamp that `chrono` cannot represent (beyond year ±262,143), or a string that is neither an
/// integer nor an RFC 3339 date and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    message: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TimestampError {}

/// What a timestamp field expects, for decode errors.
struct Expected(&'static str);

impl serde::de::Expected for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a Unix timestamp in {} (an integer) or an RFC 3339 date and time string", self.0)
    }
}

fn from_u64<E: serde::de::Error>(value: u64, unit: &'static str) -> Result<i64, E> {
    i64::try_from(value).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(value), &Expected(unit)))
}

/// JSON allows an integer written as `1.7e12`; a fraction or a value beyond `i64` is an error.
fn from_f64<E: serde::de::Error>(value: f64, unit: &'static str) -> Result<i64, E> {
    // 2^63 is exactly representable; anything at or beyond it does not fit an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
        Ok(value as i64)
    } else {
        Err(E::invalid_value(serde::de::Unexpected::Float(value), &Expected(unit)))
    }
}

macro_rules! timestamp_type {
    (
        $(#[$docs:meta])*
        $name:ident, $unit:literal,
        from_chrono: $from_chrono:expr, to_chrono: $to_chrono:expr
    ) => {
        $(#[$docs])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// The Unix epoch, 1970-01-01T00:00:00Z.
            pub const EPOCH: Self = Self(0);

            #[doc = concat!("The timestamp `value` ", $unit, " after (or, when negative, before) the Unix epoch.")]
            pub const fn new(value: i64) -> Self {
                Self(value)
            }

            #[doc = concat!("The integer: ", $unit, " since the Unix epoch.")]
            pub const fn get(self) -> i64 {
                self.0
            }

            /// The instant as a `chrono` date and time, or `None` when it is beyond `chrono`'s range.
            pub fn to_datetime(self) -> Option<DateTime<Utc>> {
                let convert: fn(i64) -> Option<DateTime<Utc>> = $to_chrono;
                convert(self.0)
            }

            #[doc = concat!("The instant, truncated (towards the past) to whole ", $unit, ".")]
            pub fn from_datetime(datetime: DateTime<Utc>) -> Self {
                let convert: fn(DateTime<Utc>) -> i64 = $from_chrono;
                Self(convert(datetime))
            }

            /// Reads an integer or an RFC 3339 date and time (with any offset).
            fn parse(text: &str) -> Result<Self, TimestampError> {
                if let Ok(value) = text.parse::<i64>() {
                    return Ok(Self(value));
                }
                DateTime::parse_from_rfc3339(text).map(|parsed| Self::from_datetime(parsed.to_utc())).map_err(|error| {
                    TimestampError {
                        message: format!(
                            "`{text}` is neither a Unix timestamp in {} nor an RFC 3339 date and time: {error}",
                            $unit
                        ),
                    }
                })
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.to_datetime() {
                    Some(datetime) => write!(f, "{}({} = {datetime:?})", stringify!($name), self.0),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        /// The integer, as sent on the wire (also in query strings and headers).
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// An integer, or an RFC 3339 date and time.
        impl FromStr for $name {
            type Err = TimestampError;

            fn from_str(text: &str) -> Result<Self, TimestampError> {
                Self::parse(text)
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> i64 {
                value.0
            }
        }

        impl From<DateTime<Utc>> for $name {
            fn from(datetime: DateTime<Utc>) -> Self {
                Self::from_datetime(datetime)
            }
        }

        impl TryFrom<$name> for DateTime<Utc> {
            type Error = TimestampError;

            fn try_from(value: $name) -> Result<Self, TimestampError> {
                value.to_datetime().ok_or_else(|| TimestampError {
                    message: format!("the timestamp {} {} is outside the dates chrono can represent", value.0, $unit),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        serde::de::Expected::fmt(&Expected($unit), f)
                    }

                    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<$name, E> {
                        Ok($name(value))
                    }

                    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<$name, E> {
                        from_u64(value, $unit).map($name)
                    }

                    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<$name, E> {
                        from_f64(value, $unit).map($name)
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        $name::parse(value).map_err(E::custom)
                    }
                }

                deserializer.deserialize_any(Visitor)
            }
        }
    };
}

timestamp_type! {
    /// A Unix timestamp in whole seconds (`format: unixtime`), kept as the integer the API sent.
    ///
    /// Decodes from an integer or an RFC 3339 string and serialises as the integer. [`to_datetime`](Self::to_datetime)
    /// and `DateTime::<Utc>::try_from` give the `chrono` value when it is in range.
    UnixSeconds, "seconds",
    from_chrono: |datetime| datetime.timestamp(),
    to_chrono: |seconds| DateTime::from_timestamp(seconds, 0)
}

timestamp_type! {
    /// A Unix timestamp in milliseconds (`format: unixtime-ms`), kept as the integer the API sent.
    ///
    /// Decodes from an integer or an RFC 3339 string and serialises as the integer. [`to_datetime`](Self::to_datetime)
    /// and `DateTime::<Utc>::try_from` give the `chrono` value when it is in range.
    UnixMillis, "milliseconds",
    from_chrono: |datetime| datetime.timestamp_millis(),
    to_chrono: DateTime::from_timestamp_millis
}
