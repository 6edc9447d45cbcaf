"""The kg vocabulary (ontology/kg.ttl) and the lexicon files built on it.

* every kg: term used in ontology/*.ttl (including files other engineers add, such as
  actors.ttl and places.ttl) and in queries/*.rq is declared in kg.ttl;
* every declared term has a German and an English rdfs:label and rdfs:comment;
* the seven event classes carry their CAMEO/PLOVER annotations and family;
* topics.ttl has exactly the agreed concepts, each with 8–30 lowercase keywords;
* event_types.ttl gives every event class lowercase trigger words, no trigger in two classes.
"""
from __future__ import annotations

import ast
import pathlib
import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = pathlib.Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
QUERIES = ROOT / "queries"

KG_NS = "https://w3id.org/kg/ontology#"
KG = Namespace(KG_NS)
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TOPIC_NS = "https://w3id.org/kg/topic/"

EVENT_CLASSES = ("PhoneCall", "Meeting", "Summit", "Visit", "Negotiation", "Invitation", "Consultation")
FAMILIES = {
    "PhoneCall": "spoken", "Consultation": "spoken",
    "Meeting": "in-person", "Summit": "in-person", "Visit": "in-person", "Negotiation": "in-person",
    "Invitation": "invitation",
}
STATUSES = ("occurred", "planned", "claimed", "denied", "cancelled", "unknown")
GRANULARITIES = ("day", "days", "week", "month", "season", "quarter", "year", "years", "open")
TOPIC_IDS = {
    "ukraine-war", "ceasefire", "peace-negotiations", "weapons-delivery", "military-aid",
    "middle-east", "iran-nuclear", "trade", "bilateral-relations", "prisoner-exchange",
    "energy-infrastructure", "summit-planning", "sanctions", "security-guarantees",
    "nato-membership", "gaza-war", "climate", "migration", "nuclear-arms-control",
    "territorial-integrity", "humanitarian-aid", "energy-supply",
}
# PLOVER event categories (openeventdata/PLOVER, PLOVER_MANUAL.tex) and CONSULT modes
# (table "CONSULT modes" plus "host" from CAMEO2PLOVER-2021.txt); "" is PLOVER's null mode.
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "AUDIT",
                "DEMAND", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION",
                "COERCE", "ASSAULT"}
PLOVER_CONSULT_MODES = {"", "phone", "visit", "host", "third-party", "multilateral"}


def parse(path: pathlib.Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def kg() -> Graph:
    return parse(ONTOLOGY / "kg.ttl")


@pytest.fixture(scope="module")
def topics() -> Graph:
    return parse(ONTOLOGY / "topics.ttl")


@pytest.fixture(scope="module")
def lexicon() -> Graph:
    return parse(ONTOLOGY / "event_types.ttl")


def declared(kg: Graph) -> set[URIRef]:
    return {s for s in kg.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(KG_NS)}


# --------------------------------------------------------------------------- kg: terms in use

def kg_terms_in_graph(g: Graph) -> set[URIRef]:
    terms = set()
    for triple in g:
        for node in triple:
            if isinstance(node, URIRef) and node.startswith(KG_NS):
                terms.add(node)
            elif isinstance(node, Literal) and node.datatype and str(node.datatype).startswith(KG_NS):
                terms.add(URIRef(node.datatype))
    return terms


_SPARQL_TOKEN = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\''      # long strings
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # strings
    r'|<(?P<iri>[^<>"{}|^`\\\s]*)>'                  # IRIs
    r'|#[^\n]*'                                      # comments
    r'|(?P<prefix>[A-Za-z][\w-]*)?:(?P<local>[A-Za-z_][\w-]*(?:\.[\w-]+)*)'  # prefixed names
)
_SPARQL_PREFIX = re.compile(r'PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>', re.IGNORECASE)


def kg_terms_in_sparql(text: str) -> set[URIRef]:
    """kg: terms of a SPARQL query, whatever prefix it binds the kg namespace to; strings and
    comments are skipped."""
    prefixes = {(m.group(1) or ""): m.group(2) for m in _SPARQL_PREFIX.finditer(text)}
    terms = set()
    for m in _SPARQL_TOKEN.finditer(text):
        if m.group("iri") is not None:
            if m.group("iri").startswith(KG_NS) and len(m.group("iri")) > len(KG_NS):
                terms.add(URIRef(m.group("iri")))
        elif m.group("local") is not None:
            ns = prefixes.get(m.group("prefix") or "")
            if ns == KG_NS:
                terms.add(URIRef(KG_NS + m.group("local")))
    return terms


def test_sparql_scanner_finds_terms_and_skips_strings_and_comments():
    q = """PREFIX k: <https://w3id.org/kg/ontology#>
    # k:InComment
    SELECT ?e WHERE { ?e a k:Meeting ; k:status k:planned. ?e <https://w3id.org/kg/ontology#earliest> ?d
      FILTER(?d != "k:InString") }"""
    assert kg_terms_in_sparql(q) == {KG.Meeting, KG.status, KG.planned, KG.earliest}


def ontology_files() -> list[pathlib.Path]:
    return sorted(ONTOLOGY.glob("*.ttl"))


def query_files() -> list[pathlib.Path]:
    return sorted(QUERIES.glob("*.rq")) if QUERIES.is_dir() else []


@pytest.mark.parametrize("path", ontology_files(), ids=lambda p: p.name)
def test_kg_terms_of_ontology_file_are_declared(kg, path):
    undeclared = kg_terms_in_graph(parse(path)) - declared(kg)
    assert not undeclared, f"{path.name} uses kg: terms not declared in kg.ttl: {sorted(undeclared)}"


@pytest.mark.parametrize("path", query_files() or [None], ids=lambda p: p.name if p else "none")
def test_kg_terms_of_queries_are_declared(kg, path):
    if path is None:
        pytest.skip("no queries/*.rq yet")
    undeclared = kg_terms_in_sparql(path.read_text(encoding="utf-8")) - declared(kg)
    assert not undeclared, f"{path.name} uses kg: terms not declared in kg.ttl: {sorted(undeclared)}"


def test_own_ontology_files_are_present():
    names = {p.name for p in ontology_files()}
    assert {"kg.ttl", "shapes.ttl", "topics.ttl", "event_types.ttl"} <= names


# --------------------------------------------------------------------------- labels, comments

def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def test_every_declared_term_has_german_and_english_label_and_comment(kg):
    missing = []
    for term in sorted(declared(kg)):
        for prop in (RDFS.label, RDFS.comment):
            langs = _langs(kg, term, prop)
            if not {"de", "en"} <= langs:
                missing.append(f"{term.removeprefix(KG_NS)} {prop.removeprefix(str(RDFS))} {sorted(langs)}")
    assert not missing, "\n".join(missing)


def test_classes_and_properties_are_typed(kg):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    for name in EVENT_CLASSES + ("DiplomaticEvent", "EventMention", "Article", "Actor", "Person", "State",
                                 "Organisation", "Delegation", "Place", "Position", "RoleHolding",
                                 "RoleKind", "Status", "Granularity"):
        assert (KG[name], RDF.type, OWL.Class) in kg, name
    for name in ("fileName", "contentHash", "published", "publishedSource", "outlet", "url", "language",
                 "eventClass", "participant", "initiator", "location", "status", "earliest", "latest",
                 "granularity", "timeText", "topic", "evidence", "charStart", "charEnd", "trigger",
                 "sourceArticle", "wikidata", "country", "mention", "sourceCount", "outletCount",
                 "announcedOn", "conflict", "called", "met", "invited", "visited", "contactedWith",
                 "inflectedForm", "adjectiveStem", "compoundPrefix", "capital", "metonym", "inState",
                 "partOf", "ofState", "ofOrganisation", "roleKind", "titleWord", "position", "holder",
                 "start", "end", "triggerLemma", "triggerNoun", "keyword", "requiresContext",
                 "cameoCode", "ploverType", "ploverMode", "family"):
        assert set(kg.objects(KG[name], RDF.type)) & kinds, name


# --------------------------------------------------------------------------- structure

def test_event_class_hierarchy(kg):
    assert (KG.DiplomaticEvent, RDFS.subClassOf, SEM.Event) in kg
    for name in EVENT_CLASSES:
        supers = set(kg.transitive_objects(KG[name], RDFS.subClassOf))
        assert KG.DiplomaticEvent in supers, name
    assert (KG.Summit, RDFS.subClassOf, KG.Meeting) in kg
    assert (KG.EventMention, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in kg
    assert (KG.Article, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in kg


def test_event_classes_carry_cameo_plover_and_family(kg):
    for name in EVENT_CLASSES:
        cls = KG[name]
        values = {p: [str(o) for o in kg.objects(cls, KG[p])]
                  for p in ("cameoCode", "ploverType", "ploverMode", "family")}
        for p, vs in values.items():
            assert len(vs) == 1, (name, p, vs)
        assert re.fullmatch(r"\d{3}", values["cameoCode"][0]), name
        assert values["ploverType"][0] in PLOVER_TYPES, name
        if values["ploverType"][0] == "CONSULT":
            assert values["ploverMode"][0] in PLOVER_CONSULT_MODES, name
            assert values["cameoCode"][0].startswith("04"), name  # CAMEO 04x = CONSULT
        assert values["family"][0] == FAMILIES[name], name
    assert str(kg.value(KG.PhoneCall, KG.cameoCode)) == "041"
    assert str(kg.value(KG.PhoneCall, KG.ploverMode)) == "phone"
    assert str(kg.value(KG.Visit, KG.cameoCode)) == "042"
    assert str(kg.value(KG.Visit, KG.ploverMode)) == "visit"
    assert str(kg.value(KG.Negotiation, KG.cameoCode)) == "046"


def test_status_and_granularity_individuals(kg):
    assert {s.removeprefix(KG_NS) for s in kg.subjects(RDF.type, KG.Status)} == set(STATUSES)
    assert {s.removeprefix(KG_NS) for s in kg.subjects(RDF.type, KG.Granularity)} == set(GRANULARITIES)
    time = "http://www.w3.org/2006/time#"
    for name, unit in (("day", "unitDay"), ("week", "unitWeek"), ("month", "unitMonth"), ("year", "unitYear")):
        assert (KG[name], SKOS.closeMatch, URIRef(time + unit)) in kg


def test_role_kinds_are_declared_without_title_words(kg):
    kinds = {s.removeprefix(KG_NS) for s in kg.subjects(RDF.type, KG.RoleKind)}
    assert kinds == {"HeadOfState", "HeadOfGovernment", "ForeignMinister", "DefenceMinister",
                     "Spokesperson", "Envoy", "SecretaryGeneral", "NationalSecurityAdviser",
                     "Monarch", "VicePresident"}
    assert not list(kg.triples((None, KG.titleWord, None)))


def test_shortcuts_are_subproperties_of_symmetric_contacted_with(kg):
    assert (KG.contactedWith, RDF.type, OWL.SymmetricProperty) in kg
    for name in ("called", "met", "invited", "visited"):
        assert (KG[name], RDFS.subPropertyOf, KG.contactedWith) in kg
        assert (KG[name], RDFS.domain, KG.Actor) in kg and (KG[name], RDFS.range, KG.Actor) in kg


def _tuple_constant(tree: ast.Module, name: str) -> tuple | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            return ast.literal_eval(node.value)
    return None


def test_vocabulary_matches_the_code_model(kg):
    """kg/model.py names event types, statuses and granularities by local name: they must exist."""
    model = ROOT / "kg" / "model.py"
    if not model.exists():
        pytest.skip("kg/model.py not present")
    tree = ast.parse(model.read_text(encoding="utf-8"))
    for const, expected in (("EVENT_TYPES", set(EVENT_CLASSES)), ("STATUSES", set(STATUSES)),
                            ("GRANULARITIES", set(GRANULARITIES))):
        value = _tuple_constant(tree, const)
        if value is not None:
            assert set(value) == expected, const


# --------------------------------------------------------------------------- topics

def test_topic_scheme_has_exactly_the_agreed_concepts(topics):
    concepts = set(topics.subjects(SKOS.inScheme, KG.topics))
    assert {c.removeprefix(TOPIC_NS) for c in concepts} == TOPIC_IDS
    assert all(c.startswith(TOPIC_NS) for c in concepts)
    assert set(topics.subjects(RDF.type, SKOS.Concept)) == concepts
    assert (KG.topics, RDF.type, SKOS.ConceptScheme) in topics


@pytest.mark.parametrize("topic_id", sorted(TOPIC_IDS))
def test_topic_concept(topics, topic_id):
    c = URIRef(TOPIC_NS + topic_id)
    assert [str(n) for n in topics.objects(c, SKOS.notation)] == [topic_id]
    assert {"de", "en"} <= _langs(topics, c, SKOS.prefLabel)
    keywords = [str(k) for k in topics.objects(c, KG.keyword)]
    assert 8 <= len(keywords) <= 30, (topic_id, len(keywords))
    for k in keywords:
        assert k == k.lower(), k
        assert k == k.strip() and "  " not in k and k, repr(k)
        assert "~" not in k[1:], k


def test_keywords_are_not_repeated_within_a_concept(topics):
    for c in topics.subjects(SKOS.inScheme, KG.topics):
        kws = [str(k) for k in topics.objects(c, KG.keyword)]
        assert len(kws) == len(set(kws)), c


# --------------------------------------------------------------------------- event-type lexicon

LEXICON_PROPERTIES = {KG.triggerLemma, KG.triggerNoun, KG.requiresContext}


def test_lexicon_covers_the_seven_classes_and_nothing_else(lexicon):
    subjects = set(lexicon.subjects())
    assert subjects == {KG[n] for n in EVENT_CLASSES}
    assert set(lexicon.predicates()) <= LEXICON_PROPERTIES
    for name in EVENT_CLASSES:
        assert list(lexicon.objects(KG[name], KG.triggerNoun)), name


def test_triggers_are_lowercase_and_unique_to_one_class(lexicon):
    owner: dict[tuple, URIRef] = {}
    for prop in (KG.triggerLemma, KG.triggerNoun):
        for cls, word in lexicon.subject_objects(prop):
            w = str(word)
            assert w == w.lower() and w == w.strip() and "  " not in w and w, repr(w)
            key = (prop, w)
            assert key not in owner or owner[key] == cls, f"{w!r} in {owner.get(key)} and {cls}"
            owner[key] = cls


def test_verb_lemmas_are_infinitives(lexicon):
    for word in lexicon.objects(None, KG.triggerLemma):
        w = str(word)
        assert " " not in w and w.endswith("n"), w  # one word, German infinitive ending


def test_context_notes_name_a_trigger_of_their_class(lexicon):
    for cls, note in lexicon.subject_objects(KG.requiresContext):
        trigger, sep, condition = str(note).partition(":")
        assert sep and condition.strip(), note
        triggers = {str(w) for p in (KG.triggerLemma, KG.triggerNoun) for w in lexicon.objects(cls, p)}
        assert trigger in triggers, (cls, note)
