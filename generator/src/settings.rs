//! What the user can choose about the generated crate.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// The config file looked for next to the spec when none is named.
pub const CONFIG_FILE_NAME: &str = "openapi-client-gen.toml";

/// Generation settings. Start from [`Settings::default`] and set what differs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// The generated package's name; derived from the spec's title when unset.
    pub crate_name: Option<String>,
    /// The generated package's version.
    pub crate_version: String,
    /// The environment variable the client reads the API key from; `{CRATE}_API_KEY` when unset.
    pub api_key_env: Option<String>,
    /// The environment variable the client reads the base URL from; `{CRATE}_BASE_URL` when unset.
    pub base_url_env: Option<String>,
    /// The command shown in the `@generated` header of every file.
    pub regenerate_command: Option<String>,
    /// How cursor-paginated list operations are recognised.
    pub pagination: PaginationSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: None,
            crate_version: "0.1.0".to_owned(),
            api_key_env: None,
            base_url_env: None,
            regenerate_command: None,
            pagination: PaginationSettings::default(),
        }
    }
}

/// Property and parameter names that mark a cursor-paginated list (compared after snake-casing, so
/// `nextCursor` matches `next_cursor`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaginationSettings {
    /// Query parameters that take the cursor.
    pub cursor_params: Vec<String>,
    /// Response properties holding the page's items.
    pub items_fields: Vec<String>,
    /// Response properties holding the next page's cursor.
    pub next_cursor_fields: Vec<String>,
    /// Response properties saying whether another page exists.
    pub has_more_fields: Vec<String>,
}

impl Default for PaginationSettings {
    fn default() -> Self {
        let strings = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
        PaginationSettings {
            cursor_params: strings(&["cursor", "page_token", "next_token", "starting_after", "after"]),
            items_fields: strings(&["data", "items", "results", "entries", "records"]),
            next_cursor_fields: strings(&["next_cursor", "next_page_token", "next_token", "next", "end_cursor"]),
            has_more_fields: strings(&["has_more", "has_next_page", "has_next", "more"]),
        }
    }
}

impl Settings {
    /// The package name: the setting, or the spec title in snake case without a trailing `api`.
    pub fn resolved_crate_name(&self, title: &str) -> String {
        if let Some(name) = &self.crate_name {
            return name.clone();
        }
        let snake = crate::naming::value_name(title, "api_client");
        let snake = snake.strip_prefix("r#").unwrap_or(&snake);
        let trimmed = snake.strip_suffix("_api").filter(|rest| !rest.is_empty()).unwrap_or(snake);
        trimmed.trim_start_matches('_').replace('_', "-")
    }

    /// Applies the keys of a config file over these settings.
    pub fn apply_config_file(&mut self, path: &Path) -> Result<(), Error> {
        let label = path.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
        let config: ConfigFile = toml::from_str(&text).map_err(|error| {
            Error::spec(
                Diagnostic::new(
                    &label,
                    JsonPointer::root(),
                    format!("invalid config file: {}", error.message().trim()),
                )
                .with_hint(format!("the keys are: {}", ConfigFile::KEYS.join(", "))),
            )
        })?;
        let ConfigFile { crate_name, crate_version, api_key_env, base_url_env } = config;
        self.crate_name = crate_name.or(self.crate_name.take());
        self.crate_version = crate_version.unwrap_or(std::mem::take(&mut self.crate_version));
        self.api_key_env = api_key_env.or(self.api_key_env.take());
        self.base_url_env = base_url_env.or(self.base_url_env.take());
        Ok(())
    }
}

/// The config file's keys (kebab case), mirroring the CLI flags.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    crate_name: Option<String>,
    crate_version: Option<String>,
    api_key_env: Option<String>,
    base_url_env: Option<String>,
}

impl ConfigFile {
    const KEYS: &'static [&'static str] = &["crate-name", "crate-version", "api-key-env", "base-url-env"];
}
