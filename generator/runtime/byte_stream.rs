//! Binary response bodies as a stream of chunks, as they arrive, so that a large body is never held
//! whole.
// Only operations with binary responses use this module.

use serde::de::DeserializeOwned;

use super::client::{Client, RequestOptions};
use super::error::Error;
use super::runtime::{BoxStream, RequestParts};

struct State<E> {
    client: Client,
    parts: Option<Result<RequestParts, Error<E>>>,
    options: RequestOptions,
    response: Option<reqwest::Response>,
}

/// Sends the request (retrying as configured until a response arrives) and yields its body's chunks.
/// An error status is the only item, as [`Error::Api`]; a transport error mid-body is the last item.
pub(crate) fn byte_stream<'a, E>(
    client: Client,
    parts: Result<RequestParts, Error<E>>,
    options: RequestOptions,
) -> BoxStream<'a, Result<bytes::Bytes, Error<E>>>
where
    E: DeserializeOwned + Send + 'a,
{
    let state = State { client, parts: Some(parts), options, response: None };
    Box::pin(futures_util::stream::unfold(state, |mut state| async move {
        if let Some(parts) = state.parts.take() {
            match state.client.open_stream(parts, &state.options).await {
                Ok(response) => state.response = Some(response),
                Err(error) => return Some((Err(error), state)),
            }
        }
        let response = state.response.as_mut()?;
        match response.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), state)),
            Ok(None) => None,
            Err(error) => {
                state.response = None;
                Some((Err(super::runtime::stream_error(error)), state))
            }
        }
    }))
}
