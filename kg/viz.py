"""Self-contained HTML pages from exported events (never touches the store).

``network_html`` draws actors as nodes and one edge per actor pair and event type
(pyvis, vis-network inlined, no CDN link left); ``timeline_html`` lists the events in
date order. Both escape every text taken from articles.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from itertools import combinations

STATUS_STYLE = {"occurred": "solid", "planned": "dashed", "claimed": "dotted", "denied": "struck",
                "cancelled": "struck", "unknown": "dotted"}
TYPE_COLOUR = {"PhoneCall": "#1f77b4", "Meeting": "#2ca02c", "Summit": "#d62728", "Visit": "#9467bd",
               "Negotiation": "#ff7f0e", "Invitation": "#8c564b", "Consultation": "#7f7f7f"}
KIND_COLOUR = {"Person": "#4e79a7", "State": "#f28e2b", "Organisation": "#59a14f", "Delegation": "#e15759"}
_CDN = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"https?://[^\"]+\"[^>]*>(?:\s*</script>)?", re.I)


def _when(ev: dict) -> str:
    lo, hi = ev["earliest"], ev["latest"]
    return lo if lo == hi and lo else f"{lo or '…'} – {hi or '…'}"


def filter_events(events: list[dict], *, start=None, end=None, actor=None, types=None) -> list[dict]:
    """Events overlapping [start, end], with an actor whose label contains ``actor``, of ``types``."""
    out = []
    for ev in events:
        if start and ev["latest"] and ev["latest"] < start:
            continue
        if end and ev["earliest"] and ev["earliest"] > end:
            continue
        if actor and not any(actor.casefold() in p["label"].casefold() for p in ev["participants"]):
            continue
        if types and ev["type"] not in types:
            continue
        out.append(ev)
    return out


def network_html(events: list[dict], title: str = "kg: diplomatic contacts", timeline_href: str | None = "timeline.html") -> str:
    """The actor network as one HTML page with no external references."""
    import networkx as nx
    from pyvis.network import Network

    activity: Counter = Counter()
    edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    labels = {}
    for ev in events:
        names = sorted(p["label"] for p in ev["participants"])
        for p in ev["participants"]:
            activity[p["label"]] += 1
            labels[p["label"]] = p
        for a, b in combinations(names, 2):
            edges[(a, b, ev["type"])].append(ev)
    net = Network(height="760px", width="100%", directed=False, cdn_resources="in_line", notebook=False)
    graph = nx.Graph()
    graph.add_nodes_from(activity)
    graph.add_edges_from((a, b) for a, b, _ in edges)
    large = len(activity) > 150
    pos = nx.spring_layout(graph, seed=7, k=None) if large and len(graph) else {}
    for name, count in sorted(activity.items()):
        kw = {}
        if name in pos:
            kw = {"x": float(pos[name][0] * 1500), "y": float(pos[name][1] * 1500), "physics": False}
        wikidata = labels[name].get("wikidata")
        net.add_node(name, label=name, size=10 + 4 * min(count, 15),
                     title=f"{name}\n{count} events" + (f"\nWikidata {wikidata}" if wikidata else ""), **kw)
    for (a, b, etype), evs in sorted(edges.items()):
        lines = [f"{etype}: {len(evs)}"] + [
            f"{_when(e)} {e['status']} ({len(e['sources'])} sources)" for e in sorted(evs, key=lambda e: e["earliest"] or "")
        ]
        net.add_edge(a, b, title="\n".join(lines), width=1 + 2 * min(len(evs), 8),
                     color=TYPE_COLOUR.get(etype, "#999"), label=etype)
    if large:
        net.toggle_physics(False)
    page = net.generate_html(notebook=False)
    page = _CDN.sub("", page)
    nav = f'<p style="font-family:sans-serif"><b>{html.escape(title)}</b>'
    if timeline_href:
        nav += f' · <a href="{html.escape(timeline_href)}">timeline</a>'
    nav += "</p>"
    page = page.replace("<body>", "<body>\n" + nav, 1)
    return page


def timeline_html(events: list[dict], title: str = "kg: timeline", network_href: str | None = "graph.html") -> str:
    """Events in date order, grouped by actor pair, each expandable to its sources."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for ev in events:
        groups[" – ".join(sorted(p["label"] for p in ev["participants"]))].append(ev)
    dates = [d for ev in events for d in (ev["earliest"], ev["latest"]) if d]
    lo, hi = (min(dates), max(dates)) if dates else ("", "")
    data = json.dumps({"lo": lo, "hi": hi}).replace("<", "\\u003c")
    parts = [f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:sans-serif;margin:1.5em}h2{font-size:1.05em;margin-top:1.4em}"
             ".ev{margin:.3em 0;padding:.3em .5em;border-left:4px solid #888}"
             ".occurred{border-left-style:solid}.planned{border-left-style:dashed;background:#f6fbff}"
             ".claimed{border-left-style:dotted;background:#fffbe6}.denied,.cancelled{text-decoration:line-through;color:#777}"
             ".bar{position:relative;height:6px;background:#eee;margin:.2em 0}.bar span{position:absolute;height:6px;background:#4e79a7}"
             "summary{cursor:pointer}.src{font-size:.9em;color:#333;margin:.2em 0 .2em 1em}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>"]
    if network_href:
        parts.append(f'<p><a href="{html.escape(network_href)}">network graph</a></p>')
    parts.append(f"<p>{len(events)} events</p>")
    for pair in sorted(groups):
        parts.append(f"<h2>{html.escape(pair)}</h2>")
        for ev in sorted(groups[pair], key=lambda e: (e["earliest"] or e["latest"] or "", e["id"])):
            colour = TYPE_COLOUR.get(ev["type"], "#888")
            parts.append(
                f"<details class='ev {html.escape(ev['status'])}' style='border-left-color:{colour}' "
                f"data-type='{html.escape(ev['type'])}' data-earliest='{html.escape(ev['earliest'] or '')}' "
                f"data-latest='{html.escape(ev['latest'] or '')}'><summary><b>{html.escape(_when(ev))}</b> "
                f"{html.escape(ev['type'])} · {html.escape(ev['status'])}"
                + (f" · {html.escape(ev['location']['label'])}" if ev.get("location") else "")
                + f" · {len(ev['sources'])} source(s)"
                + (" · <b>sources disagree</b>" if ev.get("conflicts") else "")
                + "</summary><div class='bar'><span></span></div>"
            )
            if ev.get("topics"):
                parts.append(f"<div class='src'>topics: {html.escape(', '.join(ev['topics']))}</div>")
            for c in ev.get("conflicts", []):
                parts.append(f"<div class='src'>⚠ {html.escape(c)}</div>")
            for s in ev["sources"]:
                parts.append(
                    f"<div class='src'><b>{html.escape(s['doc'])}</b> ({html.escape(s.get('outlet') or '?')}, "
                    f"{html.escape(s.get('published') or 'undated')}, {html.escape(s['status'])}): "
                    f"„{html.escape(s['evidence'])}“</div>"
                )
            parts.append("</details>")
    parts.append(f"<script>const range={data};"
                 "const d=s=>s?Date.parse(s):null;const lo=d(range.lo),hi=d(range.hi),w=Math.max(hi-lo,1);"
                 "document.querySelectorAll('details.ev').forEach(e=>{const a=d(e.dataset.earliest)??lo,"
                 "b=d(e.dataset.latest)??hi;const s=e.querySelector('.bar span');"
                 "s.style.left=(100*(a-lo)/w)+'%';s.style.width=Math.max(0.5,100*(b-a)/w)+'%';});</script>")
    parts.append("</body></html>")
    return "".join(parts)
