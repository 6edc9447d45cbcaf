"""The knowledge the extractor reads, loaded from ``ontology/*.ttl`` into plain objects.

Actors, positions with dated role holdings, places, event triggers and topics are data
(Turtle files in ``ontology/``); this module turns them into dictionaries the extractor
can look up in constant time, and caches the result as JSON keyed by the files' hash, so
later runs skip the Turtle parsing.
"""
from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from kg.resources import ontology_dir

KG = "https://w3id.org/kg/ontology#"
ACTOR = "https://w3id.org/kg/actor/"
PLACE = "https://w3id.org/kg/place/"
POSITION = "https://w3id.org/kg/position/"
TOPIC = "https://w3id.org/kg/topic/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

SOURCE_FILES = ("kg.ttl", "actors.ttl", "places.ttl", "event_types.ttl", "topics.ttl", "cues_de.json")
CACHE_VERSION = 6


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """Case-folded, accent-insensitive key for names (``Erdoğan`` ~ ``erdogan``).

    German umlauts and ß are kept so that ``Präsident`` and ``Prasident`` stay distinct
    only where German spelling matters; other diacritics are dropped.
    """
    out = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch) and out and out[-1] in "aou" and ch == "\u0308":
            out[-1] = {"a": "ä", "o": "ö", "u": "ü"}[out[-1]]
        elif not unicodedata.combining(ch):
            out.append(ch)
    return "".join(out).replace("’", "'")


@dataclass
class ActorEntry:
    id: str
    label: str
    kind: str  # Person, State, Organisation
    wikidata: str | None = None
    country: str | None = None
    names: list[str] = field(default_factory=list)
    adjective_stems: list[str] = field(default_factory=list)
    compound_prefixes: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    capital: str | None = None


@dataclass
class PositionEntry:
    id: str
    label: str
    owner: str | None  # state or organisation id
    kind: str | None  # RoleKind local name
    titles: list[str] = field(default_factory=list)  # names of this office alone (Kremlchef)
    title_words: list[str] = field(default_factory=list)  # words naming it with its owner (iranischer Präsident)
    holdings: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # holder, start, end


@dataclass
class PlaceEntry:
    id: str
    label: str
    wikidata: str | None = None
    state: str | None = None
    names: list[str] = field(default_factory=list)


@dataclass
class Lexicon:
    actors: dict[str, ActorEntry]
    positions: dict[str, PositionEntry]
    places: dict[str, PlaceEntry]
    role_kinds: dict[str, list[str]]  # kind -> title words
    triggers: dict[str, dict[str, list[str]]]  # class -> {"verbs": [...], "nouns": [...]}
    topics: dict[str, list[str]]  # topic id -> keywords
    cues: dict[str, list[str]] = field(default_factory=dict)  # ontology/cues_de.json
    topic_labels: dict[str, str] = field(default_factory=dict)  # topic id -> German label
    #: event class -> {"cameo", "plover_type", "plover_mode", "family"} from ontology/kg.ttl
    event_classes: dict[str, dict[str, str]] = field(default_factory=dict)

    # ---- derived indexes (built on load, not cached) ----
    def __post_init__(self) -> None:
        self.actor_by_name: dict[str, str] = {}
        for entry in self.actors.values():
            for name in entry.names:
                self.actor_by_name.setdefault(fold(name), entry.id)
        self.state_by_adjective = {
            fold(stem): e.id for e in self.actors.values() for stem in e.adjective_stems
        }
        self.owner_by_prefix = {
            fold(p): e.id for e in self.actors.values() for p in e.compound_prefixes
        }
        self.state_by_metonym = {fold(m): e.id for e in self.actors.values() for m in e.metonyms}
        self.kinds_by_title: dict[str, list[str]] = {}
        for kind, titles in sorted(self.role_kinds.items()):
            for t in titles:
                self.kinds_by_title.setdefault(fold(t), []).append(kind)
        self.position_by_title: dict[str, str] = {}
        self.positions_by_owner_kind: dict[tuple[str, str], list[str]] = {}
        for pos in self.positions.values():
            for title in pos.titles:
                self.position_by_title.setdefault(fold(title), pos.id)
            if pos.owner and pos.kind:
                self.positions_by_owner_kind.setdefault((pos.owner, pos.kind), []).append(pos.id)
        self.position_by_owner_word = {
            (pos.owner, fold(w)): pos.id for pos in self.positions.values() if pos.owner for w in pos.title_words
        }
        self.place_by_name = {fold(n): p.id for p in self.places.values() for n in p.names}
        self.capital_of = {e.capital: e.id for e in self.actors.values() if e.capital}
        self.holdings_by_person: dict[str, list[tuple[str, str | None, str | None]]] = {}
        for pos in self.positions.values():
            for holder, start, end in pos.holdings:
                self.holdings_by_person.setdefault(holder, []).append((pos.id, start, end))

    def holder(self, position: str, on: date | None) -> str | None:
        """Who held ``position`` on a day; with no day, the holder only if there was just one."""
        holdings = self.positions[position].holdings
        if on is None:
            return holdings[0][0] if len(holdings) == 1 else None
        day = on.isoformat()
        # kg:end is the last day in office; on a handover day the successor holds it
        current = [h for h in holdings if (h[1] is None or h[1] <= day) and (h[2] is None or day <= h[2])]
        return max(current, key=lambda h: h[1] or "")[0] if current else None

    def term_start(self, person: str, on: date | None) -> date | None:
        """Start of the office term ``person`` held on a day (for "vor Trumps Amtsantritt")."""
        best = None
        for _position, start, end in self.holdings_by_person.get(person, []):
            if start and (on is None or (start <= on.isoformat() and (end is None or on.isoformat() <= end))):
                if best is None or start > best:
                    best = start
        return date.fromisoformat(best) if best else None

    def to_json(self) -> dict:
        return {
            "version": CACHE_VERSION,
            "actors": {k: asdict(v) for k, v in self.actors.items()},
            "positions": {k: asdict(v) for k, v in self.positions.items()},
            "places": {k: asdict(v) for k, v in self.places.items()},
            "role_kinds": self.role_kinds,
            "triggers": self.triggers,
            "topics": self.topics,
            "cues": self.cues,
            "topic_labels": self.topic_labels,
            "event_classes": self.event_classes,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Lexicon":
        return cls(
            actors={k: ActorEntry(**v) for k, v in data["actors"].items()},
            positions={
                k: PositionEntry(**{**v, "holdings": [tuple(h) for h in v["holdings"]]})
                for k, v in data["positions"].items()
            },
            places={k: PlaceEntry(**v) for k, v in data["places"].items()},
            role_kinds=data["role_kinds"],
            triggers=data["triggers"],
            topics=data["topics"],
            cues=data["cues"],
            topic_labels=data["topic_labels"],
            event_classes=data["event_classes"],
        )


def _local(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _parse(folder: Path) -> Lexicon:
    import rdflib

    g = rdflib.Graph()
    for name in SOURCE_FILES:
        path = folder / name
        if path.is_file() and path.suffix == ".ttl":
            g.parse(path, format="turtle")

    def values(s, p: str) -> list[str]:
        return sorted({str(o) for o in g.objects(s, rdflib.URIRef(p))})

    def one(s, p: str) -> str | None:
        vals = values(s, p)
        return vals[0] if vals else None

    def pref_label(s) -> str:
        labels = [o for o in g.objects(s, rdflib.URIRef(SKOS + "prefLabel"))]
        de = [str(o) for o in labels if getattr(o, "language", None) in ("de", None)]
        return sorted(de or [str(o) for o in labels] or [str(s)])[0]

    def names(s) -> list[str]:
        found = [pref_label(s)] + values(s, SKOS + "altLabel") + values(s, KG + "inflectedForm")
        return list(dict.fromkeys(found))

    actors: dict[str, ActorEntry] = {}
    for kind in ("Person", "State", "Organisation", "Delegation"):
        for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(KG + kind)):
            ident = _local(str(s), ACTOR)
            country = one(s, KG + "country")
            capital = one(s, KG + "capital")
            actors[ident] = ActorEntry(
                id=ident,
                label=pref_label(s),
                kind=kind,
                wikidata=one(s, KG + "wikidata"),
                country=_local(country, ACTOR) if country else None,
                names=names(s),
                adjective_stems=values(s, KG + "adjectiveStem"),
                compound_prefixes=values(s, KG + "compoundPrefix"),
                metonyms=values(s, KG + "metonym"),
                capital=_local(capital, PLACE) if capital else None,
            )
    positions: dict[str, PositionEntry] = {}
    for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "Position")):
        ident = _local(str(s), POSITION)
        owner = one(s, KG + "ofState") or one(s, KG + "ofOrganisation")
        kind = one(s, KG + "roleKind")
        positions[ident] = PositionEntry(
            id=ident,
            label=pref_label(s),
            owner=_local(owner, ACTOR) if owner else None,
            kind=_local(kind, KG) if kind else None,
            titles=values(s, SKOS + "altLabel"),
            title_words=values(s, KG + "titleWord"),
        )
    for h in g.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "RoleHolding")):
        pos, holder = one(h, KG + "position"), one(h, KG + "holder")
        if not pos or not holder or _local(pos, POSITION) not in positions:
            continue
        positions[_local(pos, POSITION)].holdings.append(
            (_local(holder, ACTOR), one(h, KG + "start"), one(h, KG + "end"))
        )
    for pos in positions.values():
        pos.holdings.sort(key=lambda h: (h[1] or "", h[0]))
    role_kinds = {
        _local(str(s), KG): values(s, KG + "titleWord")
        for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "RoleKind"))
    }
    places = {}
    for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "Place")):
        ident = _local(str(s), PLACE)
        state = one(s, KG + "inState")
        places[ident] = PlaceEntry(
            id=ident, label=pref_label(s), wikidata=one(s, KG + "wikidata"),
            state=_local(state, ACTOR) if state else None, names=names(s),
        )
    triggers = {}
    for s in set(g.subjects(rdflib.URIRef(KG + "triggerLemma"), None)) | set(
        g.subjects(rdflib.URIRef(KG + "triggerNoun"), None)
    ):
        triggers[_local(str(s), KG)] = {
            "verbs": values(s, KG + "triggerLemma"),
            "nouns": [n.lower() for n in values(s, KG + "triggerNoun")],
        }
    topics, topic_labels = {}, {}
    for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(SKOS + "Concept")):
        if str(s).startswith(TOPIC):
            topics[_local(str(s), TOPIC)] = values(s, KG + "keyword")
            topic_labels[_local(str(s), TOPIC)] = pref_label(s)
    event_classes = {}
    for s in set(g.subjects(rdflib.URIRef(KG + "cameoCode"), None)):
        event_classes[_local(str(s), KG)] = {
            "cameo": one(s, KG + "cameoCode") or "",
            "plover_type": one(s, KG + "ploverType") or "",
            "plover_mode": one(s, KG + "ploverMode") or "",
            "family": one(s, KG + "family") or "",
        }
    cues_path = folder / "cues_de.json"
    cues = json.loads(cues_path.read_text(encoding="utf-8")) if cues_path.is_file() else {}
    cues = {k: v for k, v in cues.items() if not k.startswith("_")}
    return Lexicon(actors, positions, places, role_kinds, triggers, topics, cues, topic_labels, event_classes)


def _cache_dir() -> Path:
    base = os.environ.get("KG_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256(str(CACHE_VERSION).encode())
    for name in SOURCE_FILES:
        path = folder / name
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:20]


def lexicon_fingerprint(folder: Path | None = None) -> str:
    """A short hash of the ontology files the lexicon is built from."""
    return _fingerprint(folder or ontology_dir())


@cache
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """The lexicon from ``folder`` (default: the project's ontology), cached on disk."""
    folder = folder or ontology_dir()
    cache_file = _cache_dir() / f"lexicon-{_fingerprint(folder)}.json"
    if cache_file.is_file():
        try:
            return Lexicon.from_json(json.loads(cache_file.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError):
            pass  # a stale or broken cache is rebuilt below
    lexicon = _parse(folder)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(lexicon.to_json(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache_file)
    except OSError:
        pass  # no writable cache: parse again next time
    return lexicon
