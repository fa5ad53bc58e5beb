//! `into_stream()`, `into_pages()` and `max_items()` on the request builders of paginated lists.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::requests::types_path;
use super::rust::{ident, type_tokens};
use crate::ir::{FieldPath, Ir, Operation, Pagination, PaginationStyle, Scalar};

/// Whether a crate needs the pagination runtime module.
pub fn any_paginated(ir: &Ir) -> bool {
    ir.operations.iter().any(|operation| operation.pagination.is_some())
}

/// The builder's own fields for a paginated operation: the item limit, and the page URL when the style
/// follows URLs. Each is `(field, type)`.
pub fn builder_fields(operation: &Operation) -> Vec<(TokenStream, TokenStream)> {
    let Some(pagination) = &operation.pagination else { return Vec::new() };
    let mut fields = vec![(quote! { max_items }, quote! { ::std::option::Option<usize> })];
    if pagination.style.follows_urls() {
        fields.push((quote! { page_url }, quote! { ::std::option::Option<::std::string::String> }));
    }
    fields
}

/// The statement in `send` that sends the page URL instead of path and query, when following URLs.
pub fn send_statement(operation: &Operation) -> Option<TokenStream> {
    operation.pagination.as_ref().filter(|pagination| pagination.style.follows_urls()).map(|_| {
        quote! {
            if let ::std::option::Option::Some(url) = &self.page_url {
                request.page_url(url.clone());
            }
        }
    })
}

/// `Some(&root.a.b)`-like access as an `Option<&T>`, through optional fields.
fn access(root: TokenStream, path: &FieldPath) -> TokenStream {
    let mut steps = path.iter();
    let Some(first) = steps.next() else { return quote! { ::std::option::Option::Some(&#root) } };
    let name = ident(&first.rust_name);
    let mut expression = if first.tri_state {
        quote! { #root.#name.as_option() }
    } else if first.optional {
        quote! { #root.#name.as_ref() }
    } else {
        quote! { ::std::option::Option::Some(&#root.#name) }
    };
    for step in steps {
        let name = ident(&step.rust_name);
        expression = if step.tri_state {
            quote! { #expression.and_then(|value| value.#name.as_option()) }
        } else if step.optional {
            quote! { #expression.and_then(|value| value.#name.as_ref()) }
        } else {
            quote! { #expression.map(|value| &value.#name) }
        };
    }
    expression
}

/// The direct place (`root.a.b`) when no field before the last is optional, and whether the last is.
fn direct(root: &TokenStream, path: &FieldPath) -> Option<(TokenStream, bool)> {
    let (last, before) = path.split_last()?;
    // A `Nullable` is read through `access`, which turns it into an `Option`.
    if before.iter().any(|step| step.optional) || last.tri_state {
        return None;
    }
    let names = path.iter().map(|step| ident(&step.rust_name));
    Some((quote! { #root #(.#names)* }, last.optional))
}

fn string_at(root: TokenStream, path: &FieldPath) -> TokenStream {
    match direct(&root, path) {
        Some((place, true)) => quote! { #place.clone() },
        Some((place, false)) => quote! { ::std::option::Option::Some(#place.clone()) },
        None => {
            let access = access(root, path);
            quote! { #access.cloned() }
        }
    }
}

fn bool_at(root: TokenStream, path: &FieldPath) -> TokenStream {
    match direct(&root, path) {
        Some((place, true)) => place,
        Some((place, false)) => quote! { ::std::option::Option::Some(#place) },
        None => {
            let access = access(root, path);
            quote! { #access.copied() }
        }
    }
}

fn count_at(root: TokenStream, path: &FieldPath) -> TokenStream {
    match direct(&root, path) {
        Some((place, true)) => quote! { #place.and_then(|value| u64::try_from(value).ok()) },
        Some((place, false)) => quote! { u64::try_from(#place).ok() },
        None => {
            let access = access(root, path);
            quote! { #access.and_then(|value| u64::try_from(*value).ok()) }
        }
    }
}

fn integer_type(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::I32 => quote! { i32 },
        _ => quote! { i64 },
    }
}

/// A setter's current value as a count (`None` when unset or negative).
fn param_count(param: &str) -> TokenStream {
    let name = ident(param);
    quote! { request.#name.and_then(|value| u64::try_from(value).ok()) }
}

/// `max_items`, `into_stream` and `into_pages` (methods of the builder), and the builder's
/// `pagination::Paginated` impl: what differs from one list to the next (which parameter a page sets,
/// where a page says what comes next) in small plain functions, so that the asynchronous code that
/// follows the pages is the runtime's, written and type-checked once rather than once per operation.
/// `ok_type` is the operation's response body (a page).
pub fn stream_methods(
    ir: &Ir,
    builder: &Ident,
    pagination: &Pagination,
    ok_type: &TokenStream,
    err_type: &TokenStream,
) -> (TokenStream, TokenStream) {
    let item = type_tokens(ir, &pagination.item_type, &types_path());
    let page = quote! { page };
    // Items are the body itself or a required field of it (detection guarantees it), an `Option` only
    // under `lenient-responses`, where a page without the field has no items.
    let (items, owned_items) = match direct(&page, &pagination.items) {
        Some((place, false)) => (place.clone(), place),
        Some((place, true)) => {
            (quote! { #place.as_deref().unwrap_or_default() }, quote! { #place.unwrap_or_default() })
        }
        None => (quote! { page }, quote! { page }),
    };
    let number = |param: &str, ty: Scalar| {
        let name = ident(param);
        let ty = integer_type(ty);
        quote! {
            if let ::std::option::Option::Some(super::pagination::Next::Number(number)) = next {
                request = request.#name(<#ty as ::std::convert::TryFrom<u64>>::try_from(number).unwrap_or(#ty::MAX));
            }
        }
    };
    let token = |param: &str| {
        let name = ident(param);
        quote! {
            if let ::std::option::Option::Some(super::pagination::Next::Token(token)) = next {
                request = request.#name(token);
            }
        }
    };
    let url = quote! {
        if let ::std::option::Option::Some(super::pagination::Next::Url(url)) = next {
            request.page_url = ::std::option::Option::Some(url);
        }
    };
    let none = quote! { ::std::option::Option::None };
    // What the style reads: `asked` is what the request asked for (offset or page number, page size),
    // `after` where the next page is and `has_more` the server's flag, both read from `page`.
    let (apply, asked, after, has_more, describe) = match &pagination.style {
        PaginationStyle::Cursor { param, next, has_more } => (
            token(param),
            None,
            {
                let next = string_at(page.clone(), next);
                quote! { super::pagination::Continuation::Token(#next) }
            },
            has_more.as_ref().map(|path| bool_at(page.clone(), path)),
            "following the cursor in the body",
        ),
        PaginationStyle::LastId { param, id, has_more } => {
            let more = bool_at(page.clone(), has_more);
            let id = access(quote! { item }, id);
            let next = quote! {
                super::pagination::Continuation::Token(if #more == ::std::option::Option::Some(true) {
                    #items.last().and_then(|item| #id.cloned())
                } else {
                    ::std::option::Option::None
                })
            };
            (
                token(param),
                None,
                next,
                Some(more),
                "sending the id of the last item while the server says there are more",
            )
        }
        PaginationStyle::LinkHeader => (
            url.clone(),
            None,
            quote! { super::pagination::Continuation::Url(super::pagination::next_link(response.headers())) },
            None,
            "following the `Link` header's `rel=\"next\"` URL",
        ),
        PaginationStyle::NextUrl { next } => {
            let next = string_at(page.clone(), next);
            (
                url.clone(),
                None,
                quote! { super::pagination::Continuation::Url(#next) },
                None,
                "following the next page's URL in the body",
            )
        }
        PaginationStyle::Offset { param, param_ty, limit, total } => {
            let start = param_count(param);
            let limit = limit.as_ref().map_or(none.clone(), |(limit, _)| param_count(limit));
            let total = total.as_ref().map_or(none.clone(), |path| count_at(page.clone(), path));
            (
                number(param, *param_ty),
                Some(quote! { (#start.unwrap_or(0), #limit) }),
                quote! { super::pagination::Continuation::Offset { start: asked.0, limit: asked.1, total: #total } },
                None,
                "advancing the offset by the items received, up to the total or a short page",
            )
        }
        PaginationStyle::PageNumber { param, param_ty, limit, has_more, total } => {
            let current = param_count(param);
            let limit = limit.as_ref().map_or(none.clone(), |(limit, _)| param_count(limit));
            let total = total.as_ref().map_or(none.clone(), |path| count_at(page.clone(), path));
            (
                number(param, *param_ty),
                // Pages are numbered from 1 when the request does not say.
                Some(quote! { (#current.unwrap_or(1), #limit) }),
                quote! { super::pagination::Continuation::PageNumber { page: asked.0, limit: asked.1, total_pages: #total } },
                has_more.as_ref().map(|path| bool_at(page.clone(), path)),
                "asking for the next page number until an empty or short page",
            )
        }
    };
    // Which of the page and the response the style reads: a `Link` header reads the response's headers,
    // offsets and page numbers without a total or flag count the page's items only.
    let reads_page = match &pagination.style {
        PaginationStyle::LinkHeader => false,
        PaginationStyle::Offset { total, .. } => total.is_some(),
        PaginationStyle::PageNumber { total, has_more, .. } => total.is_some() || has_more.is_some(),
        PaginationStyle::Cursor { .. } | PaginationStyle::LastId { .. } | PaginationStyle::NextUrl { .. } => true,
    };
    let page_binding = reads_page.then(|| quote! { let page = &**response; });
    let reads_response = reads_page || matches!(pagination.style, PaginationStyle::LinkHeader);
    let response_argument = if reads_response {
        quote! { response }
    } else {
        quote! { _ }
    };
    let has_more = has_more.unwrap_or(none);
    let (asked_method, asked_argument) = match asked {
        Some(asked) => (
            Some(quote! {
                fn asked(&self) -> (u64, ::std::option::Option<u64>) {
                    let request = self;
                    #asked
                }
            }),
            quote! { asked },
        ),
        None => (None, quote! { _ }),
    };
    let doc = format!(
        " Every item of every page, {describe} ({} style). Parameters set on this builder apply to every page; the stream ends at the last page, on an empty page, when a cursor or URL repeats, or after [`max_items`](Self::max_items).",
        pagination.style.name()
    );
    let pages_doc = format!(
        " Every page of the list as the response [`.await`](::std::future::IntoFuture) gives (body fields such as the items and totals, status and headers), {describe} ({} style): the same pages [`into_stream`](Self::into_stream) reads. [`max_items`](Self::max_items) does not apply; stop reading to stop asking.",
        pagination.style.name()
    );
    let methods = quote! {
        /// Stops [`into_stream`](Self::into_stream) after this many items, without asking for more pages.
        pub fn max_items(mut self, max_items: usize) -> Self {
            self.max_items = ::std::option::Option::Some(max_items);
            self
        }

        #[doc = #doc]
        pub fn into_stream(self) -> super::BoxStream<'static, ::std::result::Result<#item, super::Error<#err_type>>> {
            let max_items = self.max_items;
            super::pagination::items(self, max_items)
        }

        #[doc = #pages_doc]
        pub fn into_pages(self) -> super::BoxStream<'static, ::std::result::Result<super::Response<#ok_type>, super::Error<#err_type>>> {
            super::pagination::pages(self)
        }
    };
    let paginated = quote! {
        impl super::pagination::Paginated for #builder {
            type Body = #ok_type;
            type Item = #item;
            type Error = #err_type;

            fn send_page(self) -> super::BoxFuture<'static, ::std::result::Result<super::Response<#ok_type>, super::Error<#err_type>>> {
                self.send()
            }

            fn resume(self, next: ::std::option::Option<super::pagination::Next>) -> Self {
                let mut request = self;
                #apply
                request
            }

            #asked_method

            fn continuation(
                #asked_argument: (u64, ::std::option::Option<u64>),
                #response_argument: &super::Response<#ok_type>,
            ) -> (super::pagination::Continuation, ::std::option::Option<bool>) {
                #page_binding
                (#after, #has_more)
            }

            fn items(page: #ok_type) -> ::std::vec::Vec<#item> {
                #owned_items
            }

            fn count(page: &#ok_type) -> u64 {
                #items.len() as u64
            }
        }
    };
    (methods, paginated)
}
