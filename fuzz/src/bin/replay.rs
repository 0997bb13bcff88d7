//! The extract target without libFuzzer, on stable Rust: replays every file
//! in the corpus directories, then (with `--mutate SECONDS`) keeps mutating
//! corpus inputs at random (byte flips, tag insertions, cuts, duplications,
//! splices) for that long. No coverage guidance, so it is a smoke fuzzer;
//! `cargo +nightly fuzz run extract` is the real one. A failing input is
//! written to `artifacts/extract/` and the run exits 1.
//!
//! `cargo run --release --bin replay -- [--mutate SECONDS] [--seed N] [DIR...]`
//! (default DIR: `corpus/extract`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quire_extract_fuzz::check::check;

/// An input using more CPU time than this is reported as a hang.
const SLOW: Duration = Duration::from_secs(2);

/// Markup fragments the mutator inserts: the structures extraction treats specially.
const DICTIONARY: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<article>",
    "<figure>",
    "<figcaption>",
    "<img src=x width=1 height=1>",
    "<img data-src=/a.jpg srcset='b.jpg 2x, c.jpg 300w'>",
    "<script>",
    "</script>",
    "<script type=application/ld+json>",
    "{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"author\":[{\"name\":\"A\"}]}",
    "<svg><title>t</title></svg>",
    "<noscript>",
    "<meta property=og:title content=T>",
    "<meta charset=shift_jis>",
    "<h1>",
    "</h1>",
    "<table><tr><td>",
    "<a href=javascript:alert(1)>",
    "<iframe srcdoc=x>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<time datetime=2020-01-01>",
    "<aside class=share>",
    "{{numberArticlesLeft}}",
    "&amp;",
    "&#x0;",
    "\u{feff}",
    "<base href=//evil>",
    "<style>",
    "</style>",
    "<template>",
    "<math>",
    "<select><option>",
    "<form>",
    "<body dir=rtl lang=ar>",
    "<div style=display:none>",
    "<div hidden>",
    "<p class=byline>By Jane Doe",
    "<nav>",
    "<footer>",
    "\0",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dirs = Vec::new();
    let (mut mutate_for, mut seed) = (Duration::ZERO, 0x9e37_79b9_7f4a_7c15_u64);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mutate" => mutate_for = Duration::from_secs(args.next().and_then(|s| s.parse().ok()).unwrap_or(60)),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    if dirs.is_empty() {
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/extract"));
    }
    let corpus: Vec<Vec<u8>> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display())))
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .collect();
    assert!(!corpus.is_empty(), "the corpus is empty");
    // Panics are caught and reported with their input; silence the default hook's noise.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = 0;
    for input in &corpus {
        failures += run(input);
    }
    println!("replayed {} corpus inputs, {failures} failures", corpus.len());
    let mut rng = Rng(seed | 1);
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < mutate_for {
        let mut input = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut input, &corpus, &mut rng);
        }
        failures += run(&input);
        runs += 1;
    }
    if runs > 0 {
        println!(
            "mutated {runs} inputs in {:.0} s (seed {seed}), failures so far {failures}",
            started.elapsed().as_secs_f64()
        );
    }
    std::process::exit(i32::from(failures > 0));
}

/// Checks one input; 1 if it failed (saved as an artifact), else 0.
fn run(input: &[u8]) -> usize {
    let started = thread_cpu();
    let outcome = std::panic::catch_unwind(|| {
        check(input);
    });
    let spent = thread_cpu().saturating_sub(started);
    let why = match outcome {
        Err(panic) => panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into()),
        Ok(()) if spent > SLOW => format!("took {:.1} s of CPU time", spent.as_secs_f64()),
        Ok(()) => return 0,
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/extract");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("crash-{:016x}", fnv(input)));
    let _ = std::fs::write(&path, input);
    eprintln!("FAILED ({why}): {}", path.display());
    1
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant Linux knows.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn mutate(input: &mut Vec<u8>, corpus: &[Vec<u8>], rng: &mut Rng) {
    let at = rng.below(input.len() + 1);
    match rng.below(6) {
        0 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        1 => {
            let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
            input.splice(at..at, word.iter().copied());
        }
        2 => {
            let end = (at + rng.below(256)).min(input.len());
            input.drain(at..end);
        }
        3 => {
            let end = (at + rng.below(512)).min(input.len());
            let copy = input[at..end].to_vec();
            for _ in 0..1 + rng.below(16) {
                input.splice(at..at, copy.iter().copied());
            }
        }
        4 => {
            let other = &corpus[rng.below(corpus.len())];
            let from = rng.below(other.len() + 1);
            let end = (from + rng.below(4096)).min(other.len());
            input.splice(at..at, other[from..end].iter().copied());
        }
        _ => input.insert(at, rng.next() as u8),
    }
}

/// xorshift64*: reproducible from `--seed`, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}
