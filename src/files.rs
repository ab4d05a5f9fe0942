//! Reading files and walking directories within bounds.
//!
//! Only regular files are read: a FIFO, a device or a socket is refused before it is opened
//! (opening a FIFO blocks until someone writes to it; a device such as `/dev/zero` never ends).
//! A file larger than the size limit (`--max-file-size`, `CARREL_MAX_FILE_SIZE`, 256 MiB by
//! default) is refused with a message naming it and the limit, and no read takes more than the
//! limit even when a file grows while it is read. Directories are walked without recursion
//! (walkdir), in name order, on one file system; a symbolic link is followed only when it
//! stays inside the corpus directory, unless `--follow-links` is given, and loops are found.

use crate::model::Warning;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The default size limit for one file: 256 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 << 20;

static MAX_FILE_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_SIZE);
static FOLLOW_LINKS: AtomicBool = AtomicBool::new(false);

/// The size limit for one file, in bytes.
pub fn max_file_size() -> u64 {
    MAX_FILE_SIZE.load(Ordering::Relaxed)
}

/// Set the size limit for one file (the command line does, once, before reading anything).
pub fn set_max_file_size(bytes: u64) {
    MAX_FILE_SIZE.store(bytes, Ordering::Relaxed);
}

/// Whether symbolic links out of a corpus directory are followed.
pub fn follow_links() -> bool {
    FOLLOW_LINKS.load(Ordering::Relaxed)
}

/// Follow symbolic links out of corpus directories (`--follow-links`).
pub fn set_follow_links(on: bool) {
    FOLLOW_LINKS.store(on, Ordering::Relaxed);
}

/// A size as people write it: `1000`, `512K`, `256M`, `256MiB`, `1G`, `1.5G` (binary units).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(digits_end);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size (examples: 1000, 512K, 256M, 1G)"))?;
    let unit = unit.trim().to_ascii_lowercase();
    let scale: u64 = match unit.trim_end_matches("ib").trim_end_matches('b') {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return Err(format!("'{s}': unknown unit (use K, M, G or none)")),
    };
    let bytes = n * scale as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("'{s}' is not a usable size"));
    }
    Ok(bytes as u64)
}

/// A size for messages: `256 MiB`, `1.5 GiB`, `900 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (name, size) in UNITS {
        if bytes >= size {
            let v = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {name}", bytes / size)
            } else {
                format!("{v:.1} {name}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is instead (`a FIFO`, `a character device`, …).
    NotRegular(&'static str),
    /// Larger than the limit: (its size, or what was read before giving up; the limit).
    TooLarge(u64, u64),
    /// The operating system's error.
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(what) => {
                write!(f, "not a regular file ({what}); not read")
            }
            ReadError::TooLarge(size, limit) => write!(
                f,
                "too large to read: {} is over the limit of {} per file \
                 (--max-file-size or CARREL_MAX_FILE_SIZE raises it)",
                human_size(*size),
                human_size(*limit)
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// What kind of file this is, for a message: `None` for a regular file or a directory.
pub fn odd_kind(ft: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_file() || ft.is_dir() {
        None
    } else if ft.is_fifo() {
        Some("a FIFO")
    } else if ft.is_char_device() {
        Some("a character device")
    } else if ft.is_block_device() {
        Some("a block device")
    } else if ft.is_socket() {
        Some("a socket")
    } else if ft.is_symlink() {
        Some("a symbolic link")
    } else {
        Some("not a file")
    }
}

/// Read a regular file whole, refusing anything else and anything over the size limit.
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_limited(path, max_file_size())
}

/// Read a regular file as UTF-8 text (invalid UTF-8 is an error), within the same bounds.
pub fn read_to_string(path: &Path) -> Result<String, ReadError> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        ))
    })
}

/// Read a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge(size, limit));
    }
    let mut buf = Vec::with_capacity(size as usize);
    // One byte more than the limit tells a file that grew past it while being read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge(buf.len() as u64, limit));
    }
    Ok(buf)
}

/// Open a file for reading if it is a regular file; a FIFO or a device is refused before it is
/// opened, and the open does not wait (should the path become one in between).
pub fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(what) = odd_kind(meta.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    if meta.is_dir() {
        return Err(ReadError::NotRegular("a directory"));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(what) = odd_kind(meta.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    Ok(file)
}

/// What a walk of a corpus path found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to read, in order.
    pub files: Vec<PathBuf>,
    /// Directories read (their modification times tell whether files came or went).
    pub dirs: Vec<PathBuf>,
    /// Entries skipped, and why.
    pub warnings: Vec<Warning>,
}

/// Walk a corpus path: a file named on its own, or a directory read in name order without
/// recursion. `wanted` says which file names are corpus files; hidden entries and folders
/// named `gazetteer` are skipped.
pub fn walk(root: &Path, wanted: impl Fn(&str) -> bool) -> Walk {
    let mut out = Walk::default();
    let warn = |out: &mut Walk, path: &Path, message: String| {
        out.warnings.push(Warning {
            file: path.display().to_string(),
            line: 0,
            message,
        })
    };
    // The path named itself is followed wherever it leads: the user chose it.
    let meta = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) => {
            warn(&mut out, root, format!("cannot read: {e}"));
            return out;
        }
    };
    if !meta.is_dir() {
        match odd_kind(meta.file_type()) {
            None => out.files.push(root.to_path_buf()),
            Some(what) => warn(&mut out, root, ReadError::NotRegular(what).to_string()),
        }
        return out;
    }
    let follow = follow_links();
    let base = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    out.dirs.push(root.to_path_buf());
    let walker = walkdir::WalkDir::new(root)
        .min_depth(1)
        .follow_links(follow)
        .same_file_system(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(name.starts_with('.') || (name == "gazetteer" && e.file_type().is_dir()))
        });
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let msg = if let Some(anc) = err.loop_ancestor() {
                    format!("a link back to {} (a loop); not followed", anc.display())
                } else if let Some(io) = err.io_error() {
                    match std::fs::symlink_metadata(&path) {
                        Ok(m) if m.file_type().is_symlink() => {
                            format!("a link to nothing readable ({io}); skipped")
                        }
                        _ => format!("cannot read: {io}"),
                    }
                } else {
                    format!("cannot read: {err}")
                };
                warn(&mut out, &path, msg);
                continue;
            }
        };
        let name = e.file_name().to_string_lossy().into_owned();
        let ft = e.file_type();
        if ft.is_dir() {
            out.dirs.push(e.path().to_path_buf());
            continue;
        }
        if ft.is_symlink() {
            // Not following links: one that stays inside the corpus is read (a file) or
            // already walked (a directory); one that leaves it is reported.
            let target = match std::fs::canonicalize(e.path()) {
                Ok(t) => t,
                Err(err) => {
                    if wanted(&name) {
                        warn(
                            &mut out,
                            e.path(),
                            format!("a link to nothing readable ({err}); skipped"),
                        );
                    }
                    continue;
                }
            };
            let meta = std::fs::metadata(&target);
            let is_dir = meta.as_ref().is_ok_and(|m| m.is_dir());
            if !is_dir && !wanted(&name) {
                continue;
            }
            if !target.starts_with(&base) {
                warn(
                    &mut out,
                    e.path(),
                    format!(
                        "a link out of the corpus (to {}); not followed (--follow-links \
                         follows it)",
                        target.display()
                    ),
                );
                continue;
            }
            match meta.map(|m| m.file_type()) {
                Ok(t) if t.is_file() => out.files.push(e.path().to_path_buf()),
                Ok(t) if t.is_dir() => {}
                Ok(t) => warn(
                    &mut out,
                    e.path(),
                    ReadError::NotRegular(odd_kind(t).unwrap_or("not a file")).to_string(),
                ),
                Err(err) => warn(&mut out, e.path(), format!("cannot read: {err}")),
            }
            continue;
        }
        if !wanted(&name) {
            continue;
        }
        match odd_kind(ft) {
            None => out.files.push(e.path().to_path_buf()),
            Some(what) => warn(
                &mut out,
                e.path(),
                format!("not a regular file ({what}); skipped"),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_as_people_write_them() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("2 gb"), Ok(2 << 30));
        assert!(parse_size("banana").is_err());
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(human_size(256 << 20), "256 MiB");
        assert_eq!(human_size(300 * 1024 * 1024 + 512 * 1024), "300.5 MiB");
        assert_eq!(human_size(900), "900 bytes");
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = std::env::temp_dir().join(format!("carrel-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("ten.txt");
        std::fs::write(&f, b"0123456789").unwrap();
        assert_eq!(read_limited(&f, 10).unwrap(), b"0123456789");
        let e = read_limited(&f, 9).unwrap_err().to_string();
        assert!(e.contains("10 bytes is over the limit of 9 bytes"), "{e}");
        let e = read_limited(Path::new("/dev/zero"), 10)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "not a regular file (a character device); not read");
        let e = read_limited(&dir, 10).unwrap_err().to_string();
        assert!(e.contains("a directory"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
