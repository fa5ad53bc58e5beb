//! Bundling multi-file descriptions, on files written to a temporary folder.

use serde_json::json;

use super::*;

/// Bundles `files` (the first is the root, named `api.yaml` in messages).
fn bundled(files: &[(&str, &str)]) -> Result<(Value, Origins), Error> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
    let root = dir.path().join(files[0].0);
    let value = super::super::parse::parse_document(files[0].1, "api.yaml").expect("parses");
    let bundle = bundle(value, files[0].1, "api.yaml", Some(&root))?;
    let mut map = super::super::SourceMap::default();
    map.push(bundle.layer);
    Ok((bundle.document, Origins(map)))
}

struct Origins(super::super::SourceMap);

impl Origins {
    fn of(&self, pointer: &str) -> String {
        let (file, at) = self.0.origin(&JsonPointer::from_fragment(pointer).expect("pointer"));
        format!("{} {at}", file.unwrap_or("api.yaml"))
    }
}

#[test]
fn clashing_names_get_a_suffix_and_one_target_is_one_component() {
    let (document, origins) = bundled(&[
        (
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    A: {properties: {x: {$ref: './pet.yaml'}, y: {$ref: 'models/../pet.yaml'}, z: {$ref: './models/pet.yaml#/Pet'}}}\n",
        ),
        ("pet.yaml", "type: string\n"),
        ("models/pet.yaml", "Pet: {type: integer}\n"),
    ])
    .expect("bundles");
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["A"]["properties"]["x"], json!({"$ref": "#/components/schemas/pet"}));
    assert_eq!(schemas["A"]["properties"]["y"], json!({"$ref": "#/components/schemas/pet"}));
    assert_eq!(schemas["A"]["properties"]["z"], json!({"$ref": "#/components/schemas/Pet2"}));
    assert_eq!(schemas["Pet2"], json!({"type": "integer"}));
    assert!(origins.of("#/components/schemas/Pet2/type").ends_with("models/pet.yaml #/Pet/type"));
}

#[test]
fn swagger_2_components_from_other_files_go_to_its_top_level_maps() {
    let (document, _) = bundled(&[
        (
            "api.yaml",
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: 'common.yaml#/parameters/Limit'}]\n      responses: {'200': {description: ok, schema: {$ref: 'common.yaml#/definitions/Thing'}}}\n",
        ),
        (
            "common.yaml",
            "parameters:\n  Limit: {name: limit, in: query, type: integer}\ndefinitions:\n  Thing: {type: object}\n",
        ),
    ])
    .expect("bundles");
    assert_eq!(document["definitions"]["Thing"], json!({"type": "object"}));
    assert_eq!(document["parameters"]["Limit"]["name"], json!("limit"));
    assert_eq!(document["paths"]["/a"]["get"]["parameters"][0], json!({"$ref": "#/parameters/Limit"}));
}

#[test]
fn path_items_within_the_document_are_copied_in_place() {
    let (document, origins) = bundled(&[(
        "api.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: '#/components/pathItems/A', summary: mine}\ncomponents:\n  pathItems:\n    A: {summary: theirs, get: {responses: {'204': {description: ok}}}}\n",
    )])
    .expect("bundles");
    assert_eq!(document["paths"]["/a"]["summary"], json!("mine"));
    assert_eq!(document["paths"]["/a"]["get"]["responses"]["204"]["description"], json!("ok"));
    assert_eq!(origins.of("#/paths/~1a/get"), "api.yaml #/components/pathItems/A/get");
}

#[test]
fn a_path_item_that_contains_itself_is_an_error() {
    let error = bundled(&[
        ("api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: './a.yaml'}\n"),
        ("a.yaml", "get:\n  callbacks:\n    c:\n      '{$url}': {$ref: './a.yaml'}\n"),
    ])
    .err()
    .expect("fails")
    .to_string();
    assert!(
        error.contains("a.yaml at #/get/callbacks/c/{$url}: line 4: the reference is part of what it refers to"),
        "{error}"
    );
}
