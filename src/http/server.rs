//! [`serve`]: runs a router on an address until shutdown.

use std::net::SocketAddr;

use axum::Router;

/// Serves `router` on `bind` until `shutdown` resolves; returns the bound address first.
pub async fn serve(
    bind: SocketAddr,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on HTTP_BIND {bind}: {e}"))?;
    let address = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(%error, "HTTP server stopped");
        }
    });
    Ok((address, task))
}
