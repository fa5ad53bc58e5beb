//! Operations: method, path, typed parameters, body and responses by status.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode,
};

use super::docs;
use super::model::{ErrorResponses, Operation, Param, ParamLocation, PathSegment, RequestBody, TypeRef};
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::load::{resolve, schema_ref};
use crate::naming::{NameScope, bare, type_name, value_name};
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// Names the request builder uses for itself; parameters must not take them.
const BUILDER_FIELDS: &[&str] = &["client", "options", "body"];

/// Converts the operations the settings select, in document order.
pub fn convert_operations(builder: &mut TypeBuilder<'_>, settings: &Settings) -> Vec<Operation> {
    let document = builder.document;
    let mut methods = NameScope::with_reserved(&["new", "builder", "from_env", "base_url"]);
    let mut builders = NameScope::default();
    let mut operation_ids = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut selected = Vec::new();
    for (path, item) in document.paths.paths.iter() {
        let path_at = JsonPointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                builder.warn(&path_at, "path item `$ref`s are not supported yet; skipping this path");
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let at = path_at.join(method);
            let operation_id = operation.operation_id.clone().unwrap_or_else(|| derived_operation_id(method, path));
            tags.extend(operation.tags.iter().map(String::as_str));
            if !operation_ids.insert(operation_id.clone()) {
                builder.error(
                    Diagnostic::new(
                        builder.label,
                        at.join("operationId"),
                        format!("duplicate operationId `{operation_id}`"),
                    )
                    .with_hint("operationIds must be unique across the document"),
                );
                continue;
            }
            if settings.operations.selects(Some(&operation_id), &operation.tags) {
                selected.push((path, method, item, operation, at, operation_id));
            }
        }
    }
    check_settings(builder, settings, &operation_ids, &tags);
    // Names chosen in the settings are claimed before derived ones, so they are never the ones suffixed.
    let mut method_names: Vec<Option<String>> = selected
        .iter()
        .map(|(.., operation_id)| settings.operation_names.get(operation_id).map(|name| methods.claim(name)))
        .collect();
    let mut operations = Vec::new();
    for ((path, method, item, operation, at, operation_id), chosen) in selected.into_iter().zip(method_names.drain(..))
    {
        let method_name = chosen.unwrap_or_else(|| methods.claim(&value_name(&operation_id, "operation")));
        let builder_base = settings.operation_names.get(&operation_id).unwrap_or(&operation_id);
        let builder_name = builders.claim(&type_name(builder_base, "Operation"));
        let context = OperationContext { path, method, item, operation, at, builder_name, method_name, operation_id };
        if let Some(converted) = convert_operation(builder, context) {
            operations.push(converted);
        }
    }
    operations
}

/// Operation filters and renames must name operations and tags the spec has: a typo would otherwise
/// silently generate nothing, or everything.
fn check_settings(builder: &mut TypeBuilder<'_>, settings: &Settings, ids: &BTreeSet<String>, tags: &BTreeSet<&str>) {
    let unknown_ids = settings.operations.operation_ids.iter().map(|id| ("operations", id));
    let unknown_renames = settings.operation_names.keys().map(|id| ("operation-names", id));
    for (key, id) in unknown_ids.chain(unknown_renames) {
        if !ids.contains(id) {
            builder.error(Diagnostic::new(
                "settings",
                JsonPointer::root().join(key).join(id),
                format!("no operation has the operationId `{id}`"),
            ));
        }
    }
    for tag in &settings.operations.tags {
        if !tags.contains(tag.as_str()) {
            builder.error(Diagnostic::new(
                "settings",
                JsonPointer::root().join("tags").join(tag),
                format!("no operation has the tag `{tag}`"),
            ));
        }
    }
}

struct OperationContext<'a> {
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    operation: &'a SpecOperation,
    at: JsonPointer,
    builder_name: String,
    method_name: String,
    operation_id: String,
}

/// `GET /pets/{id}/toys` becomes `get_pets_by_id_toys`: stable, readable and unique per method and path.
fn derived_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{param}")),
            None => words.push(segment.to_owned()),
        }
    }
    words.join("_")
}

fn convert_operation<'a>(builder: &mut TypeBuilder<'a>, context: OperationContext<'a>) -> Option<Operation> {
    let OperationContext { path, method, item, operation, at, builder_name, method_name, operation_id } = context;
    let label = builder.label;
    let errors_before = builder.errors.len();
    let params = parameters(builder, path, item, operation, &at, &builder_name);
    let path_segments = path_segments(builder, path, &params, &at);

    let body = operation.request_body.as_ref().and_then(|body| {
        let body_at = at.join("requestBody");
        let (body, body_at) = match resolve(builder.document, body, &body_at, label) {
            Ok(found) => found,
            Err(diagnostic) => {
                builder.error(diagnostic);
                return None;
            }
        };
        let Some((media_type, media)) = json_media(&body.content) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            builder.warn(
                &body_at,
                format!("request body media types {types:?} are not supported yet; the body is not sent"),
            );
            return None;
        };
        let schema = media.schema.as_ref().map(schema_ref)?;
        let hint = format!("{}Body", bare(&builder_name));
        let shape =
            builder.convert(schema, &hint, &body_at.join("content").join(media_type).join("schema"), None, None);
        Some(RequestBody {
            ty: shape.ty,
            required: body.required,
            docs: body.description.as_deref().and_then(docs::clean),
        })
    });

    let (success, errors) = responses(builder, operation, &at, &builder_name);
    if builder.errors.len() > errors_before {
        return None;
    }
    let authenticated = match &operation.security {
        Some(requirements) => !requirements.is_empty(),
        None => builder.document.security.as_ref().is_some_and(|requirements| !requirements.is_empty()),
    };
    Some(Operation {
        method_name,
        builder_name,
        operation_id,
        http_method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        path_segments,
        docs: docs::summary_and_description(operation.summary.as_deref(), operation.description.as_deref()),
        deprecated: operation.deprecated,
        params,
        body,
        success,
        errors,
        authenticated,
        pagination: None,
    })
}

fn parameters<'a>(
    builder: &mut TypeBuilder<'a>,
    path: &str,
    item: &'a PathItem,
    operation: &'a SpecOperation,
    at: &JsonPointer,
    builder_name: &str,
) -> Vec<Param> {
    let label = builder.label;
    let path_at = JsonPointer::root().join("paths").join(path);
    // Operation-level parameters override path-level ones with the same name and location.
    let mut resolved: Vec<(&'a Parameter, JsonPointer)> = Vec::new();
    let path_level =
        item.parameters.iter().enumerate().map(|(index, param)| (param, path_at.join("parameters").join(index)));
    let operation_level =
        operation.parameters.iter().enumerate().map(|(index, param)| (param, at.join("parameters").join(index)));
    for (param, param_at) in path_level.chain(operation_level) {
        match resolve(builder.document, param, &param_at, label) {
            Ok((param, param_at)) => {
                let data = param.parameter_data_ref();
                let same_kind = |(existing, _): &(&Parameter, JsonPointer)| {
                    existing.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*existing) == std::mem::discriminant(param)
                };
                resolved.retain(|existing| !same_kind(existing));
                resolved.push((param, param_at));
            }
            Err(diagnostic) => builder.error(diagnostic),
        }
    }

    let mut scope = NameScope::with_reserved(BUILDER_FIELDS);
    let mut params = Vec::new();
    for (param, param_at) in resolved {
        let (location, required) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, true),
            Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data.required),
            Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data.required),
            Parameter::Cookie { .. } => {
                builder.warn(&param_at, "cookie parameters are not supported yet; this parameter is not sent");
                continue;
            }
        };
        let data = param.parameter_data_ref();
        let hint = format!("{}{}", bare(builder_name), bare(&type_name(&data.name, "Param")));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                builder.convert(schema_ref(schema), &hint, &param_at.join("schema"), None, None).ty
            }
            ParameterSchemaOrContent::Content(_) => {
                builder.warn(&param_at, "parameters with `content` are sent as plain strings");
                TypeRef::Scalar(super::model::Scalar::String)
            }
        };
        params.push(Param {
            rust_name: scope.claim(&value_name(&data.name, "param")),
            wire_name: data.name.clone(),
            location,
            ty,
            required,
            docs: data.description.as_deref().and_then(docs::clean),
        });
    }
    params
}

/// The path template as literal text and parameters. Every `{name}` needs a path parameter and every
/// path parameter a `{name}`; each mismatch is reported.
fn path_segments(builder: &mut TypeBuilder<'_>, path: &str, params: &[Param], at: &JsonPointer) -> Vec<PathSegment> {
    let mut segments = Vec::new();
    let mut used = BTreeSet::new();
    let mut rest = path;
    while let Some((literal, (name, after))) =
        rest.split_once('{').and_then(|(literal, tail)| Some((literal, tail.split_once('}')?)))
    {
        if !literal.is_empty() {
            segments.push(PathSegment::Literal(literal.to_owned()));
        }
        let declared = params.iter().position(|param| param.location == ParamLocation::Path && param.wire_name == name);
        match declared {
            Some(index) => {
                used.insert(index);
                segments.push(PathSegment::Param(index));
            }
            None => builder.error(
                Diagnostic::new(
                    builder.label,
                    at.clone(),
                    format!("path template has `{{{name}}}` but no path parameter declares it"),
                )
                .with_hint(format!("add a parameter with `name: {name}` and `in: path`")),
            ),
        }
        rest = after;
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_owned()));
    }
    for (index, param) in params.iter().enumerate() {
        if param.location == ParamLocation::Path && !used.contains(&index) {
            builder.error(
                Diagnostic::new(
                    builder.label,
                    at.join("parameters"),
                    format!("path parameter `{}` does not appear in the path `{path}`", param.wire_name),
                )
                .with_hint("add it to the path template or change it to `in: query`"),
            );
        }
    }
    segments
}

fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(media_type, _)| {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
    })
}

fn responses<'a>(
    builder: &mut TypeBuilder<'a>,
    operation: &'a SpecOperation,
    at: &JsonPointer,
    builder_name: &str,
) -> (Option<TypeRef>, ErrorResponses) {
    let label = builder.label;
    let mut success: Option<(u16, Option<TypeRef>)> = None;
    let mut errors = ErrorResponses::default();
    let mut error_bodies: Vec<Option<TypeRef>> = Vec::new();
    let responses_at = at.join("responses");
    let entries = operation.responses.responses.iter().map(|(status, response)| (Some(status), response));
    let default = operation.responses.default.iter().map(|response| (None, response));
    for (status, response) in entries.chain(default) {
        let key = status.map_or_else(|| "default".to_owned(), |status| status.to_string());
        let (response, response_at) = match resolve(builder.document, response, &responses_at.join(&key), label) {
            Ok(found) => found,
            Err(diagnostic) => {
                builder.error(diagnostic);
                continue;
            }
        };
        let (code, is_range) = match status {
            Some(StatusCode::Code(code)) => (Some(*code), false),
            Some(StatusCode::Range(range)) => (Some(range * 100), true),
            None => (None, false),
        };
        let is_success = code.is_some_and(|code| (200..300).contains(&code));
        let role = if is_success { "Response" } else { "Error" };
        let body = json_media(&response.content).and_then(|(media_type, media)| {
            let schema = media.schema.as_ref().map(schema_ref)?;
            let hint = format!("{}{role}", bare(builder_name));
            let schema_at = response_at.join("content").join(media_type).join("schema");
            Some(builder.convert(schema, &hint, &schema_at, None, None).ty)
        });
        match code {
            Some(code) if is_success => match &success {
                None => success = Some((code, body)),
                Some((first, first_body)) if first_body != &body && body.is_some() => builder.warn(
                    &responses_at.join(&key),
                    format!("only the {first} response body is typed; this one decodes as that type too"),
                ),
                Some(_) => {}
            },
            Some(code) => {
                if is_range {
                    errors.ranges.push(code / 100);
                } else {
                    errors.statuses.push(code);
                }
                error_bodies.push(body);
            }
            None => {
                errors.has_default = true;
                error_bodies.push(body);
            }
        }
    }
    errors.statuses.sort_unstable();
    errors.statuses.dedup();
    errors.ranges.sort_unstable();
    errors.ranges.dedup();
    let distinct: BTreeSet<&TypeRef> = error_bodies.iter().flatten().collect();
    errors.body = match distinct.into_iter().collect::<Vec<_>>().as_slice() {
        [only] => (*only).clone(),
        _ => TypeRef::Json,
    };
    (success.and_then(|(_, body)| body), errors)
}
