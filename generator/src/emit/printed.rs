//! Items printed directly as formatted text rather than as tokens for `prettyplease`: the repetitive ones
//! (constructors and setters, aliases, operations' `Client` methods, builders and the builders' macro
//! call), which are most of a large crate's lines. Printing them skips parsing them back with `syn` (the
//! larger part of formatting), and lets them take fewer lines than `prettyplease`, which breaks a
//! signature over five or more lines once it passes its margin, and prints macro arguments token by
//! token (`Vec < T >`).
//!
//! Every printed item parses to the same tokens as the quoted item it replaced, so the compiled code is
//! the same; the tests compare the two where both are kept.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// Rust tokens of a type, path, `cfg` predicate or a closure calling paths, as they are written by hand:
/// `::std::vec::Vec<T>`, `impl ::std::convert::Into<X>`, `any(feature = "a", feature = "b")`,
/// `|raw| decode(raw).map_err(f)`. Meant for those shapes only: in other expressions `<` could be a
/// comparison and `|` an or.
pub fn tokens_text(tokens: TokenStream) -> String {
    let mut text = String::new();
    write_tokens(&mut text, tokens);
    text.truncate(text.trim_end().len());
    text
}

fn write_tokens(text: &mut String, tokens: TokenStream) {
    /// What came last, which decides the space before the next token.
    #[derive(PartialEq)]
    enum Last {
        /// Nothing yet, or an opening delimiter or punctuation that takes no space after it.
        Tight,
        /// An identifier, literal or group: a following word needs a space.
        Word,
        /// A lifetime (`'a`): whatever follows needs a space.
        Lifetime,
        /// A lifetime's `'`: its name follows directly.
        Quote,
    }
    let mut last = Last::Tight;
    // Whether a `|` opens a closure's parameters (the next one closes them).
    let mut in_closure_parameters = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                if matches!(last, Last::Word | Last::Lifetime) {
                    text.push(' ');
                }
                text.push_str(&ident.to_string());
                last = if last == Last::Quote { Last::Lifetime } else { Last::Word };
            }
            TokenTree::Literal(literal) => {
                if matches!(last, Last::Word | Last::Lifetime) {
                    text.push(' ');
                }
                text.push_str(&literal.to_string());
                last = Last::Word;
            }
            TokenTree::Punct(punct) => {
                let ch = punct.as_char();
                match ch {
                    ',' | ';' => text.push_str(&format!("{ch} ")),
                    '=' | '+' => text.push_str(&format!(" {ch} ")),
                    '|' => {
                        text.push_str(if in_closure_parameters { "| " } else { "|" });
                        in_closure_parameters = !in_closure_parameters;
                    }
                    // `impl ::path` and `dyn ::path` keep their space; `a::b` has none.
                    ':' if last == Last::Word && punct.spacing() == Spacing::Joint && ends_with_keyword(text) => {
                        text.push_str(" :");
                    }
                    _ => text.push(ch),
                }
                last = if ch == '\'' { Last::Quote } else { Last::Tight };
            }
            TokenTree::Group(group) => {
                if last == Last::Lifetime {
                    text.push(' ');
                }
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                text.push_str(open);
                write_tokens(text, group.stream());
                // `, ` and `; ` at the end of a group leave a space before its closing delimiter.
                if text.ends_with(' ') && close != " }" {
                    text.pop();
                }
                text.push_str(close);
                last = Last::Word;
            }
        }
    }
}

/// Whether the text ends with a keyword that takes a space before a leading `::` (`impl ::std::..`).
fn ends_with_keyword(text: &str) -> bool {
    ["impl", "dyn"].iter().any(|keyword| {
        text.strip_suffix(keyword).is_some_and(|before| before.is_empty() || before.ends_with([' ', '(', '<', ',']))
    })
}

/// A setter in four lines whatever its length, as the printed constructors and request builders write
/// it: `pub fn method(mut self, argument: Accepted) -> Self { self.field = value; self }`.
pub fn setter(text: &mut String, method: &str, field: &str, argument: &str, accepted: &str, value: &str) {
    write!(
        text,
        "    pub fn {method}(mut self, {argument}: {accepted}) -> Self {{\n        self.{field} = {value};\n        self\n    }}\n"
    )
    .expect("writing to a String cannot fail");
}

/// `///` lines for doc text (as `prettyplease` prints `#[doc]` attributes), each indented by `indent`.
pub fn doc_comments(text: &mut String, docs: Option<&str>, indent: &str) {
    // Written straight into `text` (the lines `rust::doc_lines` gives as strings): every doc line of GitHub's
    // types and builders went through two strings of its own before.
    for line in docs.into_iter().flat_map(str::lines) {
        text.push_str(indent);
        text.push_str("///");
        let start = text.len();
        super::rust::push_doc_line(text, line);
        let kept = text[start..].trim_end_matches(' ').len();
        text.truncate(start + kept);
        text.push('\n');
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use quote::quote;

    use super::*;

    /// The tokens without their spacing (`<::` lexes as a joint `<`, which means the same).
    pub(crate) fn shape(tokens: TokenStream) -> Vec<String> {
        tokens
            .into_iter()
            .flat_map(|token| match token {
                TokenTree::Group(group) => {
                    let mut inner = vec![format!("{:?}", group.delimiter())];
                    inner.extend(shape(group.stream()));
                    inner.push("end".to_owned());
                    inner
                }
                TokenTree::Punct(punct) => vec![punct.as_char().to_string()],
                other => vec![other.to_string()],
            })
            .collect()
    }

    /// The printed text parses back to the tokens it was printed from.
    fn round_trips(tokens: TokenStream) -> String {
        let text = tokens_text(tokens.clone());
        let parsed: TokenStream = text.parse().expect("printed tokens parse");
        assert_eq!(shape(parsed), shape(tokens), "{text}");
        text
    }

    #[test]
    fn types_print_as_written_by_hand() {
        let map = quote! { ::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<super::types::Pet>> };
        assert_eq!(
            round_trips(map),
            "::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<super::types::Pet>>"
        );
        let into = quote! { impl ::std::convert::Into<super::Nullable<::chrono::DateTime<::chrono::Utc>>> };
        assert_eq!(round_trips(into), "impl ::std::convert::Into<super::Nullable<::chrono::DateTime<::chrono::Utc>>>");
        assert_eq!(round_trips(quote! { &'static [u8; 4] }), "&'static [u8; 4]");
        assert_eq!(round_trips(quote! { ::std::option::Option<(i64, bool)> }), "::std::option::Option<(i64, bool)>");
    }

    #[test]
    fn cfg_predicates_print_as_written_by_hand() {
        let any = quote! { any(feature = "pets", feature = "full") };
        assert_eq!(round_trips(any), "any(feature = \"pets\", feature = \"full\")");
    }

    #[test]
    fn closures_calling_paths_print_as_written_by_hand() {
        let decoder = quote! {
            |raw| super::runtime::decode::<_, ::serde_json::Value>(raw)
                .map_err(|error| super::runtime::errors_by_status(error, super::types::Errors::from_status))
        };
        assert_eq!(
            round_trips(decoder),
            "|raw| super::runtime::decode::<_, ::serde_json::Value>(raw).map_err(|error| super::runtime::errors_by_status(error, super::types::Errors::from_status))"
        );
    }

    #[test]
    fn doc_lines_become_comments_without_trailing_spaces() {
        let mut text = String::new();
        doc_comments(&mut text, Some("First line  \n\nSecond"), "    ");
        assert_eq!(text, "    /// First line\n    ///\n    /// Second\n");
    }
}
