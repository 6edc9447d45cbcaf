"""Comparing extracted mentions with a golden sentence record (shared by test and report)."""
from __future__ import annotations

from datetime import date

from kg.lexicon import fold
from kg.model import FAMILY, Article, slug

IN_PERSON = {"Meeting", "Summit", "Negotiation", "Visit"}


def actor_id(lexicon, label: str) -> str:
    return lexicon.actor_by_name.get(fold(label)) or slug(label)


def place_ok(lexicon, expected: str | None, got) -> bool:
    if expected is None:
        return True
    if got is None:
        return False
    names = {fold(expected)}
    ident = lexicon.place_by_name.get(fold(expected)) or lexicon.actor_by_name.get(fold(expected))
    return fold(got.label) in names or got.id == ident


def type_fits(expected: str, got: str) -> bool:
    return expected == got or (expected in IN_PERSON and got in IN_PERSON) or (
        "Consultation" in (expected, got) and FAMILY[expected] != "invitation" and FAMILY[got] != "invitation")


def compare(lexicon, record: dict, mentions) -> list[str]:
    """Problems found; an empty list means the extractor got the record right."""
    problems = []
    expected = record["events"]
    unused = list(mentions)
    for ev in expected:
        want = {actor_id(lexicon, p) for p in ev["participants"]}
        cands = [m for m in unused if m.participant_ids == want and type_fits(ev["type"], m.type)]
        if not cands:
            got = "; ".join(f"{m.type}{sorted(m.participant_ids)}" for m in mentions) or "nothing"
            problems.append(f"missing {ev['type']} {sorted(want)} (got {got})")
            continue
        m = cands[0]
        unused.remove(m)
        if m.status != ev["status"]:
            problems.append(f"status {m.status} != {ev['status']}")
        lo = m.time.earliest.isoformat() if m.time.earliest else None
        hi = m.time.latest.isoformat() if m.time.latest else None
        if (lo, hi) != (ev["earliest"], ev["latest"]):
            problems.append(f"date {lo}..{hi} != {ev['earliest']}..{ev['latest']}")
        if ev.get("initiator") and (m.initiator is None or m.initiator.id != actor_id(lexicon, ev["initiator"])):
            problems.append(f"initiator {m.initiator.id if m.initiator else None} != {ev['initiator']}")
        if not place_ok(lexicon, ev.get("location"), m.location):
            problems.append(f"location {m.location.label if m.location else None} != {ev['location']}")
    keys = {(FAMILY[m.type], m.participant_ids) for m in unused}
    for key in sorted(keys, key=str):
        problems.append(f"spurious {key[0]} {sorted(key[1])}")
    return problems


def article_of(record: dict) -> Article:
    ref = date.fromisoformat(record["ref"]) if record.get("ref") else None
    return Article(doc=record["id"], text=record["text"], content_hash=record["id"], published=ref,
                   published_source="metadata" if ref else "none")
