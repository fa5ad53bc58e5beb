//! Resolving local `$ref`s into `#/components/...`.

use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// Refs may point at refs; a chain longer than this is treated as a cycle.
const MAX_REF_CHAIN: usize = 32;

/// A kind of reusable component that `$ref` can name.
pub trait ComponentKind: Sized {
    /// The section under `#/components`.
    const SECTION: &'static str;
    /// That section of the document's components.
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component_kind {
    ($type:ty, $section:literal, $field:ident) => {
        impl ComponentKind for $type {
            const SECTION: &'static str = $section;
            fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}
component_kind!(Parameter, "parameters", parameters);
component_kind!(Response, "responses", responses);
component_kind!(RequestBody, "requestBodies", request_bodies);
component_kind!(Schema, "schemas", schemas);

/// The component name that `reference` points at, if it is a local ref into `section`.
pub(crate) fn component_name(
    reference: &str,
    section: &str,
    label: &str,
    at: &JsonPointer,
) -> Result<String, Diagnostic> {
    let unsupported = |message: String, hint: &str| Diagnostic::new(label, at.clone(), message).with_hint(hint);
    let Some(pointer) = JsonPointer::from_fragment(reference) else {
        return Err(unsupported(
            format!("external reference `{reference}` is not supported"),
            "references to other files are read where OpenAPI allows a `$ref`; refer to a component here",
        ));
    };
    let tokens: Vec<String> = pointer.tokens().collect();
    match tokens.as_slice() {
        [components, kind, name] if components == "components" && kind == section => Ok(name.clone()),
        [components, kind, _] if components == "components" => Err(unsupported(
            format!("`$ref: {reference}` names {}, but {} belongs here", noun(kind), noun(section)),
            &format!("point the reference at a component under `#/components/{section}`"),
        )),
        _ => Err(unsupported(
            format!("reference `{reference}` does not point into `#/components/{section}`"),
            "point the reference at a named component in that section",
        )),
    }
}

/// A component of a section, in words: `requestBodies` → "a request body".
fn noun(section: &str) -> String {
    let singular = match section {
        "schemas" => "a schema",
        "parameters" => "a parameter",
        "responses" => "a response",
        "requestBodies" => "a request body",
        "headers" => "a header",
        "examples" => "an example",
        "securitySchemes" => "a security scheme",
        "links" => "a link",
        "callbacks" => "a callback",
        "pathItems" => "a path item",
        other => return format!("a component of `#/components/{other}`"),
    };
    singular.to_owned()
}

/// Follows `item` through any chain of refs to the inline object, returning it with its location.
pub(crate) fn resolve<'a, T: ComponentKind>(
    document: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
    at: &JsonPointer,
    label: &str,
) -> Result<(&'a T, JsonPointer), Diagnostic> {
    match item {
        ReferenceOr::Item(value) => Ok((value, at.clone())),
        ReferenceOr::Reference { reference } => {
            resolve_ref(document, reference, at, label).map(|(_, value, location)| (value, location))
        }
    }
}

/// Follows a `$ref` string (and any refs it leads to) to the inline object. Returns the name the
/// reference itself names, the object, and the object's location.
pub(crate) fn resolve_ref<'a, T: ComponentKind>(
    document: &'a OpenAPI,
    reference: &str,
    at: &JsonPointer,
    label: &str,
) -> Result<(String, &'a T, JsonPointer), Diagnostic> {
    let first_name = component_name(reference, T::SECTION, label, at)?;
    let mut name = first_name.clone();
    let mut reference = reference.to_owned();
    let mut location = at.clone();
    let mut chain = vec![first_name.clone()];
    for _ in 0..MAX_REF_CHAIN {
        let target = document.components.as_ref().and_then(|components| T::section(components).get(&name));
        let Some(target) = target else {
            return Err(Diagnostic::new(label, location, format!("`$ref: {reference}` points at nothing"))
                .with_hint(format!("define `{name}` under `#/components/{}` or fix the name", T::SECTION)));
        };
        location = JsonPointer::component(T::SECTION, &name);
        match target {
            ReferenceOr::Item(value) => return Ok((first_name, value, location)),
            ReferenceOr::Reference { reference: next } => {
                name = component_name(next, T::SECTION, label, &location)?;
                reference = next.clone();
                if let Some(start) = chain.iter().position(|seen| *seen == name) {
                    // Shown from the component the reference sits in, when that is part of the cycle.
                    let mut members: Vec<&String> = chain[start..].iter().collect();
                    let own = at.tokens().collect::<Vec<_>>();
                    if let [components, section, own] = own.as_slice()
                        && components == "components"
                        && section == T::SECTION
                        && let Some(index) = members.iter().position(|member| *member == own)
                    {
                        members.rotate_left(index);
                    }
                    members.push(members[0]);
                    let cycle: Vec<String> = members.iter().map(|name| format!("`{name}`")).collect();
                    return Err(Diagnostic::new(
                        label,
                        at.clone(),
                        format!("`$ref` cycle with no definition in it: {}", cycle.join(" → ")),
                    )
                    .with_hint(format!(
                        "make one of these point at a real definition instead of another `$ref` (under `#/components/{}`)",
                        T::SECTION
                    )));
                }
                chain.push(name.clone());
            }
        }
    }
    Err(Diagnostic::new(
        label,
        at.clone(),
        format!("`$ref` chain longer than {MAX_REF_CHAIN} references: `{}` → …", chain[..4].join("` → `")),
    )
    .with_hint("point the reference at the definition directly"))
}

/// A schema position: either a ref to a named component or an inline schema.
#[derive(Clone, Copy, Debug)]
pub(crate) enum SchemaRef<'a> {
    /// `$ref` to `#/components/schemas/...` (the raw reference string).
    Ref(&'a str),
    /// A schema written in place.
    Inline(&'a Schema),
}

/// Views any of openapiv3's schema reference shapes uniformly.
pub(crate) fn schema_ref<S: std::borrow::Borrow<Schema>>(item: &ReferenceOr<S>) -> SchemaRef<'_> {
    match item {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(schema) => SchemaRef::Inline(schema.borrow()),
    }
}
