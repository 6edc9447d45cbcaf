"""The SPARQL query library (queries/*.rq) on the seeds: answers, portability, safety, CLI.

The seeds are ingested once into an on-disk store in a temporary folder. Every query is
checked for its answers on the seeds, and for giving the same rows on pyoxigraph (the
store's ``select``) and on rdflib's own SPARQL engine over the exported TriG.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Dataset, Graph, Literal, URIRef

from kg import api, queries
from kg.cli import main
from kg.errors import QueryError
from kg.store import open_store
from kg.store.base import inject_values
from kg.store.oxigraph import OxigraphStore

# rdflib's Dataset warns about its own deprecated internals on every triple
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KG = "https://w3id.org/kg/ontology#"
ACTOR = "https://w3id.org/kg/actor/"
EVENT = "https://w3id.org/kg/event/"
TRUMP, PUTIN = URIRef(ACTOR + "donald-trump"), URIRef(ACTOR + "wladimir-putin")

#: the questions of the issue "Timeline questions", by file name
QUESTIONS = {
    "calls-between", "last-contact", "actor-contacts", "event-sources", "announced-events",
    "claims-and-denials", "source-conflicts", "contact-gaps", "active-pairs", "contacts-by-month",
    "contacts-on-topic", "counterparts", "pair-timeline",
}

#: parameter sets every query runs with in the portability test, besides none and its examples
EXTRA_CASES = {
    "calls-between": [{"a": "Putin", "b": "Trump"}, {"a": "Selenskyj"}],
    "last-contact": [{"a": "Trump", "b": "Putin", "asof": "2025-05-01"}, {"asof": "2024-12-31"}],
    "actor-contacts": [{"actor": "Putin"}, {"actor": "Selenskyj", "from": "2025-02-01", "to": "2025-05-31"}],
    "event-sources": [{"a": "Trump", "b": "Putin", "on": "2025-10-16"}],
    "contact-gaps": [{"a": "Trump", "b": "Putin"}],
    "active-pairs": [{"from": "2025-01-01", "to": "2025-03-31"}, {"min": "2"}],
    "contacts-on-topic": [{"topic": "peace-negotiations"}],
    "pair-timeline": [{"a": "Trump", "b": "Putin"}, {"a": "Putin", "from": "2025-03-01", "to": "2025-06-01"}],
}


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def seed_path(tmp_path_factory) -> Path:
    """The five seeds ingested once into an on-disk store (closed again: tests open it)."""
    path = tmp_path_factory.mktemp("queries") / "store"
    report = api.ingest([SEEDS], str(path))
    assert not report.skipped, report.skipped
    return path


@pytest.fixture
def store(seed_path):
    st = open_store(str(seed_path))
    yield st
    st.close()


@pytest.fixture(scope="module")
def trig(seed_path) -> bytes:
    with open_store(str(seed_path)) as st:
        buf = io.BytesIO()
        st.dump(buf, "trig")
    return buf.getvalue()


@pytest.fixture(scope="module")
def dataset(trig) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(data=trig, format="trig")
    return ds


@pytest.fixture
def memory_copy(trig, tmp_path):
    """An in-memory store holding the seeds, free to change."""
    dump = tmp_path / "seeds.trig"
    dump.write_bytes(trig)
    st = OxigraphStore(None)
    st.load(dump, "trig")
    return st


def run(st, name: str, **values) -> list[dict[str, str]]:
    """Rows as plain strings (IRIs shortened the way the table shows them)."""
    names, rows = queries.run(st, name, values)
    return [{n: queries._cell(r[n], "csv") for n in names if n in r} for r in rows]


def as_set(rows: list[dict]) -> set:
    return {frozenset((k, str(v)) for k, v in r.items()) for r in rows}


# ---------------------------------------------------------------- the library
def test_library_answers_the_questions():
    lib = queries.library()
    assert QUESTIONS <= set(lib), QUESTIONS - set(lib)
    for name, q in lib.items():
        assert q.title and q.description, name
        for p in q.params.values():
            assert p.kind in queries.KINDS, (name, p)
            assert p.example or p.kind == "event", (name, p.name)  # event ids change with the data
            queries.bind(q, {p.name: p.example})  # every example resolves
        projected = queries._variables(q.text, [])
        assert projected, name
        assert set(q.lists) <= set(projected), name
        # the parameters are bound at the start of the outermost group: no sub-select before it
        where = re.search(r"\bWHERE\s*\{", q.text, flags=re.IGNORECASE)  # as inject_values finds it
        line = q.text[: where.start()].rsplit("\n", 1)[-1]
        assert not line.lstrip().startswith("#"), name
        code = "\n".join(x for x in q.text[: where.start()].splitlines() if not x.lstrip().startswith("#"))
        assert code.upper().count("SELECT") == 1, name
        assert "SERVICE" not in q.text.upper() and "GRAPH ?" not in q.text.upper(), name


def test_header_parsing_keeps_the_old_tuple_form(tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("# title: T\n# description: D\n# param: a = Wolodymyr Selenskyj   (an actor: name or IRI)\n"
                 "# param: n = 3 (number)\n# param: free\n# list: xs, ys\n\nSELECT ?x WHERE { ?x ?p ?o }\n",
                 encoding="utf-8")
    q = queries.parse(f)
    assert (q.title, q.description, q.lists) == ("T", "D", ("xs", "ys"))
    assert q.params["a"].kind == "actor" and q.params["a"].example == "Wolodymyr Selenskyj"
    assert q.params["n"].kind == "number" and q.params["free"].kind == "text"
    example, help_text = q.params["a"]  # the (example, help) pair other code unpacks
    assert example == "Wolodymyr Selenskyj" and "actor" in help_text



def test_pair_header_binds_the_pair_key_only_for_two_kg_actors(tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("# param: a (actor)\n# param: b (actor)\n# pair: a b\nSELECT ?e WHERE { ?e ?p ?o }\n", encoding="utf-8")
    q = queries.parse(f)
    assert q.pair == ("a", "b")
    both = queries.bind(q, {"a": "Putin", "b": "Trump"})
    assert both["pair"] == Literal("donald-trump|wladimir-putin")  # sorted, whichever comes first
    assert queries.bind(q, {"a": "Trump", "b": "Putin"})["pair"] == both["pair"]
    assert "pair" not in queries.bind(q, {"a": "Trump"})
    assert "pair" not in queries.bind(q, {"a": "Trump", "b": "Trump"})
    assert "pair" not in queries.bind(q, {"a": "Trump", "b": "https://example.org/someone"})
    f.write_text("# param: a (actor)\n# pair: a\nSELECT ?e WHERE { ?e ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="two actor parameters"):
        queries.parse(f)


def test_pair_queries_find_events_with_three_participants(tmp_path):
    """Each two of an event's participants are a pair; the unbound pair adds no duplicate rows."""
    st = OxigraphStore(None)
    g = Graph()
    e = URIRef(EVENT + "three")
    ids = ["test-a", "test-b", "test-c"]
    for p, o in [*[("participant", URIRef(ACTOR + i)) for i in ids],
                 *[("pair", Literal(k)) for k in ("test-a|test-b", "test-a|test-c", "test-b|test-c")],
                 ("status", URIRef(KG + "occurred")), ("sourceCount", Literal(1)),
                 ("earliest", Literal("2025-01-02", datatype=XSD.date)), ("latest", Literal("2025-01-02", datatype=XSD.date))]:
        g.add((e, URIRef(KG + p), o))
    g.add((e, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(KG + "Summit")))
    for i in ids:
        g.add((URIRef(ACTOR + i), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(i.upper())))
    st.replace_graphs({URIRef("https://w3id.org/kg/graph/merged/test"): g})
    for a, b in [("test-c", "test-a"), ("test-b", "test-c")]:
        _, rows = queries.run(st, "pair-timeline", {"a": ACTOR + a, "b": ACTOR + b})
        assert [str(r["event"]) for r in rows] == [str(e)]
    _, rows = queries.run(st, "pair-timeline", {})
    assert sorted((str(r["actor1"]), str(r["actor2"])) for r in rows) == [  # one row per two participants, each once
        ("TEST-A", "TEST-B"), ("TEST-A", "TEST-C"), ("TEST-B", "TEST-C")]


# ---------------------------------------------------------------- answers on the seeds
# Expected answers come from the events of the export contract (kg.api.events), computed in
# Python, so that they follow improvements of extraction and fusion; the Trump–Putin calls
# are pinned as the issue states them.
@pytest.fixture(scope="module")
def events(seed_path) -> list[dict]:
    with open_store(str(seed_path)) as st:
        return api.events(st)


def span(ev) -> tuple[str | None, str | None]:
    """An event's first and last possible day; an open end counts as the other end."""
    return ev["earliest"] or ev["latest"], ev["latest"] or ev["earliest"]


def names(ev) -> set[str]:
    return {p["label"] for p in ev["participants"]}


def overlaps(ev, start=None, end=None) -> bool:
    first, last = span(ev)
    if first is None:
        return start is None and end is None
    return (start is None or last >= start) and (end is None or first <= end)


def order(ev):
    first, _ = span(ev)
    return (first or "", ev["latest"] or "", ev["type"], ev["id"])


def short(iri: str) -> str:
    return iri[len(EVENT):]


def test_calls_between_trump_and_putin_in_date_order(store, events):
    rows = run(store, "calls-between", a="Trump", b="Putin")
    got = [(r.get("earliest"), r.get("latest"), r["status"], r["sources"]) for r in rows]
    assert got == [
        (None, "2025-01-20", "denied", "1"),             # denied reports of calls before the inauguration
        (None, "2025-02-09", "claimed", "1"),            # Trump hints at a call (Air Force One)
        ("2025-02-12", "2025-02-12", "occurred", "2"),   # the call of 12 February, two sources
        ("2025-03-11", "2025-03-20", "occurred", "1"),   # "Mitte März"
        ("2025-05-19", "2025-05-19", "planned", "1"),    # announced for Monday 19 May
        ("2025-10-16", "2025-10-16", "occurred", "2"),   # 16 October, two sources
    ]
    assert {(r["actor1"], r["actor2"]) for r in rows} == {("Donald Trump", "Wladimir Putin")}
    expected = sorted((e for e in events if e["type"] == "PhoneCall" and {"Donald Trump", "Wladimir Putin"} <= names(e)),
                      key=order)
    assert [r["event"] for r in rows] == [e["id"] for e in expected]
    # the order of a and b, aliases and IRIs give the same answer
    assert run(store, "calls-between", a="Wladimir Putin", b="Donald Trump") == rows
    assert run(store, "calls-between", a=str(TRUMP), b="putin") == rows
    occurred = run(store, "calls-between", a="Putin", b="Trump", status="occurred")
    assert [r["earliest"] for r in occurred] == ["2025-02-12", "2025-03-11", "2025-10-16"]


def test_calls_between_without_parameters_lists_every_pair_once(store, events):
    rows = run(store, "calls-between")
    calls = [e for e in events if e["type"] == "PhoneCall"]
    pairs = sum(len(e["participants"]) * (len(e["participants"]) - 1) // 2 for e in calls)
    assert len(rows) == pairs and {r["event"] for r in rows} == {e["id"] for e in calls}
    selenskyj = [r for r in rows if "Wolodymyr Selenskyj" in (r["actor1"], r["actor2"])]
    assert selenskyj and run(store, "calls-between", a="Selenskyj") == selenskyj


def test_pair_timeline(store, events):
    rows = run(store, "pair-timeline", a="Trump", b="Putin")
    pair = sorted((e for e in events if {"Donald Trump", "Wladimir Putin"} <= names(e)), key=order)
    assert [r["event"] for r in rows] == [e["id"] for e in pair]
    assert [(r["type"], r["status"]) for r in rows] == [(e["type"], e["status"]) for e in pair]
    for r, e in zip(rows, pair):
        assert set(r.get("topics", "").split(" | ")) - {""} == set(e["topics"])
    meetings = run(store, "pair-timeline", a="Trump", b="Putin", type="Meeting", status="planned")
    assert [r["event"] for r in meetings] == [e["id"] for e in pair if (e["type"], e["status"]) == ("Meeting", "planned")]
    spring = run(store, "pair-timeline", a="Putin", **{"from": "2025-03-01", "to": "2025-06-01"})
    putin = sorted((e for e in events if "Wladimir Putin" in names(e) and overlaps(e, "2025-03-01", "2025-06-01")), key=order)
    assert [r["event"] for r in spring] == [e["id"] for e in putin]
    assert ("PhoneCall", "2025-03-11") in [(r["type"], r.get("earliest")) for r in spring]


def test_last_contact_as_of_a_date(store, events):
    def expected(asof=None, kind=None):
        pair = [e for e in events if {"Donald Trump", "Wladimir Putin"} <= names(e) and e["status"] == "occurred"
                and (kind is None or e["type"] == kind) and span(e)[1] and (asof is None or span(e)[1] <= asof)]
        if not pair:
            return []
        best = max(pair, key=lambda e: (span(e)[1], span(e)[0]))
        days = (date.fromisoformat(asof) - date.fromisoformat(span(best)[1])).days if asof else None
        return [(span(best)[1], best["type"], None if days is None else str(days))]

    def last(**values):
        return [(r.get("latest") or r.get("earliest"), r["type"], r.get("days_before"))
                for r in run(store, "last-contact", **values)]

    assert last(a="Trump", b="Putin") == expected() == [("2025-10-16", "PhoneCall", None)]
    assert last(a="Trump", b="Putin", asof="2025-05-01") == expected("2025-05-01") == [("2025-03-20", "PhoneCall", "42")]
    assert last(a="Putin", b="Trump", asof="2025-02-12", type="PhoneCall") == [("2025-02-12", "PhoneCall", "0")]
    assert last(a="Trump", b="Putin", asof="2025-02-11") == []  # claimed and denied calls are no contact
    assert last(a="Trump", b="Selenskyj") == []  # they only planned to meet and to call


def test_every_contact_of_one_actor_in_a_window(store, events):
    for actor, label, start, end in [("Putin", "Wladimir Putin", None, None),
                                     ("Selenskyj", "Wolodymyr Selenskyj", "2025-02-01", "2025-05-31"),
                                     ("Trump", "Donald Trump", "2025-10-01", None)]:
        values = {"actor": actor, **({"from": start} if start else {}), **({"to": end} if end else {})}
        rows = run(store, "actor-contacts", **values)
        mine = sorted((e for e in events if label in names(e) and overlaps(e, start, end)), key=order)
        assert [r["event"] for r in rows] == [e["id"] for e in mine], actor
        assert all(r["name"] == label for r in rows)
        for r, e in zip(rows, mine):
            assert set(r["counterparts"].split(" | ")) == names(e) - {label}
    calls = run(store, "actor-contacts", actor="Trump", type="PhoneCall", status="occurred")
    assert [r["earliest"] for r in calls] == ["2025-02-12", "2025-03-11", "2025-10-16"]
    assert len(run(store, "actor-contacts")) == sum(len(e["participants"]) for e in events)


def test_what_an_event_was_about_and_who_reported_it(store, events):
    call = next(r for r in run(store, "calls-between", a="Trump", b="Putin") if r.get("earliest") == "2025-02-12")
    by_id = run(store, "event-sources", event=short(call["event"]))
    by_pair = run(store, "event-sources", a="Putin", b="Trump", on="2025-02-12", type="PhoneCall")
    assert by_id == by_pair == run(store, "event-sources", event=call["event"])
    ev = next(e for e in events if e["id"] == call["event"])
    assert {r["event"] for r in by_id} == {ev["id"]}
    assert set(by_id[0]["topics"].split(" | ")) == set(ev["topics"]) >= {"ukraine-war"}
    assert {(r["doc"], r["published"], r.get("outlet")) for r in by_id} == {
        (s["doc"], s["published"], s["outlet"]) for s in ev["sources"]}
    assert ("001_2b21d8f903b1c0dd.txt", "2025-05-17", "dpa") in {(r["doc"], r["published"], r.get("outlet")) for r in by_id}
    assert len(by_id) >= len(ev["sources"]) == 2  # every report, several per article possible
    for r in by_id:  # the evidence is a sentence of the article
        assert r["evidence"][:40] in (SEEDS / r["doc"]).read_text(encoding="utf-8")
    october = run(store, "event-sources", a="Trump", b="Putin", on="2025-10-16")
    on_day = {e["id"] for e in events if {"Donald Trump", "Wladimir Putin"} <= names(e)
              and span(e)[0] and span(e)[0] <= "2025-10-16" <= span(e)[1]}
    assert {r["event"] for r in october} == on_day and len(on_day) >= 2


def test_announced_events_and_whether_they_happened(store, events):
    rows = run(store, "announced-events")
    outcome = {"occurred": "happened", "planned": "open", "cancelled": "cancelled", "denied": "denied"}
    by_id = {e["id"]: e for e in events}
    for r in rows:
        assert r["outcome"] == outcome.get(by_id[r["event"]]["status"], by_id[r["event"]]["status"])
    announced = {e["id"] for e in events if e["status"] in ("planned", "cancelled")
                 or any(s["status"] == "planned" and s["published"] for s in e["sources"])}
    assert {r["event"] for r in rows} >= announced
    for r in rows:  # the others had a report that announced them, not the one the export shows per article
        assert r["event"] in announced or (r.get("announced") and r["outcome"] == "happened"), r
    calls = {r.get("planned_from"): r for r in rows if r["type"] == "PhoneCall" and r["participants"] == "Donald Trump | Wladimir Putin"}
    assert (calls["2025-02-12"]["announced"], calls["2025-02-12"]["outcome"]) == ("2025-02-12", "happened")
    may = calls["2025-05-19"]  # "telefoniert am Montag": no report that it took place
    assert (may["announced"], may["outcome"], may["next_occurred"]) == ("2025-05-17", "open", "2025-10-16")
    summit = next(r for r in rows if r["type"] == "Summit")
    assert summit["outcome"] == "open" and summit["participants"] == "Donald Trump | Wladimir Putin"
    meetings = run(store, "announced-events", actor="Selenskyj", type="Meeting")
    assert meetings and all(r["type"] == "Meeting" and "Wolodymyr Selenskyj" in r["participants"] for r in meetings)


def test_claimed_and_denied_contacts(store):
    rows = run(store, "claims-and-denials", a="Trump", b="Putin")
    assert {r["reported"] for r in rows} == {"claimed", "denied"}
    denied = [r for r in rows if r["reported"] == "denied"]
    claimed = [r for r in rows if r["reported"] == "claimed"]
    assert all(r["latest"] <= "2025-01-20" for r in denied) and any("Peskow" in r["evidence"] for r in denied)
    assert claimed[0]["latest"] <= "2025-02-09" and claimed[0]["event_status"] == "claimed"
    assert rows == sorted(rows, key=lambda r: r.get("earliest") or r.get("latest"))
    assert run(store, "claims-and-denials", **{"from": "2025-03-01"}) == []


def test_sources_that_disagree(store, memory_copy, tmp_path):
    assert run(store, "source-conflicts") == []  # the seeds agree with each other
    # a Kremlin denial of the call of 16 October joins that event and disagrees with both reports
    article = {"doc": "x-denial.txt", "published": "2025-10-17", "outlet": "TASS",
               "text": "Moskau (TASS) - Der Kreml hat Berichte über ein Telefonat zwischen Wladimir Putin "
                       "und Donald Trump am Donnerstag dementiert."}
    f = tmp_path / "denial.jsonl"
    f.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    report = api.ingest([f], memory_copy)
    assert report.ingested == ["x-denial.txt"]
    rows = run(memory_copy, "source-conflicts", a="Trump", b="Putin")
    status = [r for r in rows if r["disagree"] == "status"]
    assert status and {r["doc1"] for r in status} | {r["doc2"] for r in status} >= {
        "x-denial.txt", "000_caf5c7a76446850e.txt", "003_5bd30455e7b73d08.txt"}
    assert all("denied" in (r["said1"], r["said2"]) for r in status)
    assert any({r["said1"], r["said2"]} == {"denied", "occurred"} for r in status)
    noted = [r for r in rows if r["disagree"] == "noted by fusion"]
    assert len(noted) == 1 and "denied" in noted[0]["noted"]
    assert {r["event"] for r in rows} == {noted[0]["event"]}


def test_sources_that_disagree_on_the_date(store, memory_copy):
    """A report of the 16 October call dated two days earlier (added by hand to the event)."""
    october = next(r for r in run(store, "calls-between", a="Trump", b="Putin") if r.get("earliest") == "2025-10-16")
    event = URIRef(october["event"])
    g, link = Graph(), Graph()
    art, m = URIRef("https://w3id.org/kg/article/test-date"), URIRef("https://w3id.org/kg/mention/test-date-0-0")

    def k(name):
        return URIRef(KG + name)

    for t in [(art, k("fileName"), Literal("x-date.txt")), (art, k("published"), Literal("2025-10-15", datatype=XSD.date)),
              (m, k("status"), k("occurred")), (m, k("evidence"), Literal("Trump telefonierte am Dienstag mit Putin.")),
              (m, k("earliest"), Literal("2025-10-14", datatype=XSD.date)),
              (m, k("latest"), Literal("2025-10-14", datatype=XSD.date)),
              (m, k("sourceArticle"), art), (m, k("charStart"), Literal(0))]:
        g.add(t)
    link.add((event, k("mention"), m))
    memory_copy.replace_graphs({URIRef("https://w3id.org/kg/graph/article/test-date"): g,
                                URIRef("https://w3id.org/kg/graph/test-link"): link})
    rows = run(memory_copy, "source-conflicts", a="Putin", b="Trump", type="PhoneCall")
    assert rows and {r["disagree"] for r in rows} == {"date"}
    assert all("x-date.txt" in (r["doc1"], r["doc2"]) for r in rows)
    assert all(r["event"] == str(event) for r in rows)


def test_gaps_between_consecutive_contacts(store, events):
    rows = run(store, "contact-gaps", a="Trump", b="Putin", type="PhoneCall")
    assert [(r["day"], r.get("previous"), r.get("gap_days")) for r in rows] == [
        ("2025-02-12", None, None), ("2025-03-11", "2025-02-12", "27"), ("2025-10-16", "2025-03-11", "219")]
    # every pair, each type on its own: the same as from the events in Python
    expected = set()
    chains: dict = {}
    for e in events:
        if e["status"] != "occurred" or not span(e)[0]:
            continue
        for x, y in [(a, b) for a in sorted(names(e)) for b in sorted(names(e)) if a < b]:
            chains.setdefault((x, y, e["type"]), []).append((span(e)[0], e["id"]))
    for (x, y, kind), chain in chains.items():
        chain.sort()
        for i, (day, ident) in enumerate(chain):
            prev = chain[i - 1][0] if i else None
            gap = str((date.fromisoformat(day) - date.fromisoformat(prev)).days) if prev else None
            expected.add((x, y, kind, day, prev, gap, ident))
    got = {(r["actor1"], r["actor2"], r["type"], r["day"], r.get("previous"), r.get("gap_days"), r["event"])
           for r in run(store, "contact-gaps")}
    assert got == expected


def test_day_counts_are_calendar_days(tmp_path):
    """The portable day numbers agree with Python across leap days and centuries."""
    days = ["1899-12-31", "1900-03-01", "2000-02-28", "2000-03-01", "2023-12-31", "2024-02-28",
            "2024-02-29", "2024-03-01", "2025-01-01", "2025-03-01"]
    st = OxigraphStore(None)
    g = Graph()
    a, b = URIRef(ACTOR + "test-a"), URIRef(ACTOR + "test-b")
    for i, day in enumerate(days):
        e = URIRef(EVENT + f"test{i}")
        for p, o in [("participant", a), ("participant", b), ("pair", Literal("test-a|test-b")),
                     ("status", URIRef(KG + "occurred")),
                     ("earliest", Literal(day, datatype=XSD.date)), ("latest", Literal(day, datatype=XSD.date)),
                     ("sourceCount", Literal(1)), ("mention", URIRef(str(e) + "-m"))]:
            g.add((e, URIRef(KG + p), o))
        g.add((e, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(KG + "PhoneCall")))
    st.replace_graphs({URIRef("https://w3id.org/kg/graph/merged/test"): g})
    rows = run(st, "contact-gaps", a=str(a), b=str(b))
    gaps = {r["day"]: r.get("gap_days") for r in rows}
    for before, after in pairwise(days):
        assert gaps[after] == str((date.fromisoformat(after) - date.fromisoformat(before)).days), after
    for day in days:
        got = run(st, "last-contact", a=str(b), b=str(a), asof=day)
        assert (got[0]["latest"], got[0]["days_before"]) == (day, "0")
    got = run(st, "last-contact", a=str(a), b=str(b), asof="2025-02-28")
    assert (got[0]["latest"], got[0]["days_before"]) == ("2025-01-01", "58")


def test_most_active_pairs(store, events):
    from kg.network import measures

    rows = run(store, "active-pairs")
    edges = measures(events)["edges"]
    assert [(r["actor1"], r["actor2"], int(r["events"]), int(r["occurred"]), int(r["calls"]), int(r["in_person"]),
             r["first"], r["last"]) for r in rows] == sorted(
        ((e["a"], e["b"], e["events"], e["occurred"], e["calls"], e["in_person"], e["first"], e["last"]) for e in edges),
        key=lambda t: (-t[2], -t[3], t[0], t[1]))
    assert (rows[0]["actor1"], rows[0]["actor2"]) == ("Donald Trump", "Wladimir Putin")
    assert [r["events"] for r in run(store, "active-pairs", min="2")] == [r["events"] for r in rows if int(r["events"]) >= 2]
    quarter = run(store, "active-pairs", **{"from": "2025-01-01", "to": "2025-03-31"})
    in_quarter = [e for e in events if overlaps(e, "2025-01-01", "2025-03-31")]
    assert sum(int(r["events"]) for r in quarter) == sum(
        len(e["participants"]) * (len(e["participants"]) - 1) // 2 for e in in_quarter)


def test_contacts_by_month(store, events):
    rows = run(store, "contacts-by-month")
    expected = Counter(((span(e)[0] or "undated")[:7], e["type"]) for e in events)
    assert {(r["month"], r["type"]): int(r["events"]) for r in rows} == dict(expected)
    assert [r["month"] for r in rows] == sorted(r["month"] for r in rows)
    calls = run(store, "contacts-by-month", actor="Putin", type="PhoneCall")
    putin = [e for e in events if e["type"] == "PhoneCall" and "Wladimir Putin" in names(e)]
    assert {r["month"]: (int(r["events"]), int(r["occurred"])) for r in calls} == {
        m: (sum(1 for e in putin if span(e)[0][:7] == m), sum(1 for e in putin if span(e)[0][:7] == m and e["status"] == "occurred"))
        for m in {span(e)[0][:7] for e in putin}}


def test_contacts_on_a_topic(store, events):
    rows = run(store, "contacts-on-topic", topic="ukraine-war")
    war = sorted((e for e in events if "ukraine-war" in e["topics"]), key=order)
    assert [r["event"] for r in rows] == [e["id"] for e in war] and len(war) >= 3
    assert all(set(r["participants"].split(" | ")) == names(e) for r, e in zip(rows, war))
    assert {(r["topic"], r["event"]) for r in run(store, "contacts-on-topic")} == {
        (t, e["id"]) for e in events for t in e["topics"]}
    ceasefire = run(store, "contacts-on-topic", topic="Waffenruhe")  # a keyword of topic:ceasefire
    assert {r["event"] for r in ceasefire} == {e["id"] for e in events if "ceasefire" in e["topics"]}
    spring = run(store, "contacts-on-topic", topic="peace-negotiations", actor="Putin", to="2025-06-30")
    assert {r["event"] for r in spring} == {e["id"] for e in events if "peace-negotiations" in e["topics"]
                                            and "Wladimir Putin" in names(e) and overlaps(e, None, "2025-06-30")}


def test_counterparts_are_the_network_edges(store):
    from kg.network import measures

    rows = run(store, "counterparts")
    edges = {(e["a"], e["b"]): e for e in measures(api.events(store))["edges"]}
    seen = set()
    for r in rows:
        key = tuple(sorted((r["name"], r["counterpart"])))
        e = edges[key]
        assert (int(r["events"]), int(r["occurred"]), int(r["calls"]), int(r["in_person"]), r["first"], r["last"]) == (
            e["events"], e["occurred"], e["calls"], e["in_person"], e["first"], e["last"]), key
        seen.add(key)
    assert seen == set(edges) and len(rows) == 2 * len(edges)  # each edge from both sides
    trump = run(store, "counterparts", actor="Trump", type="PhoneCall", status="occurred")
    assert ("Wladimir Putin", "3") in [(r["counterpart"], r["events"]) for r in trump]


# ---------------------------------------------------------------- portability
def _cases():
    for name, q in sorted(queries.library().items()):
        cases = [{}, {k: p.example for k, p in q.params.items()}] + EXTRA_CASES.get(name, [])
        for i, values in enumerate(cases):
            yield pytest.param(name, values, id=f"{name}-{i}")


@pytest.mark.parametrize("name, values", list(_cases()))
def test_same_answers_on_oxigraph_and_rdflib(store, dataset, name, values):
    q = queries.library()[name]
    bindings = queries.bind(q, values)
    ours = queries.normalize(store.select(q.text, bindings), q.lists)
    result = dataset.query(inject_values(q.text, bindings))
    theirs = queries.normalize(
        [{str(v): row[v] for v in result.vars if row[v] is not None} for row in result], q.lists)
    assert as_set(ours) == as_set(theirs)
    assert len(ours) == len(theirs)


def test_every_query_has_answers_on_the_seeds(store):
    """Each query answers something on the seeds with no parameters (the seeds do not disagree)."""
    for name in queries.library():
        if name != "source-conflicts":
            assert run(store, name), name


# ---------------------------------------------------------------- parameters are data, never text
HOSTILE = ['Putin" } ; DROP ALL ; #', "<x> }", "} } DELETE WHERE { ?s ?p ?o } #", "x\n} ;\nCLEAR ALL"]


def _quads(st) -> set:
    return set(st.quads())


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_bound_as_one_term_or_rejected(store, tmp_path, value):
    before = _quads(store)
    f = tmp_path / "search.rq"
    f.write_text("# title: Evidence containing a text\n# param: q = Telefonat (text)\n"
                 "PREFIX kg: <https://w3id.org/kg/ontology#>\n"
                 "SELECT ?m ?evidence WHERE { ?m kg:evidence ?evidence . FILTER(CONTAINS(?evidence, ?q)) }\n",
                 encoding="utf-8")
    q = queries.parse(f)
    bindings = queries.bind(q, {"q": value})
    assert bindings == {"q": Literal(value)}
    text = inject_values(q.text, bindings)
    values_line = f"VALUES (?q) {{ ({Literal(value).n3()}) }}"
    assert text.replace("\n  " + values_line + "\n", "", 1) == q.text  # only the VALUES block is added
    parsed = Graph().query(f"SELECT ?q WHERE {{ {values_line} }}")
    assert [r[0] for r in parsed] == [Literal(value)]  # the block holds exactly that one literal
    assert queries.run(store, str(f), {"q": value})[1] == []
    # the same value for the other kinds: rejected with a message, or bound as one IRI
    for name, param in [("calls-between", "a"), ("last-contact", "asof"), ("contacts-on-topic", "topic"),
                        ("pair-timeline", "type"), ("pair-timeline", "status"), ("event-sources", "event"),
                        ("active-pairs", "min")]:
        with pytest.raises(QueryError):
            queries.run(store, name, {param: value})
    with pytest.raises(QueryError):
        queries.run(store, "calls-between", {"a": "https://w3id.org/kg/actor/x> } ; DROP ALL ; #"})
    assert _quads(store) == before  # the store is unchanged


def test_parameter_errors_name_the_fix(store):
    with pytest.raises(QueryError, match="has no parameter actor; it takes a, b, status"):
        queries.run(store, "calls-between", {"actor": "Putin"})
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        queries.run(store, "last-contact", {"asof": "1. Mai"})
    with pytest.raises(QueryError, match="PhoneCall"):
        queries.run(store, "pair-timeline", {"type": "call"})
    with pytest.raises(QueryError, match="ukraine-war"):
        queries.run(store, "contacts-on-topic", {"topic": "Fußball"})
    with pytest.raises(QueryError, match="kg query --list"):
        queries.run(store, "no-such-query", {})
    with pytest.raises(QueryError, match="gazetteer"):
        queries.run(store, "calls-between", {"a": "Nobody Atall"})
    assert queries.bind(queries.library()["pair-timeline"], {"type": "phonecall", "status": "Planned"}) == {
        "type": URIRef(KG + "PhoneCall"), "status": URIRef(KG + "planned")}


# ---------------------------------------------------------------- the command line
def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_query_list():
    result = cli("query", "--list")
    assert result.exit_code == 0
    for name in QUESTIONS:
        assert name in result.output
    assert "kg query calls-between --param a=Trump --param b=Putin" in result.output


def test_cli_query_formats(seed_path):
    base = ["query", "calls-between", "--param", "a=Trump", "--param", "b=Putin", "--store", seed_path]
    table = cli(*base)
    assert table.exit_code == 0, table.output
    assert "(6 rows)" in table.output and "denied" in table.output and "Wladimir Putin" in table.output
    as_csv = cli(*base, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["status"] for r in rows] == ["denied", "claimed", "occurred", "occurred", "planned", "occurred"]
    assert rows[2]["earliest"] == "2025-02-12" and rows[2]["sources"] == "2"
    assert rows[0]["event"].startswith(EVENT)
    as_json = json.loads(cli(*base, "--format", "json").output)
    assert [r["status"] for r in as_json] == [r["status"] for r in rows]
    assert as_json[2]["sources"] == 2 and "earliest" not in as_json[0]  # numbers as numbers, no empty cells
    topics = json.loads(cli("query", "event-sources", "--param", "a=Trump", "--param", "b=Putin", "--param", "on=2025-02-12",
                            "--param", "type=PhoneCall", "--format", "json", "--store", seed_path).output)
    assert isinstance(topics[0]["topics"], list) and "ukraine-war" in topics[0]["topics"]


def test_cli_query_errors_and_files(seed_path, tmp_path):
    bad = CliRunner().invoke(main, ["query", "calls-between", "--param", "a=Trump", "--param", "c=Putin",
                                    "--store", str(seed_path)])
    assert bad.exit_code == 2 and "no parameter c" in bad.output
    f = tmp_path / "count.rq"
    f.write_text("PREFIX kg: <https://w3id.org/kg/ontology#>\nSELECT (COUNT(?e) AS ?events) WHERE { ?e kg:sourceCount ?n }\n",
                 encoding="utf-8")
    result = cli("query", f, "--store", seed_path, "--format", "csv")
    with open_store(str(seed_path)) as st:
        assert result.output.split() == ["events", str(len(api.events(st)))]


def test_cli_stats(seed_path):
    result = cli("stats", "--store", seed_path)
    assert result.exit_code == 0, result.output
    out = result.output
    with open_store(str(seed_path)) as st:
        events = api.events(st)
    actors = {p["label"] for e in events for p in e["participants"]}
    assert re.search(rf"articles 5, mentions \d+, canonical events {len(events)}, actors {len(actors)}", out)
    statuses = Counter(e["status"] for e in events)
    assert "by status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())) in out
    assert "Donald Trump – Wladimir Putin" in out.split("most active pairs")[1].splitlines()[1]
    assert "communities:" in out


def test_network_measures(store):
    from kg.network import measures

    evs = api.events(store)
    m = measures(evs)
    trump_putin = sum(1 for e in evs if {"Donald Trump", "Wladimir Putin"} <= names(e))
    assert m["pairs"][0] == ("Donald Trump", "Wladimir Putin", trump_putin)
    assert m["strength"]["Donald Trump"] == sum(len(e["participants"]) - 1 for e in evs if "Donald Trump" in names(e))
    assert max(m["betweenness"], key=m["betweenness"].get) == "Donald Trump"
    assert any({"Donald Trump", "Wladimir Putin"} <= set(c) for c in m["communities"])
    assert sorted(m["weighted_betweenness"]) == sorted(m["degree"])
    assert measures([])["pairs"] == []
