//! The article text of a page: readability (dom_smoothie) over the parsed page, the page's visible text when
//! readability finds no article.

use dom_query::Document;

/// The article text by readability; the page's visible text when readability finds no article.
pub(super) fn article_text(doc: Document) -> String {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        // The JSON-LD was read already.
        disable_json_ld: true,
        ..Default::default()
    };
    let fallback_doc = |doc: &Document| {
        doc.select(
            "script, style, noscript, template, nav, footer, header, aside, form, svg, iframe",
        )
        .remove();
        doc.select("body")
            .nodes()
            .first()
            .map(|b| b.formatted_text().to_string())
            .unwrap_or_else(|| doc.formatted_text().to_string())
    };
    let mut readability = match dom_smoothie::Readability::with_document(doc, None, Some(cfg)) {
        Ok(r) => r,
        Err(_) => return String::new(),
    };
    match readability.parse() {
        Ok(article) if !article.text_content.trim().is_empty() => article.text_content.to_string(),
        _ => fallback_doc(&readability.doc),
    }
}
