//! The brief as a typeset PDF: its Markdown turned into Typst markup, the charts as images,
//! and Typst's own embedded fonts (Libertinus, New Computer Modern: Latin and Cyrillic with
//! the Kazakh letters) plus Noto Naskh Arabic for the record's Arabic names (OFL, vendored in
//! `fonts/`), compiled in memory — no file, font or package is read from disk or the network.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::Brief;

/// Characters Typst markup gives a meaning to, escaped in text.
const SPECIAL: &[char] = &[
    '\\', '#', '$', '*', '_', '`', '<', '>', '@', '[', ']', '~', '/', '=', '-', '+', '\'', '"',
];

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn string_literal(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Typst markup for `markdown`; after a level-2 heading whose text is a key of `figures`,
/// the named images.
fn markup(markdown: &str, figures: &HashMap<String, Vec<String>>) -> String {
    let mut out = String::new();
    let mut heading: Option<(usize, String)> = None;
    let mut cells_in_row = 0usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = level as usize;
                out.push('\n');
                out.push_str(&"=".repeat(n));
                out.push(' ');
                heading = Some((n, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                out.push('\n');
                if let Some((2, text)) = heading.take()
                    && let Some(files) = figures.get(text.trim())
                {
                    for file in files {
                        out.push_str(&format!(
                            "#figure(image({}, width: 100%))\n",
                            string_literal(file)
                        ));
                    }
                }
            }
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => out.push_str("\n\n"),
            Event::Start(Tag::List(_)) | Event::End(TagEnd::List(_)) => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::Start(Tag::Strong) => out.push_str("#strong["),
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link) => out.push(']'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push_str(&format!("#link({})[", string_literal(&dest_url)));
            }
            Event::Start(Tag::Table(alignments)) => {
                out.push_str(&format!(
                    "#table(columns: {}, inset: 3pt, stroke: 0.4pt + luma(150),\n",
                    alignments.len()
                ));
            }
            Event::End(TagEnd::Table) => out.push_str(")\n\n"),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells_in_row = 0,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => out.push('\n'),
            Event::Start(Tag::TableCell) => {
                cells_in_row += 1;
                out.push('[');
            }
            Event::End(TagEnd::TableCell) => out.push_str("], "),
            Event::Text(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
                out.push_str(&escape(&t));
            }
            Event::Code(c) => out.push_str(&format!("#raw({})", string_literal(&c))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("\\\n"),
            _ => {}
        }
    }
    let _ = cells_in_row;
    out
}

/// Fonts compiled into the binary beside Typst's: Arabic (see `fonts/README.md`).
const ARABIC_FONTS: [&[u8]; 2] = [
    include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf"),
];

/// An in-memory Typst world: one source, the charts, the embedded fonts.
struct BriefWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: HashMap<String, Bytes>,
}

impl World for BriefWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get().vpath().get_without_slash().to_string();
        self.files
            .get(&path)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

fn file_id(name: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(name).map_err(|e| format!("{name}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl Brief {
    /// The Typst source of the brief and the charts it includes (file name, SVG).
    pub fn to_typst(&self) -> (String, Vec<(String, String)>) {
        let l = self.lang;
        let mut charts = Vec::new();
        let mut figures = HashMap::new();
        for (heading, svgs) in self.charts() {
            let svgs: Vec<_> = svgs
                .into_iter()
                .filter(|(_, svg)| !svg.is_empty())
                .collect();
            figures.insert(heading, svgs.iter().map(|(n, _)| n.to_string()).collect());
            charts.extend(svgs.into_iter().map(|(n, svg)| (n.to_string(), svg)));
        }
        let body = markup(&self.to_markdown(), &figures);
        let source = format!(
            "#set page(paper: \"a4\", margin: (x: 1.6cm, y: 1.8cm), numbering: \"1\")\n#set text(font: (\"Libertinus Serif\", \"New Computer Modern\", \"Noto Naskh Arabic\"), size: 9pt, lang: \"{}\")\n#set par(justify: false)\n#show heading: set block(above: 1.2em, below: 0.6em)\n#show link: set text(fill: rgb(\"#0b3d91\"))\n{body}",
            l.code()
        );
        (source, charts)
    }

    /// The brief typeset as PDF bytes.
    pub fn to_pdf(&self) -> Result<Vec<u8>, String> {
        let (source, charts) = self.to_typst();
        let mut fonts = Vec::new();
        for data in typst_assets::fonts().chain(ARABIC_FONTS) {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let mut book = FontBook::new();
        for f in &fonts {
            book.push(f.info().clone());
        }
        let world = BriefWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            main: Source::new(file_id("brief.typ")?, source),
            files: charts
                .into_iter()
                .map(|(n, svg)| (n, Bytes::new(svg.into_bytes())))
                .collect(),
        };
        let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}
