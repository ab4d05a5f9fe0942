//! What the reading room remembers between runs: the last document and the reading position in
//! every document, in `session.json` in the data directory.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The remembered state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Session {
    /// Id of the document open at exit.
    pub last: Option<String>,
    /// For each document id, the paragraph number (`n`) of the cursor.
    pub positions: BTreeMap<String, usize>,
}

/// The data directory: `--data-dir`, else `CARREL_DATA`, else `$XDG_DATA_HOME/carrel`, else
/// `~/.local/share/carrel`.
pub fn data_dir(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("CARREL_DATA").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p).join("carrel"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".local/share/carrel"))
}

impl Session {
    fn path(dir: &Path) -> PathBuf {
        dir.join("session.json")
    }

    /// Load the session of a data directory; a missing or unreadable file is a fresh session
    /// (it holds nothing that cannot be rebuilt by reading).
    pub fn load(dir: &Path) -> Session {
        crate::files::read_to_string(&Self::path(dir))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Save atomically (write a temporary file, then rename).
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!("session.json.{}.tmp", std::process::id()));
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, Self::path(dir))
    }
}
