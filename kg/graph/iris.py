"""Deterministic IRIs: the same input always gives the same names.

>>> article_iri("3f2a9c0d1e2b4a5f")
rdflib.term.URIRef('https://w3id.org/kg/article/3f2a9c0d1e2b4a5f')
"""
from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/kg/"
KG = Namespace(BASE + "ontology#")
ACTOR = Namespace(BASE + "actor/")
PLACE = Namespace(BASE + "place/")
TOPIC = Namespace(BASE + "topic/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")

MERGED_PREFIX = BASE + "graph/merged/"
PENDING_PREFIX = BASE + "graph/pending/"
ENTITIES_GRAPH = URIRef(BASE + "graph/actors")  # prefix: one graph per actor or place below it
ONTOLOGY_TOPICS_GRAPH = URIRef(BASE + "graph/topics")
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")


def digest(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def article_iri(content_hash: str) -> URIRef:
    return URIRef(f"{BASE}article/{content_hash}")


def article_graph(content_hash: str) -> URIRef:
    return URIRef(f"{BASE}graph/article/{content_hash}")


def mention_iri(content_hash: str, start: int, index: int) -> URIRef:
    return URIRef(f"{BASE}mention/{content_hash}-{start}-{index}")


def event_iri(mention_iris: list[str]) -> URIRef:
    """A canonical event is named by the set of its mentions (order-independent)."""
    return URIRef(f"{BASE}event/{digest(*sorted(mention_iris))}")


def pending_graph(block_key: str) -> URIRef:
    """Marks a block whose canonical events still need recomputing (crash-safe fusion)."""
    return URIRef(PENDING_PREFIX + digest(block_key))


def block_graph(block_key: str) -> URIRef:
    """A fusion block's graph (type family + participant set): the shortcut triples of its events."""
    return URIRef(MERGED_PREFIX + digest(block_key))


def event_graph(block_key: str, event: str) -> URIRef:
    """Each canonical event lives in a named graph of its own, below its block's graph."""
    return URIRef(f"{block_graph(block_key)}/{local_name(event)}")


def actor_iri(actor_id: str) -> URIRef:
    return ACTOR[actor_id]


def place_iri(place_id: str) -> URIRef:
    return PLACE[place_id]


def topic_iri(topic_id: str) -> URIRef:
    return TOPIC[topic_id]


def entity_graph(iri: str) -> URIRef:
    """The named graph describing one actor or place: replaced whole when it changes."""
    return URIRef(f"{ENTITIES_GRAPH}/{digest(str(iri))}")


def local_name(iri: str) -> str:
    return re.split(r"[/#]", str(iri))[-1]
