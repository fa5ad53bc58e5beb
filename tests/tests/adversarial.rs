//! `tests/fixtures/adversarial.yaml` is hostile: comment terminators, attribute syntax, backticks,
//! control characters and HTML in its prose, keywords, `Self`, `std`, `Result`, emoji and empty strings as
//! names, enum values differing only in case or punctuation. The fixture tests compile it with clippy;
//! this test proves the code holds exactly the items the spec declares, and nothing smuggled in.

use std::collections::BTreeSet;

use openapi_client_gen::{Settings, generate, load};
use quote::ToTokens;
use tests::workspace_root;

/// Attributes generated code may carry; anything else would be the spec's doing.
/// `cfg` only gates the `middleware` module on its cargo feature.
const ALLOWED_ATTRIBUTES: &[&str] = &[
    "doc",
    "derive",
    "serde",
    "deprecated",
    "allow",
    "non_exhaustive",
    "must_use",
    "rustfmt::skip",
    "forbid",
    "path",
    "cfg",
];

fn generated() -> openapi_client_gen::Generated {
    let path = workspace_root().join("tests/fixtures/adversarial.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let spec = load::load_str(&text, "tests/fixtures/adversarial.yaml").expect("loads");
    generate(&spec, &Settings::default().crate_name("fixture-adversarial").emit_unreachable_types(true))
        .expect("generates")
}

/// One line per item: what it is and its name (impls by trait and type, with their functions).
fn inventory(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .map(|item| match item {
            syn::Item::Struct(item) => format!("struct {}", item.ident),
            syn::Item::Enum(item) => format!("enum {}", item.ident),
            syn::Item::Type(item) => format!("type {}", item.ident),
            syn::Item::Fn(item) => format!("fn {}", item.sig.ident),
            syn::Item::Const(item) => format!("const {}", item.ident),
            syn::Item::Mod(item) => format!("mod {}", item.ident),
            syn::Item::Use(item) => format!("use {}", item.tree.to_token_stream()),
            syn::Item::Macro(item) => format!("macro call {}!", item.mac.path.to_token_stream()),
            syn::Item::Impl(item) => {
                let functions: Vec<String> = item
                    .items
                    .iter()
                    .map(|member| match member {
                        syn::ImplItem::Fn(function) => format!("fn {}", function.sig.ident),
                        syn::ImplItem::Type(alias) => format!("type {}", alias.ident),
                        other => format!("other {}", other.to_token_stream()),
                    })
                    .collect();
                let trait_part = item.trait_.as_ref().map(|(path, _)| format!("{} for ", path.to_token_stream()));
                format!(
                    "impl {}{} {{ {} }}",
                    trait_part.unwrap_or_default(),
                    item.self_ty.to_token_stream(),
                    functions.join(", ")
                )
            }
            other => format!("unexpected item: {}", other.to_token_stream()),
        })
        .collect()
}

fn attribute_paths(file: &syn::File) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    let text = file.to_token_stream().to_string();
    let reparsed: syn::File = syn::parse_str(&text).expect("reparses");
    collect_attributes(&reparsed.attrs, &mut paths);
    for item in &reparsed.items {
        let attributes = match item {
            syn::Item::Struct(item) => {
                for field in &item.fields {
                    collect_attributes(&field.attrs, &mut paths);
                }
                &item.attrs
            }
            syn::Item::Enum(item) => {
                for variant in &item.variants {
                    collect_attributes(&variant.attrs, &mut paths);
                }
                &item.attrs
            }
            syn::Item::Impl(item) => {
                for member in &item.items {
                    if let syn::ImplItem::Fn(function) = member {
                        collect_attributes(&function.attrs, &mut paths);
                    }
                }
                &item.attrs
            }
            syn::Item::Type(item) => &item.attrs,
            syn::Item::Fn(item) => &item.attrs,
            syn::Item::Const(item) => &item.attrs,
            syn::Item::Mod(item) => &item.attrs,
            syn::Item::Use(item) => &item.attrs,
            syn::Item::Macro(item) => &item.attrs,
            _ => continue,
        };
        collect_attributes(attributes, &mut paths);
    }
    paths
}

fn collect_attributes(attributes: &[syn::Attribute], paths: &mut BTreeSet<String>) {
    for attribute in attributes {
        paths.insert(attribute.path().to_token_stream().to_string().replace(' ', ""));
    }
}

#[test]
fn the_generated_items_are_exactly_the_declared_ones() {
    let generated = generated();
    let mut report = String::new();
    for path in ["src/lib.rs", "src/config.rs", "src/types.rs", "src/requests.rs"] {
        let file = syn::parse_file(&generated.files.files[path]).unwrap_or_else(|error| panic!("{path}: {error}"));
        let attributes = attribute_paths(&file);
        for attribute in &attributes {
            assert!(ALLOWED_ATTRIBUTES.contains(&attribute.as_str()), "{path} carries `#[{attribute}]`");
        }
        report.push_str(&format!("== {path}\n"));
        for line in inventory(&file) {
            assert!(!line.starts_with("unexpected item"), "{path}: {line}");
            report.push_str(&line);
            report.push('\n');
        }
    }
    // The types module declares one type per schema (and one per inline enum or object), nothing else:
    // no free functions but the union helper, no impls but the fixed set for enums.
    let types = syn::parse_file(&generated.files.files["src/types.rs"]).expect("parses");
    let declared: BTreeSet<String> = inventory(&types)
        .into_iter()
        .filter(|line| line.starts_with("struct ") || line.starts_with("enum ") || line.starts_with("type "))
        .collect();
    let expected: BTreeSet<String> =
        ["struct Box", "struct Emoji", "enum Option", "struct Result", "struct Std", "struct _1stPlace"]
            .map(str::to_owned)
            .into_iter()
            .collect();
    assert_eq!(declared, expected);
    let functions: Vec<String> = inventory(&types).into_iter().filter(|line| line.starts_with("fn ")).collect();
    assert!(functions.is_empty(), "{functions:?}");
    insta::assert_snapshot!(report);
}

#[test]
fn hostile_prose_stays_inside_doc_strings() {
    let generated = generated();
    for (path, text) in &generated.files.files {
        if !path.ends_with(".rs") {
            continue;
        }
        // Every occurrence of the injected code is inside a doc comment or a string literal.
        for line in text.lines() {
            let code = line.trim_start();
            let injected = ["fn evil", "fn backdoor", "fn injected", "impl Drop for Result", "#[no_mangle]"];
            if injected.iter().any(|needle| code.contains(needle)) {
                assert!(
                    code.starts_with("//") || code.starts_with('"') || code.starts_with("#[doc"),
                    "{path}: injected text outside docs: {line}"
                );
            }
        }
    }
}
