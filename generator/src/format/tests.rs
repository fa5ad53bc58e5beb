use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{format_files, header, unparse};
use crate::emit::{EmittedFile, ItemSource, Piece};

fn head() -> TokenStream {
    quote! {
        //! A module.
        #![allow(clippy::all)]
    }
}

/// Items of several kinds, with docs, so that chunk boundaries fall between different kinds.
fn item_tokens(index: usize) -> TokenStream {
    let name = format_ident!("Item{index}");
    let doc = format!(" Item number {index}.");
    match index % 3 {
        0 => quote! {
            #[doc = #doc]
            pub struct #name { pub value: ::std::option::Option<u32> }
            impl #name { pub fn new() -> Self { Self { value: None } } }
        },
        1 => quote! { #[doc = #doc] pub enum #name { A, B(String) } },
        _ => quote! { #[doc = #doc] pub fn #name() -> u32 { #index as u32 * 2 } },
    }
}

/// An alias printed as text, as `prettyplease` would print it.
fn alias_text(index: usize) -> String {
    format!("pub type Alias{index} = u32;\n")
}

/// The tokens of each item, and after every third one an alias already printed: pieces of both kinds in
/// a chunk.
fn item(index: usize) -> Vec<Piece> {
    let mut pieces = vec![Piece::Tokens(item_tokens(index))];
    if index.is_multiple_of(3) {
        pieces.push(Piece::Text(alias_text(index)));
    }
    pieces
}

/// What [`item`] stands for, all as tokens.
fn item_as_tokens(index: usize) -> TokenStream {
    let mut tokens = item_tokens(index);
    if index.is_multiple_of(3) {
        tokens.extend(alias_text(index).parse::<TokenStream>().unwrap());
    }
    tokens
}

fn files(count: usize) -> Vec<(String, EmittedFile<'static>)> {
    let source = ItemSource { count, item: Box::new(item) };
    vec![
        ("src/a.rs".to_owned(), EmittedFile::Rust(quote! { pub mod types; })),
        ("src/types.rs".to_owned(), EmittedFile::Items(head(), source)),
        ("src/z.rs".to_owned(), EmittedFile::Items(TokenStream::new(), ItemSource { count: 3, item: Box::new(item) })),
    ]
}

#[test]
fn chunks_on_threads_give_the_text_of_the_whole_module() {
    let mut whole = head();
    whole.extend((0..301).map(item_as_tokens));
    let expected = format!("{}\n{}", header("//", "spec.yaml", "regen"), unparse("src/types.rs", whole).unwrap());
    for threads in [1, 2, 3, 8] {
        let (formatted, work) = format_files(files(301), "spec.yaml", "regen", threads).unwrap();
        let paths: Vec<&str> = formatted.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, ["src/a.rs", "src/types.rs", "src/z.rs"]);
        assert_eq!(formatted[1].1, expected, "{threads} threads");
        assert!(formatted[2].1.contains("pub fn Item2() -> u32"));
        assert!(!work.format.is_zero());
    }
}

#[test]
fn an_item_that_does_not_parse_is_an_error_naming_its_file() {
    let broken = ItemSource {
        count: 200,
        item: Box::new(|index| if index == 150 { vec![Piece::Tokens(quote! { struct })] } else { item(index) }),
    };
    let files = vec![("src/types.rs".to_owned(), EmittedFile::Items(head(), broken))];
    let error = format_files(files, "spec.yaml", "regen", 2).unwrap_err();
    assert!(error.to_string().contains("src/types.rs"), "{error}");
}
