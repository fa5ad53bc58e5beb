//! `Error::message()` and `Error::code()`: what an error body says, read from its typed fields. Each
//! operation's error type implements [`ErrorDetails`] from the fields its schema declares (generated in
//! `error_bodies.rs`); only free-form JSON is looked into at run time.

use std::collections::BTreeMap;

use super::error::{ApiError, Error};

/// The human-readable message and machine-readable code an error body carries, when its schema has
/// such fields (`message`, or a string `error`, `detail`, `title` or `error_description`; `code`,
/// `error_code` or `type`).
pub trait ErrorDetails {
    /// The error's description for people, when the body has one.
    fn message(&self) -> Option<&str> {
        None
    }

    /// The error's code for programs (such as `NOT_FOUND`), when the body has one.
    fn code(&self) -> Option<&str> {
        None
    }
}

/// The properties read from free-form JSON, in order of preference.
const MESSAGE_FIELDS: [&str; 5] = ["message", "error", "detail", "title", "error_description"];
const CODE_FIELDS: [&str; 3] = ["code", "error_code", "type"];

/// The first of `names` that holds a string; an `error` object's own `message` counts as a message.
fn first_string<'a>(value: &'a serde_json::Value, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|name| match value.get(name)? {
        serde_json::Value::String(text) => Some(text.as_str()),
        nested @ serde_json::Value::Object(_) if *name == "error" => nested.get("message")?.as_str(),
        _ => None,
    })
}

/// Bodies the spec leaves free-form, and those of [`Client::request`](super::Client::request).
impl ErrorDetails for serde_json::Value {
    fn message(&self) -> Option<&str> {
        first_string(self, &MESSAGE_FIELDS)
    }

    fn code(&self) -> Option<&str> {
        first_string(self, &CODE_FIELDS)
    }
}

/// A plain-text error body is its own message.
impl ErrorDetails for String {
    fn message(&self) -> Option<&str> {
        Some(self)
    }
}

impl ErrorDetails for () {}
impl ErrorDetails for bool {}
impl ErrorDetails for i32 {}
impl ErrorDetails for i64 {}
impl ErrorDetails for f32 {}
impl ErrorDetails for f64 {}
impl<T> ErrorDetails for Vec<T> {}
impl<T> ErrorDetails for BTreeMap<String, T> {}

impl<E: ErrorDetails> ApiError<E> {
    /// The message of the decoded body, when it has one.
    pub fn message(&self) -> Option<&str> {
        self.body.as_ref()?.message()
    }

    /// The code of the decoded body, when it has one.
    pub fn code(&self) -> Option<&str> {
        self.body.as_ref()?.code()
    }
}

impl<E: ErrorDetails> Error<E> {
    /// The message of the error body, when the server answered with an error status and a body that
    /// says one (see [`ErrorDetails`]); `None` for every other error.
    pub fn message(&self) -> Option<&str> {
        self.api_error()?.message()
    }

    /// The code of the error body (such as `NOT_FOUND`), when the server answered with an error status
    /// and a body that has one; `None` for every other error.
    pub fn code(&self) -> Option<&str> {
        self.api_error()?.code()
    }
}
