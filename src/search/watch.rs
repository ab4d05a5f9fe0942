//! Freshness without stating every file: a small watcher process per set of sources that
//! listens to the kernel (inotify) for any change in the corpus directories and answers, on a
//! Unix socket in the cache directory, whether anything changed since the last full check.
//!
//! The protocol closes the race between an edit and its notice: a client connects and asks;
//! the watcher first reads every event already queued (an edit made before the question is in
//! the queue by then), then answers with its generation (how many batches of changes it has
//! seen) and the corpus fingerprint a client vouched for at that generation, if any. A client
//! that gets no fingerprint does the full check (stating every file) itself and, if it passes,
//! tells the watcher the fingerprint for the generation it was given before it began; the
//! watcher keeps it only if nothing changed meanwhile. With no watcher (none started yet, a
//! socket path too long, a cache that cannot be written, `CARREL_NO_WATCH` set, another
//! operating system) every search does the full check, as before.
//!
//! The watcher exits after [`IDLE`] without a question, when its socket or cache goes away, or
//! when no directory is left to watch. Changes made through another path to the same file (a
//! hard link elsewhere), by writing through a memory map, or on a network file system are not
//! seen by inotify; the README says so.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A watcher nobody asked for this long goes away.
pub const IDLE: Duration = Duration::from_secs(15 * 60);

/// Where a watcher for a set of sources keeps its socket and lock.
pub fn socket_path(cache: &Path, key: u64) -> PathBuf {
    cache.join("watch").join(format!("{key:016x}.sock"))
}

fn lock_path(cache: &Path, key: u64) -> PathBuf {
    cache.join("watch").join(format!("{key:016x}.lock"))
}

/// Whether watchers are wanted at all.
pub fn enabled() -> bool {
    cfg!(target_os = "linux") && std::env::var_os("CARREL_NO_WATCH").is_none_or(|v| v.is_empty())
}

/// A question put to a live watcher.
pub struct Asked {
    stream: std::os::unix::net::UnixStream,
    /// The watcher's generation when it answered.
    pub generation: u64,
    /// The fingerprint vouched for at that generation.
    pub fingerprint: Option<u64>,
}

/// Ask the watcher for `key`, if one is alive.
pub fn ask(cache: &Path, key: u64) -> Option<Asked> {
    if !enabled() {
        return None;
    }
    let mut stream = std::os::unix::net::UnixStream::connect(socket_path(cache, key)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(2)))
        .ok()?;
    stream.write_all(b"check\n").ok()?;
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line).ok()?;
    let mut it = line.split_whitespace();
    if it.next()? != "gen" {
        return None;
    }
    let generation = it.next()?.parse().ok()?;
    let fingerprint = match it.next()? {
        "-" => None,
        f => Some(u64::from_str_radix(f, 16).ok()?),
    };
    Some(Asked {
        stream,
        generation,
        fingerprint,
    })
}

impl Asked {
    /// Tell the watcher a full check begun at this generation found `fingerprint`.
    pub fn vouch(mut self, fingerprint: u64) {
        let _ = writeln!(self.stream, "ok {} {fingerprint:016x}", self.generation);
        let mut line = String::new();
        let _ = BufReader::new(&self.stream).read_line(&mut line);
    }
}

/// Start a watcher for `key` in the background, running this program with `args` (which must
/// lead to [`run`]); it detaches from the terminal and from this process.
pub fn spawn(cache: &Path, key: u64, args: &[std::ffi::OsString]) {
    if !enabled() || socket_path(cache, key).as_os_str().len() >= 100 {
        return;
    }
    if std::fs::create_dir_all(cache.join("watch")).is_err() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // SAFETY: setsid is async-signal-safe and touches no memory of this process.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let _ = cmd.spawn();
}

/// The watcher itself: watch `dirs` (and the directories made in them later), answer on the
/// socket, and exit when idle. Returns when it stops; an error means it could not start.
pub fn run(cache: &Path, key: u64, dirs: &[PathBuf]) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    std::fs::create_dir_all(cache.join("watch")).map_err(|e| e.to_string())?;
    // One watcher for a set of sources: the lock says which.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(cache, key))
        .map_err(|e| e.to_string())?;
    // SAFETY: flock on a file descriptor we own.
    if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err("another watcher runs".into());
    }
    let mut inotify = Inotify::new()?;
    for d in dirs {
        inotify.add_tree(d);
    }
    if inotify.watched == 0 {
        return Err("nothing to watch".into());
    }
    let sock = socket_path(cache, key);
    let _ = std::fs::remove_file(&sock);
    let listener = std::os::unix::net::UnixListener::bind(&sock).map_err(|e| e.to_string())?;
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&sock, std::fs::Permissions::from_mode(0o600));
    }
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    // The socket is ours while its file is the one bound here (a deleted cache made again
    // holds another watcher's).
    let ours = || {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&sock).map(|m| (m.dev(), m.ino())).ok()
    };
    let mine = ours();
    let mut generation: u64 = 0;
    let mut vouched: Option<(u64, u64)> = None;
    let mut last_question = std::time::Instant::now();
    loop {
        let mut fds = [
            libc::pollfd {
                fd: inotify.fd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: listener.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: two valid pollfd entries.
        unsafe { libc::poll(fds.as_mut_ptr(), 2, 10_000) };
        if inotify.drain() {
            generation += 1;
        }
        if inotify.watched == 0 || ours() != mine {
            return Ok(());
        }
        while let Ok((stream, _)) = listener.accept() {
            last_question = std::time::Instant::now();
            let _ = answer(stream, &mut inotify, &mut generation, &mut vouched);
        }
        if last_question.elapsed() > IDLE {
            let _ = std::fs::remove_file(&sock);
            return Ok(());
        }
    }
}

/// One client: `check` → `gen G FP|-`; then perhaps `ok G FP` → `kept` or `stale`.
fn answer(
    stream: std::os::unix::net::UnixStream,
    inotify: &mut Inotify,
    generation: &mut u64,
    vouched: &mut Option<(u64, u64)>,
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut w = stream;
    let mut line = String::new();
    while {
        line.clear();
        reader.read_line(&mut line)? > 0
    } {
        // Every event queued before the question counts before the answer.
        if inotify.drain() {
            *generation += 1;
        }
        let mut it = line.split_whitespace();
        match it.next() {
            Some("check") => {
                let fp = match vouched {
                    Some((g, fp)) if *g == *generation => format!("{fp:016x}"),
                    _ => "-".to_string(),
                };
                writeln!(w, "gen {generation} {fp}")?;
            }
            Some("ok") => {
                let g: Option<u64> = it.next().and_then(|s| s.parse().ok());
                let fp = it.next().and_then(|s| u64::from_str_radix(s, 16).ok());
                match (g, fp) {
                    (Some(g), Some(fp)) if g == *generation => {
                        *vouched = Some((g, fp));
                        writeln!(w, "kept")?;
                    }
                    _ => writeln!(w, "stale")?,
                }
            }
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// An inotify instance watching directory trees.
struct Inotify {
    fd: i32,
    /// Directories watched, by watch descriptor.
    dirs: std::collections::HashMap<i32, PathBuf>,
    watched: usize,
}

const MASK: u32 = libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_CLOSE_WRITE
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO
    | libc::IN_CREATE
    | libc::IN_DELETE
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF;

impl Inotify {
    fn new() -> Result<Inotify, String> {
        // SAFETY: no pointers involved.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        Ok(Inotify {
            fd,
            dirs: std::collections::HashMap::new(),
            watched: 0,
        })
    }

    /// Watch a directory and every directory under it (iteratively, bounded by the tree).
    fn add_tree(&mut self, root: &Path) {
        let mut stack = vec![root.to_path_buf()];
        let mut seen = 0usize;
        while let Some(d) = stack.pop() {
            seen += 1;
            if seen > 100_000 {
                break;
            }
            if !self.add(&d) {
                continue;
            }
            if let Ok(entries) = std::fs::read_dir(&d) {
                for e in entries.flatten() {
                    // Links to directories are followed (a corpus may hold them); a loop ends
                    // where a directory is already watched.
                    let dir = match e.file_type() {
                        Ok(t) if t.is_dir() => true,
                        Ok(t) if t.is_symlink() => {
                            std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir())
                        }
                        _ => false,
                    };
                    if dir {
                        stack.push(e.path());
                    }
                }
            }
        }
    }

    fn add(&mut self, d: &Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(d.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: a valid C string and our own descriptor.
        let wd = unsafe { libc::inotify_add_watch(self.fd, c.as_ptr(), MASK) };
        if wd < 0 {
            return false;
        }
        if self.dirs.contains_key(&wd) {
            return false;
        }
        self.dirs.insert(wd, d.to_path_buf());
        self.watched += 1;
        true
    }

    /// Read every queued event; true if any. New directories are watched before this returns
    /// (a file made in one before its watch is covered by the generation moving on).
    fn drain(&mut self) -> bool {
        let mut any = false;
        let mut buf = [0u8; 64 * 1024];
        loop {
            // SAFETY: reading into our own buffer of the given length.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                return any;
            }
            any = true;
            let n = n as usize;
            let mut at = 0;
            let head = std::mem::size_of::<libc::inotify_event>();
            while at + head <= n {
                // SAFETY: the kernel wrote a whole event header here; read unaligned.
                let ev: libc::inotify_event =
                    unsafe { std::ptr::read_unaligned(buf[at..].as_ptr().cast()) };
                let name_len = ev.len as usize;
                let name = &buf[at + head..(at + head + name_len).min(n)];
                let name: &[u8] = name.split(|&b| b == 0).next().unwrap_or(&[]);
                if ev.mask & libc::IN_IGNORED != 0 && self.dirs.remove(&ev.wd).is_some() {
                    self.watched -= 1;
                }
                if ev.mask & libc::IN_ISDIR != 0
                    && ev.mask & (libc::IN_CREATE | libc::IN_MOVED_TO) != 0
                {
                    if let Some(parent) = self.dirs.get(&ev.wd).cloned() {
                        use std::os::unix::ffi::OsStrExt;
                        let child = parent.join(std::ffi::OsStr::from_bytes(name));
                        self.add_tree(&child);
                    }
                }
                at += head + name_len;
            }
        }
    }
}

impl Drop for Inotify {
    fn drop(&mut self) {
        // SAFETY: closing our own descriptor once.
        unsafe { libc::close(self.fd) };
    }
}
