//! Printed documents as HTML text. A document that never changes once it is drawn needs
//! none of a UI framework's reactive view code (in the app, a typed view for every kind
//! of row, each with its own code to build, update and remove it), so the office's
//! documents and reports are written as markup and mounted once: a fraction of the code.
//! Markup written in the code goes in with [`Html::raw`]; every value from a record or a
//! setting goes through [`Html::text`], which escapes it (for element content and for
//! double-quoted attribute values alike).

/// A document's markup, written in order.
#[derive(Debug, Default)]
pub struct Html(String);

impl Html {
    pub fn new() -> Self {
        Html(String::with_capacity(4096))
    }

    /// Markup written in the code (tags, classes, fixed text).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text from records or settings, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// A whole number.
    pub fn num(&mut self, n: usize) -> &mut Self {
        self.0.push_str(&n.to_string());
        self
    }

    /// `<tag>text</tag>`, the text escaped (`tag` may carry attributes: `td class="num"`).
    pub fn el(&mut self, tag: &str, text: &str) -> &mut Self {
        let name = tag.split(' ').next().unwrap_or(tag);
        self.raw("<")
            .raw(tag)
            .raw(">")
            .text(text)
            .raw("</")
            .raw(name)
            .raw(">")
    }

    /// The markup so far.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_markup_is_not() {
        let mut h = Html::new();
        h.raw("<td title=\"")
            .text("a\"b")
            .raw("\">")
            .text("<script>&'")
            .raw("</td>");
        assert_eq!(
            h.as_str(),
            "<td title=\"a&quot;b\">&lt;script&gt;&amp;&#39;</td>"
        );
    }

    #[test]
    fn an_element_closes_with_its_name_only() {
        let mut h = Html::new();
        h.el("td class=\"num\"", "Rp 1.000").num(7);
        assert_eq!(h.as_str(), "<td class=\"num\">Rp 1.000</td>7");
    }
}
