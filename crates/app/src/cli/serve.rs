//! `carewell serve`.

use crate::kernel::config::Config;
use crate::kernel::state::AppState;
use anyhow::Context;
use carewell_store::Store;
use std::process::ExitCode;

/// Opens the database (migrating it), binds, and serves until Ctrl-C / SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let store = config.open_store().await?;
    serve_store(store, config, None).await
}

/// Serves an already-open store; prints `banner` once listening.
pub async fn serve_store(
    store: Store,
    config: Config,
    banner: Option<String>,
) -> anyhow::Result<ExitCode> {
    // A proxy entry that is not an address would silently trust nothing: say so instead.
    crate::web::rate_limit::TrustedProxies::parse(&config.trusted_proxies).map_err(|bad| {
        anyhow::anyhow!(
            "configuration: trusted_proxies entries are not addresses or CIDR ranges: {}",
            bad.join(", ")
        )
    })?;
    if store.audit_key().is_none() {
        let warning = "audit_key is not set (CAREWELL_AUDIT_KEY): the audit log is hash-chained \
             but not MACed, and no checkpoints are written, so someone who can write the database \
             can rewrite or shorten it unnoticed. Set a random secret of at least 32 characters.";
        tracing::warn!("{warning}");
        eprintln!("WARNING: {warning}");
    }
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let addr = listener.local_addr()?;
    let worker = if config.run_worker {
        Some(crate::app::jobs::spawn(
            store.clone(),
            std::sync::Arc::new(config.clone()),
        )?)
    } else {
        None
    };
    let state = AppState::new(store.clone(), config);
    let app = crate::app::router(state);
    tracing::info!(%addr, "serving");
    println!("Carewell is serving on http://{addr}");
    if let Some(b) = banner {
        println!("{b}");
    }
    // The peer address reaches handlers as ConnectInfo (the public forms' rate limiting).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    if let Some((stop, handle)) = worker {
        let _ = stop.send(true);
        let _ = handle.await;
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
