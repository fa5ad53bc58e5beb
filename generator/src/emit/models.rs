//! The `types` module: structs, string enums, tagged unions and aliases, in a fixed order by name.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{allow_deprecated, derive_attr, doc_attrs, ident, type_tokens};
use super::union_access::{skipped_conversions_doc, union_access};
use super::unions::{tagged_union, union_helpers, untagged_union};
use super::{CrateInfo, ItemSource, Piece};
use crate::ir::{Field, Ir, TypeDef, TypeId, TypeKind};

/// The types module: its inner attributes, then one item group per type (sorted by name) and the union
/// helper, produced lazily so that the formatter can take them a chunk at a time.
pub fn types_module<'a>(ir: &'a Ir, info: &'a CrateInfo) -> (TokenStream, ItemSource<'a>) {
    let mut defs: Vec<(TypeId, &TypeDef)> = ir.types.iter().enumerate().map(|(id, def)| (TypeId(id), def)).collect();
    defs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let allow_deprecated = allow_deprecated(ir);
    let head = quote! {
        //! Types of request and response bodies, from the spec's schemas.
        #![allow(clippy::large_enum_variant, clippy::derive_partial_eq_without_eq)]
        #allow_deprecated
    };
    // The union helpers come last, as one item (empty when no union needs them).
    let count = defs.len() + 1;
    let item = move |index: usize| match defs.get(index) {
        Some((id, def)) => type_item(ir, info, def, *id)
            .into_iter()
            .map(|piece| match piece {
                Piece::Tokens(tokens) => Piece::Tokens(super::features::gate(&def.features, tokens)),
                Piece::Text(text) => Piece::Text(super::features::cfg_line(&def.features, "") + &text),
                // Types print no impl blocks around members.
                members @ Piece::Members(_) => members,
            })
            .collect(),
        None => vec![union_helpers(ir).unwrap_or_default().into()],
    };
    (head, ItemSource { count, item: Box::new(item) })
}

/// A type's items: structs and aliases partly printed as text, the rest as tokens. A text piece holds one
/// item, so a feature gate's `#[cfg]` goes in front of it.
fn type_item(ir: &Ir, info: &CrateInfo, def: &TypeDef, id: TypeId) -> Vec<Piece> {
    // The docs and attributes as tokens, for the items printed as tokens (most are printed as text).
    let docs = || {
        let mut docs = doc_attrs(def.docs.as_deref());
        docs.extend(skipped_conversions_doc(ir, def, id));
        if def.deprecated {
            docs.extend(quote! { #[deprecated] });
        }
        if !matches!(def.kind, TypeKind::Alias(_)) {
            // Later specs may add properties, enum values and union variants without breaking callers, who
            // build values through `new` and `with_*` and match with a wildcard arm.
            docs.extend(quote! { #[non_exhaustive] });
        }
        docs
    };
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => {
            let constructors = match super::values::printed_constructors(ir, &def.name, fields) {
                Some(text) => Piece::Text(text),
                None => Piece::Tokens(super::values::constructors(ir, &name, fields)),
            };
            let printed = super::serde_impls::printed(&info.derives);
            let mut built_in = vec!["Clone", "Debug", "PartialEq"];
            if !printed {
                built_in.extend(["::serde::Serialize", "::serde::Deserialize"]);
            }
            if super::values::all_optional(fields) {
                built_in.push("Default");
            }
            // Printed as text where it reads exactly as the formatter would print it; else as tokens.
            let printed_definition =
                (printed && info.derives.is_empty()).then(|| printed_struct(ir, def, &built_in, fields)).flatten();
            let definition = match printed_definition {
                Some(text) => Piece::Text(text),
                None => {
                    let derive = derive_attr(&built_in, &info.derives);
                    let struct_fields = fields.iter().map(|field| struct_field(ir, field, !printed));
                    let docs = docs();
                    Piece::Tokens(quote! {
                        #docs
                        #derive
                        pub struct #name { #(#struct_fields,)* }
                    })
                }
            };
            if !printed {
                return vec![definition, constructors];
            }
            let serialize = Piece::Text(super::serde_impls::serialize_impl(&def.name, fields));
            let [deserialize, from_object] = super::serde_impls::deserialize_impl(ir, &def.name, fields);
            vec![definition, serialize, Piece::Text(deserialize), Piece::Text(from_object), constructors]
        }
        TypeKind::Alias(target) => match super::rust::type_text(ir, target, "") {
            Some(target) => {
                let mut text = String::new();
                super::printed::doc_comments(&mut text, def.docs.as_deref(), "");
                if def.deprecated {
                    text.push_str("#[deprecated]\n");
                }
                text.push_str(&format!("pub type {name} = {target};\n"));
                vec![Piece::Text(text)]
            }
            None => {
                let target = type_tokens(ir, target, &TokenStream::new());
                let docs = docs();
                vec![quote! { #docs pub type #name = #target; }.into()]
            }
        },
        TypeKind::Enum(string_enum) => super::enums::string_enum(&def.name, &printed_head(def), string_enum, info)
            .into_iter()
            .map(Piece::Text)
            .collect(),
        TypeKind::Union(union) => {
            let mut pieces = vec![tagged_union(ir, info, &name, &docs(), union).into()];
            pieces.extend(union_access(ir, info, def, id));
            pieces
        }
        TypeKind::Untagged(union) => {
            let mut pieces = vec![untagged_union(ir, info, &name, &docs(), union).into()];
            pieces.extend(union_access(ir, info, def, id));
            pieces
        }
    }
}

/// The formatter's line width: a longer line is broken, so a struct with one is left to the formatter.
pub(super) const FORMATTER_MARGIN: usize = 89;

/// A struct's definition (docs, attributes, fields) printed as the formatter prints it, for structs
/// without `#[serde]` attributes. `None` where a field's type has no text form (a type named in the
/// settings) or a field's line would be broken by the formatter.
fn printed_struct(ir: &Ir, def: &TypeDef, derives: &[&str], fields: &[Field]) -> Option<String> {
    let mut text = printed_head(def);
    text.push_str(&format!("#[derive({})]\n", derives.join(", ")));
    let name = ident(&def.name);
    if fields.is_empty() {
        text.push_str(&format!("pub struct {name} {{}}\n"));
        return Some(text);
    }
    text.push_str(&format!("pub struct {name} {{\n"));
    for field in fields {
        let mut ty = super::rust::type_text(ir, &field.ty, "")?;
        if field.boxed {
            ty = format!("::std::boxed::Box<{ty}>");
        }
        if field.is_tri_state() {
            ty = format!("super::Nullable<{ty}>");
        } else if field.is_optional() {
            ty = format!("::std::option::Option<{ty}>");
        }
        let line = format!("    pub {}: {ty},\n", ident(&field.rust_name));
        if line.len() - 1 > FORMATTER_MARGIN {
            return None;
        }
        super::printed::doc_comments(&mut text, field.docs.as_deref(), "    ");
        if field.lenient {
            if field.docs.is_some() {
                text.push_str("    ///\n");
            }
            text.push_str(
                "    /// Required by the spec, but `None` when a response leaves it out (`lenient-responses`).\n",
            );
        }
        if field.deprecated {
            text.push_str("    #[deprecated]\n");
        }
        text.push_str(&line);
    }
    text.push_str("}\n");
    Some(text)
}

/// The docs and attributes of a struct or enum that is printed as text.
fn printed_head(def: &TypeDef) -> String {
    let mut text = String::new();
    super::printed::doc_comments(&mut text, def.docs.as_deref(), "");
    if def.deprecated {
        text.push_str("#[deprecated]\n");
    }
    text.push_str("#[non_exhaustive]\n");
    text
}

/// A struct's field; with `serde_attributes`, the `#[serde]` attributes serde's derive reads.
fn struct_field(ir: &Ir, field: &Field, serde_attributes: bool) -> TokenStream {
    let mut docs = doc_attrs(field.docs.as_deref());
    if field.lenient {
        let separator = field.docs.is_some().then(|| quote! { #[doc = ""] });
        docs.extend(quote! {
            #separator
            #[doc = " Required by the spec, but `None` when a response leaves it out (`lenient-responses`)."]
        });
    }
    let name = ident(&field.rust_name);
    let mut ty = type_tokens(ir, &field.ty, &TokenStream::new());
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.is_tri_state() {
        ty = quote! { super::Nullable<#ty> };
    } else if field.is_optional() {
        ty = quote! { ::std::option::Option<#ty> };
    }
    let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
    if !serde_attributes {
        return quote! { #docs #deprecated pub #name: #ty };
    }
    if field.flatten {
        // The undeclared properties: serde hands the flattened map every key no other field took.
        return quote! { #docs #deprecated #[serde(flatten)] pub #name: #ty };
    }
    let mut serde = Vec::new();
    if crate::naming::bare(&field.rust_name) != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote! { rename = #wire });
    }
    if field.is_tri_state() {
        serde.push(quote! { default, skip_serializing_if = "super::Nullable::is_absent" });
    } else if !field.required || field.lenient {
        // A lenient field is required by the spec but may be missing from what the server sends.
        serde.push(quote! { default, skip_serializing_if = "::std::option::Option::is_none" });
    } else if !field.is_optional() && crate::ir::accepts_anything(&ir.types, &field.ty) {
        // A schema that accepts anything accepts an absent key too (JSON null).
        serde.push(quote! { default });
    }
    let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
    quote! { #docs #deprecated #serde pub #name: #ty }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Structs with docs on the type and its fields, a deprecated type and field, optional, nullable,
    /// boxed and lenient fields, and a field whose type is too long for one line.
    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Shapes, version: '1'}
paths:
  /nodes:
    get:
      operationId: listNodes
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [node]
                properties:
                  node: {$ref: '#/components/schemas/Node'}
                  wide: {$ref: '#/components/schemas/Wide'}
                  retired: {$ref: '#/components/schemas/Retired'}
components:
  schemas:
    Node:
      description: "A node.\n\nIts second paragraph, with `code` and a trailing space. "
      type: object
      required: [name, next]
      properties:
        name: {type: string, description: The name.}
        next: {$ref: '#/components/schemas/Node'}
        cleared: {type: string, nullable: true}
        old: {type: integer, deprecated: true, description: Gone soon.}
        type: {type: string}
    Wide:
      type: object
      properties:
        nested_maps_of_lists_that_go_on_and_on: {type: object, additionalProperties: {type: object, additionalProperties: {type: array, items: {type: string}}}}
    Retired:
      deprecated: true
      type: object
      properties:
        only: {type: string}
"#;

    /// What the formatter prints for the definition as tokens.
    fn formatted(ir: &Ir, def: &TypeDef, derives: &[&str], fields: &[Field]) -> String {
        let mut docs = doc_attrs(def.docs.as_deref());
        if def.deprecated {
            docs.extend(quote! { #[deprecated] });
        }
        let derive = derive_attr(derives, &[]);
        let name = ident(&def.name);
        let struct_fields = fields.iter().map(|field| struct_field(ir, field, false));
        let tokens = quote! { #docs #[non_exhaustive] #derive pub struct #name { #(#struct_fields,)* } };
        prettyplease::unparse(&syn::parse2(tokens).expect("a file"))
    }

    #[test]
    fn printed_structs_are_what_the_formatter_prints() {
        let spec = crate::load::load_str(SPEC, "shapes.yaml").expect("loads");
        let settings = crate::Settings::default().lenient_responses(true);
        let ir = crate::ir::build(&spec, &settings).expect("builds");
        let derives = ["Clone", "Debug", "PartialEq"];
        let (mut printed, mut left_to_the_formatter) = (0, 0);
        for def in &ir.types {
            let TypeKind::Struct(fields) = &def.kind else { continue };
            match printed_struct(&ir, def, &derives, fields) {
                Some(text) => {
                    assert_eq!(text, formatted(&ir, def, &derives, fields));
                    printed += 1;
                }
                None => left_to_the_formatter += 1,
            }
        }
        assert!(printed >= 3, "{printed} structs printed");
        assert_eq!(left_to_the_formatter, 1, "the struct with a line too long for the formatter's width");
    }
}
