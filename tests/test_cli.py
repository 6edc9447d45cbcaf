"""The kg command end to end, through click's runner."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from kg.cli import main
from tests.conftest import SEEDS


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def test_every_command_has_help_with_an_example():
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        if not hasattr(command, "commands"):
            assert "Example" in result.output, name
    for name in main.commands["export"].commands:
        assert "Example" in run("export", name, "--help").output


def test_build_writes_outputs_and_prints_the_timeline(tmp_path):
    store, out = tmp_path / "store", tmp_path / "out"
    result = run("build", SEEDS, "--store", store, "--out", out)
    assert result.exit_code == 0, result.output
    for name in ("graph.trig", "events.jsonl", "graph.html", "timeline.html"):
        assert (out / name).stat().st_size > 0
    assert "PhoneCall" in result.output and "Wladimir Putin" in result.output
    first = (out / "graph.trig").read_bytes()
    again = run("build", SEEDS, "--store", store, "--out", out)
    assert again.exit_code == 0
    assert (out / "graph.trig").read_bytes() == first  # running twice changes nothing


def test_export_events_is_the_contract(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", SEEDS, "--store", store).exit_code == 0
    result = run("export", "events", "--format", "jsonl", "--store", store)
    events = [json.loads(line) for line in result.output.splitlines()]
    assert events
    for ev in events:
        assert set(ev) >= {"id", "type", "participants", "initiator", "earliest", "latest", "status", "topics", "location", "sources"}
        assert all(set(s) >= {"doc", "published", "status", "evidence"} for s in ev["sources"])
    dates = [e["earliest"] or e["latest"] or "" for e in events]
    assert dates == sorted(dates)


def test_export_graph_formats(tmp_path):
    store = tmp_path / "store"
    run("ingest", SEEDS / "004_4d3b6361eb9b846f.txt", "--store", store)
    for fmt in ("trig", "nquads", "turtle", "jsonld", "ntriples"):
        target = tmp_path / f"g.{fmt}"
        result = run("export", "graph", "--format", fmt, "--store", store, "-o", target)
        assert result.exit_code == 0, fmt
        assert target.stat().st_size > 100


def test_csv_and_plover_exports(tmp_path):
    store = tmp_path / "store"
    run("ingest", SEEDS, "--store", store)
    csv_out = run("export", "events", "--format", "csv", "--store", store).output
    assert csv_out.splitlines()[0].startswith("id,earliest,latest,type,cameo")
    plover = [json.loads(x) for x in run("export", "events", "--format", "plover", "--store", store).output.splitlines()]
    assert {p["event_type"] for p in plover} <= {"CONSULT", "AGREE"}  # AGREE: invitations (CAMEO 036)
    assert any(p["mode"] == "phone" for p in plover)


def test_timex_command():
    result = run("timex", "--ref", "2025-05-17", "Trump telefoniert am Montag mit Putin.")
    [row] = [json.loads(x) for x in result.output.splitlines()]
    assert row["earliest"] == row["latest"] == "2025-05-19"


def test_errors_name_the_fix(tmp_path):
    result = CliRunner().invoke(main, ["export", "events", "--store", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "kg ingest" in result.output
    result = CliRunner().invoke(main, ["timex", "--ref", "17.5.2025", "am Montag"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nothing-here")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_stats_and_viz(tmp_path):
    store = tmp_path / "store"
    run("ingest", SEEDS, "--store", store)
    assert "canonical events" in run("stats", "--store", store).output
    out = tmp_path / "viz"
    assert run("viz", "--store", store, "--out", out, "--actor", "Putin").exit_code == 0
    page = (out / "graph.html").read_text()
    assert "Wladimir Putin" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page), "the page must work offline"


def test_timex_reads_the_tense_of_each_sentence():
    result = run("timex", "--ref", "2025-05-17", "Am Donnerstag telefonierte Merz mit Macron. Am Freitag wird er nach Kiew reisen.")
    rows = [json.loads(x) for x in result.output.splitlines()]
    assert [(r["text"], r["earliest"]) for r in rows] == [("Am Donnerstag", "2025-05-15"), ("Am Freitag", "2025-05-23")]
    assert rows[1]["start"] > 40  # offsets refer to the whole text


def test_timex_without_reference_date_bounds_only_absolute_dates():
    rows = [json.loads(x) for x in run("timex", "Am Montag und am 17. Mai 2025.").output.splitlines()]
    assert rows[0]["earliest"] is None and rows[1]["earliest"] == "2025-05-17"


def _make_format_1(store) -> None:
    """What a store written before pair keys looks like: no kg:pair, format marker 1."""
    from kg.store import open_store
    from kg.store.base import FORMAT_PREDICATE, META_GRAPH

    with open_store(str(store)) as st:
        st.update("DELETE WHERE { GRAPH ?g { ?e <https://w3id.org/kg/ontology#pair> ?k } }")
        st.update(f"DROP SILENT GRAPH <{META_GRAPH}> ; INSERT DATA {{ GRAPH <{META_GRAPH}> "
                  f"{{ <{META_GRAPH}> <{FORMAT_PREDICATE}> 1 }} }}")


def test_a_store_of_an_older_format_is_brought_up_to_date(tmp_path):
    store = tmp_path / "store"
    run("ingest", SEEDS, "--store", store)
    pair = ["query", "pair-timeline", "--store", store, "--param", "a=Trump", "--param", "b=Putin"]
    before = run(*pair).output
    assert "Putin" in before
    _make_format_1(store)
    result = CliRunner().invoke(main, [str(a) for a in pair])
    assert result.exit_code == 2 and "kg refuse" in result.output  # a reader cannot upgrade
    assert run("refuse", "--store", store).exit_code == 0
    assert run(*pair).output == before
    _make_format_1(store)
    assert run("ingest", SEEDS, "--store", store).exit_code == 0  # a writer upgrades on its own
    assert run(*pair).output == before
    result = CliRunner().invoke(main, ["refuse", "--store", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "no store" in result.output
