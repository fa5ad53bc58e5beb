//! Following a paginated list from page to page, whatever the style (cursor, last id, URL, offset or
//! page number), yielding items one at a time (`into_stream`) or whole pages (`into_pages`).

// @when page-token page-url
use std::collections::HashSet;
// @end
use std::future::Future;

// @when link-header
use reqwest::header::HeaderMap;
// @end

use super::client::Response;
use super::error::Error;
use super::runtime::{BoxFuture, BoxStream};

/// A page as sending its request gives it: the response, or the error.
type Sent<B, E> = Result<Response<B>, Error<E>>;

/// A paginated list's request builder: how it asks for a page and where a page says the next one is.
/// Each list implements only these plain functions; following the pages is [`items`] and [`pages`].
pub(crate) trait Paginated: Clone + Send + Sized + 'static {
    /// A page as the response body gives it.
    type Body: Send + 'static;
    /// One list item.
    type Item: Send + 'static;
    /// The body of an error response.
    type Error: Send + 'static;

    /// Sends the request for one page.
    fn send_page(self) -> BoxFuture<'static, Sent<Self::Body, Self::Error>>;

    /// The request for the page after the one `next` was read from (the first page with `None`).
    fn resume(self, next: Option<Next>) -> Self;

    /// The offset or page number and the page size the request asks for, in the styles that count.
    fn asked(&self) -> (u64, Option<u64>) {
        (0, None)
    }

    /// Where the next page is, and the server's has-more flag, read from a page and what was asked.
    fn continuation(asked: (u64, Option<u64>), response: &Response<Self::Body>) -> (Continuation, Option<bool>);

    /// A page's items.
    fn items(page: Self::Body) -> Vec<Self::Item>;

    /// How many items a page holds.
    fn count(page: &Self::Body) -> u64;
}

/// Every item of every page of `request`'s list, up to `max_items`.
pub(crate) fn items<R: Paginated>(request: R, max_items: Option<usize>) -> BoxStream<'static, Result<R::Item, Error<R::Error>>> {
    paginate(request, max_items, |request: R, next| async move {
        let (response, next, has_more) = fetch(request, next).await?;
        let items = R::items(response.into_inner());
        let len = items.len() as u64;
        Ok(Page { items, len, next, has_more })
    })
}

/// Every page of `request`'s list, each as the response gives it (body, status and headers).
pub(crate) fn pages<R: Paginated>(request: R) -> BoxStream<'static, Sent<R::Body, R::Error>> {
    paginate(request, None, |request: R, next| async move {
        let (response, next, has_more) = fetch(request, next).await?;
        let len = R::count(&response);
        Ok(Page { items: vec![response], len, next, has_more })
    })
}

/// Sends the request for the page after `next`, and reads from the response where the one after it is
/// and the server's has-more flag.
async fn fetch<R: Paginated>(request: R, next: Option<Next>) -> Result<(Response<R::Body>, Continuation, Option<bool>), Error<R::Error>> {
    let request = request.resume(next);
    let asked = request.asked();
    let response = request.send_page().await?;
    let (next, has_more) = R::continuation(asked, &response);
    Ok((response, next, has_more))
}

/// What the next request sets, computed from the previous page.
pub(crate) enum Next {
    // @when page-token
    /// A cursor, or the id of the last item.
    Token(String),
    // @end
    // @when page-url
    /// The URL the server gave (absolute or relative).
    Url(String),
    // @end
    // @when page-offset page-number
    /// The next offset or page number.
    Number(u64),
    // @end
}

/// How a page says where the next one is.
pub(crate) enum Continuation {
    // @when page-token
    /// A cursor or the last item's id; `None` (or empty) when the server gave none.
    Token(Option<String>),
    // @end
    // @when page-url
    /// The next page's URL; `None` when the server gave none.
    Url(Option<String>),
    // @end
    // @when page-offset
    /// This page's offset, the page size asked for and the total item count, when known.
    Offset { start: u64, limit: Option<u64>, total: Option<u64> },
    // @end
    // @when page-number
    /// This page's number, the page size asked for and the page count, when known.
    PageNumber { page: u64, limit: Option<u64>, total_pages: Option<u64> },
    // @end
}

/// One page of a list, as what the stream yields for it: its items, or the page itself.
struct Page<T> {
    items: Vec<T>,
    /// How many list items the page holds (the offset advances by it; an empty page ends the list).
    len: u64,
    next: Continuation,
    /// The server's has-more flag, when it sends one.
    has_more: Option<bool>,
}

struct State<B, T, F> {
    request: B,
    fetch: F,
    next: Option<Next>,
    buffered: std::vec::IntoIter<T>,
    done: bool,
    // @when page-token page-url
    /// Cursors and URLs already followed: one coming back again means the server loops.
    seen: HashSet<String>,
    // @end
    // @when page-offset page-number
    /// The first page's length: without a page size, a shorter page is the last one.
    first_len: Option<u64>,
    // @end
    /// Items still to yield under `max_items`.
    remaining: Option<usize>,
}

impl<B, T, F> State<B, T, F> {
    /// Where the next page is, or `None` when this page was the last.
    fn advance(&mut self, page_len: u64, next: Continuation, has_more: Option<bool>) -> Option<Next> {
        // @when page-offset page-number
        let expected = |limit: Option<u64>| limit.or(self.first_len).filter(|&size| size > 0);
        // @end
        let next = match next {
            // @when page-token
            Continuation::Token(token) => {
                token.filter(|token| !token.is_empty() && self.seen.insert(token.clone())).map(Next::Token)
            }
            // @end
            // @when page-url
            Continuation::Url(url) => {
                url.filter(|url| !url.is_empty() && self.seen.insert(url.clone())).map(Next::Url)
            }
            // @end
            // @when page-offset
            Continuation::Offset { start, limit, total } => {
                let end = start.saturating_add(page_len);
                let last = match total {
                    Some(total) => end >= total,
                    None => expected(limit).is_some_and(|size| page_len < size),
                };
                (!last).then_some(Next::Number(end))
            }
            // @end
            // @when page-number
            Continuation::PageNumber { page, limit, total_pages } => {
                let last = match total_pages {
                    Some(pages) => page >= pages,
                    None => expected(limit).is_some_and(|size| page_len < size),
                };
                (!last).then_some(Next::Number(page.saturating_add(1)))
            }
            // @end
        };
        // @when page-offset page-number
        self.first_len.get_or_insert(page_len);
        // @end
        if page_len == 0 || has_more == Some(false) { None } else { next }
    }
}

/// Follows a list from page to page, yielding what `fetch` returns for each page one at a time (its
/// items, or the page itself). `fetch` sends the request for one page (the first with `None`) and says
/// where the next one is. The stream stops when the server says
/// there are no more pages, on an empty page, when a cursor or URL repeats (a server bug that would
/// otherwise loop forever), after `max_items` items (without asking for another page), or after yielding
/// an error.
fn paginate<'a, B, T, E, F, Fut>(request: B, max_items: Option<usize>, fetch: F) -> BoxStream<'a, Result<T, Error<E>>>
where
    B: Clone + Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
    F: Fn(B, Option<Next>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send + 'a,
{
    let state = State {
        request,
        fetch,
        next: None,
        buffered: Vec::new().into_iter(),
        done: false,
        // @when page-token page-url
        seen: HashSet::new(),
        // @end
        // @when page-offset page-number
        first_len: None,
        // @end
        remaining: max_items,
    };
    Box::pin(futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if state.remaining == Some(0) {
                return None;
            }
            if let Some(item) = state.buffered.next() {
                if let Some(remaining) = &mut state.remaining {
                    *remaining -= 1;
                }
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.request.clone(), state.next.take()).await {
                Ok(page) => {
                    state.next = state.advance(page.len, page.next, page.has_more);
                    state.done = state.next.is_none();
                    state.buffered = page.items.into_iter();
                }
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
            }
        }
    }))
}

// @when link-header
/// The `rel="next"` target of a `Link` header (RFC 8288): `<https://…?page=2>; rel="next", <…>; rel="last"`.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    headers.get_all(reqwest::header::LINK).iter().filter_map(|value| value.to_str().ok()).find_map(|value| {
        let mut rest = value;
        loop {
            let start = rest.find('<')?;
            let end = start + rest[start..].find('>')?;
            let target = &rest[start + 1..end];
            let params_end = rest[end..].find('<').map_or(rest.len(), |next| end + next);
            let is_next = rest[end + 1..params_end].split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else { return false };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_end_matches(',')
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_owned());
            }
            rest = &rest[params_end..];
        }
    })
}
// @end

// @when link-header
#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn link_headers_give_the_next_target() {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            HeaderValue::from_static(r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last""#),
        );
        assert_eq!(next_link(&headers).as_deref(), Some("https://api.github.com/x?page=3"));
        headers.insert(reqwest::header::LINK, HeaderValue::from_static("</items?page=2>; title=\"a, b\"; REL=\"prefetch Next\""));
        assert_eq!(next_link(&headers).as_deref(), Some("/items?page=2"));
        headers.insert(reqwest::header::LINK, HeaderValue::from_static("<https://x/?page=1>; rel=\"first\""));
        assert_eq!(next_link(&headers), None);
        headers.insert(reqwest::header::LINK, HeaderValue::from_static("garbage <unclosed"));
        assert_eq!(next_link(&headers), None);
    }
}
// @end
