//! Search at scale: a generated 100,000-article library (see
//! `search/generate.rs`), then p50 and p95 of representative queries, the
//! library list's first page, opening an article, and the size on disk.
//! Goals (issue 8): every search under 20 ms at p95, a list page under 1 ms.
//!
//! ```text
//! cargo bench -p quire-core --bench search
//! QUIRE_BENCH_ARTICLES=20000 cargo bench -p quire-core --bench search
//! ```
//!
//! The library is generated once into `target/quire-bench/` (or
//! `$QUIRE_BENCH_CACHE`) and reused while the generator stays the same (the
//! file name says which generator and schema). When the schema changes, the
//! newest library of an earlier schema is copied and migrated (timed, since a
//! migration that rebuilds an index runs on every user's library), rather than
//! generated again; the earlier file is kept for the next schema change.
//!
//! Times are wall time and CPU time of the calling thread
//! (`CLOCK_THREAD_CPUTIME_ID`): the machine is shared, so wall time is noisy
//! and CPU time is the figure to compare.

mod common;
#[path = "search/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quire_core::schema::CURRENT_VERSION;
use quire_core::{Library, ListQuery, SearchQuery};

use common::thread_cpu;

/// Bump when the generator changes, so a stale library is not reused.
const GENERATOR: u32 = 1;

/// The queries measured: each kind of term and filter, alone and combined.
const QUERIES: &[(&str, &str)] = &[
    ("rare word", "vanlinpol"),
    ("common word", "glacier"),
    ("word in most articles", "people"),
    ("two common words", "people government"),
    ("phrase", "\"interest rates\""),
    ("busy prefix", "inter*"),
    ("exclusion", "climate -change"),
    ("tag", "tag:science"),
    ("tag with a space", "tag:\"long read\""),
    ("site", "site:theatlantic.com"),
    ("author", "author:\"Elena Rossi\""),
    ("is:", "is:favorite"),
    ("has:highlights", "has:highlights"),
    ("before/after", "after:2019-03 before:2019-06"),
    ("combination", "climate -tag:politics is:unread after:2020 has:highlights"),
    ("common word + filter", "people is:favourite"),
    ("prefix + filter", "inter* site:bbc.co.uk"),
    ("short prefix", "in*"),
    ("one-letter prefix", "i*"),
    ("long prefix", "intern*"),
    ("longer prefix", "interna*"),
    ("longest prefix", "internationa*"),
    ("prefix + exclusion", "inter* -interest"),
    ("CJK 2 characters", "経済"),
    ("CJK 4 characters", "日本経済"),
    ("Korean 2 characters", "서울"),
    ("diacritics", "cafe"),
    ("malformed", "\"unclosed (( -* tag: NEAR( AND OR ^title:x {a b}"),
];

fn percentile(mut v: Vec<Duration>, p: usize) -> Duration {
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

/// p50 and p95 of wall time and of CPU time.
struct Times {
    wall: (Duration, Duration),
    cpu: (Duration, Duration),
}

impl Times {
    /// The table cells: wall p50, wall p95, CPU p50, CPU p95.
    fn cells(&self) -> String {
        format!("{} | {} | {} | {}", ms(self.wall.0), ms(self.wall.1), ms(self.cpu.0), ms(self.cpu.1))
    }
}

fn time(runs: usize, mut f: impl FnMut()) -> Times {
    f(); // warm the statement cache
    let (wall, cpu): (Vec<Duration>, Vec<Duration>) = (0..runs)
        .map(|_| {
            let (t, c) = (Instant::now(), thread_cpu());
            f();
            (t.elapsed(), thread_cpu() - c)
        })
        .unzip();
    Times {
        wall: (percentile(wall.clone(), 50), percentile(wall, 95)),
        cpu: (percentile(cpu.clone(), 50), percentile(cpu, 95)),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn library_name(n: usize, schema: u32) -> String {
    format!("search-{n}-schema{schema}-gen{GENERATOR}.sqlite")
}

fn remove_with_wal(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The bench library at the current schema: reused, migrated from the newest
/// earlier schema's copy, or generated.
fn bench_library(dir: &Path, n: usize) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let path = dir.join(library_name(n, CURRENT_VERSION));
    if path.exists() {
        return Ok(path);
    }
    let partial = path.with_extension("partial");
    remove_with_wal(&partial);
    if let Some(old) = (1..CURRENT_VERSION).rev().map(|v| dir.join(library_name(n, v))).find(|p| p.exists()) {
        std::fs::copy(&old, &partial)?;
        let size = std::fs::metadata(&partial)?.len();
        let (t, c) = (Instant::now(), thread_cpu());
        let lib = Library::open(&partial)?;
        let (wall, cpu) = (t.elapsed(), thread_cpu() - c);
        lib.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))?;
        drop(lib);
        std::fs::rename(&partial, &path)?;
        println!(
            "migrated {} to schema {CURRENT_VERSION} in {:.1} s ({:.1} s CPU); size {:.0} → {:.0} MB",
            old.display(),
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            size as f64 / 1e6,
            std::fs::metadata(&path)?.len() as f64 / 1e6
        );
        return Ok(path);
    }
    let t = Instant::now();
    let lib = Library::open(&partial)?;
    generate::fill(&lib, n)?;
    lib.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))?;
    drop(lib);
    std::fs::rename(&partial, &path)?;
    println!("generated {n} articles in {:.1} s", t.elapsed().as_secs_f64());
    Ok(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::var("QUIRE_BENCH_ARTICLES").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = std::env::var_os("QUIRE_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/quire-bench"));
    std::fs::create_dir_all(&dir)?;
    let path = bench_library(&dir, n)?;
    let size = std::fs::metadata(&path)?.len();
    println!("library: {} ({n} articles)", path.display());
    println!("size on disk: {:.0} MB ({:.1} KB per article)", size as f64 / 1e6, size as f64 / 1e3 / n as f64);

    let t = Instant::now();
    let lib = Library::open(&path)?;
    println!("open: {}", ms(t.elapsed()));
    let text_bytes: i64 = lib.read(|c| Ok(c.query_row("SELECT sum(length(text)) FROM articles", [], |r| r.get(0))?))?;
    println!("article text: {:.0} MB", text_bytes as f64 / 1e6);

    let first_page = ListQuery { limit: Some(50), ..Default::default() };
    let list = time(200, || {
        lib.list(&first_page).unwrap();
    });
    println!("\n| what | p50 | p95 | CPU p50 | CPU p95 |\n|---|---|---|---|---|");
    println!("| library list, first page of 50 | {} |", list.cells());
    let ids: Vec<String> =
        lib.list(&ListQuery { limit: Some(200), ..Default::default() })?.into_iter().map(|a| a.id).collect();
    let mut k = 0;
    let open = time(200, || {
        k = (k + 37) % ids.len();
        lib.article(&ids[k]).unwrap();
    });
    println!("| open an article | {} |", open.cells());

    println!(
        "\n| query | text | hits (first page of 20) | p50 | p95 | CPU p50 | CPU p95 |\n|---|---|---|---|---|---|---|"
    );
    for (name, q) in QUERIES {
        let query = SearchQuery { q: q.to_string(), limit: Some(20), offset: None };
        let hits = lib.search(&query)?.len();
        let times = time(40, || {
            lib.search(&query).unwrap();
        });
        println!("| {name} | `{}` | {hits} | {} |", q.replace('|', "\\|"), times.cells());
    }
    Ok(())
}
