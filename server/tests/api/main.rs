//! Server integration tests: the real server on port 0 with its own temporary SQLite
//! database and dist folder, driven over HTTP.

mod helpers;
mod shell;
mod startup;
