"""Reading canonical events back from the store, and writing them in the export formats.

``events_jsonl`` is the contract of ``kg export events --format jsonl`` (see the README):
one JSON object per canonical event, ordered by date.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import IO, Iterator

from kg.fusion import PRECISE_DAYS, PREFIXES, entity_table
from kg.graph.iris import local_name
from kg.model import EVENT_TYPES
from kg.store.base import Store

EVENTS = PREFIXES + """
SELECT ?e ?cls ?status ?earliest ?latest ?gran ?initiator ?location ?label ?announced
       (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?participants)
       (GROUP_CONCAT(DISTINCT STR(?topic); separator=" ") AS ?topics)
       (GROUP_CONCAT(DISTINCT ?conflict; separator=" | ") AS ?conflicts)
WHERE {
  ?e kg:block ?key ; a ?cls ; kg:status ?status ; kg:granularity ?gran ; kg:participant ?p ; rdfs:label ?label .
  FILTER(?cls != kg:EventMention)
  FILTER NOT EXISTS { ?e a kg:EventMention }
  OPTIONAL { ?e kg:earliest ?earliest }
  OPTIONAL { ?e kg:latest ?latest }
  OPTIONAL { ?e kg:initiator ?initiator }
  OPTIONAL { ?e kg:location ?location }
  OPTIONAL { ?e kg:topic ?topic }
  OPTIONAL { ?e kg:conflict ?conflict }
  OPTIONAL { ?e kg:announcedOn ?announced }
}
GROUP BY ?e ?cls ?status ?earliest ?latest ?gran ?initiator ?location ?label ?announced
"""

SOURCES = PREFIXES + """
SELECT ?e ?m ?doc ?published ?status ?evidence ?start ?outlet ?url ?earliest ?latest WHERE {
  ?e kg:mention ?m .
  ?m kg:status ?status ; kg:evidence ?evidence ; kg:charStart ?start ; kg:sourceArticle ?a .
  ?a kg:fileName ?doc .
  OPTIONAL { ?m kg:earliest ?earliest }
  OPTIONAL { ?m kg:latest ?latest }
  OPTIONAL { ?a kg:published ?published }
  OPTIONAL { ?a kg:outlet ?outlet }
  OPTIONAL { ?a kg:url ?url }
}
"""


def _s(term) -> str | None:
    return str(term) if term is not None else None


def _precise(row) -> bool:
    lo, hi = row.get("earliest"), row.get("latest")
    if lo is None or hi is None:
        return False
    return (date.fromisoformat(str(hi)) - date.fromisoformat(str(lo))).days <= PRECISE_DAYS


def read_events(store: Store) -> list[dict]:
    """Every canonical event as a dict of the export contract, ordered by date."""
    entities = entity_table(store)

    def entity(iri, full: bool = False) -> dict | None:
        if iri is None:
            return None
        ident = local_name(iri)
        e = entities.get(ident)
        out = {"label": e.label if e else ident, "wikidata": e.wikidata if e else None}
        if full:  # participants also say what they are and where they belong
            out["kind"] = getattr(e, "kind", None)
            country = getattr(e, "country", None)
            out["country"] = entities[country].label if country in entities else country
        return out

    sources: dict[str, dict[str, dict]] = {}
    for r in store.select(SOURCES):
        per_doc = sources.setdefault(str(r["e"]), {})
        doc = str(r["doc"])
        key = (not _precise(r), int(r["start"]), str(r["m"]))
        if doc not in per_doc or key < per_doc[doc]["_key"]:
            per_doc[doc] = {
                "_key": key, "doc": doc, "published": _s(r.get("published")),
                "status": local_name(r["status"]), "evidence": str(r["evidence"]),
                "outlet": _s(r.get("outlet")), "url": _s(r.get("url")),
            }
    events = []
    for r in store.select(EVENTS):
        etype = local_name(r["cls"])
        if etype not in EVENT_TYPES:
            continue
        iri = str(r["e"])
        srcs = sorted(sources.get(iri, {}).values(), key=lambda s: (s["published"] or "", s["doc"]))
        for s in srcs:
            s.pop("_key", None)
        participants = [entity(p, full=True) for p in sorted(str(r["participants"]).split())]
        events.append({
            "id": iri,
            "type": etype,
            "participants": sorted(participants, key=lambda p: p["label"]),
            "initiator": entity(r.get("initiator")),
            "earliest": _s(r.get("earliest")),
            "latest": _s(r.get("latest")),
            "status": local_name(r["status"]),
            "topics": sorted(local_name(t) for t in str(r.get("topics") or "").split()),
            "location": entity(r.get("location")),
            "sources": srcs,
            "granularity": local_name(r["gran"]),
            "announced_on": _s(r.get("announced")),
            "conflicts": [c for c in str(r.get("conflicts") or "").split(" | ") if c],
        })
    events.sort(key=lambda e: (e["earliest"] or e["latest"] or "", e["latest"] or "9999", e["type"], e["id"]))
    return events


def write_jsonl(events: list[dict], out: IO[str]) -> None:
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False) + "\n")


def _classes() -> dict[str, dict[str, str]]:
    """CAMEO code and PLOVER type and mode per event class, from ontology/kg.ttl."""
    from kg.lexicon import load_lexicon

    return load_lexicon().event_classes


def write_csv(events: list[dict], out: IO[str]) -> None:
    """One row per canonical event, in the spirit of GDELT's event table."""
    classes = _classes()
    w = csv.writer(out)
    w.writerow(["id", "earliest", "latest", "type", "cameo", "status", "actor1", "actor1_wikidata",
                "actor2", "actor2_wikidata", "other_actors", "initiator", "location", "topics",
                "num_outlets", "num_articles", "first_source"])
    for ev in events:
        ps = ev["participants"] + [None, None]
        srcs = ev["sources"]
        first = min(srcs, key=lambda s: (s["published"] or "9999", s["doc"])) if srcs else None
        w.writerow([
            ev["id"], ev["earliest"] or "", ev["latest"] or "", ev["type"], classes.get(ev["type"], {}).get("cameo", ""),
            ev["status"], ps[0]["label"] if ps[0] else "", (ps[0] or {}).get("wikidata") or "",
            ps[1]["label"] if ps[1] else "", (ps[1] or {}).get("wikidata") or "",
            "; ".join(p["label"] for p in ev["participants"][2:]),
            (ev["initiator"] or {}).get("label") or "", (ev["location"] or {}).get("label") or "",
            " ".join(ev["topics"]), len({s["outlet"] or s["doc"] for s in srcs}), len(srcs),
            (first["url"] or first["doc"]) if first else "",
        ])


def write_plover(events: list[dict], out: IO[str]) -> None:
    """PLOVER-style records: actors and recipients with Wikidata ids, event type and mode."""
    classes = _classes()
    for ev in events:
        plover = classes.get(ev["type"], {})
        initiator = ev["initiator"]
        actors = [initiator] if initiator else ev["participants"][:1]
        recipients = [p for p in ev["participants"] if p not in actors]
        out.write(json.dumps({
            "id": ev["id"], "event_type": plover.get("plover_type", ""), "mode": plover.get("plover_mode", ""),
            "date_earliest": ev["earliest"], "date_latest": ev["latest"], "status": ev["status"],
            "actor": [{"name": a["label"], "wikidata": a["wikidata"]} for a in actors],
            "recipient": [{"name": a["label"], "wikidata": a["wikidata"]} for a in recipients],
            "location": ev["location"], "topics": ev["topics"],
            "sources": [{"doc": s["doc"], "url": s["url"], "published": s["published"]} for s in ev["sources"]],
        }, ensure_ascii=False) + "\n")


def timeline_table(events: list[dict], width: int = 110) -> str:
    """The timeline as an aligned text table."""
    rows = [("when", "type", "who", "status", "src", "where")]
    for ev in events:
        lo, hi = ev["earliest"], ev["latest"]
        when = lo if lo == hi and lo else f"{lo or '…'} – {hi or '…'}"
        who = " – ".join(p["label"] for p in ev["participants"])
        if ev["initiator"]:
            who += f" (by {ev['initiator']['label']})"
        rows.append((when, ev["type"], who, ev["status"] + (" !" if ev["conflicts"] else ""),
                     str(len(ev["sources"])), (ev["location"] or {}).get("label") or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    widths[2] = min(widths[2], max(20, width - sum(widths) + widths[2]))
    lines = []
    for n, r in enumerate(rows):
        cells = [c[: widths[i]].ljust(widths[i]) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def iter_lines(events: list[dict]) -> Iterator[str]:
    buf = io.StringIO()
    write_jsonl(events, buf)
    yield from buf.getvalue().splitlines()
