//! Building one request: parameters in the query, headers and cookies, and the body in its encoding
//! (JSON, form, multipart, text or bytes), encoded once so that every retry sends the same bytes.


use reqwest::Method;

// @when query-object json-body form-body multipart-json
use super::error::Error;
// @end

/// One request, before credentials and retries.
pub(crate) struct RequestParts {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) operation: &'static str,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    // @when cookie-params
    pub(crate) cookies: Vec<(&'static str, String)>,
    // @end
    /// The encoded body and its content type, encoded once so every retry sends the same bytes (a
    /// `Bytes` clone per attempt shares them instead of copying).
    pub(crate) body: Option<(bytes::Bytes, String)>,
    pub(crate) accept: &'static str,
    /// Alternative sets of security schemes (indices into `CONFIG.schemes`) the operation accepts;
    /// empty when it sends no credentials.
    pub(crate) security: &'static [&'static [usize]],
    /// The header of the operation's own idempotency-key parameter, when it declares one: the server
    /// deduplicates requests by it, so they may be retried with a generated key.
    pub(crate) idempotency_param: Option<&'static str>,
    // @when page-url
    /// The next page's URL as the server gave it (absolute or relative), sent instead of path and query.
    pub(crate) page_url: Option<String>,
    // @end
}

// @when query-object json-body form-body multipart-json
fn encode_error<E>(error: impl std::fmt::Display) -> Error<E> {
    Error::InvalidRequest(format!("cannot encode the request: {error}"))
}
// @end

impl RequestParts {
    pub(crate) fn new(method: Method, path: String, operation: &'static str, security: &'static [&'static [usize]]) -> Self {
        RequestParts {
            method,
            path,
            operation,
            query: Vec::new(),
            headers: Vec::new(),
            // @when cookie-params
            cookies: Vec::new(),
            // @end
            body: None,
            accept: "application/json",
            security,
            idempotency_param: None,
            // @when page-url
            page_url: None,
            // @end
        }
    }

    // @when idempotency-param
    /// Declares that the operation takes an idempotency key in this header.
    pub(crate) fn idempotency_param(&mut self, header: &'static str) {
        self.idempotency_param = Some(header);
    }
    // @end

    // @when query-params
    pub(crate) fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name.to_owned(), value));
    }
    // @end

    // @when query-object
    /// An object in the query: its properties as parameters of their own (`form`, exploded), or as
    /// `name[property]` (`deepObject`). Nested values are sent as JSON text.
    pub(crate) fn query_object<T: serde::Serialize, E>(&mut self, name: &'static str, value: &T, deep: bool) -> Result<(), Error<E>> {
        let serde_json::Value::Object(properties) = serde_json::to_value(value).map_err(encode_error)? else {
            return Err(encode_error(format_args!("query parameter `{name}` is not an object")));
        };
        for (property, value) in properties {
            let key = if deep { format!("{name}[{property}]") } else { property };
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => self.query.push((key, text)),
                serde_json::Value::Array(items) if deep => {
                    for item in items {
                        self.query.push((format!("{key}[]"), plain_text(item)));
                    }
                }
                other => self.query.push((key, plain_text(other))),
            }
        }
        Ok(())
    }
    // @end

    // @when header-params
    pub(crate) fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }
    // @end

    // @when page-url
    pub(crate) fn page_url(&mut self, url: String) {
        self.page_url = Some(url);
    }
    // @end

    // @when cookie-params
    pub(crate) fn cookie(&mut self, name: &'static str, value: String) {
        self.cookies.push((name, value));
    }
    // @end

    // @when custom-accept text-response binary-response events
    /// The media type asked for in `Accept` (JSON unless the operation returns text or bytes).
    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.accept = media_type;
    }
    // @end

    // @when json-body
    pub(crate) fn json<T: serde::Serialize, E>(&mut self, body: &T, content_type: &str) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(encode_error)?;
        self.body = Some((bytes.into(), content_type.to_owned()));
        Ok(())
    }
    // @end

    // @when form-body
    /// `application/x-www-form-urlencoded`: each top-level property a pair, arrays repeated, nested
    /// objects as JSON text.
    pub(crate) fn form<T: serde::Serialize, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let serde_json::Value::Object(properties) = serde_json::to_value(body).map_err(encode_error)? else {
            return Err(encode_error("a form body must be an object"));
        };
        let mut encoded = reqwest::Url::parse("http://form.invalid/").map_err(encode_error)?;
        {
            let mut pairs = encoded.query_pairs_mut();
            for (name, value) in properties {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => {
                        for item in items {
                            pairs.append_pair(&name, &plain_text(item));
                        }
                    }
                    other => {
                        pairs.append_pair(&name, &plain_text(other));
                    }
                }
            }
        }
        let bytes = encoded.query().unwrap_or_default().as_bytes().to_vec();
        self.body = Some((bytes.into(), "application/x-www-form-urlencoded".to_owned()));
        Ok(())
    }
    // @end

    // @when multipart-body
    pub(crate) fn multipart(&mut self, form: Multipart) {
        let boundary = format!("----openapi-client-gen-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
        let mut bytes = Vec::new();
        for part in form.parts {
            bytes.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", quote_name(&part.name)).as_bytes());
            if let Some(filename) = &part.filename {
                bytes.extend_from_slice(format!("; filename=\"{}\"", quote_name(filename)).as_bytes());
            }
            bytes.extend_from_slice(format!("\r\nContent-Type: {}\r\n\r\n", part.content_type).as_bytes());
            bytes.extend_from_slice(&part.data);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some((bytes.into(), format!("multipart/form-data; boundary={boundary}")));
    }
    // @end

    // @when text-body
    pub(crate) fn text(&mut self, body: &str, content_type: &str) {
        self.body = Some((bytes::Bytes::copy_from_slice(body.as_bytes()), content_type.to_owned()));
    }
    // @end

    // @when binary-body
    /// A binary body given as `Bytes`: shared, never copied.
    pub(crate) fn bytes(&mut self, body: &bytes::Bytes, content_type: &str) {
        self.body = Some((body.clone(), content_type.to_owned()));
    }
    // @end
}

// @when query-object form-body
/// A scalar as query or form text: strings bare, everything else as JSON.
fn plain_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}
// @end

// @when multipart-body
/// Quotes and line breaks cannot appear in a multipart header's quoted string.
fn quote_name(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// The parts of a `multipart/form-data` body, in order.
#[derive(Default)]
pub(crate) struct Multipart {
    parts: Vec<Part>,
}

struct Part {
    name: String,
    filename: Option<String>,
    content_type: &'static str,
    data: Vec<u8>,
}

impl Multipart {
    // @when multipart-text
    pub(crate) fn text(&mut self, name: &str, value: String) {
        self.parts.push(Part { name: name.to_owned(), filename: None, content_type: "text/plain; charset=utf-8", data: value.into_bytes() });
    }
    // @end

    // @when multipart-file
    /// A file part; the file name is the field name, since the spec's schema carries none.
    pub(crate) fn file(&mut self, name: &str, data: &[u8]) {
        self.parts.push(Part { name: name.to_owned(), filename: Some(name.to_owned()), content_type: "application/octet-stream", data: data.to_vec() });
    }
    // @end

    // @when multipart-json
    pub(crate) fn json<T: serde::Serialize, E>(&mut self, name: &str, value: &T) -> Result<(), Error<E>> {
        let data = serde_json::to_vec(value).map_err(encode_error)?;
        self.parts.push(Part { name: name.to_owned(), filename: None, content_type: "application/json", data });
        Ok(())
    }
    // @end
}
// @end

// @when query-object form-body
#[cfg(test)]
mod tests {
    use super::*;

    // @when form-body
    #[test]
    fn form_bodies_encode_pairs_and_repeat_arrays() {
        let mut request = RequestParts::new(Method::POST, "/x".to_owned(), "test", &[]);
        let body = serde_json::json!({"name": "Jane Doe & co", "tags": ["a", "b"], "age": 7, "gone": null});
        request.form::<_, ()>(&body).unwrap();
        let (bytes, content_type) = request.body.unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        // Property order follows serde_json's map, which depends on its features; the pairs do not.
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let mut pairs: Vec<&str> = text.split('&').collect();
        pairs.sort_unstable();
        assert_eq!(pairs, ["age=7", "name=Jane+Doe+%26+co", "tags=a", "tags=b"]);
    }
    // @end

    // @when query-object
    #[test]
    fn query_objects_spread_or_nest() {
        let mut request = RequestParts::new(Method::POST, "/x".to_owned(), "test", &[]);
        let range = serde_json::json!({"from": 1, "to": 9, "tags": ["x"]});
        request.query_object::<_, ()>("filter", &range, true).unwrap();
        request.query_object::<_, ()>("page", &serde_json::json!({"size": 10}), false).unwrap();
        let mut pairs: Vec<(String, String)> = request.query.clone();
        pairs.sort();
        let expected = [("filter[from]", "1"), ("filter[tags][]", "x"), ("filter[to]", "9"), ("size", "10")];
        assert_eq!(pairs, expected.map(|(name, value)| (name.to_owned(), value.to_owned())));
        assert!(request.query_object::<_, ()>("bad", &5, false).is_err());
    }
    // @end
}
// @end

// @when multipart-text
// @when multipart-file
// @when multipart-json
#[cfg(test)]
mod multipart_tests {
    use super::*;

    #[test]
    fn multipart_bodies_have_one_part_per_field_and_a_closing_boundary() {
        let mut request = RequestParts::new(Method::POST, "/x".to_owned(), "test", &[]);
        let mut form = Multipart::default();
        form.text("title", "Report".to_owned());
        form.file("file", b"\x00\x01binary");
        form.json::<_, ()>("meta", &serde_json::json!({"a": 1})).unwrap();
        request.multipart(form);
        let (bytes, content_type) = request.body.unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(text.matches(&format!("--{boundary}\r\n")).count(), 3);
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert!(text.contains("Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}binary\r\n"));
        assert!(text.contains("name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n"));
    }
}
// @end
// @end
// @end
