//! `bilat ingest FILES|DIRS`: extract, detect, code and store documents, each in one
//! transaction; a file that fails is reported by name and the batch goes on.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result};
use bilat_model::ontology::SourceKind;
use bilat_reader::coder::Reader;
use bilat_reader::extract::Format;
use bilat_store::RecordStore;
use bilat_web::ingest::{About, Outcome, store_document};

use super::code::{parse_lang, publication, read_document};

#[derive(clap::Args)]
pub struct Args {
    /// Files (.txt, .md, .html, .docx, .pdf) and directories (read recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The documents' language (en, ru, kk, ar); detected per document when omitted.
    #[arg(long)]
    lang: Option<String>,
    /// Publication date (YYYY-MM-DD) for every document; else each file's own metadata.
    #[arg(long)]
    published: Option<String>,
    /// The encoding of text files that are not UTF-8 (e.g. windows-1251).
    #[arg(long)]
    encoding: Option<String>,
    /// What kind of source these are.
    #[arg(long, default_value = "news", value_parser = ["official", "legal", "news", "academic", "reference"])]
    kind: String,
    /// The publisher, for the sources' short names.
    #[arg(long)]
    publisher: Option<String>,
    /// The address the document was taken from (one file only).
    #[arg(long)]
    url: Option<String>,
    #[command(flatten)]
    files: super::code::ReaderFiles,
}

fn collect(paths: &[PathBuf], out: &mut Vec<PathBuf>, skipped: &mut usize) -> Result<()> {
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("{}: cannot list the directory", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for e in entries {
                if e.is_dir() {
                    collect(&[e], out, skipped)?;
                } else if Format::of_path(&e).is_some() {
                    out.push(e);
                } else {
                    *skipped += 1;
                }
            }
        } else {
            // A file named explicitly is read even with an unknown extension: the error says so.
            out.push(p.clone());
        }
    }
    Ok(())
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let mut files = Vec::new();
    let mut skipped = 0;
    collect(&args.paths, &mut files, &mut skipped)?;
    if args.url.is_some() && files.len() != 1 {
        anyhow::bail!(
            "--url names one document's address; found {} files",
            files.len()
        );
    }
    let lang = parse_lang(args.lang.as_deref())?;
    let mut store = super::open(db)?;
    let data = store.load()?;
    let reader = args.files.reader(&data)?;
    let kind = SourceKind::parse(&args.kind).unwrap_or(SourceKind::News);

    let bar = if std::io::stderr().is_terminal() && files.len() > 1 {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };

    let mut stored = 0;
    let mut known = 0;
    let mut events = 0;
    let mut figures = 0;
    let mut repeats = 0;
    let mut langs: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    for file in &files {
        bar.set_message(file.display().to_string());
        let one = ingest_one(&mut store, &data, &reader, file, &args, lang, kind);
        match one {
            Ok(Outcome::Stored {
                lang,
                events: n,
                figures: f,
                repeats: r,
                ..
            }) => {
                stored += 1;
                events += n;
                figures += f;
                repeats += r;
                *langs.entry(lang).or_default() += 1;
            }
            Ok(Outcome::Known { .. }) => known += 1,
            Err(e) => errors.push(format!("{e:#}")),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    let langs_text = if langs.is_empty() {
        "—".to_string()
    } else {
        langs
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out!(
        "documents: {} read, {stored} stored, {known} already stored, {} failed{}",
        files.len(),
        errors.len(),
        if skipped > 0 {
            format!(", {skipped} skipped (not .txt/.md/.html/.docx/.pdf)")
        } else {
            String::new()
        }
    );
    out!("languages: {langs_text}");
    out!(
        "candidate events: {events} ({repeats} report events already in the record); reported figures: {figures}; review them with `bilat review`"
    );
    for e in &errors {
        eprintln!("error: {e}");
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn ingest_one(
    store: &mut bilat_store::Store,
    data: &bilat_model::Dataset,
    reader: &Reader,
    file: &Path,
    args: &Args,
    lang: Option<bilat_reader::lang::Lang>,
    kind: SourceKind,
) -> Result<Outcome> {
    let (extracted, format) = read_document(file, None, args.encoding.as_deref())?;
    let about = About {
        name: file.display().to_string(),
        url: args.url.clone(),
        publisher: args.publisher.clone(),
        kind: Some(kind),
        published: publication(args.published.as_deref(), &extracted)?,
        lang,
    };
    let change = super::change().with_evidence(format!("bilat ingest {}", file.display()));
    store_document(store, data, reader, &extracted, format, &about, &change)
}
