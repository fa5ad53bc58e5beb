//! Building values of generated structs from outside the crate: `new` with the required fields and one
//! `with_*` setter per optional one. Structs are `#[non_exhaustive]`, so a later spec adding an optional
//! property adds a setter and breaks no caller.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::printed::{self, doc_comments};
use super::rust::{ident, type_text, type_tokens, unaliased};
use crate::ir::{Field, Ir, Scalar, TypeKind, TypeRef};
use crate::naming::bare;

/// Clippy's default limit for `too_many_arguments`.
pub(super) const CLIPPY_ARGUMENT_LIMIT: usize = 7;

/// Whether `new` takes no arguments (every field is an `Option` or `Nullable` with a setter), so the
/// struct also implements `Default`. The map of undeclared properties starts empty, so it counts as optional.
pub fn all_optional(fields: &[Field]) -> bool {
    fields.iter().all(|field| !field.in_constructor())
}

/// The argument type a constructor or setter takes for a field's value (unboxed, before optionality):
/// strings as `impl Into<String>`, as the request builders take them, and unions as `impl Into<Union>`,
/// so that any member converts.
fn accepted(ir: &Ir, field: &Field) -> TokenStream {
    let ty = type_tokens(ir, &field.ty, &TokenStream::new());
    if takes_into(ir, &field.ty) {
        quote! { impl ::std::convert::Into<#ty> }
    } else {
        ty
    }
}

/// Whether arguments of this type are taken as `impl Into<..>`: strings, and unions (through aliases).
fn takes_into(ir: &Ir, ty: &TypeRef) -> bool {
    if *ty == TypeRef::Scalar(Scalar::String) {
        return true;
    }
    match unaliased(ir, ty) {
        TypeRef::Named(id) => matches!(ir.type_def(*id).kind, TypeKind::Union(_) | TypeKind::Untagged(_)),
        _ => false,
    }
}

/// `value` as the field's (unboxed, non-optional) type.
fn converted(ir: &Ir, field: &Field, value: &Ident) -> TokenStream {
    let value = if takes_into(ir, &field.ty) {
        quote! { #value.into() }
    } else {
        quote! { #value }
    };
    if field.boxed {
        quote! { ::std::boxed::Box::new(#value) }
    } else {
        value
    }
}

/// The setter names, `with_{field}`, unique within the struct: a leading underscore of the field name
/// is dropped (a double underscore is not snake case) and a clash gets a numeric suffix.
pub fn setter_names(fields: &[Field]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    fields
        .iter()
        .map(|field| {
            let base = format!("with_{}", bare(&field.rust_name).trim_start_matches('_'));
            let mut name = base.clone();
            let mut suffix = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{suffix}");
                suffix += 1;
            }
            name
        })
        .collect()
}

/// Lines longer than this are broken: one argument, or one field, per line.
const LINE_WIDTH: usize = 100;

/// [`accepted`] as text.
fn accepted_text(ir: &Ir, field: &Field) -> Option<String> {
    let ty = type_text(ir, &field.ty, "")?;
    Some(if takes_into(ir, &field.ty) { format!("impl ::std::convert::Into<{ty}>") } else { ty })
}

/// [`converted`] as text.
fn converted_text(ir: &Ir, field: &Field, value: &str) -> String {
    let value = if takes_into(ir, &field.ty) { format!("{value}.into()") } else { value.to_owned() };
    if field.boxed { format!("::std::boxed::Box::new({value})") } else { value }
}

/// `items` joined by `, ` on one line after `start` and before `end` when that fits in [`LINE_WIDTH`],
/// else one per line, indented one level deeper than `indent`, each with a trailing comma.
pub(super) fn list(indent: &str, start: &str, items: &[String], end: &str) -> String {
    let one_line = format!("{indent}{start}{}{end}\n", items.join(", "));
    if one_line.len() <= LINE_WIDTH + 1 || items.is_empty() {
        return one_line;
    }
    let mut text = format!("{indent}{}\n", start.trim_end());
    for item in items {
        text.push_str(&format!("{indent}    {item},\n"));
    }
    text.push_str(&format!("{indent}{}\n", end.trim_start()));
    text
}

/// [`constructors`] printed as text: the same code, each setter in four lines whatever its length.
/// `None` when a field's type is named in the settings (printed from tokens instead).
pub fn printed_constructors(ir: &Ir, name: &str, fields: &[Field]) -> Option<String> {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = String::new();
    for (field, setter) in fields.iter().zip(setter_names(fields)) {
        let field_name = ident(&field.rust_name).to_string();
        let accepted = accepted_text(ir, field)?;
        let setter = ident(&setter);
        if field.flatten {
            inits.push(format!("{field_name}: ::std::default::Default::default()"));
            let doc =
                format!("Sets [`{0}`](Self::{0}), the properties the schema does not declare.", bare(&field.rust_name));
            doc_comments(&mut setters, Some(&doc), "    ");
            printed::setter(&mut setters, &setter.to_string(), &field_name, "value", &accepted, "value");
            continue;
        }
        if field.in_constructor() {
            args.push(format!("{field_name}: {accepted}"));
            inits.push(if field.lenient {
                format!("{field_name}: ::std::option::Option::Some({})", converted_text(ir, field, &field_name))
            } else if field.boxed || takes_into(ir, &field.ty) {
                format!("{field_name}: {}", converted_text(ir, field, &field_name))
            } else {
                field_name
            });
            continue;
        }
        let (init, accepted, set) = if field.is_tri_state() {
            let inner = type_text(ir, &field.ty, "")?;
            let boxed = if field.boxed { ".map(::std::boxed::Box::new)" } else { "" };
            (
                "super::Nullable::Absent",
                format!("impl ::std::convert::Into<super::Nullable<{inner}>>"),
                format!("value.into(){boxed}"),
            )
        } else {
            (
                "::std::option::Option::None",
                accepted,
                format!("::std::option::Option::Some({})", converted_text(ir, field, "value")),
            )
        };
        inits.push(format!("{field_name}: {init}"));
        doc_comments(&mut setters, Some(&format!("Sets [`{0}`](Self::{0}).", bare(&field.rust_name))), "    ");
        if field.deprecated {
            setters.push_str("    #[deprecated]\n");
        }
        printed::setter(&mut setters, &setter.to_string(), &field_name, "value", &accepted, &set);
    }
    let mut text = format!("impl {} {{\n", ident(name));
    let new_doc = if args.is_empty() {
        "A value with every field unset."
    } else {
        "A value with the required fields; the optional ones start unset (see the `with_*` setters)."
    };
    doc_comments(&mut text, Some(new_doc), "    ");
    if args.len() > CLIPPY_ARGUMENT_LIMIT {
        text.push_str("    #[allow(clippy::too_many_arguments, reason = \"one argument per required property\")]\n");
    }
    text.push_str(&list("    ", "pub fn new(", &args, ") -> Self {"));
    if args.is_empty() {
        text.push_str("        ::std::default::Default::default()\n");
    } else {
        text.push_str(&list("        ", "Self { ", &inits, " }"));
    }
    text.push_str("    }\n");
    text.push_str(&setters);
    text.push_str("}\n");
    Some(text)
}

/// `impl Struct { new(..); with_*(..) }`.
pub fn constructors(ir: &Ir, name: &Ident, fields: &[Field]) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (field, setter) in fields.iter().zip(setter_names(fields)) {
        let field_name = ident(&field.rust_name);
        let accepted = accepted(ir, field);
        let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
        let value = format_ident!("value");
        let setter = ident(&setter);
        if field.flatten {
            inits.push(quote! { #field_name: ::std::default::Default::default() });
            let doc = format!(
                " Sets [`{0}`](Self::{0}), the properties the schema does not declare.",
                bare(&field.rust_name)
            );
            setters.push(quote! {
                #[doc = #doc]
                pub fn #setter(mut self, #value: #accepted) -> Self {
                    self.#field_name = #value;
                    self
                }
            });
            continue;
        }
        if field.in_constructor() {
            args.push(quote! { #field_name: #accepted });
            inits.push(if field.lenient {
                // `new` takes the value even when decoding tolerates its absence, so requests are unchanged.
                let converted = converted(ir, field, &field_name);
                quote! { #field_name: ::std::option::Option::Some(#converted) }
            } else if field.boxed || takes_into(ir, &field.ty) {
                let converted = converted(ir, field, &field_name);
                quote! { #field_name: #converted }
            } else {
                quote! { #field_name }
            });
            continue;
        }
        let doc = format!(" Sets [`{0}`](Self::{0}).", bare(&field.rust_name));
        let (init, accepted, set) = if field.is_tri_state() {
            let inner = type_tokens(ir, &field.ty, &TokenStream::new());
            let boxed = field.boxed.then(|| quote! { .map(::std::boxed::Box::new) });
            (
                quote! { super::Nullable::Absent },
                quote! { impl ::std::convert::Into<super::Nullable<#inner>> },
                quote! { #value.into() #boxed },
            )
        } else {
            let converted = converted(ir, field, &value);
            (quote! { ::std::option::Option::None }, accepted, quote! { ::std::option::Option::Some(#converted) })
        };
        inits.push(quote! { #field_name: #init });
        setters.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #setter(mut self, #value: #accepted) -> Self {
                self.#field_name = #set;
                self
            }
        });
    }
    let new_doc = if args.is_empty() {
        " A value with every field unset.".to_owned()
    } else {
        " A value with the required fields; the optional ones start unset (see the `with_*` setters).".to_owned()
    };
    let body = if args.is_empty() {
        quote! { ::std::default::Default::default() }
    } else {
        quote! { Self { #(#inits,)* } }
    };
    let allow = (args.len() > CLIPPY_ARGUMENT_LIMIT)
        .then(|| quote! { #[allow(clippy::too_many_arguments, reason = "one argument per required property")] });
    quote! {
        impl #name {
            #[doc = #new_doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                #body
            }
            #(#setters)*
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;
    use crate::ir::TypeKind;

    /// Structs with every kind of field: required strings and numbers, a boxed recursive one, optional,
    /// nullable and deprecated ones, undeclared properties, and more required fields than clippy likes.
    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Shapes, version: '1'}
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [name, next, a, b, c, d, e, f, g]
      properties:
        name: {type: string}
        next: {$ref: '#/components/schemas/Node'}
        a: {type: integer}
        b: {type: number}
        c: {type: boolean}
        d: {type: array, items: {type: string}}
        e: {type: object, additionalProperties: {type: integer}}
        f: {type: string, format: date-time}
        g: {type: string, nullable: true}
        optional_text: {type: string}
        optional_node: {$ref: '#/components/schemas/Node'}
        cleared: {type: string, nullable: true}
        old: {type: integer, deprecated: true}
      additionalProperties: {type: string}
    Empty:
      type: object
      properties:
        only: {type: string}
    Short:
      type: object
      required: [id]
      properties:
        id: {type: string}
"#;

    /// The tokens of a file, whatever their spacing.
    fn file(text: &str) -> Vec<String> {
        let parsed = syn::parse_str::<syn::File>(text).unwrap_or_else(|error| panic!("{error}:\n{text}"));
        let shape = crate::emit::printed::tests::shape(parsed.into_token_stream());
        // A trailing comma in a list broken over lines means nothing.
        let trailing = |index: usize| shape[index] == "," && shape.get(index + 1).is_some_and(|next| next == "end");
        (0..shape.len()).filter(|&index| !trailing(index)).map(|index| shape[index].clone()).collect()
    }

    #[test]
    fn printed_constructors_are_the_quoted_ones() {
        let spec = crate::load::load_str(SPEC, "shapes.yaml").expect("loads");
        let ir = crate::ir::build(&spec, &crate::Settings::default().types_only(true)).expect("builds");
        let mut seen = 0;
        for def in &ir.types {
            let TypeKind::Struct(fields) = &def.kind else { continue };
            let printed = printed_constructors(&ir, &def.name, fields).expect("no settings types");
            let quoted = constructors(&ir, &ident(&def.name), fields).to_string();
            assert_eq!(file(&printed), file(&quoted), "{printed}");
            seen += 1;
        }
        assert!(seen >= 3);
    }

    #[test]
    fn setters_take_four_lines_and_long_signatures_break() {
        let spec = crate::load::load_str(SPEC, "shapes.yaml").expect("loads");
        let ir = crate::ir::build(&spec, &crate::Settings::default().types_only(true)).expect("builds");
        let node = ir.types.iter().find(|def| def.name == "Node").expect("Node");
        let TypeKind::Struct(fields) = &node.kind else { panic!("a struct") };
        let printed = printed_constructors(&ir, "Node", fields).expect("printed");
        assert!(printed.contains(
            "    /// Sets [`optional_text`](Self::optional_text).\n    pub fn with_optional_text(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {\n        self.optional_text = ::std::option::Option::Some(value.into());\n        self\n    }\n"
        ), "{printed}");
        assert!(printed.contains("    #[allow(clippy::too_many_arguments"), "{printed}");
        assert!(
            printed.contains("    pub fn new(\n        name: impl ::std::convert::Into<::std::string::String>,\n"),
            "{printed}"
        );
        let short = ir.types.iter().find(|def| def.name == "Short").expect("Short");
        let TypeKind::Struct(fields) = &short.kind else { panic!("a struct") };
        let printed = printed_constructors(&ir, "Short", fields).expect("printed");
        assert!(printed.contains(
            "    pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {\n        Self { id: id.into() }\n    }\n"
        ), "{printed}");
    }
}
