"""Pass rate of the extractor on the golden sentence table, with the failures listed.

    python bench/golden_report.py [-v]
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extraction import Extractor  # noqa: E402
from kg.lexicon import load_lexicon  # noqa: E402
from tests.extraction.golden import article_of, compare  # noqa: E402


def main() -> None:
    verbose = "-v" in sys.argv
    records = [json.loads(x) for x in (ROOT / "tests/extraction/golden_sentences.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    extractor = Extractor(load_lexicon())
    failed, kinds = [], Counter()
    for r in records:
        problems = compare(extractor.lx, r, extractor.extract(article_of(r)))
        if problems:
            failed.append((r, problems))
            for p in problems:
                kinds[p.split()[0]] += 1
    print(f"golden sentences: {len(records) - len(failed)}/{len(records)} right ({1 - len(failed) / len(records):.0%})")
    print("problems by kind:", dict(kinds.most_common()))
    if verbose:
        for r, problems in failed:
            print(f"\n{r['id']} [{r.get('ref')}] {r['text']}")
            for p in problems:
                print("   ", p)


if __name__ == "__main__":
    main()
