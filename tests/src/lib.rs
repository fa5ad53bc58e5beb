//! Helpers shared by the workspace's cross-crate tests.

pub mod prism;

use std::path::{Path, PathBuf};

use openapi_client_gen::{Generated, Settings, generate, load, regenerate_command, settings_for};

/// The spec the checked-in client is generated from, relative to the workspace root.
pub const SPEC: &str = "spec/checkout-sessions.yaml";
/// The checked-in client crate, relative to the workspace root.
pub const CLIENT_DIR: &str = "generated-client";

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_owned()
}

/// Generates the client exactly as the README's regenerate command does, from spec text.
pub fn generate_client_from(spec_text: &str) -> Result<Generated, openapi_client_gen::Error> {
    let root = workspace_root();
    let mut settings: Settings = settings_for(&root.join(SPEC), None)?;
    settings.regenerate_command = Some(regenerate_command(SPEC, CLIENT_DIR, &[]));
    let spec = load::load_str(spec_text, SPEC)?;
    generate(&spec, &settings)
}

/// The spec's text.
pub fn spec_text() -> String {
    std::fs::read_to_string(workspace_root().join(SPEC)).expect("spec is readable")
}

/// The spec as JSON, for reading its examples.
pub fn spec_json() -> serde_json::Value {
    load::load_str(&spec_text(), SPEC).expect("spec loads").raw
}

/// The example at a JSON pointer of the spec (such as a response's `.../example`).
pub fn spec_example(pointer: &str) -> serde_json::Value {
    spec_json().pointer(pointer).unwrap_or_else(|| panic!("no example at {pointer}")).clone()
}

/// What the clients log at every level while the returned guard lives (on this thread), as text.
#[derive(Clone, Default)]
pub struct CapturedLogs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// Starts capturing every `tracing` event of this thread until the guard is dropped.
    pub fn start() -> (Self, tracing::subscriber::DefaultGuard) {
        let captured = Self::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }

    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The project README and the manual pages under `docs/`, compiled as doctests of this crate (which has
/// the generated client and its dependencies), so their examples keep compiling as the code changes.
#[cfg(doctest)]
mod manual {
    macro_rules! pages {
        ($($page:ident => $path:literal),* $(,)?) => {
            $(
                #[doc = include_str!($path)]
                struct $page;
            )*
        };
    }
    pages! {
        Readme => "../../README.md",
        BuildScripts => "../../docs/build-scripts.md",
        Client => "../../docs/client.md",
        Conformance => "../../docs/conformance.md",
        CredentialsAndWebhooks => "../../docs/credentials-and-webhooks.md",
        HowItWorks => "../../docs/how-it-works.md",
        Inputs => "../../docs/inputs.md",
        PaginationAndStreams => "../../docs/pagination-and-streams.md",
        Settings => "../../docs/settings.md",
        SpecsThatBreakTheRules => "../../docs/specs-that-break-the-rules.md",
    }
}
