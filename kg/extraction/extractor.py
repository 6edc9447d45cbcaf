"""From an article to event mentions: triggers, participants, status, time, topics.

The extractor reads a sentence at a time, in article order, and keeps a little context:
who the last subject was (for ``er``), which events the article already reported (for
``das Gespräch`` and ``die beiden Präsidenten``), and the article's lead event (whose day
an undated follow-up such as ``Außerdem lud Putin Trump nach Moskau ein`` shares).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from kg.extraction.actors import ActorFinder, ActorSpan, PlaceSpan, actor_ref
from kg.extraction.nlp import build_nlp
from kg.extraction.timex import find_timexes
from kg.extraction.topics import TopicTagger
from kg.lexicon import Lexicon, fold
from kg.model import FAMILY, OPEN_SPAN, ActorRef, Article, EventMention, Place, TimeSpan

MAX_CHARS = 200_000  # longer texts are cut: news articles are far shorter
_BOUNDARY = {",", ";", ":", "–", "—", "(", ")", "„", "“", "«", "»", '"', "-"}
_QUOTES = {"„", "“", "«", "»", '"'}


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

    def freeze(self, doc: str) -> EventMention:
        return EventMention(
            doc=doc, type=self.type, participants=tuple(self.participants), status=self.status,
            time=self.time, evidence=self.evidence, start=self.sentence[0], end=self.sentence[1],
            trigger=self.trigger, initiator=self.initiator, location=self.location,
            topics=tuple(sorted(self.topics)),
        )


class Extractor:
    """``Extractor(lexicon).extract(article)`` gives the article's event mentions."""

    def __init__(self, lexicon: Lexicon, use_model: str | None = None):
        self.lx = lexicon
        self.cues = {k: set(v) for k, v in lexicon.cues.items()}
        self.nlp = build_nlp(use_model)
        self.finder = ActorFinder(lexicon)
        self.topics = TopicTagger(lexicon.topics)
        self.verbs: dict[str, str] = {}
        self.nouns: dict[str, str] = {}
        for cls, entry in lexicon.triggers.items():
            for verb in entry.get("verbs", []):
                self.verbs.setdefault(fold(verb), cls)
            for noun in entry.get("nouns", []):
                self.nouns.setdefault(fold(noun), cls)
        self._noun_suffixes = sorted(self.nouns, key=len, reverse=True)

    # ------------------------------------------------------------------ public
    def extract(self, article: Article) -> list[EventMention]:
        text = article.text[:MAX_CHARS]
        doc = self.nlp(text)
        words = [t.text for t in doc]
        lemmas = [fold(t.lemma_ or t.text) for t in doc]
        actors, places = self.finder.find(words, article.published)
        state = _Context()
        for sent in doc.sents:
            self._sentence(doc, words, lemmas, sent.start, sent.end, actors, places, article, state)
        return [d.freeze(article.doc) for d in state.drafts]

    # ------------------------------------------------------------------ sentences
    def _sentence(self, doc, words, lemmas, s0, s1, actors, places, article, ctx) -> None:
        sent_actors = [a for a in actors if s0 <= a.start < s1]
        sent_places = [p for p in places if s0 <= p.start < s1]
        first = doc[s0].idx
        last_tok = doc[s1 - 1]
        sentence_text = doc.text[first : last_tok.idx + len(last_tok.text)]
        stripped = sentence_text.strip()
        if not stripped:
            return
        triggers = self._triggers(words, lemmas, s0, s1)
        low_words = [fold(w) for w in words[s0:s1]]
        is_question = stripped.endswith("?")
        clauses = self._clauses(words, s0, s1, sent_actors)
        topics = self.topics.tag(sentence_text)
        made_here = []
        for trig in triggers:
            if is_question:
                break
            draft = self._mention(trig, doc, words, lemmas, s0, s1, clauses, sent_actors, sent_places,
                                  low_words, sentence_text, first, topics, article, ctx)
            if draft is not None:
                made_here.append(draft)
        # subject tracking for pronouns: the first person in the sentence who is not a reporter
        for span in sent_actors:
            if span.actor and span.actor.kind == "Person" and not span.after_preposition and not self._reporter(words, span):
                ctx.last_subject = span.actor
                break
        for span in sent_actors:
            if span.actor and span.actor.kind == "Person":
                ctx.recent_persons.append(span.actor)
        for d in made_here:
            ctx.drafts.append(d)
            if ctx.lead is None and d.status == "occurred" and d.time.is_day:
                ctx.lead = d

    # ------------------------------------------------------------------ triggers
    def _triggers(self, words, lemmas, s0, s1) -> list[Trigger]:
        found = []
        for i in range(s0, s1):
            w = words[i]
            if not w[:1].isalpha():
                continue
            lem = lemmas[i]
            if w[:1].isupper():
                cls = self._noun_class(fold(w), lem)
                if cls:
                    found.append(Trigger(i, cls, True, w, definite=self._definite(words, i, s0)))
                    continue
            if w[:1].islower() or i == s0:
                cls = self.verbs.get(lem) or self.verbs.get(fold(w))
                particle = None
                if not cls:
                    particle = self._particle(words, i, s1)
                    if particle is not None:
                        cls = self.verbs.get(fold(words[particle]) + lem)
                    if not cls:
                        particle = None
                if cls and self._verb_ok(words, lemmas, i, s1, cls, lem):
                    found.append(Trigger(i, cls, False, w, particle=particle))
        return found

    def _noun_class(self, word: str, lemma: str) -> str | None:
        for form in (lemma, word):
            if form in self.nouns:
                return self._upgrade(form, self.nouns[form])
        base = lemma.rsplit("-", 1)[-1]
        if base in self.nouns:
            return self._upgrade(lemma, self.nouns[base])
        for suffix in self._noun_suffixes:
            if len(suffix) >= 5 and lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
                return self._upgrade(lemma, self.nouns[suffix])
        for prefix in ("gipfel",):
            if lemma.startswith(prefix) and prefix in self.nouns:
                return self.nouns[prefix]
        return None

    def _upgrade(self, word: str, cls: str) -> str:
        """Compounds say more than their head: Telefongespräch is a call, Gipfeltreffen a summit."""
        if cls in ("Consultation", "Meeting") and any(m in word for m in self.cues.get("phone_modifiers", ())):
            return "PhoneCall"
        if cls in ("Meeting", "Consultation") and "gipfel" in word:
            return "Summit"
        return cls

    def _definite(self, words, i, s0) -> bool:
        """Is the noun at i introduced by a definite determiner (das Gespräch, dem Telefonat)?"""
        for j in range(i - 1, max(s0, i - 4) - 1, -1):
            low = fold(words[j])
            if low in self.cues["definite_determiners"]:
                return True
            if low in self.cues["indefinite_determiners"] or not words[j][:1].isalpha():
                return False
        return False

    def _particle(self, words, i, s1) -> int | None:
        """Index of a clause-final separable particle belonging to the verb at i (rief … an)."""
        for j in range(i + 1, min(s1, i + 25)):
            w = words[j]
            if w in _BOUNDARY or w in {".", "!", "?"}:
                prev = j - 1
                if prev > i and fold(words[prev]) in self.cues["separable_particles"]:
                    return prev
                return None
            if fold(w) in {"und", "oder", "aber"} and j > i + 1 and fold(words[j - 1]) in self.cues["separable_particles"]:
                return j - 1
        if s1 - 1 > i and fold(words[s1 - 1]) in self.cues["separable_particles"]:
            return s1 - 1
        return None

    def _verb_ok(self, words, lemmas, i, s1, cls, lem) -> bool:
        """Verbs with everyday meanings need their diplomatic frame."""
        window = [fold(w) for w in words[i + 1 : min(s1, i + 12)]]
        before = [fold(w) for w in words[max(0, i - 8) : i]]
        if lem in ("sprechen", "besprechen", "reden", "austauschen", "beraten"):
            return "mit" in window or "miteinander" in window or "mit" in before or "telefonisch" in window + before
        if lem == "treffen":
            nxt = window[:3]
            if any(w in ("entscheidung", "vereinbarung", "maßnahmen", "absprache", "auswahl", "vorkehrungen", "aussage", "ziel") for w in nxt):
                return False
        return True

    # ------------------------------------------------------------------ clauses
    def _clauses(self, words, s0, s1, sent_actors) -> list[tuple[int, int, bool]]:
        """(start, end, subordinate) clause spans; a comma inside an enumeration of actors is no boundary."""
        actor_starts = {a.start for a in sent_actors}
        actor_ends = {a.end for a in sent_actors}
        cuts = [s0]
        for i in range(s0, s1):
            w = words[i]
            if w in _BOUNDARY:
                if w == "," and i in actor_ends and (i + 1 in actor_starts or (i + 2 in actor_starts and fold(words[i + 1]) in ("der", "die", "dem", "den"))):
                    continue
                cuts.append(i + 1)
            elif fold(w) in self.cues["subordinators"] and i > s0 and words[i - 1] not in _BOUNDARY:
                cuts.append(i)
        cuts.append(s1)
        clauses = []
        for a, b in zip(cuts, cuts[1:]):
            if b <= a:
                continue
            head = fold(words[a]) if a < s1 else ""
            sub = head in self.cues["subordinators"] or (head in self.cues["relative_pronouns"] and a > s0 and words[a - 1] == ",")
            tail = [fold(w) for w in words[max(a, b - 3) : b] if w not in _BOUNDARY]
            if "zu" in tail[-2:]:
                sub = True  # a zu-infinitive clause: "..., Selenskyj zu treffen"
            clauses.append((a, b, sub))
        return clauses

    @staticmethod
    def _clause_of(clauses, i):
        for c in clauses:
            if c[0] <= i < c[1]:
                return c
        return clauses[-1]

    # ------------------------------------------------------------------ one trigger
    def _mention(self, trig, doc, words, lemmas, s0, s1, clauses, sent_actors, sent_places,
                 low_words, sentence_text, first, topics, article, ctx) -> Draft | None:
        clause = self._clause_of(clauses, trig.index)
        participants, initiator, explicit = self._participants(trig, words, s0, s1, clause, clauses, sent_actors, ctx)
        trig_cls = trig.cls
        clause_words = [fold(w) for w in words[clause[0] : clause[1]]]
        if trig_cls == "Consultation" and ({"telefonisch", "telefon", "telefonat"} & set(clause_words)):
            trig_cls = "PhoneCall"
        # definite nouns usually refer back to an event the article already reported
        if trig.noun and trig.definite:
            earlier = self._antecedent(trig_cls, participants, explicit, ctx, words, clause)
            if earlier is not None:
                earlier.topics |= topics
                return None
        if len({p.id for p in participants}) < 2:
            return None
        status = self._status(trig, words, s0, s1, clause, low_words, sentence_text)
        if status is None:
            return None
        tense = self._tense(low_words, words, s0, s1, trig)
        time_span, dated = self._time(trig, doc, words, s0, s1, clause, status, tense, article, ctx, sentence_text, first)
        status = self._status_by_date(status, time_span, article.published)
        time_span = self._bound(time_span, status, article.published)
        location = self._location(trig, sent_places, clause, s0, s1)
        if trig_cls == "Meeting" and _has_delegation(participants, sent_actors, clause):
            trig_cls = "Negotiation"
        last = doc[s1 - 1]
        start, end = first, last.idx + len(last.text)
        text = doc.text[start:end]
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start, end = start + lead, end - trail
        return Draft(
            type=trig_cls, participants=_dedupe(participants), status=status, time=time_span,
            sentence=(start, end), evidence=doc.text[start:end], trigger=trig.text,
            initiator=initiator, location=location, topics=set(topics), dated=dated,
        )

    def _antecedent(self, cls, participants, explicit, ctx, words, clause) -> Draft | None:
        family = FAMILY[cls]
        ids = {p.id for p in participants}
        for d in reversed(ctx.drafts):
            if FAMILY[d.type] != family:
                continue
            if explicit and ids and not ids <= {p.id for p in d.participants}:
                continue
            return d
        return None

    # ------------------------------------------------------------------ participants
    def _participants(self, trig, words, s0, s1, clause, clauses, sent_actors, ctx):
        """(participants, initiator, explicit): who takes part, who initiated, and whether
        the trigger's own phrase named them (zwischen X und Y, mit Y, von X an Y)."""
        i = trig.index
        in_clause = [a for a in sent_actors if clause[0] <= a.start < clause[1] and not self._reporter(words, a)]
        explicit = False
        initiator = None
        # "zwischen X und Y" right after a noun trigger
        nxt = [fold(w) for w in words[i + 1 : i + 3]]
        if trig.noun and "zwischen" in nxt:
            z = i + 1 + nxt.index("zwischen")
            group = self._coordinated(words, z + 1, clause[1], sent_actors)
            if len(group) >= 2:
                return self._resolve(group, ctx), None, True
        # "Anruf von X an/bei Y"
        if trig.noun and "von" in nxt:
            v = i + 1 + nxt.index("von")
            caller = [a for a in sent_actors if a.start in (v + 1, v + 2)]
            callee = [a for a in sent_actors if a.start > v + 1 and a.start < clause[1] and fold(words[a.start - 1]) in ("an", "bei", "seinen", "seine", "seinem", "ihren", "ihrem")
                      or (a.start > v + 1 and a.start < clause[1] and any(fold(w) in ("an", "bei") for w in words[v + 2 : a.start]))]
            if caller and callee:
                people = self._resolve([caller[0], callee[0]], ctx)
                return people, people[0] if people else None, True
        people = self._resolve(in_clause, ctx)
        if trig.noun:
            after = [a for a in in_clause if a.start > i and fold(words[a.start - 1]) in ("mit", "zwischen", "von")]
            if after:
                explicit = True
        if not trig.noun:
            calls_out = trig.cls == "PhoneCall" and trig.particle is not None  # X rief Y an
            if trig.cls == "Invitation" or calls_out or _lemma_is(i, words, "empfangen"):
                initiator = self._subject(in_clause, i, words, ctx)
        ids = {p.id for p in people}
        if len(ids) < 2:
            extra = self._outside_subject(sent_actors, clause, words, ctx, ids)
            if extra is not None:
                people = [extra] + people
        if initiator is not None and initiator.id not in {p.id for p in people}:
            initiator = None
        return people, initiator, explicit

    def _coordinated(self, words, j, end, sent_actors) -> list[ActorSpan]:
        """Actor spans coordinated from token j on: X und Y, X, Y und Z, den Präsidenten X und Y."""
        spans = []
        by_start = {a.start: a for a in sent_actors}
        k = j
        while k < end:
            if k in by_start:
                spans.append(by_start[k])
                k = by_start[k].end
                continue
            low = fold(words[k])
            if low in ("und", "sowie", ",", "der", "die", "dem", "den", "des") or (words[k][:1].islower() and low.endswith(("en", "e", "er", "es"))):
                k += 1
                continue
            break
        return spans

    def _resolve(self, spans: list[ActorSpan], ctx) -> list[ActorRef]:
        out = []
        for span in spans:
            if span.how == "pronoun":
                if ctx.last_subject is not None:
                    out.append(ctx.last_subject)
            elif span.how == "pair":
                out.extend(ctx.pair())
            elif span.actor is not None:
                out.append(span.actor)
                out.extend(span.extra)
        return _dedupe(out)

    def _subject(self, in_clause, i, words, ctx) -> ActorRef | None:
        """The subject of a verb trigger: the nearest actor before it in its clause (or the pronoun's antecedent)."""
        before = [a for a in in_clause if a.end <= i and not a.after_preposition]
        if before:
            r = self._resolve([before[-1]], ctx)
            return r[0] if r else None
        after = [a for a in in_clause if a.start > i and not a.after_preposition]
        if after:  # verb-second with the subject after the verb: "Außerdem lud Putin Trump ein"
            r = self._resolve([after[0]], ctx)
            return r[0] if r else None
        return None

    def _outside_subject(self, sent_actors, clause, words, ctx, have: set[str]) -> ActorRef | None:
        """For a trigger whose clause names one party: the sentence's subject (Trump kündigte an,
        dass ein Gipfel mit Putin ...; Nach einem Telefonat mit Putin hat Trump ...)."""
        for span in sent_actors:
            if clause[0] <= span.start < clause[1]:
                continue
            if span.after_preposition or self._reporter(words, span):
                continue
            people = self._resolve([span], ctx)
            for p in people:
                if p.id not in have:
                    return p
        return None

    def _reporter(self, words, span: ActorSpan) -> bool:
        """Is the actor only the source of the report (laut X, sagte X, X zufolge)?"""
        before = [fold(w) for w in words[max(0, span.start - 2) : span.start]]
        if any(w in self.cues["reporting_forms"] for w in before[-1:]):
            return True
        if before and before[-1] in ("der", "die", "des") and len(before) > 1 and before[-2] in self.cues["reporting_forms"]:
            return True
        after = fold(words[span.end]) if span.end < len(words) else ""
        if after in ("zufolge",):
            return True
        if span.how in ("title", "title+name") and any(fold(w).endswith(tuple(self.cues["reporting_nouns"])) for w in words[span.start : span.end]):
            return True
        return False

    # ------------------------------------------------------------------ status
    def _status(self, trig, words, s0, s1, clause, low_words, sentence_text) -> str | None:
        """Status from cue words, or None for a hypothetical, demanded or refused contact."""
        low_text = " " + " ".join(low_words) + " "
        sent = set(low_words)
        cl = {fold(w) for w in words[clause[0] : clause[1]]}
        c = self.cues
        if sent & c["denied_forms"] or any(self._lemma_in(words, k, c["denied_lemmas"]) for k in range(s0, s1)):
            return "denied"
        if sent & c["cancelled_forms"] or any(p in low_text for p in c["cancelled_phrases"]) or self._particle_verb_in(words, s0, s1, c["cancelled_particle_verbs"]):
            return "cancelled"
        if sent & c["claimed_forms"] or any(p in low_text for p in c["claimed_phrases"]):
            return "claimed"
        before = [fold(w) for w in words[max(s0, trig.index - 4) : trig.index]]
        if trig.noun and before and any(w in c["occurred_before_noun"] for w in before[:2]):
            return "occurred"
        hypothetical = (cl & c["hypothetical_forms"]) or any(p in low_text for p in c["hypothetical_phrases"])
        if hypothetical and not (sent & c["hypothetical_overridden_by"]):
            return None
        if trig.noun and any(w in c["planned_before_noun"] for w in before):
            return "planned"
        if sent & c["planned_forms"] or any(p in low_text for p in c["planned_phrases"]):
            if not (trig.noun and any(w in ("nach",) for w in before)):
                return "planned"
        return "occurred"

    def _lemma_in(self, words, k, lemmas) -> bool:
        from kg.extraction.nlp import lemma_of

        return fold(lemma_of(words[k])) in lemmas

    def _particle_verb_in(self, words, s0, s1, verbs) -> bool:
        from kg.extraction.nlp import lemma_of

        for k in range(s0, s1):
            p = self._particle(words, k, s1)
            if p is not None and fold(words[p]) + fold(lemma_of(words[k])) in verbs:
                return True
        return False

    def _tense(self, low_words, words, s0, s1, trig) -> str:
        sent = set(low_words)
        if sent & self.cues["future_auxiliaries"]:
            return "future"
        if sent & (self.cues["past_auxiliaries"] | self.cues["strong_past_forms"]):
            return "past"
        for w in low_words:
            if w.endswith(("te", "ten", "test")) and len(w) > 5 and w[:1].isalpha():
                return "past"
        return "present"

    @staticmethod
    def _status_by_date(status: str, span: TimeSpan, ref: date | None) -> str:
        if ref is None or status != "occurred":
            return status
        if span.earliest is not None and span.earliest > ref:
            return "planned"
        return status

    @staticmethod
    def _bound(span: TimeSpan, status: str, ref: date | None) -> TimeSpan:
        """An occurred event is not after its report; a planned one not before it."""
        if ref is None:
            return span
        if status in ("occurred", "claimed", "denied"):
            latest = ref if span.latest is None or span.latest > ref else span.latest
            earliest = span.earliest if span.earliest is None or span.earliest <= latest else None
            return replace(span, earliest=earliest, latest=latest,
                           granularity=span.granularity if span.earliest else "open")
        if status in ("planned", "cancelled"):
            if span.earliest is None or span.earliest < ref:
                if span.latest is not None and span.latest < ref:
                    return TimeSpan(ref, None, "open", span.text, span.start, span.end)
                return replace(span, earliest=ref, granularity=span.granularity if span.latest else "open")
        return span

    # ------------------------------------------------------------------ time
    def _time(self, trig, doc, words, s0, s1, clause, status, tense, article, ctx, sentence_text, first):
        ref = article.published
        direction = "future" if status in ("planned", "cancelled") else ("past" if status != "occurred" or tense == "past" else tense)
        spans = find_timexes(sentence_text, ref, direction)
        if spans:
            trig_char = doc[trig.index].idx - first
            clause_lo = doc[clause[0]].idx - first
            clause_hi = doc[clause[1] - 1].idx - first + len(words[clause[1] - 1])
            inside = [s for s in spans if clause_lo <= s.start < clause_hi]
            pool = inside or spans
            best = min(pool, key=lambda s: abs(s.start - trig_char))
            if best.earliest or best.latest:
                return best, True
        anchored = self._anchor(sentence_text, trig, ctx, ref)
        if anchored is not None:
            return anchored, True
        low = {fold(w) for w in words[s0 : min(s1, s0 + 3)]}
        if status == "occurred" and ctx.lead is not None and low & self.cues["connectives"]:
            return ctx.lead.time, True
        return OPEN_SPAN, False

    def _anchor(self, sentence_text, trig, ctx, ref) -> TimeSpan | None:
        """Dates given relative to other events: vor Trumps Amtsantritt, direkt nach dem Telefonat."""
        low = sentence_text.lower()
        if "amtsantritt" in low:
            k = low.index("amtsantritt")
            window = low[max(0, k - 40) : k]
            person = ctx.last_subject
            for name, ident in self.lx.actor_by_name.items():
                if len(name) > 3 and name in window and self.lx.actors[ident].kind == "Person":
                    person = actor_ref(self.lx, ident)
                    break
            if person is not None:
                start = self.lx.term_start(person.id, ref)
                if start and " vor " in f" {window} ":
                    return TimeSpan(None, start, "open", "vor Amtsantritt")
                if start and " seit " in f" {window} ":
                    return TimeSpan(start, ref, "days", "seit Amtsantritt")
        for cue in ("direkt nach dem", "unmittelbar nach dem", "sofort nach dem", "gleich nach dem"):
            if cue in low and ctx.drafts:
                prev = ctx.drafts[-1]
                if prev.time.earliest:
                    latest = (prev.time.latest or prev.time.earliest) + timedelta(days=1)
                    return TimeSpan(prev.time.earliest, latest, "days", cue)
        return None

    # ------------------------------------------------------------------ location
    @staticmethod
    def _location(trig, sent_places: list[PlaceSpan], clause, s0, s1) -> Place | None:
        in_clause = [p for p in sent_places if clause[0] <= p.start < clause[1]]
        pool = in_clause or [p for p in sent_places if p.start > trig.index]
        if not pool:
            return None
        return min(pool, key=lambda p: abs(p.start - trig.index)).place


def _lemma_is(i, words, lemma) -> bool:
    from kg.extraction.nlp import lemma_of

    return fold(lemma_of(words[i])) == lemma


def _dedupe(actors: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for a in actors:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


def _has_delegation(participants, sent_actors, clause) -> bool:
    return any(a.how == "delegation" for a in sent_actors if clause[0] <= a.start < clause[1])


@dataclass
class _Context:
    drafts: list[Draft] = field(default_factory=list)
    last_subject: ActorRef | None = None
    recent_persons: list[ActorRef] = field(default_factory=list)
    lead: Draft | None = None

    def pair(self) -> list[ActorRef]:
        """Who "die beiden Präsidenten" are: the last two-person event's parties, else the last two persons named."""
        for d in reversed(self.drafts):
            persons = [p for p in d.participants if p.kind == "Person"]
            if len(persons) == 2:
                return persons
        out: list[ActorRef] = []
        for p in reversed(self.recent_persons):
            if p.id not in {o.id for o in out}:
                out.append(p)
            if len(out) == 2:
                break
        return out
