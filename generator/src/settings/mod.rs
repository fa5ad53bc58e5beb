//! What the user can choose about the generated code: one set of settings shared by the library, the CLI
//! flags and the config file.

mod file;

use std::collections::BTreeMap;

pub use file::CONFIG_FILE_NAME;

use crate::error::{Diagnostic, Error};
use crate::pointer::JsonPointer;

/// Generation settings. Start from [`Settings::default`] and chain the builder methods for what differs.
///
/// ```
/// use openapi_client_gen::Settings;
///
/// let settings = Settings::default()
///     .crate_name("petstore")
///     .include_tag("pets")
///     .derive("Eq")
///     .replace_type("Money", "rust_decimal::Decimal")
///     .rename_type("Pet", "Animal")
///     .unknown_variants(false);
/// assert_eq!(settings.crate_name.as_deref(), Some("petstore"));
/// assert!(!settings.unknown_variants);
/// ```
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
    /// The header the API honours as an idempotency key on every operation (such as `Idempotency-Key`):
    /// POST and PATCH requests then carry a generated key and are retried like other methods. Unset, they
    /// are retried only when they cannot have been processed, unless an operation declares the
    /// `Idempotency-Key` header parameter itself.
    pub idempotency_header: Option<String>,
    /// The package's SPDX license expression; when unset, the spec's `info.license` if it names an SPDX
    /// identifier.
    pub license: Option<String>,
    /// The URL of the repository the package's sources live in.
    pub repository: Option<String>,
    /// The command shown in the `@generated` header of every file.
    pub regenerate_command: Option<String>,
    /// How cursor-paginated list operations are recognised.
    pub pagination: PaginationSettings,
    /// Which operations to generate; every one when empty.
    pub operations: OperationFilter,
    /// Generate the model types only: no client, no HTTP dependencies.
    pub types_only: bool,
    /// Extra derives for every generated struct, enum and union (paths such as `Eq` or `schemars::JsonSchema`).
    pub extra_derives: Vec<String>,
    /// Schemas to leave out, mapped to the Rust type used wherever they are referenced.
    pub type_replacements: BTreeMap<String, String>,
    /// Rust type names for schemas, by schema name, instead of the derived ones.
    pub type_names: BTreeMap<String, String>,
    /// Method names for operations, by operationId, instead of the derived ones.
    pub operation_names: BTreeMap<String, String>,
    /// Whether enums and unions get a variant keeping values this client does not know (on by default, so
    /// a server adding a value does not break decoding).
    pub unknown_variants: bool,
    /// Whether constructs that would be skipped with a warning are errors instead.
    pub strict: bool,
    /// Whether responses still decode when they lack properties the spec requires (off by default).
    /// See [`Settings::lenient_responses`].
    pub lenient_responses: bool,
    /// Whether `generate` also writes `conformance/`: a program calling every operation once with
    /// arguments built from the spec, reporting one JSON line per operation (for mock-server runs).
    pub conformance: bool,
    /// Whether each tag becomes a cargo feature of the generated crate (all on by default), compiling
    /// only the operations of the enabled tags and the types they use.
    pub tag_features: bool,
    /// Whether types no operation, webhook or `type-names` entry reaches are generated too (off by
    /// default). See [`Settings::emit_unreachable_types`].
    pub emit_unreachable_types: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: None,
            crate_version: "0.1.0".to_owned(),
            api_key_env: None,
            base_url_env: None,
            idempotency_header: None,
            license: None,
            repository: None,
            regenerate_command: None,
            pagination: PaginationSettings::default(),
            operations: OperationFilter::default(),
            types_only: false,
            extra_derives: Vec::new(),
            type_replacements: BTreeMap::new(),
            type_names: BTreeMap::new(),
            operation_names: BTreeMap::new(),
            unknown_variants: true,
            strict: false,
            lenient_responses: false,
            conformance: false,
            tag_features: false,
            emit_unreachable_types: false,
        }
    }
}

/// Selects operations by tag or operationId. An operation is generated when the filter is empty or when
/// it matches either list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationFilter {
    /// Tags whose operations are generated.
    pub tags: Vec<String>,
    /// OperationIds that are generated.
    pub operation_ids: Vec<String>,
}

impl OperationFilter {
    /// Whether every operation is generated.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operation_ids.is_empty()
    }

    /// Whether an operation with this id and these tags is generated.
    pub fn selects(&self, operation_id: Option<&str>, tags: &[String]) -> bool {
        self.is_empty()
            || operation_id.is_some_and(|id| self.operation_ids.iter().any(|wanted| wanted == id))
            || tags.iter().any(|tag| self.tags.contains(tag))
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
    /// How particular operations page, by operationId: confirms or overrides what is detected.
    pub operations: BTreeMap<String, PaginationOverride>,
}

/// Pagination styles, as named in the config file (`style = "link-header"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PaginationStyleName {
    /// A cursor read from the body (`next_cursor`, `meta.next_cursor`, `next_marker`...).
    Cursor,
    /// Stripe's: the `id` of the last item is sent as `starting_after` while `has_more` is true.
    Stripe,
    /// The URL of the `Link` header's `rel="next"` (RFC 8288), as GitHub sends.
    LinkHeader,
    /// The next page's URL read from the body (`next`, `links.next`, `next_page_url`).
    NextUrl,
    /// An `offset` query parameter advanced by the number of items received.
    Offset,
    /// A `page` number query parameter, from 1.
    Page,
    /// Not paginated: no `into_stream()` even if the operation looks like a list.
    None,
}

/// One operation's pagination, from `[pagination.operations.OPERATION_ID]`. Names left out are found as
/// detection would find them. Body paths are dotted wire names (`meta.next_cursor`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct PaginationOverride {
    /// The style.
    pub style: PaginationStyleName,
    /// The response property holding the items (`.` when the body itself is the array).
    pub items: Option<String>,
    /// The query parameter the style sets: the cursor, the last id, the offset or the page number.
    pub param: Option<String>,
    /// The response property holding the next cursor (`cursor`) or the next page's URL (`next-url`).
    pub next: Option<String>,
    /// The response property saying whether more pages exist.
    pub has_more: Option<String>,
    /// The item property sent as the cursor (`stripe`; default `id`).
    pub id: Option<String>,
    /// The query parameter of the page size (`offset`, `page`), used to recognise the last, short page.
    pub limit_param: Option<String>,
    /// The response property with the total number of items (`offset`) or of pages (`page`).
    pub total: Option<String>,
}

impl PaginationOverride {
    /// An override choosing a style, every name found as detection would.
    pub fn new(style: PaginationStyleName) -> Self {
        PaginationOverride {
            style,
            items: None,
            param: None,
            next: None,
            has_more: None,
            id: None,
            limit_param: None,
            total: None,
        }
    }
}

impl Default for PaginationSettings {
    fn default() -> Self {
        let strings = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
        PaginationSettings {
            cursor_params: strings(&["cursor", "page_token", "next_token", "starting_after", "after", "page"]),
            items_fields: strings(&["data", "items", "results", "entries", "records"]),
            next_cursor_fields: strings(&[
                "next_cursor",
                "next_page_token",
                "next_token",
                "next",
                "end_cursor",
                "next_page",
            ]),
            has_more_fields: strings(&["has_more", "has_next_page", "has_next", "more", "is_truncated"]),
            operations: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Sets the package name.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Sets the package version.
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = version.into();
        self
    }

    /// Sets the environment variable holding the API key.
    pub fn api_key_env(mut self, variable: impl Into<String>) -> Self {
        self.api_key_env = Some(variable.into());
        self
    }

    /// Sets the environment variable holding the base URL.
    pub fn base_url_env(mut self, variable: impl Into<String>) -> Self {
        self.base_url_env = Some(variable.into());
        self
    }

    /// Declares the header the API honours as an idempotency key (such as `Idempotency-Key`).
    pub fn idempotency_header(mut self, header: impl Into<String>) -> Self {
        self.idempotency_header = Some(header.into());
        self
    }

    /// Sets the package's license, an SPDX expression such as `MIT OR Apache-2.0`.
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.license = Some(license.into());
        self
    }

    /// Sets the URL of the package's repository.
    pub fn repository(mut self, url: impl Into<String>) -> Self {
        self.repository = Some(url.into());
        self
    }

    /// Sets the command shown in the `@generated` headers.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.regenerate_command = Some(command.into());
        self
    }

    /// Sets how paginated lists are recognised.
    pub fn pagination(mut self, pagination: PaginationSettings) -> Self {
        self.pagination = pagination;
        self
    }

    /// Sets how one operation (by operationId) pages, instead of what detection finds.
    pub fn paginate_operation(mut self, operation_id: impl Into<String>, pagination: PaginationOverride) -> Self {
        self.pagination.operations.insert(operation_id.into(), pagination);
        self
    }

    /// Generates the operations carrying this tag (in addition to any other selected ones).
    pub fn include_tag(mut self, tag: impl Into<String>) -> Self {
        self.operations.tags.push(tag.into());
        self
    }

    /// Generates the operation with this operationId (in addition to any other selected ones).
    pub fn include_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.operations.operation_ids.push(operation_id.into());
        self
    }

    /// Generates the model types only.
    pub fn types_only(mut self, types_only: bool) -> Self {
        self.types_only = types_only;
        self
    }

    /// Adds a derive to every generated type, such as `Eq` or `schemars::JsonSchema`.
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.extra_derives.push(path.into());
        self
    }

    /// Uses an existing Rust type wherever the named schema is referenced, instead of generating one.
    pub fn replace_type(mut self, schema: impl Into<String>, rust_type: impl Into<String>) -> Self {
        self.type_replacements.insert(schema.into(), rust_type.into());
        self
    }

    /// Names the type generated for a schema.
    pub fn rename_type(mut self, schema: impl Into<String>, rust_name: impl Into<String>) -> Self {
        self.type_names.insert(schema.into(), rust_name.into());
        self
    }

    /// Names the method generated for an operation.
    pub fn rename_operation(mut self, operation_id: impl Into<String>, method_name: impl Into<String>) -> Self {
        self.operation_names.insert(operation_id.into(), method_name.into());
        self
    }

    /// Turns the fallback variants for unknown enum values and union tags on or off.
    pub fn unknown_variants(mut self, enabled: bool) -> Self {
        self.unknown_variants = enabled;
        self
    }

    /// Makes constructs that would be skipped with a warning errors instead.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Lets responses decode when they lack properties the spec marks required, for servers that send
    /// less than their spec promises (config key `lenient-responses`, flag `--lenient-responses`).
    ///
    /// Off (the default), such a response is an `Error::Decode` naming the missing property's path and
    /// keeping the complete body. On, every required property of every type that appears in what the API
    /// sends (success and error bodies, server-sent events, webhook payloads, and every type they contain)
    /// is an `Option<T>` that decodes as `None` when the key is absent (or `null`) and is left out when
    /// serialised while `None`. `new(..)` still takes those values, so requests built with it are encoded
    /// exactly as without the setting. Properties that are nullable, or accept anything, keep their
    /// types, and a union's tag stays required.
    ///
    /// ```
    /// use openapi_client_gen::Settings;
    ///
    /// let settings = Settings::default().lenient_responses(true);
    /// assert!(settings.lenient_responses);
    /// assert!(!Settings::default().lenient_responses);
    /// ```
    pub fn lenient_responses(mut self, lenient: bool) -> Self {
        self.lenient_responses = lenient;
        self
    }

    /// Generates every schema, including those that no operation, webhook or `type-names` entry reaches
    /// (config key `emit-unreachable-types`, flag `--emit-unreachable-types`).
    ///
    /// Off (the default), a client carries only the types its operations and webhooks use, the schemas
    /// the `type-names` setting names, and what those reach: `allOf` fragments and schemas nothing refers
    /// to are left out, so users do not compile them. A `types-only` crate has no operations and keeps
    /// every schema either way.
    ///
    /// ```
    /// use openapi_client_gen::Settings;
    ///
    /// assert!(Settings::default().emit_unreachable_types(true).emit_unreachable_types);
    /// assert!(!Settings::default().emit_unreachable_types);
    /// ```
    pub fn emit_unreachable_types(mut self, emit: bool) -> Self {
        self.emit_unreachable_types = emit;
        self
    }

    /// Also writes the conformance program (`conformance/`, a package of its own beside the client).
    pub fn conformance(mut self, conformance: bool) -> Self {
        self.conformance = conformance;
        self
    }

    /// Makes each tag a cargo feature of the generated crate (operations without tags go under
    /// `untagged`), so a user compiles only the operations and types of the tags they enable.
    pub fn tag_features(mut self, enabled: bool) -> Self {
        self.tag_features = enabled;
        self
    }

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

    /// Checks the values that must be Rust syntax (derives, replacement types, names) before they reach
    /// generated code, so a typo is an error naming the setting rather than a broken crate.
    pub fn validate(&self) -> Result<(), Error> {
        let mut problems = Vec::new();
        let mut problem = |key: &str, message: String| {
            problems.push(Diagnostic::new("settings", JsonPointer::root().join(key), message));
        };
        if let Some(name) = &self.crate_name
            && !is_package_name(name)
        {
            problem("crate-name", format!("`{name}` is not a valid package name (letters, digits, `-` and `_`)"));
        }
        if let Some(license) = &self.license
            && !is_license_expression(license)
        {
            problem("license", format!("`{license}` is not an SPDX license expression such as `MIT OR Apache-2.0`"));
        }
        if let Some(url) = &self.repository
            && !is_url(url)
        {
            problem("repository", format!("`{url}` is not an `https://` or `http://` URL"));
        }
        for derive in &self.extra_derives {
            if syn::parse_str::<syn::Path>(derive).is_err() {
                problem("derives", format!("`{derive}` is not a Rust path such as `Eq` or `schemars::JsonSchema`"));
            }
        }
        for (schema, rust_type) in &self.type_replacements {
            if syn::parse_str::<syn::Type>(rust_type).is_err() {
                problem("type-replacements", format!("`{rust_type}` (for `{schema}`) is not a Rust type"));
            }
        }
        for (schema, name) in &self.type_names {
            if !is_identifier(name) {
                problem("type-names", format!("`{name}` (for `{schema}`) is not a Rust identifier"));
            }
        }
        for (operation, name) in &self.operation_names {
            if !is_identifier(name) {
                problem("operation-names", format!("`{name}` (for `{operation}`) is not a Rust identifier"));
            }
        }
        if let Some(header) = &self.idempotency_header
            && !is_header_name(header)
        {
            problem("idempotency-header", format!("`{header}` is not an HTTP header name (letters, digits and `-`)"));
        }
        if self.conformance && self.types_only {
            problem(
                "conformance",
                "the conformance program calls the client, which `types-only` leaves out".to_owned(),
            );
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::Spec(problems)) }
    }
}

/// An HTTP header name: a non-empty RFC 9110 token.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Identifiers (letters, digits, `-`, `.`, `+`) joined by `AND`, `OR`, `WITH` and parentheses: what
/// Cargo's `license` field takes, checked loosely so that nothing else reaches the manifest.
fn is_license_expression(license: &str) -> bool {
    let words = license.replace(['(', ')'], " ");
    let mut words = words.split_whitespace().peekable();
    license.chars().all(|c| c == ' ' || !c.is_whitespace())
        && words.peek().is_some()
        && words.all(|word| word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+')))
}

fn is_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '<' | '>'))
    })
}

fn is_package_name(name: &str) -> bool {
    name.chars().next().is_some_and(|first| first.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_each_bad_setting() {
        let settings = Settings::default()
            .crate_name("9lives")
            .derive("not a path")
            .replace_type("Money", "Vec<")
            .rename_type("Pet", "fn")
            .rename_operation("listPets", "list pets")
            .license("MIT\"")
            .repository("git@example.com:x.git");
        let error = settings.validate().unwrap_err().to_string();
        for key in
            ["crate-name", "derives", "type-replacements", "type-names", "operation-names", "license", "repository"]
        {
            assert!(error.contains(&format!("#/{key}:")), "{key} missing from {error}");
        }
    }

    #[test]
    fn license_expressions_and_urls() {
        for good in ["MIT", "MIT OR Apache-2.0", "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0+"] {
            assert!(is_license_expression(good), "{good}");
        }
        for bad in ["", "  ", "MIT\n", "MIT/Apache-2.0", "\"MIT\""] {
            assert!(!is_license_expression(bad), "{bad:?}");
        }
        assert!(is_url("https://github.com/acme/api"));
        for bad in ["github.com/acme", "https://", "https://a b", "ftp://x"] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn filter_selects_by_tag_or_id() {
        let filter = Settings::default().include_tag("pets").include_operation("getStore").operations;
        assert!(filter.selects(Some("listPets"), &["pets".to_owned()]));
        assert!(filter.selects(Some("getStore"), &[]));
        assert!(!filter.selects(Some("listUsers"), &["users".to_owned()]));
        assert!(!filter.selects(None, &[]));
        assert!(OperationFilter::default().selects(None, &[]));
    }
}
