//! The reading room: a ratatui app over the corpus. The core (model, ingest, store, search)
//! knows nothing of it.
//!
//! Layout: `action` (what a user can do) and `keymap` (keys to actions, per mode) with
//! `config` (the config file's keys and colours); `app` (the state and the update step before
//! each frame), `update`, `nav` and `desk` (what actions do to the panes), `layers` (events
//! through the stack of popups); `draw` (a frame, drawn from the state without changing it),
//! `panes/*` and `popups/*`; `widgets/*` (one text field, one list); `history` (back and
//! forward). Terminal setup, signals and the event loop are here.

pub mod action;
pub mod app;
pub mod cast;
pub mod config;
pub mod cx;
pub mod desk;
pub mod doclist;
pub mod draw;
pub mod history;
pub mod keymap;
pub mod keys;
pub mod keytable;
pub mod layers;
pub mod layout;
pub mod nav;
pub mod panes;
pub mod popups;
pub mod prepare;
pub mod session;
pub mod side_items;
pub mod theme;
pub mod update;
pub mod widgets;
pub mod wrap;

mod terminal;

pub use draw::{draw, frame};
pub use terminal::{restore_terminal, run};
