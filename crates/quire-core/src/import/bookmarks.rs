//! The Netscape bookmarks file every browser (and Pinboard, and Raindrop)
//! exports: `<DT><A HREF=… ADD_DATE=… TAGS=…>`. The folders a link is in
//! become tags; Pinboard's `TOREAD="1"` keeps it unread, the rest too (a
//! bookmark is not a read article). No content: every item is fetched.

use dom_query::{Document, Selection};

use super::{Format, ImportItem, ParsedFile, split_tags, unix_time};

pub fn parse(text: &str) -> ParsedFile {
    let mut out = ParsedFile::new(Format::NetscapeBookmarks);
    let doc = Document::from(text);
    for (i, node) in doc.select("a").nodes().iter().enumerate() {
        let a = Selection::from(*node);
        let row = i as u64 + 1;
        let Some(href) = a.attr("href") else {
            out.reject(row, "a bookmark with no address");
            continue;
        };
        if href.starts_with("place:") || href.starts_with("javascript:") {
            continue;
        }
        let mut tags = a.attr("tags").map(|t| split_tags(&t, ',')).unwrap_or_default();
        tags.extend(folders(&a));
        out.push(ImportItem {
            row,
            url: href.to_string(),
            title: Some(a.text().to_string()),
            tags,
            saved_at: a.attr("add_date").and_then(|t| unix_time(&t)),
            ..Default::default()
        });
    }
    out
}

/// The names of the folders (`<DT><H3>name</H3><DL>…`) around a link, outermost
/// first, leaving out the browsers' own top-level folders.
fn folders(a: &Selection<'_>) -> Vec<String> {
    let mut names = Vec::new();
    let mut node = a.parent();
    while node.exists() {
        if node.is("dl") {
            let heading = node.prev_sibling();
            let heading = if heading.is("h3") { heading } else { heading.select("h3").first() };
            let name = heading.text().trim().to_string();
            let builtin = ["bookmarks bar", "bookmarks toolbar", "bookmarks menu", "other bookmarks", "bookmarks"];
            if !name.is_empty() && !builtin.contains(&name.to_lowercase().as_str()) {
                names.push(name);
            }
        }
        node = node.parent();
    }
    names.reverse();
    names
}
