"""Shared fixtures. Paths come from this file's location; tests never write into the repo."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """The lexicon cache goes to a temporary folder, not the user's home."""
    monkeypatch.setenv("KG_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    """An on-disk store with the five seeds ingested (built once per test session)."""
    from kg import api

    path = tmp_path_factory.mktemp("seedstore") / "store"
    report = api.ingest([SEEDS], str(path))
    assert not report.skipped, report.skipped
    return path


@pytest.fixture(scope="session")
def seeds_events(seeds_store):
    from kg import api
    from kg.store import open_store

    with open_store(str(seeds_store)) as st:
        return api.events(st)


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
