//! What a `$ref` stands for, from where it sits in the document: a whole map or path item (copied in
//! place), a named component (its entry), or a component of some kind used elsewhere (placed under a
//! name and referenced locally).

use crate::pointer::JsonPointer;

/// A kind of reusable component a reference can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Section {
    Schemas,
    Parameters,
    Responses,
    RequestBodies,
    Headers,
    Examples,
    Links,
    Callbacks,
    SecuritySchemes,
}

impl Section {
    /// The section under `components` in OpenAPI 3.
    pub(super) fn openapi_key(self) -> &'static str {
        match self {
            Section::Schemas => "schemas",
            Section::Parameters => "parameters",
            Section::Responses => "responses",
            Section::RequestBodies => "requestBodies",
            Section::Headers => "headers",
            Section::Examples => "examples",
            Section::Links => "links",
            Section::Callbacks => "callbacks",
            Section::SecuritySchemes => "securitySchemes",
        }
    }

    /// The top-level map that holds it in Swagger 2.0, which has only three.
    pub(super) fn swagger_key(self) -> Option<&'static str> {
        match self {
            Section::Schemas => Some("definitions"),
            Section::Parameters => Some("parameters"),
            Section::Responses => Some("responses"),
            _ => None,
        }
    }

    fn from_openapi_key(key: &str) -> Option<Section> {
        ALL.into_iter().find(|section| section.openapi_key() == key)
    }

    fn from_swagger_key(key: &str) -> Option<Section> {
        ALL.into_iter().find(|section| section.swagger_key() == Some(key))
    }

    /// Where a component named `name` of this section lives.
    pub(super) fn pointer(self, swagger: bool, name: &str) -> Option<JsonPointer> {
        match swagger {
            true => Some(JsonPointer::root().join(self.swagger_key()?).join(name)),
            false => Some(JsonPointer::component(self.openapi_key(), name)),
        }
    }
}

const ALL: [Section; 9] = [
    Section::Schemas,
    Section::Parameters,
    Section::Responses,
    Section::RequestBodies,
    Section::Headers,
    Section::Examples,
    Section::Links,
    Section::Callbacks,
    Section::SecuritySchemes,
];

/// What a `$ref` at some position of the bundled document stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Position {
    /// `paths`, `components` or one of its maps (`definitions` in 2.0): the map itself is elsewhere.
    Container,
    /// A path item (under `paths`, `webhooks`, `callbacks`, `components/pathItems`).
    PathItem,
    /// The definition of a named component (`components/schemas/Pet`): its content is copied there.
    Entry(Section),
    /// A use of a component of this kind anywhere else.
    Use(Section),
}

/// Classifies the position `at` in a Swagger 2.0 (`swagger`) or OpenAPI 3 document.
pub(super) fn position(at: &JsonPointer, swagger: bool) -> Position {
    let tokens: Vec<String> = at.tokens().collect();
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    if swagger {
        match tokens.as_slice() {
            ["paths" | "definitions" | "parameters" | "responses"] => return Position::Container,
            ["paths", path] if !path.starts_with("x-") => return Position::PathItem,
            [section, _] => {
                if let Some(section) = Section::from_swagger_key(section) {
                    return Position::Entry(section);
                }
            }
            _ => {}
        }
    } else {
        match tokens.as_slice() {
            ["paths" | "webhooks" | "components"] | ["components", _] => return Position::Container,
            ["paths", path] if !path.starts_with("x-") => return Position::PathItem,
            ["webhooks" | "x-webhooks", _] | ["components", "pathItems", _] => return Position::PathItem,
            ["components", section, _] => {
                if let Some(section) = Section::from_openapi_key(section) {
                    return Position::Entry(section);
                }
            }
            [.., "callbacks", _, _] => return Position::PathItem,
            _ => {}
        }
    }
    Position::Use(use_section(&tokens))
}

/// The kind of component used at a position, from the keys just above it.
fn use_section(tokens: &[&str]) -> Section {
    let last = tokens.last().copied().unwrap_or_default();
    let parent = tokens.len().checked_sub(2).map(|index| tokens[index]).unwrap_or_default();
    match (parent, last) {
        (
            "properties" | "patternProperties" | "definitions" | "$defs" | "allOf" | "oneOf" | "anyOf" | "prefixItems",
            _,
        ) => Section::Schemas,
        (_, "schema" | "items" | "additionalProperties" | "not" | "contains" | "propertyNames") => Section::Schemas,
        ("parameters", _) => Section::Parameters,
        ("responses", _) => Section::Responses,
        (_, "requestBody") => Section::RequestBodies,
        ("headers", _) => Section::Headers,
        ("examples", _) => Section::Examples,
        ("links", _) => Section::Links,
        ("callbacks", _) => Section::Callbacks,
        _ => Section::Schemas,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> JsonPointer {
        JsonPointer::from_fragment(text).expect("pointer")
    }

    #[test]
    fn positions_of_openapi_3_references() {
        assert_eq!(position(&at("#/components/schemas"), false), Position::Container);
        assert_eq!(position(&at("#/paths/~1pets"), false), Position::PathItem);
        assert_eq!(position(&at("#/components/pathItems/Pets"), false), Position::PathItem);
        assert_eq!(position(&at("#/components/schemas/Pet"), false), Position::Entry(Section::Schemas));
        assert_eq!(
            position(&at("#/paths/~1pets/get/responses/200/content/application~1json/schema"), false),
            Position::Use(Section::Schemas)
        );
        assert_eq!(position(&at("#/paths/~1pets/get/responses/200"), false), Position::Use(Section::Responses));
        assert_eq!(position(&at("#/paths/~1pets/get/parameters/0"), false), Position::Use(Section::Parameters));
        assert_eq!(position(&at("#/paths/~1pets/post/requestBody"), false), Position::Use(Section::RequestBodies));
        assert_eq!(
            position(&at("#/components/schemas/Pet/properties/responses"), false),
            Position::Use(Section::Schemas)
        );
    }

    #[test]
    fn positions_of_swagger_2_references() {
        assert_eq!(position(&at("#/definitions"), true), Position::Container);
        assert_eq!(position(&at("#/definitions/Pet"), true), Position::Entry(Section::Schemas));
        assert_eq!(position(&at("#/paths/~1pets/get/parameters/1"), true), Position::Use(Section::Parameters));
        assert_eq!(Section::Headers.pointer(true, "X"), None);
    }
}
