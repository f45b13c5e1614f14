//! Server integration tests: the real server on port 0 with its own temporary SQLite
//! database and dist folder, driven over HTTP.

mod accounts;
mod akses;
mod auth;
mod authz;
mod bad_input;
mod concurrency;
mod fuzz;
mod helpers;
mod izin;
mod kantor;
mod lapangan;
mod multi;
mod shell;
mod startup;
mod sync;
mod trust;

pub fn helpers_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
