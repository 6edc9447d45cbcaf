"""Model objects to RDF graphs, and the block key fusion groups mentions by."""
from __future__ import annotations

from datetime import date

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from kg.graph.iris import (
    KG, PROV, WD, actor_iri, article_iri, mention_iri, place_iri, topic_iri,
)
from kg.model import FAMILY, ActorRef, Article, Event, EventMention, Place


def block_key(event_type: str, participant_ids) -> str:
    """``family|id1|id2`` with the participants sorted: mentions that may be one event."""
    return "|".join([FAMILY[event_type], *sorted(participant_ids)])


def pair_keys(participant_ids) -> list[str]:
    """``id1|id2`` for every two participants, sorted: the index a pair timeline looks up."""
    ids = sorted(set(participant_ids))
    return [f"{a}|{b}" for i, a in enumerate(ids) for b in ids[i + 1:]]


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _new_graph() -> Graph:
    """An empty graph with kg's prefixes only: rdflib's default set of ~30 costs a tenth of the ingest time."""
    g = Graph(bind_namespaces="none")
    for prefix, namespace in (("kg", KG), ("prov", PROV), ("dcterms", DCTERMS), ("rdf", RDF), ("rdfs", RDFS),
                              ("xsd", XSD), ("owl", OWL)):
        g.bind(prefix, namespace)
    return g


def article_triples(article: Article, mentions: list[EventMention]) -> tuple[Graph, list[URIRef]]:
    """The article's named graph: the article node and its mentions; plus the mention IRIs."""
    g = _new_graph()
    a = article_iri(article.content_hash)
    g.add((a, RDF.type, KG.Article))
    g.add((a, KG.fileName, Literal(article.doc)))
    g.add((a, KG.contentHash, Literal(article.content_hash)))
    g.add((a, KG.publishedSource, Literal(article.published_source)))
    g.add((a, KG.language, Literal(article.language)))
    if article.published:
        g.add((a, KG.published, _date(article.published)))
    if article.outlet:
        g.add((a, KG.outlet, Literal(article.outlet)))
    if article.url:
        g.add((a, KG.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.title:
        g.add((a, DCTERMS.title, Literal(article.title)))
    iris = []
    seen: dict[int, int] = {}
    for m in mentions:
        index = seen.get(m.start, 0)
        seen[m.start] = index + 1
        node = mention_iri(article.content_hash, m.start, index)
        iris.append(node)
        g.add((node, RDF.type, KG.EventMention))
        g.add((node, KG.eventClass, KG[m.type]))
        g.add((node, KG.block, Literal(block_key(m.type, m.participant_ids))))
        _add_contact(g, node, m)
        if m.time.text:
            g.add((node, KG.timeText, Literal(m.time.text)))
        for topic in m.topics:
            g.add((node, KG.topic, topic_iri(topic)))
        g.add((node, KG.evidence, Literal(m.evidence)))
        g.add((node, KG.charStart, Literal(m.start)))
        g.add((node, KG.charEnd, Literal(m.end)))
        if m.trigger:
            g.add((node, KG.trigger, Literal(m.trigger)))
        g.add((node, KG.sourceArticle, a))
        g.add((node, PROV.wasDerivedFrom, a))
    return g, iris


def _add_contact(g: Graph, node, contact: EventMention | Event) -> None:
    """What mentions and canonical events share: who, who began it, where, status, when."""
    for actor in contact.participants:
        g.add((node, KG.participant, actor_iri(actor.id)))
    if contact.initiator:
        g.add((node, KG.initiator, actor_iri(contact.initiator.id)))
    if contact.location:
        g.add((node, KG.location, place_iri(contact.location.id)))
    g.add((node, KG.status, KG[contact.status]))
    _add_time(g, node, contact.time.earliest, contact.time.latest, contact.time.granularity)


def _add_time(g: Graph, node, earliest, latest, granularity: str) -> None:
    if earliest:
        g.add((node, KG.earliest, _date(earliest)))
    if latest:
        g.add((node, KG.latest, _date(latest)))
    g.add((node, KG.granularity, KG[granularity]))


def entity_graphs(actors: list[ActorRef], places: list[Place]) -> dict:
    """One small named graph per actor and place, so a renamed actor keeps one label."""
    from kg.graph.iris import entity_graph

    out = {}
    for actor in actors:
        out[entity_graph(actor_iri(actor.id))] = entity_triples([actor], [])
    for place in places:
        out[entity_graph(place_iri(place.id))] = entity_triples([], [place])
    return out


def topic_triples(topics: dict[str, list[str]], labels: dict[str, str]) -> Graph:
    """The topic scheme's concepts with their ids and German labels, for queries to show."""
    from rdflib.namespace import SKOS

    g = _new_graph()
    for topic in topics:
        node = topic_iri(topic)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.notation, Literal(topic)))
        g.add((node, SKOS.prefLabel, Literal(labels.get(topic, topic), lang="de")))
    return g


def entity_triples(actors: list[ActorRef], places: list[Place]) -> Graph:
    """Descriptions of actors and places: type, label, Wikidata id, country."""
    g = _new_graph()
    for actor in actors:
        node = actor_iri(actor.id)
        g.add((node, RDF.type, KG[actor.kind]))
        g.add((node, RDFS.label, Literal(actor.label)))
        if actor.wikidata:
            g.add((node, KG.wikidata, Literal(actor.wikidata)))
            g.add((node, OWL.sameAs, WD[actor.wikidata]))
        if actor.country:
            g.add((node, KG.country, actor_iri(actor.country)))
    for place in places:
        node = place_iri(place.id)
        g.add((node, RDF.type, KG.Place))
        g.add((node, RDFS.label, Literal(place.label)))
        if place.wikidata:
            g.add((node, KG.wikidata, Literal(place.wikidata)))
            g.add((node, OWL.sameAs, WD[place.wikidata]))
    return g


SHORTCUT = {"spoken": KG.called, "in-person": KG.met, "invitation": KG.invited}


def event_triples(events: list[Event], key: str) -> Graph:
    """One fusion block's canonical events, with shortcut triples between their actors."""
    g = _new_graph()
    for ev in events:
        node = URIRef(ev.id)
        g.add((node, RDF.type, KG[ev.type]))
        g.add((node, KG.block, Literal(key)))
        for pair in pair_keys(a.id for a in ev.participants):
            g.add((node, KG.pair, Literal(pair)))
        g.add((node, RDFS.label, Literal(event_label(ev))))
        _add_contact(g, node, ev)
        for topic in ev.topics:
            g.add((node, KG.topic, topic_iri(topic)))
        for source in ev.sources:
            g.add((node, KG.mention, URIRef(source.mention_iri)))
            g.add((node, PROV.wasDerivedFrom, URIRef(source.mention_iri)))
        g.add((node, KG.sourceCount, Literal(len({s.doc for s in ev.sources}))))
        g.add((node, KG.outletCount, Literal(max(1, len({s.outlet or s.doc for s in ev.sources})))))
        announced = [s.published for s in ev.sources if s.status == "planned" and s.published]
        if announced:
            g.add((node, KG.announcedOn, _date(min(announced))))
        for conflict in ev.conflicts:
            g.add((node, KG.conflict, Literal(conflict)))
        if ev.status in ("occurred", "planned", "claimed"):
            _shortcuts(g, ev)
    return g


def _shortcuts(g: Graph, ev: Event) -> None:
    predicate = SHORTCUT[FAMILY[ev.type]]
    ids = sorted(a.id for a in ev.participants)
    if ev.initiator and predicate != KG.met:
        for other in ids:
            if other != ev.initiator.id:
                g.add((actor_iri(ev.initiator.id), predicate, actor_iri(other)))
        return
    for a in ids:
        for b in ids:
            if a != b:
                g.add((actor_iri(a), predicate, actor_iri(b)))


def event_label(ev: Event) -> str:
    names = " – ".join(a.label for a in ev.participants)
    when = ev.time.earliest.isoformat() if ev.time.earliest else "?"
    if ev.time.latest != ev.time.earliest:
        when += f"..{ev.time.latest.isoformat() if ev.time.latest else '?'}"
    return f"{ev.type}: {names}, {when} ({ev.status})"
