//! Integers marked as Unix timestamps (`format: unixtime`, `format: unixtime-ms`): the `timestamp` runtime
//! module, its crate-root re-exports and chrono come only with them, also in types-only crates; unmarked
//! integers stay integers.

use openapi_client_gen::{Settings, generate, load};

fn spec(created_at: &str) -> String {
    let created_at: serde_json::Value = serde_json::from_str(created_at).expect("schema JSON");
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/e": {"get": {"operationId": "getE", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}}}}}},
        "components": {"schemas": {"E": {"type": "object", "required": ["createdAt"],
            "properties": {"createdAt": created_at, "count": {"type": "integer"}}}}}
    })
    .to_string()
}

fn files(created_at: &str, settings: &Settings) -> std::collections::BTreeMap<String, String> {
    let spec = load::load_str(&spec(created_at), "t.json").expect("loads");
    let generated = generate(&spec, settings).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    generated.files.files
}

#[test]
fn each_marker_gives_its_type_and_the_module() {
    for (schema, rust) in [
        (r#"{"type": "integer", "format": "unixtime"}"#, "pub created_at: super::UnixSeconds,"),
        (r#"{"type": "integer", "format": "unixtime-ms"}"#, "pub created_at: super::UnixMillis,"),
    ] {
        for types_only in [false, true] {
            let files = files(schema, &Settings::default().crate_name("t").types_only(types_only));
            assert!(files["src/types.rs"].contains(rust), "{schema}: {}", files["src/types.rs"]);
            assert!(files["src/types.rs"].contains("pub count: ::std::option::Option<i64>,"));
            assert!(files.contains_key("src/timestamp.rs"), "{schema}, types only {types_only}");
            assert!(files["src/lib.rs"].contains("pub use timestamp::{TimestampError, UnixMillis, UnixSeconds};"));
            assert!(files["Cargo.toml"].contains("chrono = "));
        }
    }
}

#[test]
fn unmarked_integers_need_neither_the_module_nor_chrono() {
    for schema in [
        r#"{"type": "integer"}"#,
        r#"{"type": "integer", "format": "int64"}"#,
        r#"{"type": "number", "format": "unixtime"}"#,
    ] {
        let files = files(schema, &Settings::default().crate_name("t"));
        assert!(!files.contains_key("src/timestamp.rs"), "{schema}");
        assert!(!files["src/lib.rs"].contains("timestamp"), "{schema}");
        assert!(!files["Cargo.toml"].contains("chrono"), "{schema}");
        assert!(!files["src/types.rs"].contains("Unix"), "{schema}");
    }
}
