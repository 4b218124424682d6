"""Python peer of bilat's reader benchmark: dictionary matching with flashtext plus the same
date and money regular expressions, over the same synthetic corpus, streamed line by line.

Usage: reader_baseline.py TERMS.json CORPUS.jsonl
Prints `python-mb-per-s N` (megabytes of document text per second)."""
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
    size = 0
    docs = 0
    hits = 0
    start = time.perf_counter()
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            low = text.lower()
            hits += len(kp.extract_keywords(low, span_info=True))
            for r in regexes:
                hits += sum(1 for _ in r.finditer(low))
            size += len(text.encode("utf-8"))
            docs += 1
    seconds = time.perf_counter() - start
    print(f"python flashtext + {len(regexes)} regexes: {size / 1e6:.1f} MB, {docs} documents, {hits} matches in {seconds:.1f} s")
    print(f"python-mb-per-s {size / 1e6 / seconds:.3f}")


if __name__ == "__main__":
    main()
