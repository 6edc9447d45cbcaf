"""From an article to event mentions: triggers, participants, status, time, topics.

The extractor reads a sentence at a time, in article order, and keeps a little context:
who the last subject was (for ``er``), which events the article already reported (for
``das Gespräch`` and ``die beiden Präsidenten``), and the article's lead event (whose day
an undated follow-up such as ``Außerdem lud Putin Trump nach Moskau ein`` shares).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kg.extraction.actors import ActorFinder, PlaceSpan
from kg.extraction.arguments import ArgumentRules
from kg.extraction.clauses import ClauseRules
from kg.extraction.common import (
    BOUNDARY, DEBUG, TYPE_RANK, Context, Draft, dedupe, has_delegation, overlaps, same_event_types,
)
from kg.extraction.nlp import build_nlp, lemma_of, sentence_starts
from kg.extraction.status import StatusRules
from kg.extraction.timex import find_timexes
from kg.extraction.timing import TimeRules
from kg.extraction.topics import TopicTagger
from kg.extraction.triggers import TriggerRules
from kg.lexicon import Lexicon, fold
from kg.model import FAMILY, OPEN_SPAN, Article, EventMention, Place, TimeSpan

MAX_CHARS = 200_000  # longer texts are cut: news articles are far shorter


def _infinitive_end(words, clause) -> bool:
    """Does the clause end in a zu-infinitive written as one word (teilzunehmen, anzureisen)?"""
    last = fold(words[clause[1] - 1]) if words[clause[1] - 1].isalpha() else fold(words[clause[1] - 2])
    return last.endswith("en") and "zu" in last[2:-2]


def _nested(a: set, b: set) -> bool:
    """Does one set of participants contain the other?"""
    return a <= b or b <= a


class Extractor(TriggerRules, ClauseRules, ArgumentRules, StatusRules, TimeRules):
    """``Extractor(lexicon).extract(article)`` gives the article's event mentions.

    The rules live in mixins, one module each: triggers, clauses, arguments (who takes
    part), status and timing; this class reads sentences and assembles mentions.
    """

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
        self._noun_cache: dict[tuple[str, str], str | None] = {}
        particles = self.cues["separable_particles"]
        #: verb stems that form a trigger with a split-off particle ("rufen" of "rief … an")
        self._separable_bases = {v[len(p):] for v in self.verbs for p in particles if v.startswith(p)}
        self.anaphor_families = {w: family for family, ws in lexicon.cues.get("anaphor_nouns", {}).items() for w in ws}

    def extract(self, article: Article) -> list[EventMention]:
        text = article.text[:MAX_CHARS]
        doc = self.nlp(text)
        self._text = doc.text  # built once: Doc.text joins every token on each access
        words, self._idx = [], []  # texts and character offsets, read once
        for token in doc:
            words.append(token.text)
            self._idx.append(token.idx)
        lemmas = [fold(lemma_of(w)) for w in words]
        persons = [(e.start, e.end) for e in doc.ents if e.label_ in ("PER", "PERSON")] if self.nlp.pipe_names else []
        actors, places = self.finder.find(words, article.published, persons)
        state = Context(ref=article.published)
        spans = self._sentences(doc, words)
        for s0, s1 in spans:
            self._sentence(doc, words, lemmas, s0, s1, actors, places, article, state)
        drafts = self._open_plans_merged(self._without_present_twins(state.drafts))
        if spans and article.published is not None and self._retrospective(words, *spans[0]):
            # "Vor 35 Jahren: Der Gipfel von Malta": history told on an anniversary, not news
            horizon = article.published - timedelta(days=365)
            drafts = [d for d in drafts if d.time.latest is None or d.time.latest >= horizon]
        return [d.freeze(article.doc) for d in drafts]

    def _retrospective(self, words, s0, s1) -> bool:
        """Does the headline look back ("Vor 35 Jahren: ...", "Jahrestag")?"""
        low = [fold(w) for w in words[s0:s1]]
        back = len(low) > 2 and low[0] == "vor" and low[1].isdigit() and low[2].startswith("jahr")
        return back or bool(set(low) & self.cues["retrospective_words"])

    @staticmethod
    def _open_plans_merged(drafts: list[Draft]) -> list[Draft]:
        """An undated plan ("Xi und Ma wollen sich treffen") and a dated one of the same
        contact ("werden am Samstag in Singapur zusammenkommen") are one planned event."""
        dated: dict[tuple, Draft] = {}
        for d in drafts:
            if d.status == "planned" and d.dated:
                dated.setdefault((FAMILY[d.type], frozenset(p.id for p in d.participants)), d)
        out = []
        for d in drafts:
            twin = dated.get((FAMILY[d.type], frozenset(p.id for p in d.participants)))
            if d.status == "planned" and not d.dated and twin is not None and twin is not d:
                twin.location = twin.location or d.location
                twin.topics |= d.topics
                continue
            out.append(d)
        return out

    @staticmethod
    def _without_present_twins(drafts: list[Draft]) -> list[Draft]:
        """A headline in the present ("Selenskyj trifft Trump am Rande des Nato-Gipfels") names
        the event its lede reports: drop it where the article reports that contact otherwise."""
        told = {(FAMILY[d.type], frozenset(p.id for p in d.participants)) for d in drafts if not d.present}
        return [d for d in drafts if not d.present or (FAMILY[d.type], frozenset(p.id for p in d.participants)) not in told]

    @staticmethod
    def _sentences(doc, words) -> list[tuple[int, int]]:
        """Sentence token spans: a trained pipeline's own, else kg's rules."""
        if doc.has_annotation("SENT_START"):
            return [(s.start, s.end) for s in doc.sents]
        starts = sentence_starts(words)
        return list(zip(starts, starts[1:] + [len(words)]))

    def _sentence(self, doc, words, lemmas, s0, s1, actors, places, article, ctx) -> None:
        sent_actors = [a for a in actors if s0 <= a.start < s1]
        sent_places = [p for p in places if s0 <= p.start < s1]
        first = self._idx[s0]
        sentence_text = self._text[first : self._idx[s1 - 1] + len(words[s1 - 1])]
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
        ctx.sentence_ids = {a.actor.id for a in sent_actors if a.actor is not None and a.actor.kind == "Person"}
        ctx.sentence_sources = [a.actor for a in sent_actors if a.actor is not None and a.actor.kind == "Person"
                                and a.start < min([p.start for p in sent_actors if p.how == "pronoun"] or [0])
                                and attach.get(a.start, ("", None))[0] == "gen"]
        speakers = [a for a in sent_actors if a.actor is not None and a.actor.kind == "Person" and self._reporter(words, a)]
        colon = next((k for k in range(s0, s1) if words[k] == ":"), None)
        before_colon = [a for a in ctx.sentence_persons if colon is not None and a.end <= colon]
        ctx.speaker = speakers[0].actor if speakers else (before_colon[0].actor if before_colon else None)
        ctx.speaker_after = bool(speakers)
        refers = any(w in self.anaphor_families or w in self.cues["anaphoric_adverbs"] for w in low_words)
        topics = self.topics.tag(sentence_text) if triggers or refers else set()
        made_here = []
        for n, trig in enumerate(triggers):
            if is_question:
                break
            draft = self._mention(trig, doc, words, lemmas, s0, s1, clauses, sent_actors, sent_places,
                                  low_words, sentence_text, first, topics, article, ctx, triggers, attach)
            if draft is not None:
                for one in self._bilateral(draft, trig, words, sent_actors, attach, clauses, ctx):
                    for each in self._per_destination(one, trig, words, sent_places, clauses):
                        made_here.extend(self._listed_dates(each, trig, doc, words, s1, sentence_text, first, article))
        # subject tracking for pronouns: the first person in the sentence who is not a reporter
        if ctx.sentence_persons:
            ctx.last_subject = ctx.sentence_persons[0].actor
        ctx.previous_text, ctx.previous_places = sentence_text, [p.place for p in sent_places]
        ctx.previous_subjects = dedupe([a.actor for a in ctx.sentence_persons])
        ctx.previous_persons = [s.actor for s in sent_actors if s.actor and s.actor.kind == "Person"]
        ctx.recent_persons.extend(ctx.previous_persons)
        self._refer_back(words, s0, s1, triggers, topics, ctx, made_here)
        self._reported_status(words, s0, s1, triggers, ctx, made_here)
        made_here = self._invited_visits(made_here, words, s0, s1, clauses, sent_places, article)
        retold = self._retold(words, s0, s1, sent_actors, ctx)
        for d in self._merge_in_sentence(made_here):
            if self._joins_visit(d, ctx) or (retold and self._same_as_focus(d, ctx)) or self._visit_told(d, ctx):
                continue
            ctx.drafts.append(d)
            ctx.focus = d
            if ctx.lead is None and d.status == "occurred" and d.time.is_day:
                ctx.lead = d

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
            clause_text = self._text[self._idx[clause[0]] : self._idx[clause[1] - 1] + len(words[clause[1] - 1])]
            when = next(iter(find_timexes(clause_text, article.published, "past")), None)
            earlier = self._antecedent(trig_cls, explicit, ctx, place, when)
            possessed = any(fold(w) in self.cues["possessive_determiners"] for w in words[max(s0, trig.index - 3) : trig.index])
            if earlier is not None and possessed and place is not None and (earlier.location is None or earlier.location.id != place.id):
                earlier = None  # "bei seinem Staatsbesuch in Tokio": another trip than the one told
            if earlier is not None:
                said = self._status(trig, words, s0, s1, clause, clauses, low_words)
                if said is None:
                    return None  # "als ob dies bei den Gesprächen geschehen könne": no news about it
                if said in ("denied", "claimed") and earlier.status in ("occurred", "claimed"):
                    earlier.status = said  # "Peking bestritt, dass es ein solches Telefonat gegeben habe"
                if said == "cancelled" and earlier.status == "planned":
                    earlier.status = said  # "... nach China reisen wollen. Die Reise musste er verschieben."
                if said == "occurred" and earlier.present:
                    # a present headline ("EU-Türkei-Gipfel vertagt Entscheidung") told by the lede in the past
                    earlier.status, earlier.present = "occurred", False
                    if when is not None and (when.earliest or when.latest):
                        earlier.time, earlier.dated = self._bound(when, "occurred", article.published), True
                if DEBUG:
                    print(f"  anaphor {trig.text!r} -> {earlier.type} {[a.id for a in earlier.participants]} +{sorted(topics)}")
                earlier.topics |= topics
                if said == "planned" and set(clause_words) & self.cues["continuation_forms"]:
                    # "Die Gespräche sollen am kommenden Samstag fortgesetzt werden": a further round (of talks, not calls)
                    rounds = [d for d in reversed(ctx.drafts) if FAMILY[d.type] == "in-person" and d.status == "occurred"
                              and explicit <= {p.id for p in d.participants}]
                    earlier = rounds[0] if rounds and earlier.type == "PhoneCall" else earlier
                    participants, explicit, topics = list(earlier.participants), {p.id for p in earlier.participants}, set(earlier.topics)
                    trig_cls = earlier.type
                else:
                    if said == "occurred" and not earlier.dated and when is not None and (when.earliest or when.latest):
                        # "Die Gespräche ... hatten am Mittwoch vier Stunden gedauert": the day it took place
                        earlier.time, earlier.dated = self._bound(when, earlier.status, article.published), True
                    return None
        if len({p.id for p in participants}) < 2 and not (trig_cls == "Visit" and participants and sent_places):
            return None
        if trig.noun and not explicit and self._noun_phrase_start(words, trig.index, s0)[0] in self.cues["setting_prepositions"] \
                and any(not t.noun and FAMILY[t.cls] == FAMILY[trig_cls] for t in triggers):
            return None  # "Biden und Xi trafen sich vor dem G20-Gipfel": the summit is when, not another contact
        status = self._status(trig, words, s0, s1, clause, clauses, low_words)
        if status is None:
            return None
        past_plan = status == "planned" and self._past_plan({fold(words[k]) for k in self._scope(clause, clauses)})
        if past_plan:
            status = "cancelled"  # "Ursprünglich hatte Lula im März reisen wollen": a plan that fell through
        tense = self._tense([words[k] for k in self._scope(clause, clauses) if words[k][:1].islower()])
        time_span, dated = self._time(trig, doc, words, s0, s1, clause, self._scope(clause, clauses), status, tense,
                                      article, ctx, sentence_text, first, triggers)
        if dated:
            time_span = self._duration(time_span, trig, words, s0, clause)
        carried_place = None
        if not dated and status == "occurred" and tense == "past" and self._continues(words, s0, clause, sent_actors, ctx):
            carried, before = self._carried_day(sentence_text, trig, first, ctx, article)
            if carried is not None:
                time_span, dated = carried, True
                if before and len(ctx.previous_places) == 1 and trig_cls != "PhoneCall" and \
                        not any(clause[0] <= p.start < clause[1] for p in sent_places):
                    carried_place = ctx.previous_places[0]  # "... im Weißen Haus empfangen. Trump sprach mit ihm ..."
        status = self._status_by_date(status, time_span, article.published)
        present = status == "occurred" and tense == "present" and self._announced(trig, trig_cls, words, s0, time_span, dated, article)
        if present:
            status, time_span = "planned", time_span if dated else OPEN_SPAN
        time_span = time_span if past_plan and dated else self._bound(time_span, status, article.published)
        location = self._place_of(trig, trig_cls, status, words, s0, s1, clause, clause_words, sent_places, ctx, carried_place)
        if trig_cls == "Visit" and location is not None:
            participants = self._with_host(participants, location)
        unqualified = {a.actor.id for a in sent_actors if a.how == "unknown" and not a.qualified and a.actor}
        if len({p.id for p in participants}) < 2 or self._domestic(participants, unqualified):
            return None  # "Merz empfing Klingbeil": politics at home, not diplomacy
        if (trig_cls == "Meeting" or trig_cls == "Consultation" and trig.noun) and has_delegation(participants, sent_actors, clause):
            trig_cls = "Negotiation"  # delegations meet to negotiate
        start, end = first, self._idx[s1 - 1] + len(words[s1 - 1])
        text = self._text[start:end]
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start, end = start + lead, end - trail
        return Draft(
            type=trig_cls, participants=dedupe(participants), status=status, time=time_span,
            sentence=(start, end), evidence=self._text[start:end], trigger=trig.text,
            initiator=initiator, location=location, topics=set(topics), dated=dated, present=present,
        )

    def _announced(self, trig, trig_cls, words, s0, time_span, dated, article) -> bool:
        """Is a contact told in the present an announcement? Undated ("Trump und Selenskyj
        treffen sich im Weißen Haus", a headline), or on or after the report's day ("Macron
        empfängt heute Modi"); not a past contact named by a noun ("Nach Telefonat mit Putin:
        Trump kündigt Gipfel an")."""
        if not dated:
            background = trig.noun and self._noun_phrase_start(words, trig.index, s0)[0] in self.cues["occurred_before_noun"]
            return FAMILY[trig_cls] in ("in-person", "spoken") and not background
        return article.published is not None and time_span.earliest is not None and time_span.earliest >= article.published

    def _place_of(self, trig, trig_cls, status, words, s0, s1, clause, clause_words, sent_places, ctx,
                  carried_place: Place | None) -> Place | None:
        """Where the event happened: the place nearest the trigger in its clause (not a topic
        or a news source), else the dateline's, the place a wo-clause is about, the place of
        the sentence before ("Dort traf sie ..."); an invitation or a trip: its destination."""
        tokens = {k for p in sent_places for k in range(p.start, p.end)}
        location = self._location(trig, [p for p in sent_places if not self._topic_place(words, p, s0, tokens)
                                         and not self._source_place(words, p, s0)], clause, s0, s1)
        if location is None and FAMILY[trig_cls] == "in-person" and status == "occurred":
            location = self._dateline_place(words, s0, sent_places)
        if location is None and fold(words[clause[0]]) == "wo" and clause[0] >= 2 and trig_cls != "PhoneCall":
            # "zu Gesprächen in Kairo, wo er mit X zusammenkam": the place the clause is about
            before = [p for p in sent_places if p.end < clause[0] and not any(w in BOUNDARY for w in words[p.end : clause[0] - 1])]
            location = before[-1].place if before else None
        location = location or carried_place
        if location is None and trig_cls != "PhoneCall" and "dort" in clause_words and len(ctx.previous_places) == 1:
            location = ctx.previous_places[0]  # "Dort traf sie Kuleba": where the sentence before went
        if trig_cls in ("Invitation", "Visit"):  # "nach Moskau eingeladen", "nach Kiew gereist"
            toward = [p for p in sent_places if p.start > 0 and fold(words[p.start - 1]) in ("nach", "ins", "in")
                      and clause[0] <= p.start < clause[1]]
            if trig_cls == "Invitation" and toward:
                location = toward[-1].place
            after_nach = [p for p in toward if p.start > trig.index and fold(words[p.start - 1]) == "nach"]
            if trig_cls == "Visit" and not trig.noun and after_nach:
                location = after_nach[0].place  # "Nach Gesprächen in Kairo reiste Blinken weiter nach Katar"
        return location

    def _topic_place(self, words, place: PlaceSpan, s0, tokens: set[int]) -> bool:
        """ "Gespräche über eine Waffenruhe im Gazastreifen": a place in what was talked about."""
        linking = self.cues["determiners_and_adjectives"] | {"im", "in", "am", "für", "zur", "zum", "von", "vom"}
        for k in range(place.start - 1, max(s0, place.start - 6) - 1, -1):
            low = fold(words[k])
            if low == "über":
                return True
            if k in tokens:
                return False  # "über die Lage in Syrien in Ankara": Ankara is where, Syrien what
            if words[k] in BOUNDARY or words[k] in (".", "!", "?") or (words[k][:1].islower() and low not in linking) \
                    or any(low.startswith(t) for t in self.cues["temporal_nouns"]):
                return False  # "über ein Abkommen im Februar in Abu Dhabi": the talks' place again
        return False

    def _source_place(self, words, place: PlaceSpan, s0) -> bool:
        """ "nach Angaben aus Brüssel", "aus Kreisen in Kiew": where the news came from."""
        k = place.start - 1
        return k - 1 >= s0 and fold(words[k]) in ("aus", "in") and fold(words[k - 1]) in self.cues["source_nouns"]

    @staticmethod
    def _dateline_place(words, s0, sent_places) -> Place | None:
        """ "DEN HAAG (dpa) – Am Rande des Gipfels trafen sich ...": the dateline's place."""
        first = next((p for p in sent_places if p.start == s0), None)
        if first is not None and any(w in ("(", "-", "–", "—") for w in words[first.end : first.end + 2]):
            return first.place
        return None

    def _per_destination(self, draft: Draft, trig, words, sent_places, clauses) -> list[Draft]:
        """ "Xi will nach Serbien und Ungarn reisen": one visit to each state."""
        if draft.type != "Visit":
            return [draft]
        clause = self._clause_of(clauses, trig.index)
        toward, states = [], []
        for p in sent_places:
            if not clause[0] <= p.start < clause[1] or p.start == 0:
                continue
            before = fold(words[p.start - 1])
            if before in ("nach", "ins") or (toward and before in ("und", "sowie", ",")):
                state = p.place.id if p.place.id in self.lx.actors else getattr(self.lx.places.get(p.place.id), "state", None)
                if state and state not in states:
                    toward.append(p)
                    states.append(state)
        if len(states) < 2:
            return [draft]
        visitors = [p for p in draft.participants if p.id not in states and p.kind == "Person"]
        if not visitors:
            return [draft]
        return [replace(draft, participants=self._with_host(list(visitors), p.place), location=p.place,
                        topics=set(draft.topics)) for p in toward]

    def _continues(self, words, s0, clause, sent_actors, ctx) -> bool:
        """Does the sentence go on with the story of the one before ("Dort traf er ...", "Am
        Abend empfing ihn Putin", a pronoun for its subject) or name only a part of a day?"""
        opening = " ".join(fold(w) for w in words[s0 : s0 + 3])
        if any(opening == c or opening.startswith(c + " ") for c in self.cues["continuation_openers"]):
            return True
        clause_text = " " + " ".join(fold(w) for w in words[clause[0] : clause[1]]) + " "
        if any(f" {c} " in clause_text for c in self.cues["day_part_phrases"]):
            return True
        return any(a.how == "pronoun" and clause[0] <= a.start < clause[1] and a.noun != "ich"
                   and (a.noun in ("obj", "sie") or not any(p.end <= a.start for p in ctx.sentence_persons))
                   for a in sent_actors)

    def _carried_day(self, sentence_text, trig, first, ctx, article) -> tuple[TimeSpan | None, bool]:
        """The one day the same sentence (in another clause) or the sentence before names,
        and whether it came from the sentence before."""
        trig_char = self._idx[trig.index] - first
        for text, before in ((sentence_text, False), (ctx.previous_text, True)):
            days = {(s.earliest, s.latest): s for s in find_timexes(text, article.published, "past")
                    if s.is_day and not (not before and s.start <= trig_char <= s.end)}
            if len(days) == 1:
                return replace(next(iter(days.values())), start=-1, end=-1), before
        focus = ctx.focus  # "Kishida war am Morgen in Seoul eingetroffen": the day of the event just told
        if focus is not None and focus.status == "occurred" and focus.time.is_day:
            return replace(focus.time, start=-1, end=-1), True
        return None, False

    def _domestic(self, participants, unqualified: set = frozenset()) -> bool:
        """Do all parties belong to one state (its people, or the state itself)? A person the
        text introduces by a bare title ("Innenministerin Nancy Faeser") belongs to the home
        state of the news (``home_states``): a foreign minister's state is always named."""
        if not all(p.kind in ("Person", "State") for p in participants):
            return False
        home = next(iter(self.cues.get("home_states", ())), None)
        homes = {home if p.id in unqualified else p.country if p.kind == "Person" else p.id for p in participants}
        return len(homes) == 1 and None not in homes

    def _bilateral(self, draft: Draft, trig, words, sent_actors, attach, clauses, ctx) -> list[Draft]:
        """ "Merkel telefonierte mit Poroschenko und mit Putin": one call each, not a conference."""
        if trig.noun or FAMILY[draft.type] != "spoken" or len(draft.participants) < 3:
            return [draft]
        clause = self._clause_of(clauses, trig.index)
        partners = [a for a in sent_actors if clause[0] <= a.start < clause[1] and a.actor is not None
                    and attach.get(a.start, ("", None))[0] == "mit" and attach[a.start][1] in (None, trig.index)]
        partner_ids = [p.id for span in partners for p in self._resolve([span], ctx)]
        callers = [p for p in draft.participants if p.id not in partner_ids]
        if len(callers) != 1 or len(partner_ids) < 2 or len(partners) < 2:
            return [draft]  # one plural phrase ("mit seinen Kollegen aus Rumänien und Griechenland"): one joint talk
        by_id = {p.id: p for p in draft.participants}
        return [replace(draft, participants=[callers[0], by_id[i]], topics=set(draft.topics))
                for i in partner_ids if i in by_id]

    def _merge_in_sentence(self, drafts: list[Draft]) -> list[Draft]:
        """One sentence, one contact: "trafen sich zu einem Gipfeltreffen", "kamen zu einer
        Unterredung zusammen" name the same event twice; keep the most specific type."""
        out: list[Draft] = []
        for d in drafts:
            ids = {p.id for p in d.participants}
            twin = next((o for o in out if _nested({p.id for p in o.participants}, ids) and same_event_types(o.type, d.type)
                         and (not o.dated or not d.dated or overlaps(o.time, d.time))), None)
            if twin is None:
                out.append(d)
                continue
            twin.participants = dedupe(twin.participants + d.participants)  # "X und Y haben sich per Video mit Z ausgetauscht"
            if TYPE_RANK.index(d.type) < TYPE_RANK.index(twin.type):
                twin.type = d.type
            if not twin.dated and d.dated:
                twin.time, twin.dated = d.time, True
            elif twin.time.is_day and d.dated and d.time.earliest == twin.time.earliest and d.time.latest and \
                    d.time.latest > twin.time.latest:
                twin.time = d.time  # "reiste am Montag zu einem dreitägigen Besuch": the days it lasts
            twin.initiator = twin.initiator or d.initiator
            twin.location = twin.location or d.location
            twin.topics |= d.topics
        return out

    def _retold(self, words, s0, s1, sent_actors, ctx) -> bool:
        """Does the sentence go on about the event just told ("Die beiden berieten über ...")?"""
        return ctx.focus is not None and any(a.how in ("pair", "pronoun") and a.noun != "ich" for a in sent_actors)

    @staticmethod
    def _same_as_focus(draft: Draft, ctx) -> bool:
        """An undated contact of the event in focus's parties, said in the next sentence: that event again."""
        focus = ctx.focus
        if draft.dated or draft.status != focus.status or {p.id for p in draft.participants} != {p.id for p in focus.participants}:
            return False
        if not ("Consultation" in (draft.type, focus.type) or FAMILY[draft.type] == FAMILY[focus.type]):
            return False
        focus.topics |= draft.topics
        return True

    @staticmethod
    def _visit_told(draft: Draft, ctx) -> bool:
        """ "Lula empfing Macron am Dienstag. Macron war am Montag zu einem Staatsbesuch
        eingetroffen": a visit to the state whose leader the visitor was just reported meeting."""
        hosts = [p for p in draft.participants if p.kind == "State"]
        if draft.type != "Visit" or len(hosts) != 1:
            return False
        visitors = {p.id for p in draft.participants} - {hosts[0].id}
        for met in reversed(ctx.drafts[-3:]):
            ids = {p.id for p in met.participants}
            partners = [p for p in met.participants if p.id not in visitors]
            if FAMILY[met.type] == "in-person" and met.status == draft.status and visitors and visitors <= ids \
                    and partners and all(p.kind == "Person" and p.country == hosts[0].id for p in partners) \
                    and (not met.dated or not draft.dated or overlaps(met.time, draft.time)):
                met.topics |= draft.topics
                return True
        return False

    def _invited_visits(self, drafts, words, s0, s1, clauses, sent_places, article) -> list[Draft]:
        """An invitation the sentence says will be taken up is also a planned visit to the
        inviter: "hat Putin nach Peking eingeladen; der Kremlchef werde im Oktober kommen",
        "hat die Einladung Trumps angenommen und wird am Freitag in Washington erwartet"."""
        out = list(drafts)
        for inv in [d for d in drafts if d.type == "Invitation" and d.initiator is not None]:
            host = inv.initiator
            guests = [p for p in inv.participants if p.id != host.id]
            if len(guests) != 1:
                continue
            visit = next((v for v in drafts if v.type == "Visit" and guests[0].id in {p.id for p in v.participants}), None)
            if visit is not None:  # the visit names the host's state: the inviter receives
                visit.participants = [p for p in visit.participants if not (p.kind == "State" and p.id == host.country)]
                visit.participants = dedupe(visit.participants + [host])
                continue
            k = next((k for k in range(s0, s1) if fold(words[k]) in self.cues["coming_forms"] | self.cues["acceptance_forms"]), None)
            if k is None:
                continue
            clause = self._clause_of(clauses, k)
            following = [c for c in clauses if c[0] >= clause[0] and (c == clause or c[2] == "zu" or _infinitive_end(words, c))][:2]
            lo, hi = following[0][0], following[-1][1]
            text = self._text[self._idx[lo] : self._idx[hi - 1] + len(words[hi - 1])]
            when = next((t for t in find_timexes(text, article.published, "future") if t.earliest or t.latest), OPEN_SPAN)
            place = next((p.place for p in sent_places if lo <= p.start < hi), inv.location)
            inv.location = inv.location or place  # "die Einladung angenommen, im Oktober in Peking teilzunehmen"
            out.append(replace(inv, type="Visit", participants=[guests[0], host], status="planned", initiator=None,
                               time=self._bound(replace(when, start=-1, end=-1), "planned", article.published),
                               dated=when is not OPEN_SPAN, location=place, trigger=words[k], topics=set(inv.topics)))
        return out

    def _joins_visit(self, draft: Draft, ctx) -> bool:
        """ "Baerbock reiste nach Kiew. Dort traf sie Kuleba": the meeting is the visit, and
        Kuleba its host in place of the state (as "reiste nach Kiew und traf dort Kuleba")."""
        in_person = FAMILY[draft.type] == "in-person" or (draft.type == "Consultation" and draft.location is not None)
        return in_person and any(
            self._host_visit(visit, draft) for visit in reversed(ctx.drafts[-3:]) if visit.type == "Visit")

    @staticmethod
    def _host_visit(visit: Draft, draft: Draft) -> bool:
        """Make the meeting's partner the host of the visit, if it fits (see _joins_visit)."""
        if draft.status != visit.status:
            return False
        if visit.dated and draft.dated and not overlaps(visit.time, draft.time):
            return False
        hosts = [p for p in visit.participants if p.kind == "State"]
        visitors = {p.id for p in visit.participants} - {h.id for h in hosts}
        partners = [p for p in draft.participants if p.id not in visitors]
        if len(hosts) != 1 or not visitors or not visitors <= {p.id for p in draft.participants} or not partners \
                or any(p.kind != "Person" or p.country != hosts[0].id for p in partners):
            return False
        visit.participants = [p for p in visit.participants if p.id in visitors] + partners
        visit.topics |= draft.topics
        visit.initiator = visit.initiator or draft.initiator
        visit.location = visit.location or draft.location
        if draft.dated and not visit.dated:
            visit.time, visit.dated = draft.time, True
        return True

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
            fits = [d for d in fits if d.dated and overlaps(d.time, when)] or fits
        occurred = [d for d in fits if d.status == "occurred"]
        dated = [d for d in occurred if d.time.is_day]
        pool = dated or occurred or fits
        if not pool:
            return None

        def salience(d: Draft) -> int:  # how often the article spoke of these parties' contact
            ids = {p.id for p in d.participants}
            return sum(1 for o in ctx.drafts if {p.id for p in o.participants} == ids and FAMILY[o.type] == FAMILY[d.type])

        found = max(pool, key=lambda d: (salience(d), -pool.index(d)))  # ties: the most recent
        ctx.focus = found
        return found

    @staticmethod
    def _location(trig, sent_places: list[PlaceSpan], clause, s0, s1) -> Place | None:
        """The place nearest the trigger, in its clause first (a capital standing for its
        state is the location of a visit only)."""
        if trig.cls == "PhoneCall":
            return None  # a call has two ends, not one place
        if trig.cls != "Visit":
            sent_places = [p for p in sent_places if not p.metonym]
        pool = [p for p in sent_places if clause[0] <= p.start < clause[1]]
        if not pool:
            return None
        own = [p for p in pool if trig.noun and 0 < p.start - trig.index <= 10]
        if own:  # "Berichte über ein Treffen ... in der Mongolei": the noun's own place, not the speaker's
            return min(own, key=lambda p: p.start).place
        return min(pool, key=lambda p: abs(p.start - trig.index)).place
