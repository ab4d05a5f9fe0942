//! Documents written out in formats other tools read: TEI P5 for edition tools.

pub mod tei;
