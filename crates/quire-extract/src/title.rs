//! Headlines without the site's name glued on.
//!
//! `<title>` and often `og:title` read "Headline | Site name"; archived under
//! that, every article from one site sorts and searches alike. The suffix (or
//! prefix) is removed only when it is recognisably the site's name, so a
//! headline that merely contains a dash keeps it.

const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", " ‹ ", " > "];

/// Removes a leading or trailing segment naming the site.
pub fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    let title = title.trim();
    let Some(site) = site_name.map(normalise).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    if normalise(title) == site {
        // A title that is only the site's name has nothing else to keep.
        return title.to_string();
    }
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && names_site(tail, &site)
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && names_site(head, &site)
            && !tail.trim().is_empty()
        {
            return tail.trim().to_string();
        }
    }
    title.to_string()
}

/// Removes what follows the page's own headline in a `<title>` when the site
/// is not named anywhere to recognise it by ("Headline_Tech_Tencent"): a
/// `<title>` that is the `<h1>` plus a short separated tail is the `<h1>`.
pub fn strip_trail_after_headline(title: &str, headline: &str) -> String {
    let title = title.trim();
    let headline = headline.trim();
    let Some(rest) = title.strip_prefix(headline).filter(|_| !headline.is_empty()) else {
        return title.to_string();
    };
    let rest = rest.trim_start();
    let separated = rest.starts_with(['|', '-', '–', '—', '_', ':', '·', '•', '»', '/', '‹']);
    if separated && rest.chars().count() <= headline.chars().count() { headline.to_string() } else { title.to_string() }
}

fn names_site(segment: &str, site: &str) -> bool {
    let segment = normalise(segment);
    // "BBC" names "BBC News"; a longer segment that merely contains the site's
    // name ("Trip @ Steven's home") is part of the headline.
    !segment.is_empty() && (segment == site || (segment.chars().count() >= 3 && site.contains(&segment)))
}

fn normalise(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::{strip_site_suffix, strip_trail_after_headline};

    #[test]
    fn strips_a_tail_after_the_headline() {
        assert_eq!(
            strip_trail_after_headline("Headline words here_Tech_Site", "Headline words here"),
            "Headline words here"
        );
        assert_eq!(
            strip_trail_after_headline("Review: Foo - a great phone", "Review: Foo"),
            "Review: Foo - a great phone",
            "a long tail is part of the title"
        );
        assert_eq!(strip_trail_after_headline("Headline", "Headline"), "Headline");
        assert_eq!(strip_trail_after_headline("Headline 2", "Headline"), "Headline 2", "no separator, no cut");
    }

    #[test]
    fn strips_only_the_site() {
        assert_eq!(
            strip_site_suffix("China ropes in Russia | Nikkei Asia", Some("Nikkei Asia")),
            "China ropes in Russia"
        );
        assert_eq!(strip_site_suffix("BBC News - Some story", Some("BBC News")), "Some story");
        assert_eq!(
            strip_site_suffix("Left - right politics", Some("Nikkei Asia")),
            "Left - right politics",
            "a dash alone is not a suffix"
        );
        assert_eq!(
            strip_site_suffix("Yahoo News - Latest News", Some("Yahoo News - Latest News")),
            "Yahoo News - Latest News",
            "a title that is the site name stays"
        );
        assert_eq!(
            strip_site_suffix("Trip (2) @ Steven :: PIXNET ::", Some("Steven")),
            "Trip (2) @ Steven :: PIXNET ::"
        );
    }
}
