"""The fast per-article check refuses what the SHACL shapes refuse."""
from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal

from kg.errors import ValidationError
from kg.graph.iris import KG
from kg.graph.mapping import article_triples
from kg.graph.validate import check_article_graph, validate_graph
from kg.model import ActorRef, Article, EventMention, TimeSpan

ARTICLE = Article("a.txt", "Text", "0123456789abcdef", date(2025, 5, 17), "metadata")
TRUMP, PUTIN = ActorRef("donald-trump", "Donald Trump"), ActorRef("wladimir-putin", "Wladimir Putin")


def graph(**change):
    m = EventMention(doc="a.txt", type="PhoneCall", participants=(TRUMP, PUTIN), status="occurred",
                     time=TimeSpan(date(2025, 5, 16), date(2025, 5, 16), "day"), evidence="Ein Satz.", start=0, end=9)
    g, [node] = article_triples(ARTICLE, [m])
    for prop, value in change.items():
        g.remove(f"<{node}>", KG[prop].n3(), None)
        if value is not None:
            g.add(f"<{node}>", KG[prop].n3(), value.n3())
    return g


def test_a_valid_article_graph_passes_both():
    g = graph()
    check_article_graph(g, "a.txt")
    assert validate_graph(g.to_graph())[0]


@pytest.mark.parametrize("change", [
    {"evidence": None},
    {"evidence": Literal("  ")},
    {"status": KG.maybe},
    {"earliest": Literal(date(2025, 6, 1))},
    {"charStart": Literal(-1)},
    {"participant": None},
], ids=["no-evidence", "blank-evidence", "bad-status", "earliest-after-latest", "negative-offset", "no-participant"])
def test_broken_mentions_are_refused_by_both(change):
    g = graph(**change)
    with pytest.raises(ValidationError, match="a.txt"):
        check_article_graph(g, "a.txt")
    assert not validate_graph(g.to_graph())[0]
