"""Checking graphs against ``ontology/shapes.ttl``.

``check_article_graph`` runs on every ingest and must be cheap: it checks the
constraints of the mention shape in Python. ``validate_store`` runs pyshacl with the
real shapes over everything (``kg validate``).
"""
from __future__ import annotations

from rdflib import Graph

from kg.errors import ValidationError
from kg.graph.mapping import TYPE, K
from kg.graph.triples import Triples, lexical

_STATUSES = {K[s] for s in ("occurred", "planned", "claimed", "denied", "cancelled", "unknown")}


def check_article_graph(g: Triples, where: str) -> None:
    """Raise ValidationError naming the first broken mention of an article graph."""
    values: dict[tuple[str, str], list[str]] = {}
    for s, p, o in g:
        values.setdefault((s, p), []).append(o)
    for m in g.subjects(TYPE, K.EventMention):
        problems = _mention_problems({p: values.get((m, p), []) for p in _CHECKED})
        if problems:
            raise ValidationError(f"{where}: mention {m} {'; '.join(problems)}; the article was not stored")


_CHECKED = (K.evidence, K.status, K.participant, K.earliest, K.latest, K.charStart, K.charEnd)


def _mention_problems(of: dict[str, list[str]]) -> list[str]:
    """What the mention shape would refuse, given a mention's objects by predicate."""
    problems = []
    evidence = of[K.evidence]
    if len(evidence) != 1 or not lexical(evidence[0]).strip():
        problems.append("needs exactly one non-empty evidence sentence")
    statuses = of[K.status]
    if len(statuses) != 1 or not set(statuses) <= _STATUSES:
        problems.append("needs exactly one status of kg:Status")
    if not of[K.participant]:
        problems.append("has no participant")
    lo, hi = of[K.earliest], of[K.latest]
    if lo and hi and lexical(lo[0]) > lexical(hi[0]):  # ISO dates compare as text
        problems.append(f"earliest {lexical(lo[0])} is after latest {lexical(hi[0])}")
    start, end = of[K.charStart], of[K.charEnd]
    if not start or not end or not _offsets_ok(lexical(start[0]), lexical(end[0])):
        problems.append("needs character offsets with 0 <= start <= end")
    return problems


def _offsets_ok(start: str, end: str) -> bool:
    try:
        return 0 <= int(start) <= int(end)
    except ValueError:
        return False


def validate_graph(data: Graph) -> tuple[bool, str]:
    """(conforms, report text) for a graph against the SHACL shapes, with RDFS inference."""
    import pyshacl

    from kg.resources import ontology_dir

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    conforms, _report_graph, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", advanced=True
    )
    return bool(conforms), str(text)
