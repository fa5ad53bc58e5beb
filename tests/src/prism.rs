//! Prism, a real OpenAPI mock server that validates every request against the spec (a request the spec
//! does not allow gets a 4xx instead of an example). It is installed with npm under `target/prism` on
//! first use, so `cargo test --workspace` needs nothing installed by hand.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::workspace_root;

/// Pinned so that CI runs the server the tests were written against.
pub const PRISM_VERSION: &str = "5.16.0";

/// The `prism` executable, installed on first use.
pub fn prism_binary() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let dir = workspace_root().join("target/prism");
            let binary = dir.join("node_modules/.bin/prism");
            let marker = dir.join(format!("installed-{PRISM_VERSION}"));
            if !marker.is_file() {
                std::fs::create_dir_all(&dir).expect("create target/prism");
                let status = Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
                    .arg(&dir)
                    .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}"))
                    .status()
                    .expect("npm is needed to install Prism (Node 20 or later)");
                assert!(status.success(), "npm install @stoplight/prism-cli@{PRISM_VERSION} failed");
                std::fs::write(&marker, "").expect("write marker");
            }
            binary
        })
        .clone()
}

/// A running `prism mock`, stopped when dropped.
pub struct Prism {
    child: Child,
    /// Where it listens, such as `http://127.0.0.1:4010`.
    pub base_url: String,
}

impl Prism {
    /// Starts `prism mock` on `spec` (`-d`: dynamic, random valid responses) and waits until it listens.
    pub fn start(spec: &Path, dynamic: bool) -> Prism {
        let port = TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("address").port();
        let mut command = Command::new(prism_binary());
        command.arg("mock").arg(spec).args(["-h", "127.0.0.1", "-p", &port.to_string()]);
        if dynamic {
            command.arg("-d");
        }
        let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start prism");
        let prism = Prism { child, base_url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "prism did not start listening within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
