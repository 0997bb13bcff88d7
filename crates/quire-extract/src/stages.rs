//! Per-stage timers, for finding where extraction spends its time.
//!
//! Compiled in only with the `stage-timers` feature (the bench prints them:
//! `cargo bench -p quire-extract --bench extract_quality --features stage-timers`);
//! without it [`time`] is a plain call and costs nothing. Times are the
//! thread's CPU time, not wall time: on a shared machine other processes'
//! load would otherwise be counted against whichever stage was running.

#[cfg(feature = "stage-timers")]
use std::cell::RefCell;
#[cfg(feature = "stage-timers")]
use std::time::Duration;

#[cfg(feature = "stage-timers")]
thread_local! {
    static TOTALS: RefCell<Vec<(&'static str, Duration)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f`, adding its time to the stage `name` on this thread.
#[inline]
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    #[cfg(feature = "stage-timers")]
    {
        let started = thread_cpu();
        let out = f();
        let spent = thread_cpu().saturating_sub(started);
        TOTALS.with(|t| {
            let mut t = t.borrow_mut();
            match t.iter_mut().find(|(n, _)| *n == name) {
                Some((_, d)) => *d += spent,
                None => t.push((name, spent)),
            }
        });
        out
    }
    #[cfg(not(feature = "stage-timers"))]
    {
        let _ = name;
        f()
    }
}

/// The time spent in each stage on this thread since the last call, in
/// pipeline order, and resets the totals.
#[cfg(feature = "stage-timers")]
pub fn take() -> Vec<(&'static str, Duration)> {
    TOTALS.with(|t| std::mem::take(&mut *t.borrow_mut()))
}

/// CPU time this thread has used.
#[cfg(feature = "stage-timers")]
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant Linux knows.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
