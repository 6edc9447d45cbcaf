"""End to end on the five seeds: quality measured with the shared scorer."""
from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import EVAL, load_jsonl

needs_eval = pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval not present")


def _score(events):
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.score(load_jsonl(EVAL / "seeds-gold.jsonl"), events, score.Names(EVAL / "aliases.json"))


@needs_eval
def test_seed_quality(seeds_events):
    result = _score(seeds_events)
    assert result["f1"] >= MIN["f1"], result["verdicts"]
    assert result["date_correct"] >= MIN["date_correct"], result["verdicts"]
    assert result["status_correct"] >= MIN["status_correct"], result["verdicts"]
    assert result["type_exact"] >= MIN["type_exact"], result["verdicts"]
    assert result["topic_f1"] >= MIN["topic_f1"], result["verdicts"]
    assert result["sources_exact"] >= MIN["sources_exact"], result["verdicts"]
    assert result["splits"] <= MIN["splits"], result["verdicts"]


#: the issue's bar for the seeds (measured: see the README); a drop below fails the build
MIN = {"f1": 0.90, "date_correct": 0.95, "status_correct": 0.90, "type_exact": 0.90, "topic_f1": 0.80,
       "sources_exact": 0.95, "splits": 0}


def test_trump_putin_calls_are_found(seeds_events):
    calls = [e for e in seeds_events if e["type"] == "PhoneCall"
             and {p["label"] for p in e["participants"]} == {"Donald Trump", "Wladimir Putin"}]
    days = {(e["earliest"], e["latest"]) for e in calls}
    assert ("2025-10-16", "2025-10-16") in days
    assert ("2025-02-12", "2025-02-12") in days


def test_each_event_keeps_its_sources(seeds_events):
    for ev in seeds_events:
        assert ev["sources"], ev
        assert all(s["evidence"].strip() for s in ev["sources"])


def test_exported_graph_validates(seeds_store):
    from rdflib import Graph

    from kg.graph.validate import validate_graph
    from kg.store import open_store

    g = Graph()
    with open_store(str(seeds_store)) as st:
        for s, p, o, _ in st.quads():
            g.add((s, p, o))
    conforms, text = validate_graph(g)
    assert conforms, text
