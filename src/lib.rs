//! carrel: a terminal reading room for archival diplomatic documents.
//!
//! The core (model, ingest, corpus store) knows nothing of terminals; the CLI and the reading
//! room are built on top of it.

pub mod bundled;
pub mod cache;
pub mod cite;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod coverage;
pub mod dates;
pub mod export;
pub mod files;
pub mod gazetteer;
pub mod ingest;
pub mod json;
pub mod links;
pub mod mentions;
pub mod model;
pub mod notes;
pub mod panic_boundary;
pub mod search;
pub mod text;
pub mod tui;
