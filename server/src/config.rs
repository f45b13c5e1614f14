//! Configuration from flags and environment variables (flags win), and the subcommands.
//!
//! `reses-server` alone serves. `reses-server create-admin --username NAME` creates an
//! administrator in the database (a real install starts with none); the password comes
//! from `RESES_ADMIN_PASSWORD` or is read from standard input, never from the command
//! line, where other users of the machine could read it. `reses-server copy-db --to URL`
//! moves an office's database into an empty one (how an office grows onto PostgreSQL).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Database: `sqlite://PATH` (created if missing) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (an existing, empty or already
    /// migrated database; several server processes may share it).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/reses.db",
        global = true
    )]
    pub database_url: String,

    /// Most PostgreSQL connections this process opens (SQLite: one writer and eight
    /// readers, fixed).
    #[arg(long, env = "RESES_DB_POOL_SIZE", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1000), global = true)]
    pub db_pool_size: u32,

    /// Log filter, in `tracing` EnvFilter syntax (e.g. `info`, `reses_server=debug`).
    #[arg(
        long,
        env = "RESES_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,

    /// Log line format.
    #[arg(long, env = "RESES_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Create an administrator account (the password is read from RESES_ADMIN_PASSWORD
    /// or standard input).
    CreateAdmin(CreateAdmin),
    /// Copy the whole database into an empty one (e.g. SQLite to PostgreSQL), verified
    /// by counts and checksums. The source is only read; a target that holds data is
    /// refused.
    CopyDb(CopyDb),
}

#[derive(Debug, Clone, Args)]
pub struct CopyDb {
    /// The database to copy (default: DATABASE_URL).
    #[arg(long)]
    pub from: Option<String>,
    /// The empty database to copy into, e.g. `postgres://reses:…@localhost/reses`.
    #[arg(long)]
    pub to: String,
}

#[derive(Debug, Clone, Args)]
pub struct CreateAdmin {
    /// The account name to sign in with (letters, digits, `.`, `_`, `-`).
    #[arg(long)]
    pub username: String,
    /// The name shown in the app and on records.
    #[arg(long, default_value = "Administrator")]
    pub display_name: String,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use 0.0.0.0 to accept tablets on the office network.
    #[arg(long, env = "RESES_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// TCP port.
    #[arg(long, env = "RESES_PORT", default_value_t = 8080)]
    pub port: u16,

    /// The built app (Trunk's dist/ folder).
    #[arg(long, env = "RESES_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// The address people open the app at, e.g. `https://reses.setwan.example`. When it
    /// is https, the session cookie is marked Secure.
    #[arg(long, env = "RESES_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Mark the session cookie Secure even without an https public URL.
    #[arg(long, env = "RESES_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// The server sits behind a reverse proxy that appends the client's address to
    /// X-Forwarded-For (used to count failed sign-ins per address).
    #[arg(long, env = "RESES_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// Most attachment bytes one account may upload, in MB.
    #[arg(long, env = "RESES_ATTACHMENT_QUOTA_MB", default_value_t = 2048)]
    pub attachment_quota_mb: u64,

    /// Load the demo data (demo accounts with a published password) into an empty
    /// database. For trying the app only: `make run` and the tests pass it.
    #[arg(long, env = "RESES_DEMO")]
    pub demo: bool,
}

impl ServeArgs {
    pub fn server_config(&self) -> crate::ServerConfig {
        let https = self
            .public_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        crate::ServerConfig {
            secure_cookies: self.secure_cookies || https,
            behind_proxy: self.behind_proxy,
            attachment_quota_bytes: self.attachment_quota_mb.saturating_mul(1024 * 1024),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_https_public_url_makes_cookies_secure() {
        let c = Config::parse_from(["reses-server", "--public-url", "https://reses.example"]);
        assert!(c.serve.server_config().secure_cookies);
        assert!(!c.serve.demo, "no demo data unless asked");
        let c = Config::parse_from(["reses-server", "--public-url", "http://10.0.0.2:8080"]);
        assert!(!c.serve.server_config().secure_cookies);
        let c = Config::parse_from(["reses-server", "--demo"]);
        assert!(c.serve.demo);
        let c = Config::parse_from(["reses-server", "create-admin", "--username", "kepala"]);
        assert!(matches!(c.command, Some(Command::CreateAdmin(a)) if a.username == "kepala"));
    }
}
