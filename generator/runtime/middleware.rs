//! Sending through `reqwest_middleware` (the `middleware` feature): every attempt passes through the
//! caller's middleware stack, while retries, timeouts, credentials and idempotency keys stay this
//! client's.

use std::sync::Arc;

use super::client::{ClientBuilder, Execute, ExecuteError};
use super::runtime::BoxFuture;

impl ClientBuilder {
    /// Sends every attempt through `client` and its middleware (tracing, caching, signing, ...). Requests
    /// are built with the `reqwest::Client` inside it, so this replaces
    /// [`http_client`](Self::http_client).
    pub fn middleware_client(mut self, client: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.http = Some(AsRef::<reqwest::Client>::as_ref(&client).clone());
        self.execute = Some(Arc::new(client));
        self
    }
}

impl Execute for reqwest_middleware::ClientWithMiddleware {
    fn execute(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, ExecuteError>> {
        Box::pin(async move {
            match reqwest_middleware::ClientWithMiddleware::execute(self, request).await {
                Ok(response) => Ok(response),
                Err(reqwest_middleware::Error::Reqwest(error)) => Err(ExecuteError::Reqwest(error)),
                Err(reqwest_middleware::Error::Middleware(error)) => Err(ExecuteError::Other(error.into())),
            }
        })
    }
}
