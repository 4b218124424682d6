//! Speed of the reader, against named peers in the same run.
//!
//! `scripts/bench-reader.sh` is the entry point: it makes a Python virtual environment with
//! `flashtext`, then runs this benchmark (`cargo bench -p bilat-reader --bench coder`).
//!
//! 1. Generates (once) a multilingual corpus of synthetic documents, labelled synthetic in its
//!    file name and in every record: paragraphs of the gold texts in four languages, shuffled
//!    and with their numbers changed. Default 512 MB of text (`BILAT_BENCH_MB`).
//! 2. bilat: streams the corpus line by line and codes every document (fold, detect language,
//!    split sentences, match codebook and gazetteer, dates, money, events), on one core and on
//!    every core; reports MB/s and documents/s per core and the peak memory (VmHWM) after 10%,
//!    50% and 100% of the corpus, which must stay flat.
//! 3. The ratios, measured in turns: the corpus is cut into eight parts, and each part is coded
//!    by bilat on one core, scanned by the raw bound — the `aho-corasick` crate alone, for the
//!    same terms — and read by the Python peer — `flashtext` with the same terms plus the same
//!    date and money regular expressions (Python's `re`, `scripts/reader_baseline.py`) — one
//!    after the other. The peer takes minutes and a shared machine's speed drifts meanwhile:
//!    taking turns part by part gives each side the same share of fast and slow stretches.
//!    Each side's speed is its bytes over its time summed over the parts.
//!
//! It prints the ratios: bilat / Python (target ≥ 20×) and bilat / raw scan (target ≥ 0.25).
//! `BILAT_BENCH_ONLY=bilat` stops after the one-core run (for profiling).
//!
//! Each line is checked as UTF-8 by `simdutf8` and then parsed by `serde_json` (whose own check
//! is the standard library's byte-at-a-time one: 0.83 against 0.38 s for the 512 MB corpus).

use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use bilat_reader::coder::{Document, Reader};
use bilat_reader::lang::Lang;
use bilat_store::{RecordStore, Store, bundled};

/// The allocator the `bilat` binary uses, so that the benchmark measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[derive(serde::Deserialize)]
struct GoldText {
    lang: Lang,
    text: String,
}

/// Writes the synthetic corpus if it is missing or too small.
fn corpus(path: &Path, mb: usize) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| m.len() as usize >= mb * 1_000_000) {
        return Ok(());
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/reader/gold");
    let mut by_lang: Vec<Vec<String>> = vec![Vec::new(); 4];
    for f in [
        "kz-qa-gold.synthetic.jsonl",
        "kz-qa-heldout.synthetic.jsonl",
    ] {
        for line in std::fs::read_to_string(root.join(f))?.lines() {
            let g: GoldText = serde_json::from_str(line).map_err(std::io::Error::other)?;
            let i = Lang::ALL.iter().position(|l| *l == g.lang).unwrap_or(0);
            by_lang[i].push(g.text);
        }
    }
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut written = 0usize;
    let mut n = 0usize;
    while written < mb * 1_000_000 {
        let l = (next() % 4) as usize;
        let paras = 4 + (next() % 7) as usize;
        let mut text = String::new();
        for _ in 0..paras {
            let p = &by_lang[l][(next() % by_lang[l].len() as u64) as usize];
            // Change every digit so that documents differ.
            for c in p.chars() {
                if c.is_ascii_digit() && next() % 3 == 0 {
                    text.push(char::from(b'0' + (next() % 10) as u8));
                } else {
                    text.push(c);
                }
            }
            text.push_str("\n\n");
        }
        n += 1;
        let line = serde_json::json!({"id": format!("synthetic-{n:07}"), "synthetic": true, "lang": Lang::ALL[l].code(), "text": text});
        let s = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        written += text.len();
        out.write_all(s.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

#[derive(serde::Deserialize)]
struct Line {
    text: String,
}

/// A line of the corpus (checked as UTF-8 by `simdutf8` first: see the module documentation).
fn parse(line: &[u8]) -> Line {
    let line = simdutf8::basic::from_utf8(line).expect("the corpus is UTF-8");
    serde_json::from_str(line).expect("the corpus is JSON lines")
}

struct Run {
    bytes: usize,
    docs: usize,
    events: usize,
    seconds: f64,
}

/// Codes the documents whose lines start in `[from, to)` bytes of the corpus, streaming.
fn code_range(reader: &Reader, path: &Path, from: u64, to: u64, checkpoints: bool) -> Run {
    let mut f = std::fs::File::open(path).unwrap();
    f.seek(SeekFrom::Start(from)).unwrap();
    let mut r = BufReader::with_capacity(1 << 20, f);
    let mut pos = from;
    if from > 0 {
        // The rest of the line `from` falls in (maybe in the middle of a character).
        let mut skip = Vec::new();
        pos += r.read_until(b'\n', &mut skip).unwrap() as u64;
    }
    let total = to - from;
    let mut marks = vec![0.1, 0.5];
    let (mut bytes, mut docs, mut events) = (0, 0, 0);
    let start = Instant::now();
    let mut line = Vec::new();
    while pos < to {
        line.clear();
        let n = r.read_until(b'\n', &mut line).unwrap();
        if n == 0 {
            break;
        }
        pos += n as u64;
        let doc = parse(&line);
        let coded = reader.code(&Document {
            text: &doc.text,
            lang: None,
            published: None,
        });
        bytes += doc.text.len();
        docs += 1;
        events += coded.events.len();
        if checkpoints && !marks.is_empty() && (pos - from) as f64 >= marks[0] * total as f64 {
            println!(
                "  after {:>3.0}% of the corpus: peak memory {:.0} MB",
                marks[0] * 100.0,
                peak_rss_mb()
            );
            marks.remove(0);
        }
    }
    Run {
        bytes,
        docs,
        events,
        seconds: start.elapsed().as_secs_f64(),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let mb: usize = std::env::var("BILAT_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    let dir = bench_dir();
    let path = dir.join(format!("reader-corpus-{mb}mb.synthetic.jsonl"));
    println!(
        "corpus: {} (synthetic, generated from the gold texts)",
        path.display()
    );
    corpus(&path, mb).unwrap();
    let file_len = std::fs::metadata(&path).unwrap().len();

    let mut store = Store::open_in_memory().unwrap();
    bundled::install(&mut store).unwrap();
    let data = store.load().unwrap();
    let reader = Reader::bundled(&data);

    // The peers' terms and patterns: the same codebook and gazetteer, the same regexes.
    let mut terms: Vec<String> = Lang::ALL.iter().flat_map(|l| reader.terms(*l)).collect();
    terms.sort();
    terms.dedup();
    let mut regexes = bilat_reader::dates::pattern_sources();
    regexes.extend(bilat_reader::money::pattern_sources());
    let peer = dir.join("reader-peer-terms.json");
    std::fs::write(
        &peer,
        serde_json::to_string(&serde_json::json!({"terms": terms, "regexes": regexes})).unwrap(),
    )
    .unwrap();

    println!("bilat, one core:");
    let one = code_range(&reader, &path, 0, file_len, true);
    println!(
        "  after 100% of the corpus: peak memory {:.0} MB",
        peak_rss_mb()
    );
    let mbs = one.bytes as f64 / 1e6 / one.seconds;
    println!(
        "  {:.1} MB of text, {} documents, {} candidate events in {:.1} s: {:.1} MB/s, {:.0} documents/s",
        one.bytes as f64 / 1e6,
        one.docs,
        one.events,
        one.seconds,
        mbs,
        one.docs as f64 / one.seconds
    );

    if std::env::var("BILAT_BENCH_ONLY").is_ok_and(|v| v == "bilat") {
        // For profiling: the one-core run alone.
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    let parts: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..cores as u64)
            .map(|i| {
                let (reader, path) = (&reader, &path);
                s.spawn(move || {
                    code_range(
                        reader,
                        path,
                        file_len * i / cores as u64,
                        file_len * (i + 1) / cores as u64,
                        false,
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wall = start.elapsed().as_secs_f64();
    let all_bytes: usize = parts.iter().map(|p| p.bytes).sum();
    let all_docs: usize = parts.iter().map(|p| p.docs).sum();
    println!(
        "bilat, {cores} cores: {:.1} MB/s in all, {:.1} MB/s and {:.0} documents/s per core",
        all_bytes as f64 / 1e6 / wall,
        all_bytes as f64 / 1e6 / wall / cores as f64,
        all_docs as f64 / wall / cores as f64
    );

    // The ratios, in turns part by part (see the module documentation).
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(&terms)
        .unwrap();
    let python = dir.join("venv/bin/python");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/reader_baseline.py");
    if !python.exists() {
        println!(
            "python peer: {} missing; run scripts/bench-reader.sh",
            python.display()
        );
    }
    const PARTS: u64 = 8;
    println!("in turns, {PARTS} parts of the corpus (bilat one core, raw scan, Python):");
    let (mut bilat_bytes, mut bilat_s) = (0usize, 0f64);
    let (mut raw_bytes, mut raw_s, mut raw_matches) = (0u64, 0f64, 0usize);
    let (mut py_bytes, mut py_s) = (0f64, 0f64);
    for k in 0..PARTS {
        let (from, to) = (file_len * k / PARTS, file_len * (k + 1) / PARTS);
        let b = code_range(&reader, &path, from, to, false);
        bilat_bytes += b.bytes;
        bilat_s += b.seconds;

        let mut f = std::fs::File::open(&path).unwrap();
        f.seek(SeekFrom::Start(from)).unwrap();
        let start = Instant::now();
        raw_matches += ac
            .stream_find_iter(BufReader::with_capacity(
                1 << 20,
                std::io::Read::take(f, to - from),
            ))
            .count();
        raw_s += start.elapsed().as_secs_f64();
        raw_bytes += to - from;

        let mut part = format!(
            "  part {}: bilat {:.1} MB/s",
            k + 1,
            b.bytes as f64 / 1e6 / b.seconds
        );
        if python.exists() {
            let out = std::process::Command::new(&python)
                .arg(&script)
                .arg(&peer)
                .arg(&path)
                .arg(from.to_string())
                .arg(to.to_string())
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).to_string();
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            }
            let value = |key: &str| {
                text.lines().find_map(|l| {
                    l.strip_prefix(key)
                        .and_then(|v| v.trim().parse::<f64>().ok())
                })
            };
            if let (Some(bytes), Some(seconds)) = (value("python-bytes "), value("python-seconds "))
            {
                py_bytes += bytes;
                py_s += seconds;
                part += &format!(", Python {:.3} MB/s", bytes / 1e6 / seconds);
            }
            if k == 0 {
                // The peer's own summary line (its pattern count), once.
                if let Some(l) = text.lines().find(|l| l.starts_with("python flashtext")) {
                    println!("  {l}");
                }
            }
        }
        println!("{part}");
    }
    let bilat = bilat_bytes as f64 / 1e6 / bilat_s;
    let raw = raw_bytes as f64 / 1e6 / raw_s;
    println!(
        "bilat, one core, in turns: {bilat:.1} MB/s; raw aho-corasick scan ({} terms): {raw:.1} MB/s, {raw_matches} matches",
        terms.len()
    );
    println!("ratios (each side's bytes over its time, summed over the parts):");
    if py_s > 0.0 {
        let py = py_bytes / 1e6 / py_s;
        println!(
            "  Python flashtext + regexes: {py:.3} MB/s ({:.1} MB of text; bilat {:.1} MB)",
            py_bytes / 1e6,
            bilat_bytes as f64 / 1e6
        );
        println!(
            "  bilat (one core) / Python flashtext + regexes: {:.1}× (target ≥ 20×)",
            bilat / py
        );
    }
    println!(
        "  bilat (one core) / raw aho-corasick scan: {:.2} (target ≥ 0.25)",
        bilat / raw
    );
}
