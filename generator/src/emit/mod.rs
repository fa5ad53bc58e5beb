//! Stage 3: the IR becomes the files of a crate (or of a module, for build scripts), Rust modules as
//! token streams.

mod capabilities;
mod conformance;
mod crate_files;
mod enums;
mod error_bodies;
mod examples;
mod features;
mod lenient;
mod models;
mod package;
mod pagination;
mod patterns;
mod printed;
mod readme;
mod requests;
mod rust;
mod samples;
mod send;
mod serde_impls;
mod streams;
mod union_access;
mod unions;
mod values;
mod walkthrough;
mod webhooks;

use proc_macro2::TokenStream;

pub use conformance::files as conformance_files;
pub use crate_files::{CrateInfo, Layout};
pub use examples::{SpecExamples, collect as collect_examples};
pub use package::{spec_homepage, spec_license};

use crate::ir::{Field, Ir, TypeKind};

/// A runtime module: written out verbatim, and only into crates whose spec needs it.
struct RuntimeModule {
    name: &'static str,
    source: &'static str,
    /// Whether a crate needs the module (its spec uses what the module provides).
    needed: fn(&Ir, &CrateInfo) -> bool,
    /// The cargo feature of the generated crate that compiles the module, if it is optional.
    feature: Option<&'static str>,
}

/// Every client has these.
fn always(_: &Ir, info: &CrateInfo) -> bool {
    !info.types_only
}

/// Crates (types-only ones too) with an optional property that may also be `null`.
fn uses_nullable(ir: &Ir, _: &CrateInfo) -> bool {
    ir.types.iter().any(|def| matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(Field::is_tri_state)))
}

/// Crates (types-only ones too) whose structs have printed serde impls.
fn objects(ir: &Ir, info: &CrateInfo) -> bool {
    serde_impls::needs_objects(ir, &info.derives)
}

/// Crates with a paginated list operation.
fn paginates(ir: &Ir, info: &CrateInfo) -> bool {
    always(ir, info) && pagination::any_paginated(ir)
}

/// Crates with an operation offering server-sent events.
fn streams_events(ir: &Ir, info: &CrateInfo) -> bool {
    always(ir, info) && streams::any_events(ir)
}

/// Crates with an operation streaming a JSON sequence.
fn streams_lines(ir: &Ir, info: &CrateInfo) -> bool {
    always(ir, info) && streams::any_lines(ir)
}

/// Crates with an operation returning binary bodies.
fn streams_bytes(ir: &Ir, info: &CrateInfo) -> bool {
    always(ir, info) && streams::any_binary(ir)
}

/// Crates whose spec marks integers as Unix timestamps, client or types only.
fn timestamps(ir: &Ir, _: &CrateInfo) -> bool {
    rust::uses_timestamps(ir)
}

/// Specs with an OAuth2 scheme that has a client-credentials flow.
fn oauth2(ir: &Ir, info: &CrateInfo) -> bool {
    always(ir, info) && crate_files::uses_oauth2(ir)
}

/// A runtime module compiled whenever it is emitted.
const fn runtime_module(
    name: &'static str,
    source: &'static str,
    needed: fn(&Ir, &CrateInfo) -> bool,
) -> RuntimeModule {
    RuntimeModule { name, source, needed, feature: None }
}

/// The runtime modules. A module a spec does not need is not emitted, so it costs its users nothing.
const RUNTIME: &[RuntimeModule] = &[
    runtime_module("byte_stream", include_str!("../../runtime/byte_stream.rs"), streams_bytes),
    runtime_module("client", include_str!("../../runtime/client.rs"), always),
    runtime_module("credentials", include_str!("../../runtime/credentials.rs"), always),
    runtime_module("error", include_str!("../../runtime/error.rs"), always),
    runtime_module("error_details", include_str!("../../runtime/error_details.rs"), always),
    runtime_module("lines", include_str!("../../runtime/lines.rs"), streams_lines),
    RuntimeModule {
        feature: Some("middleware"),
        ..runtime_module("middleware", include_str!("../../runtime/middleware.rs"), always)
    },
    runtime_module("nullable", include_str!("../../runtime/nullable.rs"), uses_nullable),
    runtime_module("oauth2", include_str!("../../runtime/oauth2.rs"), oauth2),
    runtime_module("objects", include_str!("../../runtime/objects.rs"), objects),
    runtime_module("pagination", include_str!("../../runtime/pagination.rs"), paginates),
    runtime_module("raw_request", include_str!("../../runtime/raw_request.rs"), always),
    runtime_module("request_parts", include_str!("../../runtime/request_parts.rs"), always),
    runtime_module("runtime", include_str!("../../runtime/runtime.rs"), always),
    runtime_module("sse", include_str!("../../runtime/sse.rs"), streams_events),
    runtime_module("timestamp", include_str!("../../runtime/timestamp.rs"), timestamps),
    RuntimeModule {
        feature: Some(webhooks::FEATURE),
        ..runtime_module("webhook_verify", include_str!("../../runtime/webhook_verify.rs"), webhooks::needed)
    },
];

/// The file names (`client.rs`, ...) of the runtime modules, which are the same for every spec that
/// emits them: snapshot tests leave them out.
pub fn runtime_file_names() -> impl Iterator<Item = String> {
    RUNTIME.iter().map(|module| format!("{}.rs", module.name))
}

/// One output file before formatting.
pub enum EmittedFile<'a> {
    /// Rust tokens, to be pretty-printed.
    Rust(TokenStream),
    /// A large module: its inner attributes, then its items, generated and formatted a chunk at a time
    /// (on several threads) so that the tokens and syntax trees of a whole large module never sit in
    /// memory at once.
    Items(TokenStream, ItemSource<'a>),
    /// Rust source already in its final form (a runtime module cut down to the crate's capabilities).
    RustSource(String),
    /// A TOML manifest.
    Toml(String),
    /// A Markdown document (the README).
    Markdown(String),
}

/// The items of a large module, each made on demand from its index. Token streams cannot cross threads,
/// so each formatting thread makes the items of its own chunk; the IR is shared read-only.
pub struct ItemSource<'a> {
    /// How many items the module has.
    pub count: usize,
    /// The code of item `index`, for `index < count`.
    pub item: Box<dyn Fn(usize) -> Vec<Piece> + Sync + 'a>,
}

/// A piece of an item's code: tokens to pretty-print, or text already in its final layout (see
/// `printed`), written out as it is.
pub enum Piece {
    /// Tokens of whole items.
    Tokens(TokenStream),
    /// Formatted text of whole items, ending with a line break; or the opening or closing of an impl
    /// block around [`Members`](Piece::Members).
    Text(String),
    /// Tokens of associated items (methods), printed one level in, inside the impl block that the text
    /// pieces before and after them open and close.
    Members(TokenStream),
}

impl From<TokenStream> for Piece {
    fn from(tokens: TokenStream) -> Self {
        Piece::Tokens(tokens)
    }
}

/// A module of the generated code: its name, whether it is public, and its contents.
pub struct Module<'a> {
    name: &'static str,
    public: bool,
    /// The cargo feature the module is compiled under, if any.
    feature: Option<&'static str>,
    /// An attribute the module's declaration carries (see [`runtime_attribute`]).
    attribute: Option<TokenStream>,
    file: EmittedFile<'a>,
}

/// With tag features, the runtime is cut to what all tags' operations use, so a build with only some
/// tags leaves parts of it unused: only then are those allowed.
fn runtime_attribute(ir: &Ir) -> Option<TokenStream> {
    if ir.tag_features.is_empty() {
        return None;
    }
    let features = ir.tag_features.iter().map(|feature| feature.name.as_str());
    Some(quote::quote! {
        #[cfg_attr(not(all(#(feature = #features),*)), allow(dead_code, unused_imports, unused_macros))]
    })
}

/// Every file, by path relative to the output directory, in a fixed order.
pub fn emit<'a>(ir: &'a Ir, info: &'a CrateInfo) -> Vec<(String, EmittedFile<'a>)> {
    let (types_head, types) = models::types_module(ir, info);
    let mut modules = vec![Module {
        name: "types",
        public: true,
        feature: None,
        attribute: None,
        file: EmittedFile::Items(types_head, types),
    }];
    if !info.types_only {
        modules.push(Module {
            name: "config",
            public: false,
            feature: None,
            attribute: None,
            file: EmittedFile::Rust(crate_files::config_rs(ir, info)),
        });
        if let Some(tokens) = error_bodies::error_bodies_module(ir, info) {
            modules.push(Module {
                name: "error_bodies",
                public: false,
                feature: None,
                attribute: None,
                file: EmittedFile::Rust(tokens),
            });
        }
        let (requests_head, requests) = requests::requests_module(ir, info);
        modules.push(Module {
            name: "requests",
            public: true,
            feature: None,
            attribute: None,
            file: EmittedFile::Items(requests_head, requests),
        });
    }
    if let Some(hooks) = ir.webhooks.as_ref().filter(|_| webhooks::needed(ir, info)) {
        let file = EmittedFile::Rust(webhooks::webhooks_module(ir, hooks));
        modules.push(Module {
            name: "webhooks",
            public: true,
            feature: Some(webhooks::FEATURE),
            attribute: None,
            file,
        });
    }
    let capabilities = capabilities::capabilities(ir, info);
    modules.extend(RUNTIME.iter().filter(|module| (module.needed)(ir, info)).map(|module| {
        // The markers of the runtime sources are checked by the `capabilities` tests.
        let source = capabilities::strip(module.source, &capabilities)
            .unwrap_or_else(|error| panic!("runtime/{}.rs line {}: {}", module.name, error.line, error.reason));
        Module {
            name: module.name,
            public: false,
            feature: module.feature,
            attribute: runtime_attribute(ir),
            file: EmittedFile::RustSource(source),
        }
    }));
    modules.sort_by_key(|module| module.name);
    let mut files = Vec::new();
    match &info.layout {
        Layout::Crate => {
            files.push(("Cargo.toml".to_owned(), EmittedFile::Toml(crate_files::manifest(ir, info))));
            files.push(("README.md".to_owned(), EmittedFile::Markdown(readme::readme(ir, info))));
            files.push(("src/lib.rs".to_owned(), EmittedFile::Rust(crate_files::lib_rs(ir, info, &modules))));
            files.extend(modules.into_iter().map(|module| (format!("src/{}.rs", module.name), module.file)));
        }
        Layout::Module { name, dir } => {
            let entry = crate_files::module_entry(ir, info, &modules, dir);
            files.push((format!("{name}.rs"), EmittedFile::Rust(entry)));
            files.extend(modules.into_iter().map(|module| (format!("{name}/{}.rs", module.name), module.file)));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
