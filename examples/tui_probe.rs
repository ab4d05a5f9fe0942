//! `tui_probe`: run the reading room in a pseudo-terminal and measure it from outside, as a
//! person would see it: the time until the first frame shows the document list, and
//! optionally the peak memory after opening some documents one after another.
//!
//! ```text
//! cargo run --release --example tui_probe -- [--runs 5] [--open 100] -- target/release/carrel --corpus DIR
//! ```
//! Prints one line per run (`first_frame_ms=… peak_kb=…`) and the medians.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn peak_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// One run: (first frame in ms, peak memory in KB after opening `open` documents).
fn run(cmd: &[String], open: usize) -> Result<(f64, Option<u64>), String> {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 60,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut c = CommandBuilder::new(&cmd[0]);
    c.args(&cmd[1..]);
    c.env("TERM", "xterm-256color");
    if let Ok(dir) = std::env::current_dir() {
        c.cwd(dir);
    }
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(c).map_err(|e| e.to_string())?;
    drop(pair.slave);
    let pid = child.process_id().unwrap_or(0);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(60).expect("nonzero"),
        std::num::NonZeroU16::new(200).expect("nonzero"),
        0,
    )));
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let feed = Arc::clone(&parser);
    let answer = Arc::new(Mutex::new(
        pair.master.take_writer().map_err(|e| e.to_string())?,
    ));
    let answerer = Arc::clone(&answer);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            // Answer "what terminal are you?" as terminals do (vt100 does not).
            if buf[..n].windows(3).any(|w| w == b"\x1b[c") {
                if let Ok(mut w) = answerer.lock() {
                    let _ = w.write_all(b"\x1b[?62;22c");
                    let _ = w.flush();
                }
            }
            if let Ok(mut p) = feed.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let mut first = None;
    while started.elapsed() < Duration::from_secs(120) {
        let shown = parser
            .lock()
            .map(|p| p.screen().contents().contains(" Documents "))
            .unwrap_or(false);
        if shown {
            first = Some(started.elapsed().as_secs_f64() * 1000.0);
            break;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let Some(first) = first else {
        let _ = child.kill();
        return Err("the document list never showed".into());
    };
    for _ in 0..open {
        if let Ok(mut w) = answer.lock() {
            let _ = w.write_all(b"]");
            let _ = w.flush();
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    if open > 0 {
        std::thread::sleep(Duration::from_millis(500));
    }
    let peak = peak_kb(pid);
    if let Ok(mut w) = answer.lock() {
        let _ = w.write_all(b"q");
        let _ = w.flush();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    Ok((first, peak))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (opts, cmd) = (&args[..split], args.get(split + 1..).unwrap_or(&[]));
    let mut runs = 5;
    let mut open = 0;
    let mut i = 0;
    while i < opts.len() {
        match (
            opts[i].as_str(),
            opts.get(i + 1).and_then(|v| v.parse().ok()),
        ) {
            ("--runs", Some(n)) => runs = n,
            ("--open", Some(n)) => open = n,
            _ => {
                eprintln!("usage: tui_probe [--runs N] [--open K] -- CARREL [ARGS...]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    if cmd.is_empty() {
        eprintln!("usage: tui_probe [--runs N] [--open K] -- CARREL [ARGS...]");
        std::process::exit(2);
    }
    let mut frames = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        match run(cmd, open) {
            Ok((ms, peak)) => {
                println!(
                    "first_frame_ms={ms:.1} peak_kb={}",
                    peak.map(|p| p.to_string()).unwrap_or_else(|| "?".into())
                );
                frames.push(ms);
                if let Some(p) = peak {
                    peaks.push(p as f64);
                }
            }
            Err(e) => {
                eprintln!("tui_probe: {e}");
                std::process::exit(1);
            }
        }
    }
    println!(
        "median first_frame_ms={:.1} peak_kb={:.0}",
        median(frames),
        median(peaks)
    );
}
