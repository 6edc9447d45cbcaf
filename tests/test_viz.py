"""kg.viz on hand-built event dicts: escaping, offline pages, filters, links, 5,000 events."""
from __future__ import annotations

import json
import random
import re
import time
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from kg.viz import filter_events, network_html, timeline_html

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
EVIL = f"Putin sagte {SCRIPT} und {IMG} am Montag."


def make_event(i=0, a="Donald Trump", b="Wladimir Putin", etype="PhoneCall", earliest="2025-02-12",
               latest="2025-02-12", status="occurred", evidence="Trump telefonierte mit Putin.", **extra) -> dict:
    ev = {
        "id": f"https://w3id.org/kg/event/t{i:05d}",
        "type": etype,
        "participants": [{"label": x, "wikidata": None} for x in sorted({a, b})],
        "initiator": None,
        "earliest": earliest,
        "latest": latest,
        "status": status,
        "topics": [],
        "location": None,
        "sources": [{"doc": f"{i:03d}.txt", "published": "2025-02-13", "status": status, "evidence": evidence,
                     "outlet": "dpa", "url": None}],
        "granularity": "days",
        "conflicts": [],
    }
    ev.update(extra)
    return ev


def synthetic_events(n: int = 5000, actors: int = 180, seed: int = 1) -> list[dict]:
    """Events of the export contract with a skewed actor activity (a few actors in most events)."""
    rnd = random.Random(seed)
    names = [f"Akteur {i:03d}" for i in range(actors)]
    weights = [1 / (i + 1) ** 0.9 for i in range(actors)]
    types = ["PhoneCall", "Meeting", "Summit", "Visit", "Negotiation", "Invitation", "Consultation"]
    statuses = ["occurred"] * 6 + ["planned", "planned", "claimed", "denied", "cancelled"]
    kinds = ["Person", "State", "Organisation"]
    out = []
    for i in range(n):
        people: set[str] = set()
        while len(people) < (2 if rnd.random() < 0.9 else 3):
            people.add(rnd.choices(names, weights)[0])
        day = date(2020, 1, 1) + timedelta(days=rnd.randrange(2000))
        lo, hi = day.isoformat(), (day + timedelta(days=rnd.choice([0, 0, 0, 1, 6, 30]))).isoformat()
        if rnd.random() < 0.05:
            lo = None
        sources = [{"doc": f"{i:05d}_{j}.txt", "published": hi, "status": "occurred",
                    "evidence": f"Satz {i}/{j}: " + "Wort " * rnd.randrange(5, 40),
                    "outlet": rnd.choice(["dpa", "n-tv", None]), "url": None} for j in range(rnd.choice([1, 1, 2, 3]))]
        out.append({
            "id": f"https://w3id.org/kg/event/syn{i:05d}", "type": rnd.choice(types),
            "participants": [{"label": p, "wikidata": None, "kind": kinds[int(p[-3:]) % 3],
                              "country": f"Land {int(p[-3:]) % 7}"} for p in sorted(people)],
            "initiator": None, "earliest": lo, "latest": hi, "status": rnd.choice(statuses), "topics": [],
            "location": None, "sources": sources, "granularity": "days", "conflicts": [],
        })
    return out


def evil_events() -> list[dict]:
    """Article text with markup in every field that comes from articles."""
    return [
        make_event(0, a=f"Akteur {SCRIPT}", b=f"Akteur {IMG}", evidence=EVIL,
                   location={"label": f"Ort {IMG}", "wikidata": None}, topics=[f"topic{SCRIPT}"],
                   conflicts=[f"Quelle sagt {SCRIPT}"],
                   initiator={"label": f"Akteur {SCRIPT}", "wikidata": None}),
        make_event(1, a="Donald Trump", b=f"Mr href {IMG}", evidence=EVIL, status="planned"),
        make_event(2, evidence=EVIL, sources=[{"doc": f"doc{IMG}.txt", "published": "2025-02-13", "status": "claimed",
                                               "evidence": EVIL, "outlet": f"Outlet {SCRIPT}",
                                               "url": "javascript:alert(1)"}]),
    ]


class Tags(HTMLParser):
    """Every start tag with its attributes (script and style contents are not tags)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def pyvis_data(page: str, name: str) -> list[dict]:
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\s*\n", page, re.S)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def assert_safe(page: str, scripts: int):
    assert SCRIPT not in page
    assert "<img" not in page.lower()
    assert "alert(1)</script>" not in page
    tags = Tags(page).tags
    assert not [t for t, _ in tags if t in ("img", "iframe", "object", "embed", "link", "base", "form")]
    assert not [(t, a) for t, attrs in tags for a in attrs if a.lower().startswith("on")], "event handler attribute"
    assert sum(1 for t, _ in tags if t == "script") == scripts
    assert not [attrs for t, attrs in tags if t == "script" and "src" in attrs]
    assert not [attrs for t, attrs in tags if t == "a" and (attrs.get("href") or "").lower().startswith("javascript")]


def assert_offline(page: str):
    low = page.lower()
    assert not re.search(r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", low)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", low)
    assert "@import" not in low
    assert "cdn.jsdelivr" not in low and "cdnjs" not in low and "bootstrap" not in low
    assert "node_modules" not in low
    assert "http-equiv='content-security-policy'" in low and "default-src 'none'" in low


# ---------------------------------------------------------------- escaping


def test_timeline_escapes_article_text():
    page = timeline_html(evil_events())
    assert_safe(page, scripts=2)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "javascript:" not in page  # a source URL that is not http(s) is not linked


def test_network_escapes_article_text_also_in_tooltips():
    page = network_html(evil_events())
    assert_safe(page, scripts=5)  # error hook, pyvis utils, vis-network, drawGraph, page controls
    nodes, edges = pyvis_data(page, "nodes"), pyvis_data(page, "edges")
    # the labels and tooltips still say what the article said, as text for vis-network
    assert any(SCRIPT in n["label"] for n in nodes)
    assert any(EVIL in e["title"] for e in edges)
    assert any(IMG in e["title"] and SCRIPT in e["title"] for e in edges)
    # and inside the script they are JSON with \u003c escapes
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    # "href" in a node title would make pyvis put titles into innerHTML
    assert "popup.innerHTML" not in page
    assert not any("href" in n["title"] for n in nodes)
    # the datalist of actor names is escaped HTML
    assert "Akteur &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_titles_and_hrefs_are_escaped():
    page = network_html([make_event()], title=f"T {SCRIPT}", timeline_href=f"t.html{IMG}")
    assert_safe(page, scripts=5)
    page = timeline_html([make_event()], title=f"T {SCRIPT}", network_href=f"g.html{IMG}")
    assert_safe(page, scripts=2)


# ---------------------------------------------------------------- offline


@pytest.mark.parametrize("events", [[], [make_event()], evil_events()], ids=["empty", "one", "evil"])
def test_pages_have_no_external_references(events):
    for page in (network_html(events), timeline_html(events)):
        assert_offline(page)
        assert page.lstrip().lower().startswith("<!doctype html>")
        assert "data-errors" in page  # the error hook is there


def test_network_inlines_vis():
    page = network_html([make_event()])
    assert "vis.Network" in page and len(page) > 300_000


# ---------------------------------------------------------------- graph content


def test_one_edge_per_pair_and_type_with_width_by_count():
    events = [make_event(i) for i in range(5)] + [make_event(10, etype="Meeting", status="planned")]
    events.append(make_event(11, a="Donald Trump", b="Wolodymyr Selenskyj", etype="Meeting"))
    page = network_html(events)
    nodes, edges = pyvis_data(page, "nodes"), pyvis_data(page, "edges")
    assert sorted(n["id"] for n in nodes) == ["Donald Trump", "Wladimir Putin", "Wolodymyr Selenskyj"]
    pairs = sorted((e["from"], e["to"], e["etype"], e["n"]) for e in edges)
    assert pairs == [("Donald Trump", "Wladimir Putin", "Meeting", 1), ("Donald Trump", "Wladimir Putin", "PhoneCall", 5),
                     ("Donald Trump", "Wolodymyr Selenskyj", "Meeting", 1)]
    by_type = {(e["to"], e["etype"]): e for e in edges}
    assert by_type[("Wladimir Putin", "PhoneCall")]["width"] > by_type[("Wladimir Putin", "Meeting")]["width"]
    assert by_type[("Wladimir Putin", "Meeting")]["dashes"] is True  # only planned
    assert by_type[("Wladimir Putin", "PhoneCall")]["dashes"] is False
    # the two edges of one pair do not lie on top of each other
    assert by_type[("Wladimir Putin", "PhoneCall")]["smooth"] != by_type[("Wladimir Putin", "Meeting")]["smooth"]
    sizes = {n["id"]: n["value"] for n in nodes}
    assert sizes == {"Donald Trump": 7, "Wladimir Putin": 6, "Wolodymyr Selenskyj": 1}
    tip = by_type[("Wladimir Putin", "PhoneCall")]["title"]
    assert "PhoneCall: 5 events" in tip and tip.count("• 2025-02-12 · occurred · 1 source: dpa 2025-02-13") == 5
    assert all("x" in n and "y" in n for n in nodes)
    assert '"physics": {"enabled": false}' in page


def test_node_kind_from_the_event_or_the_gazetteer():
    ev = make_event(a="Donald Trump", b="Russland")
    ev["participants"].append({"label": "Neue Gruppe", "wikidata": None, "kind": "Organisation", "country": None})
    ev["participants"].append({"label": "Niemand Bekanntes", "wikidata": None})
    nodes = {n["id"]: n for n in pyvis_data(network_html([ev]), "nodes")}
    assert nodes["Neue Gruppe"]["kind"] == "Organisation"
    assert nodes["Niemand Bekanntes"]["kind"] == "unknown"
    assert nodes["Donald Trump"]["kind"] == "Person" and nodes["Donald Trump"]["country"]
    assert nodes["Russland"]["kind"] == "State"
    assert nodes["Russland"]["color"] != nodes["Donald Trump"]["color"]


def test_tooltips_are_capped_for_busy_edges():
    events = [make_event(i, earliest=f"2025-01-{1 + i % 28:02d}", latest=f"2025-01-{1 + i % 28:02d}") for i in range(40)]
    (edge,) = pyvis_data(network_html(events), "edges")
    assert edge["title"].count("\n• ") == 10 and "30 more in the timeline" in edge["title"]


# ---------------------------------------------------------------- 5,000 events


def test_five_thousand_events_stay_readable_and_small():
    events = synthetic_events(5000)
    t0 = time.perf_counter()
    page = network_html(events)
    took = time.perf_counter() - t0
    assert took < 60
    assert len(page) < 6_000_000, len(page)
    assert_offline(page)
    nodes, edges = pyvis_data(page, "nodes"), pyvis_data(page, "edges")
    actors = {p["label"] for ev in events for p in ev["participants"]}
    assert {n["id"] for n in nodes} == actors
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(round(n["x"]), round(n["y"])) for n in nodes}) > 0.95 * len(nodes)  # a real layout
    assert '"physics": {"enabled": false}' in page
    visible = [e for e in edges if not e["hidden"]]
    assert 0 < len(visible) <= 700 < len(edges)  # weak connections wait behind the threshold control
    assert all("label" not in e for e in edges)  # no edge labels in a large graph
    assert sum(e["n"] for e in edges) >= 5000
    timeline = timeline_html(events)
    assert len(timeline) < 15_000_000
    assert timeline.count("<details class='ev") == 5000


# ---------------------------------------------------------------- timeline content


def test_timeline_orders_groups_and_styles():
    events = [
        make_event(1, earliest="2025-03-01", latest="2025-03-01"),
        make_event(2, earliest=None, latest="2025-01-20", status="denied"),
        make_event(3, earliest="2025-05-17", latest=None, status="planned", etype="Meeting"),
        make_event(4, earliest="2025-02-10", latest="2025-02-16", status="claimed"),
        make_event(5, a="Marco Rubio", b="Sergej Lawrow", status="cancelled"),
        make_event(6, earliest=None, latest=None, status="occurred", a="Marco Rubio", b="Sergej Lawrow"),
    ]
    page = timeline_html(events)
    ids = re.findall(r"data-id='https://w3id.org/kg/event/t(\d+)'", page)
    assert ids == ["00002", "00004", "00001", "00003", "00005", "00006"]  # biggest pair first, then by date
    assert "<h2>Donald Trump – Wladimir Putin<span class='n'> (4)</span></h2>" in page
    for status in ("occurred", "planned", "claimed", "denied", "cancelled"):
        assert f"class='ev st-{status}'" in page
    assert "class='bar open-l'" in page and "class='bar open-r'" in page and "class='bar point'" in page
    assert "class='bar undated'" in page
    assert "… – 2025-01-20" in page and "2025-05-17 – …" in page and "2025-02-10 – 2025-02-16" in page
    assert "<blockquote lang='de'>„Trump telefonierte mit Putin.“</blockquote>" in page
    assert "data-actors='[&quot;Donald Trump&quot;, &quot;Wladimir Putin&quot;]'" in page
    assert "value='actor'" in page and "value='pair'" in page  # the grouping toggle


def test_source_links_only_for_http_urls():
    ev = make_event()
    ev["sources"][0]["url"] = "https://example.org/a?x=1&y=2"
    page = timeline_html([ev])
    assert "<a href='https://example.org/a?x=1&amp;y=2' rel='noopener noreferrer' target='_blank'>article</a>" in page


# ---------------------------------------------------------------- links


def test_pages_link_to_each_other():
    net, tl = network_html([make_event()]), timeline_html([make_event()])
    assert "href='timeline.html'" in net and "href='graph.html'" in tl
    assert "TIMELINE=\"timeline.html\"" in net  # double-click opens the timeline for an actor
    net = network_html([make_event()], timeline_href="tl-2025.html")
    tl = timeline_html([make_event()], network_href="net-2025.html")
    assert "href='tl-2025.html'" in net and "href='net-2025.html'" in tl
    assert "timeline →" not in network_html([make_event()], timeline_href=None)
    assert "network graph →" not in timeline_html([make_event()], network_href=None)


# ---------------------------------------------------------------- filters


EVENTS = [
    make_event(1, earliest="2025-01-10", latest="2025-01-10"),
    make_event(2, earliest="2025-02-01", latest="2025-02-28", etype="Meeting"),
    make_event(3, earliest=None, latest="2025-03-05", a="Wolodymyr Selenskyj", b="Recep Tayyip Erdoğan"),
    make_event(4, earliest="2025-06-01", latest=None, etype="Summit"),
    make_event(5, earliest=None, latest=None),
]


def _ids(evs):
    return [int(e["id"][-5:]) for e in evs]


def test_filter_by_dates_overlap_and_open_ends():
    assert _ids(filter_events(EVENTS, start="2025-02-15")) == [2, 3, 4, 5]
    assert _ids(filter_events(EVENTS, end="2025-02-15")) == [1, 2, 3, 5]
    assert _ids(filter_events(EVENTS, start="2025-02-15", end="2025-03-31")) == [2, 3, 5]
    assert _ids(filter_events(EVENTS, start=date(2025, 7, 1))) == [4, 5]


def test_filter_partial_end_date_covers_the_period():
    assert _ids(filter_events(EVENTS, end="2025-02")) == [1, 2, 3, 5]
    assert _ids(filter_events(EVENTS, start="2025", end="2025")) == [1, 2, 3, 4, 5]
    assert _ids(filter_events(EVENTS, end="2024")) == [3, 5]


def test_filter_by_actor_and_type():
    assert _ids(filter_events(EVENTS, actor="putin")) == [1, 2, 4, 5]
    assert _ids(filter_events(EVENTS, actor="erdogan")) == [3]  # accents do not matter
    assert _ids(filter_events(EVENTS, actor="SELENSKYJ")) == [3]
    assert _ids(filter_events(EVENTS, types={"Meeting", "Summit"})) == [2, 4]
    assert _ids(filter_events(EVENTS, types=set())) == [1, 2, 3, 4, 5]
    assert _ids(filter_events(EVENTS, actor="putin", types=["PhoneCall"], start="2025-01-05", end="2025-01-31")) == [1, 5]


def test_filter_by_wikidata_id():
    ev = make_event(9)
    ev["participants"][1]["wikidata"] = "Q7747"
    assert _ids(filter_events([ev, make_event(8)], actor="Q7747")) == [9]
