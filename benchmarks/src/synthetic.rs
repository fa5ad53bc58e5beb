//! Synthetic specs of a given size: `n` operations and `n` schemas, each schema with scalars, an enum, a
//! reference to the previous schema and a list, each operation with path and query parameters, a body
//! and a response. Deterministic, so every run measures the same document.

use serde_json::{Map, Value, json};

/// A spec with `n` operations and `n` schemas, as JSON text.
pub fn spec(n: usize) -> String {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for index in 0..n {
        let previous = if index == 0 { n - 1 } else { index - 1 };
        schemas.insert(
            format!("Resource{index}"),
            json!({
                "type": "object",
                "description": format!("Resource number {index}."),
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string", "description": "Its name."},
                    "count": {"type": "integer", "format": "int64"},
                    "ratio": {"type": "number", "nullable": true},
                    "state": {"type": "string", "enum": ["active", "archived", "deleted"]},
                    "created_at": {"type": "string", "format": "date-time"},
                    "previous": {"$ref": format!("#/components/schemas/Resource{previous}")},
                    "tags": {"type": "array", "items": {"type": "string"}}
                }
            }),
        );
        let reference = json!({"$ref": format!("#/components/schemas/Resource{index}")});
        let method = if index % 2 == 0 { "get" } else { "post" };
        let mut operation = json!({
            "operationId": format!("operation{index}"),
            "summary": format!("Operation {index}"),
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": reference.clone()}}},
                "404": {"description": "Not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Resource0"}}}}
            }
        });
        if method == "post" {
            operation["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": reference}}});
        }
        let mut item = Map::new();
        item.insert(method.to_owned(), operation);
        paths.insert(format!("/resources{index}/{{id}}"), Value::Object(item));
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    });
    serde_json::to_string(&document).expect("serialises")
}
