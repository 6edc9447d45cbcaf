"""Model objects to RDF (as N-Triples terms), and the block key fusion groups mentions by."""
from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.graph.iris import (
    ACTOR, KG, PLACE, PROV, TOPIC, WD, article_iri, block_graph, event_graph, mention_iri,
)
from kg.graph.triples import XSD_ANY_URI, Triples, Vocabulary, day, integer, iri, text, typed
from kg.model import FAMILY, ActorRef, Article, Event, EventMention, Place

K, P = Vocabulary(KG), Vocabulary(PROV)
TYPE, LABEL, SAME_AS, TITLE = iri(str(RDF.type)), iri(str(RDFS.label)), iri(str(OWL.sameAs)), iri(str(DCTERMS.title))
SKOS_ = Vocabulary(SKOS)


def block_key(event_type: str, participant_ids) -> str:
    """``family|id1|id2`` with the participants sorted: mentions that may be one event."""
    return "|".join([FAMILY[event_type], *sorted(participant_ids)])


def pending_mark(key: str) -> Triples:
    """The mark, written with an article, that fusion still owes block ``key`` a visit
    (in the block's pending graph, :func:`kg.graph.iris.pending_graph`)."""
    from kg.graph.iris import pending_graph

    g = Triples()
    g.add(iri(str(pending_graph(key))), K.pendingBlock, text(key))
    return g


def pair_keys(participant_ids) -> list[str]:
    """``id1|id2`` for every two participants, sorted: the index a pair timeline looks up."""
    ids = sorted(set(participant_ids))
    return [f"{a}|{b}" for i, a in enumerate(ids) for b in ids[i + 1:]]


def actor_term(actor_id: str) -> str:
    return iri(f"{ACTOR}{actor_id}")


def place_term(place_id: str) -> str:
    return iri(f"{PLACE}{place_id}")


def topic_term(topic_id: str) -> str:
    return iri(f"{TOPIC}{topic_id}")


def article_triples(article: Article, mentions: list[EventMention]) -> tuple[Triples, list[str]]:
    """The article's named graph: the article node and its mentions; plus the mention IRIs."""
    g = Triples()
    a = iri(str(article_iri(article.content_hash)))
    g.add(a, TYPE, K.Article)
    g.add(a, K.fileName, text(article.doc))
    g.add(a, K.contentHash, text(article.content_hash))
    g.add(a, K.publishedSource, text(article.published_source))
    g.add(a, K.language, text(article.language))
    if article.published:
        g.add(a, K.published, day(article.published))
    if article.outlet:
        g.add(a, K.outlet, text(article.outlet))
    if article.url:
        g.add(a, K.url, typed(article.url, XSD_ANY_URI))
    if article.title:
        g.add(a, TITLE, text(article.title))
    iris = []
    seen: dict[int, int] = {}
    for m in mentions:
        index = seen.get(m.start, 0)
        seen[m.start] = index + 1
        node_iri = str(mention_iri(article.content_hash, m.start, index))
        iris.append(node_iri)
        node = iri(node_iri)
        g.add(node, TYPE, K.EventMention)
        g.add(node, K.eventClass, K[m.type])
        g.add(node, K.block, text(block_key(m.type, m.participant_ids)))
        _add_contact(g, node, m)
        if m.time.text:
            g.add(node, K.timeText, text(m.time.text))
        for topic in m.topics:
            g.add(node, K.topic, topic_term(topic))
        g.add(node, K.evidence, text(m.evidence))
        g.add(node, K.charStart, integer(m.start))
        g.add(node, K.charEnd, integer(m.end))
        if m.trigger:
            g.add(node, K.trigger, text(m.trigger))
        g.add(node, K.sourceArticle, a)
        g.add(node, P.wasDerivedFrom, a)
    return g, iris


def _add_contact(g: Triples, node: str, contact: EventMention | Event) -> None:
    """What mentions and canonical events share: who, who began it, where, status, when."""
    for actor in contact.participants:
        g.add(node, K.participant, actor_term(actor.id))
    if contact.initiator:
        g.add(node, K.initiator, actor_term(contact.initiator.id))
    if contact.location:
        g.add(node, K.location, place_term(contact.location.id))
    g.add(node, K.status, K[contact.status])
    time = contact.time
    if time.earliest:
        g.add(node, K.earliest, day(time.earliest))
    if time.latest:
        g.add(node, K.latest, day(time.latest))
    g.add(node, K.granularity, K[time.granularity])


def entity_graphs(actors: list[ActorRef], places: list[Place]) -> dict:
    """One small named graph per actor and place, so a renamed actor keeps one label."""
    from kg.graph.iris import actor_iri, entity_graph, place_iri

    out = {}
    for actor in actors:
        out[entity_graph(actor_iri(actor.id))] = entity_triples([actor], [])
    for place in places:
        out[entity_graph(place_iri(place.id))] = entity_triples([], [place])
    return out


def topic_triples(topics: dict[str, list[str]], labels: dict[str, str]) -> Triples:
    """The topic scheme's concepts with their ids and German labels, for queries to show."""
    g = Triples()
    for topic in topics:
        node = topic_term(topic)
        g.add(node, TYPE, SKOS_.Concept)
        g.add(node, SKOS_.notation, text(topic))
        g.add(node, SKOS_.prefLabel, text(labels.get(topic, topic), lang="de"))
    return g


def entity_triples(actors: list[ActorRef], places: list[Place]) -> Triples:
    """Descriptions of actors and places: type, label, Wikidata id, country."""
    g = Triples()
    for actor in actors:
        node = actor_term(actor.id)
        g.add(node, TYPE, K[actor.kind])
        g.add(node, LABEL, text(actor.label))
        _add_wikidata(g, node, actor.wikidata)
        if actor.country:
            g.add(node, K.country, actor_term(actor.country))
    for place in places:
        node = place_term(place.id)
        g.add(node, TYPE, K.Place)
        g.add(node, LABEL, text(place.label))
        _add_wikidata(g, node, place.wikidata)
    return g


def _add_wikidata(g: Triples, node: str, qid: str | None) -> None:
    if qid:
        g.add(node, K.wikidata, text(qid))
        g.add(node, SAME_AS, iri(f"{WD}{qid}"))


SHORTCUT = {"spoken": KG.called, "in-person": KG.met, "invitation": KG.invited}


def event_triples(ev: Event, key: str) -> tuple[Triples, str]:
    """One canonical event's description, and its digest (also stated in it as kg:digest).

    The digest is a hash of everything else said about the event: fusion rewrites an
    event only when it changed.
    """
    g = Triples()
    node = iri(ev.id)
    g.add(node, TYPE, K[ev.type])
    g.add(node, K.block, text(key))
    for pair in pair_keys(a.id for a in ev.participants):
        g.add(node, K.pair, text(pair))
    g.add(node, LABEL, text(event_label(ev)))
    _add_contact(g, node, ev)
    for topic in ev.topics:
        g.add(node, K.topic, topic_term(topic))
    for source in ev.sources:
        mention = iri(source.mention_iri)
        g.add(node, K.mention, mention)
        g.add(node, P.wasDerivedFrom, mention)
    g.add(node, K.sourceCount, integer(len({s.doc for s in ev.sources})))
    g.add(node, K.outletCount, integer(max(1, len({s.outlet or s.doc for s in ev.sources}))))
    announced = [s.published for s in ev.sources if s.status == "planned" and s.published]
    if announced:
        g.add(node, K.announcedOn, day(min(announced)))
    for conflict in ev.conflicts:
        g.add(node, K.conflict, text(conflict))
    fingerprint = hashlib.sha256("\n".join(sorted(g.lines())).encode("utf-8")).hexdigest()[:16]
    g.add(node, K.digest, text(fingerprint))
    return g, fingerprint


def block_graphs(events: list[Event], key: str) -> dict[URIRef, Triples]:
    """A fusion block's named graphs: one per canonical event, and the block's own graph
    holding the shortcut triples between its actors."""
    out = {block_graph(key): shortcut_triples(events)}
    for ev in events:
        out[event_graph(key, ev.id)] = event_triples(ev, key)[0]
    return out


def shortcut_triples(events: list[Event]) -> Triples:
    """``kg:called``/``kg:met``/``kg:invited`` between the actors of events that took place or are planned."""
    g = Triples()
    for ev in events:
        if ev.status in ("occurred", "planned", "claimed"):
            _shortcuts(g, ev)
    return g


def _shortcuts(g: Triples, ev: Event) -> None:
    predicate = iri(str(SHORTCUT[FAMILY[ev.type]]))
    ids = sorted(a.id for a in ev.participants)
    if ev.initiator and predicate != K.met:
        for other in ids:
            if other != ev.initiator.id:
                g.add(actor_term(ev.initiator.id), predicate, actor_term(other))
        return
    for a in ids:
        for b in ids:
            if a != b:
                g.add(actor_term(a), predicate, actor_term(b))


def event_label(ev: Event) -> str:
    names = " – ".join(a.label for a in ev.participants)
    when = ev.time.earliest.isoformat() if ev.time.earliest else "?"
    if ev.time.latest != ev.time.earliest:
        when += f"..{ev.time.latest.isoformat() if ev.time.latest else '?'}"
    return f"{ev.type}: {names}, {when} ({ev.status})"
