//! Runs extraction over the Readability test pages in a loop, for a profiler:
//! `perf record --call-graph dwarf target/release/examples/profile_pages 3`.
//! Prints the best pass's pages/s by thread CPU time (and stage times with
//! `--features stage-timers`); `QUALITY=1` adds the body F1 and metadata
//! rates the bench prints, `MISMATCH=byline` lists that field's misses.
//!
//! `cargo build --release -p quire-extract --example profile_pages --features stage-timers`

#[path = "../tests/extract/score.rs"]
mod score;

fn cpu() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant Linux knows.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

fn main() {
    let pages = score::load_pages();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let url = url::Url::parse(score::PAGE_URL).ok();
    let ctx = quire_extract::PageContext { url: url.as_ref(), content_type: None };
    if std::env::var_os("QUALITY").is_some() {
        let rows: Vec<score::Row> = pages.iter().map(score::score_quire).collect();
        let (p, r, f, min) = score::mean(&rows);
        let [t, te, by, ex, site, publ] = score::rates(&rows);
        eprintln!(
            "P {p:.4} R {r:.4} F1 {f:.4} min {min:.3} | title {t:.3} title= {te:.3} byline {by:.3} excerpt {ex:.3} site {site:.3} pub {publ:.3}"
        );
        for (page, row) in pages.iter().zip(&rows) {
            if row.f < 0.99 {
                eprintln!("   {:<40} {:.3}", page.name, row.f);
            }
        }
    }
    if let Some(field) = std::env::var_os("MISMATCH") {
        for page in &pages {
            for line in score::quire_mismatches(page) {
                if line.contains(field.to_str().unwrap()) {
                    eprintln!("{:<28} {}", page.name, line.chars().take(160).collect::<String>());
                }
            }
        }
    }
    let mut best = f64::MAX;
    #[cfg(feature = "stage-timers")]
    let _ = quire_extract::take_stage_times();
    for _ in 0..n {
        let t = cpu();
        for p in &pages {
            std::hint::black_box(quire_extract::extract(&p.source, &ctx));
        }
        best = best.min(cpu() - t);
    }
    eprintln!("{:.1} pages/s cpu (best pass)", pages.len() as f64 / best);
    #[cfg(feature = "stage-timers")]
    for (name, d) in quire_extract::take_stage_times() {
        eprintln!("  {name:<12} {:.3}", d.as_secs_f64() * 1e3 / (n * pages.len()) as f64);
    }
}
