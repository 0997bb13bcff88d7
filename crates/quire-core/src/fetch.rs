//! Fetching a page by its address, with the limits hostile servers need:
//! timeouts, capped redirects, a size cap, and errors a person understands.

use std::io::Read;
use std::time::{Duration, Instant};

use url::Url;

use crate::error::{Error, Result};
pub use crate::fetch_error::FetchError;

/// Pages larger than this are not articles; refusing them bounds memory.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
const MAX_REDIRECTS: usize = 10;
const USER_AGENT: &str = concat!(
    "Quire/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/quire-app/quire; archive of articles a person chose to keep)"
);
/// How long a whole page download may take.
const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

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

/// Downloads the page at `url`. Failures a person can act on are
/// [`Error::Page`] with a [`FetchError`] (DNS, HTTP status, timeout, not
/// HTML, too large, TLS, redirects); anything else is [`Error::Fetch`].
pub fn fetch_page(url: &Url) -> Result<Page> {
    fetch_page_within(url, PAGE_TIMEOUT)
}

/// [`fetch_page`] with the whole download bounded by `timeout`.
pub fn fetch_page_within(url: &Url, timeout: Duration) -> Result<Page> {
    let page_error = |kind: FetchError| Error::Page { url: url.to_string(), kind };
    let deadline = Instant::now() + timeout;
    let client = client(timeout, MAX_REDIRECTS).map_err(|reason| Error::Fetch { url: url.to_string(), reason })?;
    let response = client.get(url.clone()).send().map_err(|e| classify(url, &e, timeout))?;
    let status = response.status();
    if !status.is_success() {
        return Err(page_error(FetchError::HttpStatus { status: status.as_u16() }));
    }
    let final_url = response.url().clone();
    let content_type =
        response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Some(ct) = &content_type
        && !is_html_type(ct)
    {
        return Err(page_error(FetchError::NotHtml { content_type: ct.clone() }));
    }
    let bytes = read_capped(response, MAX_PAGE_BYTES, deadline).map_err(|e| {
        if e.contains("timed out") {
            page_error(FetchError::Timeout { seconds: timeout.as_secs().max(1) })
        } else if e.starts_with("larger than") {
            page_error(FetchError::TooLarge { megabytes: MAX_PAGE_BYTES / 1024 / 1024 })
        } else {
            Error::Fetch { url: url.to_string(), reason: format!("the download broke off: {e}") }
        }
    })?;
    Ok(Page { bytes, url: Some(final_url), content_type, file_name: None })
}

/// Sorts a transport failure into the [`FetchError`] a person understands.
fn classify(url: &Url, e: &reqwest::Error, timeout: Duration) -> Error {
    let page_error = |kind: FetchError| Error::Page { url: url.to_string(), kind };
    if e.is_timeout() {
        return page_error(FetchError::Timeout { seconds: timeout.as_secs().max(1) });
    }
    if e.is_redirect() {
        return page_error(FetchError::Redirects { max: MAX_REDIRECTS });
    }
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        let text = s.to_string().to_ascii_lowercase();
        if text.contains("dns")
            || text.contains("lookup")
            || text.contains("resolve")
            || text.contains("name or service")
        {
            return page_error(FetchError::Dns { host: url.host_str().unwrap_or_default().to_string() });
        }
        // rustls's errors, as they read through hyper (it has no typed way out).
        let tls_words = ["certificate", "tls", "handshake", "corrupt message", "peer ", "alert received"];
        if url.scheme() == "https" && tls_words.iter().any(|w| text.contains(w)) {
            return page_error(FetchError::Tls { reason: s.to_string() });
        }
        source = s.source();
    }
    Error::Fetch { url: url.to_string(), reason: describe(e) }
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
