//! Server-sent events (`text/event-stream`), parsed as the WHATWG EventSource rules say: `\n`, `\r\n`
//! and `\r` line ends, lines split across network chunks at any byte, a leading byte order mark,
//! comments, `event:`, `data:` (joined with `\n`), `id:` (ignored when it holds NUL) and `retry:`; an
//! event not ended by a blank line when the stream closes is discarded.
// Only operations offering `text/event-stream` use this module.

use std::collections::VecDeque;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::client::{Client, RequestOptions};
use super::error::{DecodeError, Error};
use super::runtime::{BoxStream, RequestParts};

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event type from `event:`; `None` when the server sent none (EventSource's `message`).
    pub event: Option<String>,
    /// The last event id the stream set with `id:` (it carries over to later events until changed).
    pub id: Option<String>,
    /// The reconnection time the stream last set with `retry:`. This client does not reconnect by
    /// itself; a caller that does can use it with `id`.
    pub retry: Option<Duration>,
    /// The event's data, decoded.
    pub data: T,
}

/// An event before its data is decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawEvent {
    pub(crate) event: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) retry: Option<Duration>,
    pub(crate) data: String,
}

/// The incremental parser: bytes in, complete events out.
#[derive(Debug, Default)]
pub(crate) struct Parser {
    line: Vec<u8>,
    /// The previous chunk ended with `\r`: a `\n` starting this one belongs to the same line end.
    after_cr: bool,
    /// Whether the first line (which may start with a byte order mark) has been seen.
    started: bool,
    data: String,
    event: String,
    id: Option<String>,
    retry: Option<Duration>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Parser {
    /// Parses one chunk, appending the events it completes.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<RawEvent>) {
        let mut rest = chunk;
        if rest.is_empty() {
            return;
        }
        if std::mem::take(&mut self.after_cr) && rest[0] == b'\n' {
            rest = &rest[1..];
        }
        while let Some(end) = rest.iter().position(|&byte| byte == b'\r' || byte == b'\n') {
            self.line.extend_from_slice(&rest[..end]);
            let cr = rest[end] == b'\r';
            rest = &rest[end + 1..];
            self.end_line(out);
            if cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        self.line.extend_from_slice(rest);
    }

    fn end_line(&mut self, out: &mut VecDeque<RawEvent>) {
        let mut line = std::mem::take(&mut self.line);
        if !std::mem::replace(&mut self.started, true) && line.starts_with(BOM) {
            line.drain(..BOM.len());
        }
        // Line ends are ASCII, so a line never splits a UTF-8 sequence; invalid bytes are replaced.
        let line = String::from_utf8_lossy(&line);
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.id = (!value.is_empty()).then(|| value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                if let Ok(millis) = value.parse() {
                    self.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        out.push_back(RawEvent { event: (!event.is_empty()).then_some(event), id: self.id.clone(), retry: self.retry, data });
    }
}

// @when events-json
/// Event data as JSON of the event schema.
pub(crate) fn decode_json<T: DeserializeOwned>(data: &str) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(data);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), error.to_string())),
        Err(error) => Err((error.path().to_string(), error.inner().to_string())),
    }
}

// @end

// @when events-text
/// Event data as it is.
pub(crate) fn decode_text(data: &str) -> Result<String, (String, String)> {
    Ok(data.to_owned())
}
// @end

/// The OpenAI sentinel that ends a stream.
const DONE: &str = "[DONE]";

struct State<T, E> {
    client: Client,
    parts: Option<Result<RequestParts, Error<E>>>,
    options: RequestOptions,
    decode: fn(&str) -> Result<T, (String, String)>,
    response: Option<reqwest::Response>,
    parser: Parser,
    pending: VecDeque<RawEvent>,
    done: bool,
}

/// Sends the request (retrying as configured until a response arrives) and streams its events. An error
/// status is the only item, as [`Error::Api`]. Events whose data does not decode are [`Error::Decode`]
/// items with the JSON path, and the stream goes on with the next event; a transport error mid-stream
/// is the last item. `data: [DONE]` ends the stream. Nothing is retried once the response has arrived.
pub(crate) fn events<'a, T, E>(
    client: Client,
    parts: Result<RequestParts, Error<E>>,
    options: RequestOptions,
    decode: fn(&str) -> Result<T, (String, String)>,
) -> BoxStream<'a, Result<Event<T>, Error<E>>>
where
    T: Send + 'a,
    E: DeserializeOwned + Send + 'a,
{
    let state = State {
        client,
        parts: Some(parts),
        options,
        decode,
        response: None,
        parser: Parser::default(),
        pending: VecDeque::new(),
        done: false,
    };
    Box::pin(futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(raw) = state.pending.pop_front() {
                if raw.data == DONE {
                    state.done = true;
                    state.pending.clear();
                    return None;
                }
                let Some(response) = &state.response else { return None };
                let item = match (state.decode)(&raw.data) {
                    Ok(data) => Ok(Event { event: raw.event, id: raw.id, retry: raw.retry, data }),
                    Err((path, message)) => Err(Error::Decode(Box::new(DecodeError::new(
                        response.status(),
                        response.headers().clone(),
                        path,
                        message,
                        raw.data.as_bytes(),
                    )))),
                };
                return Some((item, state));
            }
            if state.done {
                return None;
            }
            if let Some(parts) = state.parts.take() {
                match state.client.open_stream(parts, &state.options).await {
                    Ok(response) => state.response = Some(response),
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), state));
                    }
                }
                continue;
            }
            let Some(response) = &mut state.response else { return None };
            match response.chunk().await {
                Ok(Some(chunk)) => state.parser.feed(&chunk, &mut state.pending),
                // An event the stream did not end with a blank line is discarded, as EventSource does.
                Ok(None) => state.done = true,
                Err(error) => {
                    state.done = true;
                    return Some((Err(super::runtime::stream_error(error)), state));
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = Parser::default();
        let mut out = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out);
        }
        out.into()
    }

    #[test]
    fn fields_line_ends_and_comments() {
        let events = parse(&[b"\xEF\xBB\xBFevent: a\r\ndata: 1\rdata:2\n: keep-alive\nid: x\nretry: 1500\n\n", b"data\n\nid: y\0z\ndata: last"]);
        assert_eq!(
            events,
            [
                RawEvent { event: Some("a".into()), id: Some("x".into()), retry: Some(Duration::from_millis(1500)), data: "1\n2".into() },
                RawEvent { event: None, id: Some("x".into()), retry: Some(Duration::from_millis(1500)), data: String::new() },
            ]
        );
    }

    #[test]
    fn a_carriage_return_at_a_chunk_end_pairs_with_the_next_line_feed() {
        let events = parse(&[b"data: a\r", b"\n\r", b"\ndata: b\r", b"\r"]);
        let data: Vec<&str> = events.iter().map(|event| event.data.as_str()).collect();
        assert_eq!(data, ["a", "b"]);
    }
}
