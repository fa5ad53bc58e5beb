//! Swagger 2.0 paths: parameters, `body` and `formData` parameters as request bodies, and responses with
//! their schemas under the operation's media types.

use serde_json::{Map, Value, json};

use super::super::repairs::{CollectionFormat, move_keywords_into_schema, take_schema_keywords};
use super::{Converter, media_types, schemas, security};
use crate::pointer::JsonPointer;

/// The HTTP methods a Swagger 2.0 path item holds.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Operation fields that mean the same in OpenAPI 3.
const SAME_FIELDS: &[&str] =
    &["tags", "summary", "description", "externalDocs", "operationId", "deprecated", "security"];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// A parameter list split the OpenAPI 3 way.
#[derive(Default)]
struct Parameters {
    /// Path, query, header parameters, converted, with where each was written.
    plain: Vec<(Value, JsonPointer)>,
    /// The `in: body` parameter and where it was written.
    body: Option<(Map<String, Value>, JsonPointer)>,
    /// The `in: formData` parameters and where each was written.
    form: Vec<(Map<String, Value>, JsonPointer)>,
}

impl Converter<'_> {
    pub(super) fn paths(&mut self, paths: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (path, item) in paths {
            let at = JsonPointer::root().join("paths").join(path);
            let converted = match item {
                Value::Object(item) if !path.starts_with("x-") => Value::Object(self.path_item(item, &at)),
                other => other.clone(),
            };
            out.insert(path.clone(), converted);
        }
        out
    }

    fn path_item(&mut self, item: &Map<String, Value>, at: &JsonPointer) -> Map<String, Value> {
        let shared = self.parameters(item.get("parameters"), at);
        let mut out = Map::new();
        for (key, value) in item {
            match key.as_str() {
                "parameters" => self.insert_plain(&mut out, &shared, at),
                method if METHODS.contains(&method) => {
                    let converted = match value {
                        Value::Object(operation) => Value::Object(self.operation(operation, &at.join(method), &shared)),
                        other => other.clone(),
                    };
                    out.insert(key.clone(), converted);
                }
                _ if key.starts_with("x-") || key == "$ref" => {
                    out.insert(key.clone(), value.clone());
                }
                _ => self.warn(
                    at.join(key),
                    format!("`{key}` is not a field of a Swagger 2.0 path item; ignoring it"),
                    "a path item holds `parameters` and the operations by HTTP method",
                ),
            }
        }
        out
    }

    /// Adds the converted plain parameters as `parameters` of `out` (a path item or an operation at `at`).
    fn insert_plain(&mut self, out: &mut Map<String, Value>, parameters: &Parameters, at: &JsonPointer) {
        if parameters.plain.is_empty() {
            return;
        }
        let mut list = Vec::new();
        for (index, (parameter, original)) in parameters.plain.iter().enumerate() {
            self.record(at.join("parameters").join(index), original.clone());
            if parameter.get("schema").is_some() && parameter.get("$ref").is_none() {
                self.record(at.join("parameters").join(index).join("schema"), original.clone());
            }
            list.push(parameter.clone());
        }
        out.insert("parameters".to_owned(), Value::Array(list));
    }

    fn operation(
        &mut self,
        operation: &Map<String, Value>,
        at: &JsonPointer,
        shared: &Parameters,
    ) -> Map<String, Value> {
        let consumes = media_types(operation.get("consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces = media_types(operation.get("produces")).unwrap_or_else(|| self.produces.clone());
        let own = self.parameters(operation.get("parameters"), at);
        let mut out = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                field if SAME_FIELDS.contains(&field) || field.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                "parameters" => self.insert_plain(&mut out, &own, at),
                "responses" => {
                    let converted = match value {
                        Value::Object(responses) => Value::Object(self.responses(responses, at, &produces)),
                        other => other.clone(),
                    };
                    out.insert(key.clone(), converted);
                }
                "consumes" | "produces" => {}
                "schemes" => {
                    let servers = security::servers(
                        self.source.get("host").and_then(Value::as_str),
                        self.source.get("basePath").and_then(Value::as_str),
                        Some(value),
                    );
                    if !servers.is_empty() {
                        out.insert("servers".to_owned(), Value::Array(servers));
                        self.record(at.join("servers"), at.join("schemes"));
                    }
                }
                _ => self.warn(
                    at.join(key),
                    format!("`{key}` is not a field of a Swagger 2.0 operation; ignoring it"),
                    "custom fields start with `x-`",
                ),
            }
        }
        // An operation's own body or form fields replace the path item's (form fields one by one, by name).
        let body = own.body.as_ref().or(if own.form.is_empty() { shared.body.as_ref() } else { None });
        let mut form: Vec<&(Map<String, Value>, JsonPointer)> = own.form.iter().collect();
        if own.body.is_none() {
            for field in &shared.form {
                if !form.iter().any(|(own, _)| own.get("name") == field.0.get("name")) {
                    form.push(field);
                }
            }
        }
        let into = at.join("requestBody");
        if let Some((body, original)) = body {
            if let Some((_, field)) = form.first() {
                self.warn(
                    field.clone(),
                    "an operation cannot have both a `body` and `formData` parameters; ignoring the form fields"
                        .to_owned(),
                    "keep one of them",
                );
            }
            let converted = self.request_body(body, original, &into, &consumes);
            out.insert("requestBody".to_owned(), converted);
        } else if !form.is_empty() {
            let converted = self.form_body(&form, &at.join("parameters"), &into, &consumes);
            out.insert("requestBody".to_owned(), converted);
        }
        out
    }

    /// Splits and converts a Swagger 2.0 parameter list (of the path item or operation at `at`).
    fn parameters(&mut self, list: Option<&Value>, at: &JsonPointer) -> Parameters {
        let mut split = Parameters::default();
        let Some(Value::Array(list)) = list else { return split };
        for (index, parameter) in list.iter().enumerate() {
            let mut original = at.join("parameters").join(index);
            let mut resolved = parameter;
            if let Some(Value::String(reference)) = parameter.get("$ref") {
                let source = self.source;
                match reference.strip_prefix("#/parameters/").and_then(|name| shared_parameter(source, name)) {
                    // Body and form parameters are read from their definition, so they can join a body.
                    Some((target, name)) if is_body_or_form(target) => {
                        original = JsonPointer::root().join("parameters").join(name);
                        resolved = target;
                    }
                    _ => {
                        let rewritten = json!({"$ref": schemas::rewrite_reference(reference)});
                        split.plain.push((rewritten, original));
                        continue;
                    }
                }
            }
            let Value::Object(fields) = resolved else {
                // Left for the OpenAPI 3 reader, which names the node that is not a mapping.
                split.plain.push((resolved.clone(), original));
                continue;
            };
            match fields.get("in").and_then(Value::as_str) {
                Some("body") => split.body = Some((fields.clone(), original)),
                Some("formData") => split.form.push((fields.clone(), original)),
                _ => {
                    let converted = self.parameter(fields, &original);
                    split.plain.push((converted, original));
                }
            }
        }
        split
    }

    /// A path, query or header parameter: its type keywords move into `schema`.
    pub(super) fn parameter(&mut self, parameter: &Map<String, Value>, at: &JsonPointer) -> Value {
        let mut parameter = parameter.clone();
        let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
        // 2.0's default is `csv` everywhere; a 3.0 query parameter's default is exploded.
        if is_array && !parameter.contains_key("collectionFormat") {
            parameter.insert("collectionFormat".to_owned(), json!("csv"));
        }
        if !parameter.contains_key("schema")
            && let Some(moved) = move_keywords_into_schema(&mut parameter)
        {
            if let Some(outcome @ (CollectionFormat::Inexpressible { .. } | CollectionFormat::OwnStyle { .. })) =
                &moved.collection_format
            {
                self.warn(
                    at.join("collectionFormat"),
                    outcome.describe().trim_start_matches("; ").to_owned(),
                    "the client sends the values in OpenAPI 3's default style for this location",
                );
            }
            if let Some(schema) = parameter.get_mut("schema") {
                schemas::convert_schema(schema);
            }
        }
        Value::Object(parameter)
    }

    fn request_body(
        &mut self,
        body: &Map<String, Value>,
        original: &JsonPointer,
        into: &JsonPointer,
        consumes: &[String],
    ) -> Value {
        self.record(into.clone(), original.clone());
        let mut schema = body.get("schema").cloned().unwrap_or_else(|| json!({}));
        schemas::convert_schema(&mut schema);
        let mut content = Map::new();
        for media_type in consumes {
            self.record(into.join("content").join(media_type).join("schema"), original.join("schema"));
            content.insert(media_type.clone(), json!({ "schema": schema }));
        }
        let mut out = Map::new();
        for key in ["description", "required"] {
            if let Some(value) = body.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        out.insert("content".to_owned(), Value::Object(content));
        // OpenAPI 3 bodies have no name; this extension keeps it, as other converters do.
        if let Some(name) = body.get("name") {
            out.insert("x-codegen-request-body-name".to_owned(), name.clone());
        }
        for (key, value) in body.iter().filter(|(key, _)| key.starts_with("x-")) {
            out.insert(key.clone(), value.clone());
        }
        Value::Object(out)
    }

    /// `formData` parameters as one object schema: multipart when a field is a file or `consumes` lists
    /// `multipart/form-data`, form-encoded otherwise.
    fn form_body(
        &mut self,
        fields: &[&(Map<String, Value>, JsonPointer)],
        list_at: &JsonPointer,
        into: &JsonPointer,
        consumes: &[String],
    ) -> Value {
        let has_file = fields.iter().any(|(field, _)| field.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = if has_file || consumes.iter().any(|listed| listed == MULTIPART) { MULTIPART } else { FORM };
        let schema_at = into.join("content").join(media_type).join("schema");
        self.record(into.clone(), list_at.clone());
        let (mut properties, mut required, mut encoding) = (Map::new(), Vec::new(), Map::new());
        for (field, original) in fields {
            let mut field = field.clone();
            let name = field.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            let collection_format = field.remove("collectionFormat");
            let is_array = field.get("type").and_then(Value::as_str) == Some("array");
            let (mut schema, _) = take_schema_keywords(&mut field);
            for key in field.keys().filter(|key| *key == "description" || key.starts_with("x-")) {
                schema.insert(key.clone(), field[key].clone());
            }
            let mut schema = Value::Object(schema);
            schemas::convert_schema(&mut schema);
            if field.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::String(name.clone()));
            }
            if media_type == FORM && is_array {
                match form_style(collection_format.as_ref()) {
                    Some(Some((style, explode))) => {
                        encoding.insert(name.clone(), json!({"style": style, "explode": explode}));
                    }
                    Some(None) => {}
                    None => self.warn(
                        original.join("collectionFormat"),
                        "OpenAPI 3 cannot express this `collectionFormat` in a form; the values are sent as \
                         repeated fields"
                            .to_owned(),
                        "use `multi`, `csv`, `ssv` or `pipes`",
                    ),
                }
            }
            self.record(schema_at.join("properties").join(&name), original.clone());
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), json!("object"));
        schema.insert("properties".to_owned(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".to_owned(), Value::Array(required.clone()));
        }
        let mut media = Map::new();
        media.insert("schema".to_owned(), Value::Object(schema));
        if !encoding.is_empty() {
            media.insert("encoding".to_owned(), Value::Object(encoding));
        }
        let mut content = Map::new();
        content.insert(media_type.to_owned(), Value::Object(media));
        json!({"required": !required.is_empty(), "content": content})
    }

    fn responses(
        &mut self,
        responses: &Map<String, Value>,
        at: &JsonPointer,
        produces: &[String],
    ) -> Map<String, Value> {
        let at = at.join("responses");
        let mut out = Map::new();
        for (code, response) in responses {
            let converted = if code.starts_with("x-") {
                response.clone()
            } else {
                self.response(response, &at.join(code), &at.join(code), produces)
            };
            out.insert(code.clone(), converted);
        }
        out
    }

    /// A response written at `original`, placed at `into`, with its schema under each of `produces`.
    pub(super) fn response(
        &mut self,
        response: &Value,
        original: &JsonPointer,
        into: &JsonPointer,
        produces: &[String],
    ) -> Value {
        self.record(into.clone(), original.clone());
        let Value::Object(response) = response else { return response.clone() };
        if let Some(Value::String(reference)) = response.get("$ref") {
            let name = reference.strip_prefix("#/responses/");
            // A shared response is converted with the document's `produces`; an operation with its own
            // media types gets a copy of it converted with those.
            if produces != self.produces.as_slice()
                && let Some(name) = name.map(|name| name.replace("~1", "/").replace("~0", "~"))
                && let Some(target @ Value::Object(fields)) =
                    self.source.get("responses").and_then(|all| all.get(&name))
                && !fields.contains_key("$ref")
            {
                let shared = JsonPointer::root().join("responses").join(&name);
                return self.response(target, &shared, into, produces);
            }
            return json!({"$ref": schemas::rewrite_reference(reference)});
        }
        let mut out = Map::new();
        let examples = response.get("examples").and_then(Value::as_object);
        for (key, value) in response {
            match key.as_str() {
                "description" => {
                    out.insert(key.clone(), value.clone());
                }
                "headers" => {
                    if let Value::Object(headers) = value {
                        let converted = self.headers(headers, &original.join("headers"), &into.join("headers"));
                        out.insert(key.clone(), Value::Object(converted));
                    }
                }
                "schema" => {
                    let mut schema = value.clone();
                    schemas::convert_schema(&mut schema);
                    let mut content = Map::new();
                    for media_type in produces {
                        self.record(into.join("content").join(media_type).join("schema"), original.join("schema"));
                        let mut media = Map::new();
                        media.insert("schema".to_owned(), schema.clone());
                        if let Some(example) = examples.and_then(|examples| examples.get(media_type)) {
                            media.insert("example".to_owned(), example.clone());
                        }
                        content.insert(media_type.clone(), Value::Object(media));
                    }
                    out.insert("content".to_owned(), Value::Object(content));
                }
                "examples" => {}
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => self.warn(
                    original.join(key),
                    format!("`{key}` is not a field of a Swagger 2.0 response; ignoring it"),
                    "a response holds `description`, `schema`, `headers` and `examples`",
                ),
            }
        }
        Value::Object(out)
    }

    fn headers(
        &mut self,
        headers: &Map<String, Value>,
        original: &JsonPointer,
        into: &JsonPointer,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (name, header) in headers {
            let converted = match header {
                Value::Object(header) => {
                    let mut header = header.clone();
                    header.remove("collectionFormat");
                    let (mut schema, _) = take_schema_keywords(&mut header);
                    if schema.is_empty() {
                        schema.insert("type".to_owned(), json!("string"));
                    }
                    header.insert("schema".to_owned(), Value::Object(schema));
                    self.record(into.join(name), original.join(name));
                    self.record(into.join(name).join("schema"), original.join(name));
                    Value::Object(header)
                }
                other => other.clone(),
            };
            out.insert(name.clone(), converted);
        }
        out
    }
}

/// The top-level parameter named by the rest of a `#/parameters/` reference, with its unescaped name.
fn shared_parameter<'a>(source: &'a Map<String, Value>, name: &str) -> Option<(&'a Value, String)> {
    let name = name.replace("~1", "/").replace("~0", "~");
    let parameter = source.get("parameters")?.get(&name)?;
    Some((parameter, name))
}

fn is_body_or_form(parameter: &Value) -> bool {
    matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData"))
}

/// The form encoding of a 2.0 `collectionFormat` for a form-encoded array: `Some(None)` for the OpenAPI 3
/// default (repeated fields, 2.0's `multi`), `None` when OpenAPI 3 has no style for it.
fn form_style(format: Option<&Value>) -> Option<Option<(&'static str, bool)>> {
    match format.and_then(Value::as_str).unwrap_or("csv") {
        "multi" => Some(None),
        "csv" => Some(Some(("form", false))),
        "ssv" => Some(Some(("spaceDelimited", false))),
        "pipes" => Some(Some(("pipeDelimited", false))),
        _ => None,
    }
}
