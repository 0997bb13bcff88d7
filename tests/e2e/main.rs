//! End-to-end tests of the `quire` program: real processes, real SQLite files,
//! real HTTP on loopback.

mod annotations;
mod cli;
mod clip;
mod crash;
mod http;
mod import;
mod search;
mod two_writers;
mod upgrade;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn quire_bin() -> &'static str {
    env!("CARGO_BIN_EXE_quire")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A temporary folder holding a library file path (the file is created on first use).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn library(&self) -> PathBuf {
        self.dir.path().join("library.sqlite")
    }

    /// Runs `quire --library <scratch> ARGS`, with no inherited QUIRE_LIBRARY.
    pub fn quire(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("quire runs")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(quire_bin());
        cmd.arg("--library").arg(self.library()).args(args).env_remove("QUIRE_LIBRARY");
        cmd
    }

    /// Runs quire and insists it succeeds, returning stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.quire(args);
        assert!(out.status.success(), "quire {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Issues an API token for this library with `quire token create`: the
    /// one way tests authenticate to `quire serve` (browser clipping, issue 7).
    pub fn token(&self) -> String {
        self.ok(&["token", "create", "--name", "e2e tests"]).trim().to_string()
    }

    /// Writes a small generated article page and returns its path.
    pub fn page(&self, i: usize, word: &str) -> PathBuf {
        let path = self.dir.path().join(format!("page-{i}.html"));
        std::fs::write(&path, article_html(i, word)).expect("write page");
        path
    }
}

pub fn article_html(i: usize, word: &str) -> String {
    format!(
        "<!doctype html><html><head><title>Article {i} about {word}</title><link rel=canonical href=\"https://example.com/a/{i}\"></head>\
         <body><article><h1>Article {i} about {word}</h1>\
         <p>This is paragraph one of article number {i}. It talks at some length about {word} and other matters of interest to readers.</p>\
         <p>A second paragraph follows, so that the page reads as an article and not as a stub or a list of links, which it is not.</p>\
         <p>And a third paragraph, for good measure, closes article {i} with a few more words about {word}.</p></article></body></html>"
    )
}

/// Parses `list --json` output.
pub fn list_json(s: &Scratch) -> Vec<serde_json::Value> {
    serde_json::from_str(&s.ok(&["list", "--json"])).expect("list --json is one JSON array")
}

// Imports (issue 8)
/// Sends raw request `head` lines (without Host) and `body` to `quire serve`
/// on `port`, returning the status: for uploads the JSON helper cannot make.
pub fn raw_request(port: u16, head: &str, body: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let req = format!("{head}\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).to_string();
    let status = raw.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}
