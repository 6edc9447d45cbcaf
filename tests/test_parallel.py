"""Extraction in worker processes: same results, same order, errors per article."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg import api, parallel
from kg.errors import ExtractionError
from tests.conftest import SEEDS


class Text(str):
    """A stand-in article: its own text."""

    @property
    def text(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Item:
    article: Text


class Upper:
    """A stand-in extractor: fails on articles that say so."""

    def extract(self, article: str):
        if "fail" in article:
            raise ValueError(f"cannot read {article}")
        return [article.upper()]


@pytest.mark.parametrize("jobs,chars", [(1, 10**6), (2, 10**6), (3, 10**6), (2, 5)])
def test_results_come_back_in_order_with_errors_per_article(monkeypatch, jobs, chars):
    monkeypatch.setattr(parallel, "SERIAL_FIRST", 2)
    monkeypatch.setattr(parallel, "WINDOW", 2)
    monkeypatch.setattr(parallel, "WINDOW_CHARS", chars)  # 5: one article in flight at a time
    items = [Item(Text(f"a{n}" if n % 7 else f"fail{n}")) for n in range(40)]
    got = list(parallel.extract_all(items, Upper(), jobs=jobs))
    assert [item for item, _ in got] == items
    for item, result in got:
        if "fail" in item.article:
            assert result == f"ValueError: cannot read {item.article}"
        else:
            assert result == [item.article.upper()]


def test_a_dead_worker_is_an_error_not_a_hang(monkeypatch):
    class Dies:
        def extract(self, article):
            import os

            os._exit(1)

    monkeypatch.setattr(parallel, "SERIAL_FIRST", 0)
    with pytest.raises(ExtractionError, match="--jobs 1"):
        list(parallel.extract_all([Item(Text("x")), Item(Text("y"))], Dies(), jobs=2))


def test_ingest_with_workers_stores_what_one_process_stores(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel, "SERIAL_FIRST", 1)
    one = api.ingest([SEEDS], str(tmp_path / "one"), jobs=1)
    two = api.ingest([SEEDS], str(tmp_path / "two"), jobs=2)
    assert (one.ingested, one.mentions, one.events) == (two.ingested, two.mentions, two.events)
    assert api.events(str(tmp_path / "one")) == api.events(str(tmp_path / "two"))


def test_the_same_text_twice_in_one_run_is_stored_once(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel, "SERIAL_FIRST", 0)
    folder = tmp_path / "news"
    folder.mkdir()
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    report = api.ingest([folder], str(tmp_path / "store"), jobs=2)
    assert (len(report.ingested), report.unchanged) == (1, ["b.txt"])
