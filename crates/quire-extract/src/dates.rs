//! Publication dates in one shape.
//!
//! Pages write dates as ISO 8601 with or without a colon in the offset, as
//! RFC 2822 (feeds), or as prose. Stored dates must sort and compare, so
//! anything that carries a full date, time and offset becomes RFC 3339;
//! anything else is kept as the page wrote it rather than guessed at.

use time::OffsetDateTime;
use time::format_description::well_known::{Iso8601, Rfc2822, Rfc3339};

/// RFC 3339 when `raw` parses with an offset; otherwise `raw` unchanged.
pub fn normalise_date(raw: &str) -> String {
    let raw = raw.trim();
    parse(raw).and_then(|d| d.format(&Rfc3339).ok()).unwrap_or_else(|| raw.to_string())
}

fn parse(raw: &str) -> Option<OffsetDateTime> {
    if let Ok(d) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Some(d);
    }
    if let Ok(d) = OffsetDateTime::parse(raw, &Rfc2822) {
        return Some(d);
    }
    if let Ok(d) = OffsetDateTime::parse(raw, &Iso8601::DEFAULT) {
        return Some(d);
    }
    // "2021-03-23T10:00:00+0900" and "2021-03-23 10:00:00 +09:00": put the
    // separator and offset colon where RFC 3339 wants them and try again.
    let mut fixed = raw.replacen(' ', "T", 1).replace(" +", "+").replace(" -", "-");
    let bytes = fixed.as_bytes();
    if bytes.len() > 5 {
        let tail = &bytes[bytes.len() - 5..];
        if (tail[0] == b'+' || tail[0] == b'-') && tail[1..].iter().all(u8::is_ascii_digit) {
            fixed.insert(fixed.len() - 2, ':');
        }
    }
    if fixed.ends_with("UTC") || fixed.ends_with("GMT") {
        fixed = format!("{}Z", fixed[..fixed.len() - 3].trim_end());
    }
    OffsetDateTime::parse(&fixed, &Rfc3339).ok().or_else(|| OffsetDateTime::parse(&fixed, &Iso8601::DEFAULT).ok())
}

#[cfg(test)]
mod tests {
    use super::normalise_date;

    #[test]
    fn shapes() {
        assert_eq!(normalise_date("2021-03-23T10:00:00+0900"), "2021-03-23T10:00:00+09:00");
        assert_eq!(normalise_date("2021-03-23T01:00:00.000Z"), "2021-03-23T01:00:00Z");
        assert_eq!(normalise_date("Tue, 23 Mar 2021 10:00:00 +0000"), "2021-03-23T10:00:00Z");
        assert_eq!(normalise_date("March 23, 2021"), "March 23, 2021", "prose is kept, not guessed");
        assert_eq!(normalise_date("2021-03-23"), "2021-03-23");
    }
}
