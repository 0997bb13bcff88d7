//! The app and the CLI writing the same library at once never see "database is locked".

use std::process::Stdio;

use crate::{Scratch, list_json};

#[test]
fn two_processes_adding_at_once_both_succeed() {
    let s = Scratch::new();
    s.ok(&["list"]); // create the library first, as the app would have
    let batch = |from: usize| -> Vec<String> {
        (from..from + 40).map(|i| s.page(i, "petrels").display().to_string()).collect()
    };
    let (a, b) = (batch(0), batch(100));
    let spawn = |pages: &[String]| {
        let mut args = vec!["add"];
        args.extend(pages.iter().map(String::as_str));
        s.command(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
    };
    let (first, second) = (spawn(&a), spawn(&b));
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("locked"), "{err}");
    }
    assert_eq!(list_json(&s).len(), 80);
}

#[test]
fn the_server_and_the_cli_write_at_once() {
    let s = Scratch::new();
    let server = crate::http::Server::start(&s);
    let pages: Vec<String> = (0..30).map(|i| s.page(i, "shearwaters").display().to_string()).collect();
    let mut args = vec!["add"];
    args.extend(pages.iter().map(String::as_str));
    let cli = s.command(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    for i in 100..130 {
        let body = serde_json::json!({ "html": crate::article_html(i, "shearwaters"), "url": format!("https://example.com/a/{i}") });
        let (status, text) = server.request("POST", "/api/articles", Some(&body.to_string()), &[]);
        assert_eq!(status, 201, "{text}");
    }
    let out = cli.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(list_json(&s).len(), 60);
}
