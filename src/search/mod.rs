//! Searching: the finder's fuzzy matcher over names and aliases.

pub mod fuzzy;
pub mod index;
