//! The conversion of whole Swagger 2.0 documents.

use serde_json::json;

use super::*;

fn converted(document: Value) -> (Value, Layer, Vec<String>) {
    let (out, layer, warnings) = convert(&document, "api.yaml").expect("converts");
    (out, layer, warnings.iter().map(|warning| format!("{} {}", warning.pointer, warning.message)).collect())
}

#[test]
fn bodies_forms_and_responses_take_the_media_types_of_their_level() {
    let (out, _, warnings) = converted(json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "consumes": ["application/json"], "produces": ["application/xml"],
        "paths": {"/a": {
            "post": {"parameters": [{"name": "b", "in": "body", "required": true, "schema": {"$ref": "#/definitions/A"}}],
                     "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}},
            "put": {"consumes": ["application/x-www-form-urlencoded"], "produces": ["application/json"],
                    "parameters": [{"name": "n", "in": "formData", "type": "string", "required": true},
                                   {"name": "l", "in": "formData", "type": "array", "items": {"type": "string"}}],
                    "responses": {"204": {"description": "ok"}}},
            "patch": {"parameters": [{"name": "f", "in": "formData", "type": "file"}],
                      "responses": {"204": {"description": "ok"}}}
        }},
        "definitions": {"A": {"type": "object"}}
    }));
    assert!(warnings.is_empty(), "{warnings:?}");
    let a = &out["paths"]["/a"];
    assert_eq!(
        a["post"]["requestBody"],
        json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}},
            "x-codegen-request-body-name": "b"})
    );
    assert_eq!(
        a["post"]["responses"]["200"]["content"],
        json!({"application/xml": {"schema": {"$ref": "#/components/schemas/A"}}})
    );
    assert_eq!(
        a["put"]["requestBody"],
        json!({"required": true, "content": {"application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": {"n": {"type": "string"}, "l": {"type": "array", "items": {"type": "string"}}}, "required": ["n"]},
            "encoding": {"l": {"style": "form", "explode": false}}}}})
    );
    assert_eq!(
        a["patch"]["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["f"],
        json!({"type": "string", "format": "binary"})
    );
}

#[test]
fn the_source_map_leads_back_to_the_2_0_pointers() {
    let (_, layer, _) = converted(json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {
            "parameters": [{"name": "b", "in": "body", "schema": {"type": "object"}},
                           {"name": "q", "in": "query", "type": "string"}],
            "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}}}}
    }));
    let mut map = super::super::SourceMap::default();
    map.push(layer);
    let origin = |pointer: &str| map.origin(&JsonPointer::from_fragment(pointer).expect("pointer")).1.to_string();
    assert_eq!(origin("#/paths/~1a/get/parameters/0/schema/type"), "#/paths/~1a/get/parameters/1/type");
    assert_eq!(
        origin("#/paths/~1a/get/requestBody/content/application~1json/schema"),
        "#/paths/~1a/get/parameters/0/schema"
    );
    assert_eq!(
        origin("#/paths/~1a/get/responses/200/content/application~1json/schema/type"),
        "#/paths/~1a/get/responses/200/schema/type"
    );
}

#[test]
fn only_version_2_0_is_read() {
    let error = convert(&json!({"swagger": "1.2"}), "api.yaml").unwrap_err();
    assert!(error.to_string().contains("api.yaml at #/swagger: unsupported Swagger version `1.2`"), "{error}");
}

#[test]
fn an_unquoted_version_number_is_read() {
    let (out, _, _) = converted(json!({"swagger": 2.0, "info": {"title": "t", "version": "1"}, "paths": {}}));
    assert_eq!(out["openapi"], json!("3.0.3"));
}

#[test]
fn malformed_documents_are_errors_or_warnings_never_panics() {
    let head = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";
    for body in [
        "paths: []\n",
        "paths: {/a: 5}\n",
        "paths: {/a: {get: []}}\n",
        "paths: {/a: {get: {parameters: 5, responses: []}}}\n",
        "paths: {/a: {get: {parameters: [5, {in: body}, {in: formData}], responses: {'200': 5}}}}\n",
        "paths: {/a: {get: {parameters: [{$ref: '#/parameters/Nope'}], responses: {'200': {$ref: '#/responses/Nope'}}}}}\n",
        "paths: {/a: {parameters: [{in: body, name: b}], get: {responses: {'200': {description: ok, headers: {X: 5}}}}}}\n",
        "paths: {}\ndefinitions: 5\nparameters: []\nresponses: 'x'\nsecurityDefinitions: {a: 5, b: {type: oauth2}}\n",
        "paths: {}\nhost: 5\nschemes: 'https'\nconsumes: 5\n",
    ] {
        let text = format!("{head}{body}");
        match crate::load::load_str(&text, "api.yaml") {
            Ok(spec) => {
                let _ = crate::generate(&spec, &crate::Settings::default());
            }
            Err(error) => assert!(error.to_string().starts_with("error: api.yaml at #"), "{body}: {error}"),
        }
    }
}
