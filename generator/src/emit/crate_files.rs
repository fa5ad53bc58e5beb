//! The crate around the modules: `Cargo.toml`, `lib.rs` and the generated configuration.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_attrs, inner_doc_attrs, uses_chrono};
use crate::ir::{AuthScheme, Ir};

/// Facts about the crate being written, resolved from the settings.
pub struct CrateInfo {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Variable holding the API key.
    pub api_key_env: String,
    /// Variable holding the base URL.
    pub base_url_env: String,
}

/// `Cargo.toml`. Dependencies are the runtime's, plus chrono when a date type is used.
pub fn manifest(ir: &Ir, info: &CrateInfo) -> String {
    let description = format!("Rust client for the {} (generated from its OpenAPI description)", ir.api.title);
    let chrono = if uses_chrono(ir) {
        "chrono = { version = \"0.4.40\", default-features = false, features = [\"serde\", \"std\"] }\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = {description:?}

[dependencies]
{chrono}fastrand = "2"
futures-core = "0.3"
futures-util = {{ version = "0.3", default-features = false }}
httpdate = "1"
percent-encoding = "2"
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "http2"] }}
serde = {{ version = "1.0.190", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
tokio = {{ version = "1", features = ["time"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#,
        name = info.name,
        version = info.version,
    )
}

/// `lib.rs`: crate docs, module declarations and re-exports.
pub fn lib_rs(ir: &Ir, info: &CrateInfo) -> TokenStream {
    let crate_ident = info.name.replace('-', "_");
    let mut docs = format!("Client for the {} (API version {}).\n", ir.api.title, ir.api.version);
    if let Some(description) = &ir.api.description {
        docs.push('\n');
        docs.push_str(description);
        docs.push('\n');
    }
    docs.push_str(&format!(
        "\n# Configuration\n\nThe API key comes from [`ClientBuilder::api_key`] or the `{}` environment variable; the base URL \
         from [`ClientBuilder::base_url`], the `{}` environment variable, or the spec's server{}.\n",
        info.api_key_env,
        info.base_url_env,
        ir.api.default_base_url.as_ref().map(|url| format!(" (`{url}`)")).unwrap_or_default(),
    ));
    docs.push_str(&format!(
        "\n```no_run\n# async fn run() -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {crate_ident}::Client::from_env()?;\n# let _ = client;\n# Ok(())\n# }}\n```\n\
         \nEvery operation is a method on [`Client`] returning a request builder: set optional parameters on it, \
         then `.await` it. Failed requests are retried (connection errors, timeouts, 408, 409, 429 and 5xx) with \
         exponential backoff; errors are [`Error`] values carrying the status, headers and body.\n"
    ));
    let inner_docs = inner_doc_attrs(&docs);
    quote! {
        #inner_docs
        #![forbid(unsafe_code)]

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        mod config;
        #[rustfmt::skip]
        mod error;
        #[rustfmt::skip]
        pub mod requests;
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod types;

        pub use client::{Client, ClientBuilder, RequestOptions, Response};
        pub use error::{ApiError, BuildError, DecodeError, Error, ErrorKind};
        pub use runtime::{BoxFuture, BoxStream};
    }
}

/// `config.rs`: what the runtime needs to know about this API, and `Client::new`.
pub fn config_rs(ir: &Ir, info: &CrateInfo) -> TokenStream {
    let auth = match &ir.auth {
        None => quote! { crate::runtime::Auth::None },
        Some(AuthScheme::ApiKeyHeader(name)) => {
            let name = name.to_ascii_lowercase();
            quote! { crate::runtime::Auth::Header(#name) }
        }
        Some(AuthScheme::ApiKeyQuery(name)) => quote! { crate::runtime::Auth::Query(#name) },
        Some(AuthScheme::ApiKeyCookie(name)) => quote! { crate::runtime::Auth::Cookie(#name) },
        Some(AuthScheme::Bearer) => quote! { crate::runtime::Auth::Bearer },
        Some(AuthScheme::Basic) => quote! { crate::runtime::Auth::Basic },
    };
    let default_base_url = match &ir.api.default_base_url {
        Some(url) => quote! { ::std::option::Option::Some(#url) },
        None => quote! { ::std::option::Option::None },
    };
    let api_key_env = &info.api_key_env;
    let base_url_env = &info.base_url_env;
    let constructor = ir.api.default_base_url.as_ref().map(|url| {
        if ir.auth.is_some() {
            let docs = doc_attrs(Some(&format!(
                "A client for `{url}` authenticating with `api_key`, with default retries and timeout.\n\n\
                 # Panics\n\nLike `reqwest::Client::new`, if the TLS backend cannot start; [`Client::builder`] reports that as an error instead."
            )));
            quote! {
                impl crate::Client {
                    #docs
                    pub fn new(api_key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        Self::with_defaults(#url, ::std::option::Option::Some(api_key.into()))
                    }
                }
            }
        } else {
            let docs = doc_attrs(Some(&format!("A client for `{url}` with default retries and timeout.")));
            quote! {
                impl crate::Client {
                    #docs
                    pub fn new() -> Self {
                        Self::with_defaults(#url, ::std::option::Option::None)
                    }
                }

                impl ::std::default::Default for crate::Client {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        }
    });
    quote! {
        //! What this client was generated with.

        pub(crate) const CONFIG: crate::runtime::Config = crate::runtime::Config {
            default_base_url: #default_base_url,
            api_key_env: #api_key_env,
            base_url_env: #base_url_env,
            auth: #auth,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
        };

        #constructor
    }
}
