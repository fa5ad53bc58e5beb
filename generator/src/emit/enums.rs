//! String enums that keep values this client does not know, printed as text (see `printed`): a large
//! spec has hundreds, each with the same half-dozen impls.

use proc_macro2::Literal;

use super::CrateInfo;
use super::printed::{doc_comments, tokens_text};
use super::rust::{derive_attr, doc_line, ident};
use crate::ir::StringEnum;

const DERIVES: &[&str] = &["Clone", "Debug", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord"];

/// A string enum with `as_str` and `Display`; with the fallback variant also `From<&str>`, otherwise
/// `Copy` and an error for unknown values. `head` holds its docs and attributes, printed. One text per
/// item, so that a feature gate can go in front of each.
pub fn string_enum(name: &str, head: &str, string_enum: &StringEnum, info: &CrateInfo) -> Vec<String> {
    let name = ident(name);
    let open = info.unknown_variants;
    let mut built_in = DERIVES.to_vec();
    if !open {
        built_in.extend(["Copy", "::serde::Serialize", "::serde::Deserialize"]);
    }
    // Only extra derives from the settings need checking and de-duplicating against the built-in ones.
    let derive = if info.derives.is_empty() {
        format!("#[derive({})]", built_in.join(", "))
    } else {
        tokens_text(derive_attr(&built_in, &info.derives))
    };
    let mut text = format!("{head}{derive}\npub enum {name} {{\n");
    let variants: Vec<(String, String)> = string_enum
        .variants
        .iter()
        .map(|variant| (ident(&variant.rust_name).to_string(), Literal::string(&variant.wire_value).to_string()))
        .collect();
    for (variant, wire) in string_enum.variants.iter().zip(&variants) {
        doc_comments(&mut text, Some(&format!("`{}`", doc_line(&variant.wire_value))), "    ");
        if !open {
            text.push_str(&format!("    #[serde(rename = {})]\n", wire.1));
        }
        text.push_str(&format!("    {},\n", wire.0));
    }
    let fallback = ident(&string_enum.fallback);
    if open {
        text.push_str(&format!(
            "    /// A value this client does not know; kept as received so it serialises back unchanged.\n    {fallback}(::std::string::String),\n"
        ));
    }
    text.push_str("}\n");
    let mut items = vec![text];
    let lifetime = if open { "" } else { "'static " };
    let mut text = format!(
        "impl {name} {{\n    /// The value as sent on the wire.\n    pub fn as_str(&self) -> &{lifetime}str {{\n        match self {{\n"
    );
    for (variant, wire) in &variants {
        text.push_str(&format!("            Self::{variant} => {wire},\n"));
    }
    if open {
        text.push_str(&format!("            Self::{fallback}(value) => value.as_str(),\n"));
    }
    text.push_str("        }\n    }\n}\n");
    items.push(text);
    if open {
        let mut text = format!(
            "impl ::std::convert::From<&str> for {name} {{\n    fn from(value: &str) -> Self {{\n        match value {{\n"
        );
        for (variant, wire) in &variants {
            text.push_str(&format!("            {wire} => Self::{variant},\n"));
        }
        text.push_str(&format!("            other => Self::{fallback}(other.to_owned()),\n        }}\n    }}\n}}\n"));
        items.push(text);
    }
    items.push(format!(
        "impl ::std::fmt::Display for {name} {{\n    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n"
    ));
    if open {
        items.push(format!(
            "impl ::serde::Serialize for {name} {{\n    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {{\n        serializer.serialize_str(self.as_str())\n    }}\n}}\n"
        ));
        items.push(format!(
            "impl<'de> ::serde::Deserialize<'de> for {name} {{\n    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {{\n        let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;\n        ::std::result::Result::Ok(Self::from(&*value))\n    }}\n}}\n"
        ));
    }
    items
}

#[cfg(test)]
mod tests {
    use crate::Settings;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Shelf, version: '1'}
paths: {}
components:
  schemas:
    Cover:
      description: How the book is bound.
      type: string
      enum: [hard, soft, "spiral \"bound\""]
"#;

    fn types_module(settings: &Settings) -> String {
        let spec = crate::load::load_str(SPEC, "shelf.yaml").expect("loads");
        let generated = crate::generate(&spec, settings).expect("generates");
        let text = generated.files.files["src/types.rs"].clone();
        syn::parse_str::<syn::File>(&text).unwrap_or_else(|error| panic!("{error}:\n{text}"));
        text
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        let text = types_module(&Settings::default());
        for expected in [
            "/// How the book is bound.\n#[non_exhaustive]\n#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum Cover {\n    /// `hard`\n    Hard,\n",
            "    /// `spiral \"bound\"`\n    SpiralBound,\n    /// A value this client does not know; kept as received so it serialises back unchanged.\n    Unknown(::std::string::String),\n}\n",
            "            Self::SpiralBound => \"spiral \\\"bound\\\"\",\n            Self::Unknown(value) => value.as_str(),\n",
            "            \"soft\" => Self::Soft,\n",
            "        let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
    }

    #[test]
    fn closed_enums_derive_serde_and_copy() {
        let text = types_module(&Settings::default().unknown_variants(false));
        for expected in [
            "#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Copy, ::serde::Serialize, ::serde::Deserialize)]\npub enum Cover {\n    /// `hard`\n    #[serde(rename = \"hard\")]\n    Hard,\n",
            "    pub fn as_str(&self) -> &'static str {\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        assert!(!text.contains("impl ::std::convert::From<&str> for Cover"), "{text}");
    }
}
