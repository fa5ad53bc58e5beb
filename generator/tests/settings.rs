//! Settings that name things in the spec are checked against it, so a typo is an error naming the key.

use openapi_client_gen::{Settings, generate, load};

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths:
  /animals:
    get:
      operationId: listAnimals
      tags: [animals]
      responses:
        '200':
          description: Animals.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Animal'}}
    post:
      operationId: addAnimal
      tags: [animals]
      requestBody:
        content:
          application/json:
            schema: {not: {type: string}}
      responses:
        '204': {description: Added.}
components:
  schemas:
    Animal:
      type: object
      properties:
        name: {type: string}
"#;

fn errors(settings: &Settings) -> String {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    match generate(&spec, settings) {
        Ok(_) => panic!("expected an error"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn names_that_match_nothing_in_the_spec_are_errors() {
    let settings = Settings::default()
        .include_tag("plants")
        .include_operation("listPlants")
        .rename_operation("waterPlants", "water")
        .replace_type("Plant", "String")
        .rename_type("Tree", "Oak");
    let message = errors(&settings);
    for expected in [
        "settings at #/tags/plants: no operation has the tag `plants`",
        "settings at #/operations/listPlants: no operation has the operationId `listPlants`",
        "settings at #/operation-names/waterPlants: no operation has the operationId `waterPlants`",
        "settings at #/type-replacements/Plant: `Plant` is not a schema of this spec",
        "settings at #/type-names/Tree: `Tree` is not a schema of this spec",
    ] {
        assert!(message.contains(expected), "missing `{expected}` in:\n{message}");
    }
    assert!(message.ends_with("5 errors"), "{message}");
}

#[test]
fn strict_turns_warnings_into_errors() {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    let lenient = generate(&spec, &Settings::default()).expect("generates with a warning");
    assert_eq!(lenient.warnings.len(), 1, "{:?}", lenient.warnings);
    assert!(lenient.warnings[0].to_string().contains("`not` schemas"));
    let message = errors(&Settings::default().strict(true));
    assert!(
        message
            .contains("zoo.yaml at #/paths/~1animals/post/requestBody/content/application~1json/schema: `not` schemas"),
        "{message}"
    );
}

#[test]
fn a_filter_keeps_only_the_types_its_operations_use() {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    let all = generate(&spec, &Settings::default()).expect("generates");
    assert!(all.files.files["src/types.rs"].contains("pub struct Animal"));
    let filtered = generate(&spec, &Settings::default().include_operation("addAnimal")).expect("generates");
    assert_eq!(filtered.operation_count, 1);
    assert_eq!(filtered.type_count, 0);
    assert!(!filtered.files.files["src/types.rs"].contains("Animal"));
    assert!(!filtered.files.files["src/requests.rs"].contains("list_animals"));
}

#[test]
fn a_replaced_type_is_used_where_its_schema_is_referenced() {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    let settings = Settings::default().replace_type("Animal", "my_zoo::Animal");
    let generated = generate(&spec, &settings).expect("generates");
    assert!(!generated.files.files["src/types.rs"].contains("pub struct Animal"));
    let requests = &generated.files.files["src/requests.rs"];
    // The success type is an argument of the `request_options!` call, printed as Rust.
    assert!(requests.contains("::std::vec::Vec<my_zoo::Animal>"), "{requests}");
    assert!(!requests.contains("types::Animal"));
}

#[test]
fn invalid_rust_in_settings_is_rejected_before_generation() {
    let message = errors(&Settings::default().derive("Eq Hash").rename_operation("listAnimals", "list-animals"));
    assert!(message.contains("settings at #/derives: `Eq Hash` is not a Rust path"), "{message}");
    assert!(
        message.contains("settings at #/operation-names: `list-animals` (for `listAnimals`) is not a Rust identifier"),
        "{message}"
    );
}

#[test]
fn an_idempotency_header_must_be_a_header_name() {
    let message = errors(&Settings::default().idempotency_header("Idempotency Key"));
    assert!(
        message.contains("settings at #/idempotency-header: `Idempotency Key` is not an HTTP header name"),
        "{message}"
    );
}

#[test]
fn idempotency_is_declared_by_a_parameter_or_the_setting() {
    let spec = SPEC.replace(
        "      operationId: addAnimal\n",
        "      operationId: addAnimal\n      parameters:\n        - {name: IDEMPOTENCY-KEY, in: header, schema: {type: string}}\n",
    );
    let spec = load::load_str(&spec, "zoo.yaml").expect("loads");
    let generated = generate(&spec, &Settings::default()).expect("generates");
    let requests = &generated.files.files["src/requests.rs"];
    assert!(requests.contains("request.idempotency_param(\"IDEMPOTENCY-KEY\");"), "{requests}");
    assert!(requests.contains("/// The `IDEMPOTENCY-KEY` header parameter, of type `String`."), "{requests}");
    assert!(generated.files.files["src/config.rs"].contains("idempotency_header: ::std::option::Option::None"));

    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    let generated = generate(&spec, &Settings::default().idempotency_header("X-Dedupe")).expect("generates");
    assert!(!generated.files.files["src/requests.rs"].contains("idempotency_param"));
    let config = &generated.files.files["src/config.rs"];
    assert!(config.contains("idempotency_header: ::std::option::Option::Some(\"X-Dedupe\")"), "{config}");
}

/// Structs get printed serde impls, unless a derive from another crate may read `#[serde]` attributes:
/// then they derive serde's traits with the attributes, as before, and no `objects` module is emitted.
#[test]
fn a_derive_from_another_crate_keeps_serdes_derive_on_structs() {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    let printed = generate(&spec, &Settings::default().derive("Eq")).expect("generates").files;
    let types = &printed.files["src/types.rs"];
    assert!(types.contains("impl<'de> ::serde::Deserialize<'de> for Animal {"), "{types}");
    assert!(!types.contains("#[serde("), "{types}");
    assert!(printed.files.contains_key("src/objects.rs"));

    let derived = generate(&spec, &Settings::default().derive("schemars::JsonSchema")).expect("generates").files;
    let types = &derived.files["src/types.rs"];
    assert!(
        types.contains("::serde::Deserialize,") && types.contains("schemars::JsonSchema\n)]\npub struct Animal"),
        "{types}"
    );
    assert!(types.contains("#[serde(default, skip_serializing_if = \"::std::option::Option::is_none\")]"), "{types}");
    assert!(!types.contains("for Animal {\n    fn serialize"), "{types}");
    assert!(!derived.files.contains_key("src/objects.rs"));
}
