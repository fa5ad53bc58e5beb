//! Lists every checkout session, following the pagination cursor until the last page.
//!
//! ```sh
//! FLOWGLAD_SECRET_KEY=sk_... cargo run -p flowglad --example list_checkout_sessions
//! # against a local mock server instead of the real API:
//! npx @stoplight/prism-cli@5.16.0 mock spec/checkout-sessions.yaml -p 4010 &
//! FLOWGLAD_BASE_URL=http://127.0.0.1:4010 FLOWGLAD_SECRET_KEY=test cargo run -p flowglad --example list_checkout_sessions
//! ```

use flowglad::Client;
use flowglad::types::CheckoutSession;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let mut sessions = client.checkout_sessions_list().limit(100).into_stream();
    let mut count = 0;
    while let Some(session) = sessions.next().await {
        let (kind, id, expires) = match session? {
            CheckoutSession::Purchase(session) => ("purchase", session.id, session.expires),
            CheckoutSession::Product(session) => ("product", session.id, session.expires),
            CheckoutSession::AddPaymentMethod(session) => ("add_payment_method", session.id, session.expires),
            CheckoutSession::ActivateSubscription(session) => ("activate_subscription", session.id, session.expires),
            // Retired `invoice` sessions, and types added after this client was generated, keep their JSON.
            CheckoutSession::Unknown(value) => {
                let text = |field: &str| value[field].as_str().unwrap_or("unknown").to_owned();
                println!("{}\t{} (not typed by this client)", text("id"), text("type"));
                count += 1;
                continue;
            }
            // The enum is `#[non_exhaustive]`: a later version may add kinds of session.
            _ => continue,
        };
        // Epoch milliseconds; shown as a date when chrono can represent it.
        let expires = expires.to_datetime().map_or_else(|| expires.to_string(), |date| date.to_rfc3339());
        println!("{id}\t{kind}\texpires {expires}");
        count += 1;
    }
    eprintln!("{count} checkout sessions");
    Ok(())
}
