"""Plain data objects passed between the layers (standard library only).

Every object is a frozen dataclass so that it can be hashed, compared and
shared between threads without copies.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

#: Event classes of the ontology, by local name.
EVENT_TYPES = ("PhoneCall", "Meeting", "Summit", "Visit", "Negotiation", "Invitation", "Consultation")

#: Fusion blocks events by family: reports of one contact may name it differently
#: ("Gespräch" vs "Telefonat", "Treffen" vs "Gipfel"). Mirrors ``kg:family`` in ontology/kg.ttl.
FAMILY = {
    "PhoneCall": "spoken",
    "Consultation": "spoken",
    "Meeting": "in-person",
    "Summit": "in-person",
    "Visit": "in-person",
    "Negotiation": "in-person",
    "Invitation": "invitation",
}

#: Status values of an event or a mention.
STATUSES = ("occurred", "planned", "claimed", "denied", "cancelled", "unknown")

#: Granularities of a time span, finest first.
GRANULARITIES = ("day", "days", "week", "month", "season", "quarter", "year", "years", "open")

#: Tense of a sentence, as the date normaliser needs it to resolve relative expressions.
TENSES = ("past", "present", "future")


@dataclass(frozen=True)
class TimeSpan:
    """An interval of calendar days with the wording it came from.

    ``earliest``/``latest`` are inclusive; ``None`` means the bound is open.
    ``start``/``end`` are character offsets of ``text`` in the text it was found in
    (``-1`` when the span was not found in text, e.g. derived from context).

    >>> TimeSpan(date(2025, 2, 12), date(2025, 2, 12), "day", "am Mittwoch", 10, 21).is_day
    True
    """

    earliest: date | None
    latest: date | None
    granularity: str = "day"
    text: str = ""
    start: int = -1
    end: int = -1

    @property
    def is_day(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    @property
    def is_open(self) -> bool:
        return self.earliest is None and self.latest is None

    def as_json(self) -> dict:
        """The form ``kg timex`` prints."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "granularity": self.granularity,
        }


OPEN_SPAN = TimeSpan(None, None, "open")


@dataclass(frozen=True)
class Article:
    """One source document after reading and cleaning.

    ``text`` is the cleaned article body; offsets of mentions refer to it.
    ``published`` comes from metadata, else from a dateline in the text, else ``None``
    (the article is then *undated*: relative dates stay open).
    """

    doc: str  # file name, the id users and the export contract know it by
    text: str
    content_hash: str
    published: date | None = None
    published_source: str = "none"  # "metadata", "text" or "none"
    outlet: str | None = None
    url: str | None = None
    language: str = "de"
    title: str | None = None


@dataclass(frozen=True)
class ActorRef:
    """An actor as found in text, linked to the gazetteer where possible.

    ``id`` is the gazetteer's local id (``donald-trump``, ``russia``) or, for an actor
    recognised only from a title pattern, a slug of its name (``john-ratcliffe``).
    """

    id: str
    label: str
    kind: str = "Person"  # Person, State, Organisation, Delegation
    wikidata: str | None = None
    country: str | None = None  # gazetteer id of the state a person or delegation belongs to


@dataclass(frozen=True)
class Place:
    id: str
    label: str
    wikidata: str | None = None


@dataclass(frozen=True)
class EventMention:
    """One report of one diplomatic contact in one article."""

    doc: str
    type: str  # one of EVENT_TYPES
    participants: tuple[ActorRef, ...]
    status: str  # one of STATUSES
    time: TimeSpan
    evidence: str  # the sentence
    start: int  # character offsets of the evidence sentence in the article text
    end: int
    trigger: str = ""  # the word that signalled the event
    initiator: ActorRef | None = None
    location: Place | None = None
    topics: tuple[str, ...] = ()

    @property
    def participant_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.participants)


@dataclass(frozen=True)
class Source:
    """One article's report of a canonical event, as the export lists it."""

    doc: str
    published: date | None
    status: str
    evidence: str
    outlet: str | None = None
    url: str | None = None
    mention_iri: str | None = None
    earliest: date | None = None
    latest: date | None = None


@dataclass(frozen=True)
class Event:
    """A canonical event: the merge of every mention of one real contact."""

    id: str  # IRI
    type: str
    participants: tuple[ActorRef, ...]
    status: str
    time: TimeSpan
    sources: tuple[Source, ...]
    initiator: ActorRef | None = None
    location: Place | None = None
    topics: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = field(default=())  # human-readable disagreements between sources


def slug(text: str) -> str:
    """ASCII id for an actor known only by its name: ``slug("John Ratcliffe") == "john-ratcliffe"``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"
