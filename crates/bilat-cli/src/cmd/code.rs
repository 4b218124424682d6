//! `bilat code FILE`: code one document without storing it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result};
use bilat_reader::codebook::{Codebook, Gazetteer};
use bilat_reader::coder::{Coded, Document, Reader};
use bilat_reader::extract::{self, Extracted, Format};
use bilat_reader::lang::Lang;

use crate::output::{self, Format as OutFormat};

#[derive(clap::Args)]
pub struct Args {
    /// A .txt, .md, .html, .docx or .pdf file.
    file: PathBuf,
    /// The document's language (en, ru, kk, ar); detected when omitted.
    #[arg(long)]
    lang: Option<String>,
    /// Publication date (YYYY-MM-DD), for relative dates; else the file's own metadata.
    #[arg(long)]
    published: Option<String>,
    /// The text encoding of a text, Markdown or HTML file that is not UTF-8 (e.g. windows-1251).
    #[arg(long)]
    encoding: Option<String>,
    /// Read the file as this format instead of by its extension.
    #[arg(long, value_parser = ["text", "markdown", "html", "docx", "pdf"])]
    r#as: Option<String>,
    #[command(flatten)]
    files: ReaderFiles,
    #[arg(long, value_enum, default_value = "table")]
    format: OutFormat,
}

/// Reads a file into text, naming the file in every error.
pub fn read_document(
    path: &Path,
    r#as: Option<&str>,
    encoding: Option<&str>,
) -> Result<(Extracted, Format)> {
    let format = match r#as {
        Some("text") => Format::Text,
        Some("markdown") => Format::Markdown,
        Some("html") => Format::Html,
        Some("docx") => Format::Docx,
        Some("pdf") => Format::Pdf,
        _ => Format::of_path(path).with_context(|| {
            format!(
                "{}: expected a .txt, .md, .html, .docx or .pdf file, found the extension {:?} (use --as to say the format)",
                path.display(),
                path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default()
            )
        })?,
    };
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let extracted = extract::extract(&bytes, format, encoding)
        .with_context(|| format!("{}", path.display()))?;
    Ok((extracted, format))
}

/// The publication date: the option, else the file's metadata (`bilat_web::ingest::publication`).
pub fn publication(
    option: Option<&str>,
    extracted: &Extracted,
) -> Result<Option<bilat_model::date::Day>> {
    bilat_web::ingest::publication(option, extracted)
        .map_err(|e| anyhow::anyhow!("--published: {e}"))
}

/// Which codebook and gazetteer to code with: the bundled ones, or edited copies.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ReaderFiles {
    /// A codebook file to use instead of the bundled one (data/reader/codebook.toml is its source).
    #[arg(long)]
    codebook: Option<PathBuf>,
    /// A gazetteer file to use instead of the bundled one (data/reader/gazetteer.toml).
    #[arg(long)]
    gazetteer: Option<PathBuf>,
}

impl ReaderFiles {
    /// The reader over the record's names, with these files (errors name the file and line).
    pub fn reader(&self, data: &bilat_model::Dataset) -> Result<Reader> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
        };
        let codebook = match &self.codebook {
            Some(p) => Codebook::parse(&read(p)?, &p.display().to_string())?,
            None => Codebook::bundled(),
        };
        let gazetteer = match &self.gazetteer {
            Some(p) => Gazetteer::parse(&read(p)?, &p.display().to_string())?,
            None => Gazetteer::bundled(),
        };
        Ok(Reader::new(codebook, gazetteer, data)?)
    }
}

pub fn parse_lang(lang: Option<&str>) -> Result<Option<Lang>> {
    lang.map(|l| {
        Lang::parse(l).with_context(|| format!("--lang: expected en, ru, kk or ar, found {l:?}"))
    })
    .transpose()
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let (extracted, _) = read_document(&args.file, args.r#as.as_deref(), args.encoding.as_deref())?;
    let published = publication(args.published.as_deref(), &extracted)?;
    let lang = parse_lang(args.lang.as_deref())?;
    let data = super::load(db)?;
    let reader = args.files.reader(&data)?;
    let coded = reader.code(&Document {
        text: &extracted.text,
        lang,
        published,
    });
    print(&coded, args.format)?;
    Ok(ExitCode::SUCCESS)
}

fn print(coded: &Coded, format: OutFormat) -> Result<()> {
    let header = [
        "type",
        "modality",
        "date",
        "actor",
        "recipient",
        "amount",
        "domains",
        "chars",
    ];
    let party = |ps: &[bilat_reader::coder::Party]| {
        ps.iter()
            .map(|p| p.id.clone().unwrap_or_else(|| p.name.clone()))
            .collect::<Vec<_>>()
            .join("+")
    };
    let rows: Vec<Vec<String>> = coded
        .events
        .iter()
        .map(|e| {
            vec![
                e.event_type.to_string(),
                e.modality.as_str().to_string(),
                e.date
                    .as_ref()
                    .map(|d| {
                        format!(
                            "{}{}",
                            d.value,
                            if d.basis == "publication" {
                                " (pub.)"
                            } else {
                                ""
                            }
                        )
                    })
                    .unwrap_or_default(),
                party(&e.actor),
                party(&e.recipient),
                e.amount
                    .as_ref()
                    .map(|a| {
                        format!(
                            "{} {}",
                            a.money.currency.code(),
                            bilat_model::money::human_amount(a.money.amount)
                        )
                    })
                    .unwrap_or_default(),
                e.domains
                    .iter()
                    .map(|d| d.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                format!("{}–{}", e.text_info.start, e.text_info.end),
            ]
        })
        .collect();
    if format == OutFormat::Table {
        if !coded.coded {
            out!(
                "language: {} — not one of en, ru, kk, ar; nothing coded",
                coded.lang
            );
            return Ok(());
        }
        let domains = coded
            .domains
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        out!(
            "language: {}   sentences: {}   domains: {}",
            coded.lang,
            coded.sentences,
            if domains.is_empty() { "—" } else { &domains }
        );
        for o in &coded.observations {
            out!(
                "observation: {} {} {}{}",
                o.indicator,
                o.value.currency.code(),
                bilat_model::money::human_amount(o.value.amount),
                o.period.map(|p| format!(" ({p})")).unwrap_or_default()
            );
        }
        out!();
    }
    output::emit(format, &header, &rows, &serde_json::to_value(coded)?)
}
