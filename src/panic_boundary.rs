//! A panic boundary: work on one file (or one document) that panics becomes a warning naming
//! it, and the rest of the corpus goes on loading.
//!
//! A panic is a bug, but one odd file must not make every other file unreadable. The panic
//! message (where it happened and why) is kept for the warning instead of being printed over
//! whatever is on the terminal: while a boundary is active on a thread, the process's panic
//! hook stays quiet on that thread. This needs `panic = "unwind"`, the default, in every
//! profile.

use crate::model::Warning;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many boundaries are active on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The message of the last panic caught on this thread.
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Whether a panic on this thread now would be caught by a boundary (so a panic hook should
/// neither print nor restore anything: the process goes on).
pub fn active() -> bool {
    DEPTH.with(Cell::get) > 0
}

/// Install, once, a panic hook that keeps the message of a panic inside a boundary and passes
/// every other panic to the hook that was there before.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if active() {
                let place = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let what = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown cause".to_string());
                MESSAGE.with(|m| *m.borrow_mut() = Some(format!("{what}{place}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Run `f`; if it panics, a warning naming `file` (and what it was doing: `what`) instead.
pub fn guard<T>(file: &str, what: &str, f: impl FnOnce() -> T) -> Result<T, Warning> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result.map_err(|_| {
        let why = MESSAGE
            .with(|m| m.borrow_mut().take())
            .unwrap_or_else(|| "unknown cause".to_string());
        Warning {
            file: file.to_string(),
            line: 0,
            message: crate::text::strip_controls(&format!(
                "internal error while {what}; the file's documents are missing from this \
                 load (please report it): {why}"
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_warning_naming_the_file() {
        let r: Result<(), Warning> = guard("odd.txt", "reading it", || panic!("boom"));
        let w = r.unwrap_err();
        assert_eq!(w.file, "odd.txt");
        assert!(w.message.contains("boom"), "{}", w.message);
        assert!(w.message.contains("panic_boundary.rs"), "{}", w.message);
        assert!(!active());
    }

    #[test]
    fn no_panic_passes_the_value_through() {
        assert_eq!(guard("a.txt", "reading it", || 7), Ok(7));
    }

    #[test]
    fn nested_boundaries_each_catch_their_own() {
        let outer = guard("outer.txt", "reading it", || {
            let inner = guard("inner.txt", "reading it", || -> u8 { panic!("inner") });
            assert!(active());
            inner.unwrap_err().message
        });
        assert!(outer.unwrap().contains("inner"));
        assert!(!active());
    }
}
