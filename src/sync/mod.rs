//! Talking to the server: the typed API ([`api`]) and the sync engine ([`engine`]).

pub mod api;
pub mod engine;
pub mod perintah;
pub mod runner;
