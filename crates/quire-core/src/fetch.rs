//! Fetching a page by its address, with the limits hostile servers need:
//! timeouts, capped redirects, a size cap, and errors a person understands.

use std::io::Read;
use std::time::{Duration, Instant};

use url::Url;

use crate::error::{Error, Result};

/// Pages larger than this are not articles; refusing them bounds memory.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
const MAX_REDIRECTS: usize = 10;
const USER_AGENT: &str =
    concat!("Quire/", env!("CARGO_PKG_VERSION"), " (personal web archive; +https://github.com/quire-app/quire)");

/// A page as read from the web or a file, before extraction.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub bytes: Vec<u8>,
    /// The final address after redirects, or the one the page was saved from.
    pub url: Option<Url>,
    pub content_type: Option<String>,
    pub file_name: Option<String>,
}

/// Parses and checks an address typed or pasted by a person.
pub fn parse_web_url(input: &str) -> Result<Url> {
    let input = input.trim();
    let invalid = |reason: &str| Error::InvalidUrl { url: input.to_string(), reason: reason.to_string() };
    let url = Url::parse(input).map_err(|e| invalid(&e.to_string()))?;
    match url.scheme() {
        "http" | "https" => {}
        other => return Err(invalid(&format!("only http and https addresses can be saved, not {other}:"))),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    Ok(url)
}

/// An HTTP client with Quire's honest User-Agent and the given limits.
pub(crate) fn client(
    timeout: Duration,
    max_redirects: usize,
) -> std::result::Result<reqwest::blocking::Client, String> {
    reqwest::blocking::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(10))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(max_redirects))
        .build()
        .map_err(|e| e.to_string())
}

/// Reads a response body, refusing (rather than truncating) one over `cap`
/// bytes, and giving up at `deadline`. The client's timeout bounds each read,
/// not the whole body, so a server trickling a byte a second would otherwise
/// hold the download for ever.
pub(crate) fn read_capped(
    mut response: reqwest::blocking::Response,
    cap: u64,
    deadline: Instant,
) -> std::result::Result<Vec<u8>, String> {
    let too_large = || format!("larger than {} MB", cap / 1024 / 1024);
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if Instant::now() > deadline {
            return Err("timed out".into());
        }
        let n = match response.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.to_string()),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > cap {
            return Err(too_large());
        }
    }
    Ok(bytes)
}

/// Downloads the page at `url`.
pub fn fetch_page(url: &Url) -> Result<Page> {
    let fail = |reason: String| Error::Fetch { url: url.to_string(), reason };
    let timeout = Duration::from_secs(30);
    let deadline = Instant::now() + timeout;
    let client = client(timeout, MAX_REDIRECTS).map_err(fail)?;
    let response = client.get(url.clone()).send().map_err(|e| fail(describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("the server answered {status}")));
    }
    let final_url = response.url().clone();
    let content_type =
        response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some(ct) = &content_type
        && !is_html_type(ct)
    {
        return Err(Error::NotHtml(format!("{url} is {ct}, not a web page")));
    }
    let bytes = read_capped(response, MAX_PAGE_BYTES, deadline).map_err(|e| fail(format!("the page is {e}")))?;
    Ok(Page { bytes, url: Some(final_url), content_type, file_name: None })
}

fn is_html_type(ct: &str) -> bool {
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime.is_empty()
        || mime == "text/html"
        || mime == "application/xhtml+xml"
        || mime == "text/plain"
        || mime.ends_with("+xml") && mime.contains("html")
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "the server took too long to answer".into();
    }
    if e.is_redirect() {
        return format!("too many redirects (more than {MAX_REDIRECTS})");
    }
    if e.is_connect() {
        let mut source: Option<&dyn std::error::Error> = Some(e);
        while let Some(s) = source {
            let text = s.to_string();
            if text.contains("dns") || text.contains("resolve") || text.contains("lookup") {
                return "the address's host could not be found (DNS)".into();
            }
            source = s.source();
        }
        return "could not connect to the server".into();
    }
    e.to_string()
}
