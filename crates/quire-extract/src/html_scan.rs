//! A small HTML tokenizer for the streaming pre-pass.
//!
//! The pre-pass only needs tags, their attributes and the text between them,
//! as slices of the input: no entity decoding, no tree, no allocation per
//! token. A general rewriter (lol_html) does far more per element (selector
//! matching, handler dispatch, owned attribute copies) and was a sixth of the
//! extraction time; this scanner follows the HTML tokenizer's states closely
//! enough that the tree builder later sees the same tags, and nothing more.
//!
//! Deliberately absent: character references (the tree builder decodes them
//! later, so values pass through raw) and foreign-content CDATA. Raw-text elements (`script`, `style`, `title`,
//! `textarea`, ...) are honoured, as the tree builder honours them; `noscript`
//! is not, so its fallback markup is cleaned like any other.

use memchr::{memchr, memchr2, memmem};

/// HTML's void elements (lower-case names): no content and no end tag. The
/// tree builder never gives them children, so neither the pre-pass's element
/// stack nor the serialiser may wait for their end.
pub fn is_void_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// One piece of the input, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text between tags. May hold a `<` that starts no tag.
    Text(&'a str),
    /// The content of a raw-text element, up to its end tag.
    RawText(&'a str),
    /// A start tag; its attributes are in [`Scanner::attrs`] until the next token.
    StartTag(StartTag<'a>),
    /// An end tag, with its name as written.
    EndTag { name: &'a str, raw: &'a str },
    /// A comment, or what the tokenizer reads as one (`<?..>`, `<![CDATA[..]]>`, `</ ..>`).
    Comment(&'a str),
    /// `<!DOCTYPE ...>` as written.
    Doctype(&'a str),
}

/// A start tag as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartTag<'a> {
    pub name: &'a str,
    /// The whole tag, `<` to `>`.
    pub raw: &'a str,
    pub self_closing: bool,
}

/// An attribute as written: the value is raw (character references undecoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// Elements whose content the HTML tokenizer reads as text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"];
/// Whether a tag name (`first` letter, `len` bytes) may be one of
/// [`RAW_TEXT`] or `plaintext`: most tags are turned away here, without a
/// comparison with each.
const fn may_switch_state(first: u8, len: usize) -> bool {
    len >= 3 && matches!(first | 0x20, b'i' | b'n' | b'p' | b's' | b't' | b'x')
}

const _: () = {
    let mut i = 0;
    while i < RAW_TEXT.len() {
        assert!(may_switch_state(RAW_TEXT[i].as_bytes()[0], RAW_TEXT[i].len()));
        i += 1;
    }
    assert!(may_switch_state(b'p', "plaintext".len()));
};

/// Tokenizes a string, one [`Token`] per call to [`Scanner::next_token`].
pub struct Scanner<'a> {
    input: &'a str,
    at: usize,
    attrs: Vec<Attr<'a>>,
    /// The raw-text element whose content comes next, if any.
    raw_text_of: Option<&'a str>,
    /// Everything after `<plaintext>` is text.
    plaintext: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl<'a> Scanner<'a> {
    pub fn new(input: &'a str) -> Self {
        Scanner { input, at: 0, attrs: Vec::new(), raw_text_of: None, plaintext: false }
    }

    /// The attributes of the last [`Token::StartTag`], in source order
    /// (duplicates included; the first of a name is the one that counts).
    pub fn attrs(&self) -> &[Attr<'a>] {
        &self.attrs
    }

    /// The value of the first attribute called `name` (ASCII case-insensitive) on the last start tag.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name)).map(|a| a.value)
    }

    pub fn next_token(&mut self) -> Option<Token<'a>> {
        let bytes = self.input.as_bytes();
        if self.at >= bytes.len() {
            return None;
        }
        if self.plaintext {
            let text = &self.input[self.at..];
            self.at = bytes.len();
            return Some(Token::RawText(text));
        }
        if let Some(name) = self.raw_text_of.take() {
            let rest = &bytes[self.at..];
            let end = if name == "script" { find_script_end(rest) } else { find_end_tag(rest, name) };
            let end = end.map_or(bytes.len(), |e| self.at + e);
            if end > self.at {
                let text = &self.input[self.at..end];
                self.at = end;
                return Some(Token::RawText(text));
            }
        }
        let start = self.at;
        let mut from = start;
        loop {
            let Some(lt) = memchr(b'<', &bytes[from..]).map(|o| from + o) else {
                self.at = bytes.len();
                return Some(Token::Text(&self.input[start..]));
            };
            if self.markup_starts_at(lt) {
                if lt > start {
                    self.at = lt;
                    return Some(Token::Text(&self.input[start..lt]));
                }
                return self.markup(lt);
            }
            from = lt + 1;
        }
    }

    /// Whether the `<` at `lt` opens a tag, comment or declaration rather than being text.
    fn markup_starts_at(&self, lt: usize) -> bool {
        let bytes = self.input.as_bytes();
        match bytes.get(lt + 1) {
            Some(b) if b.is_ascii_alphabetic() => true,
            Some(b'!' | b'?') => true,
            Some(b'/') => bytes.get(lt + 2).is_some(),
            _ => false,
        }
    }

    /// Reads the markup at `lt` (where [`Self::markup_starts_at`] holds).
    fn markup(&mut self, lt: usize) -> Option<Token<'a>> {
        let bytes = self.input.as_bytes();
        match bytes[lt + 1] {
            b'!' => {
                if bytes[lt + 2..].starts_with(b"--") {
                    let end = comment_end(bytes, lt + 4);
                    self.at = end;
                    return Some(Token::Comment(&self.input[lt..end]));
                }
                let end = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
                self.at = end;
                let body = &bytes[lt + 2..];
                if body.len() >= 7 && body[..7].eq_ignore_ascii_case(b"doctype") {
                    Some(Token::Doctype(&self.input[lt..end]))
                } else {
                    Some(Token::Comment(&self.input[lt..end]))
                }
            }
            b'?' => {
                let end = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
                self.at = end;
                Some(Token::Comment(&self.input[lt..end]))
            }
            b'/' => {
                let next = bytes[lt + 2];
                if next == b'>' {
                    // `</>` is dropped by the tokenizer, without a token. A run
                    // of them is skipped here, not by recursion (millions of
                    // `</>` would overflow the stack).
                    let mut at = lt + 3;
                    while bytes[at..].starts_with(b"</>") {
                        at += 3;
                    }
                    self.at = at;
                    return self.next_token();
                }
                if !next.is_ascii_alphabetic() {
                    let end = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
                    self.at = end;
                    return Some(Token::Comment(&self.input[lt..end]));
                }
                let name_end = name_end(bytes, lt + 2);
                let name = &self.input[lt + 2..name_end];
                self.attrs.clear();
                // End tags may carry attributes; they are read (quotes can hide a `>`) and ignored.
                let Some((end, _)) = self.read_attributes(name_end) else {
                    self.at = bytes.len();
                    return None;
                };
                self.attrs.clear();
                self.at = end;
                Some(Token::EndTag { name, raw: &self.input[lt..end] })
            }
            _ => {
                let name_end = name_end(bytes, lt + 1);
                let name = &self.input[lt + 1..name_end];
                self.attrs.clear();
                let Some((end, self_closing)) = self.read_attributes(name_end) else {
                    // A tag cut off by the end of input is dropped, as the tokenizer drops it.
                    self.at = bytes.len();
                    return None;
                };
                self.at = end;
                if may_switch_state(bytes[lt + 1], name.len()) {
                    if let Some(raw) = RAW_TEXT.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                        self.raw_text_of = Some(raw);
                    } else if name.eq_ignore_ascii_case("plaintext") {
                        self.plaintext = true;
                    }
                }
                Some(Token::StartTag(StartTag { name, raw: &self.input[lt..end], self_closing }))
            }
        }
    }

    /// Reads attributes from `at` to the tag's `>`, into `self.attrs`.
    /// Returns the offset after the `>` and whether the tag was self-closing,
    /// or `None` when the input ends first.
    fn read_attributes(&mut self, mut at: usize) -> Option<(usize, bool)> {
        let bytes = self.input.as_bytes();
        loop {
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            match *bytes.get(at)? {
                b'>' => return Some((at + 1, false)),
                b'/' => {
                    if bytes.get(at + 1) == Some(&b'>') {
                        return Some((at + 2, true));
                    }
                    at += 1;
                    continue;
                }
                _ => {}
            }
            // An attribute name; a leading `=` belongs to it.
            let name_start = at;
            at += 1;
            while at < bytes.len() && !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=')
            {
                at += 1;
            }
            let name = &self.input[name_start..at];
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            if bytes.get(at) != Some(&b'=') {
                self.attrs.push(Attr { name, value: "" });
                continue;
            }
            at += 1;
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            let value = match *bytes.get(at)? {
                quote @ (b'"' | b'\'') => {
                    let close = at + 1 + memchr(quote, &bytes[at + 1..])?;
                    let value = &self.input[at + 1..close];
                    at = close + 1;
                    value
                }
                b'>' => "",
                _ => {
                    let value_start = at;
                    while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                        at += 1;
                    }
                    &self.input[value_start..at]
                }
            };
            self.attrs.push(Attr { name, value });
        }
    }
}

/// The end of a tag name started at `from`: whitespace, `/` or `>`.
fn name_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| is_space(b) || b == b'/' || b == b'>').map_or(bytes.len(), |p| from + p)
}

/// Where a comment whose body starts at `from` ends (after its `-->`,
/// `--!>`, or the `>` of an abrupt `<!-->`/`<!--->`), or the input's end.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    if bytes.get(from) == Some(&b'>') {
        return from + 1;
    }
    if bytes[from.min(bytes.len())..].starts_with(b"->") {
        return from + 2;
    }
    let mut at = from.min(bytes.len());
    while let Some(dash) = memmem::find(&bytes[at..], b"--").map(|o| at + o) {
        let after = &bytes[dash + 2..];
        if after.starts_with(b">") {
            return dash + 3;
        }
        if after.starts_with(b"!>") {
            return dash + 4;
        }
        at = dash + 1;
    }
    bytes.len()
}

/// The offset of `</name` (ASCII case-insensitive, followed by whitespace,
/// `/` or `>`) in `bytes`, which ends a raw-text element.
fn find_end_tag(bytes: &[u8], name: &str) -> Option<usize> {
    let name = name.as_bytes();
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &bytes[at..]).map(|o| at + o) {
        let rest = &bytes[lt + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len() + 1
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
            && matches!(rest[name.len() + 1], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

/// Where a script's content ends: at its `</script>`, except inside the
/// "escaped" sections old pages write (`<!-- document.write("<script>..
/// </script>") -->`), where the tokenizer's script-data states say a
/// `</script>` after a nested `<script>` does not end it.
fn find_script_end(bytes: &[u8]) -> Option<usize> {
    // Nearly every script has no `<!--` before its first `</script>`, which then ends it.
    let first = find_end_tag(bytes, "script");
    if memmem::find(&bytes[..first.unwrap_or(bytes.len())], b"<!--").is_none() {
        return first;
    }
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let tag_at = |at: usize, closing: bool| {
        let name_at = at + 1 + usize::from(closing);
        (!closing || bytes.get(at + 1) == Some(&b'/'))
            && bytes.len() > name_at + 6
            && bytes[name_at..name_at + 6].eq_ignore_ascii_case(b"script")
            && matches!(bytes[name_at + 6], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
    };
    let mut state = State::Data;
    let mut at = 0;
    while let Some(offset) = memchr2(b'<', b'-', &bytes[at..]) {
        let i = at + offset;
        at = i + 1;
        if bytes[i] == b'-' {
            if state != State::Data && bytes[i..].starts_with(b"-->") {
                state = State::Data;
                at = i + 3;
            }
            continue;
        }
        match state {
            State::Data if bytes[i..].starts_with(b"<!--") => {
                state = State::Escaped;
                // `<!-->` closes at once; the dashes are shared.
                at = i + 2;
            }
            State::Data | State::Escaped if tag_at(i, true) => return Some(i),
            State::Escaped if tag_at(i, false) => state = State::DoubleEscaped,
            State::DoubleEscaped if tag_at(i, true) => state = State::Escaped,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(html: &str) -> Vec<String> {
        let mut s = Scanner::new(html);
        let mut out = Vec::new();
        while let Some(t) = s.next_token() {
            out.push(match t {
                Token::Text(t) => format!("text {t}"),
                Token::RawText(t) => format!("raw {t}"),
                Token::StartTag(tag) => {
                    let attrs: Vec<String> = s.attrs().iter().map(|a| format!("{}={}", a.name, a.value)).collect();
                    format!("<{}{}{}>", tag.name, if tag.self_closing { "/" } else { "" }, attrs.join(","))
                }
                Token::EndTag { name, .. } => format!("</{name}>"),
                Token::Comment(c) => format!("comment {c}"),
                Token::Doctype(d) => format!("doctype {d}"),
            });
        }
        out
    }

    #[test]
    fn a_long_run_of_empty_end_tags_is_skipped_without_recursion() {
        let html = format!("a{}b", "</>".repeat(1_000_000));
        assert_eq!(tokens(&html), ["text a", "text b"]);
    }

    #[test]
    fn tags_text_and_attributes() {
        assert_eq!(
            tokens("<!DOCTYPE html><P class=a id='b' data-x=c hidden>Hi<br/></p>"),
            ["doctype <!DOCTYPE html>", "<Pclass=a,id=b,data-x=c,hidden=>", "text Hi", "<br/>", "</p>"]
        );
        assert_eq!(
            tokens("<a title='x>y' href=\"/z\">t</a>"),
            ["<atitle=x>y,href=/z>", "text t", "</a>"],
            "quotes hide `>`"
        );
        assert_eq!(
            tokens("<img src = x.jpg alt=>"),
            ["<imgsrc=x.jpg,alt=>"],
            "spaces around `=`, empty unquoted value"
        );
    }

    #[test]
    fn bare_angle_brackets_are_text() {
        assert_eq!(tokens("a < b <3 <> c"), ["text a < b <3 <> c"]);
        assert_eq!(tokens("x <"), ["text x <"]);
        assert_eq!(tokens("x </"), ["text x </"]);
        assert_eq!(tokens("a</>b"), ["text a", "text b"], "`</>` vanishes");
    }

    #[test]
    fn comments_and_bogus_comments() {
        assert_eq!(tokens("a<!-- x -- y -->b"), ["text a", "comment <!-- x -- y -->", "text b"]);
        assert_eq!(tokens("<!-->a<!--->b"), ["comment <!-->", "text a", "comment <!--->", "text b"]);
        assert_eq!(tokens("<?php x ?>a</ b>c"), ["comment <?php x ?>", "text a", "comment </ b>", "text c"]);
        assert_eq!(tokens("<!-- never closed <p>"), ["comment <!-- never closed <p>"]);
        assert_eq!(tokens("<!--x--!>y"), ["comment <!--x--!>", "text y"]);
    }

    #[test]
    fn raw_text_elements() {
        assert_eq!(
            tokens("<script>if (a<b) x='</p>';</script ><p>"),
            ["<script>", "raw if (a<b) x='</p>';", "</script>", "<p>"]
        );
        assert_eq!(tokens("<STYLE>a{}</style>"), ["<STYLE>", "raw a{}", "</style>"]);
        assert_eq!(tokens("<title>A <b> C</title>"), ["<title>", "raw A <b> C", "</title>"]);
        assert_eq!(tokens("<script></scripts></script>"), ["<script>", "raw </scripts>", "</script>"]);
        assert_eq!(tokens("<script>never closed"), ["<script>", "raw never closed"]);
        assert_eq!(
            tokens("<script><!-- w('<script>x</script>') --></script><p>"),
            ["<script>", "raw <!-- w('<script>x</script>') -->", "</script>", "<p>"],
            "a </script> inside an escaped nested script does not end the outer one"
        );
        assert_eq!(
            tokens("<script><!-- a </script><p>"),
            ["<script>", "raw <!-- a ", "</script>", "<p>"],
            "in an escaped section without a nested <script>, </script> still ends it"
        );
        assert_eq!(tokens("<script>a-->b</script>"), ["<script>", "raw a-->b", "</script>"]);
        assert_eq!(
            tokens("<noscript><img src=a></noscript>"),
            ["<noscript>", "<imgsrc=a>", "</noscript>"],
            "noscript is markup"
        );
        assert_eq!(tokens("<plaintext></p>"), ["<plaintext>", "raw </p>"]);
    }

    #[test]
    fn truncated_tags_vanish() {
        assert_eq!(tokens("a<div class=\"x"), ["text a"]);
        assert_eq!(tokens("a<div"), ["text a"]);
        assert_eq!(tokens("a</div"), ["text a"]);
    }

    #[test]
    fn multibyte_text_is_sliced_on_boundaries() {
        assert_eq!(tokens("é<b title=ü>ß</b>"), ["text é", "<btitle=ü>", "text ß", "</b>"]);
    }
}
