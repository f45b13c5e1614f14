//! Configuration from flags and environment variables (flags win).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines, for a terminal.
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Clone, Parser)]
#[command(
    name = "reses-server",
    version,
    about = "Server kantor Reses & Izin Kegiatan"
)]
pub struct Config {
    /// Address to listen on. Use 0.0.0.0 to accept tablets on the office network.
    #[arg(long, env = "RESES_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// TCP port.
    #[arg(long, env = "RESES_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Database: `sqlite://PATH` (created if missing). PostgreSQL URLs are refused for now.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/reses.db")]
    pub database_url: String,

    /// The built app (Trunk's dist/ folder).
    #[arg(long, env = "RESES_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Log filter, in `tracing` EnvFilter syntax (e.g. `info`, `reses_server=debug`).
    #[arg(long, env = "RESES_LOG", default_value = "info,sqlx=warn")]
    pub log: String,

    /// Log line format.
    #[arg(long, env = "RESES_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Mark the session cookie Secure: set this when the app is served over HTTPS.
    #[arg(long, env = "RESES_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Do not load demo data into an empty database.
    #[arg(long, env = "RESES_NO_DEMO")]
    pub no_demo: bool,
}
