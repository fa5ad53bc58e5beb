//! The `tag-features` setting: feature names from tags (normalised, unique, clear of the crate's own
//! features), and which feature set gates each operation and type.

use openapi_client_gen::{Settings, generate, load};

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths:
  /health:
    get:
      operationId: health
      responses:
        '204': {description: Up.}
  /animals:
    get:
      operationId: listAnimals
      tags: [Pull Requests]
      responses:
        '200':
          description: Animals.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Animal'}}
  /keepers:
    get:
      operationId: listKeepers
      tags: [pull_requests, Middleware]
      responses:
        '200':
          description: Keepers.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Keeper'}}
  /food:
    get:
      operationId: listFood
      tags: [default, untagged]
      responses:
        '200':
          description: Food.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Food'}
components:
  schemas:
    Animal:
      type: object
      properties:
        name: {type: string}
        food: {$ref: '#/components/schemas/Food'}
    Keeper:
      type: object
      properties:
        animals: {type: array, items: {$ref: '#/components/schemas/Animal'}}
    Food:
      type: object
      properties:
        kind: {type: string}
    Orphan:
      type: object
      properties:
        note: {type: string}
        food: {$ref: '#/components/schemas/Food'}
"#;

fn files(settings: Settings) -> std::collections::BTreeMap<String, String> {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    generate(&spec, &settings.crate_name("zoo")).expect("generates").files.files
}

/// The `cfg` among the attributes right above `needle`'s line, without whitespace ("" when none).
fn cfg_above(text: &str, needle: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|line| line.contains(needle)).unwrap_or_else(|| panic!("{needle} not found"));
    let attribute_line = |line: &&&str| {
        let line = line.trim_start();
        ["#[", "///", "feature", "any(", ")"].iter().any(|start| line.starts_with(start))
    };
    let above: Vec<&str> = lines[..at].iter().rev().take_while(attribute_line).copied().collect();
    let joined: String = above.into_iter().rev().collect::<String>().chars().filter(|c| !c.is_whitespace()).collect();
    match joined.find("#[cfg(") {
        Some(start) => {
            let rest = &joined[start..];
            rest[..rest.find(")]").map_or(rest.len(), |end| end + 2)].to_owned()
        }
        None => String::new(),
    }
}

fn any(features: &[&str]) -> String {
    let list: Vec<String> = features.iter().map(|feature| format!("feature=\"{feature}\"")).collect();
    if list.len() == 1 { format!("#[cfg({})]", list[0]) } else { format!("#[cfg(any({}))]", list.join(",")) }
}

#[test]
fn tags_become_unique_feature_names() {
    let files = files(Settings::default().tag_features(true));
    let manifest = &files["Cargo.toml"];
    assert!(
        manifest.contains(
            "default = [\"default2\", \"middleware2\", \"pull-requests\", \"pull-requests2\", \"untagged\", \"untagged2\"]"
        ),
        "{manifest}"
    );
    for line in [
        "# Tag \"Middleware\": 1 operation and the types they use.\nmiddleware2 = []",
        "# Tag \"Pull Requests\": 1 operation and the types they use.\npull-requests = []",
        "# Tag \"pull_requests\": 1 operation and the types they use.\npull-requests2 = []",
        "# Tag \"untagged\": 1 operation and the types they use.\nuntagged2 = []",
        "# Operations without a tag: 1 operation and the types they use.\nuntagged = []",
        "middleware = [\"dep:reqwest-middleware\"]",
    ] {
        assert!(manifest.contains(line), "{line} not in {manifest}");
    }
    let readme = &files["README.md"];
    assert!(readme.contains("## Cargo features"), "{readme}");
    assert!(readme.contains("| `pull-requests2` | `pull_requests` | 1 |"), "{readme}");
}

#[test]
fn operations_and_types_are_gated_by_the_features_that_use_them() {
    // `Orphan`, which no operation uses, is generated too.
    let files = files(Settings::default().tag_features(true).emit_unreachable_types(true));
    let requests = &files["src/requests.rs"];
    let keepers = any(&["middleware2", "pull-requests2"]);
    assert_eq!(cfg_above(requests, "pub struct Health "), any(&["untagged"]));
    // Each operation's `Client` method is in an `impl` block of its own, gated like the builder.
    let lines: Vec<&str> = requests.lines().collect();
    let client_blocks: Vec<usize> = (0..lines.len()).filter(|&at| lines[at] == "impl super::Client {").collect();
    assert_eq!(client_blocks.len(), 4, "{requests}");
    for at in client_blocks {
        assert!(!cfg_above(&lines[at - 3..=at].join("\n"), "impl super::Client {").is_empty(), "{}", lines[at - 1]);
    }
    assert_eq!(cfg_above(requests, "pub struct ListKeepers"), keepers);
    assert_eq!(cfg_above(requests, "impl ListKeepers "), keepers);
    let types = &files["src/types.rs"];
    assert_eq!(cfg_above(types, "pub struct Keeper "), keepers);
    // Used by `Pull Requests` directly and by the keepers' tags through `Keeper`.
    let animal = any(&["middleware2", "pull-requests", "pull-requests2"]);
    assert_eq!(cfg_above(types, "pub struct Animal "), animal);
    assert_eq!(cfg_above(types, "impl Animal "), animal);
    // Nothing uses it: always compiled, and so is what it uses, though operations use that too.
    assert_eq!(cfg_above(types, "pub struct Orphan "), "");
    assert_eq!(cfg_above(types, "pub struct Food "), "");
}

#[test]
fn by_default_types_no_operation_uses_are_left_out() {
    let by_default = files(Settings::default().tag_features(true));
    assert!(!by_default["src/types.rs"].contains("Orphan"));
    assert_eq!(
        cfg_above(&by_default["src/types.rs"], "pub struct Food "),
        any(&["default2", "middleware2", "pull-requests", "pull-requests2", "untagged2"])
    );
}

#[test]
fn without_the_setting_nothing_is_gated() {
    let files = files(Settings::default());
    assert!(files.values().all(|text| !text.contains("#[cfg(feature = \"untagged\")]")));
    assert!(!files["Cargo.toml"].contains("untagged"), "{}", files["Cargo.toml"]);
    assert!(!files["README.md"].contains("## Cargo features"));
}
