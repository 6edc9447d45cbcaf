"""Shared pieces of the extraction rules: word classes, the mention draft and the
reading context that carries from one sentence to the next."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from kg.extraction.nlp import lemma_of
from kg.lexicon import fold
from kg.model import FAMILY, ActorRef, EventMention, Place, TimeSpan

DEBUG = bool(os.environ.get("KG_DEBUG"))
#: tokens that end a clause (quotation marks do not: „sehr bald“ sits inside one)
BOUNDARY = {",", ";", ":", "–", "—", "(", ")", "-"}
QUOTES = {"„", "“", "«", "»", '"'}
PLACE_PREPS = {"in", "im", "nach", "ins", "aus"}
GENITIVE_DETERMINERS = {"des", "seines", "ihres", "eines", "dieses", "jenes", "unseres"}
RELATIVE = {"der", "die", "das", "dem", "den", "denen", "deren", "dessen", "welche", "welcher", "welches", "welchem", "welchen"}
#: in one sentence, the most specific name of a contact wins
TYPE_RANK = ("PhoneCall", "Summit", "Visit", "Negotiation", "Meeting", "Consultation", "Invitation")


@dataclass
class Trigger:
    index: int
    cls: str
    noun: bool
    text: str
    definite: bool = False
    particle: int | None = None  # token index of a separated verb particle


@dataclass
class Draft:
    """A mention under construction (mutable until the article is done)."""

    type: str
    participants: list[ActorRef]
    status: str
    time: TimeSpan
    sentence: tuple[int, int]  # character offsets
    evidence: str
    trigger: str
    initiator: ActorRef | None = None
    location: Place | None = None
    topics: set[str] = field(default_factory=set)
    dated: bool = False  # the time came from an expression, not from defaults
    present: bool = False  # planned only because told in the present tense (a headline, an announcement)

    def freeze(self, doc: str) -> EventMention:
        return EventMention(
            doc=doc, type=self.type, participants=tuple(self.participants), status=self.status,
            time=self.time, evidence=self.evidence, start=self.sentence[0], end=self.sentence[1],
            trigger=self.trigger, initiator=self.initiator, location=self.location,
            topics=tuple(sorted(self.topics)),
        )


def lemma_is(i, words, lemma) -> bool:
    return fold(lemma_of(words[i])) == lemma


def overlaps(a: TimeSpan, b: TimeSpan) -> bool:
    lo = max(x for x in (a.earliest, b.earliest, date.min) if x is not None)
    hi = min(x for x in (a.latest, b.latest, date.max) if x is not None)
    return lo <= hi


def same_event_types(a: str, b: str) -> bool:
    if "Invitation" in (a, b):
        return a == b
    return FAMILY[a] == FAMILY[b] or "Consultation" in (a, b)


def dedupe(actors: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for a in actors:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


def has_delegation(participants, sent_actors, clause) -> bool:
    """Does a delegation ("Unterhändler", "Vertreter beider Seiten") take part in the clause?"""
    return any(a.how == "delegation" or (a.how == "pair" and a.noun == "länder" and a.end - a.start > 2)
               for a in sent_actors if clause[0] <= a.start < clause[1])


@dataclass
class Context:
    drafts: list[Draft] = field(default_factory=list)
    last_subject: ActorRef | None = None
    recent_persons: list[ActorRef] = field(default_factory=list)
    lead: Draft | None = None
    focus: Draft | None = None  # the event the text spoke of last (made or referred to)
    sentence_persons: list = field(default_factory=list)  # bare person spans of the current sentence
    ref: date | None = None  # the article's publication date
    previous_persons: list = field(default_factory=list)  # persons named in the sentence before
    previous_subjects: list = field(default_factory=list)  # its bare persons (for a plural "sie")
    sentence_ids: set = field(default_factory=set)  # ids of every person the current sentence names
    sentence_sources: list = field(default_factory=list)  # persons it names as sources ("nach Angaben des X")
    previous_text: str = ""  # the sentence before (its day and place carry over to "Dort traf er ...")
    previous_places: list = field(default_factory=list)
    speaker: ActorRef | None = None  # who the current sentence quotes ("…", sagte Trump)
    speaker_after: bool = False  # the speaker comes after the reported words

    def pair(self, persons: bool = True, accept=None, convert: bool = True) -> list[ActorRef]:
        """Who "die beiden Präsidenten" (persons) or "die beiden Länder" (states) are: the two
        persons of the sentence before, else the parties of the event in focus when they are
        the article's most mentioned people, else the two most mentioned persons; for states,
        the countries of those persons. ``accept`` filters persons (heads of state for
        "Präsidenten")."""
        ok = (lambda a: a.kind == "Person" and (accept is None or accept(a))) if persons or accept else (lambda a: True)
        named = dedupe([a for a in self.previous_persons if ok(a)])
        leading = self._most_mentioned(ok)
        focus = list(self.focus.participants) if self.focus is not None else []
        if not persons and not convert and len(focus) == 2:
            found = focus  # "beide Seiten": the parties of the contact just told, not its mediators
        elif len(named) == 2:  # "Putin teilte Trumps Auffassung ... die beiden Staatschefs"
            found = named
        elif len(focus) == 2 and all(ok(p) for p in focus) and (
                not persons or {p.id for p in focus} == {p.id for p in leading}):
            found = focus
        else:
            found = leading
        if persons or not convert:
            return found
        return [ActorRef(p.country, p.country, "State") if p.kind == "Person" and p.country else p for p in found]

    def _most_mentioned(self, ok) -> list[ActorRef]:
        """The two persons the article named most often so far (ties: the more recent)."""
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        by_id: dict[str, ActorRef] = {}
        for n, p in enumerate(self.recent_persons):
            if ok(p):
                counts[p.id] = counts.get(p.id, 0) + 1
                last[p.id] = n
                by_id[p.id] = p
        ranked = sorted(counts, key=lambda i: (counts[i], last[i]), reverse=True)
        return [by_id[i] for i in ranked[:2]]
