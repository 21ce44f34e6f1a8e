//! The shop's HTTP server in tests: a router on a free local port.

#![allow(dead_code)]

use std::net::SocketAddr;

/// Serves `router` on a free port of 127.0.0.1 until the test ends; its address.
pub async fn listen(router: axum::Router) -> SocketAddr {
    let (address, _task) = topup_bot::http::serve(
        "127.0.0.1:0".parse().unwrap(),
        router,
        std::future::pending(),
    )
    .await
    .unwrap();
    address
}
