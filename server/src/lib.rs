//! The portal's server: configuration and CLI, storage, the services behind the server
//! functions, and the HTTP layer (routes, security middleware, graceful shutdown).

pub mod backup;
pub mod cli;
pub mod config;
pub mod documents;
pub mod maintenance;
pub mod marriage;
pub mod pii;
pub mod policy;
pub mod rekey;
pub mod services;
pub mod staff;
pub mod storage;
pub mod telemetry;
pub mod web;

pub use web::Server;
