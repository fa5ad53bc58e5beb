//! `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY` as `reqwest` users expect. Environment variables are
//! process-global, so this file is its own test binary and runs its cases one after another in one test.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flowglad::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROXY_VARIABLES: &[&str] =
    &["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

/// A loopback "proxy" that records the first line of each request and answers an empty JSON page.
async fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("address");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&lines);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let recorded = Arc::clone(&recorded);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let Ok(read) = socket.read(&mut buffer).await else { return };
                let head = String::from_utf8_lossy(&buffer[..read]).into_owned();
                let line = head.lines().next().unwrap_or_default().to_owned();
                let is_connect = line.starts_with("CONNECT");
                recorded.lock().expect("not poisoned").push(line);
                if is_connect {
                    // No tunnel: refusing it is enough to show the client asked this proxy.
                    let _ = socket.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n").await;
                    return;
                }
                let body = r#"{"data":[],"hasMore":false,"total":0}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (format!("http://{address}"), lines)
}

/// Sets exactly these proxy variables, clearing the others.
fn set_proxy_environment(values: &[(&str, &str)]) {
    for name in PROXY_VARIABLES {
        // SAFETY: this binary's only test sets variables before it builds clients, from one thread, and
        // nothing else in the process reads or writes the environment meanwhile.
        unsafe { std::env::remove_var(name) };
    }
    for (name, value) in values {
        // SAFETY: as above.
        unsafe { std::env::set_var(name, value) };
    }
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key("sk_test")
        .base_url(base_url)
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

#[test]
fn proxy_environment_variables_route_requests() {
    // One single-threaded runtime, created after each variable change is made on this thread.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (proxy, lines) = runtime.block_on(recording_proxy());

    // HTTP_PROXY: a plain-HTTP request to a host that does not resolve goes to the proxy in absolute form.
    set_proxy_environment(&[("HTTP_PROXY", &proxy)]);
    let page = runtime
        .block_on(client("http://api.example.invalid").checkout_sessions_list().limit(3).send())
        .expect("the proxy answers");
    assert!(page.data.is_empty());
    let recorded = lines.lock().expect("not poisoned").clone();
    assert_eq!(recorded, ["GET http://api.example.invalid/api/v1/checkout-sessions?limit=3 HTTP/1.1"]);

    // HTTPS_PROXY: an https request asks the proxy for a tunnel to the host.
    lines.lock().expect("not poisoned").clear();
    set_proxy_environment(&[("HTTPS_PROXY", &proxy)]);
    let error = runtime
        .block_on(client("https://api.example.invalid").checkout_sessions_list().send())
        .expect_err("the proxy refuses the tunnel");
    assert_eq!(error.kind(), flowglad::ErrorKind::Transport, "{error:?}");
    let recorded = lines.lock().expect("not poisoned").clone();
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert!(recorded[0].starts_with("CONNECT api.example.invalid:443 "), "{recorded:?}");

    // NO_PROXY: a listed host is reached directly, and the proxy sees nothing.
    lines.lock().expect("not poisoned").clear();
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [], "hasMore": false, "total": 0})),
            )
            .expect(1)
            .mount(&server),
    );
    set_proxy_environment(&[("HTTP_PROXY", &proxy), ("NO_PROXY", "127.0.0.1")]);
    runtime.block_on(client(&server.uri()).checkout_sessions_list().send()).expect("reached directly");
    assert!(lines.lock().expect("not poisoned").is_empty(), "the proxy was bypassed");
    runtime.block_on(server.verify());
    set_proxy_environment(&[]);
}
