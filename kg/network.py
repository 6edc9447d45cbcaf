"""Network analysis of canonical events with networkx: degree, centrality, pairs, communities."""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx


def event_graph(events: list[dict]) -> nx.Graph:
    """Actors as nodes; an edge per pair with ``weight`` = number of events and their types."""
    g = nx.Graph()
    for ev in events:
        names = sorted(p["label"] for p in ev["participants"])
        for name in names:
            g.add_node(name)
        for a, b in combinations(names, 2):
            if g.has_edge(a, b):
                g[a][b]["weight"] += 1
                g[a][b]["types"][ev["type"]] += 1
            else:
                g.add_edge(a, b, weight=1, types=Counter({ev["type"]: 1}))
    return g


def measures(events: list[dict]) -> dict:
    """Degree, weighted degree, betweenness, communities and pair weights."""
    g = event_graph(events)
    if not len(g):
        return {"degree": {}, "strength": {}, "betweenness": {}, "communities": [], "pairs": []}
    communities = nx.algorithms.community.greedy_modularity_communities(g, weight="weight") if g.number_of_edges() else []
    return {
        "degree": dict(g.degree()),
        "strength": dict(g.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(g, weight=None),
        "communities": [sorted(c) for c in communities],
        "pairs": sorted(((a, b, d["weight"]) for a, b, d in g.edges(data=True)), key=lambda t: (-t[2], t[0], t[1])),
    }


def summary(store, events: list[dict]) -> str:
    """A short text report for ``kg stats``."""
    rows = store.select(
        "PREFIX kg: <https://w3id.org/kg/ontology#> SELECT (COUNT(DISTINCT ?a) AS ?articles) "
        "(COUNT(DISTINCT ?m) AS ?mentions) WHERE { { ?a a kg:Article } UNION { ?m a kg:EventMention } }"
    )
    articles = int(rows[0]["articles"]) if rows else 0
    mentions = int(rows[0]["mentions"]) if rows else 0
    m = measures(events)
    lines = [f"articles {articles}, mentions {mentions}, canonical events {len(events)}, actors {len(m['degree'])}"]
    by_type = Counter(ev["type"] for ev in events)
    by_status = Counter(ev["status"] for ev in events)
    lines.append("by type: " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
    lines.append("by status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    lines.append("most active pairs:")
    for a, b, w in m["pairs"][:10]:
        lines.append(f"  {w:3d}  {a} – {b}")
    lines.append("most central actors (betweenness, degree):")
    for name, score in sorted(m["betweenness"].items(), key=lambda t: (-t[1], -m["degree"][t[0]], t[0]))[:10]:
        lines.append(f"  {score:.3f}  {m['degree'][name]:3d}  {name}")
    if m["communities"]:
        lines.append("communities:")
        for c in m["communities"][:8]:
            lines.append("  " + ", ".join(c))
    return "\n".join(lines)
