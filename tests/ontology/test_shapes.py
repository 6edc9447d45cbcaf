"""SHACL shapes (ontology/shapes.ttl) against the example graphs in tests/ontology/examples/.

How the examples are validated
------------------------------
The examples are TriG files (one named graph per article, the merged graph, the actors
graph). pyshacl validates one ``Graph``: given a ``Dataset`` it would validate each named graph
on its own, and ``Graph(store=ds.store)`` is *not* a union (it is a fresh, empty context of the
store). So :func:`union` copies every quad's triple into one plain ``Graph`` -- the union of all
named graphs, which is what the shapes are written for.

Each example is validated in two modes:

* ``rdfs``  -- the lead's call: ``validate(data, shacl_graph=shapes, ont_graph=kg.ttl,
  inference="rdfs")``; subclass instances become kg:DiplomaticEvent instances by inference;
* ``plain`` -- no ontology, no inference; the shapes then rely on their explicit
  ``sh:targetClass`` for each of the seven event classes.

A violating example must produce *exactly* the expected results (focus node, path, constraint
component), so that an example cannot pass by being broken in some other way.
"""
from __future__ import annotations

import pathlib

import pytest
from pyshacl import validate
from rdflib import RDF, Dataset, Graph, Namespace, URIRef

ROOT = pathlib.Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
EXAMPLES = pathlib.Path(__file__).resolve().parent / "examples"

SH = Namespace("http://www.w3.org/ns/shacl#")
KG = Namespace("https://w3id.org/kg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
ACTOR = Namespace("https://w3id.org/kg/actor/")
ARTICLE = Namespace("https://w3id.org/kg/article/")
MENTION = Namespace("https://w3id.org/kg/mention/")
EVENT = Namespace("https://w3id.org/kg/event/")

MODES = ("rdfs", "plain")

# rdflib's own TriG parser uses its deprecated ConjunctiveGraph API internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")


def union(path: pathlib.Path) -> Graph:
    """All triples of all graphs of a TriG (or Turtle) file, as one Graph."""
    ds = Dataset()
    ds.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
    data = Graph()
    for s, p, o, _graph in ds.quads((None, None, None, None)):
        data.add((s, p, o))
    return data


def run(data: Graph, shapes: Graph, ontology: Graph, mode: str):
    if mode == "rdfs":
        return validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    return validate(data, shacl_graph=shapes, inference="none")


def results(report: Graph) -> set[tuple]:
    """(focus node, path, constraint component) of every validation result."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.add((
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.sourceConstraintComponent),
        ))
    return out


def test_shapes_parse_and_name_their_targets(shapes):
    targets = set(shapes.objects(None, SH.targetClass))
    for cls in ("DiplomaticEvent", "PhoneCall", "Meeting", "Summit", "Visit", "Negotiation",
                "Invitation", "Consultation", "EventMention", "Article",
                "Person", "State", "Organisation", "Delegation"):
        assert KG[cls] in targets, cls


@pytest.mark.parametrize("mode", MODES)
def test_valid_dataset_conforms(shapes, ontology, mode):
    conforms, report, text = run(union(EXAMPLES / "valid_dataset.trig"), shapes, ontology, mode)
    assert conforms, text


@pytest.mark.parametrize("mode", MODES)
def test_each_named_graph_conforms_on_its_own(shapes, ontology, mode):
    """No shape needs a node from another graph: an article graph, the merged graph or the actors
    graph alone also conforms (this is what pyshacl does when it is given a Dataset). Under RDFS
    inference this relies on kg.ttl not inferring SHACL-targeted types across graphs (e.g. no
    rdfs:range kg:EventMention on kg:mention)."""
    ds = Dataset()
    ds.parse(EXAMPLES / "valid_dataset.trig", format="trig")
    names = set()
    for graph in ds.graphs():
        if len(graph) == 0:
            continue
        names.add(str(graph.identifier))
        data = Graph()
        for t in graph:
            data.add(t)
        conforms, _, text = run(data, shapes, ontology, mode)
        assert conforms, (graph.identifier, text)
    assert "https://w3id.org/kg/graph/merged" in names and "https://w3id.org/kg/graph/actors" in names


@pytest.mark.parametrize("mode", MODES)
def test_valid_dataset_focus_nodes_are_really_checked(shapes, ontology, mode):
    """Guards against shapes that conform because they target nothing: break each kind of
    node of the valid dataset once and expect a violation on it."""
    base = union(EXAMPLES / "valid_dataset.trig")
    broken = {
        ARTICLE["001_2b21d8f903b1c0dd"]: KG.contentHash,
        MENTION["001_2b21d8f903b1c0dd-1"]: KG.granularity,
        EVENT.e1: KG.sourceCount,     # a kg:PhoneCall
        EVENT.e3: RDFS.label,         # a kg:Summit (subclass of a subclass)
        ACTOR["donald-trump"]: RDFS.label,
        ACTOR["russia-delegation"]: RDFS.label,
        ACTOR.nato: RDFS.label,
    }
    for node, prop in broken.items():
        data = Graph()
        for t in base:
            data.add(t)
        data.remove((node, prop, None))
        conforms, report, _ = run(data, shapes, ontology, mode)
        assert not conforms, (node, prop)
        assert (node, prop, SH.MinCountConstraintComponent) in results(report), (node, prop)


M1 = MENTION.m1
E1 = EVENT.e1
A1 = ARTICLE.a1
PUTIN = ACTOR["wladimir-putin"]

VIOLATIONS = {
    # EventMention
    "invalid_mention_missing_evidence.trig": {(M1, KG.evidence, SH.MinCountConstraintComponent)},
    "invalid_mention_blank_evidence.trig": {(M1, KG.evidence, SH.PatternConstraintComponent)},
    "invalid_mention_earliest_after_latest.trig": {(M1, KG.earliest, SH.LessThanOrEqualsConstraintComponent)},
    "invalid_mention_status_not_status.trig": {(M1, KG.status, SH.InConstraintComponent)},
    "invalid_mention_negative_charstart.trig": {(M1, KG.charStart, SH.MinInclusiveConstraintComponent)},
    "invalid_mention_start_after_end.trig": {(M1, KG.charStart, SH.LessThanOrEqualsConstraintComponent)},
    "invalid_mention_two_statuses.trig": {(M1, KG.status, SH.MaxCountConstraintComponent)},
    "invalid_mention_abstract_event_class.trig": {(M1, KG.eventClass, SH.InConstraintComponent)},
    "invalid_mention_derived_from_other.trig": {(M1, PROV.wasDerivedFrom, SH.EqualsConstraintComponent)},
    "invalid_mention_no_participant.trig": {
        (M1, KG.participant, SH.MinCountConstraintComponent),
        (M1, KG.location, SH.PatternConstraintComponent),
    },
    # Article
    "invalid_article_missing_filename.trig": {(A1, KG.fileName, SH.MinCountConstraintComponent)},
    "invalid_article_published_source.trig": {(A1, None, SH.SPARQLConstraintComponent)},
    # canonical DiplomaticEvent
    "invalid_event_without_mention.trig": {
        (E1, KG.mention, SH.MinCountConstraintComponent),
        (E1, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),
    },
    "invalid_event_counts.trig": {
        (E1, KG.sourceCount, SH.MinInclusiveConstraintComponent),
        (E1, KG.outletCount, SH.LessThanOrEqualsConstraintComponent),
        (E1, KG.pair, SH.PatternConstraintComponent),
    },
    "invalid_event_untyped.trig": {(E1, RDF.type, SH.QualifiedMinCountConstraintComponent)},
    # Actor description
    "invalid_actor_bad_wikidata.trig": {
        (PUTIN, KG.wikidata, SH.PatternConstraintComponent),
        (PUTIN, None, SH.SPARQLConstraintComponent),  # owl:sameAs wd:Q7747 ≠ kg:wikidata
    },
    "invalid_actor_no_label.trig": {(PUTIN, RDFS.label, SH.MinCountConstraintComponent)},
}


def test_every_violating_example_is_listed():
    on_disk = {p.name for p in EXAMPLES.glob("invalid_*")}
    assert on_disk == set(VIOLATIONS)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_violating_example(shapes, ontology, mode, name):
    conforms, report, text = run(union(EXAMPLES / name), shapes, ontology, mode)
    assert not conforms
    assert results(report) == VIOLATIONS[name], text


def test_ontology_files_themselves_raise_no_violation(shapes, ontology):
    """The ontology, lexicon and topic files mixed into the data (as ont_graph does) must not
    become SHACL targets themselves."""
    data = Graph()
    for f in ("kg.ttl", "event_types.ttl", "topics.ttl"):
        data.parse(ONTOLOGY / f, format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, text


def test_uri_literal_checks_are_strings_not_iris(shapes, ontology):
    """kg:url must be an xsd:anyURI *literal*, not an IRI node."""
    data = union(EXAMPLES / "valid_dataset.trig")
    art = ARTICLE["001_2b21d8f903b1c0dd"]
    data.remove((art, KG.url, None))
    data.add((art, KG.url, URIRef("https://example.org/news/trump-putin")))
    conforms, report, _ = run(data, shapes, ontology, "plain")
    assert not conforms
    assert (art, KG.url, SH.DatatypeConstraintComponent) in results(report)
