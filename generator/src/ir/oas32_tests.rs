//! OpenAPI 3.2 through the whole IR: extra methods, item streams and query strings, with the warnings
//! for what the client does not use.

use super::*;
use crate::load;

fn build_ir(spec: &str) -> Ir {
    let spec = load::load_str(spec, "spec.yaml").expect("spec loads");
    super::build(&spec, &Settings::default()).expect("IR builds")
}

fn warnings(ir: &Ir) -> Vec<String> {
    ir.warnings.iter().map(|warning| format!("{}: {}", warning.pointer, warning.message)).collect()
}

#[test]
fn query_and_additional_operations_become_operations() {
    let ir = build_ir(
        r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /things:
    get: {responses: {'204': {description: none}}}
    query: {responses: {'204': {description: none}}}
    additionalOperations:
      LINK: {responses: {'204': {description: none}}}
"#,
    );
    let found: Vec<_> = ir
        .operations
        .iter()
        .map(|op| (op.method_name.as_str(), op.http_method.as_str(), op.pointer.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            ("get_things", "GET", "#/paths/~1things/get".to_owned()),
            ("query_things", "QUERY", "#/paths/~1things/query".to_owned()),
            ("link_things", "LINK", "#/paths/~1things/additionalOperations/LINK".to_owned()),
        ]
    );
}

#[test]
fn a_3_1_document_keeps_reading_only_the_fixed_methods() {
    let ir = build_ir(
        r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things:
    get: {responses: {'204': {description: none}}}
    query: {responses: {'204': {description: none}}}
"#,
    );
    assert_eq!(ir.operations.len(), 1);
}

#[test]
fn json_sequences_stream_their_items_and_other_item_schemas_are_reported() {
    let ir = build_ir(
        r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /numbers:
    get:
      operationId: numbers
      parameters:
        - {name: lines, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/x-ndjson: {itemSchema: {type: integer, format: int64}}
            multipart/mixed: {itemSchema: {type: string}}
        '400':
          description: bad
          content:
            application/jsonl: {itemSchema: {type: object}}
"#,
    );
    let operation = &ir.operations[0];
    let lines = operation.lines.as_ref().expect("a line stream");
    assert_eq!(lines.item, TypeRef::Scalar(Scalar::I64));
    assert_eq!((lines.media_type.as_str(), lines.framing), ("application/x-ndjson", LineFraming::Lines));
    // `lines` is the stream method: the parameter takes another name.
    assert_eq!(operation.params[0].rust_name, "lines2");
    assert_eq!(
        warnings(&ir),
        [
            "#/paths/~1numbers/get/responses/200/content/multipart~1mixed/itemSchema: `multipart/mixed` is not streamed item by item; its body is read whole",
            "#/paths/~1numbers/get/responses/400/content/application~1jsonl/itemSchema: the items of an error response are not streamed; its body is read whole",
        ]
    );
}

#[test]
fn event_data_is_typed_by_the_item_schema() {
    let ir = build_ir(
        r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /ticks:
    get:
      operationId: ticks
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              itemSchema:
                properties:
                  data: {type: string, contentMediaType: application/json, contentSchema: {$ref: '#/components/schemas/Tick'}}
components:
  schemas:
    Tick: {type: object, properties: {at: {type: integer}}}
"#,
    );
    let Some(TypeRef::Named(id)) = &ir.operations[0].events else { panic!("{:?}", ir.operations[0].events) };
    assert_eq!(ir.type_def(*id).name, "Tick");
}

#[test]
fn querystring_parameters_are_form_objects_and_others_are_reported() {
    let ir = build_ir(
        r#"
openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /search:
    get:
      operationId: search
      parameters:
        - name: filter
          in: querystring
          content:
            application/x-www-form-urlencoded:
              schema: {type: object, properties: {term: {type: string}}}
      responses: {'204': {description: none}}
  /raw:
    get:
      operationId: raw
      parameters:
        - name: q
          in: querystring
          content:
            application/json: {schema: {type: object}}
        - name: s
          in: querystring
          content:
            application/x-www-form-urlencoded: {schema: {type: string}}
      responses: {'204': {description: none}}
"#,
    );
    let search = ir.operations.iter().find(|op| op.operation_id == "search").expect("search");
    let filter = &search.params[0];
    assert_eq!((filter.location, filter.style), (ParamLocation::Query, QueryStyle::Form { explode: true }));
    let TypeRef::Named(id) = &filter.ty else { panic!("{:?}", filter.ty) };
    assert_eq!(ir.type_def(*id).name, "SearchFilter");
    let raw = ir.operations.iter().find(|op| op.operation_id == "raw").expect("raw");
    assert!(raw.params.is_empty());
    assert_eq!(
        warnings(&ir),
        [
            "#/paths/~1raw/get/parameters/0/content/application~1json: a `application/json` query string is not supported, only `application/x-www-form-urlencoded`; it is not sent",
            "#/paths/~1raw/get/parameters/1/content/application~1x-www-form-urlencoded/schema: a form-encoded query string must be an object with properties, or a map; it is not sent",
        ]
    );
}
