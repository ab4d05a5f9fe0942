//! Components shared by every pane and popup: one text field and one list.

pub mod list;
pub mod text_field;
