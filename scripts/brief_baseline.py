"""Python peers of bilat's brief benchmark (crates/bilat-brief/benches/brief.rs).

Usage: brief_baseline.py <brief.md> <brief.typ> <fonts dir>

Times, on the brief bilat wrote, Python-Markdown converting the Markdown to HTML (tables
extension) and the `typst` Python binding compiling the Typst source to PDF (its embedded
fonts plus the Arabic font in <fonts dir>). Prints the median seconds of several runs. Typst
memoises within a process, so each compilation runs in a fresh process and only the call
itself is timed.
"""

import pathlib
import statistics
import subprocess
import sys
import time

import markdown
import typst


def median_seconds(runs, f):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def compile_once(typ_path, fonts):
    start = time.perf_counter()
    pdf = typst.compile(str(typ_path), root=str(typ_path.parent), font_paths=[str(fonts)])
    return time.perf_counter() - start, len(pdf)


def main():
    if sys.argv[1] == "--typst-once":
        seconds, size = compile_once(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
        print(seconds, size)
        return
    md_path, typ_path, fonts = (pathlib.Path(a) for a in sys.argv[1:4])
    text = md_path.read_text(encoding="utf-8")
    md_s, html = median_seconds(20, lambda: markdown.markdown(text, extensions=["tables"]))
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, __file__, "--typst-once", str(typ_path), str(fonts)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        runs.append((float(out[0]), int(out[1])))
    typst_s = statistics.median(r[0] for r in runs)
    print(f"markdown_s {md_s:.6f}")
    print(f"typst_s {typst_s:.6f}")
    print(f"peer sizes: HTML {len(html) // 1000} kB, PDF {runs[0][1] // 1000} kB")


if __name__ == "__main__":
    main()
