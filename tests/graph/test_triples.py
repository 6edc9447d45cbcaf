"""N-Triples terms written by kg parse back to the same RDF terms."""
from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef

from kg.graph.triples import XSD_ANY_URI, Triples, Vocabulary, day, integer, iri, lexical, text, typed

ANY_URI = URIRef("http://www.w3.org/2001/XMLSchema#anyURI")

TRICKY = ['er sagte "ja"', "Zeile 1\nZeile 2\r", "Pfad C:\\temp", "Österreich – Gespräch", "", "\\n bleibt"]


@pytest.mark.parametrize("value", TRICKY)
def test_text_literals_round_trip(value):
    t = Triples()
    t.add(iri("https://example.org/a"), iri("https://example.org/p"), text(value))
    [(_, _, obj)] = list(t.to_graph())
    assert obj == Literal(value)
    assert lexical(text(value)) == value


def test_typed_and_tagged_literals():
    t = Triples()
    s, p = iri("https://example.org/a"), iri("https://example.org/p")
    t.add(s, p, day(date(2025, 2, 12)))
    t.add(s, p, integer(7))
    t.add(s, p, text("Außenpolitik", lang="de"))
    t.add(s, p, typed("https://example.org/x?a=1", XSD_ANY_URI))
    assert set(t.to_graph().objects()) == {
        Literal(date(2025, 2, 12)), Literal(7), Literal("Außenpolitik", lang="de"),
        Literal("https://example.org/x?a=1", datatype=ANY_URI)}


@pytest.mark.parametrize("bad", ["https://example.org/a b", "https://example.org/<x>", 'https://e.org/"q"'])
def test_an_iri_with_forbidden_characters_is_refused(bad):
    with pytest.raises(ValueError, match="not a valid IRI"):
        iri(bad)


def test_triples_are_a_set_in_order_with_pattern_removal():
    t = Triples()
    a, b, p, q = iri("urn:a"), iri("urn:b"), iri("urn:p"), iri("urn:q")
    t.add(a, p, b)
    t.add(a, q, b)
    t.add(a, p, b)
    assert len(t) == 2 and list(t) == [(a, p, b), (a, q, b)]
    assert t.objects(a, p) == [b] and t.subjects(q, b) == [a]
    t.remove(None, p, None)
    assert list(t) == [(a, q, b)] and (a, q, b) in t


def test_vocabulary_terms():
    kg = Vocabulary("https://w3id.org/kg/ontology#")
    assert kg.participant == "<https://w3id.org/kg/ontology#participant>" == kg["participant"]
    graph = Graph().parse(data=f"{kg.a} {kg.b} {kg.c} .", format="nt")
    assert (URIRef("https://w3id.org/kg/ontology#a"), URIRef("https://w3id.org/kg/ontology#b"),
            URIRef("https://w3id.org/kg/ontology#c")) in graph
