//! W3C Web Annotation JSON-LD: one `AnnotationCollection` whose first (and
//! only) page holds every annotation. A highlight targets its article with a
//! `TextQuoteSelector` and a `TextPositionSelector` (code points over the
//! article's text, as the model defines them), its colour as the target's
//! `styleClass`, its note as a commenting `TextualBody` (Markdown) and its
//! tags as tagging bodies. A page note is a commenting annotation on the
//! whole article.

use serde_json::{Value, json};

use super::{AnnotatedArticle, address};
use crate::annotation_model::HighlightColor;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The CSS a viewer needs for our `styleClass`es.
fn stylesheet() -> Value {
    let css: Vec<String> =
        HighlightColor::ALL.iter().map(|c| format!(".{} {{ background: {} }}", c.as_str(), css_colour(*c))).collect();
    json!({ "type": "CssStylesheet", "value": css.join(" ") })
}

pub(super) fn css_colour(c: HighlightColor) -> &'static str {
    match c {
        HighlightColor::Yellow => "#fde68a",
        HighlightColor::Green => "#bbf7d0",
        HighlightColor::Blue => "#bfdbfe",
        HighlightColor::Pink => "#fbcfe8",
        HighlightColor::Purple => "#ddd6fe",
    }
}

fn source(a: &AnnotatedArticle) -> Value {
    json!({ "id": address(a), "type": "Text", "format": "text/html", "title": a.summary.title })
}

pub fn write(articles: &[AnnotatedArticle]) -> String {
    let mut items = Vec::new();
    for a in articles {
        for h in &a.highlights {
            let mut body = Vec::new();
            if let Some(note) = &h.note {
                body.push(
                    json!({ "type": "TextualBody", "value": note, "format": "text/markdown", "purpose": "commenting" }),
                );
            }
            for tag in &h.tags {
                body.push(json!({ "type": "TextualBody", "value": tag, "purpose": "tagging" }));
            }
            let mut annotation = json!({
                "id": format!("urn:uuid:{}", h.id),
                "type": "Annotation",
                "motivation": "highlighting",
                "created": h.created_at,
                "modified": h.updated_at,
                "stylesheet": stylesheet(),
                "target": {
                    "source": source(a),
                    "styleClass": h.color.as_str(),
                    "selector": [
                        { "type": "TextQuoteSelector", "exact": h.exact, "prefix": h.prefix, "suffix": h.suffix },
                        { "type": "TextPositionSelector", "start": h.start, "end": h.end }
                    ]
                }
            });
            if !body.is_empty() {
                annotation["body"] = Value::Array(body);
            }
            items.push(annotation);
        }
        for n in &a.notes {
            items.push(json!({
                "id": format!("urn:uuid:{}", n.id),
                "type": "Annotation",
                "motivation": "commenting",
                "created": n.created_at,
                "modified": n.updated_at,
                "body": { "type": "TextualBody", "value": n.body, "format": "text/markdown", "purpose": "commenting" },
                "target": { "source": source(a) }
            }));
        }
    }
    let collection = json!({
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "Quire highlights and notes",
        "total": items.len(),
        "first": { "type": "AnnotationPage", "startIndex": 0, "items": items }
    });
    serde_json::to_string_pretty(&collection).unwrap_or_default()
}
