//! What the benches share: the words generated articles are made of, so that
//! every bench's library reads alike and searches find realistic hit counts,
//! and the clock they measure CPU time with.

// Each bench uses only part of this module.
#![allow(dead_code)]

use std::time::Duration;

/// CPU time (user + system) of the calling thread, to the nanosecond: the
/// machine may be shared, and a thread's CPU time is the figure other work
/// does not move (getrusage counts in scheduler ticks on some kernels).
pub fn thread_cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the struct it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Topic words: a few in every article, so a search for one finds many.
pub const TOPIC_WORDS: &[&str] = &[
    "harbour",
    "tide",
    "storm",
    "election",
    "budget",
    "energy",
    "river",
    "forest",
    "market",
    "vaccine",
    "satellite",
    "novel",
    "museum",
    "railway",
    "glacier",
    "festival",
    "parliament",
    "drought",
    "harvest",
    "startup",
    "orbit",
    "archive",
    "language",
    "climate",
];
