//! Streams of JSON values: one per line (`application/jsonl`, `application/x-ndjson`), or each after an
//! ASCII record separator, 0x1E (`application/json-seq`, RFC 7464). Records are split as the bytes
//! arrive, at any chunk boundary; a line may end with `\n` or `\r\n`; blank lines are skipped; a final
//! line without its line end is still an item.
// Only operations whose success response is a JSON sequence with an item schema use this module.
#![allow(dead_code)]

use std::collections::VecDeque;

use serde::de::DeserializeOwned;

use super::client::{Client, RequestOptions};
use super::error::{DecodeError, Error};
use super::runtime::{BoxStream, RequestParts};

/// How the values of a stream are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// One value per line.
    Lines,
    /// Each value after a record separator (0x1E).
    RecordSeparated,
}

impl Framing {
    fn separator(self) -> u8 {
        match self {
            Framing::Lines => b'\n',
            Framing::RecordSeparated => 0x1E,
        }
    }

    /// What a record is called in messages.
    fn noun(self) -> &'static str {
        match self {
            Framing::Lines => "line",
            Framing::RecordSeparated => "record",
        }
    }
}

/// What the splitter finds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A record's text without its separator and surrounding whitespace, with its number from 1 (every
    /// line counts, blank ones too, so the number is the line's in the body).
    Record { number: u64, text: Vec<u8> },
    /// The record with this number is longer than the limit; nothing after it is read.
    TooLong { number: u64 },
}

/// Splits a body into records as its chunks arrive, never holding more than one record of at most
/// `limit` bytes.
#[derive(Debug)]
pub(crate) struct Splitter {
    framing: Framing,
    limit: u64,
    record: Vec<u8>,
    /// Records ended so far (for lines, blank ones included).
    number: u64,
    /// A record passed the limit: the rest of the body is not read.
    stopped: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Splitter {
    pub(crate) fn new(framing: Framing, limit: u64) -> Self {
        Splitter { framing, limit, record: Vec::new(), number: 0, stopped: false }
    }

    /// Splits one chunk, appending what it completes.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<Piece>) {
        let mut rest = chunk;
        while !self.stopped && !rest.is_empty() {
            let end = rest.iter().position(|&byte| byte == self.framing.separator());
            let (part, ended) = match end {
                Some(end) => (&rest[..end], true),
                None => (rest, false),
            };
            if (self.record.len() + part.len()) as u64 > self.limit {
                self.stopped = true;
                self.record = Vec::new();
                out.push_back(Piece::TooLong { number: self.number + 1 });
                return;
            }
            self.record.extend_from_slice(part);
            rest = &rest[part.len()..];
            if ended {
                rest = &rest[1..];
                self.end_record(out);
            }
        }
    }

    /// The end of the body: a last record without its line end is complete too.
    pub(crate) fn finish(&mut self, out: &mut VecDeque<Piece>) {
        if !self.stopped && !self.record.is_empty() {
            self.end_record(out);
        }
    }

    fn end_record(&mut self, out: &mut VecDeque<Piece>) {
        let record = std::mem::take(&mut self.record);
        let mut text = record.as_slice();
        if self.number == 0 && text.starts_with(BOM) {
            text = &text[BOM.len()..];
        }
        let text = text.trim_ascii();
        // A line is a line even when blank; a JSON text sequence's empty records (before the first
        // separator) are not records at all.
        if self.framing == Framing::Lines || !text.is_empty() {
            self.number += 1;
        }
        if !text.is_empty() {
            out.push_back(Piece::Record { number: self.number, text: text.to_vec() });
        }
    }
}

/// One record as JSON of the item type; the error names the record's number and the JSON path.
pub(crate) fn decode<T: DeserializeOwned>(framing: Framing, number: u64, text: &[u8]) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let at = |message: String| format!("{} {number}: {message}", framing.noun());
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => deserializer.end().map(|()| value).map_err(|error| (".".to_owned(), at(error.to_string()))),
        Err(error) => Err((error.path().to_string(), at(error.inner().to_string()))),
    }
}

struct State<E> {
    client: Client,
    parts: Option<Result<RequestParts, Error<E>>>,
    options: RequestOptions,
    response: Option<reqwest::Response>,
    splitter: Splitter,
    pending: VecDeque<Piece>,
    done: bool,
}

/// Sends the request (retrying as configured until a response arrives) and streams the values of its
/// body. An error status is the only item, as [`Error::Api`]. A value that does not decode is an
/// [`Error::Decode`] item naming its line (or record) and JSON path, and the stream goes on; a line
/// longer than the body size limit is [`Error::BodyTooLarge`] and ends the stream, as does a transport
/// error. Nothing is retried once the response has arrived.
pub(crate) fn lines<'a, T, E>(
    client: Client,
    parts: Result<RequestParts, Error<E>>,
    options: RequestOptions,
    framing: Framing,
) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: DeserializeOwned + Send + 'a,
    E: DeserializeOwned + Send + 'a,
{
    // The body size limit bounds each line: a stream may be longer than any one body.
    let limit = options.max_body_size.unwrap_or(client.inner.max_body_size);
    let state = State {
        client,
        parts: Some(parts),
        options,
        response: None,
        splitter: Splitter::new(framing, limit),
        pending: VecDeque::new(),
        done: false,
    };
    Box::pin(futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(piece) = state.pending.pop_front() {
                let response = state.response.as_ref()?;
                let item = match piece {
                    Piece::Record { number, text } => decode(framing, number, &text).map_err(|(path, message)| {
                        Error::Decode(Box::new(DecodeError::new(
                            response.status(),
                            response.headers().clone(),
                            path,
                            message,
                            text,
                        )))
                    }),
                    Piece::TooLong { .. } => {
                        state.done = true;
                        state.pending.clear();
                        Err(Error::BodyTooLarge { status: response.status(), limit })
                    }
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
            let response = state.response.as_mut()?;
            match response.chunk().await {
                Ok(Some(chunk)) => state.splitter.feed(&chunk, &mut state.pending),
                Ok(None) => {
                    state.splitter.finish(&mut state.pending);
                    state.done = true;
                }
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

    fn split(framing: Framing, limit: u64, chunks: &[&[u8]]) -> Vec<Piece> {
        let mut splitter = Splitter::new(framing, limit);
        let mut out = VecDeque::new();
        for chunk in chunks {
            splitter.feed(chunk, &mut out);
        }
        splitter.finish(&mut out);
        out.into()
    }

    fn record(number: u64, text: &str) -> Piece {
        Piece::Record { number, text: text.as_bytes().to_vec() }
    }

    #[test]
    fn lines_split_across_chunks_with_crlf_and_blank_lines() {
        let pieces = split(Framing::Lines, 1024, &[b"\xEF\xBB\xBF{\"a\":", b"1}\r", b"\n\n  \r\n[2", b",3]\n4"]);
        assert_eq!(pieces, [record(1, "{\"a\":1}"), record(4, "[2,3]"), record(5, "4")]);
    }

    #[test]
    fn every_split_point_gives_the_same_records() {
        let body: &[u8] = b"{\"n\":1}\r\n\n{\"n\":2}\n{\"n\":3}";
        let whole = split(Framing::Lines, 1024, &[body]);
        for cut in 0..body.len() {
            assert_eq!(split(Framing::Lines, 1024, &[&body[..cut], &body[cut..]]), whole, "cut at {cut}");
        }
    }

    #[test]
    fn json_text_sequences_are_separated_by_record_separators() {
        let pieces = split(Framing::RecordSeparated, 1024, &[b"\x1e{\"a\":1}\n\x1e", b"\"two\"\n\x1e\n\x1e3"]);
        assert_eq!(pieces, [record(1, "{\"a\":1}"), record(2, "\"two\""), record(3, "3")]);
    }

    #[test]
    fn a_line_over_the_limit_stops_the_stream() {
        let pieces = split(Framing::Lines, 8, &[b"[1]\n[1,2,3", b",4,5]\n[6]\n"]);
        assert_eq!(pieces, [record(1, "[1]"), Piece::TooLong { number: 2 }]);
        // The limit counts what is held, not what has passed: many short lines are fine.
        assert_eq!(split(Framing::Lines, 4, &[b"[1]\n[2]\n[3]\n"]).len(), 3);
    }

    #[test]
    fn a_value_that_does_not_decode_names_its_line_and_path() {
        let error = decode::<Vec<u32>>(Framing::Lines, 7, b"[1, \"x\"]").unwrap_err();
        assert_eq!(error.0, "[1]");
        assert!(error.1.starts_with("line 7: invalid type: string \"x\""), "{}", error.1);
        let error = decode::<u32>(Framing::RecordSeparated, 2, b"1 2").unwrap_err();
        assert!(error.1.starts_with("record 2: trailing characters"), "{}", error.1);
        assert_eq!(decode::<u32>(Framing::Lines, 1, b"12"), Ok(12));
    }
}
