//! Renderings of a stored article for people and other tools: Markdown and text.

use crate::model::ArticleDetail;

/// The article as Markdown: title, standfirst, byline and source, then the body.
pub fn markdown(a: &ArticleDetail) -> String {
    let s = &a.summary;
    let mut out = format!("# {}\n\n", s.title.trim());
    if let Some(standfirst) = a.standfirst.as_deref().filter(|t| !t.is_empty()) {
        out += &format!("_{}_\n\n", standfirst.trim());
    }
    let mut meta = Vec::new();
    if !s.bylines.is_empty() {
        meta.push(format!("By {}", s.bylines.join(", ")));
    }
    if let Some(site) = &s.site_name {
        meta.push(site.clone());
    }
    if let Some(date) = &s.published {
        meta.push(date.clone());
    }
    if !s.url.is_empty() {
        meta.push(format!("<{}>", s.url));
    }
    if !meta.is_empty() {
        out += &meta.join(" · ");
        out += "\n\n";
    }
    out += htmd::convert(&a.content_html).unwrap_or_default().trim();
    out.push('\n');
    out
}
