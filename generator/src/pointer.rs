//! JSON pointers (RFC 6901) that locate spec nodes in messages.

use std::fmt;

/// A location in the spec document, such as `#/paths/~1pets/get/responses/200`.
///
/// ```
/// use openapi_client_gen::pointer::JsonPointer;
///
/// let pointer = JsonPointer::root().join("paths").join("/pets").join("get");
/// assert_eq!(pointer.to_string(), "#/paths/~1pets/get");
/// assert_eq!(pointer.tokens().collect::<Vec<_>>(), ["paths", "/pets", "get"]);
/// assert_eq!(JsonPointer::from_fragment("#/paths/~1pets/get"), Some(pointer));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The document root (`#`).
    pub fn root() -> Self {
        JsonPointer(String::new())
    }

    /// The location of a named component, such as `#/components/schemas/Pet`.
    pub fn component(section: &str, name: &str) -> Self {
        JsonPointer::root().join("components").join(section).join(name)
    }

    /// Parses a local reference such as `#/components/schemas/Pet`.
    pub fn from_fragment(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() || rest.starts_with('/') { Some(JsonPointer(rest.to_owned())) } else { None }
    }

    /// This pointer extended by one token, escaped as RFC 6901 requires.
    pub fn join(&self, token: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // One allocation in the common case: the IR joins a pointer for every schema and property.
        let mut joined = String::with_capacity(self.0.len() + 24);
        joined.push_str(&self.0);
        joined.push('/');
        let start = joined.len();
        write!(joined, "{token}").expect("writing to a String cannot fail");
        if joined[start..].contains(['~', '/']) {
            let token = joined.split_off(start);
            push_escaped(&mut joined, &token);
        }
        JsonPointer(joined)
    }

    /// The pointer's escaped tokens as written after the `#` (`/components/schemas/Pet`); empty at the root.
    pub fn escaped(&self) -> &str {
        &self.0
    }

    /// The unescaped tokens of this pointer.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|token| token.replace("~1", "/").replace("~0", "~"))
    }
}

/// Appends `token` to `out` escaped as a pointer token (`~` as `~0`, `/` as `~1`).
pub(crate) fn push_escaped(out: &mut String, token: &str) {
    for character in token.chars() {
        match character {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            other => out.push(other),
        }
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slash_and_tilde() {
        let pointer = JsonPointer::root().join("paths").join("/a~b/{id}");
        assert_eq!(pointer.to_string(), "#/paths/~1a~0b~1{id}");
        assert_eq!(pointer.tokens().collect::<Vec<_>>(), ["paths", "/a~b/{id}"]);
    }

    #[test]
    fn parses_local_fragments_only() {
        assert_eq!(JsonPointer::from_fragment("#/components/schemas/A").unwrap().to_string(), "#/components/schemas/A");
        assert!(JsonPointer::from_fragment("other.yaml#/A").is_none());
        assert!(JsonPointer::from_fragment("#A").is_none());
    }
}
