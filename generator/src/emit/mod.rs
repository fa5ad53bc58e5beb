//! Stage 3: the IR becomes the files of a crate (or of a module, for build scripts), Rust modules as
//! token streams.

mod crate_files;
mod enums;
mod models;
mod requests;
mod rust;
mod send;
mod values;

use proc_macro2::TokenStream;

pub use crate_files::{CrateInfo, Layout};

use crate::ir::{Field, Ir, TypeKind};

/// A runtime module: written out verbatim, and only into crates whose spec needs it.
struct RuntimeModule {
    name: &'static str,
    source: &'static str,
    /// Whether a crate needs the module (its spec uses what the module provides).
    needed: fn(&Ir, &CrateInfo) -> bool,
}

/// Every client has these.
fn always(_: &Ir, info: &CrateInfo) -> bool {
    !info.types_only
}

/// Crates (types-only ones too) with an optional property that may also be `null`.
fn uses_nullable(ir: &Ir, _: &CrateInfo) -> bool {
    ir.types.iter().any(|def| matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(Field::is_tri_state)))
}

/// The runtime modules. A module a spec does not need is not emitted, so it costs its users nothing.
const RUNTIME: &[RuntimeModule] = &[
    RuntimeModule { name: "client", source: include_str!("../../runtime/client.rs"), needed: always },
    RuntimeModule { name: "error", source: include_str!("../../runtime/error.rs"), needed: always },
    RuntimeModule { name: "nullable", source: include_str!("../../runtime/nullable.rs"), needed: uses_nullable },
    RuntimeModule { name: "request_parts", source: include_str!("../../runtime/request_parts.rs"), needed: always },
    RuntimeModule { name: "runtime", source: include_str!("../../runtime/runtime.rs"), needed: always },
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
    /// so that the tokens and syntax trees of a whole large module never sit in memory at once.
    Items(TokenStream, Box<dyn Iterator<Item = TokenStream> + 'a>),
    /// Rust source already in its final form.
    RustSource(&'static str),
    /// A TOML manifest.
    Toml(String),
}

/// A module of the generated code: its name, whether it is public, and its contents.
pub struct Module<'a> {
    name: &'static str,
    public: bool,
    file: EmittedFile<'a>,
}

/// Every file, by path relative to the output directory, in a fixed order.
pub fn emit<'a>(ir: &'a Ir, info: &'a CrateInfo) -> Vec<(String, EmittedFile<'a>)> {
    let (types_head, types) = models::types_module(ir, info);
    let mut modules = vec![Module { name: "types", public: true, file: EmittedFile::Items(types_head, types) }];
    if !info.types_only {
        modules.push(Module {
            name: "config",
            public: false,
            file: EmittedFile::Rust(crate_files::config_rs(ir, info)),
        });
        let (requests_head, requests) = requests::requests_module(ir);
        modules.push(Module { name: "requests", public: true, file: EmittedFile::Items(requests_head, requests) });
    }
    modules.extend(RUNTIME.iter().filter(|module| (module.needed)(ir, info)).map(|module| Module {
        name: module.name,
        public: false,
        file: EmittedFile::RustSource(module.source),
    }));
    modules.sort_by_key(|module| module.name);
    let mut files = Vec::new();
    match &info.layout {
        Layout::Crate => {
            files.push(("Cargo.toml".to_owned(), EmittedFile::Toml(crate_files::manifest(ir, info))));
            files.push(("src/lib.rs".to_owned(), EmittedFile::Rust(crate_files::lib_rs(ir, info, &modules))));
            files.extend(modules.into_iter().map(|module| (format!("src/{}.rs", module.name), module.file)));
        }
        Layout::Module { name, dir } => {
            let entry = crate_files::module_entry(info, &modules, dir);
            files.push((format!("{name}.rs"), EmittedFile::Rust(entry)));
            files.extend(modules.into_iter().map(|module| (format!("{name}/{}.rs", module.name), module.file)));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
