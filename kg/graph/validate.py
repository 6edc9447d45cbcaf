"""Checking graphs against ``ontology/shapes.ttl``.

``check_article_graph`` runs on every ingest and must be cheap: it checks the
constraints of the mention shape in Python. ``validate_store`` runs pyshacl with the
real shapes over everything (``kg validate``).
"""
from __future__ import annotations

from rdflib import RDF, Graph

from kg.errors import ValidationError
from kg.graph.iris import KG

_STATUSES = {KG[s] for s in ("occurred", "planned", "claimed", "denied", "cancelled", "unknown")}


def check_article_graph(g: Graph, where: str) -> None:
    """Raise ValidationError naming the first broken mention of an article graph."""
    for m in g.subjects(RDF.type, KG.EventMention):
        problems = []
        if len(set(g.objects(m, KG.evidence))) != 1 or not str(g.value(m, KG.evidence) or "").strip():
            problems.append("needs exactly one non-empty evidence sentence")
        statuses = set(g.objects(m, KG.status))
        if len(statuses) != 1 or not statuses <= _STATUSES:
            problems.append("needs exactly one status of kg:Status")
        if not set(g.objects(m, KG.participant)):
            problems.append("has no participant")
        lo, hi = g.value(m, KG.earliest), g.value(m, KG.latest)
        if lo is not None and hi is not None and lo.toPython() > hi.toPython():
            problems.append(f"earliest {lo} is after latest {hi}")
        start, end = g.value(m, KG.charStart), g.value(m, KG.charEnd)
        if start is None or end is None or int(start) < 0 or int(start) > int(end):
            problems.append("needs character offsets with 0 <= start <= end")
        if problems:
            raise ValidationError(f"{where}: mention {m} {'; '.join(problems)}; the article was not stored")


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
