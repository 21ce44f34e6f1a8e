//! Misbehaving servers shared by the adapter tests: dead ports and connection resets.

#![allow(dead_code)]

use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// A short timeout so that timeout tests stay fast.
pub const TEST_TIMEOUT: Duration = Duration::from_millis(300);

/// A base URL whose port accepts a connection, reads the request and then resets it
/// without answering: the provider may or may not have acted.
pub async fn resetting_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf).await;
            // Linger 0 turns the close into a TCP reset.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
    });
    format!("http://{addr}")
}

/// A base URL on which nothing listens (connection refused).
pub async fn dead_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// Asserts that an adapter call ended in `ProviderError::Unknown`: the provider may or may
/// not have acted.
#[track_caller]
pub fn assert_unknown<T: std::fmt::Debug>(result: &Result<T, topup_bot::providers::ProviderError>) {
    assert!(
        matches!(
            result,
            Err(topup_bot::providers::ProviderError::Unknown { .. })
        ),
        "expected Unknown, got {result:?}"
    );
}

/// Asserts that an adapter call was refused for bad credentials.
#[track_caller]
pub fn assert_bad_credentials<T: std::fmt::Debug>(
    result: &Result<T, topup_bot::providers::ProviderError>,
) {
    assert!(
        matches!(
            result,
            Err(topup_bot::providers::ProviderError::Refused {
                reason: topup_bot::providers::RejectReason::BadCredentials,
                ..
            })
        ),
        "expected a bad-credentials refusal, got {result:?}"
    );
}
