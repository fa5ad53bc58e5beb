//! Binary response bodies as a stream of chunks, as they arrive, so that a large body is never held
//! whole.
// Only operations with binary responses use this module.
#![allow(dead_code)]

use serde::de::DeserializeOwned;

use super::client::{Client, RequestOptions};
use super::error::Error;
use super::runtime::{BoxStream, DeclaredErrors, RequestParts};

struct State<'a, E> {
    client: &'a Client,
    parts: Option<Result<RequestParts, Error<E>>>,
    options: RequestOptions,
    declared: DeclaredErrors,
    response: Option<reqwest::Response>,
}

/// Sends the request (retrying as configured until a response arrives) and yields its body's chunks.
/// An error status is the only item, as [`Error::Api`]; a transport error mid-body is the last item.
pub(crate) fn byte_stream<'a, E>(
    client: &'a Client,
    parts: Result<RequestParts, Error<E>>,
    options: RequestOptions,
    declared: DeclaredErrors,
) -> BoxStream<'a, Result<bytes::Bytes, Error<E>>>
where
    E: DeserializeOwned + Send + 'a,
{
    let state = State { client, parts: Some(parts), options, declared, response: None };
    Box::pin(futures_util::stream::unfold(state, |mut state| async move {
        if let Some(parts) = state.parts.take() {
            let sent = match parts {
                Ok(parts) => state.client.send_response(&parts, &state.options).await.map_err(Error::from),
                Err(error) => Err(error),
            };
            match sent {
                Ok(response) if response.status().is_success() => state.response = Some(response),
                Ok(response) => return Some((Err(super::runtime::error_response(response, &state.declared).await), state)),
                Err(error) => return Some((Err(error), state)),
            }
        }
        let response = state.response.as_mut()?;
        match response.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), state)),
            Ok(None) => None,
            Err(error) => {
                state.response = None;
                let error = error.without_url();
                let error = if error.is_timeout() { Error::Timeout(error) } else { Error::Transport(error) };
                Some((Err(error), state))
            }
        }
    }))
}
