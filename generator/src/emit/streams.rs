//! The streaming methods of request builders: `events()` for operations offering server-sent events,
//! `lines()` for JSON sequences (OpenAPI 3.2 `itemSchema`), `bytes_stream()` for binary responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::requests::types_path;
use super::rust::type_tokens;
use crate::ir::{Ir, LineFraming, Operation, ResponseBody, Scalar, TypeRef};

/// Whether a crate needs the server-sent events runtime module.
pub fn any_events(ir: &Ir) -> bool {
    ir.operations.iter().any(|operation| operation.events.is_some())
}

/// `events()` when the operation offers `text/event-stream`.
pub fn event_methods(ir: &Ir, operation: &Operation, err_type: &TokenStream) -> Option<TokenStream> {
    let data = operation.events.as_ref()?;
    let (data_type, decode) = if *data == TypeRef::Scalar(Scalar::String) {
        (quote! { ::std::string::String }, quote! { super::sse::decode_text })
    } else {
        (type_tokens(ir, data, &types_path()), quote! { super::sse::decode_json })
    };
    Some(quote! {
        /// Sends the request asking for `text/event-stream` and streams the server-sent events of the
        /// response, each event's data decoded. Retries (as configured) apply until the response arrives,
        /// never after. An error status is the only item; an event whose data does not decode is an
        /// [`Error::Decode`](super::Error::Decode) item and the stream goes on; a transport error ends it;
        /// `data: [DONE]` ends it cleanly. The per-attempt timeout covers the whole stream, so raise it with
        /// [`timeout`](Self::timeout) for long streams.
        pub fn events(self) -> super::BoxStream<'static, ::std::result::Result<super::Event<#data_type>, super::Error<#err_type>>> {
            let parts = self.request_parts().map(|mut parts| {
                parts.accept("text/event-stream");
                parts
            });
            super::sse::events(self.client, parts, self.options, #decode)
        }
    })
}

/// Whether a crate needs the JSON sequence runtime module.
pub fn any_lines(ir: &Ir) -> bool {
    ir.operations.iter().any(|operation| operation.lines.is_some())
}

/// `lines()` when a success response is a JSON sequence with an item schema.
pub fn line_methods(ir: &Ir, operation: &Operation, err_type: &TokenStream) -> Option<TokenStream> {
    let lines = operation.lines.as_ref()?;
    let item = type_tokens(ir, &lines.item, &types_path());
    let media_type = &lines.media_type;
    let (framing, separated) = match lines.framing {
        LineFraming::Lines => (quote! { Lines }, "one per line"),
        LineFraming::RecordSeparated => (quote! { RecordSeparated }, "each after a record separator (0x1E)"),
    };
    let doc = format!(
        " Sends the request asking for `{media_type}` and streams the values of the response as they \
         arrive, {separated}, each decoded. Retries (as configured) apply until the response arrives, never \
         after. An error status is the only item; a value that does not decode is an \
         [`Error::Decode`](super::Error::Decode) item naming its line and the stream goes on; a line longer \
         than [`max_body_size`](Self::max_body_size) is [`Error::BodyTooLarge`](super::Error::BodyTooLarge) \
         and ends the stream, as does a transport error. The per-attempt timeout covers the whole stream, \
         so raise it with [`timeout`](Self::timeout) for long streams."
    );
    Some(quote! {
        #[doc = #doc]
        pub fn lines(self) -> super::BoxStream<'static, ::std::result::Result<#item, super::Error<#err_type>>> {
            let parts = self.request_parts().map(|mut parts| {
                parts.accept(#media_type);
                parts
            });
            super::lines::lines(self.client, parts, self.options, super::lines::Framing::#framing)
        }
    })
}

/// Whether a crate needs the byte stream runtime module.
pub fn any_binary(ir: &Ir) -> bool {
    ir.operations.iter().any(|operation| operation.success == ResponseBody::Binary)
}

/// `bytes_stream()` when the success body is binary.
pub fn byte_methods(operation: &Operation, err_type: &TokenStream) -> Option<TokenStream> {
    if operation.success != ResponseBody::Binary {
        return None;
    }
    Some(quote! {
        /// Sends the request and streams the response body in chunks as they arrive, so a large body is
        /// never held whole (awaiting the builder reads it whole instead). Retries (as configured) apply
        /// until the response arrives, never after. An error status is the only item; a transport error
        /// ends the stream. The per-attempt timeout covers the whole body, so raise it with
        /// [`timeout`](Self::timeout) for large downloads.
        pub fn bytes_stream(self) -> super::BoxStream<'static, ::std::result::Result<::bytes::Bytes, super::Error<#err_type>>> {
            let parts = self.request_parts();
            super::byte_stream::byte_stream(self.client, parts, self.options)
        }
    })
}
