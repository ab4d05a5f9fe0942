//! The real binary in a pseudo-terminal: keys typed, the screen read back through `vt100`, the
//! raw bytes kept so a test can look for escape sequences.

use super::Sandbox;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running reading room and what it has drawn.
pub struct Screen {
    pub master: Box<dyn portable_pty::MasterPty + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Arc<Mutex<Box<dyn Write + Send>>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// How to start one.
pub struct Launch<'a> {
    pub args: &'a [&'a str],
    pub env: &'a [(&'a str, &'a str)],
    pub rows: u16,
    pub cols: u16,
}

impl Default for Launch<'_> {
    fn default() -> Self {
        Launch {
            args: &[],
            env: &[],
            rows: 45,
            cols: 160,
        }
    }
}

impl Screen {
    /// The reading room on the bundled corpus at 160x45, isolated in `sandbox`.
    pub fn start(sandbox: &Sandbox) -> Screen {
        Screen::launch(sandbox, Launch::default())
    }

    /// The same with arguments.
    pub fn start_with(sandbox: &Sandbox, args: &[&str]) -> Screen {
        Screen::launch(
            sandbox,
            Launch {
                args,
                ..Launch::default()
            },
        )
    }

    /// Start with everything said.
    pub fn launch(sandbox: &Sandbox, how: Launch<'_>) -> Screen {
        let size = PtySize {
            rows: how.rows,
            cols: how.cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pty = native_pty_system().openpty(size).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_carrel"));
        cmd.args(how.args);
        cmd.env("TERM", "xterm-256color");
        for (k, v) in sandbox.env() {
            cmd.env(k, v);
        }
        for (k, v) in how.env {
            cmd.env(k, v);
        }
        cmd.env_remove("CARREL_CORPUS");
        cmd.cwd(sandbox.work());
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pty.master.take_writer().unwrap()));
        let answer = Arc::clone(&writer);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(how.rows.max(1)).unwrap(),
            std::num::NonZeroU16::new(how.cols.max(1)).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                // Answer the terminal queries a real terminal answers: device attributes.
                if buf[..n].windows(3).any(|w| w == b"\x1b[c") {
                    let mut w = answer.lock().unwrap();
                    let _ = w.write_all(b"\x1b[?62c");
                    let _ = w.flush();
                }
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Screen {
            master: pty.master,
            parser,
            raw,
            writer,
            child,
        }
    }

    /// The screen as text.
    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Everything written to the terminal so far, as text (lossy).
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Wait (at most 20 s) until the screen shows `what`, and return the screen.
    pub fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let t = self.text();
            if t.contains(what) {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "'{what}' never appeared; the screen was:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait (at most 20 s) until the status line shows `what`.
    pub fn wait_status(&self, what: &str) {
        let start = Instant::now();
        while !self.status().contains(what) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "status never showed '{what}': {}",
                self.status()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Type bytes, then give the program a moment.
    pub fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
        drop(w);
        std::thread::sleep(Duration::from_millis(150));
    }

    /// The last line of the screen.
    pub fn status(&self) -> String {
        self.text().lines().last().unwrap_or("").to_string()
    }

    /// Send a signal to the process.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let _ = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status();
    }

    /// Wait (at most `secs`) for the process to end; `what` says what was expected.
    pub fn wait_exit(&mut self, secs: u64, what: &str) {
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < Duration::from_secs(secs), "{what}");
            std::thread::sleep(Duration::from_millis(50));
        }
        // Let the reader thread take the last bytes.
        std::thread::sleep(Duration::from_millis(200));
    }

    /// Whether the raw output, from the last entry into the alternate screen on, leaves it and
    /// shows the cursor again.
    pub fn restored(&self) -> bool {
        let raw = self.raw_text();
        let tail = &raw[raw.rfind("\x1b[?1049h").unwrap_or(0)..];
        tail.contains("\x1b[?1049l") && tail.contains("\x1b[?25h")
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
