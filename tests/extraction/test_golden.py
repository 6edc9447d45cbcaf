"""Golden sentence table: each German sentence with the events a careful reader finds.

Records listed in ``golden_known_gaps.txt`` are expected to fail (strict xfail): when the
extractor learns one, the test says so and the id must leave the list.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.extraction.golden import article_of, compare

HERE = Path(__file__).resolve().parent
RECORDS = [json.loads(line) for line in (HERE / "golden_sentences.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
GAPS = {
    line.split()[0]
    for line in (HERE / "golden_known_gaps.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
} if (HERE / "golden_known_gaps.txt").exists() else set()


@pytest.fixture(scope="module")
def extractor():
    from kg.extraction import Extractor
    from kg.lexicon import load_lexicon

    return Extractor(load_lexicon())


def test_table_is_large_and_varied():
    assert len(RECORDS) >= 150
    assert sum(1 for r in RECORDS if not r["events"]) >= 30
    assert len({e["type"] for r in RECORDS for e in r["events"]}) == 7


@pytest.mark.parametrize(
    "record",
    [pytest.param(r, id=r["id"], marks=pytest.mark.xfail(strict=True, reason="known gap")) if r["id"] in GAPS
     else pytest.param(r, id=r["id"]) for r in RECORDS],
)
def test_golden_sentence(record, extractor):
    problems = compare(extractor.lx, record, extractor.extract(article_of(record)))
    assert not problems, f"{record['text']}\n" + "\n".join(problems)
