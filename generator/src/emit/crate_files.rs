//! The crate around the modules: `Cargo.toml`, `lib.rs` and the generated configuration.

use proc_macro2::TokenStream;
use quote::quote;

use super::Module;
use super::rust::{doc_attrs, ident, inner_doc_attrs, uses_chrono};
use crate::ir::{AuthScheme, Ir, TypeKind};

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
    /// Model types only: no client modules and no HTTP dependencies.
    pub types_only: bool,
    /// Extra derives for every generated type, already checked to be paths.
    pub derives: Vec<String>,
    /// Whether enums and unions keep values this client does not know.
    pub unknown_variants: bool,
    /// Where the files go.
    pub layout: Layout,
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
            "fastrand = \"2\"",
            "futures-core = \"0.3\"",
            "futures-util = { version = \"0.3\", default-features = false }",
            "httpdate = \"1\"",
            "percent-encoding = \"2\"",
            "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\"] }",
        ]);
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
        dependencies.extend([
            "tokio = { version = \"1\", features = [\"time\"] }",
            "tracing = { version = \"0.1\", default-features = false, features = [\"std\"] }",
        ]);
    }
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

[dependencies]
{dependencies}
{dev_dependencies}"#,
        name = info.name,
        version = info.version,
        dependencies = dependencies.join("\n"),
    )
}

fn has_unions(ir: &Ir) -> bool {
    ir.types.iter().any(|def| matches!(def.kind, TypeKind::Union(_)))
}

/// `lib.rs`: crate docs, module declarations and re-exports.
pub fn lib_rs(ir: &Ir, info: &CrateInfo, modules: &[Module]) -> TokenStream {
    let inner_docs = inner_doc_attrs(&crate_docs(ir, info));
    let root = root_items(info, modules, |_| quote! { #[rustfmt::skip] });
    quote! {
        #inner_docs
        #![forbid(unsafe_code)]

        #root
    }
}

/// The build-script entry: module declarations pointing into `dir`, and the same re-exports as `lib.rs`.
/// No inner attributes, since the file is `include!`d into a module of the user's crate.
pub fn module_entry(info: &CrateInfo, modules: &[Module], dir: &str) -> TokenStream {
    root_items(info, modules, |module| {
        let path = format!("{dir}/{module}.rs");
        quote! { #[path = #path] }
    })
}

fn root_items(info: &CrateInfo, modules: &[Module], attribute: impl Fn(&str) -> TokenStream) -> TokenStream {
    let declarations = modules.iter().map(|module| {
        let attribute = attribute(module.name);
        let name = ident(module.name);
        if module.public {
            quote! { #attribute pub mod #name; }
        } else {
            quote! { #attribute mod #name; }
        }
    });
    let exports = (!info.types_only).then(|| {
        quote! {
            pub use client::{Client, ClientBuilder, RequestOptions, Response};
            pub use error::{ApiError, BuildError, DecodeError, Error, ErrorKind};
            pub use runtime::{BoxFuture, BoxStream};
        }
    });
    let nullable =
        modules.iter().any(|module| module.name == "nullable").then(|| quote! { pub use nullable::Nullable; });
    quote! { #(#declarations)* #exports #nullable }
}

fn crate_docs(ir: &Ir, info: &CrateInfo) -> String {
    let crate_ident = info.name.replace('-', "_");
    let what = if info.types_only { "Types" } else { "Client" };
    let mut docs = format!("{what} for the {} (API version {}).\n", ir.api.title, ir.api.version);
    if let Some(description) = &ir.api.description {
        docs.push('\n');
        docs.push_str(description);
        docs.push('\n');
    }
    if info.types_only {
        return docs;
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
    docs
}

/// `config.rs`: what the runtime needs to know about this API, and `Client::new`.
pub fn config_rs(ir: &Ir, info: &CrateInfo) -> TokenStream {
    let auth = match &ir.auth {
        None => quote! { super::runtime::Auth::None },
        Some(AuthScheme::ApiKeyHeader(name)) => {
            let name = name.to_ascii_lowercase();
            quote! { super::runtime::Auth::Header(#name) }
        }
        Some(AuthScheme::ApiKeyQuery(name)) => quote! { super::runtime::Auth::Query(#name) },
        Some(AuthScheme::ApiKeyCookie(name)) => quote! { super::runtime::Auth::Cookie(#name) },
        Some(AuthScheme::Bearer) => quote! { super::runtime::Auth::Bearer },
        Some(AuthScheme::Basic) => quote! { super::runtime::Auth::Basic },
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
            let docs = doc_attrs(Some(&format!("A client for `{url}` with default retries and timeout.")));
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
            auth: #auth,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
        };

        #constructor
    }
}
