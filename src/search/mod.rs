//! Searching: the finder's fuzzy matcher over names and aliases, the full-text index, the query
//! language both searches share, and the words they cut text into.

pub mod fuzzy;
pub mod index;
pub mod names;
pub mod query;
pub mod watch;
pub mod words;
