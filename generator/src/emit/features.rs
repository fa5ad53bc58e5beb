//! Tag features in the generated crate: the `cfg` on each gated item, the `[features]` of the manifest
//! and the README's list of them.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{FeatureGate, Ir, UNTAGGED};

/// The `cfg` predicate of a gate: `feature = "a"`, or `any(feature = "a", feature = "b")`.
fn predicate(features: &[String]) -> TokenStream {
    match features {
        [feature] => quote! { feature = #feature },
        _ => quote! { any(#(feature = #features),*) },
    }
}

/// The `#[cfg(..)]` line for items printed as text (see `printed`), indented by `indent`; empty for items
/// always compiled.
pub fn cfg_line(features: &FeatureGate, indent: &str) -> String {
    match features {
        Some(features) => format!("{indent}#[cfg({})]\n", super::printed::tokens_text(predicate(features))),
        None => String::new(),
    }
}

/// Puts `#[cfg(any(feature = ..))]` on every item of `items` (a type with its impl blocks, an
/// operation's method and builder); items always compiled are returned as they are.
pub fn gate(features: &FeatureGate, items: TokenStream) -> TokenStream {
    let Some(features) = features else { return items };
    let predicate = predicate(features);
    let attribute = quote! { #[cfg(#predicate)] };
    let mut gated = TokenStream::new();
    let mut item = ItemEnd { starting: true, ..ItemEnd::default() };
    for token in items {
        if item.starting {
            gated.extend(attribute.clone());
            item = ItemEnd { starting: false, ..ItemEnd::default() };
        }
        item.see(&token);
        gated.extend([token]);
    }
    gated
}

/// Where an item ends, found from its top-level tokens without parsing it (generation of a large gated
/// crate would otherwise parse every item twice): at a `;`, or at its first `{..}` unless it is a
/// `const`, `static`, `type` or `use` item, whose value may hold braces before its `;`.
#[derive(Default)]
struct ItemEnd {
    /// The next token starts an item.
    starting: bool,
    /// Whether the item ends only at a `;`, once its keyword decides it.
    semicolon_only: Option<bool>,
    /// The keyword so far was `const`, which is an item (`const X`) or qualifies a `const fn`.
    after_const: bool,
}

impl ItemEnd {
    fn see(&mut self, token: &TokenTree) {
        match token {
            TokenTree::Ident(ident) if self.semicolon_only.is_none() => {
                let word = ident.to_string();
                if self.after_const {
                    self.semicolon_only = Some(!matches!(word.as_str(), "fn" | "unsafe" | "async" | "extern"));
                } else {
                    match word.as_str() {
                        "pub" => {}
                        "const" => self.after_const = true,
                        "static" | "type" | "use" => self.semicolon_only = Some(true),
                        _ => self.semicolon_only = Some(false),
                    }
                }
            }
            TokenTree::Punct(punct) if punct.as_char() == ';' => self.starting = true,
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && self.semicolon_only == Some(false) => {
                self.starting = true
            }
            _ => {}
        }
    }
}

/// The cfg predicate, as Rust text, that every gate in `gates` holds under (`all(any(..), any(..))`), or
/// `None` when they all are always compiled: for README examples that use several gated items.
pub fn all_of<'a>(gates: impl IntoIterator<Item = &'a FeatureGate>) -> Option<String> {
    let mut parts: Vec<String> = gates.into_iter().flatten().map(|features| predicate(features).to_string()).collect();
    parts.sort();
    parts.dedup();
    match parts.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        _ => Some(format!("all({})", parts.join(", "))),
    }
}

/// A README code block's body made conditional on `predicate` (a doctest is compiled with the crate's
/// features): wrapped in a hidden `#[cfg(..)]` block, so with the features off it compiles to nothing.
/// A body with its own `fn main` (returning a boxed error) goes into a gated module whose `main` the
/// real one calls, beside an empty `main` for the other case.
pub fn gate_example(predicate: Option<&str>, body: &str) -> String {
    const MAIN: &str = "# fn main() -> Result<(), Box<dyn std::error::Error>> {";
    let Some(predicate) = predicate else { return body.to_owned() };
    if body.contains(MAIN) {
        let body = body.replace(MAIN, &format!("# pub {}", &MAIN[2..]));
        format!(
            "# #[cfg({predicate})]\n# mod example {{\n{body}\n# }}\n\
             # #[cfg({predicate})]\n{MAIN}\n#     example::main()\n# }}\n\
             # #[cfg(not({predicate}))]\n# fn main() {{}}"
        )
    } else {
        format!("# #[cfg({predicate})] {{\n{body}\n# }}")
    }
}

/// The `[features]` lines of the tags: each tag's feature, and `default` turning them all on (with
/// `webhooks` when the crate has it).
pub fn manifest_lines(ir: &Ir, webhooks: bool) -> String {
    let mut default: Vec<String> = ir.tag_features.iter().map(|feature| format!("{:?}", feature.name)).collect();
    if webhooks {
        default.push("\"webhooks\"".to_owned());
    }
    default.sort();
    let mut text = format!("default = [{}]\n", default.join(", "));
    for feature in &ir.tag_features {
        let what = match &feature.tag {
            // Quoted and escaped: a tag is free text, a comment ends at a line break.
            Some(tag) => format!("Tag {tag:?}"),
            None => "Operations without a tag".to_owned(),
        };
        let count = feature.operations;
        let plural = if count == 1 { "" } else { "s" };
        text.push_str(&format!("# {what}: {count} operation{plural} and the types they use.\n{} = []\n", feature.name));
    }
    text
}

/// The README's section listing the features.
pub fn readme_section(ir: &Ir, krate_name: &str) -> String {
    let rows: String = ir
        .tag_features
        .iter()
        .map(|feature| {
            let tag = match &feature.tag {
                Some(tag) => {
                    let tag: String = tag.chars().map(|c| if c.is_control() || c == '`' { ' ' } else { c }).collect();
                    format!("`{}`", tag.replace('|', "\\|"))
                }
                None => "(operations without a tag)".to_owned(),
            };
            format!("| `{}` | {tag} | {} |\n", feature.name, feature.operations)
        })
        .collect();
    let example = ir.tag_features.first().map(|feature| feature.name.as_str()).unwrap_or(UNTAGGED);
    format!(
        "\n## Cargo features\n\nEach tag of the API is a cargo feature, all on by default. An operation is compiled when \
         one of its tags' features is on, a type when something compiled uses it (webhook payloads count as used \
         by the `webhooks` feature; types nothing uses are always compiled, with what they use); operations without a tag are under \
         `{UNTAGGED}`. To compile only what you call, turn the defaults off:\n\n\
         ```toml\n[dependencies]\n{krate_name} = {{ version = \"..\", default-features = false, features = [\"{example}\"] }}\n```\n\n\
         | feature | tag | operations |\n| --- | --- | --- |\n{rows}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of item the emitter writes, with braces inside `const` values and return types.
    fn sample() -> TokenStream {
        quote! {
            /// Docs.
            #[derive(Clone)]
            pub struct Named { pub a: u8 }
            pub struct Tuple(pub u8);
            struct Unit;
            impl<'a> ::std::future::IntoFuture for Builder<'a> where Self: Sized {
                type Output = u8;
                fn into_future(self) -> Self::IntoFuture { todo!() }
            }
            pub enum E { A { x: u8 }, B }
            pub type Alias = ::std::vec::Vec<u8>;
            pub(crate) const LIST: &[Named] = &[Named { a: 1 }];
            const ONE: Named = Named { a: 1 };
            static TWO: Named = Named { a: 2 };
            pub const fn make() -> Named { Named { a: 3 } }
            fn boxed() -> Box<dyn Iterator<Item = u8>> { Box::new(None.into_iter()) }
            super::runtime::request_options!(Builder);
            macro_rules! m { () => {}; }
            use ::std::fmt;
            pub async fn run() {}
        }
    }

    #[test]
    fn every_item_gets_the_attribute_once() {
        let expected: syn::File = syn::parse2(sample()).expect("sample parses");
        let gated: syn::File = syn::parse2(gate(&Some(vec!["pets".into()]), sample())).expect("gated parses");
        assert_eq!(gated.items.len(), expected.items.len());
        for (gated, plain) in gated.items.iter().zip(&expected.items) {
            let text = quote!(#gated).to_string();
            assert!(text.starts_with("# [cfg (feature = \"pets\")]"), "{text}");
            assert_eq!(text.matches("cfg").count(), 1, "{text}");
            assert!(text.ends_with(&quote!(#plain).to_string()), "{text}");
        }
    }

    #[test]
    fn several_features_are_any_and_none_is_unchanged() {
        let gated = gate(&Some(vec!["pets".into(), "store".into()]), quote! { pub struct A; });
        assert_eq!(
            gated.to_string(),
            quote! { #[cfg(any(feature = "pets", feature = "store"))] pub struct A; }.to_string()
        );
        assert_eq!(gate(&None, sample()).to_string(), sample().to_string());
    }

    #[test]
    fn examples_are_gated_on_every_item_they_use() {
        let pets = Some(vec!["pets".to_owned()]);
        let both = Some(vec!["pets".to_owned(), "store".to_owned()]);
        assert_eq!(all_of([&None, &None]), None);
        assert_eq!(all_of([&pets, &None, &pets]).as_deref(), Some("feature = \"pets\""));
        assert_eq!(
            all_of([&pets, &both]).as_deref(),
            Some("all(any (feature = \"pets\" , feature = \"store\"), feature = \"pets\")")
        );
        let block = gate_example(Some("feature = \"pets\""), "let x = 1;");
        assert_eq!(block, "# #[cfg(feature = \"pets\")] {\nlet x = 1;\n# }");
        assert_eq!(gate_example(None, "let x = 1;"), "let x = 1;");
    }
}
