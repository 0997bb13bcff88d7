//! Import figures: 10,000 Pocket rows (metadata only, as Pocket's CSV export
//! has it) read, detected and staged into a new library, every row a
//! placeholder queued for fetching; then the same file again (all duplicates).
//! The goal is under 10 s. Prints figures.
//! Run with `cargo bench -p quire-core --bench import` (QUIRE_BENCH_ROWS to change the count).
//! Measured 2026-11-28 (2 shared cores, load 3-6; quire-core, rusqlite and SQLite at opt-level 3):
//! 10,000 rows in 5.9 s, the same again (all duplicates) in 3.1 s.

use std::fmt::Write as _;
use std::time::Instant;

use quire_core::Library;

fn pocket_csv(rows: usize) -> String {
    let words = ["river", "garden", "atlas", "quiet", "engine", "harbour", "lantern", "meadow", "signal", "orbit"];
    let hosts = ["example.com", "news.example.org", "blog.example.net", "longreads.example", "magazine.example"];
    let mut out = String::from("title,url,time_added,tags,status\n");
    for i in 0..rows {
        let w = |k: usize| words[(i * 7 + k * 3) % words.len()];
        let tags = match i % 4 {
            0 => String::new(),
            1 => w(1).to_string(),
            2 => format!("{}|{}", w(2), w(3)),
            _ => format!("{}|{}|reading", w(4), w(5)),
        };
        let status = if i % 3 == 0 { "archive" } else { "unread" };
        let _ = writeln!(
            out,
            "\"The {} of the {} ({i})\",https://{}/{}/{i}-{}-{}?utm_source=pocket,{},{tags},{status}",
            w(0),
            w(1),
            hosts[i % hosts.len()],
            2015 + i % 10,
            w(2),
            w(3),
            1_500_000_000 + i * 3600
        );
    }
    out
}

fn main() {
    let rows: usize = std::env::var("QUIRE_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("part_000000.csv");
    std::fs::write(&file, pocket_csv(rows)).expect("write csv");
    let lib = Library::open(dir.path().join("library.sqlite")).expect("library");

    let started = Instant::now();
    let first = lib.import_file(&file, "part_000000.csv", &mut |_, _| {}).expect("import");
    let first_time = started.elapsed();
    assert_eq!(first.imported as usize, rows);
    assert_eq!(first.queued as usize, rows);

    let started = Instant::now();
    let again = lib.import_file(&file, "part_000000.csv", &mut |_, _| {}).expect("re-import");
    let again_time = started.elapsed();
    assert_eq!(again.duplicates as usize, rows);

    let size = std::fs::metadata(dir.path().join("library.sqlite")).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.path().join("library.sqlite-wal")).map(|m| m.len()).unwrap_or(0);
    println!(
        "import: {rows} Pocket rows (metadata only) staged in {:.2} s ({:.0} rows/s; goal < 10 s)",
        first_time.as_secs_f64(),
        rows as f64 / first_time.as_secs_f64()
    );
    println!("import: the same {rows} rows again (all duplicates) in {:.2} s", again_time.as_secs_f64());
    println!("import: library with {rows} placeholders: {:.1} MB on disk", size as f64 / 1024.0 / 1024.0);
}
