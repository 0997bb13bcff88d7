//! One line on stderr before a long schema upgrade, and one after, so that
//! opening a big old library does not look like a hang.
//!
//! Upgrading to schema v9 rebuilds the search index inside `Library::open`
//! (about 2 minutes at 100,000 articles). Small libraries upgrade in a blink
//! and get no notice; stdout is never written, since scripts parse it.

use std::path::Path;
use std::time::{Duration, Instant};

use quire_core::{PendingUpgrade, pending_upgrade};

/// A notice printed before opening, to be closed with [`Notice::finish`].
pub struct Notice {
    started: Instant,
}

/// Prints the notice if opening `path` will run a long upgrade. A library the
/// probe cannot read gets no notice: opening it reports the problem properly.
pub fn before_open(path: &Path) -> Option<Notice> {
    let pending = pending_upgrade(path).ok().flatten().filter(PendingUpgrade::is_long)?;
    eprintln!("{}", starting_line(&pending));
    Some(Notice { started: Instant::now() })
}

impl Notice {
    pub fn finish(self) {
        eprintln!("{}", finished_line(self.started.elapsed()));
    }
}

fn starting_line(p: &PendingUpgrade) -> String {
    format!(
        "Upgrading the library from schema {} to {} (rebuilding the search index for {}; {})…",
        p.from,
        p.to,
        p.articles_phrase(),
        p.estimate_phrase(),
    )
}

fn finished_line(elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().round() as u64;
    if secs < 60 {
        format!("Library upgraded in {secs}s.")
    } else {
        format!("Library upgraded in {}m {}s.", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_for_a_big_v8_library_reads_well() {
        let p = PendingUpgrade { from: 8, to: 9, articles: 100_000 };
        assert_eq!(
            starting_line(&p),
            "Upgrading the library from schema 8 to 9 (rebuilding the search index for 100,000 articles; about 2 minutes)…",
            "112 s measured at 100,000 articles, so 2 minutes is honest"
        );
    }

    #[test]
    fn the_elapsed_time_is_in_minutes_and_seconds() {
        assert_eq!(finished_line(Duration::from_millis(112_400)), "Library upgraded in 1m 52s.");
        assert_eq!(finished_line(Duration::from_millis(8_600)), "Library upgraded in 9s.");
    }
}
