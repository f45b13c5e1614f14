//! `reses-server`: reads configuration, sets up logging, opens and migrates the database,
//! then serves until Ctrl-C or SIGTERM (demo data only with `--demo`), or runs a
//! subcommand (`create-admin`, `copy-db`).

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use reses_server::config::{Command, Config, CreateAdmin, LogFormat, ServeArgs};
use reses_server::store::{PoolOptions, Store};
use reses_server::{AppState, accounts, copy, demo};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever RUST_BACKTRACE says; never a password (see store::redact).
            eprintln!("reses-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let config = Config::parse();
    init_tracing(&config)?;
    let pool = PoolOptions {
        max_connections: config.db_pool_size,
        ..PoolOptions::default()
    };
    if let Some(Command::CopyDb(c)) = &config.command {
        let from = c.from.as_deref().unwrap_or(&config.database_url);
        let report = copy::copy_db(from, &c.to, pool).await?;
        println!("{report}");
        return Ok(());
    }
    let db = Store::connect(&config.database_url, pool).await?;
    let result = match &config.command {
        Some(Command::CreateAdmin(a)) => create_admin(&db, a).await,
        Some(Command::CopyDb(_)) => Ok(()),
        None => serve(&db, &config.serve).await,
    };
    db.close().await;
    result
}

async fn serve(db: &Store, args: &ServeArgs) -> anyhow::Result<()> {
    if args.demo
        && let Some(logins) = demo::load_if_empty(db).await?
    {
        println!("{}", demo::banner(&logins));
    }
    bootstrap_admin(db).await?;
    if !args.dist.join("index.html").exists() {
        tracing::warn!(dist = %args.dist.display(), "dist/index.html not found: build the app with `make build`");
    }

    let addr = (args.bind, args.port);
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
    let local = listener.local_addr()?;
    println!("Reses & Izin Kegiatan berjalan di http://{local}  (Ctrl-C untuk berhenti)");
    tracing::info!(%local, version = env!("CARGO_PKG_VERSION"), "listening");

    reses_server::serve(
        listener,
        AppState::new(db.clone(), args.server_config()),
        &args.dist,
        shutdown_signal(),
    )
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// A real install starts with no account. The operator names the first administrator
/// in the environment (`RESES_ADMIN_USERNAME`, `RESES_ADMIN_PASSWORD`); it is created
/// once, when the database has no administrator, and must change that password at its
/// first sign-in (the environment is not a place to keep it).
async fn bootstrap_admin(db: &Store) -> anyhow::Result<()> {
    let (Ok(username), Ok(password)) = (
        std::env::var("RESES_ADMIN_USERNAME"),
        std::env::var("RESES_ADMIN_PASSWORD"),
    ) else {
        if !accounts::has_admin(db).await? {
            println!(
                "Belum ada akun admin. Buat dengan: reses-server create-admin --username NAMA"
            );
        }
        return Ok(());
    };
    if accounts::has_admin(db).await? {
        return Ok(());
    }
    let admin = accounts::create_admin(db, &username, "Administrator", &password, true)
        .await
        .context("RESES_ADMIN_USERNAME/RESES_ADMIN_PASSWORD")?;
    println!(
        "Akun admin {} dibuat; ganti kata sandinya saat pertama masuk.",
        admin.username
    );
    Ok(())
}

async fn create_admin(db: &Store, args: &CreateAdmin) -> anyhow::Result<()> {
    let password = match std::env::var("RESES_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            use std::io::{BufRead, IsTerminal, Write};
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                print!("Kata sandi untuk {} (minimal 8 karakter): ", args.username);
                std::io::stdout().flush()?;
            }
            let mut line = String::new();
            stdin.lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let admin = accounts::create_admin(db, &args.username, &args.display_name, &password, false)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("Akun admin {} dibuat.", admin.username);
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
