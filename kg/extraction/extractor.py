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

import os

_DEBUG = bool(os.environ.get("KG_DEBUG"))
MAX_CHARS = 200_000  # longer texts are cut: news articles are far shorter
_BOUNDARY = {",", ";", ":", "–", "—", "(", ")", "„", "“", "«", "»", '"', "-"}
_QUOTES = {"„", "“", "«", "»", '"'}
_PLACE_PREPS = {"in", "im", "nach", "ins", "aus"}
_GENITIVE_DETERMINERS = {"des", "seines", "ihres", "eines", "dieses", "jenes", "unseres"}
_RELATIVE = {"der", "die", "das", "dem", "den", "denen", "deren", "dessen", "welche", "welcher", "welches", "welchem", "welchen"}


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
        self.anaphor_families = {w: family for family, ws in lexicon.cues.get("anaphor_nouns", {}).items() for w in ws}

    # ------------------------------------------------------------------ public
    def extract(self, article: Article) -> list[EventMention]:
        text = article.text[:MAX_CHARS]
        doc = self.nlp(text)
        words = [t.text for t in doc]
        lemmas = [fold(t.lemma_ or t.text) for t in doc]
        actors, places = self.finder.find(words, article.published)
        state = _Context(ref=article.published)
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
        attach = self._attachments(words, s0, s1, sent_actors, sent_places)
        ctx.sentence_persons = [a for a in sent_actors if a.actor is not None and a.actor.kind == "Person"
                                and not attach.get(a.start, ("", None))[0] and not self._reporter(words, a)]
        topics = self.topics.tag(sentence_text)
        made_here = []
        for n, trig in enumerate(triggers):
            if is_question:
                break
            draft = self._mention(trig, doc, words, lemmas, s0, s1, clauses, sent_actors, sent_places,
                                  low_words, sentence_text, first, topics, article, ctx, triggers, attach)
            if draft is not None:
                made_here.extend(self._listed_dates(draft, trig, doc, words, s1, sentence_text, first, article))
        # subject tracking for pronouns: the first person in the sentence who is not a reporter
        if ctx.sentence_persons:
            ctx.last_subject = ctx.sentence_persons[0].actor
        ctx.previous_persons = [s.actor for s in sent_actors if s.actor and s.actor.kind == "Person"]
        ctx.recent_persons.extend(ctx.previous_persons)
        self._refer_back(words, s0, s1, triggers, topics, ctx, made_here)
        self._reported_status(words, s0, s1, triggers, ctx, made_here)
        for d in self._merge_in_sentence(made_here):
            ctx.drafts.append(d)
            ctx.focus = d
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
                if cls and fold(words[i - 2]) == "rande" if i - 2 >= s0 else False:
                    continue  # "am Rande des G20-Gipfels": the setting, not the contact
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
        for form in (word, lemma):
            if form in self.nouns:
                return self._upgrade(form, self.nouns[form])
        base = lemma.rsplit("-", 1)[-1]
        if base in self.nouns:
            return self._upgrade(lemma, self.nouns[base])
        for suffix in self._noun_suffixes:
            if suffix in self.cues["compound_heads"] and lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
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
            if not (words[j][:1].islower() and low.endswith(("e", "en", "er", "es", "em"))):
                return False  # only adjectives may stand between: "das lange Gespräch"
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
        """Verbs with everyday meanings need their diplomatic frame (within the clause)."""
        lo, hi = i, i + 1
        while lo > 0 and words[lo - 1] not in _BOUNDARY and words[lo - 1] not in {".", "!", "?"}:
            lo -= 1
        while hi < s1 and words[hi] not in _BOUNDARY:
            hi += 1
        window = [fold(w) for w in words[i + 1 : hi]]
        before = [fold(w) for w in words[lo:i]]
        if lem in ("sprechen", "besprechen", "reden"):
            return "mit" in window or "miteinander" in window or "mit" in before or "telefonisch" in window + before
        if lem == "treffen":
            nxt = window[:3]
            if any(w in ("entscheidung", "vereinbarung", "maßnahmen", "absprache", "auswahl", "vorkehrungen", "aussage", "ziel") for w in nxt):
                return False
        return True

    # ------------------------------------------------------------------ clauses
    def _clauses(self, words, s0, s1, sent_actors) -> list[tuple[int, int, str]]:
        """(start, end, kind) clause spans; kind is main, dass (complement: dass/ob), zu
        (zu-infinitive), rel (relative) or adv (weil, nachdem, während, wenn, ...).
        A comma inside an enumeration of actors is no boundary."""
        actor_starts = {a.start for a in sent_actors}
        actor_ends = {a.end for a in sent_actors}
        cuts = [s0]
        for i in range(s0, s1):
            w = words[i]
            if w in _BOUNDARY:
                if w == "," and i in actor_ends and (i + 1 in actor_starts or (i + 2 in actor_starts and fold(words[i + 1]) in ("der", "die", "dem", "den"))):
                    continue
                cuts.append(i + 1)
        cuts.append(s1)  # German puts a comma before every subordinate clause: "als" alone compares
        clauses = []
        for a, b in zip(cuts, cuts[1:]):
            if b <= a:
                continue
            head = fold(words[a])
            tail = [fold(w) for w in words[max(a, b - 3) : b] if w not in _BOUNDARY and w not in {".", "!", "?"}]
            nxt = fold(words[a + 1]) if a + 1 < b else ""
            relative = a > s0 and words[a - 1] == "," and (
                head in _RELATIVE or (head in self.cues["participant_prepositions"] | self.cues["other_prepositions"] and nxt in _RELATIVE))
            if head in ("dass", "ob", "wonach"):
                kind = "dass"
            elif head in self.cues["subordinators"]:
                kind = "adv"
            elif (len(tail) >= 2 and "zu" in tail[-3:-1] and tail[-1].endswith("n")) or any(t.startswith("zu") and t[2:] in self.verbs for t in tail[-1:]) or any(
                    t[:2] in ("an", "ab", "ein", "auf") and "zu" in t[2:5] and t.endswith("en") for t in tail[-1:]):
                kind = "zu"
            elif relative:
                kind = "rel"
            else:
                kind = "main"
            if kind == "main" and clauses and any(fold(w) in self.cues["konjunktiv_forms"] for w in words[a:b]) and any(
                    fold(w) in self.cues["reporting_forms"] | self.cues["claimed_forms"] for w in words[clauses[-1][0] : clauses[-1][1]]):
                kind = "dass"  # reported speech without "dass": "Selenskyj deutete an, er habe ... gesprochen"
            clauses.append((a, b, kind))
        return clauses

    @staticmethod
    def _clause_of(clauses, i):
        for c in clauses:
            if c[0] <= i < c[1]:
                return c
        return clauses[-1]

    # ------------------------------------------------------------------ one trigger
    def _mention(self, trig, doc, words, lemmas, s0, s1, clauses, sent_actors, sent_places,
                 low_words, sentence_text, first, topics, article, ctx, triggers, attach) -> Draft | None:
        clause = self._clause_of(clauses, trig.index)
        participants, initiator, explicit = self._participants(
            trig, words, s0, s1, clause, clauses, sent_actors, triggers, attach, ctx)
        trig_cls = trig.cls
        clause_words = [fold(w) for w in words[clause[0] : clause[1]]]
        if trig_cls == "Consultation" and ({"telefonisch", "telefon", "telefonat"} & set(clause_words)):
            trig_cls = "PhoneCall"
        if trig.noun and any(t.cls == "Invitation" and not t.noun for t in triggers) and \
                any(fold(w) in self.cues["invitation_object_openers"] for w in words[max(s0, trig.index - 3) : trig.index]):
            return None  # "lud Putin zu einem Treffen nach Moskau ein": what he was invited to
        # definite nouns usually refer back to an event the article already reported
        if trig.noun and trig.definite:
            place = self._location(trig, sent_places, clause, s0, s1)
            clause_text = doc.text[doc[clause[0]].idx : doc[clause[1] - 1].idx + len(words[clause[1] - 1])]
            when = next(iter(find_timexes(clause_text, article.published, "past")), None)
            earlier = self._antecedent(trig_cls, explicit, ctx, place, when)
            if earlier is not None:
                said = self._status(trig, words, s0, s1, clause, clauses, low_words)
                if said is None:
                    return None  # "als ob dies bei den Gesprächen geschehen könne": no news about it
                if said in ("denied", "claimed") and earlier.status in ("occurred", "claimed"):
                    earlier.status = said  # "Peking bestritt, dass es ein solches Telefonat gegeben habe"
                if _DEBUG:
                    print(f"  anaphor {trig.text!r} -> {earlier.type} {[a.id for a in earlier.participants]} +{sorted(topics)}")
                earlier.topics |= topics
                return None
        if len({p.id for p in participants}) < 2 and not (trig_cls == "Visit" and participants and sent_places):
            return None
        status = self._status(trig, words, s0, s1, clause, clauses, low_words)
        if status is None:
            return None
        tense = self._tense([words[k] for k in self._scope(clause, clauses) if words[k][:1].islower()])
        time_span, dated = self._time(trig, doc, words, s0, s1, clause, self._scope(clause, clauses), status, tense,
                                      article, ctx, sentence_text, first)
        status = self._status_by_date(status, time_span, article.published)
        if status == "occurred" and not dated and tense == "present" and FAMILY[trig_cls] == "in-person":
            status = "planned"  # "Trump und Selenskyj treffen sich im Weißen Haus": an announcement
            time_span = OPEN_SPAN
        time_span = self._bound(time_span, status, article.published)
        location = self._location(trig, sent_places, clause, s0, s1)
        if trig_cls in ("Invitation", "Visit"):  # "nach Moskau eingeladen", "nach Kiew gereist"
            toward = [p for p in sent_places if p.start > 0 and fold(words[p.start - 1]) in ("nach", "ins", "in")
                      and clause[0] <= p.start < clause[1]]
            if trig_cls == "Invitation" and toward:
                location = toward[-1].place
        if trig_cls == "Visit" and location is not None:
            participants = self._with_host(participants, location)
        if len({p.id for p in participants}) < 2:
            return None
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

    def _merge_in_sentence(self, drafts: list[Draft]) -> list[Draft]:
        """One sentence, one contact: "trafen sich zu einem Gipfeltreffen", "kamen zu einer
        Unterredung zusammen" name the same event twice; keep the most specific type."""
        out: list[Draft] = []
        for d in drafts:
            ids = {p.id for p in d.participants}
            twin = next((o for o in out if {p.id for p in o.participants} == ids and _same_event_types(o.type, d.type)
                         and (not o.dated or not d.dated or _overlaps(o.time, d.time))), None)
            if twin is None:
                out.append(d)
                continue
            if _TYPE_RANK.index(d.type) < _TYPE_RANK.index(twin.type):
                twin.type = d.type
            if not twin.dated and d.dated:
                twin.time, twin.dated = d.time, True
            twin.initiator = twin.initiator or d.initiator
            twin.location = twin.location or d.location
            twin.topics |= d.topics
        return out

    def _refer_back(self, words, s0, s1, triggers, topics, ctx, made_here) -> None:
        """Sentences that speak of an earlier event without naming it as a trigger
        ("die Diskussion thematisierte ...", "Beide Seiten konnten dabei ...") add their
        topics to it: the last event of the noun's family, or the event in focus."""
        if ctx.focus is None or not topics:
            return
        low = [fold(w) for w in words[s0:s1]]
        trigger_words = {fold(words[t.index]) for t in triggers}
        for k, w in enumerate(low):
            family = self.anaphor_families.get(w)
            if family and w not in trigger_words and k > 0 and low[k - 1] in self.cues["definite_determiners"]:
                for d in reversed(ctx.drafts):
                    if FAMILY[d.type] == family:
                        d.topics |= topics
                        return
        if not made_here and any(w in self.cues["anaphoric_adverbs"] for w in low[:8]):
            ctx.focus.topics |= topics

    def _reported_status(self, words, s0, s1, triggers, ctx, made_here) -> None:
        """ "Der Kreml wollte das weder bestätigen noch dementieren": a sentence about the
        last event's truth, without naming it, changes its status to claimed or denied."""
        if made_here or triggers or ctx.focus is None or ctx.focus.status not in ("occurred",):
            return
        text = " " + " ".join(fold(w) for w in words[s0:s1]) + " "
        refers = any(f" {w} " in text for w in ("das", "dies", "dafür", "dazu", "darüber"))
        if refers and any(p in text for p in self.cues["claimed_phrases"]):
            ctx.focus.status = "claimed"
        elif refers and ({fold(w) for w in words[s0:s1]} & self.cues["denied_forms"]):
            ctx.focus.status = "denied"

    def _listed_dates(self, draft: Draft, trig, doc, words, s1, sentence_text, first, article) -> list[Draft]:
        """ "zwei Mal telefoniert: Mitte Februar und zuletzt Mitte März" is two events."""
        colon = next((k for k in range(trig.index + 1, s1) if words[k] == ":"), None)
        if colon is None or any(w in _BOUNDARY - {":"} for w in words[trig.index + 1 : colon]):
            return [draft]
        offset = doc[colon].idx - first
        direction = "future" if draft.status in ("planned", "cancelled") else "past"
        listed = [s for s in find_timexes(sentence_text[offset:], article.published, direction) if s.earliest or s.latest]
        if len(listed) < 2:
            return [draft]
        return [replace(draft, time=self._bound(replace(s, start=s.start + offset, end=s.end + offset),
                                                draft.status, article.published), topics=set(draft.topics))
                for s in listed]

    def _antecedent(self, cls, explicit: set[str], ctx, place: Place | None = None,
                    when: TimeSpan | None = None) -> Draft | None:
        """The earlier event a definite noun ("das Gespräch") refers to: same family, the
        participants its own phrase names, reported as fact rather than planned where possible."""
        families = {"spoken", "in-person"} if cls == "Consultation" else {FAMILY[cls]}
        fits = [d for d in reversed(ctx.drafts) if FAMILY[d.type] in families
                and explicit <= {p.id for p in d.participants}]
        if place is not None:
            fits = [d for d in fits if d.location is not None and d.location.id == place.id] or fits
        if when is not None and (when.earliest or when.latest):  # "bei dem Gespräch im März"
            fits = [d for d in fits if d.dated and _overlaps(d.time, when)] or fits
        occurred = [d for d in fits if d.status == "occurred"]
        dated = [d for d in occurred if d.time.is_day]
        found = (dated or occurred or fits or [None])[0]
        if found is not None:
            ctx.focus = found
        return found

    # ------------------------------------------------------------------ participants
    def _can_head(self, word: str, k: int, sent_actors, places) -> bool:
        """Can this token be the noun a prepositional phrase attaches to? Not a name, a
        place, a time word or a number ("am Montag mit Putin" attaches to the verb)."""
        if not (word[:1].isupper() and word.replace("-", "").isalpha()):
            return False
        if any(a.start <= k < a.end for a in sent_actors) or any(p.start <= k < p.end for p in places):
            return False
        low = fold(word)
        return not any(low.startswith(t) for t in self.cues["temporal_nouns"])

    def _attachments(self, words, s0, s1, sent_actors, places) -> dict[int, tuple[str, int | None]]:
        """For each actor span (by start): (governing preposition or "", head noun index or None).

        A small stand-in for a parser: "Telefonat mit Putin" attaches Putin to the noun
        Telefonat by "mit"; "Treffens zwischen Trump und Selenskyj" attaches both to
        Treffens; "Trumps Amtsantritt" makes Trump a genitive ("gen") of Amtsantritt; an
        actor right after a verb or at the start of a clause is bare ("").
        """
        out: dict[int, tuple[str, int | None]] = {}
        ends = {a.end: a for a in sent_actors}
        preps = self.cues["participant_prepositions"] | self.cues["other_prepositions"]
        for span in sent_actors:
            j = span.start - 1
            prep, head = "", None
            while j >= s0:
                low = fold(words[j])
                if low == "und" and j - 1 >= s0 and self.finder.is_title(words[j - 1]) and self.finder.is_title(words[j + 1]):
                    j -= 1  # "dem Botschafter und Sonderbeauftragten Steve Witkoff"
                    continue
                if low in ("und", "sowie", ",", "oder"):
                    if j in ends:  # coordinated with the actor before: shares its attachment
                        prep, head = out.get(ends[j].start, ("", None))
                    break
                if low in preps:
                    prep = low
                    k = j - 1
                    while k >= s0 and fold(words[k]) in self.cues["determiners_and_adjectives"]:
                        k -= 1
                    if k >= s0 and self._can_head(words[k], k, sent_actors, places):
                        head = k
                    break
                if low in ("des", "der") and j - 1 >= s0 and self._can_head(words[j - 1], j - 1, sent_actors, places) and j + 1 <= span.start:
                    prep, head = "gen", j - 1  # "Besuch des ukrainischen Präsidenten X"
                    break
                if low in self.cues["counterpart_nouns"] or self.finder.is_title(words[j]) or self.finder.state_of_adjective(words[j]):
                    j -= 1
                    continue
                if words[j][:1].isupper() and low.endswith(("en", "er", "e")) and j + 1 <= span.start and self.finder.role_kind(words[j + 1]):
                    j -= 1  # "dem Nationalen Sicherheitsberater Michael Waltz"
                    continue
                if low in _GENITIVE_DETERMINERS:
                    prep = "gen"  # "Ansagen seines Chefs Trump": an attribute of another noun
                    head = j - 1 if j - 1 >= s0 and self._can_head(words[j - 1], j - 1, sent_actors, places) else None
                    break
                if words[j][:1].isupper() and j - 1 >= s0 and fold(words[j - 1]) in _GENITIVE_DETERMINERS:
                    prep, head = "gen", j  # "klare Ansagen seines Chefs Trump": an apposition
                    break
                if low in self.cues["determiners_and_adjectives"] or (words[j][:1].islower() and low.endswith(("en", "em", "er", "es", "e")) and len(low) > 3 and low not in self.cues["stop_scan"]):
                    j -= 1
                    continue
                break
            if not prep and span.end < s1 and span.how in ("name", "state") and words[span.start + (span.end - span.start) - 1].endswith("s"):
                nxt = words[span.end]
                if nxt[:1].isupper() and nxt.isalpha() and span.end not in {a.start for a in sent_actors}:
                    prep, head = "gen", span.end
            out[span.start] = (prep, head)
        return out

    def _participants(self, trig, words, s0, s1, clause, clauses, sent_actors, triggers, attach, ctx):
        """(participants, initiator, explicit): who takes part, who initiated, and whether
        the trigger's own phrase named them (zwischen X und Y, mit Y, von X an Y)."""
        i = trig.index
        trigger_heads = {t.index for t in triggers}
        own, bare, pp_mit = [], [], []
        for a in sent_actors:
            if self._reporter(words, a):
                continue
            prep, head = attach.get(a.start, ("", None))
            if prep in _PLACE_PREPS and a.actor is not None and a.actor.kind == "State":
                continue  # "in Südkorea", "nach Moskau": where, not who
            if head == i:
                own.append((prep, a))
                continue
            if not (clause[0] <= a.start < clause[1]):
                continue
            if head is not None and head != i:
                continue  # belongs to another noun: "vor dem Treffen mit X", "Beziehungen zwischen A und B"
            if prep in self.cues["participant_prepositions"]:
                pp_mit.append(a)
            elif prep == "":
                bare.append(a)
        initiator = None
        explicit = {p.id for p in self._resolve([a for _p, a in own], ctx)}
        if trig.noun:
            between = [a for p, a in own if p == "zwischen"]
            if len(self._resolve(between, ctx)) >= 2:
                return self._resolve(between, ctx), None, explicit
            von = [a for p, a in own if p == "von"]
            an = [a for p, a in own if p in ("an", "bei")] + [a for a in pp_mit if attach.get(a.start, ("", None))[0] in ("an", "bei")]
            if von and an:
                people = self._resolve([von[0], an[0]], ctx)
                return people, (people[0] if people else None), explicit
            group = [a for _p, a in own] + [a for a in pp_mit if attach[a.start][1] is None]
            people = self._resolve(group, ctx)
            if len(people) < 2:
                people = _dedupe(people + self._resolve(bare, ctx))
        else:
            people = self._resolve(bare + pp_mit + [a for _p, a in own], ctx)
            calls_out = trig.cls == "PhoneCall" and (trig.particle is not None or _lemma_is(i, words, "anrufen"))
            if trig.cls == "Invitation" or calls_out or _lemma_is(i, words, "empfangen"):
                if clause[2] == "zu":  # "er versprach, Selenskyj anzurufen": the main clause's subject
                    initiator = (self._outside_subject(sent_actors, clause, words, ctx, set(), attach) or [None])[0]
                else:
                    initiator = self._subject(bare, i, ctx, words)
        if len(people) < 2:
            people = self._outside_subject(sent_actors, clause, words, ctx, {p.id for p in people}, attach) + people
        if len(people) == 1 and trig.noun:
            # "Nach einem Telefonat mit Putin hat Trump ein gemeinsames Treffen angekündigt":
            # the partner named with another event of the same sentence
            others = [a for a in sent_actors if attach.get(a.start, ("", None))[1] in trigger_heads - {i}]
            people = _dedupe(people + self._resolve(others, ctx))
        scope_words = {fold(words[k]) for k in range(clause[0], clause[1])}
        if not trig.noun and scope_words & self.cues["passive_auxiliaries"]:
            agents = [a for a in pp_mit if attach[a.start][0] in ("von", "vom")]
            if agents:  # "Selenskyj wurde von Macron empfangen/angerufen/eingeladen"
                resolved = self._resolve(agents[:1], ctx)
                if resolved and (trig.cls in ("Invitation", "PhoneCall") or _lemma_is(i, words, "empfangen")):
                    initiator = resolved[0]
        if trig.cls == "Negotiation":
            # "Verhandlungen mit Russland ... von Rubio und Witkoff geleitet": the leaders stand for their state
            led = {a.actor.id for a in sent_actors if a.actor and attach.get(a.start, ("", None))[0] == "von"}
            people = _dedupe([actor_ref(self.lx, p.country) if p.id in led and p.country in self.lx.actors else p
                              for p in people])
        people = self._without_affiliations(people)
        if initiator is not None and initiator.id not in {p.id for p in people}:
            initiator = None
        return people, initiator, explicit

    def _with_host(self, participants: list[ActorRef], location: Place) -> list[ActorRef]:
        """A visit to a place is a visit to its state ("besuchte Kiew": the Ukraine), unless
        a person of that state is named as host."""
        state = location.id if location.id in self.lx.actors else None
        if state is None and location.id in self.lx.places:
            state = self.lx.places[location.id].state
        if state is None or state not in self.lx.actors or any(p.id == state for p in participants):
            return participants
        visitors_states = {p.country for p in participants if p.kind == "Person"}
        if state in visitors_states and len(participants) >= 2:
            return participants  # a host of that state is named already, or a domestic trip
        if state in visitors_states:
            return participants
        return self._without_affiliations(participants + [actor_ref(self.lx, state)])

    def _is_leader(self, person: str, on: date | None) -> bool:
        """Did the person head a state or government on that day (for "die beiden Präsidenten")?"""
        day = on.isoformat() if on else None
        for position, start, end in self.lx.holdings_by_person.get(person, []):
            if self.lx.positions[position].kind not in self.cues["leader_kinds"]:
                continue
            if day is None or ((start is None or start <= day) and (end is None or day < end)):
                return True
        return False

    def _without_affiliations(self, people: list[ActorRef]) -> list[ActorRef]:
        """Drop a state when one of its people takes part (Trump and the USA are one party)."""
        countries = {p.country for p in people if p.kind == "Person" and p.country}
        return [p for p in people if not (p.kind == "State" and p.id in countries)]

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
                # the nearest person before it in the same sentence, else the last subject
                earlier = [a for a in ctx.sentence_persons if a.end <= span.start]
                if earlier:
                    out.append(earlier[-1].actor)
                elif ctx.last_subject is not None:
                    out.append(ctx.last_subject)
            elif span.how == "pair":
                if span.noun in self.cues["party_pair_nouns"]:  # "beide Seiten": whoever the parties were
                    out.extend(ctx.pair(persons=False, convert=False))
                    continue
                persons = span.noun not in self.cues["state_pair_nouns"]
                leaders = span.noun in self.cues["leader_pair_nouns"]
                for party in ctx.pair(persons=persons, accept=(lambda a: self._is_leader(a.id, ctx.ref)) if leaders else None):
                    known = party.kind == "State" and party.id in self.lx.actors
                    out.append(actor_ref(self.lx, party.id) if known else party)
            elif span.actor is not None:
                out.append(span.actor)
                out.extend(span.extra)
        return _dedupe(out)

    def _subject(self, bare, i, ctx, words) -> ActorRef | None:
        """The subject of a verb trigger: the first bare actor of its clause that no
        accusative or dative article marks as an object (or the pronoun's antecedent)."""
        subjects = [a for a in bare if fold(words[a.start - 1]) not in ("den", "dem", "ihn", "ihm")]
        before = [a for a in subjects if a.end <= i]
        if before:
            r = self._resolve([before[0]], ctx)
            return r[0] if r else None
        after = [a for a in subjects if a.start > i]
        if after:  # verb-second with the subject after the verb: "Außerdem lud Putin Trump ein"
            r = self._resolve([after[0]], ctx)
            return r[0] if r else None
        return None

    def _outside_subject(self, sent_actors, clause, words, ctx, have: set[str], attach) -> list[ActorRef]:
        """For a trigger whose clause names one party: the sentence's subject, or both of a
        pair (Trump kündigte an, dass ein Gipfel mit Putin ...; die beiden Staatschefs
        vereinbarten, ein Treffen zu organisieren). Persons are preferred over states."""
        groups = []
        for span in sent_actors:
            if clause[0] <= span.start < clause[1]:
                continue
            if attach.get(span.start, ("", None))[0] or self._reporter(words, span):
                continue
            if span.end < len(words) and words[span.end] in ("-", "–") or (span.end + 1 < len(words) and words[span.end] == "," and words[span.end + 1] in ("-", "–")):
                continue  # dateline: "Washington, USA - ..."
            found = [p for p in self._resolve([span], ctx) if p.id not in have]
            if found:
                groups.append(found)
        with_person = [g for g in groups if any(p.kind == "Person" for p in g)]
        return (with_person or groups or [[]])[0]

    def _reporter(self, words, span: ActorSpan) -> bool:
        """Is the actor only the source of the report ("laut X", ", sagte X", "X zufolge",
        "so der Pressesprecher", a spokesperson)? "Danach sagte Macron ... zu" is no report."""
        k = span.start
        prev = fold(words[k - 1]) if k >= 1 else ""
        if prev in ("laut", "lt."):
            return True
        if prev in ("der", "die", "des") and k >= 2:
            k -= 1
            prev = fold(words[k - 1]) if k >= 1 else ""
        opens_clause = k < 2 or words[k - 2] in _BOUNDARY or words[k - 2] in {".", "!", "?"}
        if prev in self.cues["reporting_forms"] and opens_clause:
            return True
        after = fold(words[span.end]) if span.end < len(words) else ""
        if after == "zufolge":
            return True
        if span.how in ("title", "title+name") and any(fold(w).endswith(tuple(self.cues["reporting_nouns"])) for w in words[span.start : span.end]):
            return True
        return False

    # ------------------------------------------------------------------ status
    def _status(self, trig, words, s0, s1, clause, clauses, low_words) -> str | None:
        """Status from cue words in the trigger's scope (its clause, plus the main clause
        when it is a dass- or zu-clause), or None for a hypothetical, demanded or refused contact."""
        scope = self._scope(clause, clauses)
        cl = {fold(words[k]) for k in scope}
        low_text = " " + " ".join(fold(words[k]) for k in sorted(scope)) + " "
        sent_text = " " + " ".join(low_words) + " "
        c = self.cues
        if cl & c["denied_forms"] or any(self._lemma_in(words, k, c["denied_lemmas"]) for k in scope) or \
                self._particle_verb_in(words, clause[0], clause[1], c["denied_lemmas"]):
            return "denied"
        if cl & c["cancelled_forms"] or any(p in sent_text for p in c["cancelled_phrases"]) or self._particle_verb_in(words, clause[0], clause[1], c["cancelled_particle_verbs"]):
            return "cancelled"
        if cl & c["claimed_forms"] or any(p in sent_text for p in c["claimed_phrases"]):
            return "claimed"
        tail = [fold(words[k]) for k in range(clause[0], clause[1]) if words[k] not in _BOUNDARY and words[k] not in {".", "!", "?"}]
        if cl & c["hearsay_modals"] and tail and tail[-1] in ("haben", "sein") and len(tail) >= 2 and tail[-2].startswith(("ge", "telefon")):
            return "claimed"  # "Trump soll mehrfach mit Netanjahu telefoniert haben"
        before = [fold(w) for w in words[max(s0, trig.index - 4) : trig.index]]
        if trig.noun and before and any(w in c["occurred_before_noun"] for w in before[:2]):
            return "occurred"
        if trig.noun and before and before[-1] in ("kein", "keine", "keinen", "keinem") or (
                before[-2:-1] and before[-2] in ("kein", "keine", "keinen", "keinem")):
            # "Es hat kein Telefonat gegeben": denied; "kein Treffen geplant": nothing
            return "denied" if cl & c["took_place_forms"] else None
        if fold(words[s0]) in c["conditional_openers"] or fold(words[min(s0 + 1, s1 - 1)]) in c["conditional_openers"] and words[s0] in _QUOTES:
            return None  # "Sollte Putin zustimmen, werde er reisen"
        negated = cl & c["negations"] and not any(p in sent_text for p in c["negation_exceptions"])
        if negated:
            return None
        hypothetical = (cl & c["hypothetical_forms"]) or any(p in sent_text for p in c["hypothetical_phrases"])
        if hypothetical and not (cl & c["hypothetical_overridden_by"]):
            return None
        if trig.noun and any(w in c["planned_before_noun"] for w in before):
            return "planned"
        if cl & c["planned_forms"] or any(p in sent_text for p in c["planned_phrases"]):
            return "planned"
        return "occurred"

    @staticmethod
    def _scope(clause, clauses) -> list[int]:
        """Token indexes whose cue words govern a trigger: its clause and, for a dass-, zu- or
        relative clause, the clauses before it back to the nearest main clause."""
        scope = list(range(clause[0], clause[1]))
        if clause[2] not in ("dass", "zu"):
            return scope
        k = clauses.index(clause) - 1
        while k >= 0:
            c = clauses[k]
            scope.extend(range(c[0], c[1]))
            if c[2] == "main":
                break
            k -= 1
        return scope

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

    def _tense(self, low_words) -> str:
        """past, present or future, from the lowercase words (verbs) of a trigger's scope."""
        low_words = [fold(w) for w in low_words]
        sent = set(low_words)
        if sent & self.cues["future_auxiliaries"]:
            return "future"
        if sent & (self.cues["past_auxiliaries"] | self.cues["strong_past_forms"]):
            return "past"
        from kg.extraction.nlp import lemma_of

        for w in low_words:
            if not w[:1].isalpha():
                continue
            lemma = fold(lemma_of(w))
            if lemma == w or not lemma.endswith("n"):
                continue
            if w.endswith(("te", "ten", "test")) and len(w) > 5:
                return "past"  # weak preterite: telefonierte, besuchten
            if not w.endswith(("t", "e", "en", "st", "n", "nd")) and len(w) >= 3:
                return "past"  # strong preterite: traf, warb, lud, rief
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
    def _time(self, trig, doc, words, s0, s1, clause, scope_tokens, status, tense, article, ctx, sentence_text, first):
        ref = article.published
        direction = "future" if status in ("planned", "cancelled") else ("past" if status != "occurred" or tense == "past" else tense)
        spans = find_timexes(sentence_text, ref, direction)
        if spans:
            trig_char = doc[trig.index].idx - first
            chars = {doc[k].idx - first for k in range(clause[0], clause[1])}
            inside = [s for s in spans if any(s.start <= c < s.end for c in chars)]
            if not inside and status not in ("planned", "cancelled"):
                # the clause that governs it: "erklärte am Donnerstag, dass er ... telefoniert habe"
                scope = {doc[k].idx - first for k in scope_tokens}
                inside = [s for s in spans if any(s.start <= c < s.end for c in scope)]
            pool = inside
            if pool:
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
        for cue in self.cues["same_day_after_phrases"]:  # "Im Anschluss wolle er mit Selenskyj sprechen"
            if (low.startswith(cue) or f" {cue}" in low[:30]) and ctx.focus is not None and ctx.focus.time.is_day \
                    and not any(c in low for c in self.cues["right_after_phrases"]):
                return replace(ctx.focus.time, text=cue.strip(), start=-1, end=-1)
        for cue in self.cues["right_after_phrases"]:
            if cue in low and ctx.focus is not None:
                prev = ctx.focus  # the event "dem Telefonat" just referred to
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


_TYPE_RANK = ("PhoneCall", "Summit", "Visit", "Negotiation", "Meeting", "Consultation", "Invitation")


def _overlaps(a: TimeSpan, b: TimeSpan) -> bool:
    lo = max(x for x in (a.earliest, b.earliest, date.min) if x is not None)
    hi = min(x for x in (a.latest, b.latest, date.max) if x is not None)
    return lo <= hi


def _same_event_types(a: str, b: str) -> bool:
    if "Invitation" in (a, b):
        return a == b
    return FAMILY[a] == FAMILY[b] or "Consultation" in (a, b)


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
    focus: Draft | None = None  # the event the text spoke of last (made or referred to)
    sentence_persons: list = field(default_factory=list)  # bare person spans of the current sentence
    ref: date | None = None  # the article's publication date
    previous_persons: list = field(default_factory=list)  # persons named in the sentence before

    def pair(self, persons: bool = True, accept=None, convert: bool = True) -> list[ActorRef]:
        """Who "die beiden Präsidenten" (persons) or "die beiden Länder" (states) are: the
        parties of the event in focus, else of the last two-party event, else the last two
        persons named; for states, the countries of those persons. ``accept`` filters persons
        (only heads of state for "Präsidenten")."""
        ok = (lambda a: a.kind == "Person" and (accept is None or accept(a))) if persons or accept else (lambda a: True)
        named = _dedupe([a for a in self.previous_persons if ok(a)])
        if len(named) == 2:  # "Putin teilte Trumps Auffassung ... die beiden Staatschefs"
            found = named
        elif self.focus is not None and len(self.focus.participants) == 2 and all(ok(p) for p in self.focus.participants):
            found = list(self.focus.participants)
        else:
            found = self._pair_of_persons(ok)
        if persons or not convert:
            return found
        return [ActorRef(p.country, p.country, "State") if p.kind == "Person" and p.country else p for p in found]

    def _pair_of_persons(self, ok) -> list[ActorRef]:
        for d in reversed(self.drafts):
            persons = [p for p in d.participants if p.kind == "Person"]
            if len(persons) == 2 and all(ok(p) for p in persons):
                return persons
        out: list[ActorRef] = []
        for p in reversed(self.recent_persons):
            if not ok(p):
                continue
            if p.id not in {o.id for o in out}:
                out.append(p)
            if len(out) == 2:
                break
        return out
