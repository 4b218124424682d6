"""Python peer of bilat's reader benchmark: dictionary matching with flashtext plus the same
date and money regular expressions, over the same synthetic corpus, streamed line by line.

Usage: reader_baseline.py TERMS.json CORPUS.jsonl [FROM TO]
With FROM and TO (byte offsets), reads the lines that start in [FROM, TO), skipping the rest
of the line FROM falls in, as the benchmark's bilat run does for the same part.
Prints `python-bytes N` and `python-seconds S` (megabytes of document text and the time spent
on them) and `python-mb-per-s N`."""
import json
import re
import sys
import time

from flashtext import KeywordProcessor


def main():
    peer = json.load(open(sys.argv[1], encoding="utf-8"))
    kp = KeywordProcessor(case_sensitive=False)
    # flashtext's default word characters are ASCII: add Cyrillic and Arabic letters.
    for lo, hi in ((0x0400, 0x04FF), (0x0600, 0x06FF)):
        for cp in range(lo, hi + 1):
            kp.non_word_boundaries.add(chr(cp))
    for t in peer["terms"]:
        kp.add_keyword(t)
    regexes = []
    for r in peer["regexes"]:
        try:
            regexes.append(re.compile(r))
        except re.error as e:
            print(f"skipped a pattern Python cannot compile: {e}", file=sys.stderr)
    start_at = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    stop_at = int(sys.argv[4]) if len(sys.argv) > 4 else None
    size = 0
    docs = 0
    hits = 0
    start = time.perf_counter()
    with open(sys.argv[2], "rb") as f:
        f.seek(start_at)
        pos = start_at
        if start_at > 0:
            pos += len(f.readline())
        while stop_at is None or pos < stop_at:
            raw = f.readline()
            if not raw:
                break
            pos += len(raw)
            text = json.loads(raw)["text"]
            low = text.lower()
            hits += len(kp.extract_keywords(low, span_info=True))
            for r in regexes:
                hits += sum(1 for _ in r.finditer(low))
            size += len(text.encode("utf-8"))
            docs += 1
    seconds = time.perf_counter() - start
    print(f"python flashtext + {len(regexes)} regexes: {size / 1e6:.1f} MB, {docs} documents, {hits} matches in {seconds:.1f} s")
    print(f"python-bytes {size}")
    print(f"python-seconds {seconds:.6f}")
    print(f"python-mb-per-s {size / 1e6 / seconds:.3f}")


if __name__ == "__main__":
    main()
