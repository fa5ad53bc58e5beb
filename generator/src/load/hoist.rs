//! `$ref`s that point somewhere other than a named component (`#/paths/~1pets/get/responses/200/...`,
//! `#/components/schemas/Pet/properties/owner`) are valid JSON pointers but have no name of their own.
//! This pass copies each such target into `components` under a name derived from its location and points
//! the references there, so the later stages only ever deal with named components.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::naming::type_name;
use crate::pointer::{JsonPointer, push_escaped};

/// Pointer tokens that say where something is rather than what it is; left out of derived names.
const STRUCTURAL: &[&str] = &[
    "paths",
    "components",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "content",
    "schema",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "additionalProperties",
    "requestBody",
    "get",
    "put",
    "post",
    "delete",
    "patch",
    "head",
    "options",
    "trace",
];

/// Bounds the passes: a hoisted copy can itself hold such references, a few levels at most in practice.
const MAX_PASSES: usize = 8;

/// Hoists every reference target that is not a named component.
pub fn hoist_unnamed_targets(document: &mut Value) {
    for _ in 0..MAX_PASSES {
        let mut found = Vec::new();
        collect(document, &mut Location::default(), Section::None, &mut found);
        if found.is_empty() {
            return;
        }
        let mut hoisted: Vec<(String, String)> = Vec::new();
        for (location, target, section) in found {
            let new_ref = match hoisted.iter().find(|(old, _)| *old == target) {
                Some((_, new_ref)) => new_ref.clone(),
                None => {
                    let Some(copy) = fragment_target(document, &target).cloned() else { continue };
                    let Some(name) = insert_component(document, section.key(), &target, copy) else { continue };
                    let new_ref = format!("#/components/{}/{}", section.key(), escape(&name));
                    hoisted.push((target.clone(), new_ref.clone()));
                    new_ref
                }
            };
            if let Some(Value::Object(object)) = document.pointer_mut(&location) {
                object.insert("$ref".to_owned(), Value::String(new_ref));
            }
        }
        if hoisted.is_empty() {
            return;
        }
    }
}

/// Which components section a reference at some position belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    None,
    Schemas,
    Responses,
    Parameters,
    RequestBodies,
    Headers,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::None | Section::Schemas => "schemas",
            Section::Responses => "responses",
            Section::Parameters => "parameters",
            Section::RequestBodies => "requestBodies",
            Section::Headers => "headers",
        }
    }
}

fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// Finds `$ref`s that need hoisting: (location of the referencing object, target, section).
///
/// `location` is one stack of borrowed tokens the walk extends and cuts back (see [`Location`]): it is
/// only written as a pointer for the rare reference found.
fn collect<'v>(
    value: &'v Value,
    location: &mut Location<'v>,
    section: Section,
    found: &mut Vec<(String, String, Section)>,
) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(target)) = reference(object) {
                if section != Section::None && needs_hoisting(target, section) {
                    found.push((location.pointer(), target.clone(), section));
                }
                return;
            }
            let in_components = location.is_components();
            for (key, child) in object {
                if key.starts_with("x-") || key == "example" || key == "examples" || key == "default" || key == "enum" {
                    continue;
                }
                location
                    .at(Token::Key(key), |location| collect_child(key, child, in_components, location, section, found));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                location.at(Token::Index(index), |location| collect(item, location, section, found));
            }
        }
        _ => {}
    }
}

/// [`collect`] for the member `key` of an object in `section`, with `location` already at `child`.
fn collect_child<'v>(
    key: &str,
    child: &'v Value,
    in_components: bool,
    location: &mut Location<'v>,
    section: Section,
    found: &mut Vec<(String, String, Section)>,
) {
    let child_section = match (section, key) {
        // A map of schemas: every value is a schema, whatever its key.
        (Section::Schemas, "properties" | "patternProperties" | "$defs" | "definitions") => {
            return collect_schema_map(child, location, found);
        }
        (Section::Schemas, _) | (_, "schema") => Section::Schemas,
        (_, "schemas") if in_components => return collect_schema_map(child, location, found),
        _ => Section::None,
    };
    if key == "requestBody" {
        return collect(child, location, Section::RequestBodies, found);
    }
    // Members of maps and lists whose entries are components of one kind.
    let entries = match key {
        "responses" => Some(Section::Responses),
        "parameters" => Some(Section::Parameters),
        "headers" => Some(Section::Headers),
        "requestBodies" if in_components => Some(Section::RequestBodies),
        _ => None,
    };
    match (entries, child) {
        (Some(kind), Value::Object(_) | Value::Array(_)) => collect_members(child, location, |member, location| {
            collect(member, location, kind, found);
            collect_inside(member, location, found);
        }),
        _ => collect(child, location, child_section, found),
    }
}

/// The members of a map whose every value is a schema; anything but a map holds none.
fn collect_schema_map<'v>(value: &'v Value, location: &mut Location<'v>, found: &mut Vec<(String, String, Section)>) {
    if value.is_object() {
        collect_members(value, location, |member, location| collect(member, location, Section::Schemas, found));
    }
}

/// Calls `visit` with each member of a map (by key) or list (by index), `location` at that member.
fn collect_members<'v>(
    value: &'v Value,
    location: &mut Location<'v>,
    mut visit: impl FnMut(&'v Value, &mut Location<'v>),
) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                location.at(Token::Key(name), |location| visit(member, location));
            }
        }
        Value::Array(members) => {
            for (index, member) in members.iter().enumerate() {
                location.at(Token::Index(index), |location| visit(member, location));
            }
        }
        _ => {}
    }
}

/// Walks into a component-like object (a response, a parameter) for the schemas it holds.
fn collect_inside<'v>(value: &'v Value, location: &mut Location<'v>, found: &mut Vec<(String, String, Section)>) {
    if let Value::Object(object) = value
        && !object.contains_key("$ref")
    {
        for (key, child) in object {
            location.at(Token::Key(key), |location| collect(child, location, Section::None, found));
        }
    }
}

/// Where the walk is: the keys and indices from the document's root, borrowed from the document.
#[derive(Default)]
struct Location<'v> {
    tokens: Vec<Token<'v>>,
}

#[derive(Clone, Copy)]
enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

impl<'v> Location<'v> {
    /// Runs `visit` with the location extended by `token`, then cuts it back.
    fn at(&mut self, token: Token<'v>, visit: impl FnOnce(&mut Self)) {
        self.tokens.push(token);
        visit(self);
        self.tokens.pop();
    }

    fn is_components(&self) -> bool {
        matches!(self.tokens.as_slice(), [Token::Key("components")])
    }

    /// The location as an escaped JSON pointer (`/paths/~1pets/get`).
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for token in &self.tokens {
            pointer.push('/');
            match token {
                Token::Key(key) => push_escaped(&mut pointer, key),
                Token::Index(index) => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    }
}

/// The object's `$ref`, found without hashing the key: the walk visits every object of the document, most
/// of them with a few keys.
fn reference(object: &Map<String, Value>) -> Option<&Value> {
    if object.len() > 8 {
        return object.get("$ref");
    }
    object.iter().find_map(|(key, value)| (key == "$ref").then_some(value))
}

/// Whether a reference is local but does not name a component of the expected section directly.
fn needs_hoisting(target: &str, section: Section) -> bool {
    // Nearly every reference is written `#/components/<section>/<name>`, which names one directly.
    let direct = target.strip_prefix("#/components/").and_then(|rest| rest.strip_prefix(section.key()));
    if direct.and_then(|rest| rest.strip_prefix('/')).is_some_and(|name| !name.is_empty() && !name.contains('/')) {
        return false;
    }
    let Some(pointer) = JsonPointer::from_fragment(target) else { return false };
    let tokens: Vec<String> = pointer.tokens().collect();
    !(tokens.len() == 3 && tokens[0] == "components" && tokens[1] == section.key())
}

fn fragment_target<'v>(document: &'v Value, target: &str) -> Option<&'v Value> {
    let pointer = target.strip_prefix('#')?;
    // Some specs percent-encode braces and other characters in pointers (`%7Bid%7D`).
    document.pointer(pointer).or_else(|| document.pointer(&percent_decode(pointer)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(decoded) = text.get(index + 1..index + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(decoded);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Inserts `value` as a new component named after `target`'s meaningful tokens; returns the name.
fn insert_component(document: &mut Value, section: &str, target: &str, value: Value) -> Option<String> {
    let tokens: Vec<String> = JsonPointer::from_fragment(target)?.tokens().collect();
    // A path token (`/pets/{id}`) contributes its segments; media types (`application/json`) nothing.
    let meaningful: Vec<&str> = tokens
        .iter()
        .flat_map(|token| match token.starts_with('/') {
            true => token.split('/').map(|segment| segment.trim_matches(|c| c == '{' || c == '}')).collect(),
            false if token.contains('/') => Vec::new(),
            false => vec![token.as_str()],
        })
        .filter(|token| !STRUCTURAL.contains(token) && !token.is_empty())
        .collect();
    let tail = &meaningful[meaningful.len().saturating_sub(3)..];
    let base = type_name(&tail.join(" "), "Hoisted");
    let components = document.as_object_mut()?.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let members = components.as_object_mut()?.entry(section).or_insert_with(|| Value::Object(Map::new()));
    let members = members.as_object_mut()?;
    let taken: BTreeSet<&String> = members.keys().collect();
    let mut name = base.clone();
    let mut suffix = 2;
    while taken.contains(&name) {
        name = format!("{base}{suffix}");
        suffix += 1;
    }
    members.insert(name.clone(), value);
    Some(name)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn property_and_path_targets_become_named_components() {
        let mut document = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Disk/properties/filesystem"}}}},
                "401": {"$ref": "#/paths/~1b/get/responses/401"}
            }}}, "/b": {"get": {"responses": {"401": {"description": "no"}}}}},
            "components": {"schemas": {"Disk": {"type": "object", "properties": {"filesystem": {"type": "string", "enum": ["ext4"]}}}}}
        });
        hoist_unnamed_targets(&mut document);
        assert_eq!(
            document.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/DiskFilesystem"))
        );
        assert_eq!(document.pointer("/components/schemas/DiskFilesystem/enum"), Some(&json!(["ext4"])));
        assert_eq!(document.pointer("/paths/~1a/get/responses/401/$ref"), Some(&json!("#/components/responses/B401")));
        assert_eq!(document.pointer("/components/responses/B401"), Some(&json!({"description": "no"})));
    }
}
