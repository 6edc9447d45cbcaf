"""The pages in a real browser: headless Chromium opens them from file:// with the network cut.

Each page records script errors, failed loads and Content-Security-Policy violations in
``<html data-errors>``; the network page writes what vis-network holds into
``#kg-status`` (node and edge counts, node labels, canvas size once drawn); the timeline
marks ``<body data-ready data-shown data-view>``. The test reads them from
``--dump-dom`` after a virtual-time budget. Skipped when no Chromium is installed.

Set KG_SCREENSHOTS=/some/folder to keep the screenshots (otherwise they go to tmp).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from kg.viz import network_html, timeline_html
from tests.test_viz import EVIL, IMG, SCRIPT, make_event, synthetic_events


def _chromium() -> str | None:
    for name in (os.environ.get("KG_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and (path := shutil.which(name)):
            return path
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found (apt-get install chromium)")


def run_chromium(url: str, tmp_path: Path, *extra: str, budget: int = 5000) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-extensions", f"--user-data-dir={profile}",
        # the network is cut: every request goes to a closed proxy port, every name fails to resolve
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--virtual-time-budget={budget}", "--window-size=1400,900", "--hide-scrollbars", *extra, url,
    ]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def dump(page: Path, tmp_path: Path, fragment: str = "") -> str:
    dom = run_chromium(page.as_uri() + fragment, tmp_path, "--dump-dom")
    assert "<html" in dom, dom[:500]
    return dom


def attr(dom: str, tag: str, name: str, tag_id: str | None = None) -> str | None:
    """An attribute of the first <tag> (with id=tag_id) in the dumped DOM, unescaped."""
    where = rf"<{tag}\b[^>]*\bid=\"{tag_id}\"[^>]*>" if tag_id else rf"<{tag}\b[^>]*>"
    m = re.search(where, dom)
    assert m, f"no <{tag} id={tag_id}> in the DOM"
    a = re.search(rf"\s{name}=\"([^\"]*)\"", m.group(0))
    return html.unescape(a.group(1)) if a else None


def errors(dom: str) -> list[str]:
    value = attr(dom, "html", "data-errors")
    assert value is not None, "the error hook did not run"
    return json.loads(value)


def expected_graph(events):
    actors = sorted({p["label"] for ev in events for p in ev["participants"]})
    edges = {(a, b, ev["type"]) for ev in events for a, b in combinations(sorted({p["label"] for p in ev["participants"]}), 2)}
    return actors, edges


@pytest.fixture(scope="module")
def seed_pages(seeds_events, tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    (out / "graph.html").write_text(network_html(seeds_events), encoding="utf-8")
    (out / "timeline.html").write_text(timeline_html(seeds_events), encoding="utf-8")
    return out


def test_network_page_draws_the_seed_graph(seed_pages, seeds_events, tmp_path):
    dom = dump(seed_pages / "graph.html", tmp_path)
    assert errors(dom) == []
    actors, edges = expected_graph(seeds_events)
    assert len(actors) >= 5 and len(edges) >= 5
    assert int(attr(dom, "div", "data-nodes", "kg-status")) == len(actors)
    assert int(attr(dom, "div", "data-edges", "kg-status")) == len(edges)
    assert int(attr(dom, "div", "data-visible-edges", "kg-status")) == len(edges)
    assert json.loads(attr(dom, "div", "data-labels", "kg-status")) == actors
    drawn = attr(dom, "div", "data-drawn", "kg-status")
    assert drawn and re.fullmatch(r"[1-9]\d*x[1-9]\d*", drawn), drawn  # vis-network drew on a real canvas
    assert {"Donald Trump", "Wladimir Putin"} <= set(actors)
    assert 'href="timeline.html"' in dom


def test_timeline_page_lists_the_seed_events(seed_pages, seeds_events, tmp_path):
    dom = dump(seed_pages / "timeline.html", tmp_path)
    assert errors(dom) == []
    assert attr(dom, "body", "data-ready") == "1"
    assert attr(dom, "body", "data-view") == "pair"
    assert int(attr(dom, "body", "data-shown")) == len(seeds_events)
    ids = [html.unescape(i) for i in re.findall(r"<details class=\"ev [^\"]*\" data-id=\"([^\"]+)\"", dom)]
    assert Counter(ids) == Counter(ev["id"] for ev in seeds_events)
    for ev in seeds_events:
        for s in ev["sources"]:
            assert html.escape(s["evidence"], quote=False) in dom
    assert 'href="graph.html"' in dom


def test_timeline_groups_by_actor_and_filters_from_the_link(seed_pages, seeds_events, tmp_path):
    dom = dump(seed_pages / "timeline.html", tmp_path, "#group=actor&actor=putin")
    assert errors(dom) == []
    assert attr(dom, "body", "data-view") == "actor"
    with_putin = [ev for ev in seeds_events if any("Putin" in p["label"] for p in ev["participants"])]
    assert int(attr(dom, "body", "data-shown")) == len(with_putin) > 0
    keys = [html.unescape(k) for k in re.findall(r"<section class=\"grp\" data-key=\"([^\"]*)\"", dom)]
    assert "Wladimir Putin" in keys and "Donald Trump" in keys  # one section per actor (besides the pair view)


def test_article_text_cannot_run_script(tmp_path):
    probe = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">"
    probe2 = "<script>document.documentElement.setAttribute('data-pwned','2')</script>"
    events = [
        make_event(0, a=f"Akteur {SCRIPT}", b=f"Akteur {IMG}", evidence=f"{EVIL} {probe} {probe2}"),
        make_event(1, a=f"Akteur {probe}", b=f"href {probe2}", evidence=EVIL,
                   location={"label": probe, "wikidata": None}, conflicts=[probe2]),
    ]
    (tmp_path / "graph.html").write_text(network_html(events), encoding="utf-8")
    (tmp_path / "timeline.html").write_text(timeline_html(events), encoding="utf-8")
    for name in ("graph.html", "timeline.html"):
        dom = dump(tmp_path / name, tmp_path, "#group=actor")
        assert errors(dom) == [], name
        assert attr(dom, "html", "data-pwned") is None, name
        assert "<img" not in dom.lower(), name
    dom = dump(tmp_path / "graph.html", tmp_path)
    labels = json.loads(attr(dom, "div", "data-labels", "kg-status"))
    assert f"Akteur {SCRIPT}" in labels and f"Akteur {probe}" in labels  # shown as text
    dom = dump(tmp_path / "timeline.html", tmp_path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


def test_error_hook_sees_failures(tmp_path):
    """Negative control: a page that tries the network and throws is reported, so the
    empty error lists above mean something."""
    page = timeline_html([make_event()]).replace(
        "</body>", "<script src='https://cdn.example.org/x.js'></script><script>noSuchFunction()</script></body>")
    (tmp_path / "bad.html").write_text(page, encoding="utf-8")
    found = errors(dump(tmp_path / "bad.html", tmp_path))
    assert any("noSuchFunction" in e for e in found), found
    assert any("cdn.example.org" in e for e in found), found


def test_five_thousand_events_render(tmp_path):
    events = synthetic_events(5000)
    (tmp_path / "graph.html").write_text(network_html(events), encoding="utf-8")
    dom = dump(tmp_path / "graph.html", tmp_path)
    assert errors(dom) == []
    actors, edges = expected_graph(events)
    assert int(attr(dom, "div", "data-nodes", "kg-status")) == len(actors)
    assert int(attr(dom, "div", "data-edges", "kg-status")) == len(edges)
    assert 0 < int(attr(dom, "div", "data-visible-edges", "kg-status")) <= 700
    assert attr(dom, "div", "data-drawn", "kg-status")


def test_screenshots(seed_pages, tmp_path):
    out = Path(os.environ["KG_SCREENSHOTS"]) if os.environ.get("KG_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    for name in ("graph", "timeline"):
        png = out / f"{name}.png"
        run_chromium((seed_pages / f"{name}.html").as_uri(), tmp_path, f"--screenshot={png}")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
