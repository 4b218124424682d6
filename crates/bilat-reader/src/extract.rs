//! Text out of files: plain text, Markdown, HTML, DOCX and PDF.
//!
//! Every failure is a [`ExtractError`] that names what was expected and what was found; the
//! caller adds the file name. Nothing here panics on bad input (the PDF library can, so it runs
//! under `catch_unwind`).

use std::io::{Cursor, Read};

use scraper::{ElementRef, Html, Node};

/// The largest document bilat reads (bytes of text); split anything bigger.
pub const MAX_TEXT: usize = 32 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Format {
    /// The format by file extension; `None` for extensions bilat does not read.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// What a file held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    pub text: String,
    pub title: Option<String>,
    /// A publication date the file states in its metadata (HTML meta, Markdown front matter).
    pub published: Option<String>,
    /// The language the file declares (`<html lang>`), not yet checked against the text.
    pub declared_lang: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExtractError {
    #[error("expected a document, found an empty file")]
    Empty,
    #[error("expected text, found binary data (a NUL byte at offset {offset})")]
    Binary { offset: usize },
    #[error("expected UTF-8, found byte 0x{byte:02X} at offset {offset}{hint}")]
    Encoding {
        offset: usize,
        byte: u8,
        hint: String,
    },
    #[error("expected at most {max} bytes of text, found {found}; split the document")]
    TooLarge { max: usize, found: usize },
    #[error("expected a DOCX (a ZIP holding word/document.xml): {0}")]
    Docx(String),
    #[error("expected a PDF with a text layer: {0}")]
    Pdf(String),
    #[error("unknown encoding `{0}` (try windows-1251, koi8-r, windows-1256, utf-16le)")]
    UnknownEncoding(String),
    #[error("expected text in {0}, found bytes that are not valid {0}")]
    NotInEncoding(String),
}

/// Decodes bytes to text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or the named `encoding`
/// (any WHATWG label, e.g. `windows-1251`). Undecodable input is an error, never replaced.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| ExtractError::UnknownEncoding(label.to_string()))?;
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(ExtractError::NotInEncoding(enc.name().to_string()));
        }
        return Ok(text.into_owned());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        return String::from_utf16(&units).map_err(|_| ExtractError::Encoding {
            offset: 2,
            byte: bytes[2],
            hint: " (a UTF-16 byte-order mark, but invalid UTF-16 follows)".into(),
        });
    }
    if let Some(offset) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(ExtractError::Binary { offset });
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            let high = body.iter().filter(|&&b| b >= 0xC0).count();
            let hint = if high * 4 > body.iter().filter(|&&b| b >= 0x80).count() {
                " (this looks like a single-byte Cyrillic or Arabic encoding: try --encoding windows-1251, koi8-r or windows-1256)"
            } else {
                ""
            };
            Err(ExtractError::Encoding {
                offset,
                byte: bytes[offset],
                hint: hint.into(),
            })
        }
    }
}

/// The charset an HTML page declares in its first 1 024 bytes (`charset=…`), unless it is
/// UTF-8 (which needs no declaration to be read).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let label: String = lower[at..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .map(|&b| char::from(b))
        .collect();
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
    (enc != encoding_rs::UTF_8).then_some(label)
}

/// Extracts the text of a file's bytes in the given format.
pub fn extract(
    bytes: &[u8],
    format: Format,
    encoding: Option<&str>,
) -> Result<Extracted, ExtractError> {
    let out = match format {
        Format::Text => Extracted {
            text: decode(bytes, encoding)?,
            ..Default::default()
        },
        Format::Markdown => markdown(&decode(bytes, encoding)?),
        Format::Html => {
            // Without --encoding, the page's own declaration (`<meta charset=…>` or the
            // `http-equiv` form) decides: Russian and Kazakh sites still serve windows-1251.
            let declared = encoding
                .is_none()
                .then(|| declared_charset(bytes))
                .flatten();
            html(&decode(bytes, encoding.or(declared.as_deref()))?)
        }
        Format::Docx => docx(bytes)?,
        Format::Pdf => pdf(bytes)?,
    };
    if out.text.len() > MAX_TEXT {
        return Err(ExtractError::TooLarge {
            max: MAX_TEXT,
            found: out.text.len(),
        });
    }
    if out.text.trim().is_empty() {
        return Err(match format {
            Format::Pdf => ExtractError::Pdf(
                "no text layer (a scanned PDF needs OCR, which bilat does not do)".into(),
            ),
            _ => ExtractError::Empty,
        });
    }
    Ok(out)
}

/// Markdown to plain text: front matter read for `title` and `date`, markup removed, line
/// structure kept (so offsets stay meaningful paragraph by paragraph).
pub fn markdown(src: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut body = src;
    if let Some(rest) = src.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---")
    {
        for line in rest[..end].lines() {
            if let Some((k, v)) = line.split_once(':') {
                let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
                match k.trim() {
                    "title" => out.title = Some(v),
                    "date" | "published" => out.published = Some(v),
                    "lang" | "language" => out.declared_lang = Some(v),
                    _ => {}
                }
            }
        }
        body = rest[end + 4..]
            .trim_start_matches('-')
            .trim_start_matches('\n');
    }
    let mut text = String::with_capacity(body.len());
    let mut in_code = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            text.push_str(line);
            text.push('\n');
            continue;
        }
        let t = t
            .trim_start_matches('#')
            .trim_start_matches('>')
            .trim_start();
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .unwrap_or(t);
        if out.title.is_none() && line.trim_start().starts_with("# ") {
            out.title = Some(t.trim().to_string());
        }
        text.push_str(&inline_markdown(t));
        text.push('\n');
    }
    out.text = text;
    out
}

fn inline_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // ![alt](url) → nothing; [text](url) → text
        if (c == '!' && chars.get(i + 1) == Some(&'[')) || c == '[' {
            let image = c == '!';
            let open = if image { i + 1 } else { i };
            if let Some(close) = chars[open..]
                .iter()
                .position(|&x| x == ']')
                .map(|p| p + open)
                && chars.get(close + 1) == Some(&'(')
                && let Some(end) = chars[close..]
                    .iter()
                    .position(|&x| x == ')')
                    .map(|p| p + close)
            {
                if !image {
                    out.extend(&chars[open + 1..close]);
                }
                i = end + 1;
                continue;
            }
        }
        if matches!(c, '*' | '_' | '`') {
            // Emphasis and code marks; an underscore inside a word stays.
            let inner = i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_alphanumeric()
                && chars[i + 1].is_alphanumeric();
            if !(c == '_' && inner) {
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "button", "select", "figure", "menu", "dialog",
];
const BOILERPLATE_HINTS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "cookie",
    "share",
    "social",
    "related",
    "comment",
    "advert",
    "banner",
    "breadcrumb",
    "subscribe",
    "promo",
    "widget",
];
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "address",
    "time",
];

fn is_boilerplate(el: &ElementRef) -> bool {
    let v = el.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = format!(
        "{} {}",
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or("")
    )
    .to_lowercase();
    // Only short class/id words count ("nav", "site-footer"), not "navigation-free-article-body".
    marks
        .split(|c: char| c.is_whitespace() || c == '_')
        .any(|w| {
            BOILERPLATE_HINTS.iter().any(|h| {
                w == *h || w.starts_with(&format!("{h}-")) || w.ends_with(&format!("-{h}"))
            })
        })
}

fn walk(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let s: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !s.is_empty() {
                    if !out.is_empty()
                        && !out.ends_with([' ', '\n'])
                        && t.starts_with(char::is_whitespace)
                    {
                        out.push(' ');
                    }
                    out.push_str(&s);
                    if t.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(e) => {
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_boilerplate(&child_el) {
                    continue;
                }
                let name = e.name();
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCK_TAGS.contains(&name);
                if block && !out.is_empty() && !out.ends_with("\n\n") {
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
                walk(child_el, out);
                if block && !out.ends_with("\n\n") {
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
            }
            _ => {}
        }
    }
}

/// HTML to text: the `<article>` (else `<main>`, else `<body>`) without navigation, headers,
/// footers, scripts and similar boilerplate; paragraphs separated by blank lines.
pub fn html(src: &str) -> Extracted {
    let doc = Html::parse_document(src);
    let sel = |s: &str| scraper::Selector::parse(s).expect("static selector");
    let title = doc
        .select(&sel("meta[property='og:title']"))
        .find_map(|m| m.value().attr("content").map(str::to_string))
        .or_else(|| {
            doc.select(&sel("title"))
                .next()
                .map(|t| t.text().collect::<String>().trim().to_string())
        });
    let published = doc
        .select(&sel("meta[property='article:published_time'], meta[name='date'], meta[name='pubdate'], meta[itemprop='datePublished']"))
        .find_map(|m| m.value().attr("content").map(str::to_string))
        .or_else(|| doc.select(&sel("time[datetime]")).find_map(|t| t.value().attr("datetime").map(str::to_string)));
    let declared_lang = doc
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang").map(str::to_string));
    let root = doc
        .select(&sel("article"))
        .max_by_key(|a| a.text().map(str::len).sum::<usize>())
        .or_else(|| doc.select(&sel("main, [role='main']")).next())
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or_else(|| doc.root_element());
    let mut text = String::new();
    walk(root, &mut text);
    Extracted {
        text: text.trim().to_string(),
        title,
        published,
        declared_lang,
    }
}

/// DOCX: the paragraphs of `word/document.xml` (text runs, tabs, breaks), blank line between
/// paragraphs.
pub fn docx(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Docx(format!("not a ZIP archive ({e})")))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| ExtractError::Docx("the archive has no word/document.xml".into()))?
        .take(MAX_TEXT as u64 * 4)
        .read_to_string(&mut xml)
        .map_err(|e| {
            ExtractError::Docx(format!("word/document.xml is truncated or not UTF-8 ({e})"))
        })?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"w:t" => in_text = true,
            Ok(Event::End(e)) if e.name().as_ref() == b"w:t" => in_text = false,
            Ok(Event::End(e)) if e.name().as_ref() == b"w:p" => text.push_str("\n\n"),
            Ok(Event::Empty(e)) if e.name().as_ref() == b"w:tab" => text.push('\t'),
            Ok(Event::Empty(e)) if e.name().as_ref() == b"w:br" => text.push('\n'),
            Ok(Event::Text(t)) if in_text => {
                let s = t.decode().map_err(|e| {
                    ExtractError::Docx(format!(
                        "bad text at byte {}: {e}",
                        reader.buffer_position()
                    ))
                })?;
                let s = quick_xml::escape::unescape(&s).map_err(|e| {
                    ExtractError::Docx(format!(
                        "bad entity at byte {}: {e}",
                        reader.buffer_position()
                    ))
                })?;
                text.push_str(&s);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name = r.decode().unwrap_or_default();
                let resolved = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                text.push_str(resolved);
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(ExtractError::Docx(format!(
                    "word/document.xml is malformed at byte {}: {e}",
                    reader.buffer_position()
                )));
            }
            _ => {}
        }
    }
    Ok(Extracted {
        text: text.trim().to_string(),
        ..Default::default()
    })
}

/// PDF: the text layer, by pdf-extract (which panics on some fonts: caught and reported).
/// Known limit: right-to-left text may come out in visual order; see ARCHITECTURE.md.
pub fn pdf(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if !bytes.starts_with(b"%PDF") {
        return Err(ExtractError::Pdf(
            "the file does not start with %PDF".into(),
        ));
    }
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
    match result {
        Ok(Ok(text)) => Ok(Extracted {
            text,
            ..Default::default()
        }),
        Ok(Err(e)) => Err(ExtractError::Pdf(format!("unreadable ({e})"))),
        Err(_) => Err(ExtractError::Pdf(
            "the PDF library failed on this file (a damaged or unusual font)".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_declared_charset_is_read() {
        // "Визит эмира" in windows-1251, in a page that says so.
        let (body, _, _) =
            encoding_rs::WINDOWS_1251.encode("<p>Визит эмира в Астану состоялся вчера.</p>");
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>".to_vec();
        page.extend_from_slice(&body);
        page.extend_from_slice(b"</body></html>");
        let out = extract(&page, Format::Html, None).unwrap();
        assert!(out.text.contains("Визит эмира"), "{}", out.text);
        // Without a declaration the same bytes are refused, with a hint.
        let mut bare = b"<html><body>".to_vec();
        bare.extend_from_slice(&body);
        assert!(matches!(
            extract(&bare, Format::Html, None),
            Err(ExtractError::Encoding { .. })
        ));
        // A UTF-8 page that declares UTF-8 is read as it is.
        let utf8 = "<meta charset=\"utf-8\"><p>Тоқаев</p>".as_bytes();
        assert!(
            extract(utf8, Format::Html, None)
                .unwrap()
                .text
                .contains("Тоқаев")
        );
    }

    #[test]
    fn decoding_errors_say_where_and_what() {
        assert_eq!(decode(b"", None), Err(ExtractError::Empty));
        assert_eq!(
            decode(b"ab\0cd", None),
            Err(ExtractError::Binary { offset: 2 })
        );
        // "Катар" in windows-1251.
        let cp1251 = [0xCA, 0xE0, 0xF2, 0xE0, 0xF0];
        let err = decode(&cp1251, None).unwrap_err();
        assert!(
            matches!(
                err,
                ExtractError::Encoding {
                    offset: 0,
                    byte: 0xCA,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("windows-1251"));
        assert_eq!(decode(&cp1251, Some("windows-1251")).unwrap(), "Катар");
        assert_eq!(
            decode(&[0x61, 0xFF], Some("utf-8")),
            Err(ExtractError::NotInEncoding("UTF-8".into()))
        );
        assert_eq!(
            decode(b"x", Some("klingon")),
            Err(ExtractError::UnknownEncoding("klingon".into()))
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Доха".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16, None).unwrap(), "Доха");
        assert_eq!(decode(b"\xEF\xBB\xBFhello", None).unwrap(), "hello");
    }

    #[test]
    fn html_keeps_the_article_and_drops_boilerplate() {
        let page = r#"<html lang="ru"><head><title>T</title>
            <meta property="article:published_time" content="2024-02-14T10:00:00Z"></head>
            <body><nav>Главная | Новости</nav><div class="site-header">Logo</div>
            <article><h1>Визит эмира</h1><p>Эмир Катара прибыл в <b>Астану</b>.</p>
            <div class="share">Поделиться</div><p>Стороны подписали соглашения.</p></article>
            <footer>© 2024</footer><script>var x = 1;</script></body></html>"#;
        let e = html(page);
        assert_eq!(
            e.text,
            "Визит эмира\n\nЭмир Катара прибыл в Астану.\n\nСтороны подписали соглашения."
        );
        assert_eq!(e.published.as_deref(), Some("2024-02-14T10:00:00Z"));
        assert_eq!(e.declared_lang.as_deref(), Some("ru"));
    }

    #[test]
    fn markdown_front_matter_and_markup() {
        let md = "---\ntitle: Visit\ndate: 2024-02-14\n---\n# The visit\n\nThe **Emir** met [Tokayev](https://x).\n![photo](p.jpg)\n";
        let e = markdown(md);
        assert_eq!(e.published.as_deref(), Some("2024-02-14"));
        assert_eq!(e.title.as_deref(), Some("Visit"));
        assert!(e.text.contains("The Emir met Tokayev."), "{}", e.text);
        assert!(!e.text.contains("photo"));
    }

    #[test]
    fn docx_paragraphs_runs_and_entities() {
        use std::io::Write;
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Визит эмира</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Стороны подписали </w:t></w:r><w:r><w:t>соглашение &amp; протокол.</w:t></w:r></w:p>
</w:body></w:document>"#;
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(xml.as_bytes()).unwrap();
            z.finish().unwrap();
        }
        let e = docx(buf.get_ref()).unwrap();
        assert_eq!(
            e.text,
            "Визит эмира\n\nСтороны подписали соглашение & протокол."
        );
    }

    /// A one-page PDF with a text layer, written by hand (Helvetica, one line).
    fn tiny_pdf(line: &str) -> Vec<u8> {
        let content = format!("BT /F1 12 Tf 72 720 Td ({line}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn pdf_text_layer() {
        let e = extract(&tiny_pdf("The Emir arrived in Astana."), Format::Pdf, None).unwrap();
        assert!(
            e.text.contains("The Emir arrived in Astana."),
            "{:?}",
            e.text
        );
        // A page with no text at all has no text layer.
        let err = extract(&tiny_pdf(""), Format::Pdf, None).unwrap_err();
        assert!(err.to_string().contains("no text layer"), "{err}");
    }

    #[test]
    fn broken_docx_and_pdf_are_errors() {
        assert!(matches!(
            docx(b"PK\x03\x04 truncated"),
            Err(ExtractError::Docx(_))
        ));
        assert!(matches!(pdf(b"not a pdf"), Err(ExtractError::Pdf(_))));
        assert!(matches!(
            pdf(b"%PDF-1.7\n garbage"),
            Err(ExtractError::Pdf(_))
        ));
    }
}
