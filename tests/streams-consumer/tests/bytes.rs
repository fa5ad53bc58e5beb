//! Binary bodies: a multi-megabyte download read as a stream of chunks (never whole), and an upload
//! given as `Bytes` that every retry sends unchanged.

use futures_util::StreamExt;
use streams_consumer::events::{Client, Error};
use wiremock::matchers::{body_bytes, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, retries: u32) -> Client {
    Client::builder().base_url(server.uri()).max_retries(retries).build().expect("client")
}

#[tokio::test]
async fn a_large_download_arrives_in_chunks() {
    const SIZE: usize = 8 * 1024 * 1024;
    let body: Vec<u8> = (0..SIZE).map(|index| (index % 251) as u8).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/big"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/octet-stream"))
        .mount(&server)
        .await;
    let client = client(&server, 0);
    let mut stream = client.download_file("big").bytes_stream();
    let (mut total, mut chunks, mut largest) = (0usize, 0usize, 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        // Check the content as it passes, without keeping it.
        assert!(chunk.iter().enumerate().all(|(offset, byte)| *byte == ((total + offset) % 251) as u8));
        total += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, SIZE);
    assert!(chunks > 16, "{chunks} chunks");
    assert!(largest <= 1024 * 1024, "largest chunk {largest} bytes");
}

#[tokio::test]
async fn a_download_error_status_is_the_only_item() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/files/gone")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let items: Vec<_> = client(&server, 0).download_file("gone").bytes_stream().collect().await;
    assert_eq!(items.len(), 1);
    assert!(matches!(&items[0], Err(Error::Api(error)) if error.status().as_u16() == 404), "{items:?}");
}

#[tokio::test]
async fn an_upload_given_as_bytes_is_resent_unchanged_on_retry() {
    let payload = bytes::Bytes::from(vec![7u8; 300_000]);
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/up"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/files/up"))
        .and(body_bytes(payload.to_vec()))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server, 1);
    client.upload_file("up", payload.clone()).await.expect("uploaded on the retry");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|request| request.body == payload));
}
