//! The baseline: the serde types an engineer would write by hand for the same JSON, with serde's own
//! derives (internally tagged enum, unit enums, `rename_all`), no fallbacks and no path tracking.

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutSessionList {
    pub data: Vec<CheckoutSession>,
    #[serde(rename = "current_cursor")]
    pub current_cursor: Option<String>,
    #[serde(rename = "next_cursor")]
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub total: f64,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CheckoutSession {
    Purchase(Session),
    Product(Session),
    AddPaymentMethod(Session),
    ActivateSubscription(Session),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: String,
    /// Epoch milliseconds.
    pub created_at: i64,
    /// Epoch milliseconds.
    pub updated_at: i64,
    /// Epoch milliseconds.
    pub expires: i64,
    pub livemode: bool,
    pub pricing_model_id: String,
    pub status: Status,
    pub billing_address: Option<BillingAddress>,
    pub price_id: Option<String>,
    pub purchase_id: Option<String>,
    pub invoice_id: Option<String>,
    pub quantity: i32,
    pub organization_id: String,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_id: Option<String>,
    pub payment_method_type: Option<PaymentMethodType>,
    pub discount_id: Option<String>,
    pub success_url: Option<String>,
    pub cancel_url: Option<String>,
    pub output_name: Option<String>,
    pub target_subscription_id: Option<String>,
    pub automatically_update_subscriptions: Option<bool>,
    pub preserve_billing_cycle_anchor: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Pending,
    Succeeded,
    Failed,
    Expired,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethodType {
    Card,
    Link,
    UsBankAccount,
    SepaDebit,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingAddress {
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Address {
    pub name: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCheckoutSessionRequest {
    pub checkout_session: CreateCheckoutSessionInput,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CreateCheckoutSessionInput {
    Product(ProductInput),
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductInput {
    pub customer_external_id: String,
    pub success_url: String,
    pub cancel_url: String,
    pub price_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i32>,
}
