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
        let (kind, id) = match session? {
            CheckoutSession::Purchase(session) => ("purchase", session.id),
            CheckoutSession::Invoice(session) => ("invoice", session.id),
            CheckoutSession::Product(session) => ("product", session.id),
            CheckoutSession::AddPaymentMethod(session) => ("add_payment_method", session.id),
            CheckoutSession::ActivateSubscription(session) => ("activate_subscription", session.id),
            CheckoutSession::Unknown(value) => ("unknown", value["id"].as_str().unwrap_or_default().to_owned()),
            // The enum is `#[non_exhaustive]`: a later version may add kinds of session.
            _ => ("other", String::new()),
        };
        println!("{id}\t{kind}");
        count += 1;
    }
    eprintln!("{count} checkout sessions");
    Ok(())
}
