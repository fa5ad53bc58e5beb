//! Operation parameters: path, query, header and cookie, with path-level ones merged in and query
//! serialisation styles kept.

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle as SpecQueryStyle,
};

use super::docs;
use super::model::{Param, ParamLocation, QueryStyle, Scalar, TypeRef};
use super::types::TypeBuilder;
use crate::error::Diagnostic;
use crate::load::{QUERYSTRING_MARKER, resolve, schema_ref};
use crate::naming::{NameScope, bare, type_name_part, value_name};
use crate::pointer::JsonPointer;

/// Names the request builder uses for its own fields and methods (including the shared request options);
/// parameters must not take them.
pub const BUILDER_FIELDS: &[&str] = &[
    "client",
    "options",
    "body",
    "send",
    "into_stream",
    "max_items",
    "page_url",
    "events",
    "bytes_stream",
    "into_future",
    "timeout",
    "max_retries",
    "idempotency_key",
    "retry_non_idempotent",
    "max_body_size",
    "header",
    "send_raw",
    "request_parts",
];

/// Header parameters the client writes itself, with where from. OpenAPI says `Accept` and `Content-Type`
/// parameters are ignored (a declared `Accept: application/vnd.vtex.ds.v10+json` got 406 for a JSON
/// response); `Content-Type` only where a request body sets it, since validating servers (Prism) still
/// require a declared one on bodiless requests. The others frame the message on the wire (a declared
/// `Content-Length` of 783 contradicted the body and the server waited for bytes that never came).
/// `Authorization` stays a parameter: specs without a security scheme carry their credentials in it.
const OWNED_HEADERS: &[(&str, &str)] = &[
    ("Accept", "the operation's success responses"),
    ("Content-Type", "the request body's media type"),
    ("Content-Length", "the request body"),
    ("Transfer-Encoding", "the request body"),
    ("Host", "the base URL"),
    ("Connection", "its connection pool"),
];

/// The parameters of an operation: path-level ones first, overridden by operation-level ones with the
/// same name and location.
pub fn parameters<'a>(
    builder: &mut TypeBuilder<'a>,
    path: &str,
    item: &'a PathItem,
    operation: &'a SpecOperation,
    at: &JsonPointer,
    builder_name: &str,
    streams_lines: bool,
) -> Vec<Param> {
    let label = builder.label;
    let path_at = JsonPointer::root().join("paths").join(path);
    let mut resolved: Vec<(&'a Parameter, JsonPointer)> = Vec::new();
    let path_level =
        item.parameters.iter().enumerate().map(|(index, param)| (param, path_at.join("parameters").join(index)));
    let operation_level =
        operation.parameters.iter().enumerate().map(|(index, param)| (param, at.join("parameters").join(index)));
    for (param, param_at) in path_level.chain(operation_level) {
        match resolve(builder.document, param, &param_at, label) {
            Ok((param, param_at)) => {
                let data = param.parameter_data_ref();
                // A nameless parameter cannot be sent (`?=value`); the rest of the operation still works.
                if data.name.trim().is_empty() {
                    builder.warnings.push(
                        Diagnostic::new(label, param_at, "parameter has an empty `name`; dropped it")
                            .with_hint("give the parameter the name the server expects, or remove it"),
                    );
                    continue;
                }
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
    if streams_lines {
        scope.claim("lines");
    }
    let mut params = Vec::new();
    for (param, param_at) in resolved {
        let data = param.parameter_data_ref();
        if matches!(param, Parameter::Header { .. })
            && let Some((owned, source)) = OWNED_HEADERS.iter().find(|(name, _)| name.eq_ignore_ascii_case(&data.name))
            && (*owned != "Content-Type" || operation.request_body.is_some())
        {
            builder.warn(
                &param_at,
                format!("header parameter `{}` is not generated: the client sets `{owned}` from {source}", data.name),
            );
            continue;
        }
        let querystring = matches!(param, Parameter::Query { parameter_data, .. }
            if parameter_data.extensions.contains_key(QUERYSTRING_MARKER));
        let (location, required, style) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, true, QueryStyle::Form { explode: false }),
            Parameter::Query { parameter_data, style, .. } => {
                (ParamLocation::Query, parameter_data.required, query_style(style, parameter_data.explode))
            }
            Parameter::Header { parameter_data, .. } => {
                (ParamLocation::Header, parameter_data.required, QueryStyle::Form { explode: false })
            }
            Parameter::Cookie { parameter_data, .. } => {
                (ParamLocation::Cookie, parameter_data.required, QueryStyle::Form { explode: false })
            }
        };
        let hint = format!("{}{}", bare(builder_name), type_name_part(&data.name, "Param"));
        let ty = match &data.format {
            _ if querystring => match querystring_type(builder, &data.format, &param_at, &hint) {
                Some(ty) => ty,
                None => continue,
            },
            // A path parameter the template does not name is dropped with a warning (`path_template`); its
            // schema is left unconverted so that no type is generated for it.
            _ if location == ParamLocation::Path && !names_in_template(path, &data.name) => TypeRef::Json,
            ParameterSchemaOrContent::Schema(schema) => {
                builder.convert(schema_ref(schema), &hint, &param_at.join("schema"), None, &[]).ty
            }
            // `content` parameters carry a serialised document; the caller passes it as a string.
            ParameterSchemaOrContent::Content(_) => TypeRef::Scalar(Scalar::String),
        };
        params.push(Param {
            rust_name: scope.claim(&value_name(&data.name, "param")),
            wire_name: data.name.clone(),
            location,
            ty,
            required,
            // The whole query string: each property a pair.
            style: if querystring { QueryStyle::Form { explode: true } } else { style },
            deprecated: data.deprecated.unwrap_or(false),
            docs: data.description.as_deref().and_then(docs::clean),
            pointer: param_at,
        });
    }
    params
}

/// The type of an OpenAPI 3.2 `in: querystring` parameter, whose value is the whole query string: a
/// `application/x-www-form-urlencoded` object, each property a pair. `None` (with a warning) when the
/// client cannot send it that way.
fn querystring_type<'a>(
    builder: &mut TypeBuilder<'a>,
    format: &'a ParameterSchemaOrContent,
    at: &JsonPointer,
    hint: &str,
) -> Option<TypeRef> {
    let ParameterSchemaOrContent::Content(content) = format else {
        builder.warn(at, "a `querystring` parameter needs `content` with one media type; it is not sent");
        return None;
    };
    let Some((media_type, media)) = content.iter().next() else {
        builder.warn(at, "a `querystring` parameter needs `content` with one media type; it is not sent");
        return None;
    };
    let media_at = at.join("content").join(media_type);
    if super::bodies::media_essence(media_type) != "application/x-www-form-urlencoded" {
        builder.warn(
            &media_at,
            format!("a `{media_type}` query string is not supported, only `application/x-www-form-urlencoded`; it is not sent"),
        );
        return None;
    }
    let ty = match media.schema.as_ref() {
        Some(schema) => builder.convert(schema_ref(schema), hint, &media_at.join("schema"), None, &[]).ty,
        None => TypeRef::Map(Box::new(TypeRef::Json)),
    };
    if !builder.is_struct(&ty) && !matches!(ty, TypeRef::Map(_)) {
        builder.warn(
            &media_at.join("schema"),
            "a form-encoded query string must be an object with properties, or a map; it is not sent",
        );
        return None;
    }
    Some(ty)
}

/// Whether `{name}` appears in the path, query string included, in any case (the match that
/// `path_template` may repair).
fn names_in_template(path: &str, name: &str) -> bool {
    path.to_ascii_lowercase().contains(&format!("{{{}}}", name.to_ascii_lowercase()))
}

fn query_style(style: &SpecQueryStyle, explode: Option<bool>) -> QueryStyle {
    match style {
        SpecQueryStyle::Form => QueryStyle::Form { explode: explode.unwrap_or(true) },
        SpecQueryStyle::DeepObject => QueryStyle::DeepObject,
        SpecQueryStyle::SpaceDelimited => QueryStyle::Delimited(' '),
        SpecQueryStyle::PipeDelimited => QueryStyle::Delimited('|'),
    }
}
