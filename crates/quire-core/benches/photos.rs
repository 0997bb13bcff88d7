//! Photo figures: 12-megapixel JPEGs verified, stored and given both derived
//! sizes, per CPU-second (per core) and per second end to end with one
//! preparing thread and one SQLite writer; how much of the library the thumbnails
//! take; and one photo clipped in 100 articles, stored once. Prints figures
//! and writes the derived sizes of the last photo to /tmp for a look by eye.
//!
//! Three kinds of photo, each with where its CPU time goes: 4:2:0 landscape
//! (what most cameras and sites write), 4:4:4 landscape (high-quality
//! exports: three full-size components to entropy-decode) and a 4:2:0
//! portrait stored sideways with EXIF orientation 6 (phones held upright).
//! CPU time is the thread's own (CLOCK_THREAD_CPUTIME_ID), unaffected by
//! other processes sharing the machine.
//! Run with `cargo bench -p quire-core --bench photos`
//! (QUIRE_BENCH_PHOTOS to change the count).

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use quire_core::photos::{self, PhotoSize, Stage};
use quire_core::{Library, Page};

use common::thread_cpu;

/// A 12 MP camera-like JPEG (4000 × 3000, quality 90, chroma sampled as
/// given): smooth gradients and shapes under sensor-like noise, so that it
/// compresses like a photo (a few MB), not like a flat test card.
fn camera_jpeg(sampling: jpeg_encoder::SamplingFactor) -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut seed = 0x9E37_79B9_u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 24) as i32 - 12;
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let sky = fy < 0.45 + 0.05 * (fx * 12.0).sin();
        let sun = (fx - 0.7).powi(2) + (fy - 0.2).powi(2) < 0.004;
        let base = if sun {
            [255.0, 230.0, 160.0]
        } else if sky {
            [90.0 + 100.0 * fy, 140.0 + 80.0 * fy, 230.0 - 40.0 * fy]
        } else {
            let ripple = 20.0 * ((fx * 300.0).sin() * (fy * 90.0).cos());
            [30.0 + ripple, 90.0 + 60.0 * fy + ripple, 120.0 - 50.0 * fy]
        };
        let px = |c: f32| (c as i32 + noise).clamp(0, 255) as u8;
        image::Rgb([px(base[0]), px(base[1]), px(base[2])])
    });
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.set_sampling_factor(sampling);
    encoder.encode(img.as_raw(), w as u16, h as u16, jpeg_encoder::ColorType::Rgb).expect("encodes");
    out
}

/// `jpeg` with an EXIF segment that holds only `orientation`.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0II*\0".to_vec();
    exif.extend(8u32.to_le_bytes());
    exif.extend(1u16.to_le_bytes()); // one entry: Orientation, SHORT, 1
    exif.extend([0x12, 0x01, 3, 0]);
    exif.extend(1u32.to_le_bytes());
    exif.extend(u32::from(orientation).to_le_bytes());
    exif.extend(0u32.to_le_bytes()); // no next IFD
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
}

/// Serves `body` as image/jpeg on every path of a loopback server.
fn serve_photo(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

fn article(base: &str, i: usize) -> Page {
    let body = "<p>A paragraph of real prose about the coast and the sea, long enough to read as an article rather than a stub, with several clauses, commas, and a full stop.</p>".repeat(4);
    let html = format!(
        "<!doctype html><html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>{body}<figure><img src=\"{base}/wire-photo.jpg\" width=\"1600\" height=\"1200\"><figcaption>The same agency photo. Photo: Agency</figcaption></figure>{body}</article></body></html>"
    );
    Page {
        bytes: html.into_bytes(),
        url: Some(format!("{base}/story/{i}").parse().unwrap()),
        content_type: None,
        file_name: None,
    }
}

/// (user, system) CPU time.
fn rusage_split(who: libc::c_int) -> (Duration, Duration) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (tv(usage.ru_utime), tv(usage.ru_stime))
}

fn rusage(who: libc::c_int) -> Duration {
    let (user, system) = rusage_split(who);
    user + system
}

/// System CPU time of the calling thread (page faults, mapping and unmapping memory).
fn thread_system_cpu() -> Duration {
    rusage_split(libc::RUSAGE_THREAD).1
}

/// CPU time (user + system) of the whole process, every thread.
fn process_cpu_time() -> Duration {
    rusage(libc::RUSAGE_SELF)
}

fn count(lib: &Library, sql: &str) -> i64 {
    lib.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

/// Photos of each kind prepared and stored for the per-photo figures.
const PER_CASE: usize = 8;

fn per_photo(d: Duration, k: f64) -> f64 {
    d.as_secs_f64() * 1e3 / k
}

/// Prepares `copies` one after another on this thread, then stores them in a
/// new library, and prints where the CPU time of one photo went.
fn prepare_and_store(name: &str, copies: Vec<Vec<u8>>) {
    let k = copies.len() as f64;
    let mut cpu = Duration::ZERO;
    let mut prepared = Vec::with_capacity(copies.len());
    let mut stages = [(Duration::ZERO, Duration::ZERO); Stage::ALL.len()];
    for bytes in copies {
        let c = thread_cpu();
        let mut lap_start = (c, thread_system_cpu());
        let mut lap = |stage: Stage| {
            let now = (thread_cpu(), thread_system_cpu());
            let total = &mut stages[Stage::ALL.iter().position(|s| *s == stage).unwrap()];
            total.0 += now.0 - lap_start.0;
            total.1 += now.1 - lap_start.1;
            lap_start = now;
        };
        prepared.push(photos::prepare_timed(bytes, &mut lap).expect("a good photo"));
        cpu += thread_cpu() - c;
    }
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("library.sqlite")).unwrap();
    let (c, system) = (thread_cpu(), thread_system_cpu());
    for p in &prepared {
        lib.write(|tx| photos::store(tx, p)).unwrap();
    }
    let (write, write_system) = (thread_cpu() - c, thread_system_cpu() - system);
    let display = prepared[0].sizes.iter().find(|r| r.size == PhotoSize::Display).expect("a display size");
    println!(
        "{name}: prepare {:.1} photos per CPU-second ({:.1} ms), display {}×{}",
        k / cpu.as_secs_f64(),
        per_photo(cpu, k),
        display.width,
        display.height
    );
    let parts: Vec<String> = Stage::ALL
        .iter()
        .zip(stages)
        .filter(|(_, (d, _))| !d.is_zero())
        .map(|(stage, (d, system))| format!("{} {:.1} ({:.1})", stage.as_str(), per_photo(d, k), per_photo(system, k)))
        .chain([format!("SQLite write {:.1} ({:.1})", per_photo(write, k), per_photo(write_system, k))])
        .collect();
    println!("  {}", parts.join(", "));
}

fn main() {
    let n: usize = std::env::var("QUIRE_BENCH_PHOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let started = Instant::now();
    let photo = camera_jpeg(jpeg_encoder::SamplingFactor::R_4_2_0);
    let photo_444 = camera_jpeg(jpeg_encoder::SamplingFactor::R_4_4_4);
    println!(
        "12 MP test JPEGs: 4:2:0 {:.1} MB, 4:4:4 {:.1} MB, made in {:.2?} (not counted)",
        photo.len() as f64 / 1e6,
        photo_444.len() as f64 / 1e6,
        started.elapsed()
    );

    let c = thread_cpu();
    for _ in 0..3 {
        std::hint::black_box(image::load_from_memory(&photo).unwrap());
    }
    println!(
        "for scale: a full 12 MP decode (zune-jpeg via image) of the 4:2:0 JPEG: {:.1} ms CPU",
        per_photo(thread_cpu() - c, 3.0)
    );

    // Each copy differs by trailing bytes after the JPEG's end marker, so each
    // is a distinct photo to the store (decoders ignore what follows EOI).
    let copies_of = |photo: &[u8], n: usize| -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| {
                let mut b = photo.to_vec();
                b.extend((i as u64).to_le_bytes());
                b
            })
            .collect()
    };
    let portrait = with_orientation(&photo, 6);
    let cases = [("4:2:0 landscape", &photo), ("4:4:4 landscape", &photo_444), ("4:2:0 portrait (EXIF 6)", &portrait)];
    println!("per photo, ms of CPU (mean of {PER_CASE}; kernel share in brackets):");
    for (name, bytes) in cases {
        prepare_and_store(name, copies_of(bytes, PER_CASE));
    }
    let copies = copies_of(&photo, n);

    // End to end with one preparing thread and one writer (as `add` does):
    // the write is I/O and overlaps the next photo's decoding.
    let dir2 = tempfile::tempdir().unwrap();
    let lib2 = Library::open(dir2.path().join("library.sqlite")).unwrap();
    let started = Instant::now();
    let process_cpu = process_cpu_time();
    let (tx, rx) = std::sync::mpsc::sync_channel::<photos::Prepared>(1);
    let worker = std::thread::spawn(move || {
        let c = thread_cpu();
        for bytes in copies {
            tx.send(photos::prepare(bytes).expect("a good photo")).unwrap();
        }
        thread_cpu() - c
    });
    for p in rx {
        lib2.write(|t| photos::store(t, &p)).unwrap();
    }
    let worker_cpu = worker.join().unwrap();
    let elapsed = started.elapsed();
    let all_cpu = process_cpu_time() - process_cpu;
    println!(
        "stored {n} distinct 12 MP photos with display and thumbnail, one preparing thread + one writer: \
         {:.1} photos/s wall ({:.1} ms each); {:.1} photos per CPU-second of the process \
         ({:.1} ms CPU each, of which preparing {:.1} ms)",
        n as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e3 / n as f64,
        n as f64 / all_cpu.as_secs_f64(),
        all_cpu.as_secs_f64() * 1e3 / n as f64,
        worker_cpu.as_secs_f64() * 1e3 / n as f64,
    );
    let lib = lib2;

    let originals = count(&lib, "SELECT sum(byte_size) FROM photos");
    let display = count(&lib, "SELECT sum(byte_size) FROM photo_sizes WHERE size = 'display'");
    let thumbs = count(&lib, "SELECT sum(byte_size) FROM photo_sizes WHERE size = 'thumb'");
    let file = count(&lib, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
    let per = |b: i64| b as f64 / n as f64 / 1024.0;
    println!(
        "per photo: original {:.0} KB, display {:.0} KB, thumbnail {:.1} KB; thumbnails are {:.2}% of photo bytes, {:.2}% of the library file ({:.1} MB)",
        per(originals),
        per(display),
        per(thumbs),
        100.0 * thumbs as f64 / (originals + display + thumbs) as f64,
        100.0 * thumbs as f64 / file as f64,
        file as f64 / 1e6
    );

    let hash = blake3::hash(&{
        let mut b = photo.to_vec();
        b.extend(((n - 1) as u64).to_le_bytes());
        b
    })
    .to_hex()
    .to_string();
    for (size, path) in
        [(PhotoSize::Display, "/tmp/quire-bench-display.jpg"), (PhotoSize::Thumb, "/tmp/quire-bench-thumb.jpg")]
    {
        let p = lib.photo_sized(&hash, size).unwrap().unwrap();
        std::fs::write(path, &p.bytes).unwrap();
    }
    println!("wrote /tmp/quire-bench-display.jpg and /tmp/quire-bench-thumb.jpg");

    // The same photo as a camera held upright writes it: stored sideways with
    // EXIF orientation 6 (turn a quarter clockwise to view): its derived sizes
    // must come out portrait, with the stored top (the sky) on the right.
    let rotated = photos::prepare(portrait).expect("a good photo");
    for r in &rotated.sizes {
        std::fs::write(format!("/tmp/quire-bench-rotated-{}.jpg", r.size.as_str()), &r.bytes).unwrap();
    }
    let dims: Vec<String> =
        rotated.sizes.iter().map(|r| format!("{} {}×{}", r.size.as_str(), r.width, r.height)).collect();
    println!("EXIF-rotated copy: {}; wrote /tmp/quire-bench-rotated-display.jpg and -thumb.jpg", dims.join(", "));

    // One agency photo clipped in 100 articles.
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("library.sqlite")).unwrap();
    let base = serve_photo(photo.clone());
    let started = Instant::now();
    for i in 0..100 {
        lib.add_page_with_photos(&article(&base, i)).unwrap();
    }
    let elapsed = started.elapsed();
    let rows = count(&lib, "SELECT count(*) FROM photos");
    let links = count(&lib, "SELECT count(*) FROM article_photos WHERE status = 'stored'");
    let bytes =
        count(&lib, "SELECT sum(byte_size) FROM photos") + count(&lib, "SELECT sum(byte_size) FROM photo_sizes");
    assert_eq!(rows, 1, "one photo in 100 articles is stored once");
    println!(
        "one 12 MP photo clipped in 100 articles: {links} links, {rows} photo stored ({:.1} MB with its sizes), 100 saves in {:.2?}",
        bytes as f64 / 1e6,
        elapsed
    );
}
