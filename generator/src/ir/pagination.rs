//! Recognising paginated lists, and how to ask for the next page. Each style has a detector; a list
//! operation (a GET whose response holds an array of items) gets the first style whose detector
//! succeeds, in this order: cursor, stripe, next-url, link-header, offset, page. The config file can
//! name the style (and names) of an operation instead, or turn pagination off for it.

use super::model::{
    Field, FieldPath, Operation, Pagination, PaginationStyle, Param, ParamLocation, PathStep, ResponseBody, Scalar,
    TypeDef, TypeKind, TypeRef,
};
use crate::naming::value_name;
use crate::settings::{PaginationOverride, PaginationSettings, PaginationStyleName};

/// Objects a next cursor, has-more flag or total may be nested in (`meta.next_cursor`).
const CONTAINERS: &[&str] = &["meta", "pagination", "page_info", "paging"];
/// Body fields holding the next page's URL.
const NEXT_URL_FIELDS: &[&str] = &["next_url", "next_page_url", "next_link", "next"];
/// Objects holding URLs by relation (`links.next`).
const LINK_CONTAINERS: &[&str] = &["links", "_links"];
/// Parameters taking the id of the last item (Stripe).
const LAST_ID_PARAMS: &[&str] = &["starting_after", "after"];
/// Offset parameters.
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
/// Page number parameters.
const PAGE_PARAMS: &[&str] = &["page", "page_number"];
/// Page size parameters.
const LIMIT_PARAMS: &[&str] = &["limit", "per_page", "page_size", "size", "max_results"];
/// Fields holding the total number of items.
const TOTAL_FIELDS: &[&str] = &["total", "total_count", "total_results", "total_items"];
/// Fields holding the number of pages.
const TOTAL_PAGES_FIELDS: &[&str] = &["total_pages", "page_count", "last_page"];

fn snake(name: &str) -> String {
    value_name(name, "")
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn resolve<'t>(types: &'t [TypeDef], ty: &'t TypeRef) -> &'t TypeRef {
    let mut ty = ty;
    for _ in 0..types.len() {
        match ty {
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(target) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

fn struct_fields<'t>(types: &'t [TypeDef], ty: &'t TypeRef) -> Option<&'t [Field]> {
    match resolve(types, ty) {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

fn is_string(ty: &TypeRef) -> bool {
    *ty == TypeRef::Scalar(Scalar::String)
}

fn is_bool(ty: &TypeRef) -> bool {
    *ty == TypeRef::Scalar(Scalar::Bool)
}

fn integer(ty: &TypeRef) -> Option<Scalar> {
    match ty {
        TypeRef::Scalar(scalar @ (Scalar::I32 | Scalar::I64)) => Some(*scalar),
        _ => None,
    }
}

fn is_integer(ty: &TypeRef) -> bool {
    integer(ty).is_some()
}

fn step(field: &Field) -> PathStep {
    PathStep { rust_name: field.rust_name.clone(), optional: field.is_optional(), tri_state: field.is_tri_state() }
}

/// A field by a dotted path of wire names (`meta.next_cursor`), its last field's type accepted.
fn dotted(types: &[TypeDef], fields: &[Field], path: &str, accept: fn(&TypeRef) -> bool) -> Option<FieldPath> {
    let mut fields = fields;
    let mut steps = Vec::new();
    let names: Vec<&str> = path.split('.').collect();
    for (index, name) in names.iter().enumerate() {
        let wanted = snake(name);
        let field = fields.iter().find(|field| !field.flatten && snake(&field.wire_name) == wanted)?;
        steps.push(step(field));
        if index + 1 == names.len() {
            return accept(&field.ty).then_some(steps);
        }
        fields = struct_fields(types, &field.ty)?;
    }
    None
}

/// The first of `names` found directly in `fields`, else inside one of `containers`.
fn find(
    types: &[TypeDef],
    fields: &[Field],
    names: &[String],
    containers: &[&str],
    accept: fn(&TypeRef) -> bool,
) -> Option<FieldPath> {
    names.iter().find_map(|name| dotted(types, fields, name, accept)).or_else(|| {
        containers.iter().find_map(|container| {
            names.iter().find_map(|name| dotted(types, fields, &format!("{container}.{name}"), accept))
        })
    })
}

/// An optional query parameter with one of these names and an accepted type.
fn find_param<'o>(operation: &'o Operation, names: &[String], accept: fn(&TypeRef) -> bool) -> Option<&'o Param> {
    names.iter().find_map(|wanted| {
        let wanted = snake(wanted);
        operation.params.iter().find(|param| {
            param.location == ParamLocation::Query
                && !param.required
                && accept(&param.ty)
                && snake(&param.wire_name) == wanted
        })
    })
}

/// The names each role is looked up by: the override's single name, or the defaults.
struct Names<'a> {
    rules: &'a PaginationSettings,
    chosen: Option<&'a PaginationOverride>,
}

impl Names<'_> {
    fn pick(&self, chosen: impl Fn(&PaginationOverride) -> Option<&String>, defaults: Vec<String>) -> Vec<String> {
        match self.chosen.and_then(chosen) {
            Some(name) => vec![name.clone()],
            None => defaults,
        }
    }

    /// Containers are searched only when the name was not given.
    fn containers(&self, chosen: impl Fn(&PaginationOverride) -> Option<&String>) -> &'static [&'static str] {
        if self.chosen.and_then(chosen).is_some() { &[] } else { CONTAINERS }
    }
}

/// The response's items: the body itself when it is an array, else an array field (by name, or the only
/// required array).
fn items(types: &[TypeDef], body: &TypeRef, names: &Names<'_>) -> Result<(FieldPath, TypeRef), String> {
    if let TypeRef::Array(item) = resolve(types, body)
        && names.chosen.and_then(|chosen| chosen.items.as_deref()).is_none_or(|items| items == ".")
    {
        return Ok((Vec::new(), (**item).clone()));
    }
    let fields = struct_fields(types, body).ok_or("the response is neither an object nor an array")?;
    let is_list = |ty: &TypeRef| matches!(ty, TypeRef::Array(_));
    // A lenient field is an `Option` only because servers may leave it out: a page without it is empty.
    let required_list = |field: &&Field| is_list(&field.ty) && field.in_constructor();
    let field = match names.chosen.and_then(|chosen| chosen.items.as_ref()) {
        Some(name) => {
            let wanted = snake(name);
            fields.iter().filter(required_list).find(|field| snake(&field.wire_name) == wanted)
        }
        None => names
            .rules
            .items_fields
            .iter()
            .find_map(|wanted| {
                let wanted = snake(wanted);
                fields.iter().filter(required_list).find(|field| snake(&field.wire_name) == wanted)
            })
            .or_else(|| {
                let mut lists = fields.iter().filter(required_list);
                match (lists.next(), lists.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            }),
    };
    let field = field.ok_or("no required array property holds the items")?;
    let TypeRef::Array(item) = &field.ty else { return Err("the items property is not an array".to_owned()) };
    Ok((vec![step(field)], (**item).clone()))
}

/// What a detector sees.
struct Context<'a> {
    operation: &'a Operation,
    types: &'a [TypeDef],
    /// The response's fields, when it is an object.
    fields: &'a [Field],
    names: Names<'a>,
}

type Detected = Result<PaginationStyle, String>;

fn cursor(cx: &Context<'_>) -> Detected {
    let names = &cx.names;
    let mut params = names.rules.cursor_params.clone();
    params.push("marker".to_owned());
    let param = find_param(cx.operation, &names.pick(|o| o.param.as_ref(), params), is_string)
        .ok_or("no optional string query parameter takes the cursor")?;
    let mut next_names = names.rules.next_cursor_fields.clone();
    next_names.push("next_marker".to_owned());
    let next_names = names.pick(|o| o.next.as_ref(), next_names);
    let next = find(cx.types, cx.fields, &next_names, names.containers(|o| o.next.as_ref()), is_string)
        .ok_or("no string property of the response holds the next cursor")?;
    let has_more_names = names.pick(|o| o.has_more.as_ref(), names.rules.has_more_fields.clone());
    let has_more = find(cx.types, cx.fields, &has_more_names, names.containers(|o| o.has_more.as_ref()), is_bool);
    Ok(PaginationStyle::Cursor { param: param.rust_name.clone(), next, has_more })
}

fn last_id(cx: &Context<'_>, item: &TypeRef) -> Detected {
    let names = &cx.names;
    let param = find_param(cx.operation, &names.pick(|o| o.param.as_ref(), strings(LAST_ID_PARAMS)), is_string)
        .ok_or("no optional string query parameter `starting_after` or `after`")?;
    let has_more_names = names.pick(|o| o.has_more.as_ref(), names.rules.has_more_fields.clone());
    let has_more = find(cx.types, cx.fields, &has_more_names, names.containers(|o| o.has_more.as_ref()), is_bool)
        .ok_or("no boolean property of the response says whether there are more items")?;
    let item_fields = struct_fields(cx.types, item).ok_or("the items are not objects")?;
    let id_name = names.pick(|o| o.id.as_ref(), strings(&["id"]));
    let id = find(cx.types, item_fields, &id_name, &[], is_string).ok_or("the items have no string `id`")?;
    Ok(PaginationStyle::LastId { param: param.rust_name.clone(), id, has_more })
}

fn next_url(cx: &Context<'_>) -> Detected {
    let names = &cx.names;
    let next = match names.chosen.and_then(|o| o.next.as_ref()) {
        Some(name) => dotted(cx.types, cx.fields, name, is_string),
        None => find(cx.types, cx.fields, &strings(NEXT_URL_FIELDS), LINK_CONTAINERS, is_string),
    };
    Ok(PaginationStyle::NextUrl { next: next.ok_or("no string property of the response holds the next page's URL")? })
}

fn limit_param(cx: &Context<'_>) -> Option<(String, Scalar)> {
    let param =
        find_param(cx.operation, &cx.names.pick(|o| o.limit_param.as_ref(), strings(LIMIT_PARAMS)), is_integer)?;
    Some((param.rust_name.clone(), integer(&param.ty)?))
}

fn link_header(cx: &Context<'_>) -> Detected {
    if cx.names.chosen.is_none() {
        find_param(cx.operation, &strings(&["page"]), is_integer).ok_or("no integer `page` query parameter")?;
        find_param(cx.operation, &strings(&["per_page"]), is_integer).ok_or("no integer `per_page` query parameter")?;
    }
    Ok(PaginationStyle::LinkHeader)
}

fn offset(cx: &Context<'_>) -> Detected {
    let names = &cx.names;
    let param = find_param(cx.operation, &names.pick(|o| o.param.as_ref(), strings(OFFSET_PARAMS)), is_integer)
        .ok_or("no optional integer query parameter takes the offset")?;
    let total_names = names.pick(|o| o.total.as_ref(), strings(TOTAL_FIELDS));
    let total = find(cx.types, cx.fields, &total_names, names.containers(|o| o.total.as_ref()), is_integer);
    Ok(PaginationStyle::Offset {
        param: param.rust_name.clone(),
        param_ty: integer(&param.ty).unwrap_or(Scalar::I64),
        limit: limit_param(cx),
        total,
    })
}

fn page_number(cx: &Context<'_>) -> Detected {
    let names = &cx.names;
    let param = find_param(cx.operation, &names.pick(|o| o.param.as_ref(), strings(PAGE_PARAMS)), is_integer)
        .ok_or("no optional integer query parameter takes the page number")?;
    let has_more_names = names.pick(|o| o.has_more.as_ref(), names.rules.has_more_fields.clone());
    let has_more = find(cx.types, cx.fields, &has_more_names, names.containers(|o| o.has_more.as_ref()), is_bool);
    let total_names = names.pick(|o| o.total.as_ref(), strings(TOTAL_PAGES_FIELDS));
    let total = find(cx.types, cx.fields, &total_names, names.containers(|o| o.total.as_ref()), is_integer);
    Ok(PaginationStyle::PageNumber {
        param: param.rust_name.clone(),
        param_ty: integer(&param.ty).unwrap_or(Scalar::I64),
        limit: limit_param(cx),
        has_more,
        total,
    })
}

/// Recognises a paginated list (see the module docs), or applies the config's choice for it. An error
/// explains why the configured style does not fit the operation.
pub fn detect(
    operation: &Operation,
    types: &[TypeDef],
    rules: &PaginationSettings,
) -> Result<Option<Pagination>, String> {
    let chosen = rules.operations.get(&operation.operation_id);
    if chosen.is_some_and(|chosen| chosen.style == PaginationStyleName::None) {
        return Ok(None);
    }
    let names = Names { rules, chosen };
    let ResponseBody::Json { ty: body, optional: false } = &operation.success else {
        return match chosen {
            Some(_) => Err("the operation has no JSON response body".to_owned()),
            None => Ok(None),
        };
    };
    if chosen.is_none() && operation.http_method != "GET" {
        return Ok(None);
    }
    let (items, item_type) = match items(types, body, &names) {
        Ok(found) => found,
        Err(reason) if chosen.is_some() => return Err(reason),
        Err(_) => return Ok(None),
    };
    let cx = Context { operation, types, fields: struct_fields(types, body).unwrap_or(&[]), names };
    let style = match chosen.map(|chosen| chosen.style) {
        Some(PaginationStyleName::Cursor) => cursor(&cx)?,
        Some(PaginationStyleName::Stripe) => last_id(&cx, &item_type)?,
        Some(PaginationStyleName::LinkHeader) => link_header(&cx)?,
        Some(PaginationStyleName::NextUrl) => next_url(&cx)?,
        Some(PaginationStyleName::Offset) => offset(&cx)?,
        Some(PaginationStyleName::Page) => page_number(&cx)?,
        Some(PaginationStyleName::None) => return Ok(None),
        None => {
            let detected = cursor(&cx)
                .or_else(|_| last_id(&cx, &item_type))
                .or_else(|_| next_url(&cx))
                .or_else(|_| link_header(&cx))
                .or_else(|_| offset(&cx))
                .or_else(|_| page_number(&cx));
            match detected {
                Ok(style) => style,
                Err(_) => return Ok(None),
            }
        }
    };
    Ok(Some(Pagination { items, item_type, style }))
}
