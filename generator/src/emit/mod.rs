//! Stage 3: the IR becomes the files of a crate, Rust modules as token streams.

mod crate_files;
mod enums;
mod models;
mod requests;
mod rust;

use proc_macro2::TokenStream;

pub use crate_files::CrateInfo;

use crate::ir::Ir;

/// The runtime modules, the same for every API; written out verbatim.
const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/runtime.rs", include_str!("../../runtime/runtime.rs")),
];

/// One output file before formatting.
pub enum EmittedFile {
    /// Rust tokens, to be pretty-printed.
    Rust(TokenStream),
    /// Rust source already in its final form.
    RustSource(&'static str),
    /// A TOML manifest.
    Toml(String),
}

/// Every file of the crate, by path relative to the crate root, in a fixed order.
pub fn emit(ir: &Ir, info: &CrateInfo) -> Vec<(String, EmittedFile)> {
    let mut files = vec![
        ("Cargo.toml".to_owned(), EmittedFile::Toml(crate_files::manifest(ir, info))),
        ("src/lib.rs".to_owned(), EmittedFile::Rust(crate_files::lib_rs(ir, info))),
        ("src/config.rs".to_owned(), EmittedFile::Rust(crate_files::config_rs(ir, info))),
        ("src/types.rs".to_owned(), EmittedFile::Rust(models::types_module(ir))),
        ("src/requests.rs".to_owned(), EmittedFile::Rust(requests::requests_module(ir))),
    ];
    files.extend(RUNTIME.iter().map(|(path, source)| ((*path).to_owned(), EmittedFile::RustSource(source))));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
