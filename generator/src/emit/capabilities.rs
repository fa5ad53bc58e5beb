//! What a crate uses of the runtime, and the runtime sources cut down to it.
//!
//! The runtime sources mark code that only some specs need with whole-line comments:
//!
//! ```text
//! // @when auth-basic oauth2
//! fn basic_credentials(..) { .. }
//! // @end
//! ```
//!
//! A block is kept when the crate has any of the capabilities named after `@when`, and dropped with its
//! marker lines otherwise; blocks nest. With every capability on, a source is the file as written minus
//! its marker lines, so the files under `runtime/` stay ordinary Rust, and each crate carries no code its
//! spec cannot reach (which is why the runtime needs no `dead_code` allowances).

use std::collections::BTreeSet;

use super::CrateInfo;
use super::send::PartKind;
use crate::ir::{
    AuthScheme, BodyEncoding, Ir, PaginationStyle, ParamLocation, QueryStyle, ResponseBody, Scalar, TypeRef,
};

/// Something of the runtime that only some specs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    /// An API key in a header.
    AuthHeader,
    /// An API key in the query string.
    AuthQuery,
    /// An API key in a cookie.
    AuthCookie,
    /// A bearer token given by the caller.
    AuthBearer,
    /// HTTP basic authentication.
    AuthBasic,
    /// Another HTTP scheme, whose credential the caller computes (`Authorization: <scheme> <credential>`).
    AuthScheme,
    /// Tokens fetched with OAuth2 client credentials.
    OAuth2,
    /// The spec names an absolute server, so the crate has `Client::new`.
    DefaultServer,
    /// Path parameters (percent-encoded into the path).
    PathParams,
    /// Query parameters.
    QueryParams,
    /// Header parameters.
    HeaderParams,
    /// Cookie parameters.
    CookieParams,
    /// Query parameters that are objects spread into the query (`form` exploded, `deepObject`).
    QueryObject,
    /// An operation declares its own idempotency-key header parameter.
    IdempotencyParam,
    /// JSON request bodies.
    JsonBody,
    /// `application/x-www-form-urlencoded` request bodies.
    FormBody,
    /// `multipart/form-data` request bodies.
    MultipartBody,
    /// Multipart parts sent as text.
    MultipartText,
    /// Multipart parts sent as files.
    MultipartFile,
    /// Multipart parts sent as JSON.
    MultipartJson,
    /// Text request bodies.
    TextBody,
    /// Binary request bodies.
    BinaryBody,
    /// JSON success bodies.
    JsonResponse,
    /// Success responses without a body.
    EmptyResponse,
    /// Text success bodies.
    TextResponse,
    /// Binary success bodies (also streamed in chunks).
    BinaryResponse,
    /// A JSON success body asked for with a media type other than `application/json`.
    CustomAccept,
    /// Server-sent events.
    Events,
    /// Server-sent events whose data is text.
    EventsText,
    /// Server-sent events whose data is JSON.
    EventsJson,
    /// Error bodies that differ by status.
    ErrorsByStatus,
    /// Pagination by a cursor or the last item's id.
    PageToken,
    /// Pagination by a URL the server gives (in the body or the `Link` header).
    PageUrl,
    /// Pagination by the `Link` header.
    LinkHeader,
    /// Pagination by offset.
    PageOffset,
    /// Pagination by page number.
    PageNumber,
    /// Structs that declare every property they keep (their keys are looked up by index).
    PlainObjects,
    /// Structs with at least one declared property.
    DeclaredFields,
    /// Struct fields that must be present.
    RequiredFields,
    /// Struct fields left out of the object when unset.
    OptionalFields,
    /// Struct fields written even when `None` (as `null`).
    PresentFields,
    /// Optional fields that may also be `null` (`Nullable`).
    TriState,
    /// Structs that keep undeclared properties in a map.
    Flattened,
}

impl Capability {
    /// Every capability, in the order of their names in markers.
    pub const ALL: [Capability; 43] = [
        Capability::AuthHeader,
        Capability::AuthQuery,
        Capability::AuthCookie,
        Capability::AuthBearer,
        Capability::AuthBasic,
        Capability::AuthScheme,
        Capability::OAuth2,
        Capability::DefaultServer,
        Capability::PathParams,
        Capability::QueryParams,
        Capability::HeaderParams,
        Capability::CookieParams,
        Capability::QueryObject,
        Capability::IdempotencyParam,
        Capability::JsonBody,
        Capability::FormBody,
        Capability::MultipartBody,
        Capability::MultipartText,
        Capability::MultipartFile,
        Capability::MultipartJson,
        Capability::TextBody,
        Capability::BinaryBody,
        Capability::JsonResponse,
        Capability::EmptyResponse,
        Capability::TextResponse,
        Capability::BinaryResponse,
        Capability::CustomAccept,
        Capability::Events,
        Capability::EventsText,
        Capability::EventsJson,
        Capability::ErrorsByStatus,
        Capability::PageToken,
        Capability::PageUrl,
        Capability::LinkHeader,
        Capability::PageOffset,
        Capability::PageNumber,
        Capability::PlainObjects,
        Capability::DeclaredFields,
        Capability::RequiredFields,
        Capability::OptionalFields,
        Capability::PresentFields,
        Capability::TriState,
        Capability::Flattened,
    ];

    /// The name used in `// @when` markers.
    pub fn name(self) -> &'static str {
        match self {
            Capability::AuthHeader => "auth-header",
            Capability::AuthQuery => "auth-query",
            Capability::AuthCookie => "auth-cookie",
            Capability::AuthBearer => "auth-bearer",
            Capability::AuthBasic => "auth-basic",
            Capability::AuthScheme => "auth-scheme",
            Capability::OAuth2 => "oauth2",
            Capability::DefaultServer => "default-server",
            Capability::PathParams => "path-params",
            Capability::QueryParams => "query-params",
            Capability::HeaderParams => "header-params",
            Capability::CookieParams => "cookie-params",
            Capability::QueryObject => "query-object",
            Capability::IdempotencyParam => "idempotency-param",
            Capability::JsonBody => "json-body",
            Capability::FormBody => "form-body",
            Capability::MultipartBody => "multipart-body",
            Capability::MultipartText => "multipart-text",
            Capability::MultipartFile => "multipart-file",
            Capability::MultipartJson => "multipart-json",
            Capability::TextBody => "text-body",
            Capability::BinaryBody => "binary-body",
            Capability::JsonResponse => "json-response",
            Capability::EmptyResponse => "empty-response",
            Capability::TextResponse => "text-response",
            Capability::BinaryResponse => "binary-response",
            Capability::CustomAccept => "custom-accept",
            Capability::Events => "events",
            Capability::EventsText => "events-text",
            Capability::EventsJson => "events-json",
            Capability::ErrorsByStatus => "errors-by-status",
            Capability::PageToken => "page-token",
            Capability::PageUrl => "page-url",
            Capability::LinkHeader => "link-header",
            Capability::PageOffset => "page-offset",
            Capability::PageNumber => "page-number",
            Capability::PlainObjects => "plain-objects",
            Capability::DeclaredFields => "declared-fields",
            Capability::RequiredFields => "required-fields",
            Capability::OptionalFields => "optional-fields",
            Capability::PresentFields => "present-fields",
            Capability::TriState => "tri-state",
            Capability::Flattened => "flattened",
        }
    }

    /// The capability a marker names, if any.
    pub fn from_name(name: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|capability| capability.name() == name)
    }
}

/// The capabilities of the runtime that a crate's operations and security schemes use.
pub fn capabilities(ir: &Ir, info: &CrateInfo) -> BTreeSet<Capability> {
    let mut used = super::serde_impls::capabilities(ir, &info.derives);
    if info.types_only {
        return used;
    }
    for scheme in &ir.schemes {
        used.insert(match scheme.kind {
            AuthScheme::ApiKeyHeader(_) => Capability::AuthHeader,
            AuthScheme::ApiKeyQuery(_) => Capability::AuthQuery,
            AuthScheme::ApiKeyCookie(_) => Capability::AuthCookie,
            AuthScheme::Bearer => Capability::AuthBearer,
            AuthScheme::Basic => Capability::AuthBasic,
            AuthScheme::HttpScheme(_) => Capability::AuthScheme,
            AuthScheme::OAuth2ClientCredentials { .. } => Capability::OAuth2,
        });
    }
    // `Client::request` can send a JSON body in every client (its query goes straight into the parts).
    used.insert(Capability::JsonBody);
    if ir.api.default_base_url.is_some() {
        used.insert(Capability::DefaultServer);
    }
    for operation in &ir.operations {
        for param in &operation.params {
            match param.location {
                ParamLocation::Path => used.insert(Capability::PathParams),
                ParamLocation::Header => used.insert(Capability::HeaderParams),
                ParamLocation::Cookie => used.insert(Capability::CookieParams),
                ParamLocation::Query => {
                    // Objects spread into the query go through `query_object`; everything else through `query`.
                    let spread = matches!(param.style, QueryStyle::Form { explode: true } | QueryStyle::DeepObject);
                    if spread && !matches!(param.ty, TypeRef::Array(_)) && super::send::is_object(ir, &param.ty) {
                        used.insert(Capability::QueryObject)
                    } else {
                        used.insert(Capability::QueryParams)
                    }
                }
            };
        }
        if operation.idempotency_header.is_some() {
            used.insert(Capability::IdempotencyParam);
        }
        if let Some(body) = &operation.body {
            used.insert(match body.encoding {
                BodyEncoding::Json => Capability::JsonBody,
                BodyEncoding::Form => Capability::FormBody,
                BodyEncoding::Multipart => Capability::MultipartBody,
                BodyEncoding::Text => Capability::TextBody,
                BodyEncoding::Binary => Capability::BinaryBody,
            });
            if body.encoding == BodyEncoding::Multipart {
                used.extend(super::send::multipart_part_kinds(ir, &body.ty).map(|kind| match kind {
                    PartKind::Text => Capability::MultipartText,
                    PartKind::File => Capability::MultipartFile,
                    PartKind::Json => Capability::MultipartJson,
                }));
            }
        }
        used.insert(match operation.success {
            ResponseBody::Empty => Capability::EmptyResponse,
            ResponseBody::Json { .. } => Capability::JsonResponse,
            ResponseBody::Text => Capability::TextResponse,
            ResponseBody::Binary => Capability::BinaryResponse,
        });
        if operation.accept.is_some() && matches!(operation.success, ResponseBody::Json { .. }) {
            used.insert(Capability::CustomAccept);
        }
        if let Some(data) = &operation.events {
            used.insert(Capability::Events);
            // The same test as `streams::event_methods`, which picks the decoder.
            used.insert(if *data == TypeRef::Scalar(Scalar::String) {
                Capability::EventsText
            } else {
                Capability::EventsJson
            });
        }
        if operation.errors.by_status {
            used.insert(Capability::ErrorsByStatus);
        }
        if let Some(pagination) = &operation.pagination {
            used.extend(match pagination.style {
                PaginationStyle::Cursor { .. } | PaginationStyle::LastId { .. } => &[Capability::PageToken][..],
                PaginationStyle::LinkHeader => &[Capability::PageUrl, Capability::LinkHeader],
                PaginationStyle::NextUrl { .. } => &[Capability::PageUrl],
                PaginationStyle::Offset { .. } => &[Capability::PageOffset],
                PaginationStyle::PageNumber { .. } => &[Capability::PageNumber],
            });
        }
    }
    used
}

/// A marker line that is malformed or names no known capability.
#[derive(Debug, PartialEq, Eq)]
pub struct MarkerError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// A marker line: `@when` with the capabilities it names, or `@end`.
enum Marker {
    When(Vec<Capability>),
    End,
}

/// Reads a line as a marker: `None` for ordinary lines.
fn marker(line: &str) -> Option<Result<Marker, String>> {
    let comment = line.trim().strip_prefix("//")?.trim();
    if comment == "@end" {
        return Some(Ok(Marker::End));
    }
    let names = comment.strip_prefix("@when")?;
    if !names.starts_with(char::is_whitespace) {
        return Some(Err(format!("`{comment}` is not `@when <capability> ...`")));
    }
    let capabilities = names
        .split_whitespace()
        .map(|name| Capability::from_name(name).ok_or_else(|| format!("unknown capability `{name}`")))
        .collect::<Result<Vec<_>, _>>();
    Some(capabilities.map(Marker::When))
}

/// `source` with the blocks for capabilities the crate lacks removed, and every marker line dropped.
pub fn strip(source: &str, capabilities: &BTreeSet<Capability>) -> Result<String, MarkerError> {
    let mut out = String::with_capacity(source.len());
    // For each open block, whether it is kept (a block inside a dropped one is dropped too).
    let mut open: Vec<bool> = Vec::new();
    // Whether lines were dropped since the last one kept: a blank line then left next to another goes too.
    let mut dropped = false;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let error = |reason: String| MarkerError { line: index + 1, reason };
        match marker(line) {
            None if open.iter().all(|&kept| kept) => {
                let blank_again = line.trim().is_empty() && (out.is_empty() || out.ends_with("\n\n"));
                if !(dropped && blank_again) {
                    out.push_str(line);
                    dropped = false;
                }
            }
            None => dropped = true,
            Some(Err(reason)) => return Err(error(reason)),
            Some(Ok(Marker::When(names))) => {
                if names.is_empty() {
                    return Err(error("`@when` names no capability".to_owned()));
                }
                open.push(names.iter().any(|name| capabilities.contains(name)));
            }
            Some(Ok(Marker::End)) => {
                if open.pop().is_none() {
                    return Err(error("`@end` without `@when`".to_owned()));
                }
            }
        }
    }
    if !open.is_empty() {
        let lines = source.lines().count();
        return Err(MarkerError { line: lines, reason: format!("{} `@when` block(s) not closed", open.len()) });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(capabilities: &[Capability]) -> BTreeSet<Capability> {
        capabilities.iter().copied().collect()
    }

    const SOURCE: &str = "a\n// @when auth-basic oauth2\nb\n    // @when page-url\n    c\n    // @end\n// @end\nd\n";

    #[test]
    fn blocks_are_kept_when_any_named_capability_is_on() {
        assert_eq!(strip(SOURCE, &set(&[])).unwrap(), "a\nd\n");
        assert_eq!(strip(SOURCE, &set(&[Capability::OAuth2])).unwrap(), "a\nb\nd\n");
        assert_eq!(strip(SOURCE, &set(&[Capability::PageUrl])).unwrap(), "a\nd\n");
        assert_eq!(strip(SOURCE, &set(&[Capability::AuthBasic, Capability::PageUrl])).unwrap(), "a\nb\n    c\nd\n");
    }

    #[test]
    fn a_dropped_block_leaves_no_double_blank_line() {
        let source = "a\n\n// @when oauth2\nb\n// @end\n\nc\n\n\nd\n";
        assert_eq!(strip(source, &set(&[])).unwrap(), "a\n\nc\n\n\nd\n");
        assert_eq!(strip(source, &set(&[Capability::OAuth2])).unwrap(), "a\n\nb\n\nc\n\n\nd\n");
    }

    #[test]
    fn malformed_markers_are_reported_with_their_line() {
        let unknown = strip("x\n// @when auth-telepathy\n// @end\n", &set(&[])).unwrap_err();
        assert_eq!(unknown, MarkerError { line: 2, reason: "unknown capability `auth-telepathy`".to_owned() });
        assert_eq!(strip("// @end\n", &set(&[])).unwrap_err().line, 1);
        assert!(strip("// @when oauth2\nx\n", &set(&[])).unwrap_err().reason.contains("not closed"));
        assert!(strip("// @when\n// @end\n", &set(&[])).is_err());
        assert!(strip("// @whenever\n", &set(&[])).is_err());
    }

    #[test]
    fn every_capability_has_a_distinct_name() {
        for capability in Capability::ALL {
            assert_eq!(Capability::from_name(capability.name()), Some(capability));
        }
        let names: BTreeSet<&str> = Capability::ALL.iter().map(|capability| capability.name()).collect();
        assert_eq!(names.len(), Capability::ALL.len());
    }

    #[test]
    fn every_runtime_source_has_well_formed_markers() {
        let all: BTreeSet<Capability> = Capability::ALL.into_iter().collect();
        for module in super::super::RUNTIME {
            let full = strip(module.source, &all).unwrap_or_else(|error| panic!("{}.rs: {error:?}", module.name));
            // With every capability on, only the marker lines go.
            let unmarked: String = module.source.split_inclusive('\n').filter(|line| marker(line).is_none()).collect();
            assert_eq!(full, unmarked, "{}.rs", module.name);
            strip(module.source, &BTreeSet::new()).unwrap_or_else(|error| panic!("{}.rs: {error:?}", module.name));
        }
    }
}
