//! Matching a path template (`/pets/{id}`) with the operation's path parameters.
//!
//! Real specs often get this pairing wrong, and the intent is plain, so a mismatch is repaired with a
//! warning (an error under `--strict`, where warnings are errors):
//! - `{name}` that no parameter declares becomes a required string path parameter: the server needs a
//!   value there and nothing says more about it than "text".
//! - `{name}` declared only in another case (`{petId}`, `name: petid`) uses that declaration, which keeps
//!   its type and docs.
//! - a declared path parameter missing from the template is dropped: there is nowhere to send it.
//!
//! A template that is itself malformed (`{}`, `{a{b}`) stays an error: nothing says what the author
//! meant to put there.

use super::model::{Param, ParamLocation, PathSegment, QueryStyle, Scalar, TypeRef};
use super::params::BUILDER_FIELDS;
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::naming::{NameScope, bare, value_name};
use crate::pointer::JsonPointer;

/// A piece of the template as written.
enum Part<'p> {
    Literal(&'p str),
    Name(&'p str),
}

/// The template as literal text and parameters, after repairing every mismatch between `{name}`s and the
/// declared path parameters (`params` gains and loses path parameters accordingly). Returns `None` when
/// the template is malformed, which is reported as an error.
pub(super) fn path_segments(
    builder: &mut TypeBuilder<'_>,
    path: &str,
    params: &mut Vec<Param>,
    at: &JsonPointer,
) -> Option<Vec<PathSegment>> {
    let parts = split(builder, path, at)?;
    let names: Vec<&str> = parts
        .iter()
        .filter_map(|part| match part {
            Part::Name(name) => Some(*name),
            Part::Literal(_) => None,
        })
        .collect();
    let is_path = |param: &Param| param.location == ParamLocation::Path;
    for &name in &names {
        if params.iter().any(|param| is_path(param) && param.wire_name == name) {
            continue;
        }
        // Only a declaration no other `{name}` claims exactly, and only one: otherwise the choice is a guess.
        let mut other_case = params.iter().enumerate().filter(|(_, param)| {
            is_path(param) && param.wire_name.eq_ignore_ascii_case(name) && !names.contains(&param.wire_name.as_str())
        });
        if let (Some((index, _)), None) = (other_case.next(), other_case.next()) {
            let param = &mut params[index];
            builder.warnings.push(
                Diagnostic::new(
                    builder.label,
                    param.pointer.clone(),
                    format!(
                        "path template has `{{{name}}}` but the path parameter is named `{}`; used it for `{{{name}}}`",
                        param.wire_name
                    ),
                )
                .with_hint(format!("write the same name in the template and in `name: {name}`")),
            );
            param.wire_name = name.to_owned();
            continue;
        }
        builder.warnings.push(
            Diagnostic::new(
                builder.label,
                at.clone(),
                format!(
                    "path template has `{{{name}}}` but no path parameter declares it; declared `{{{name}}}` as a \
                     required string path parameter"
                ),
            )
            .with_hint(format!("add a parameter with `name: {name}` and `in: path` to give it a type")),
        );
        let mut scope = NameScope::with_reserved(BUILDER_FIELDS);
        for param in params.iter() {
            scope.claim(bare(&param.rust_name));
        }
        params.push(Param {
            rust_name: scope.claim(&value_name(name, "param")),
            wire_name: name.to_owned(),
            location: ParamLocation::Path,
            ty: TypeRef::Scalar(Scalar::String),
            required: true,
            style: QueryStyle::Form { explode: false },
            deprecated: false,
            docs: None,
            pointer: at.clone(),
        });
    }
    params.retain(|param| {
        if !is_path(param) || names.contains(&param.wire_name.as_str()) {
            return true;
        }
        builder.warnings.push(
            Diagnostic::new(
                builder.label,
                param.pointer.clone(),
                format!(
                    "path parameter `{}` does not appear in the path `{path}`; dropped it, there is nowhere to send it",
                    param.wire_name
                ),
            )
            .with_hint("add it to the path template or change it to `in: query`"),
        );
        false
    });
    let segments = parts
        .into_iter()
        .filter_map(|part| match part {
            Part::Literal(text) => Some(PathSegment::Literal(text.to_owned())),
            // Every name has a path parameter by now.
            Part::Name(name) => {
                params.iter().position(|param| is_path(param) && param.wire_name == name).map(PathSegment::Param)
            }
        })
        .collect();
    Some(segments)
}

/// Splits the template at its `{name}`s. A `{` with no `}` after it is literal text, as before; an empty
/// name or a `{` inside a name is reported.
fn split<'p>(builder: &mut TypeBuilder<'_>, path: &'p str, at: &JsonPointer) -> Option<Vec<Part<'p>>> {
    let mut parts = Vec::new();
    let mut rest = path;
    let mut malformed = false;
    while let Some((literal, (name, after))) =
        rest.split_once('{').and_then(|(literal, tail)| Some((literal, tail.split_once('}')?)))
    {
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        if name.trim().is_empty() || name.contains('{') {
            builder.error(
                Diagnostic::new(builder.label, at.clone(), format!("path template has a malformed `{{{name}}}`"))
                    .with_hint("a template parameter is a name in braces, such as `/pets/{petId}`"),
            );
            malformed = true;
        }
        parts.push(Part::Name(name));
        rest = after;
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest));
    }
    (!malformed).then_some(parts)
}
