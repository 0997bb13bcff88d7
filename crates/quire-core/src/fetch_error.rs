//! Why fetching a page by its address failed, in words a person can act on,
//! each with a stable code the front ends switch on (issue 7).

/// A failure to fetch an article by URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("couldn't find the site {host}")]
    Dns { host: String },
    #[error("{}", describe_status(*.status))]
    HttpStatus { status: u16 },
    #[error("the site took longer than {seconds} s to answer")]
    Timeout { seconds: u64 },
    #[error("the address is {content_type}, not a web page")]
    NotHtml { content_type: String },
    #[error("looks like a paywall: the page promises ~{promised} words but shows {shown}")]
    Paywall { promised: u32, shown: u32 },
    #[error("looks like a paywall: the page is marked for subscribers and shows only {shown} words")]
    PaywallMarked { shown: u32 },
    #[error("the page is larger than {megabytes} MB")]
    TooLarge { megabytes: u64 },
    #[error("the site's secure connection could not be checked ({reason})")]
    Tls { reason: String },
    #[error("the site redirected more than {max} times")]
    Redirects { max: usize },
}

fn describe_status(status: u16) -> String {
    match status {
        404 | 410 => format!("the page was not found ({status})"),
        401 | 403 => format!("the site refused access to the page ({status})"),
        429 => format!("the site is refusing requests for now; try again later ({status})"),
        500..=599 => format!("the site had an error ({status})"),
        _ => format!("the site answered {status}"),
    }
}

impl FetchError {
    /// The stable code: `dns`, `http_status`, `timeout`, `not_html`, `paywall`,
    /// `too_large`, `tls` or `redirects`.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::Dns { .. } => "dns",
            FetchError::HttpStatus { .. } => "http_status",
            FetchError::Timeout { .. } => "timeout",
            FetchError::NotHtml { .. } => "not_html",
            FetchError::Paywall { .. } | FetchError::PaywallMarked { .. } => "paywall",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Tls { .. } => "tls",
            FetchError::Redirects { .. } => "redirects",
        }
    }
}

/// Words a page says it has, and whether it says it is for subscribers, from
/// its JSON-LD (`wordCount`, `isAccessibleForFree`) and common paywall markers.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PaywallSigns {
    pub promised_words: Option<u32>,
    pub marked: bool,
}

/// Reads the paywall signs of a page from its raw bytes.
pub fn paywall_signs(html: &[u8]) -> PaywallSigns {
    let text = String::from_utf8_lossy(html);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let marked =
        ["\"isaccessibleforfree\":false", "\"isaccessibleforfree\":\"false\""].iter().any(|m| compact.contains(m))
            || ["class=\"paywall", "class=\"subscriber-only", "data-paywall", "id=\"paywall", "class=\"regwall"]
                .iter()
                .any(|m| compact.contains(m));
    let promised_words = compact.find("\"wordcount\":").and_then(|at| {
        let digits: String = compact[at + "\"wordcount\":".len()..]
            .trim_start_matches('"')
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    });
    PaywallSigns { promised_words, marked }
}

/// Refuses a page whose article is far shorter than the page promises, or
/// marked for subscribers and nearly empty: storing the teaser would look
/// like success and lose the article.
pub fn check_paywall(html: &[u8], shown_words: u32) -> Result<(), FetchError> {
    let signs = paywall_signs(html);
    if let Some(promised) = signs.promised_words
        && promised >= 200
        && shown_words * 3 < promised
    {
        return Err(FetchError::Paywall { promised, shown: shown_words });
    }
    if signs.marked && shown_words < 150 {
        return Err(FetchError::PaywallMarked { shown: shown_words });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_promises_and_markers_are_read() {
        let page = br#"<script type="application/ld+json">{"@type":"NewsArticle", "wordCount": "1200", "isAccessibleForFree": false}</script>"#;
        assert_eq!(paywall_signs(page), PaywallSigns { promised_words: Some(1200), marked: true });
        assert_eq!(paywall_signs(b"<p>free</p>"), PaywallSigns::default());
        assert!(check_paywall(page, 1100).is_ok(), "the whole article is there");
        assert_eq!(check_paywall(page, 90), Err(FetchError::Paywall { promised: 1200, shown: 90 }));
        assert_eq!(check_paywall(br#"<div class="paywall">Subscribe</div>"#, 40).unwrap_err().code(), "paywall");
    }
}
