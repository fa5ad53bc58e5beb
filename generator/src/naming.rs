//! Turning spec names into Rust identifiers: one module, one rule per function, each unit-tested.
//!
//! Spec names are arbitrary strings (`pet.v2`, `2fa-status`, `Ünïcode`, `type`, `self`); Rust identifiers are
//! not. Every identifier the emitter prints comes from here, so a name that compiles in one place
//! compiles everywhere.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords that `r#` makes usable as identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The names every generated client exports at its crate root (the runtime's public types and the HTTP
/// types it re-exports). A schema deriving one of them gets [`ROOT_CLASH_SUFFIX`] appended, so that
/// `types::ApiError` and the runtime's `ApiError` never read alike.
pub const CLIENT_ROOT_NAMES: &[&str] = &[
    "ApiError",
    "ApiKey",
    "BoxFuture",
    "BoxStream",
    "BuildError",
    "Client",
    "ClientBuilder",
    "Credentials",
    "CredentialsError",
    "DecodeError",
    "Error",
    "ErrorDetails",
    "ErrorKind",
    "HeaderMap",
    "Method",
    "RawRequest",
    "RawResponse",
    "RequestOptions",
    "Response",
    "Secret",
    "StatusCode",
];

/// Root names of crates, clients or types only, whose values need them (`null`able fields, timestamps):
/// always kept away from schemas, so a type's name does not depend on what other types use.
pub const VALUE_ROOT_NAMES: &[&str] = &["Nullable", "TimestampError", "UnixMillis", "UnixSeconds"];

/// The root name of clients with an operation offering server-sent events.
pub const EVENTS_ROOT_NAME: &str = "Event";

/// What a schema name that clashes with a crate root name gets appended: `ApiError` becomes `ApiErrorBody`.
pub const ROOT_CLASH_SUFFIX: &str = "Body";

/// Splits a spec name into ASCII words: anything that is not an ASCII letter or digit separates words.
/// Non-ASCII letters are dropped rather than transliterated, so `Ünïcode` becomes `ncode`; callers fall back
/// to a context name when nothing is left.
fn ascii_words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn guard_leading_digit(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name }
}

/// The length of the longest keyword (`abstract`, `continue`, `override`): longer names are none.
const LONGEST_KEYWORD: usize = 8;

fn guard_keyword(name: String) -> String {
    if name.len() > LONGEST_KEYWORD {
        return name;
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A type or enum variant name (`UpperCamelCase`), or `fallback` when `raw` has no usable characters.
pub fn type_name(raw: &str, fallback: &str) -> String {
    // Most schema names are already `UpperCamelCase`; `heck` would only give them back.
    if is_plain_upper_camel(raw) {
        return guard_keyword(raw.to_owned());
    }
    let name = match lower_words_to_upper_camel(raw) {
        Some(name) => name,
        None => ascii_words(raw).to_upper_camel_case(),
    };
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    guard_keyword(guard_leading_digit(name))
}

/// A field, method or parameter name (`snake_case`), or `fallback` when `raw` has no usable characters.
pub fn value_name(raw: &str, fallback: &str) -> String {
    // Most property names are already `snake_case`; `heck` would only give them back.
    if is_plain_snake(raw) {
        return guard_keyword(raw.to_owned());
    }
    let name = ascii_words(raw).to_snake_case();
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    guard_keyword(guard_leading_digit(name))
}

/// Lowercase ASCII words joined by single underscores (`html_url`), which `snake_case` leaves as they are.
fn is_plain_snake(raw: &str) -> bool {
    !raw.is_empty() && raw.split('_').all(|word| !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase()))
}

/// ASCII words that each start with one capital followed by lowercase letters (`PullRequest`), which
/// `UpperCamelCase` leaves as they are.
fn is_plain_upper_camel(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.last().is_some_and(u8::is_ascii_lowercase)
        && bytes.iter().all(u8::is_ascii_alphabetic)
        && bytes.windows(2).all(|pair| !(pair[0].is_ascii_uppercase() && pair[1].is_ascii_uppercase()))
}

/// `UpperCamelCase` of ASCII text without capitals (`pull-request`, `checkout_session`, `v2 list`), the
/// usual shape of kebab-case schema names and enum values: each word is capitalised, as `heck` would.
/// `None` for other text, which `heck` splits by case.
fn lower_words_to_upper_camel(raw: &str) -> Option<String> {
    if !raw.bytes().all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase()) {
        return None;
    }
    let mut name = String::with_capacity(raw.len());
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty()) {
        name.push(word.as_bytes()[0].to_ascii_uppercase() as char);
        name.push_str(&word[1..]);
    }
    Some(name)
}

/// A cargo feature name (`kebab-case`, ASCII letters and digits: `Pull Requests` becomes `pull-requests`),
/// or `fallback` when `raw` has no usable characters. Cargo allows a leading digit in feature names, and
/// they are strings in `cfg(feature = "..")`, so keywords need no guard; uniqueness is the caller's (a
/// [`NameScope`]).
pub fn feature_name(raw: &str, fallback: &str) -> String {
    let name = ascii_words(raw).to_kebab_case();
    if name.is_empty() { fallback.to_owned() } else { name }
}

/// The identifier without any `r#` prefix, for building longer names from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A type-name part appended to another name (`{Parent}{Field}`): no leading `_` for a leading digit
/// and no trailing `_` for a keyword, since the prefix already makes the whole a valid identifier, and
/// `Parent_2023` would trip the naming lint.
pub fn type_name_part(raw: &str, fallback: &str) -> String {
    let name = type_name(raw, fallback);
    let trimmed = bare(&name).trim_matches('_');
    if trimmed.is_empty() { fallback.to_owned() } else { trimmed.to_owned() }
}

/// Hands out names unique within one scope (the types module, one struct's fields, one enum's variants).
///
/// A clash gets the lowest free numeric suffix. Which item gets the plain name depends only on the order
/// items are claimed, and every caller claims in document order, so names are stable across runs.
#[derive(Debug, Default)]
pub struct NameScope {
    taken: BTreeSet<String>,
    /// The next suffix to try per wanted name, so that many clashes on one name stay linear.
    next_suffix: std::collections::HashMap<String, usize>,
}

impl NameScope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameScope { taken: reserved.iter().map(|name| (*name).to_owned()).collect(), next_suffix: Default::default() }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, … if it is taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(bare(wanted).to_owned()) {
            return wanted.to_owned();
        }
        // `Self_` (a keyword escaped with `_`) takes its number in place of the `_`: `Self2`, which stays
        // upper camel case, where `Self_2` would trip the naming lint.
        let base = bare(wanted).strip_suffix('_').filter(|rest| !rest.is_empty()).unwrap_or(bare(wanted));
        let suffix = self.next_suffix.entry(base.to_owned()).or_insert(2);
        loop {
            let candidate = format!("{base}{suffix}");
            *suffix += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_parts_have_no_edge_underscores() {
        assert_eq!(type_name_part("2023-05", "Field"), "202305");
        assert_eq!(type_name_part("self", "Field"), "Self");
        assert_eq!(type_name_part("", "Field"), "Field");
    }

    /// The shortcuts for names already in the wanted case give what `heck` gives.
    #[test]
    fn names_already_in_case_come_back_as_heck_makes_them() {
        let samples = [
            "html_url",
            "a",
            "node_id",
            "type",
            "self",
            "a_b_c",
            "x_",
            "_x",
            "a__b",
            "url2",
            "ab_Cd",
            "PullRequest",
            "Pull",
            "PullRequestX",
            "ABTest",
            "Self",
            "Type",
            "Pu",
            "P",
            "PullRequest2",
            "Pull_Request",
            "Äb",
            "",
            "pull-request",
            "checkout_session",
            "open",
            "v2 list-item",
            "2fa",
            "a1b2",
            "abc-2-def",
            "x.y/z",
            "--",
            "self",
            "_a_",
            "sha256",
        ];
        for raw in samples {
            let snake = guard_keyword(guard_leading_digit(ascii_words(raw).to_snake_case()));
            let camel = guard_keyword(guard_leading_digit(ascii_words(raw).to_upper_camel_case()));
            if is_plain_snake(raw) {
                assert_eq!(value_name(raw, "x"), snake, "{raw}");
            }
            if is_plain_upper_camel(raw) || lower_words_to_upper_camel(raw).is_some() {
                let camel = if camel.is_empty() { "X".to_owned() } else { camel };
                assert_eq!(type_name(raw, "X"), camel, "{raw}");
            }
        }
        assert!(is_plain_snake("html_url") && !is_plain_snake("a__b") && !is_plain_snake("url2"));
        assert!(is_plain_upper_camel("PullRequest") && !is_plain_upper_camel("ABTest"));
    }

    #[test]
    fn no_keyword_is_longer_than_the_longest() {
        let longest = RAW_KEYWORDS.iter().chain(NON_RAW_KEYWORDS).map(|keyword| keyword.len()).max();
        assert_eq!(longest, Some(LONGEST_KEYWORD));
    }

    #[test]
    fn types_are_upper_camel_case() {
        assert_eq!(type_name("checkout_session", "X"), "CheckoutSession");
        assert_eq!(type_name("checkoutSession", "X"), "CheckoutSession");
    }

    #[test]
    fn dots_spaces_and_punctuation_separate_words() {
        assert_eq!(type_name("pet.v2 list-item", "X"), "PetV2ListItem");
        assert_eq!(value_name("postal code/line", "x"), "postal_code_line");
    }

    #[test]
    fn leading_digits_get_an_underscore() {
        assert_eq!(type_name("2fa", "X"), "_2fa");
        assert_eq!(value_name("3d_secure", "x"), "_3d_secure");
    }

    #[test]
    fn raw_keywords_become_raw_identifiers() {
        assert_eq!(value_name("type", "x"), "r#type");
        assert_eq!(value_name("ref", "x"), "r#ref");
        assert_eq!(value_name("async", "x"), "r#async");
    }

    #[test]
    fn non_raw_keywords_get_a_trailing_underscore() {
        assert_eq!(value_name("self", "x"), "self_");
        assert_eq!(value_name("super", "x"), "super_");
        assert_eq!(value_name("crate", "x"), "crate_");
        assert_eq!(type_name("self", "X"), "Self_");
    }

    #[test]
    fn empty_or_non_ascii_names_use_the_fallback() {
        assert_eq!(type_name("", "Empty"), "Empty");
        assert_eq!(type_name("💳", "Value"), "Value");
        assert_eq!(value_name("__", "field"), "field");
        assert_eq!(type_name("Ünïcode", "X"), "NCode");
    }

    #[test]
    fn features_are_kebab_case() {
        assert_eq!(feature_name("Pull Requests", "tag"), "pull-requests");
        assert_eq!(feature_name("codeScanning", "tag"), "code-scanning");
        assert_eq!(feature_name("secret_scanning", "tag"), "secret-scanning");
        assert_eq!(feature_name("2fa / SMS", "tag"), "2fa-sms");
        assert_eq!(feature_name("type", "tag"), "type");
        assert_eq!(feature_name("💳", "tag"), "tag");
    }

    #[test]
    fn bare_strips_raw_prefix() {
        assert_eq!(bare("r#type"), "type");
        assert_eq!(bare("name"), "name");
    }

    #[test]
    fn scope_suffixes_collisions_in_claim_order() {
        let mut scope = NameScope::with_reserved(&["Unknown"]);
        assert_eq!(scope.claim("Pet"), "Pet");
        assert_eq!(scope.claim("Pet"), "Pet2");
        assert_eq!(scope.claim("Pet"), "Pet3");
        assert_eq!(scope.claim("Unknown"), "Unknown2");
    }

    #[test]
    fn scope_suffixes_raw_identifiers_without_the_prefix() {
        let mut scope = NameScope::default();
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type2");
    }
}
