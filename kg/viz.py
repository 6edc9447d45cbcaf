"""Self-contained HTML pages from exported events (never touches the store).

``network_html`` draws the actors as nodes (size by activity, colour by kind or by
country) and one edge per actor pair and event type (width by number of events), with
tooltips listing each dated event; the vis-network library is inlined by pyvis and every
external reference pyvis leaves (bootstrap from a CDN) is removed, so the page opens
without network access. Large graphs get a layout precomputed with networkx and no
physics. ``timeline_html`` lists the events in date order, grouped by actor pair or by
actor, vague dates drawn as spans, each event expandable to its sources and evidence.

Every text taken from articles is escaped: HTML text and attributes with
``html.escape``; data inside ``<script>`` as JSON with ``<``, ``>`` and ``&`` written as
``\\u003c`` escapes (pyvis' ``tojson`` does the same for node and edge data); the
pages' own scripts only ever insert article text through ``textContent``, and
vis-network shows string tooltips as text (``innerText``). Both pages carry a Content
Security Policy that forbids loading anything, and record script errors in the
``data-errors`` attribute of ``<html>``.

The event dicts are those of ``kg.api.events`` (README, *Export contract*). Participants
carry ``label`` and ``wikidata``; an actor's kind (Person, State, Organisation,
Delegation) and country are taken from a participant's ``kind``/``country`` fields when
present, else looked up in the gazetteer by Wikidata id or name.
"""
from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import cache
from itertools import combinations

STATUSES = ("occurred", "planned", "claimed", "denied", "cancelled", "unknown")
STATUS_STYLE = {"occurred": "solid", "planned": "dashed", "claimed": "dotted", "denied": "struck",
                "cancelled": "struck", "unknown": "dotted"}
TYPE_COLOUR = {"PhoneCall": "#1f77b4", "Meeting": "#2ca02c", "Summit": "#d62728", "Visit": "#9467bd",
               "Negotiation": "#ff7f0e", "Invitation": "#8c564b", "Consultation": "#7f7f7f"}
KIND_COLOUR = {"Person": "#4e79a7", "State": "#f28e2b", "Organisation": "#59a14f", "Delegation": "#e15759",
               "unknown": "#b0b0b0"}
COUNTRY_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                   "#ff9da7", "#9c755f", "#17becf", "#bcbd22"]
OTHER_COUNTRY = "#c7c7c7"

#: above these sizes the graph is "large": precomputed layout only, no edge labels
LARGE_NODES = 60
LARGE_EDGES = 150
#: events listed in one edge tooltip (the rest are counted; the timeline has them all)
TIP_EVENTS = 10
TIP_EVIDENCE = 110
#: at most this many connections are shown at first; weaker ones wait behind the threshold control
SHOWN_EDGES = 700

_CDN_TAG = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?", re.I)
_NODE_MODULES_COMMENT = re.compile(r"<!--(?:(?!-->).)*node_modules.*?-->", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.S)

# No fetches of any kind: scripts and styles are inline, images only data: URIs.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")

# First script of both pages: records script errors, failed loads and CSP violations.
_ERROR_HOOK = """<script>(function(){var errs=[],root=document.documentElement;
root.setAttribute('data-errors','[]');
function rec(m){errs.push(String(m).slice(0,300));root.setAttribute('data-errors',JSON.stringify(errs));}
window.kgError=rec;
window.addEventListener('error',function(e){var t=e.target;
if(t&&t!==window&&(t.src||t.href)){rec('failed to load '+(t.src||t.href));}
else{rec((e.message||'error')+' (line '+(e.lineno||'?')+')');}},true);
window.addEventListener('unhandledrejection',function(e){rec('unhandled rejection: '+e.reason);});
document.addEventListener('securitypolicyviolation',function(e){rec('blocked '+e.blockedURI+' ('+e.violatedDirective+')');});
})();</script>"""


# ---------------------------------------------------------------- helpers


def _e(text) -> str:
    """Text or attribute value, HTML-escaped (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def _js(obj) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _css_token(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", text or "") or "unknown"


def _fold(text: str) -> str:
    """Case- and accent-insensitive key for substring matching."""
    return "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))


def _when(ev: dict) -> str:
    lo, hi = ev.get("earliest"), ev.get("latest")
    if not lo and not hi:
        return "undated"
    return lo if lo == hi else f"{lo or '…'} – {hi or '…'}"


def _sort_key(ev: dict) -> tuple:
    return (ev.get("earliest") or ev.get("latest") or "9999", ev.get("latest") or "9999", ev.get("type") or "", ev.get("id") or "")


def _labels(ev: dict) -> list[str]:
    return sorted({p["label"] for p in ev.get("participants") or []})


def _pair(ev: dict) -> str:
    return " – ".join(_labels(ev)) or "(no actor)"


def _source_name(s: dict) -> str:
    return s.get("outlet") or s.get("doc") or "?"


def _clip(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _bound(value, upper: bool) -> str | None:
    """A filter bound as an ISO string; partial dates (2025, 2025-05) cover their whole span."""
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    if upper and len(text) < 10:
        text += "\uffff"
    return text


# ---------------------------------------------------------------- filtering


def filter_events(events: list[dict], *, start=None, end=None, actor=None, types=None) -> list[dict]:
    """Events overlapping [start, end], with an actor matching ``actor``, of one of ``types``.

    Dates are ISO strings (or ``date``); a partial ``end`` such as ``2025`` or ``2025-05``
    includes that whole year or month. An event with an open side counts as reaching
    that far. ``actor`` matches a participant's label case- and accent-insensitively as
    a substring, or its Wikidata id exactly. Empty ``types`` means all types.
    """
    lo, hi = _bound(start, False), _bound(end, True)
    wanted = _fold(actor) if actor else None
    types = set(types) if types else None
    out = []
    for ev in events:
        if lo and ev.get("latest") and ev["latest"] < lo:
            continue
        if hi and ev.get("earliest") and ev["earliest"] > hi:
            continue
        if wanted and not any(
            wanted in _fold(p["label"]) or (p.get("wikidata") or "").casefold() == actor.strip().casefold()
            for p in ev.get("participants") or []
        ):
            continue
        if types and ev.get("type") not in types:
            continue
        out.append(ev)
    return out


# ---------------------------------------------------------------- actors


@cache
def _gazetteer():
    """(lexicon, wikidata -> actor id), or None when the gazetteer cannot be loaded."""
    try:
        from kg.lexicon import load_lexicon

        lx = load_lexicon()
    except Exception:  # the pages must still render without it
        return None
    return lx, {e.wikidata: e.id for e in lx.actors.values() if e.wikidata}


def actor_info(events: list[dict]) -> dict[str, dict]:
    """label -> {"kind", "country", "wikidata"} for every participant of ``events``.

    ``kind`` and ``country`` come from the participant dict when it has them, otherwise
    from the gazetteer (by Wikidata id, then by name); ``country`` is the label of the
    state a person belongs to (a state is its own country). Unknown: ``"unknown"``/None.
    """
    gz = _gazetteer()
    info: dict[str, dict] = {}
    for ev in events:
        for p in ev.get("participants") or []:
            label = p["label"]
            if label in info:
                continue
            kind, country = p.get("kind"), p.get("country")
            if gz and (kind is None or country is None):
                lx, by_wikidata = gz
                from kg.lexicon import fold

                ident = by_wikidata.get(p.get("wikidata")) or lx.actor_by_name.get(fold(label))
                entry = lx.actors.get(ident) if ident else None
                if entry is not None:
                    kind = kind or entry.kind
                    if country is None:
                        country = entry.id if entry.kind == "State" else entry.country
                if country in lx.actors:
                    country = lx.actors[country].label
            info[label] = {"kind": kind or "unknown", "country": country, "wikidata": p.get("wikidata")}
    return info


def _spring(graph) -> dict:
    """Positions in about [-1, 1] from networkx's spring layout (deterministic). Without
    SciPy, networkx cannot lay out 500+ nodes at once, so the 450 most connected are laid
    out and the rest placed around their strongest neighbour."""
    import networkx as nx

    try:
        return nx.spring_layout(graph, seed=7, weight="spring", iterations=80)
    except ImportError:
        pass
    strength = dict(graph.degree(weight="weight"))
    core = sorted(graph, key=lambda n: (-strength[n], n))[:450]
    pos = nx.spring_layout(graph.subgraph(core), seed=7, weight="spring", iterations=80)
    for i, n in enumerate(sorted(set(graph) - set(pos), key=lambda n: (-strength[n], n))):
        near = [m for m in graph[n] if m in pos]
        angle = i * 2.399963  # golden angle
        if near:
            m = max(near, key=lambda m: graph[n][m]["weight"])
            cx, cy, r = pos[m][0], pos[m][1], 0.04 + 0.01 * (i % 5)
        else:
            cx, cy, r = 0.0, 0.0, 1.15 + 0.02 * (i % 7)
        pos[n] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    return pos


def _layout(graph, unit: float = 120.0) -> dict:
    """Pixel positions: each connected component laid out on its own (scaled with the
    square root of its size), the components packed in rows, largest first, so that
    small separate pairs neither drift far away nor squeeze the big component."""
    import networkx as nx

    boxes = []
    for comp in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        n = len(comp)
        if n == 1:
            rel = {next(iter(comp)): (0.0, 0.0)}
        elif n == 2:
            a, b = sorted(comp)
            rel = {a: (-1.0, 0.0), b: (1.0, 0.0)}
        else:
            rel = _spring(graph.subgraph(comp))
        radius = unit * math.sqrt(n) if n > 2 else 130.0
        pts = {k: (float(x) * radius, float(y) * radius) for k, (x, y) in rel.items()}
        xs, ys = [p[0] for p in pts.values()], [p[1] for p in pts.values()]
        margin = 110.0
        boxes.append((pts, min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin))
    if not boxes:
        return {}
    area = sum((x1 - x0) * (y1 - y0) for _, x0, y0, x1, y1 in boxes)
    row_width = max(max(x1 - x0 for _, x0, _, x1, _ in boxes), 1.6 * math.sqrt(area))
    pos, x, y, row_h = {}, 0.0, 0.0, 0.0
    for pts, x0, y0, x1, y1 in boxes:
        w, h = x1 - x0, y1 - y0
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for k, (px, py) in pts.items():
            pos[k] = (x + px - x0, y + py - y0)
        x += w
        row_h = max(row_h, h)
    return pos


# ---------------------------------------------------------------- network page


def _event_tip(ev: dict) -> str:
    srcs = ev.get("sources") or []
    names = ", ".join(
        _clip(_source_name(s), 40) + (f" {s['published']}" if s.get("published") else "") for s in srcs[:3]
    ) + (f", +{len(srcs) - 3}" if len(srcs) > 3 else "")
    line = f"• {_when(ev)} · {ev.get('status', 'unknown')} · {len(srcs)} source{'s' if len(srcs) != 1 else ''}"
    if names:
        line += f": {names}"
    if ev.get("initiator"):
        line += f" · by {ev['initiator']['label']}"
    if ev.get("location"):
        line += f" · {ev['location']['label']}"
    if srcs and srcs[0].get("evidence"):
        line += f"\n   „{_clip(srcs[0]['evidence'], TIP_EVIDENCE)}“"
    return line


def _no_href(text: str) -> str:
    # pyvis switches to a template that puts node titles into innerHTML when a title
    # contains "href"; a zero-width space keeps article text out of that path.
    return text.replace("href", "hre\u200bf")


def network_html(events: list[dict], title: str = "kg: diplomatic contacts", timeline_href: str | None = "timeline.html") -> str:
    """The actor network as one HTML page with no external references."""
    import networkx as nx
    from pyvis.network import Network

    info = actor_info(events)
    activity: Counter = Counter()
    by_type: dict[str, Counter] = defaultdict(Counter)
    partners: dict[str, Counter] = defaultdict(Counter)
    edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for ev in events:
        names = _labels(ev)
        for name in names:
            activity[name] += 1
            by_type[name][ev["type"]] += 1
        for a, b in combinations(names, 2):
            edges[(a, b, ev["type"])].append(ev)
            partners[a][b] += 1
            partners[b][a] += 1

    graph = nx.Graph()
    graph.add_nodes_from(sorted(activity))
    for (a, b, _), evs in edges.items():
        w = graph[a][b]["weight"] + len(evs) if graph.has_edge(a, b) else len(evs)
        graph.add_edge(a, b, weight=w, spring=1 + math.log(w))
    large = len(activity) > LARGE_NODES or len(edges) > LARGE_EDGES
    pos = _layout(graph, 55.0 if large else 120.0)
    # the weakest connections start hidden when there are too many to read
    sizes = sorted((len(v) for v in edges.values()), reverse=True)
    threshold = 1
    while sum(1 for n in sizes if n >= threshold) > SHOWN_EDGES:
        threshold += 1

    countries = Counter(i["country"] for i in info.values() if i["country"])
    country_colour = {c: COUNTRY_PALETTE[i] for i, (c, _) in enumerate(
        sorted(countries.items(), key=lambda t: (-t[1], t[0]))[: len(COUNTRY_PALETTE)])}

    net = Network(height="calc(100vh - 132px)", width="100%", directed=False, cdn_resources="in_line", notebook=False)
    for name in sorted(activity):
        count = activity[name]
        meta = info.get(name, {})
        kind, country, wikidata = meta.get("kind", "unknown"), meta.get("country"), meta.get("wikidata")
        lines = [name, " · ".join(x for x in (kind if kind != "unknown" else "", country or "",
                                                f"Wikidata {wikidata}" if wikidata else "") if x),
                 f"{count} event{'s' if count != 1 else ''}: "
                 + ", ".join(f"{t} {n}" for t, n in sorted(by_type[name].items(), key=lambda t: (-t[1], t[0])))]
        top = sorted(partners[name].items(), key=lambda t: (-t[1], t[0]))
        if top:
            lines.append("with: " + ", ".join(f"{p} ({n})" for p, n in top[:6]) + (f", +{len(top) - 6} more" if len(top) > 6 else ""))
        x, y = pos.get(name, (0.0, 0.0))
        net.add_node(
            name, label=name, value=count, title=_no_href("\n".join(l for l in lines if l)),
            color=KIND_COLOUR.get(kind, KIND_COLOUR["unknown"]), kind=kind if kind in KIND_COLOUR else "unknown",
            country=country or "", x=round(x, 1), y=round(y, 1),
        )

    # Edges go straight into net.edges: pyvis' add_edge keeps only one edge per node pair
    # in an undirected graph (and checks every edge for that), but we want one per type.
    per_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, b, etype in sorted(edges):
        per_pair[(a, b)].append(etype)
    for n, ((a, b, etype), evs) in enumerate(sorted(edges.items())):
        evs = sorted(evs, key=_sort_key)
        statuses = Counter(e.get("status", "unknown") for e in evs)
        head = f"{a} – {b}\n{etype}: {len(evs)} event{'s' if len(evs) != 1 else ''} (" + ", ".join(
            f"{k} {v}" for k, v in sorted(statuses.items(), key=lambda t: (-t[1], t[0]))) + ")"
        tip = [head] + [_event_tip(e) for e in evs[:TIP_EVENTS]]
        if len(evs) > TIP_EVENTS:
            tip.append(f"… {len(evs) - TIP_EVENTS} more in the timeline")
        colour = TYPE_COLOUR.get(etype, "#999999")
        k = per_pair[(a, b)].index(etype)
        smooth = ({"enabled": False} if k == 0 else
                  {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW", "roundness": 0.25 * ((k + 1) // 2)})
        edge = {
            "id": f"e{n}", "from": a, "to": b, "etype": etype, "title": "\n".join(tip),
            "width": round(min(16.0, 1.0 + 2.2 * math.log2(len(evs))), 2) if len(evs) > 1 else 1,
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.55 if large else 0.85},
            "dashes": "occurred" not in statuses, "smooth": smooth, "n": len(evs), "hidden": len(evs) < threshold,
        }
        if not large:
            edge["label"] = etype if len(evs) == 1 else f"{etype} ×{len(evs)}"
        net.edges.append(edge)

    net.options = {
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 15, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"min": 8, "max": 46,
                              "label": {"enabled": True, "min": 12, "max": 24 if large else 20, "drawThreshold": 5 if large else 1}}},
        "edges": {"font": {"size": 11, "face": "system-ui, sans-serif", "color": "#444", "strokeWidth": 3,
                           "align": "middle"}, "selectionWidth": 2, "hoverWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": True},
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
    }
    page = net.generate_html(notebook=False)
    return _finish_network(page, title, timeline_href, info, country_colour, activity, edges, events, large, threshold)


def _legend_item(colour: str, text: str, extra: str = "", shape: str = "dot") -> str:
    return f"<span class='li'><i class='{shape}' style='background:{colour}'></i>{_e(text)}{extra}</span>"


def _finish_network(page, title, timeline_href, info, country_colour, activity, edges, events, large, threshold) -> str:
    page = _CDN_TAG.sub("", page)
    page = _NODE_MODULES_COMMENT.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("<html>", "<!DOCTYPE html>\n<html lang='en'>", 1)
    head = (f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">\n{_ERROR_HOOK}\n"
            f"<title>{_e(title)}</title>\n<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<style>{_NETWORK_CSS}</style>")
    page = re.sub(r"<head>\s*<meta charset=\"utf-8\">", lambda m: "<head>\n<meta charset='utf-8'>\n" + head, page, count=1)

    kinds = Counter(i["kind"] if i["kind"] in KIND_COLOUR else "unknown" for i in info.values())
    kind_legend = "".join(_legend_item(KIND_COLOUR[k], k, f" <small>{kinds[k]}</small>")
                          for k in KIND_COLOUR if kinds.get(k))
    country_counts = Counter(i["country"] for i in info.values() if i["country"])
    country_legend = "".join(_legend_item(c, name, f" <small>{country_counts[name]}</small>")
                             for name, c in country_colour.items())
    if any(not i["country"] or i["country"] not in country_colour for i in info.values()):
        country_legend += _legend_item(OTHER_COUNTRY, "other / none")
    type_counts = Counter(ev["type"] for ev in events if len(_labels(ev)) > 1)
    type_boxes = "".join(
        f"<label class='li'><input type='checkbox' class='kg-type' value='{_e(t)}' checked>"
        f"<i class='line' style='background:{TYPE_COLOUR.get(t, '#999999')}'></i>{_e(t)} <small>{n}</small></label>"
        for t, n in sorted(type_counts.items(), key=lambda t: (-t[1], t[0])))
    options = "".join(f"<option value='{_e(n)}'>" for n in sorted(activity))
    nav = (f"<header id='kg-head'><div class='row'><h1>{_e(title)}</h1>"
           + (f"<a class='nav' href='{_e(timeline_href)}'>timeline →</a>" if timeline_href else "")
           + f"<span class='sum'>{len(activity)} actors · {len(edges)} connections · {len(events)} events"
           + (" · large graph: precomputed layout, zoom in for labels" if large else "")
           + (f" · connections with fewer than {threshold} events hidden" if threshold > 1 else "") + "</span>"
           + "<input id='kg-find' list='kg-actors' placeholder='find actor…' autocomplete='off'>"
           + f"<datalist id='kg-actors'>{options}</datalist></div>"
           + "<div class='row'><span class='lab'>colour by</span>"
           + "<label><input type='radio' name='kg-colour' value='kind' checked>kind</label>"
           + "<label><input type='radio' name='kg-colour' value='country'>country</label>"
           + f"<span id='kg-legend-kind' class='legend'>{kind_legend}</span>"
           + f"<span id='kg-legend-country' class='legend' hidden>{country_legend}</span></div>"
           + f"<div class='row'><span class='lab'>edges</span>{type_boxes}"
           + f"<label class='li'>min. events per connection <input type='number' id='kg-min' min='1' value='{threshold}'></label>"
           + "<span class='li'><i class='line dash'></i>dashed: none occurred (only planned, claimed, denied, cancelled)</span>"
           + "<span class='li hint'>size = events · hover for details · double-click opens the timeline</span></div>"
           + "</header><div id='kg-status' hidden></div>")
    page = page.replace("<body>", "<body>\n" + nav, 1)
    script = ("<script>(function(){try{"
              f"var KIND={_js(KIND_COLOUR)},COUNTRY={_js(country_colour)},OTHER={_js(OTHER_COUNTRY)},"
              f"TIMELINE={_js(timeline_href or '')};" + _NETWORK_JS + "}catch(e){kgError(e&&e.stack||e);}})();</script>\n")
    idx = page.rfind("</body>")
    return page[:idx] + script + page[idx:]


_NETWORK_CSS = """
body{margin:0;font-family:system-ui,sans-serif;color:#222}
#kg-head{padding:6px 12px;border-bottom:1px solid #ddd;background:#fafafa;font-size:13px}
#kg-head .row{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;margin:3px 0}
#kg-head h1{font-size:17px;margin:0}
#kg-head .sum{color:#555}
#kg-head .lab{font-weight:600;color:#555}
#kg-head .nav{font-weight:600}
#kg-find{margin-left:auto;padding:2px 6px;width:14em}
#kg-min{width:4em}
.legend{display:inline-flex;flex-wrap:wrap;gap:4px 12px}
.li{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}
.li i.dot{display:inline-block;width:11px;height:11px;border-radius:50%}
.li i.line{display:inline-block;width:20px;height:4px;border-radius:2px}
.li i.line.dash{background:repeating-linear-gradient(90deg,#666 0 5px,transparent 5px 9px)}
.li small{color:#777}
.hint{color:#777}
[hidden]{display:none!important}
.card{border:0}
#mynetwork{float:none!important;border:0!important}
div.vis-tooltip{white-space:pre-wrap!important;max-width:560px;font:12px/1.35 system-ui,sans-serif!important}
"""

_NETWORK_JS = """
var st=document.getElementById('kg-status');
function report(){
  st.dataset.nodes=nodes.length; st.dataset.edges=edges.length;
  st.dataset.labels=JSON.stringify(nodes.get().map(function(n){return n.label;}).sort());
  st.dataset.visibleEdges=edges.get({filter:function(e){return !e.hidden;}}).length;
}
report();
network.once('afterDrawing',function(){
  var c=document.querySelector('#mynetwork canvas'); st.dataset.drawn=c?c.width+'x'+c.height:'no canvas';});
network.redraw();
function colourBy(mode){
  nodes.update(nodes.get().map(function(n){
    var c = mode==='country' ? (COUNTRY[n.country]||OTHER) : (KIND[n.kind]||KIND.unknown);
    if (typeof nodeColors==='object' && nodeColors) nodeColors[n.id]=c;
    return {id:n.id,color:c};}));
  document.getElementById('kg-legend-kind').hidden = mode!=='kind';
  document.getElementById('kg-legend-country').hidden = mode!=='country';
  st.dataset.colour=mode;
}
document.querySelectorAll('input[name=kg-colour]').forEach(function(r){
  r.addEventListener('change',function(){ if(r.checked) colourBy(r.value); });});
function applyTypes(){
  var on={};
  document.querySelectorAll('input.kg-type').forEach(function(b){on[b.value]=b.checked;});
  var min=parseInt(document.getElementById('kg-min').value,10)||1;
  edges.update(edges.get().map(function(e){return {id:e.id,hidden:on[e.etype]===false||e.n<min};}));
  report();
}
document.querySelectorAll('input.kg-type').forEach(function(b){b.addEventListener('change',applyTypes);});
document.getElementById('kg-min').addEventListener('change',applyTypes);
var find=document.getElementById('kg-find');
find.addEventListener('change',function(){
  var n=nodes.get(find.value);
  if(n){network.selectNodes([n.id]);network.focus(n.id,{scale:1.1,animation:{duration:400}});}
});
network.on('doubleClick',function(p){
  if(!TIMELINE) return;
  var who=null;
  if(p.nodes.length){who=p.nodes[0];}
  else if(p.edges.length){var e=edges.get(p.edges[0]); who=e['from'];}
  if(who!==null){window.location.href=TIMELINE+'#actor='+encodeURIComponent(who);}
});
"""


# ---------------------------------------------------------------- timeline page


def _range(events: list[dict]) -> tuple[date, date] | None:
    days = [d for ev in events for d in (_date(ev.get("earliest")), _date(ev.get("latest"))) if d]
    if not days:
        return None
    lo, hi = min(days), max(days)
    pad = max(2, (hi - lo).days // 40)
    return lo - timedelta(days=pad), hi + timedelta(days=pad)


def _ticks(lo: date, hi: date) -> list[tuple[float, str]]:
    span = max((hi - lo).days, 1)
    ticks = []
    if span <= 60:
        d = lo + timedelta(days=(7 - lo.weekday()) % 7)  # Mondays
        while d <= hi:
            ticks.append((d, d.isoformat()))
            d += timedelta(days=7)
    else:
        step = 1 if span <= 400 else 3 if span <= 1100 else 12
        y, m = lo.year, lo.month + 1
        while True:
            if m > 12:
                y, m = y + 1, m - 12
            d = date(y, m, 1)
            if d > hi:
                break
            if (m - 1) % step == 0:
                ticks.append((d, f"{y}" if m == 1 and step == 12 else f"{y}-{m:02d}"))
            m += 1
    return [(100.0 * (d - lo).days / span, label) for d, label in ticks]


def _bar(ev: dict, rng: tuple[date, date] | None) -> str:
    if rng is None:
        return "<i class='bar undated'></i>"
    lo, hi = rng
    span = max((hi - lo).days, 1)
    a, b = _date(ev.get("earliest")), _date(ev.get("latest"))
    classes = ["bar"]
    if a is None and b is None:
        return "<i class='bar undated' title='undated'></i>"
    if a is None:
        a = lo
        classes.append("open-l")
    if b is None:
        b = hi
        classes.append("open-r")
    if a == b:
        classes.append("point")
    left = 100.0 * (a - lo).days / span
    width = 100.0 * ((b - a).days + 1) / span
    return f"<i class='{' '.join(classes)}' style='left:{left:.2f}%;width:{min(width, 100 - left):.2f}%'></i>"


def _event_html(ev: dict, rng) -> str:
    status = _css_token(ev.get("status") or "unknown")
    etype = ev.get("type") or "Event"
    labels = _labels(ev)
    srcs = ev.get("sources") or []
    sort = (ev.get("earliest") or ev.get("latest") or "9999") + "|" + (ev.get("latest") or "9999") + "|" + etype
    meta = []
    if ev.get("initiator"):
        meta.append("by " + _e(ev["initiator"]["label"]))
    if ev.get("location"):
        meta.append(_e(ev["location"]["label"]))
    meta.append(f"{len(srcs)} source{'s' if len(srcs) != 1 else ''}")
    out = [
        f"<details class='ev st-{status}' data-id='{_e(ev.get('id'))}' data-type='{_e(etype)}' "
        f"data-status='{status}' data-actors='{_e(json.dumps(labels, ensure_ascii=False))}' "
        f"data-sort='{_e(sort)}' style='--c:{TYPE_COLOUR.get(etype, '#888888')}'>",
        f"<summary><span class='when' title='{_e(ev.get('granularity') or '')}'>{_e(_when(ev))}</span>"
        f"<span class='lane'>{_bar(ev, rng)}</span>"
        f"<span class='what'><span class='ty'>{_e(etype)}</span> <span class='badge'>{_e(status)}</span> "
        f"<span class='who'>{_e(' – '.join(labels))}</span> <span class='meta'>· {' · '.join(meta)}</span>"
        + (" <span class='warn'>sources disagree</span>" if ev.get("conflicts") else "")
        + "</span></summary><div class='body'>",
    ]
    if ev.get("topics"):
        out.append(f"<div class='topics'>topics: {_e(', '.join(ev['topics']))}</div>")
    for c in ev.get("conflicts") or []:
        out.append(f"<div class='conflict'>⚠ {_e(c)}</div>")
    out.append("<ol class='sources'>")
    for s in srcs:
        url = s.get("url") or ""
        link = (f" · <a href='{_e(url)}' rel='noopener noreferrer' target='_blank'>article</a>"
                if re.match(r"https?://", url, re.I) else "")
        out.append(
            f"<li><span class='doc'>{_e(s.get('doc'))}</span> · {_e(s.get('outlet') or 'outlet unknown')} · "
            f"{_e(s.get('published') or 'undated')} · <span class='sst st-{_css_token(s.get('status') or 'unknown')}'>"
            f"{_e(s.get('status') or 'unknown')}</span>{link}"
            f"<blockquote lang='de'>„{_e(s.get('evidence'))}“</blockquote></li>"
        )
    out.append("</ol></div></details>")
    return "".join(out)


def timeline_html(events: list[dict], title: str = "kg: timeline", network_href: str | None = "graph.html") -> str:
    """Events in date order, grouped by actor pair or by actor, each expandable to its sources."""
    events = sorted(events, key=_sort_key)
    rng = _range(events)
    groups: dict[str, list[dict]] = defaultdict(list)
    for ev in events:
        groups[_pair(ev)].append(ev)
    statuses = Counter(_css_token(ev.get("status") or "unknown") for ev in events)
    types = Counter(ev.get("type") or "Event" for ev in events)
    days = [d for ev in events for d in (ev.get("earliest"), ev.get("latest")) if d]
    n_sources = len({s.get("doc") for ev in events for s in ev.get("sources") or []})

    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<meta http-equiv='Content-Security-Policy' content=\"{_CSP}\">", _ERROR_HOOK,
        f"<title>{_e(title)}</title><meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<style>{_TIMELINE_CSS}</style></head>",
        f"<body data-events='{len(events)}' data-view='pair'><header id='kg-head'><div class='row'>",
        f"<h1>{_e(title)}</h1>",
        f"<a class='nav' href='{_e(network_href)}'>network graph →</a>" if network_href else "",
        f"<span class='sum'>{len(events)} events · {len(groups)} actor pairs · {n_sources} articles"
        + (f" · {_e(min(days))} – {_e(max(days))}" if days else "") + "</span>",
        "<span class='sum' id='kg-shown'></span></div>",
        "<div class='row'><span class='lab'>group by</span>",
        "<label><input type='radio' name='kg-group' value='pair' checked>actor pair</label>",
        "<label><input type='radio' name='kg-group' value='actor'>actor</label>",
        "<label><input type='radio' name='kg-group' value='date'>none (date order)</label>",
        "<input id='kg-q' type='search' placeholder='filter by actor…' autocomplete='off'>",
        "<button type='button' id='kg-open'>expand all</button><button type='button' id='kg-close'>collapse all</button></div>",
        "<div class='row'><span class='lab'>status</span>",
    ]
    for s in [s for s in STATUSES if s in statuses] + sorted(set(statuses) - set(STATUSES)):
        parts.append(f"<label class='li st-{s}'><input type='checkbox' class='kg-status' value='{s}' checked>"
                     f"<span class='sample'><i class='bar'></i></span><span class='badge'>{s}</span> <small>{statuses[s]}</small></label>")
    parts.append("<span class='lab'>type</span>")
    for t, n in sorted(types.items(), key=lambda t: (-t[1], t[0])):
        parts.append(f"<label class='li'><input type='checkbox' class='kg-type' value='{_e(t)}' checked>"
                     f"<i class='sw' style='background:{TYPE_COLOUR.get(t, '#888888')}'></i>{_e(t)} <small>{n}</small></label>")
    parts.append("<span class='li hint'>bars span the possible dates; faded ends are open</span></div></header>")
    parts.append("<div class='axis'><span class='when'></span><span class='lane'>")
    if rng:
        for left, label in _ticks(*rng):
            parts.append(f"<span class='tick' style='left:{left:.2f}%'>{_e(label)}</span>")
    parts.append("</span><span class='what'></span></div><main id='kg-groups'><div class='view' data-view='pair'>")
    for pair in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        parts.append(f"<section class='grp' data-key='{_e(pair)}'><h2>{_e(pair)}<span class='n'> ({len(groups[pair])})</span></h2>")
        parts.extend(_event_html(ev, rng) for ev in groups[pair])
        parts.append("</section>")
    if not events:
        parts.append("<p class='empty'>No events.</p>")
    parts.append("</div></main>")
    parts.append("<script>(function(){try{" + _TIMELINE_JS + "}catch(e){kgError(e&&e.stack||e);}})();</script>")
    parts.append("</body></html>")
    return "".join(parts)


_TIMELINE_CSS = """
body{margin:0;font-family:system-ui,sans-serif;color:#222;font-size:14px}
#kg-head{padding:6px 14px;background:#fafafa;border-bottom:1px solid #ddd;font-size:13px}
#kg-head .row{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;margin:4px 0}
#kg-head h1{font-size:18px;margin:0}
.sum{color:#555}.lab{font-weight:600;color:#555}.nav{font-weight:600}.hint{color:#777}
#kg-q{padding:2px 6px;width:14em}
.li{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}.li small{color:#777}
.sw{display:inline-block;width:11px;height:11px;border-radius:2px}
.sample{position:relative;display:inline-block;width:26px;height:10px;--c:#4e79a7}
.sample .bar{left:0;width:100%}
[hidden]{display:none!important}
.axis,summary{display:grid;grid-template-columns:15em minmax(240px,38%) 1fr;gap:0 12px;align-items:center}
.axis{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ccc;height:22px;padding:0 14px 0 30px}
.axis .lane{position:relative;height:22px;background:none}
.tick{position:absolute;top:4px;font-size:11px;color:#666;border-left:1px solid #bbb;padding-left:3px;white-space:nowrap}
main{padding:0 14px 40px}
h2{font-size:15px;margin:18px 0 4px;padding-bottom:2px;border-bottom:1px solid #eee}
h2 .n{color:#888;font-weight:normal}
.ev{border-left:4px solid var(--c);margin:2px 0;background:#fff}
.ev:hover{background:#f7f9fc}
summary{cursor:pointer;padding:3px 0 3px 12px;list-style:none}
summary::-webkit-details-marker{display:none}
summary::before{content:'▸';position:absolute;margin-left:-10px;color:#999}
details[open]>summary::before{content:'▾'}
.when{font-variant-numeric:tabular-nums;white-space:nowrap}
.lane{position:relative;height:12px;background:#f1f1f1;border-radius:6px}
.bar{position:absolute;top:1px;height:10px;min-width:6px;border-radius:5px;box-sizing:border-box;background:var(--c)}
.bar.point{width:10px!important;margin-left:-5px;border-radius:50%}
.bar.open-l{background:linear-gradient(90deg,transparent,var(--c) 70%)}
.bar.open-r{background:linear-gradient(90deg,var(--c) 30%,transparent)}
.bar.undated{left:0;width:100%;background:repeating-linear-gradient(90deg,#ccc 0 4px,transparent 4px 8px)}
.st-planned .bar{background:repeating-linear-gradient(135deg,var(--c) 0 3px,transparent 3px 6px);border:1.5px dashed var(--c)}
.st-claimed .bar{opacity:.55;border:1.5px dotted #333}
.st-denied .bar{background:repeating-linear-gradient(45deg,#c62828 0 2px,transparent 2px 5px);border:1.5px solid #c62828}
.st-cancelled .bar{background:#bbb;border:1.5px solid #888}
.st-unknown .bar{opacity:.4}
.badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;background:#e3f0e3;color:#1b5e20}
.st-planned .badge{background:#e3eefc;color:#0d47a1}
.st-claimed .badge{background:#fff4d6;color:#8a5a00}
.st-denied .badge{background:#fde2e2;color:#b71c1c}
.st-cancelled .badge{background:#eee;color:#555}
.st-unknown .badge{background:#eee;color:#555}
.st-denied>summary .who,.st-cancelled>summary .who,.st-denied>summary .ty,.st-cancelled>summary .ty{text-decoration:line-through}
.st-cancelled>summary,.st-denied>summary{color:#666}
.st-claimed>summary .who{font-style:italic}
.ty{font-weight:600}.meta{color:#666}.warn{color:#b71c1c;font-weight:600}
.body{padding:2px 12px 8px 30px;font-size:13px}
.sources{margin:4px 0;padding-left:20px}.sources li{margin:4px 0}
.doc{font-family:ui-monospace,monospace;font-size:12px}
.sst{font-size:11px;padding:0 4px;border-radius:6px;background:#eee}
blockquote{margin:2px 0 0 0;padding:2px 8px;border-left:3px solid #ddd;color:#333;font-style:italic}
.topics{color:#555}.conflict{color:#b71c1c}
.empty{color:#777;padding:20px}
"""

_TIMELINE_JS = """
var body=document.body, root=document.getElementById('kg-groups');
var views={pair:root.querySelector('.view')};
var master=[].slice.call(views.pair.querySelectorAll('details.ev'));
master.sort(function(a,b){return a.dataset.sort<b.dataset.sort?-1:a.dataset.sort>b.dataset.sort?1:(a.dataset.id<b.dataset.id?-1:1);});
function fold(s){return (s||'').normalize('NFKD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();}
function section(key,list){
  var s=document.createElement('section'); s.className='grp'; s.dataset.key=key;
  if(key){var h=document.createElement('h2'); h.textContent=key;
    var n=document.createElement('span'); n.className='n'; n.textContent=' ('+list.length+')'; h.appendChild(n); s.appendChild(h);}
  list.forEach(function(ev){s.appendChild(ev.cloneNode(true));});
  return s;
}
function build(mode){
  var v=document.createElement('div'); v.className='view'; v.dataset.view=mode;
  var groups=new Map();
  master.forEach(function(ev){
    var keys=mode==='actor'?JSON.parse(ev.dataset.actors):[''];
    keys.forEach(function(k){if(!groups.has(k))groups.set(k,[]); groups.get(k).push(ev);});
  });
  var keys=Array.from(groups.keys()).sort(function(a,b){return groups.get(b).length-groups.get(a).length||a.localeCompare(b,'de');});
  keys.forEach(function(k){v.appendChild(section(k,groups.get(k)));});
  root.appendChild(v); return v;
}
var q=document.getElementById('kg-q');
function checked(cls){var s={};document.querySelectorAll('input.'+cls).forEach(function(b){s[b.value]=b.checked;});return s;}
function apply(){
  var want=fold(q.value.trim()), sts=checked('kg-status'), tys=checked('kg-type');
  var v=views[body.dataset.view], ids={};
  v.querySelectorAll('section.grp').forEach(function(s){
    var any=0;
    s.querySelectorAll('details.ev').forEach(function(ev){
      var ok=sts[ev.dataset.status]!==false && tys[ev.dataset.type]!==false &&
        (!want || JSON.parse(ev.dataset.actors).some(function(a){return fold(a).indexOf(want)>=0;}));
      ev.hidden=!ok; if(ok){any++; ids[ev.dataset.id]=1;}
    });
    s.hidden=!any;
  });
  var n=Object.keys(ids).length;
  body.dataset.shown=n;
  document.getElementById('kg-shown').textContent=n+' shown';
}
function show(mode){
  if(!views[mode]) views[mode]=build(mode);
  for(var k in views) views[k].hidden=(k!==mode);
  body.dataset.view=mode;
  document.querySelectorAll('input[name=kg-group]').forEach(function(r){r.checked=(r.value===mode);});
  apply();
}
document.querySelectorAll('input[name=kg-group]').forEach(function(r){r.addEventListener('change',function(){if(r.checked)show(r.value);});});
document.querySelectorAll('input.kg-status,input.kg-type').forEach(function(b){b.addEventListener('change',apply);});
q.addEventListener('input',apply);
function openAll(on){var v=views[body.dataset.view]; v.querySelectorAll('details.ev').forEach(function(d){if(!d.hidden)d.open=on;});}
document.getElementById('kg-open').addEventListener('click',function(){openAll(true);});
document.getElementById('kg-close').addEventListener('click',function(){openAll(false);});
function fromHash(){
  var h=new URLSearchParams(location.hash.slice(1));
  if(h.has('actor')) q.value=h.get('actor');
  var mode=h.get('group'); show(mode==='actor'||mode==='date'?mode:'pair');
  if(h.get('open')==='all') openAll(true);
}
window.addEventListener('hashchange',fromHash);
fromHash();
body.dataset.ready='1';
"""
