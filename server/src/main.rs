//! `reses-server`: reads configuration, sets up logging, opens and migrates the database,
//! loads demo data into an empty one, and serves until Ctrl-C or SIGTERM.

use anyhow::Context;
use clap::Parser;
use reses_server::config::{Config, LogFormat};
use reses_server::{AppState, db, demo};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    init_tracing(&config)?;

    let db = db::connect(&config.database_url).await?;
    if !config.no_demo
        && let Some(logins) = demo::load_if_empty(&db).await?
    {
        println!("{}", demo::banner(&logins));
    }
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "dist/index.html not found: build the app with `make build`");
    }

    let addr = (config.bind, config.port);
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {}:{}", config.bind, config.port))?;
    let local = listener.local_addr()?;
    println!("Reses & Izin Kegiatan berjalan di http://{local}  (Ctrl-C untuk berhenti)");
    tracing::info!(%local, version = env!("CARGO_PKG_VERSION"), "listening");

    reses_server::serve(
        listener,
        AppState::new(db.clone(), config.secure_cookies),
        &config.dist,
        shutdown_signal(),
    )
    .await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

fn init_tracing(config: &Config) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&config.log).context("invalid RESES_LOG filter")?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        LogFormat::Pretty => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received, finishing requests");
}
