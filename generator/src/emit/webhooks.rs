//! The `webhooks` module: the payload type of the API's webhooks and the verifier (from the runtime's
//! `webhook_verify`), emitted when the spec declares webhooks.

use proc_macro2::TokenStream;
use quote::quote;

use super::CrateInfo;
use super::rust::{inner_doc_attrs, type_tokens};
use crate::ir::{Ir, TypeRef, Webhooks};
use crate::naming::bare;

/// The cargo feature (on by default) that compiles the webhook modules.
pub const FEATURE: &str = "webhooks";

/// Whether the crate gets the webhook modules.
pub fn needed(ir: &Ir, info: &CrateInfo) -> bool {
    ir.webhooks.is_some() && !info.types_only
}

/// The module's tokens.
pub fn webhooks_module(ir: &Ir, webhooks: &Webhooks) -> TokenStream {
    let types = quote! { super::types:: };
    let payload = type_tokens(ir, &webhooks.payload, &types);
    let names = webhooks.events.iter().map(|event| event.name.as_str());
    let docs = inner_doc_attrs(&module_docs(ir, webhooks));
    quote! {
        #docs

        pub use super::webhook_verify::{DEFAULT_TOLERANCE, Webhook, WebhookError};

        /// What [`Webhook::verify`] decodes a delivery's body into.
        pub type Payload = #payload;

        /// The names of the webhooks the API declares, sorted.
        pub const EVENTS: &[&str] = &[#(#names),*];
    }
}

fn module_docs(ir: &Ir, webhooks: &Webhooks) -> String {
    let mut docs = String::from(
        "Receiving the API's webhooks: [`Webhook`] checks a delivery's signature (Standard Webhooks, as Svix \
         sends them: `webhook-id`, `webhook-timestamp` and `webhook-signature` headers, or their `svix-` \
         equivalents) and its timestamp, then decodes the body into [`Payload`].\n\n# Events\n\n",
    );
    for event in &webhooks.events {
        docs.push_str(&format!("- `{}`: {} (spec: `{}`)\n", event.name, describe(ir, &event.payload), event.pointer));
    }
    docs.push_str(
        "\nThe crate documentation has an example; pass the body exactly as received (the signature covers \
         its bytes) and `http::HeaderMap` as axum and reqwest have it.\n",
    );
    docs
}

fn describe(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("[`{0}`](super::types::{0})", bare(&ir.type_def(*id).name)),
        TypeRef::Json => "any JSON value".to_owned(),
        _ => format!("`{}`", type_tokens(ir, ty, &quote! { super::types:: })),
    }
}

/// The crate docs' section on webhooks, with an example that compiles as a doctest of the crate.
pub fn readme_section(info: &CrateInfo) -> String {
    let crate_ident = info.name.replace('-', "_");
    format!(
        "\n## Webhooks\n\n[`webhooks::Webhook`] verifies a delivery's signature and timestamp and decodes its body \
         into [`webhooks::Payload`] (cargo feature `webhooks`, on by default):\n\n\
         ```rust\nuse {crate_ident}::webhooks::{{Webhook, WebhookError}};\n\
         use reqwest::header::{{HeaderMap, HeaderValue}};\n\n\
         # fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let webhook = Webhook::new(\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\")?;\n\
         // In a handler: the raw body and the request's headers (axum's `HeaderMap` is this type).\n\
         let body = br#\"{{}}\"#;\n\
         # let timestamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;\n\
         let mut headers = HeaderMap::new();\n\
         headers.insert(\"webhook-id\", HeaderValue::from_static(\"msg_1\"));\n\
         headers.insert(\"webhook-timestamp\", HeaderValue::from_str(&timestamp.to_string())?);\n\
         headers.insert(\"webhook-signature\", HeaderValue::from_str(&webhook.sign(\"msg_1\", timestamp, body))?);\n\n\
         match webhook.verify(body, &headers) {{\n    \
             Ok(payload) => println!(\"received {{payload:?}}\"),\n    \
             // Signed by the API, but not a payload this client knows how to read.\n    \
             Err(WebhookError::Decode {{ path, message }}) => println!(\"undecodable at {{path}}: {{message}}\"),\n    \
             // Anything else: not from the API, or replayed. Answer 400 and act on nothing.\n    \
             Err(error) => return Err(error.into()),\n\
         }}\n\
         # Ok(())\n# }}\n```\n"
    )
}
