//! Time to make the full Kazakhstan–Qatar brief from the bundled record, as HTML and as PDF,
//! against the Python peers that do one part of the same work on the same text.
//!
//! `scripts/bench-brief.sh` is the entry point (it installs `markdown` and `typst` — the
//! Python binding of the same Typst compiler — from PyPI into `target/bench/venv-brief`).
//!
//! * HTML: bilat builds the brief (record → sections, the route search and its scenario, the
//!   five charts) and renders the page; the peer is Python-Markdown converting the brief's
//!   finished Markdown to HTML — the conversion alone, nothing computed.
//! * PDF: bilat builds the brief and typesets it; the peer is `typst` for Python compiling the
//!   Typst source and charts bilat wrote — typesetting alone.
//!
//! Targets (issue #7): HTML under 1 s, PDF under 5 s on this machine. Each figure is the
//! median of several runs, every PDF run from a cold Typst cache; the ratio is peer time over
//! bilat time (above 1: bilat faster).

use std::path::PathBuf;
use std::time::Instant;

use bilat_brief::{Brief, Lang};
use bilat_model::{Dataset, Dyad};
use bilat_store::RecordStore;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut secs = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(f());
        secs.push(start.elapsed().as_secs_f64());
    }
    (median(secs), last.expect("at least one run"))
}

fn brief(data: &Dataset, dyad: &Dyad, lang: Lang) -> Brief {
    let (network, blockade) = bilat_brief::routes::bundled().expect("the bundled network");
    Brief::build(data, dyad, None, lang).with_routes(
        data,
        &network,
        ("KZ", "QA"),
        blockade.as_ref(),
    )
}

fn main() {
    let mut store = bilat_store::Store::open_in_memory().expect("an in-memory store");
    bilat_store::bundled::install(&mut store).expect("the bundled record");
    let data = store.load().expect("the bundled record loads");
    let dyad = Dyad::new("KZ", "QA").expect("a dyad");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/brief");
    std::fs::create_dir_all(&dir).expect("target/bench/brief");
    let python = dir.join("../venv-brief/bin/python");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/brief_baseline.py");
    let fonts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts");

    for lang in [Lang::En, Lang::Kk] {
        let code = lang.code();
        let (html_s, html) = time(20, || brief(&data, &dyad, lang).to_html());
        // Typst memoises across compilations in one process; each run starts cold, as the
        // command line does (the peer runs each compilation in a fresh process).
        let (pdf_s, pdf) = time(5, || {
            typst::comemo::evict(0);
            brief(&data, &dyad, lang).to_pdf().expect("typesets")
        });
        println!(
            "bilat, {code}: HTML {:.1} ms ({} kB; target < 1 s), PDF {:.0} ms ({} kB; target < 5 s)",
            html_s * 1e3,
            html.len() / 1000,
            pdf_s * 1e3,
            pdf.len() / 1000
        );
        // The same text for the peers: the finished Markdown, and the Typst source with its
        // charts.
        let b = brief(&data, &dyad, lang);
        let md = dir.join(format!("brief-{code}.md"));
        std::fs::write(&md, b.to_markdown()).expect("writes the Markdown");
        let (typ, charts) = b.to_typst();
        let typ_path = dir.join(format!("brief-{code}.typ"));
        std::fs::write(&typ_path, typ).expect("writes the Typst source");
        for (name, svg) in charts {
            std::fs::write(dir.join(name), svg).expect("writes a chart");
        }
        if !python.exists() {
            println!(
                "peers: {} missing; run scripts/bench-brief.sh",
                python.display()
            );
            continue;
        }
        let out = std::process::Command::new(&python)
            .arg(&script)
            .arg(&md)
            .arg(&typ_path)
            .arg(&fonts)
            .output()
            .expect("runs the Python peers");
        let text = String::from_utf8_lossy(&out.stdout);
        print!("{text}");
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            continue;
        }
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().parse::<f64>().ok())
        };
        if let (Some(md_s), Some(typst_s)) = (field("markdown_s "), field("typst_s ")) {
            println!(
                "ratio, {code}: HTML {:.2}× (Python-Markdown {:.1} ms / bilat {:.1} ms), PDF {:.2}× (typst-py {:.0} ms / bilat {:.0} ms)",
                md_s / html_s,
                md_s * 1e3,
                html_s * 1e3,
                typst_s / pdf_s,
                typst_s * 1e3,
                pdf_s * 1e3
            );
        }
    }
}
