//! Operations: method, path, typed parameters, body and responses by status.

use std::collections::BTreeSet;

use openapiv3::{Operation as SpecOperation, PathItem, ReferenceOr};

use super::bodies::{request_body, responses};
use super::docs;
use super::extra_methods::ExtraOperations;
use super::model::{Operation, Param, ParamLocation, ResponseBody, TypeRef};
use super::params::parameters;
use super::path_template::path_segments;
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::naming::{NameScope, type_name, value_name};
use crate::pointer::JsonPointer;
use crate::settings::Settings;

/// Converts the operations the settings select, in document order.
pub fn convert_operations<'a>(
    builder: &mut TypeBuilder<'a>,
    settings: &Settings,
    extra: &'a ExtraOperations,
) -> Vec<Operation> {
    let document = builder.document;
    let mut methods = NameScope::with_reserved(&["new", "builder", "from_env", "base_url", "request"]);
    let mut builders = NameScope::default();
    let mut operation_ids = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut selected = Vec::new();
    // Paths in sorted order: generated names and the order of methods do not depend on key order.
    let mut paths: Vec<_> = document.paths.paths.iter().collect();
    paths.sort_by(|a, b| a.0.cmp(b.0));
    // A suffixed or derived name never takes a name the document declares for a later operation.
    let fixed = paths.iter().filter_map(|(_, item)| item.as_item()).flat_map(|item| item.iter());
    let declared: BTreeSet<&str> = fixed
        .map(|(_, operation)| operation)
        .chain(extra.all().map(|extra| &extra.operation))
        .filter_map(|operation| operation.operation_id.as_deref())
        .collect();
    for (path, item) in paths {
        let path_at = JsonPointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                builder.warn(&path_at, "path item `$ref`s are not supported yet; skipping this path");
                continue;
            }
        };
        let fixed = item.iter().map(|(method, operation)| (method, operation, path_at.join(method)));
        let extra = extra.of(path).iter().map(|extra| (extra.method.as_str(), &extra.operation, extra.pointer.clone()));
        for (method, operation, at) in fixed.chain(extra) {
            let operation_id = match &operation.operation_id {
                Some(id) if !operation_ids.contains(id) => id.clone(),
                // Specs copy operations and forget to rename them; the first keeps the name so a rename
                // elsewhere in the document does not change it.
                Some(id) => {
                    let unique = unique_operation_id(id, &operation_ids, &declared);
                    builder.warnings.push(
                        Diagnostic::new(
                            builder.label,
                            at.join("operationId"),
                            format!("duplicate operationId `{id}`; renamed this operation `{unique}`"),
                        )
                        .with_hint("operationIds must be unique across the document"),
                    );
                    unique
                }
                // `/jobs` and `/jobs/` derive the same name; a derived name takes a suffix, not an error.
                None => unique_operation_id(&derived_operation_id(method, path), &operation_ids, &declared),
            };
            tags.extend(operation.tags.iter().map(String::as_str));
            operation_ids.insert(operation_id.clone());
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
    for id in settings.pagination.operations.keys() {
        if !ids.contains(id) {
            builder.error(Diagnostic::new(
                "settings",
                JsonPointer::root().join("pagination").join("operations").join(id),
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

/// `wanted`, or the first of `wanted_2`, `wanted_3`, … that is neither taken nor declared elsewhere.
fn unique_operation_id(wanted: &str, taken: &BTreeSet<String>, declared: &BTreeSet<&str>) -> String {
    let free = |candidate: &str| !taken.contains(candidate) && !declared.contains(candidate);
    if free(wanted) {
        return wanted.to_owned();
    }
    (2..).map(|suffix| format!("{wanted}_{suffix}")).find(|candidate| free(candidate)).unwrap_or_default()
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
    let errors_before = builder.errors.len();
    let lines = super::sequential::line_stream(builder, operation, &at, &builder_name);
    let mut params = parameters(builder, path, item, operation, &at, &builder_name, lines.is_some());
    let route = query_in_template(builder, path, &mut params, &at);
    let path_segments = path_segments(builder, &route, &mut params, &at).unwrap_or_default();

    let body = operation.request_body.as_ref().and_then(|body| request_body(builder, body, &at, &builder_name));
    let (success, errors, events) = responses(builder, operation, &at, &builder_name);
    let accept =
        super::bodies::success_accept(builder, operation, &at).filter(|_| matches!(success, ResponseBody::Json { .. }));
    if let ResponseBody::Json { ty: TypeRef::Named(id), .. } = &success {
        // A union of several success bodies has no schema of its own: it lives at the responses.
        builder.locate(*id, &at.join("responses"));
    }
    if builder.errors.len() > errors_before {
        return None;
    }
    // The operation's own requirements replace the document's, even when empty.
    let requirements = operation.security.as_ref().or(builder.document.security.as_ref());
    let security =
        requirements.into_iter().flatten().map(|requirement| requirement.keys().cloned().collect()).collect();
    Some(Operation {
        method_name,
        builder_name,
        operation_id,
        // Fixed fields name methods in lower case; `additionalOperations` keys are sent as written.
        http_method: if is_fixed_field(method) { method.to_ascii_uppercase() } else { method.to_owned() },
        path: path.to_owned(),
        path_segments,
        docs: docs::summary_and_description(operation.summary.as_deref(), operation.description.as_deref()),
        deprecated: operation.deprecated,
        params,
        body,
        success,
        errors,
        security,
        pagination: None,
        idempotency_header: None,
        events,
        lines,
        accept,
        pointer: at,
        tags: operation.tags.clone(),
        features: None,
    })
}

/// Whether a method comes from a path item's fixed field (`get`, ..., 3.2's `query`) rather than from
/// `additionalOperations`.
fn is_fixed_field(method: &str) -> bool {
    matches!(method, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" | "query")
}

/// Some specs put a query string in the path (`/search?q={q}&v=2`). Templated pairs become query
/// parameters (a parameter declared `in: path` for them is moved); fixed pairs stay in the path, which the
/// URL keeps as its query. Returns the template without the templated pairs.
fn query_in_template(builder: &mut TypeBuilder<'_>, path: &str, params: &mut [Param], at: &JsonPointer) -> String {
    let Some((route, query)) = path.split_once('?') else { return path.to_owned() };
    let mut fixed = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let Some((key, placeholder)) =
            pair.split_once('=').filter(|(_, value)| value.starts_with('{') && value.ends_with('}'))
        else {
            fixed.push(pair);
            continue;
        };
        let name = &placeholder[1..placeholder.len() - 1];
        match params.iter_mut().find(|param| param.wire_name == name) {
            Some(param) => {
                param.location = ParamLocation::Query;
                param.wire_name = key.to_owned();
            }
            None => {
                builder.warn(at, format!("`{{{name}}}` in the path's query string has no parameter; it is not sent"))
            }
        }
    }
    if fixed.is_empty() { route.to_owned() } else { format!("{route}?{}", fixed.join("&")) }
}
