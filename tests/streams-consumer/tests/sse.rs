//! Server-sent events from a raw loopback server that writes the stream in pieces (one byte at a time, or
//! at random boundaries), mixing line ends, comments, `retry:`, multi-line data, `[DONE]`, a payload that
//! does not decode and a stream cut without its final blank line.

use std::time::Duration;

use futures_util::StreamExt;
use proptest::prelude::*;
use streams_consumer::events::types::CreateCompletionBody;
use streams_consumer::events::{Client, Error, Event};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one request: reads it, then writes a close-delimited event stream cut at `cuts` (byte offsets),
/// flushing and pausing between pieces so they arrive as separate reads. Answers with `status`.
async fn serve(status: u16, body: Vec<u8>, cuts: Vec<usize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        socket.set_nodelay(true).expect("nodelay");
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        // Headers, then as many body bytes as Content-Length says.
        loop {
            let read = socket.read(&mut buffer).await.expect("read");
            request.extend_from_slice(&buffer[..read]);
            let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|line| line.strip_prefix("content-length:"))
                    .and_then(|value| value.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if request.len() >= end + 4 + length {
                    break;
                }
            }
            if read == 0 {
                return;
            }
        }
        let reason = if status == 200 { "OK" } else { "Error" };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: {}\r\nconnection: close\r\n\r\n",
            if status == 200 { "text/event-stream" } else { "application/json" }
        );
        socket.write_all(head.as_bytes()).await.expect("head");
        let mut start = 0;
        for cut in cuts.into_iter().chain([body.len()]) {
            let cut = cut.clamp(start, body.len());
            socket.write_all(&body[start..cut]).await.expect("piece");
            socket.flush().await.expect("flush");
            tokio::time::sleep(Duration::from_micros(200)).await;
            start = cut;
        }
        let _ = socket.shutdown().await;
    });
    format!("http://{address}")
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).max_retries(0).build().expect("client")
}

const COMPLETION_STREAM: &[u8] = b"\xEF\xBB\xBF: keep-alive\r\n\
retry: 3000\n\
event: delta\r\
id: 1\r\n\
data: {\"delta\":\n\
data: \"Hel\"}\n\
\n\
data: {\"delta\": \"lo\"}\r\n\r\n\
data: {\"delta\": 5}\n\n\
: comment\n\
data: {\"delta\": \"!\"}\r\r\
data: [DONE]\n\n\
data: {\"delta\": \"after done\"}\n\n";

#[tokio::test]
async fn completion_events_split_at_every_byte() {
    let cuts = (1..COMPLETION_STREAM.len()).collect();
    let base_url = serve(200, COMPLETION_STREAM.to_vec(), cuts).await;
    let client = client(&base_url);
    let body = CreateCompletionBody::new("hi").with_stream(true);
    let items: Vec<_> = client.create_completion(body).events().collect().await;
    assert_eq!(items.len(), 4, "{items:?}");
    let first = items[0].as_ref().expect("first event");
    assert_eq!(
        (first.event.as_deref(), first.id.as_deref(), first.data.delta.as_str()),
        (Some("delta"), Some("1"), "Hel")
    );
    assert_eq!(first.retry, Some(Duration::from_millis(3000)));
    let second = items[1].as_ref().expect("second event");
    assert_eq!((second.event.as_deref(), second.id.as_deref(), second.data.delta.as_str()), (None, Some("1"), "lo"));
    // The payload that does not decode is an item of its own, with its path; the stream goes on.
    match &items[2] {
        Err(Error::Decode(error)) => assert_eq!(error.path(), "delta"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(items[3].as_ref().expect("third event").data.delta, "!");
}

/// Parses `stream` served in pieces cut at `cuts` through the text-data operation.
async fn feed(stream: &[u8], cuts: Vec<usize>) -> Vec<(Option<String>, Option<String>, String)> {
    let base_url = serve(200, stream.to_vec(), cuts).await;
    let client = client(&base_url);
    let events: Vec<Result<Event<String>, _>> = client.feed().events().collect().await;
    events
        .into_iter()
        .map(|event| {
            let event = event.expect("event");
            (event.event, event.id, event.data)
        })
        .collect()
}

const FEED: &[u8] = b"data: one\r\n\
data: two\r\
\r\
id: a\0b\n\
event: ping\n\
data\n\n\
:only a comment\n\n\
id: 7\n\
data: \xC3\xA9t\xC3\xA9\n\
\n\
data: cut before its blank line";

fn expected_feed() -> Vec<(Option<String>, Option<String>, String)> {
    vec![
        (None, None, "one\ntwo".to_owned()),
        (Some("ping".to_owned()), None, String::new()),
        (None, Some("7".to_owned()), "été".to_owned()),
    ]
}

#[tokio::test]
async fn text_events_split_at_every_byte_and_a_cut_event_is_dropped() {
    assert_eq!(feed(FEED, (1..FEED.len()).collect()).await, expected_feed());
    assert_eq!(feed(FEED, Vec::new()).await, expected_feed());
}

#[tokio::test]
async fn an_error_status_is_the_only_item() {
    let base_url = serve(400, br#"{"message":"no"}"#.to_vec(), Vec::new()).await;
    let body = CreateCompletionBody::new("hi").with_stream(true);
    let items: Vec<_> = client(&base_url).create_completion(body).events().collect().await;
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(Error::Api(error)) => {
            assert_eq!(error.status().as_u16(), 400);
            assert_eq!(error.body().map(|problem| problem.message.as_str()), Some("no"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Wherever the network cuts the stream, the events are the same.
    #[test]
    fn any_chunking_gives_the_same_events(mut cuts in proptest::collection::vec(0..FEED.len(), 0..24)) {
        cuts.sort_unstable();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let events = runtime.block_on(feed(FEED, cuts));
        prop_assert_eq!(events, expected_feed());
    }
}
