//! `bilat eval --gold FILE`: precision, recall and F1 of the reader (or of a second coder)
//! against gold data, per language, event type and domain, with Krippendorff's alpha.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Db;
use anyhow::{Context, Result, anyhow};
use bilat_reader::eval::{self, Report, Scores};

use crate::output::Format;

#[derive(clap::Args)]
pub struct Args {
    /// The gold file (JSON Lines; see `data/reader/gold/`).
    #[arg(long)]
    gold: PathBuf,
    /// A second coder's file in the same form; without it the reader codes the gold texts.
    #[arg(long)]
    against: Option<PathBuf>,
    /// Write the reader's coding of the gold texts here, as a coder file.
    #[arg(long)]
    write_coding: Option<PathBuf>,
    #[command(flatten)]
    files: super::code::ReaderFiles,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn read(path: &PathBuf) -> Result<Vec<eval::GoldDoc>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    eval::read_gold(&text, &path.display().to_string()).map_err(|e| anyhow!(e))
}

pub fn run(db: Db, args: Args) -> Result<ExitCode> {
    let gold = read(&args.gold)?;
    let other = match &args.against {
        Some(p) => read(p)?,
        None => {
            let data = super::load(db)?;
            let reader = args.files.reader(&data)?;
            eval::code_all(&reader, &gold)
        }
    };
    if let Some(path) = &args.write_coding {
        let mut out = String::new();
        for d in &other {
            out.push_str(&serde_json::to_string(d)?);
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let report = eval::compare(&gold, &other);
    match args.format {
        Format::Json => out!("{}", serde_json::to_string_pretty(&report)?),
        _ => print_table(&report, args.format)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(x: f64) -> String {
    format!("{:.2}", x)
}

fn row(name: &str, s: &Scores) -> Vec<String> {
    vec![
        name.to_string(),
        s.documents.to_string(),
        pct(s.domains.precision()),
        pct(s.domains.recall()),
        pct(s.domains.f1()),
        pct(s.events.precision()),
        pct(s.events.recall()),
        pct(s.events.f1()),
        format!("{} ({})", pct(s.date_exact.share()), s.date_exact.of),
        pct(s.date_at_precision.share()),
        format!("{} ({})", pct(s.actor_pair.share()), s.actor_pair.of),
        pct(s.actor_ordered.share()),
        format!("{} ({})", pct(s.amount.share()), s.amount.of),
        pct(s.modality.share()),
    ]
}

/// Precision, recall, F1 and the counts behind them, a row per key.
fn count_rows(counts: &std::collections::BTreeMap<String, eval::Counts>) -> Vec<Vec<String>> {
    counts
        .iter()
        .map(|(k, c)| {
            vec![
                k.clone(),
                pct(c.precision()),
                pct(c.recall()),
                pct(c.f1()),
                c.tp.to_string(),
                c.fp.to_string(),
                c.fn_.to_string(),
            ]
        })
        .collect()
}

fn print_table(r: &Report, format: Format) -> Result<()> {
    let header = [
        "lang",
        "docs",
        "dom P",
        "dom R",
        "dom F1",
        "ev P",
        "ev R",
        "ev F1",
        "date exact (n)",
        "date at prec.",
        "actors pair (n)",
        "actors ordered",
        "amount (n)",
        "modality",
    ];
    let mut rows: Vec<Vec<String>> = r.by_lang.iter().map(|(l, s)| row(l, s)).collect();
    rows.push(row("all", &r.overall));
    crate::output::emit(format, &header, &rows, &serde_json::Value::Null)?;
    if format == Format::Csv {
        return Ok(());
    }
    out!();
    let header = ["event type", "P", "R", "F1", "tp", "fp", "fn"];
    crate::output::emit(
        format,
        &header,
        &count_rows(&r.by_event_type),
        &serde_json::Value::Null,
    )?;
    out!();
    let header = ["domain", "P", "R", "F1", "tp", "fp", "fn"];
    crate::output::emit(
        format,
        &header,
        &count_rows(&r.by_domain),
        &serde_json::Value::Null,
    )?;
    out!();
    let a = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.3}"));
    out!(
        "Krippendorff's alpha (nominal, presence per document × category): domains {}, event types {}",
        a(r.alpha_domains),
        a(r.alpha_event_types)
    );
    if r.stories > 0 {
        out!(
            "stories told in several languages and coded alike in all of them: {} of {}",
            r.stories_consistent,
            r.stories
        );
    }
    if !r.missing.is_empty() {
        out!("not coded by the second coder: {}", r.missing.join(", "));
    }
    if !r.extra.is_empty() {
        out!("not in the gold file: {}", r.extra.join(", "));
    }
    Ok(())
}
