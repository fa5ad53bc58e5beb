//! Pagination detection and its per-operation overrides, through the library.

use openapi_client_gen::{PaginationOverride, PaginationStyleName, Settings, generate, load};

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths:
  /animals:
    get:
      operationId: listAnimals
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: Animals.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Animal'}}
  /keepers:
    get:
      operationId: listKeepers
      responses:
        '200':
          description: Keepers.
          content:
            application/json:
              schema: {type: array, items: {type: string}}
components:
  schemas:
    Animal:
      type: object
      required: [id]
      properties:
        id: {type: string}
"#;

fn requests(settings: &Settings) -> Result<String, String> {
    let spec = load::load_str(SPEC, "zoo.yaml").expect("loads");
    match generate(&spec, settings) {
        Ok(generated) => Ok(generated.files.files["src/requests.rs"].clone()),
        Err(error) => Err(error.to_string()),
    }
}

#[test]
fn page_and_per_page_mean_a_link_header_and_a_plain_array_is_not_a_page() {
    let code = requests(&Settings::default().crate_name("zoo")).expect("generates");
    assert_eq!(code.matches("pub fn into_stream").count(), 1, "{code}");
    assert!(code.contains("(link-header style)"));
    assert!(code.contains("super::pagination::next_link(response.headers())"));
}

#[test]
fn overrides_choose_the_style_or_turn_pagination_off() {
    let settings = Settings::default()
        .crate_name("zoo")
        .paginate_operation("listAnimals", PaginationOverride::new(PaginationStyleName::Page))
        .paginate_operation("listKeepers", PaginationOverride::new(PaginationStyleName::LinkHeader));
    let code = requests(&settings).expect("generates");
    assert!(code.contains("(page style)") && code.contains("(link-header style)"), "{code}");
    let off = Settings::default()
        .crate_name("zoo")
        .paginate_operation("listAnimals", PaginationOverride::new(PaginationStyleName::None));
    assert!(!requests(&off).expect("generates").contains("into_stream"));
}

#[test]
fn a_style_that_does_not_fit_and_an_unknown_operation_are_errors() {
    let settings = Settings::default()
        .crate_name("zoo")
        .paginate_operation("listKeepers", PaginationOverride::new(PaginationStyleName::Stripe));
    let error = requests(&settings).expect_err("stripe needs starting_after");
    assert!(error.contains("#/pagination/operations/listKeepers"), "{error}");
    assert!(error.contains("`starting_after` or `after`"), "{error}");
    let settings = Settings::default()
        .crate_name("zoo")
        .paginate_operation("listZebras", PaginationOverride::new(PaginationStyleName::Cursor));
    let error = requests(&settings).expect_err("no such operation");
    assert!(error.contains("no operation has the operationId `listZebras`"), "{error}");
}
