"""Network analysis of canonical events with networkx: degree, centrality, pairs, communities.

Actors are nodes (named by their labels); two actors share an edge when they took part in
the same canonical event, with ``weight`` = the number of such events, whatever their
status (the same count as the ``counterparts`` and ``active-pairs`` queries). Each edge also
keeps how many of them took place (``occurred``), the count per event type, and the first
and last day.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

IN_PERSON = ("Meeting", "Summit", "Visit", "Negotiation")


def _days(ev: dict) -> tuple[str | None, str | None]:
    lo, hi = ev.get("earliest"), ev.get("latest")
    return lo or hi, hi or lo


def event_graph(events: list[dict]) -> nx.Graph:
    """Actors as nodes; an edge per pair with ``weight`` = number of events, ``occurred``,
    ``types`` (a Counter), ``first`` and ``last`` day; nodes carry ``events`` and ``wikidata``."""
    g = nx.Graph()
    for ev in events:
        people = sorted({p["label"]: p for p in ev["participants"]}.values(), key=lambda p: p["label"])
        first, last = _days(ev)
        occurred = 1 if ev.get("status") == "occurred" else 0
        for p in people:
            if p["label"] not in g:
                g.add_node(p["label"], events=0, wikidata=p.get("wikidata"))
            g.nodes[p["label"]]["events"] += 1
        for a, b in combinations([p["label"] for p in people], 2):
            if g.has_edge(a, b):
                d = g[a][b]
                d["weight"] += 1
                d["occurred"] += occurred
                d["types"][ev["type"]] += 1
                if first and (d["first"] is None or first < d["first"]):
                    d["first"] = first
                if last and (d["last"] is None or last > d["last"]):
                    d["last"] = last
            else:
                g.add_edge(a, b, weight=1, occurred=occurred, types=Counter({ev["type"]: 1}),
                           first=first, last=last)
    return g


def measures(events: list[dict]) -> dict:
    """Degree, weighted degree (strength), betweenness, communities and pair weights.

    ``pairs`` is ``[(a, b, weight)]`` heaviest first; ``edges`` gives the same pairs as dicts
    with ``occurred``, ``calls``, ``in_person``, ``types``, ``first`` and ``last``.
    ``weighted_betweenness`` treats frequent contact as closeness (distance 1 / weight).
    """
    g = event_graph(events)
    if not len(g):
        return {"degree": {}, "strength": {}, "betweenness": {}, "weighted_betweenness": {},
                "communities": [], "pairs": [], "edges": []}
    for _a, _b, d in g.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    communities = []
    if g.number_of_edges():
        found = nx.algorithms.community.greedy_modularity_communities(g, weight="weight")
        communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    pairs = sorted(((a, b, d["weight"]) if a < b else (b, a, d["weight"]) for a, b, d in g.edges(data=True)),
                   key=lambda t: (-t[2], t[0], t[1]))
    edges = []
    for a, b, _w in pairs:
        d = g[a][b]
        edges.append({
            "a": a, "b": b, "events": d["weight"], "occurred": d["occurred"],
            "calls": d["types"].get("PhoneCall", 0),
            "in_person": sum(d["types"].get(t, 0) for t in IN_PERSON),
            "types": dict(sorted(d["types"].items())), "first": d["first"], "last": d["last"],
        })
    return {
        "degree": dict(g.degree()),
        "strength": dict(g.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(g, weight=None),
        "weighted_betweenness": nx.betweenness_centrality(g, weight="distance"),
        "communities": communities,
        "pairs": pairs,
        "edges": edges,
    }


COUNTS = """PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?m) AS ?mentions)
WHERE { { ?article a kg:Article } UNION { ?m a kg:EventMention } }"""


def summary(store, events: list[dict]) -> str:
    """A short text report for ``kg stats``."""
    rows = store.select(COUNTS)
    articles = int(rows[0]["articles"]) if rows and "articles" in rows[0] else 0
    mentions = int(rows[0]["mentions"]) if rows and "mentions" in rows[0] else 0
    m = measures(events)
    lines = [f"articles {articles}, mentions {mentions}, canonical events {len(events)}, actors {len(m['degree'])}"]
    by_type = Counter(ev["type"] for ev in events)
    by_status = Counter(ev["status"] for ev in events)
    lines.append("by type: " + (", ".join(f"{k} {v}" for k, v in sorted(by_type.items())) or "none"))
    lines.append("by status: " + (", ".join(f"{k} {v}" for k, v in sorted(by_status.items())) or "none"))
    dated = sorted(d for ev in events for d in _days(ev) if d)
    if dated:
        lines.append(f"dates: {dated[0]} – {dated[-1]}")
    if not m["edges"]:
        return "\n".join(lines)
    lines.append("most active pairs (events, of them occurred; calls, in person):")
    for e in m["edges"][:10]:
        lines.append(f"  {e['events']:3d} {e['occurred']:3d}  {e['a']} – {e['b']}  "
                     f"(calls {e['calls']}, in person {e['in_person']}, {e['first'] or '?'} – {e['last'] or '?'})")
    lines.append("most central actors (betweenness, degree, weighted degree):")
    ranked = sorted(m["betweenness"].items(), key=lambda t: (-t[1], -m["strength"][t[0]], t[0]))
    for name, score in ranked[:10]:
        lines.append(f"  {score:.3f}  {m['degree'][name]:3d}  {m['strength'][name]:3d}  {name}")
    if m["communities"]:
        lines.append("communities:")
        for c in m["communities"][:8]:
            lines.append("  " + ", ".join(c))
    return "\n".join(lines)
