//! The TOML config file: the same settings as the CLI flags, under the same (kebab-case) names.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{PaginationOverride, PaginationSettings, Settings};
use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// The config file looked for next to the spec when none is named.
pub const CONFIG_FILE_NAME: &str = "openapi-client-gen.toml";

/// Every key; unknown keys are errors, so a typo never silently does nothing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    crate_name: Option<String>,
    crate_version: Option<String>,
    api_key_env: Option<String>,
    base_url_env: Option<String>,
    idempotency_header: Option<String>,
    license: Option<String>,
    repository: Option<String>,
    tags: Option<Vec<String>>,
    operations: Option<Vec<String>>,
    types_only: Option<bool>,
    derives: Option<Vec<String>>,
    unknown_variants: Option<bool>,
    strict: Option<bool>,
    type_replacements: Option<BTreeMap<String, String>>,
    type_names: Option<BTreeMap<String, String>>,
    operation_names: Option<BTreeMap<String, String>>,
    pagination: Option<PaginationFile>,
    lenient_responses: Option<bool>,
    conformance: Option<bool>,
    tag_features: Option<bool>,
    emit_unreachable_types: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PaginationFile {
    cursor_params: Option<Vec<String>>,
    items_fields: Option<Vec<String>>,
    next_cursor_fields: Option<Vec<String>>,
    has_more_fields: Option<Vec<String>>,
    operations: Option<BTreeMap<String, PaginationOverride>>,
}

const KEYS: &[&str] = &[
    "crate-name",
    "crate-version",
    "api-key-env",
    "base-url-env",
    "idempotency-header",
    "license",
    "repository",
    "tags",
    "operations",
    "types-only",
    "derives",
    "unknown-variants",
    "strict",
    "type-replacements",
    "type-names",
    "operation-names",
    "pagination",
    "lenient-responses",
    "conformance",
    "tag-features",
    "emit-unreachable-types",
];

impl Settings {
    /// Reads a config file and applies its keys over these settings.
    ///
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("openapi-client-gen.toml");
    /// std::fs::write(&path, "crate-name = \"petstore\"\ntags = [\"pets\"]\n[type-names]\nPet = \"Animal\"\n")?;
    /// let settings = openapi_client_gen::Settings::default().with_config_file(&path)?;
    /// assert_eq!(settings.crate_name.as_deref(), Some("petstore"));
    /// assert_eq!(settings.operations.tags, ["pets"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_config_file(mut self, path: &Path) -> Result<Self, Error> {
        let label = crate::display_path(&path.to_string_lossy());
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
        let config: ConfigFile = toml::from_str(&text).map_err(|error| {
            let pointer = error.span().map(|span| key_pointer(&text, span.start)).unwrap_or_else(JsonPointer::root);
            Error::spec(
                Diagnostic::new(&label, pointer, format!("invalid config file: {}", error.message().trim()))
                    .with_hint(format!("the keys are: {}", KEYS.join(", "))),
            )
        })?;
        self.apply(config);
        Ok(self)
    }

    fn apply(&mut self, config: ConfigFile) {
        let ConfigFile {
            crate_name,
            crate_version,
            api_key_env,
            base_url_env,
            idempotency_header,
            license,
            repository,
            tags,
            operations,
            types_only,
            derives,
            unknown_variants,
            strict,
            type_replacements,
            type_names,
            operation_names,
            pagination,
            lenient_responses,
            conformance,
            tag_features,
            emit_unreachable_types,
        } = config;
        set(&mut self.conformance, conformance);
        set(&mut self.crate_name, crate_name.map(Some));
        set(&mut self.crate_version, crate_version);
        set(&mut self.api_key_env, api_key_env.map(Some));
        set(&mut self.base_url_env, base_url_env.map(Some));
        set(&mut self.idempotency_header, idempotency_header.map(Some));
        set(&mut self.license, license.map(Some));
        set(&mut self.repository, repository.map(Some));
        set(&mut self.operations.tags, tags);
        set(&mut self.operations.operation_ids, operations);
        set(&mut self.types_only, types_only);
        set(&mut self.extra_derives, derives);
        set(&mut self.unknown_variants, unknown_variants);
        set(&mut self.strict, strict);
        set(&mut self.type_replacements, type_replacements);
        set(&mut self.type_names, type_names);
        set(&mut self.operation_names, operation_names);
        set(&mut self.lenient_responses, lenient_responses);
        set(&mut self.tag_features, tag_features);
        set(&mut self.emit_unreachable_types, emit_unreachable_types);
        if let Some(PaginationFile { cursor_params, items_fields, next_cursor_fields, has_more_fields, operations }) =
            pagination
        {
            let PaginationSettings {
                cursor_params: cursor,
                items_fields: items,
                next_cursor_fields: next,
                has_more_fields: more,
                operations: overrides,
            } = &mut self.pagination;
            overrides.extend(operations.unwrap_or_default());
            set(cursor, cursor_params);
            set(items, items_fields);
            set(next, next_cursor_fields);
            set(more, has_more_fields);
        }
    }
}

fn set<T>(target: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *target = value;
    }
}

/// The key on the line of a TOML error, as a pointer (`#/pagination/items-field`), so config errors are
/// located the same way spec errors are.
fn key_pointer(text: &str, offset: usize) -> JsonPointer {
    let mut table = None;
    let mut key = None;
    let mut position = 0;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            table = Some(name.trim().to_owned());
            key = None;
        } else if let Some((name, _)) = trimmed.split_once('=') {
            key = Some(name.trim().trim_matches('"').to_owned());
        }
        position += line.len() + 1;
        if position > offset {
            break;
        }
    }
    let mut pointer = JsonPointer::root();
    for token in table.into_iter().chain(key) {
        pointer = pointer.join(token);
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> Result<Settings, Error> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(&path, text).unwrap();
        Settings::default().with_config_file(&path)
    }

    #[test]
    fn every_key_reaches_the_settings() {
        let settings = apply(
            r#"
crate-name = "pets"
crate-version = "2.0.0"
api-key-env = "PETS_KEY"
base-url-env = "PETS_URL"
idempotency-header = "Idempotency-Key"
license = "MIT"
repository = "https://example.com/pets"
tags = ["pets"]
operations = ["getStore"]
types-only = true
derives = ["Eq", "Hash"]
unknown-variants = false
strict = true
lenient-responses = true
conformance = true
tag-features = true
emit-unreachable-types = true
[type-replacements]
Money = "rust_decimal::Decimal"
[type-names]
Pet = "Animal"
[operation-names]
listPets = "all_pets"
[pagination]
cursor-params = ["marker"]
items-fields = ["rows"]
next-cursor-fields = ["next_marker"]
has-more-fields = ["truncated"]
[pagination.operations.listPets]
style = "page"
param = "p"
"#,
        )
        .unwrap();
        let expected = Settings::default()
            .crate_name("pets")
            .crate_version("2.0.0")
            .api_key_env("PETS_KEY")
            .base_url_env("PETS_URL")
            .idempotency_header("Idempotency-Key")
            .license("MIT")
            .repository("https://example.com/pets")
            .include_tag("pets")
            .include_operation("getStore")
            .types_only(true)
            .derive("Eq")
            .derive("Hash")
            .unknown_variants(false)
            .strict(true)
            .tag_features(true)
            .emit_unreachable_types(true)
            .replace_type("Money", "rust_decimal::Decimal")
            .rename_type("Pet", "Animal")
            .rename_operation("listPets", "all_pets")
            .conformance(true)
            .pagination(PaginationSettings {
                cursor_params: vec!["marker".into()],
                items_fields: vec!["rows".into()],
                next_cursor_fields: vec!["next_marker".into()],
                has_more_fields: vec!["truncated".into()],
                operations: BTreeMap::new(),
            })
            .paginate_operation("listPets", {
                let mut pagination = PaginationOverride::new(super::super::PaginationStyleName::Page);
                pagination.param = Some("p".into());
                pagination
            })
            .lenient_responses(true);
        assert_eq!(settings, expected);
    }

    #[test]
    fn unknown_keys_are_named() {
        let error = apply("crate-name = \"x\"\n[pagination]\nitems-field = [\"rows\"]\n").unwrap_err().to_string();
        assert!(error.contains("#/pagination/items-field"), "{error}");
        assert!(error.contains("unknown field `items-field`"), "{error}");
    }
}
