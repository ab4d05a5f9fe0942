//! A one-line field inside a pane: the list filter and the search in the open document.

use super::super::widgets::text_field::TextField;

/// Which field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Filtering the document list (applied as one types).
    Filter,
    /// Searching the open document (run on Enter).
    Search,
}

/// A prompt.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// Which one.
    pub kind: PromptKind,
    /// What is typed.
    pub field: TextField,
}

impl Prompt {
    /// A prompt holding `text`.
    pub fn new(kind: PromptKind, text: &str) -> Prompt {
        Prompt {
            kind,
            field: TextField::new().with_text(text),
        }
    }
}
