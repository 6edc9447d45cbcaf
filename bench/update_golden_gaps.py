"""Rewrite tests/extraction/golden_known_gaps.txt with the records the extractor gets wrong now.

    python bench/update_golden_gaps.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extraction import Extractor  # noqa: E402
from kg.lexicon import load_lexicon  # noqa: E402
from tests.extraction.golden import article_of, compare  # noqa: E402

HEADER = """# Golden sentences the extractor does not get right yet (expected failures).
# One id per line with the first problem; regenerate with: python bench/update_golden_gaps.py
"""


def main() -> None:
    path = ROOT / "tests/extraction/golden_known_gaps.txt"
    records = [json.loads(x) for x in (ROOT / "tests/extraction/golden_sentences.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    extractor = Extractor(load_lexicon())
    lines = []
    for r in records:
        problems = compare(extractor.lx, r, extractor.extract(article_of(r)))
        if problems:
            lines.append(f"{r['id']}  {problems[0][:150]}")
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} known gaps of {len(records)} written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
