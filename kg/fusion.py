"""Fusion: one canonical event per real event, keeping every source.

Mentions are grouped in blocks by type family and participant set (``block_key``).
Within a block, mentions whose date intervals are compatible form one event: precise
mentions (a few days wide at most) join when they overlap; a vague mention ("Mitte
Februar", "planned, no date yet") joins an event only when exactly one fits. Adding an
article recomputes only the blocks its mentions fall into and never edits an article's
graph; each canonical event lives in a named graph of its own, rewritten only when the
event changed, so the cost of a pass follows what changed, not the size of the blocks'
history. The result depends only on the set of mentions, not on the order they arrived in.
"""
from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable

from rdflib import Literal

from kg.graph.iris import actor_iri, block_graph, event_graph, event_iri, local_name, pending_graph, place_iri
from kg.graph.mapping import event_triples, shortcut_triples
from kg.model import ActorRef, Event, Place, Source, TimeSpan
from kg.store.base import Store

PRECISE_DAYS = 3
#: an open-ended announcement ("will Putin treffen") joins events up to this many days after it
PLANNED_HORIZON_DAYS = 45
SPOKEN_PRIORITY = ("PhoneCall", "Consultation")
IN_PERSON_PRIORITY = ("Summit", "Meeting", "Visit", "Negotiation")

PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: blocks read per query (a VALUES list of keys) and fused per transaction; one query
#: per block would cost ~0.5 ms each
READ_BATCH = 200

#: what fusion needs of each mention (not its evidence or URL: a canonical event's graph
#: states neither); the rows of some blocks (``?key``) or some articles (``?a``)
MENTIONS_OF_BLOCKS = PREFIXES + """
SELECT ?key ?m ?cls ?status ?earliest ?latest ?gran ?start ?doc ?published ?outlet
       ?initiator ?location (GROUP_CONCAT(DISTINCT STR(?topic); separator=" ") AS ?topics)
WHERE {
  ?m kg:block ?key ; kg:eventClass ?cls ; kg:status ?status ; kg:granularity ?gran ;
     kg:charStart ?start ; kg:sourceArticle ?a .
  ?a kg:fileName ?doc .
  OPTIONAL { ?m kg:earliest ?earliest }
  OPTIONAL { ?m kg:latest ?latest }
  OPTIONAL { ?m kg:initiator ?initiator }
  OPTIONAL { ?m kg:location ?location }
  OPTIONAL { ?m kg:topic ?topic }
  OPTIONAL { ?a kg:published ?published }
  OPTIONAL { ?a kg:outlet ?outlet }
}
GROUP BY ?key ?m ?cls ?status ?earliest ?latest ?gran ?start ?doc ?published ?outlet ?initiator ?location
"""

EVENTS_OF_BLOCKS = PREFIXES + """
SELECT ?key ?e ?d WHERE {
  ?e kg:block ?key ; kg:sourceCount ?n .
  OPTIONAL { ?e kg:digest ?d }
}
"""

ENTITY_LABELS = PREFIXES + """
SELECT ?x ?label ?kind ?wikidata ?country WHERE {
  ?x rdfs:label ?label .
  OPTIONAL { ?x a ?kind }
  OPTIONAL { ?x kg:wikidata ?wikidata }
  OPTIONAL { ?x kg:country ?country }
}
"""


@dataclass(slots=True)
class MentionRecord:
    iri: str
    type: str
    status: str
    earliest: date | None
    latest: date | None
    granularity: str
    start: int
    doc: str
    published: date | None
    outlet: str | None
    initiator: str | None
    location: str | None
    topics: tuple[str, ...]
    evidence: str = ""  # not read from the store: fusion writes neither
    url: str | None = None

    @property
    def width(self) -> float:
        if self.earliest is None or self.latest is None:
            return float("inf")
        return (self.latest - self.earliest).days

    @property
    def precise(self) -> bool:
        return self.width <= PRECISE_DAYS


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def read_block(store: Store, key: str) -> list[MentionRecord]:
    """The mentions of one block, in IRI order."""
    return read_blocks(store, [key])[key]


def read_blocks(store: Store, keys: list[str]) -> dict[str, list[MentionRecord]]:
    """The mentions of each block, in IRI order, read ``READ_BATCH`` blocks per query."""
    out: dict[str, list[MentionRecord]] = {key: [] for key in keys}
    for r in _select_among(store, MENTIONS_OF_BLOCKS, "key", [Literal(key).n3() for key in keys]):
        out[r["key"]].append(_record(r))
    for mentions in out.values():
        mentions.sort(key=lambda m: m.iri)
    return out


def _select_among(store: Store, query: str, var: str, terms: list[str]) -> Iterable[dict[str, str]]:
    """Rows of ``query`` with ``?var`` bound to each of ``terms`` (N-Triples terms), as text;
    ``READ_BATCH`` terms per request, in a ``VALUES`` block at the start of the WHERE group."""
    for i in range(0, len(terms), READ_BATCH):
        values = f"VALUES ?{var} {{ " + " ".join(terms[i:i + READ_BATCH]) + " }"
        yield from store.select_text(query.replace("WHERE {", "WHERE {\n  " + values, 1))


def _record(r: dict[str, str]) -> MentionRecord:
    get = r.get
    return MentionRecord(
        iri=r["m"], type=_name(r["cls"]), status=_name(r["status"]),
        earliest=_date(get("earliest")), latest=_date(get("latest")),
        granularity=_name(r["gran"]), start=int(r["start"]),
        doc=r["doc"], published=_date(get("published")), outlet=get("outlet"),
        initiator=_name(r["initiator"]) if "initiator" in r else None,
        location=_name(r["location"]) if "location" in r else None,
        topics=tuple(sorted(_name(t) for t in get("topics", "").split())),
    )


@lru_cache(maxsize=100_000)
def _name(iri: str) -> str:
    """The local name of an IRI, one shared string each: records kept between passes
    repeat the same classes, statuses and actors."""
    return local_name(iri)


# ---------------------------------------------------------------- clustering
def _overlap(a_lo, a_hi, b_lo, b_hi) -> bool:
    lo = max(x for x in (a_lo, b_lo, date.min) if x is not None)
    hi = min(x for x in (a_hi, b_hi, date.max) if x is not None)
    return lo <= hi


@dataclass
class Cluster:
    members: list[MentionRecord] = field(default_factory=list)

    @property
    def earliest(self):
        values = [m.earliest for m in self.members if m.earliest]
        return max(values) if values else None

    @property
    def latest(self):
        values = [m.latest for m in self.members if m.latest]
        return min(values) if values else None

    def hull(self):
        lows = [m.earliest for m in self.members]
        highs = [m.latest for m in self.members]
        lo = None if any(x is None for x in lows) else min(lows)
        hi = None if any(x is None for x in highs) else max(highs)
        return lo, hi

    def accepts(self, m: MentionRecord) -> bool:
        lo, hi = self.hull()
        if not _overlap(lo, hi, m.earliest, m.latest):
            return False
        if m.status == "planned" and m.latest is None and m.published and lo and (lo - m.published).days > PLANNED_HORIZON_DAYS:
            return False
        # an occurred report cannot describe an event later than its own publication
        if m.status == "occurred" and m.published and lo and lo > m.published:
            return False
        for other in self.members:
            if other.status == "occurred" and other.published and m.earliest and m.earliest > other.published:
                return False
            if other.doc == m.doc and other.status != m.status and {other.status, m.status} != {"planned", "occurred"}:
                return False  # one article calls them differently: two events (a claimed call, denied earlier ones)
        return True


def cluster(mentions: list[MentionRecord]) -> list[Cluster]:
    """Group one block's mentions into events (deterministic, order-independent)."""
    precise = sorted((m for m in mentions if m.precise), key=lambda m: (m.earliest, m.latest, m.iri))
    vague = sorted((m for m in mentions if not m.precise), key=lambda m: (m.width, str(m.earliest), str(m.latest), m.iri))
    clusters: list[Cluster] = []
    for m in precise:  # overlapping precise reports are one event (components in date order)
        if clusters and clusters[-1].accepts(m) and _overlap(clusters[-1].earliest, clusters[-1].latest, m.earliest, m.latest):
            clusters[-1].members.append(m)
        else:
            clusters.append(Cluster([m]))
    anchored = len(clusters)
    index = _HullIndex(clusters)
    pending = []
    for m in vague:  # a vague report joins a precise event only when exactly one fits
        fits = [c for c in index.candidates(m) if c.accepts(m)]
        same_article = [c for c in fits if any(o.doc == m.doc for o in c.members)]
        if len(same_article) == 1:  # "Nach einem Telefonat mit Putin ..." below the report of that call
            fits = same_article
        if len(fits) == 1:
            fits[0].members.append(m)
            index.changed(fits[0])
        else:
            pending.append((m, bool(fits)))
    for m, ambiguous in pending:  # the rest: the narrowest first, each joining one fitting vague event
        fits = [c for c in clusters[anchored:] if c.accepts(m)]
        bounded = [c for c in fits if c.latest is not None]
        if len(bounded) == 1:  # an open announcement joins the one dated plan it fits
            fits = bounded
        if len(fits) == 1 and not ambiguous:
            fits[0].members.append(m)
        else:
            clusters.append(Cluster([m]))
    return clusters


class _HullIndex:
    """The precise events of a block by the start of their date hull, so that a vague
    report is tested only against those it may overlap (a block reported for years holds
    thousands of events). An event that took in a vague report may have a wider hull now:
    it is always a candidate."""

    def __init__(self, clusters: list[Cluster]):
        self.clusters = list(clusters)  # precise clusters: bounded hulls, built in order of their start
        hulls = [c.hull() for c in self.clusters]
        self.starts = [lo for lo, _ in hulls]
        self.width = max((hi - lo for lo, hi in hulls), default=timedelta(0))
        self.widened: dict[int, Cluster] = {}

    def changed(self, c: Cluster) -> None:
        self.widened[id(c)] = c

    def candidates(self, m: MentionRecord) -> list[Cluster]:
        first, last = 0, len(self.starts)
        if m.earliest is not None and m.earliest - date.min > self.width:
            first = bisect_left(self.starts, m.earliest - self.width)
        if m.latest is not None:
            last = bisect_right(self.starts, m.latest)
        elif m.status == "planned" and m.published is not None:  # see Cluster.accepts
            last = bisect_right(self.starts, m.published + timedelta(days=PLANNED_HORIZON_DAYS))
        near = [c for c in self.clusters[first:last] if id(c) not in self.widened]
        return near + list(self.widened.values())


# ---------------------------------------------------------------- canonical events
def canonical(c: Cluster, participants: list[ActorRef], entities: dict[str, ActorRef | Place]) -> Event:
    members = c.members
    types = Counter(m.type for m in members)
    if set(types) & set(SPOKEN_PRIORITY):
        etype = "PhoneCall" if "PhoneCall" in types else "Consultation"
    elif "Summit" in types:
        etype = "Summit"
    elif "Invitation" in types:
        etype = "Invitation"
    else:
        etype = max(types, key=lambda t: (types[t], -IN_PERSON_PRIORITY.index(t) if t in IN_PERSON_PRIORITY else -9))
    statuses = Counter(m.status for m in members)
    conflicts = []
    status = _status(statuses)
    if "denied" in statuses and len(statuses) > 1:
        conflicts.append("sources disagree on status: " + ", ".join(sorted(statuses)))
    elif "claimed" in statuses and "occurred" in statuses:
        conflicts.append("one source only claims what another reports as fact")
    lo, hi = c.earliest, c.latest
    if lo and hi and lo > hi:
        days = sorted({(m.earliest, m.latest) for m in members if m.precise})
        conflicts.append("sources give different dates: " + "; ".join(f"{a}..{b}" for a, b in days))
        lo, hi = c.hull()
    granularity = "day" if lo and lo == hi else ("open" if lo is None and hi is None else "days")
    # who initiated what happened: an announcement's planner counts only for planned events
    initiators = Counter(m.initiator for m in members if m.initiator and m.status == status) or \
        Counter(m.initiator for m in members if m.initiator and status not in ("occurred",))
    initiator = entities.get(initiators.most_common(1)[0][0]) if initiators else None
    locations = Counter(m.location for m in members if m.location)
    location = None
    if locations:
        best = max(locations, key=lambda p: (p not in entities or not isinstance(entities.get(p), ActorRef), locations[p], p))
        location = _as_place(entities.get(best), best)
    sources = []
    for doc in sorted({m.doc for m in members}):
        mine = sorted((m for m in members if m.doc == doc), key=lambda m: (not m.precise, m.start))
        m = mine[0]
        sources.append(Source(doc=doc, published=m.published, status=m.status, evidence=m.evidence,
                              outlet=m.outlet, url=m.url, mention_iri=m.iri,
                              earliest=m.earliest, latest=m.latest))
    extra = [m for m in members if m.iri not in {s.mention_iri for s in sources}]
    return Event(
        id=str(event_iri([m.iri for m in members])), type=etype,
        participants=tuple(participants), status=status,
        time=TimeSpan(lo, hi, granularity), sources=tuple(sources) + tuple(
            Source(doc=m.doc, published=m.published, status=m.status, evidence=m.evidence,
                   outlet=m.outlet, url=m.url, mention_iri=m.iri, earliest=m.earliest, latest=m.latest)
            for m in sorted(extra, key=lambda m: m.iri)),
        initiator=initiator if isinstance(initiator, ActorRef) else None, location=location,
        topics=tuple(sorted({t for m in members for t in m.topics})), conflicts=tuple(conflicts),
    )


def _as_place(entity, ident: str) -> Place | None:
    if isinstance(entity, Place):
        return entity
    if isinstance(entity, ActorRef):
        return Place(entity.id, entity.label, entity.wikidata)
    return Place(ident, ident, None)


def _status(statuses: Counter) -> str:
    for s in ("occurred", "claimed", "denied", "cancelled", "planned"):
        if s in statuses:
            if s == "denied" and "claimed" in statuses:
                return "claimed"
            return s
    return "unknown"


def entity_table(store: Store, iris: Iterable[str] | None = None) -> dict[str, ActorRef | Place]:
    """Actors and places described in the store (only ``iris``, when given), by local id.

    Where a place and an actor share an id, the actor is kept.
    """
    table: dict[str, ActorRef | Place] = {}
    if iris is None:
        rows = store.select_text(ENTITY_LABELS)
    else:
        rows = list(_select_among(store, ENTITY_LABELS, "x", [f"<{x}>" for x in sorted(set(iris))]))
    for r in sorted(rows, key=lambda r: "/actor/" in r["x"]):  # actors last: they win
        iri, label, wikidata = r["x"], r["label"], r.get("wikidata")
        ident = local_name(iri)
        if "/place/" in iri:
            table[ident] = Place(ident, label, wikidata)
        elif "/actor/" in iri:
            country = local_name(r["country"]) if "country" in r else None
            table[ident] = ActorRef(ident, label, local_name(r["kind"]) if "kind" in r else "Person", wikidata, country)
    return table


def _entities_of(blocks: dict[str, list[MentionRecord]]) -> set[str]:
    """IRIs of the actors and places that the canonical events of these blocks name."""
    iris = set()
    for key, mentions in blocks.items():
        iris.update(str(actor_iri(i)) for i in key.split("|")[1:])
        iris.update(str(actor_iri(m.initiator)) for m in mentions if m.initiator)
        iris.update(str(place_iri(m.location)) for m in mentions if m.location)
    return iris


def stored_events(store: Store, keys: list[str]) -> dict[str, dict[str, str | None]]:
    """For each block, its canonical events in the store: event IRI -> digest (None if it has none)."""
    out: dict[str, dict[str, str | None]] = {key: {} for key in keys}
    for r in _select_among(store, EVENTS_OF_BLOCKS, "key", [Literal(key).n3() for key in keys]):
        out[r["key"]][r["e"]] = r.get("d")
    return out


def fuse_blocks(store: Store, keys: Iterable[str], *, rewrite: bool = False) -> int:
    """Recompute the canonical events of the given blocks; returns how many events they hold.

    Only events that changed are written: an event's named graph is replaced when its
    digest differs (or always, with ``rewrite``) and dropped when the event is gone. Each
    batch of blocks is one transaction, which also clears their pending marks.
    """
    keys = sorted(set(keys))
    total = 0
    for i in range(0, len(keys), READ_BATCH):
        batch = keys[i:i + READ_BATCH]
        stored = {key: Stored(events) for key, events in stored_events(store, batch).items()}
        written = _fuse(store, read_blocks(store, batch), stored, rewrite)
        total += sum(len(s.events) for s in written.values())
    return total


@dataclass(slots=True)
class Stored:
    """What the store holds of one block: its events (IRI -> digest; None for an event
    without one) and, where known, the shortcut triples of its block graph (None: not
    known, so the block graph is replaced whole)."""

    events: dict[str, str | None]
    shortcuts: frozenset | None = None


def _fuse(store: Store, blocks: dict[str, list[MentionRecord]], stored: dict[str, Stored],
          rewrite: bool = False) -> dict[str, Stored]:
    """Cluster each block's mentions and write what differs from ``stored``, in one
    transaction that also clears the blocks' pending marks; returns what is now stored.

    Graphs known to be new are only added, and a block graph known to be unchanged is not
    written: on the embedded store a ``DROP`` costs as much as writing seven quads, even
    for a graph that does not exist.
    """
    entities = entity_table(store, _entities_of(blocks))
    graphs, new = {}, {}
    written = {}
    for key, mentions in blocks.items():
        ids = key.split("|")[1:]
        participants = [entities.get(i) if isinstance(entities.get(i), ActorRef) else ActorRef(i, i) for i in ids]
        events = [canonical(c, participants, entities) for c in cluster(mentions)]
        old = dict(stored[key].events)
        now = {}
        for ev in events:
            triples, digest = event_triples(ev, key)
            if ev.id not in old:
                new[event_graph(key, ev.id)] = triples
            elif old.pop(ev.id) != digest or rewrite:
                graphs[event_graph(key, ev.id)] = triples
            now[ev.id] = digest
        for gone in old:  # events whose reports now form other events
            graphs[event_graph(key, gone)] = None
        shortcuts = shortcut_triples(events)
        before, after = stored[key].shortcuts, frozenset(shortcuts)
        if before == frozenset() and not rewrite:  # the block is new: it has no block graph yet
            new[block_graph(key)] = shortcuts
        elif before != after or rewrite:  # replaced whole; this also clears an older layout
            graphs[block_graph(key)] = shortcuts or None
        graphs[pending_graph(key)] = None  # done: in the same transaction as the events
        written[key] = Stored(now, after)
    store.replace_graphs(graphs, add=new)
    return written


#: mention records an :class:`IncrementalFusion` keeps between passes (~1 KB each with
#: the event digests; the popular blocks, touched by most passes, stay)
KEEP_MENTIONS = 100_000


class IncrementalFusion:
    """Fusion during one writing run (``kg ingest``), pass after pass.

    A pass recomputes the blocks that the articles written since the last pass touched. It
    remembers what it read and wrote of each block (mention records, event digests,
    shortcuts), so the next pass reads only the mentions of the newly written articles, not
    every touched block whole again: a block reported for years is touched by almost every
    pass. The blocks touched longest ago are forgotten beyond ``keep`` mentions. What it
    remembers stays true while this process alone writes the store, which the store's lock
    ensures. A block is read whole when it is not remembered and holds mentions this run did
    not write: it has stored events, or it is in ``unfused`` (left by an interrupted run).

        >>> fusion = IncrementalFusion(store, unfused=pending_blocks(store))  # doctest: +SKIP
        >>> fusion.wrote(article_iri, blocks)                                # doctest: +SKIP
        >>> events = fusion.fuse()                                           # doctest: +SKIP
    """

    def __init__(self, store: Store, unfused: Iterable[str] = (), keep: int = KEEP_MENTIONS):
        self.store = store
        self.keep = keep
        self.touched: set[str] = set(unfused)
        self._unread = set(unfused)
        self._fresh: list[str] = []  # articles written since the last pass
        self._known: OrderedDict[str, tuple[list[MentionRecord], Stored]] = OrderedDict()
        self._size = 0  # mention records in _known

    def wrote(self, article: str, blocks: set[str], replaced: bool = False) -> None:
        """The article ``article`` (IRI) was committed with mentions in ``blocks``;
        ``replaced``: it took the place of an earlier extraction, whose mentions are gone."""
        if not blocks:
            return
        self.touched |= blocks
        self._fresh.append(article)
        if replaced:
            for key in blocks & self._known.keys():
                self._size -= len(self._known.pop(key)[0])

    def fuse(self) -> int:
        """Recompute the touched blocks; returns how many events they hold."""
        keys = sorted(self.touched)
        fresh = mentions_of_articles(self.store, self._fresh)
        total = 0
        for i in range(0, len(keys), READ_BATCH):
            batch = keys[i:i + READ_BATCH]
            unknown = [key for key in batch if key not in self._known]
            events = stored_events(self.store, unknown)
            whole = read_blocks(self.store, [key for key in unknown if events[key] or key in self._unread])
            # a block without events has no block graph: fusion writes both in one transaction
            stored = {key: Stored(events[key], None if events[key] else frozenset()) for key in unknown}
            blocks = {}
            for key in batch:
                known, stored_now = self._known.get(key) or (whole.get(key, []), stored[key])
                blocks[key] = _merged(known, fresh.get(key, []))
                stored[key] = stored_now
            for key, now in _fuse(self.store, blocks, stored).items():
                self._remember(key, blocks[key], now)
                total += len(now.events)
        self._unread.difference_update(keys)
        self._fresh = []
        self.touched = set()
        return total

    def _remember(self, key: str, mentions: list[MentionRecord], stored: Stored) -> None:
        if key in self._known:
            self._size -= len(self._known.pop(key)[0])
        self._known[key] = (mentions, stored)
        self._size += len(mentions)
        while self._size > self.keep:  # forget the blocks left untouched longest
            self._size -= len(self._known.popitem(last=False)[1][0])


def mentions_of_articles(store: Store, articles: list[str]) -> dict[str, list[MentionRecord]]:
    """The mentions of the given articles (IRIs), by block."""
    out: dict[str, list[MentionRecord]] = {}
    for r in _select_among(store, MENTIONS_OF_BLOCKS, "a", [f"<{a}>" for a in articles]):
        out.setdefault(r["key"], []).append(_record(r))
    return out


def _merged(known: list[MentionRecord], new: list[MentionRecord]) -> list[MentionRecord]:
    """A block's mentions: those known, and the new ones (which win on the same IRI), in IRI order."""
    if not new:
        return known
    by_iri = {m.iri: m for m in known}
    by_iri.update((m.iri, m) for m in new)
    return sorted(by_iri.values(), key=lambda m: m.iri)


ALL_BLOCKS = PREFIXES + "SELECT DISTINCT ?key WHERE { ?m a kg:EventMention ; kg:block ?key }"


def refuse_all(store: Store) -> int:
    """Recompute and rewrite every block (after a bulk load, a change of the fusion rules or
    of the store format: then an unchanged digest does not mean unchanged triples)."""
    keys = [r["key"] for r in store.select_text(ALL_BLOCKS)]
    return fuse_blocks(store, keys, rewrite=True)
