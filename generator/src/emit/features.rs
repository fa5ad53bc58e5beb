//! Tag features in the generated crate: the `cfg` on each gated item, the `[features]` of the manifest
//! and the README's list of them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{FeatureGate, Ir, UNTAGGED};

/// The `cfg` predicate of a gate: `feature = "a"`, or `any(feature = "a", feature = "b")`.
fn predicate(features: &[String]) -> TokenStream {
    match features {
        [feature] => quote! { feature = #feature },
        _ => quote! { any(#(feature = #features),*) },
    }
}

/// Puts `#[cfg(any(feature = ..))]` on every item of `items` (a type with its impl blocks, an
/// operation's method and builder); items always compiled are returned as they are.
pub fn gate(features: &FeatureGate, items: TokenStream) -> TokenStream {
    let Some(features) = features else { return items };
    let predicate = predicate(features);
    // Parsed to find where each item starts: an item group is a few items, and only gated crates pay this.
    let file: syn::File = match syn::parse2(items.clone()) {
        Ok(file) => file,
        // Not items: left for the formatter to report, as it would without the setting.
        Err(_) => return items,
    };
    let items = file.items.iter().map(|item| quote! { #[cfg(#predicate)] #item });
    quote! { #(#items)* }
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
            Some(tag) => format!("Tag `{tag}`"),
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
                Some(tag) => format!("`{}`", tag.replace('`', "'").replace('|', "\\|")),
                None => "(operations without a tag)".to_owned(),
            };
            format!("| `{}` | {tag} | {} |\n", feature.name, feature.operations)
        })
        .collect();
    let example = ir.tag_features.first().map(|feature| feature.name.as_str()).unwrap_or(UNTAGGED);
    format!(
        "\n## Cargo features\n\nEach tag of the API is a cargo feature, all on by default. An operation is compiled when \
         one of its tags' features is on, a type when something compiled uses it (webhook payloads count as used \
         by the `webhooks` feature; types nothing uses are always compiled); operations without a tag are under \
         `{UNTAGGED}`. To compile only what you call, turn the defaults off:\n\n\
         ```toml\n[dependencies]\n{krate_name} = {{ version = \"..\", default-features = false, features = [\"{example}\"] }}\n```\n\n\
         | feature | tag | operations |\n| --- | --- | --- |\n{rows}"
    )
}
