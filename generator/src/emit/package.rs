//! What a package needs to be published: license, links, keywords and categories for `Cargo.toml`,
//! read from the settings and the spec.

use serde_json::Value;

/// SPDX identifiers recognised in a spec's `info.license.name` (the common ones; 3.1 specs can say
/// `identifier` and use any).
const SPDX_IDS: &[&str] = &[
    "0BSD",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-2.0",
    "Artistic-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.2",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MIT",
    "MIT-0",
    "MPL-2.0",
    "Unlicense",
    "Zlib",
];

/// The spec's license as an SPDX expression: 3.1's `info.license.identifier`, or a `name` that is a
/// known SPDX identifier (matched ignoring case, written in its canonical case). Anything else (`"Apache
/// 2.0"`, a proprietary name) is not guessed at.
pub fn spec_license(raw: &Value) -> Option<String> {
    let license = raw.pointer("/info/license")?;
    if let Some(identifier) = license.get("identifier").and_then(Value::as_str).map(str::trim)
        && !identifier.is_empty()
        && identifier.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+' | ' ' | '(' | ')'))
    {
        return Some(identifier.to_owned());
    }
    let name = license.get("name").and_then(Value::as_str)?.trim();
    SPDX_IDS.iter().find(|id| id.eq_ignore_ascii_case(name)).map(|id| (*id).to_owned())
}

/// The API's home page for `homepage`: `externalDocs.url`, else `info.contact.url`, if it is a web URL.
pub fn spec_homepage(raw: &Value) -> Option<String> {
    ["/externalDocs/url", "/info/contact/url"]
        .iter()
        .filter_map(|pointer| raw.pointer(pointer).and_then(Value::as_str))
        .find(|url| {
            (url.starts_with("https://") || url.starts_with("http://"))
                && url.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\\'))
        })
        .map(str::to_owned)
}

/// `keywords` and `categories` lines: crates.io's rules (at most 5 keywords of up to 20 ASCII letters,
/// digits, `-` and `_`; known category slugs).
pub fn keywords_and_categories(name: &str, types_only: bool) -> String {
    let mut keywords = vec!["openapi", if types_only { "api-types" } else { "api-client" }];
    let own = name.trim_end_matches("-types").trim_end_matches("-client");
    if own.len() <= 20 && own.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        keywords.push(own);
    }
    let categories: &[&str] =
        if types_only { &["api-bindings"] } else { &["api-bindings", "web-programming::http-client"] };
    format!("keywords = {keywords:?}\ncategories = {categories:?}\n")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn licenses_are_spdx_or_nothing() {
        let with = |license: Value| json!({"info": {"license": license}});
        assert_eq!(spec_license(&with(json!({"name": "mit"}))).as_deref(), Some("MIT"));
        assert_eq!(spec_license(&with(json!({"name": "Apache-2.0"}))).as_deref(), Some("Apache-2.0"));
        let identified = with(json!({"name": "Dual", "identifier": "MIT OR Apache-2.0"}));
        assert_eq!(spec_license(&identified).as_deref(), Some("MIT OR Apache-2.0"));
        assert_eq!(spec_license(&with(json!({"name": "Apache 2.0"}))), None);
        assert_eq!(spec_license(&with(json!({"name": "Proprietary", "identifier": "\"x\""}))), None);
        assert_eq!(spec_license(&json!({"info": {}})), None);
    }

    #[test]
    fn homepage_prefers_external_docs() {
        let spec = json!({"externalDocs": {"url": "https://docs.example.com"}, "info": {"contact": {"url": "https://example.com"}}});
        assert_eq!(spec_homepage(&spec).as_deref(), Some("https://docs.example.com"));
        assert_eq!(spec_homepage(&json!({"info": {"contact": {"url": "mailto:x"}}})), None);
    }

    #[test]
    fn keywords_follow_the_crates_io_rules() {
        let lines = keywords_and_categories("flowglad", false);
        assert!(lines.contains(r#"keywords = ["openapi", "api-client", "flowglad"]"#), "{lines}");
        assert!(!keywords_and_categories("a-name-longer-than-twenty", true).contains("longer"));
    }
}
