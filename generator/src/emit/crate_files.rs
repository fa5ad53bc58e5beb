//! The crate around the modules: `Cargo.toml`, `lib.rs` and the generated configuration.

use proc_macro2::TokenStream;
use quote::quote;

use super::Module;
use super::rust::{doc_attrs, ident, uses_chrono};
use crate::ir::{AuthScheme, Ir, Operation, TypeKind};

/// Facts about the code being written, resolved from the settings.
pub struct CrateInfo {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Variable holding the API key.
    pub api_key_env: String,
    /// Variable holding the base URL.
    pub base_url_env: String,
    /// The header the API honours as an idempotency key on every operation, per the settings.
    pub idempotency_header: Option<String>,
    /// Model types only: no client modules and no HTTP dependencies.
    pub types_only: bool,
    /// Extra derives for every generated type, already checked to be paths.
    pub derives: Vec<String>,
    /// Whether enums and unions keep values this client does not know.
    pub unknown_variants: bool,
    /// Where the files go.
    pub layout: Layout,
    /// The package's SPDX license expression (the setting, else the spec's).
    pub license: Option<String>,
    /// The package's repository URL.
    pub repository: Option<String>,
    /// The API's home page, from the spec.
    pub homepage: Option<String>,
    /// How the spec is named (as given to the generator).
    pub spec_label: String,
    /// The command that regenerates the files.
    pub regenerate: String,
    /// The spec's parameter and body examples, for example calls.
    pub examples: super::examples::SpecExamples,
}

/// How the generated files are laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A package: `Cargo.toml`, `src/lib.rs` and one file per module.
    Crate,
    /// A module for `include!` from a build script: `{name}.rs` declaring the modules, which live in
    /// `{name}/`, found through `#[path]` attributes pointing into `dir` (absolute, as `include!` needs).
    Module {
        /// The module's file stem.
        name: String,
        /// The absolute directory the files are written to.
        dir: String,
    },
}

/// `Cargo.toml`. Dependencies are the runtime's (none of the HTTP ones for types only), plus chrono when a
/// date type is used.
pub fn manifest(ir: &Ir, info: &CrateInfo) -> String {
    let what = if info.types_only { "Types" } else { "Rust client" };
    let description = format!("{what} for the {} (generated from its OpenAPI description)", ir.api.title);
    let mut dependencies = Vec::new();
    if uses_chrono(ir) {
        dependencies
            .push("chrono = { version = \"0.4.40\", default-features = false, features = [\"serde\", \"std\"] }");
    }
    if !info.types_only {
        dependencies.extend([
            "bytes = \"1\"",
            "fastrand = \"2\"",
            "futures-core = \"0.3\"",
            "futures-util = { version = \"0.3\", default-features = false }",
            "httpdate = \"1\"",
            "percent-encoding = \"2\"",
            "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\"] }",
        ]);
        dependencies.push("reqwest-middleware = { version = \"0.5\", optional = true }");
    }
    let serde_json = if has_unions(ir) {
        // Tagged unions capture objects as raw JSON text while they read the tag.
        "serde_json = { version = \"1\", features = [\"raw_value\"] }"
    } else {
        "serde_json = \"1\""
    };
    dependencies.extend(["serde = { version = \"1.0.190\", features = [\"derive\"] }", serde_json]);
    if !info.types_only || has_unions(ir) {
        dependencies.push("serde_path_to_error = \"0.1\"");
    }
    if !info.types_only {
        // OAuth2 tokens are fetched under a tokio mutex, so that concurrent requests share one fetch.
        dependencies.push(if uses_oauth2(ir) {
            "tokio = { version = \"1\", features = [\"sync\", \"time\"] }"
        } else {
            "tokio = { version = \"1\", features = [\"time\"] }"
        });
        dependencies.extend(["tracing = { version = \"0.1\", default-features = false, features = [\"std\"] }"]);
    }
    let webhooks = super::webhooks::needed(ir, info);
    // HTTP basic credentials (and OAuth2 client credentials, sent that way) are base64-encoded.
    let base64_always = !info.types_only && ir.schemes.iter().any(|scheme| scheme_uses_base64(&scheme.kind));
    if base64_always {
        dependencies.push("base64 = { version = \"0.22\", default-features = false, features = [\"alloc\"] }");
    }
    if webhooks {
        if !base64_always {
            dependencies.push(
                "base64 = { version = \"0.22\", optional = true, default-features = false, features = [\"alloc\"] }",
            );
        }
        dependencies.extend([
            "hmac = { version = \"0.13\", optional = true }",
            "sha2 = { version = \"0.11\", optional = true, default-features = false }",
        ]);
    }
    if webhooks || base64_always {
        dependencies.sort();
    }
    let mut features = Vec::new();
    let tag_features = !ir.tag_features.is_empty();
    if tag_features {
        features.push(super::features::manifest_lines(ir, webhooks));
    }
    if webhooks {
        let default = if tag_features { "" } else { "default = [\"webhooks\"]\n" };
        let base64 = if base64_always { "" } else { "\"dep:base64\", " };
        features.push(format!(
            "{default}# Verifying and decoding webhook deliveries (the `webhooks` module).\nwebhooks = [{base64}\"dep:hmac\", \"dep:sha2\"]\n",
        ));
    }
    if !info.types_only {
        features.push(
            "# Send requests through `reqwest_middleware::ClientWithMiddleware` (`ClientBuilder::middleware_client`).\nmiddleware = [\"dep:reqwest-middleware\"]\n".to_owned(),
        );
    }
    let features = if features.is_empty() { String::new() } else { format!("\n[features]\n{}", features.concat()) };
    let dev_dependencies = if info.types_only {
        String::new()
    } else {
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n".to_owned()
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = {description:?}
{links}readme = "README.md"
{keywords}
[dependencies]
{dependencies}
{features}{dev_dependencies}"#,
        name = info.name,
        version = info.version,
        dependencies = dependencies.join("\n"),
        links = links(info),
        keywords = super::package::keywords_and_categories(&info.name, info.types_only),
    )
}

/// `license`, `repository` and `homepage`, those that are known.
fn links(info: &CrateInfo) -> String {
    [("license", &info.license), ("repository", &info.repository), ("homepage", &info.homepage)]
        .into_iter()
        .filter_map(|(key, value)| value.as_ref().map(|value| format!("{key} = {value:?}\n")))
        .collect()
}

/// Whether a scheme's credentials are sent base64-encoded (HTTP basic, and the client id and secret of
/// OAuth2 client credentials).
fn scheme_uses_base64(kind: &AuthScheme) -> bool {
    matches!(kind, AuthScheme::Basic | AuthScheme::OAuth2ClientCredentials { .. })
}

/// Whether some scheme gets tokens with OAuth2 client credentials.
pub fn uses_oauth2(ir: &Ir) -> bool {
    ir.schemes.iter().any(|scheme| matches!(scheme.kind, AuthScheme::OAuth2ClientCredentials { .. }))
}

/// Whether a union decodes through `serde_json::value::RawValue` (tagged and untagged ones both do).
fn has_unions(ir: &Ir) -> bool {
    ir.types.iter().any(|def| matches!(def.kind, TypeKind::Union(_) | TypeKind::Untagged(_)))
}

/// `lib.rs`: crate docs, module declarations and re-exports.
pub fn lib_rs(ir: &Ir, info: &CrateInfo, modules: &[Module]) -> TokenStream {
    // The README is the front page, so its examples are compiled as doctests.
    let inner_docs = quote! { #![doc = include_str!("../README.md")] };
    let root = root_items(ir, info, modules, |_| quote! { #[rustfmt::skip] });
    quote! {
        #inner_docs
        #![forbid(unsafe_code)]

        #root
    }
}

/// The build-script entry: module declarations pointing into `dir`, and the same re-exports as `lib.rs`.
/// No inner attributes, since the file is `include!`d into a module of the user's crate.
pub fn module_entry(ir: &Ir, info: &CrateInfo, modules: &[Module], dir: &str) -> TokenStream {
    root_items(ir, info, modules, |module| {
        let path = format!("{dir}/{module}.rs");
        quote! { #[path = #path] }
    })
}

fn root_items(ir: &Ir, info: &CrateInfo, modules: &[Module], attribute: impl Fn(&str) -> TokenStream) -> TokenStream {
    let declarations = modules.iter().map(|module| {
        let attribute = attribute(module.name);
        let name = ident(module.name);
        let attribute = match module.feature {
            Some(feature) => quote! { #[cfg(feature = #feature)] #attribute },
            None => attribute,
        };
        let attribute = match &module.attribute {
            Some(extra) => quote! { #extra #attribute },
            None => attribute,
        };
        if module.public {
            quote! { #attribute pub mod #name; }
        } else {
            quote! { #attribute mod #name; }
        }
    });
    // Re-exports by module name, in the order rustfmt sorts them, so `cargo fmt` leaves `lib.rs` as written.
    let emitted = |name: &str| modules.iter().any(|module| module.name == name);
    let mut exports: Vec<(&str, TokenStream)> = Vec::new();
    if !info.types_only {
        exports.extend([
            ("client", quote! { pub use client::{Client, ClientBuilder, RawResponse, RequestOptions, Response}; }),
            ("credentials", quote! { pub use credentials::{ApiKey, Credentials, CredentialsError, Secret}; }),
            ("error", quote! { pub use error::{ApiError, BuildError, DecodeError, Error, ErrorKind}; }),
            ("error_details", quote! { pub use error_details::ErrorDetails; }),
            ("raw_request", quote! { pub use raw_request::RawRequest; }),
            // The HTTP types public signatures use, so callers need no `reqwest` or `http` of their own.
            ("reqwest", quote! { pub use reqwest::{Method, StatusCode, header::HeaderMap}; }),
            ("runtime", quote! { pub use runtime::{BoxFuture, BoxStream}; }),
        ]);
    }
    // The crates whose types the public API uses (`serde_json::Value`, `chrono` dates), at the versions
    // this crate was built with.
    if uses_chrono(ir) {
        exports.push(("chrono", quote! { pub use chrono; }));
    }
    exports.push(("serde_json", quote! { pub use serde_json; }));
    if emitted("nullable") {
        exports.push(("nullable", quote! { pub use nullable::Nullable; }));
    }
    if emitted("sse") {
        exports.push(("sse", quote! { pub use sse::Event; }));
    }
    if emitted("timestamp") {
        exports.push(("timestamp", quote! { pub use timestamp::{TimestampError, UnixMillis, UnixSeconds}; }));
    }
    exports.sort_by_key(|(module, _)| *module);
    let exports = exports.into_iter().map(|(_, tokens)| tokens);
    quote! { #(#declarations)* #(#exports)* }
}

/// `config.rs`: what the runtime needs to know about this API, and `Client::new`.
pub fn config_rs(ir: &Ir, info: &CrateInfo) -> TokenStream {
    let schemes = ir.schemes.iter().map(|scheme| {
        let auth = match &scheme.kind {
            AuthScheme::ApiKeyHeader(name) => {
                let name = name.to_ascii_lowercase();
                quote! { super::runtime::Auth::Header(#name) }
            }
            AuthScheme::ApiKeyQuery(name) => quote! { super::runtime::Auth::Query(#name) },
            AuthScheme::ApiKeyCookie(name) => quote! { super::runtime::Auth::Cookie(#name) },
            AuthScheme::Bearer => quote! { super::runtime::Auth::Bearer },
            AuthScheme::Basic => quote! { super::runtime::Auth::Basic },
            AuthScheme::HttpScheme(scheme) => quote! { super::runtime::Auth::Scheme(#scheme) },
            AuthScheme::OAuth2ClientCredentials { token_url } => {
                quote! { super::runtime::Auth::OAuth2 { token_url: #token_url } }
            }
        };
        let name = &scheme.name;
        quote! { super::runtime::Scheme { name: #name, auth: #auth } }
    });
    let setters = scheme_setters(ir);
    let default_base_url = match &ir.api.default_base_url {
        Some(url) => quote! { ::std::option::Option::Some(#url) },
        None => quote! { ::std::option::Option::None },
    };
    let api_key_env = &info.api_key_env;
    let base_url_env = &info.base_url_env;
    let idempotency_header = match &info.idempotency_header {
        Some(header) => quote! { ::std::option::Option::Some(#header) },
        None => quote! { ::std::option::Option::None },
    };
    // Each scheme alone, then none: `Client::request` uses the first scheme the client has credentials for.
    let raw_security = if ir.schemes.is_empty() {
        quote! { &[] }
    } else {
        let each = (0..ir.schemes.len()).map(proc_macro2::Literal::usize_unsuffixed);
        quote! { &[#(&[#each],)* &[]] }
    };
    let constructor = ir.api.default_base_url.as_ref().map(|url| {
        if !ir.schemes.is_empty() {
            let docs = doc_attrs(Some(&format!(
                "A client authenticating with `api_key`, with default retries and timeout, for the base URL in the \
                 `{base_url_env}` environment variable, else `{url}`. An invalid URL in the variable fails each \
                 request with [`Error::InvalidRequest`](super::Error::InvalidRequest); \
                 [`Client::builder`](super::Client::builder) reports it when building.\n\n\
                 # Panics\n\nLike `reqwest::Client::new`, if the TLS backend cannot start; [`Client::builder`](super::Client::builder) reports that as an error instead."
            )));
            quote! {
                impl super::Client {
                    #docs
                    pub fn new(api_key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        Self::with_defaults(#url, ::std::option::Option::Some(api_key.into()))
                    }
                }
            }
        } else {
            let docs = doc_attrs(Some(&format!(
                "A client with default retries and timeout, for the base URL in the `{base_url_env}` environment variable, else `{url}`."
            )));
            quote! {
                impl super::Client {
                    #docs
                    pub fn new() -> Self {
                        Self::with_defaults(#url, ::std::option::Option::None)
                    }
                }

                impl ::std::default::Default for super::Client {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        }
    });
    quote! {
        //! What this client was generated with.

        pub(crate) const CONFIG: super::runtime::Config = super::runtime::Config {
            default_base_url: #default_base_url,
            api_key_env: #api_key_env,
            base_url_env: #base_url_env,
            schemes: &[#(#schemes),*],
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
            idempotency_header: #idempotency_header,
            raw_security: #raw_security,
        };

        #constructor
        #setters
    }
}

/// With several schemes, a `ClientBuilder` setter per scheme, named after it.
fn scheme_setters(ir: &Ir) -> Option<TokenStream> {
    if ir.schemes.len() < 2 {
        return None;
    }
    let setters = ir.schemes.iter().enumerate().map(|(index, scheme)| {
        let what = match &scheme.kind {
            AuthScheme::ApiKeyHeader(name) => format!("an API key sent in the `{name}` header"),
            AuthScheme::ApiKeyQuery(name) => format!("an API key sent as the `{name}` query parameter"),
            AuthScheme::ApiKeyCookie(name) => format!("an API key sent as the `{name}` cookie"),
            AuthScheme::Bearer | AuthScheme::OAuth2ClientCredentials { .. } => "a bearer token".to_owned(),
            AuthScheme::Basic => "`user:password` for HTTP basic authentication".to_owned(),
            AuthScheme::HttpScheme(scheme) => format!("what follows `Authorization: {scheme} ` (the client does not compute it)"),
        };
        let docs = doc_attrs(Some(&format!(
            "The credential of the `{}` security scheme: {what}, sent with the operations that accept it.",
            scheme.name
        )));
        let method = ident(&scheme.rust_name);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote! {
            #docs
            pub fn #method(self, credential: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.scheme_source(#index, super::credentials::CredentialSource::Key(super::credentials::ApiKey::new(credential)))
            }
        }
    });
    Some(quote! {
        impl super::ClientBuilder {
            #(#setters)*
        }
    })
}

/// The operation's accepted scheme sets, as indices into `CONFIG.schemes`.
pub fn security_expression(ir: &Ir, operation: &Operation) -> TokenStream {
    let sets = operation.security.iter().map(|set| {
        let indices = set
            .iter()
            .filter_map(|name| ir.schemes.iter().position(|scheme| &scheme.name == name))
            .map(proc_macro2::Literal::usize_unsuffixed);
        quote! { &[#(#indices),*] }
    });
    quote! { &[#(#sets),*] }
}

#[cfg(test)]
mod tests {
    use crate::naming::{CLIENT_ROOT_NAMES, EVENTS_ROOT_NAME, VALUE_ROOT_NAMES};

    /// Every type the runtime exports at the crate root is one a schema's name is kept away from.
    #[test]
    fn every_root_export_is_a_reserved_name() {
        let source = include_str!("crate_files.rs");
        let start = source.find("fn root_items(").expect("root_items");
        let end = start + source[start..].find("exports.sort_by_key").expect("end of the exports");
        let exported: Vec<&str> = source[start..end]
            .lines()
            .filter_map(|line| line.split_once("pub use ").map(|(_, path)| path))
            .flat_map(|path| path.split(|c: char| !c.is_alphanumeric() && c != '_'))
            .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        assert!(exported.contains(&"ApiError") && exported.contains(&"StatusCode"), "{exported:?}");
        for name in exported {
            let reserved =
                CLIENT_ROOT_NAMES.contains(&name) || VALUE_ROOT_NAMES.contains(&name) || name == EVENTS_ROOT_NAME;
            assert!(reserved, "`{name}` is exported at the crate root but not reserved");
        }
    }
}
