"""The time of an event: the expression that governs its trigger, anchors to other events, lists of dates.

A mixin of :class:`kg.extraction.extractor.Extractor`: it reads ``self.lx`` (the lexicon),
``self.cues`` (``ontology/cues_de.json``), ``self.finder``, ``self.verbs`` and ``self.nouns``.
"""
from __future__ import annotations

import re

from dataclasses import replace
from datetime import timedelta

from kg.extraction.actors import actor_ref
from kg.extraction.common import (
    BOUNDARY, Draft,
)
from kg.extraction.timex import find_timexes
from kg.lexicon import fold
from kg.model import FAMILY, OPEN_SPAN, TimeSpan


def _attribute_year(span: TimeSpan, text: str) -> bool:
    """A bare year naming a thing, not a time: "den Haushalt 2026", "der Wahlkampf 2024"."""
    if not span.text.isdigit():
        return False
    before = text[: span.start].rstrip().rsplit(" ", 1)[-1]
    return before[:1].isupper()


class TimeRules:
    def _noun_family(self, word: str) -> str | None:
        cls = self._noun_class(word, word)
        return FAMILY[cls] if cls else None

    @staticmethod
    def _past_plan(low: set[str]) -> bool:
        """A pluperfect with a modal infinitive and no finite future ("hatte reisen wollen")."""
        return bool(low & {"hatte", "hatten"} and low & {"wollen", "sollen"} and
                    not low & {"wird", "werden", "werde", "soll", "solle", "will", "wolle"})

    def _time(self, trig, doc, words, s0, s1, clause, scope_tokens, status, tense, article, ctx, sentence_text, first,
              triggers=()):
        ref = article.published
        direction = "future" if status in ("planned", "cancelled") else ("past" if status != "occurred" or tense == "past" else tense)
        if status in ("planned", "cancelled") and self._past_plan({fold(words[k]) for k in scope_tokens}):
            direction = "past"  # "hatte Ende März reisen wollen": a plan for a time gone by
        spans = _alternatives_joined(find_timexes(sentence_text, ref, direction), sentence_text)
        if spans:
            trig_char = self._idx[trig.index] - first
            chars = {self._idx[k] - first for k in range(clause[0], clause[1])}
            spans = [s for s in spans if not _attribute_year(s, sentence_text)
                     and not (status in ("denied", "claimed") and self._report_date(s, sentence_text, trig))
                     and not (trig.cls == "Invitation" and self._word_before(sentence_text, s) == "für")
                     and not (trig.noun and s.start > trig_char and s.text.lower().startswith("seit"))]
            inside = [s for s in spans if any(s.start <= c < s.end for c in chars)]
            where = fold(words[clause[0]]) == "wo"  # "wird am Donnerstag in Berlin erwartet, wo sie X treffen soll"
            if not inside and (status not in ("planned", "cancelled") or where):
                # the clause that governs it: "erklärte am Donnerstag, dass er ... telefoniert habe"
                scope = {self._idx[k] - first for k in scope_tokens}
                inside = [s for s in spans if any(s.start <= c < s.end for c in scope)]
            others = [self._idx[t.index] - first for t in triggers if t is not trig and not self._purpose_noun(t, words, clause)]
            pool = [s for s in inside if not others or abs(s.start - trig_char) <= min(abs(s.start - o) for o in others)
                    or (trig.noun and s.start > trig_char and not any(trig_char < o < s.start for o in others))
                    or (where and not any(s.start <= c < s.end for c in chars))]
            # the noun's own phrase: "In einem Telefongespräch mit Merkel am Dienstag sprach sich Obama ..."
            if not pool and spans and spans[0].start <= 4 and status not in ("planned", "cancelled"):
                pool = [spans[0]]  # "Am 24. Februar 2022, dem Tag des Einmarschs, telefonierte Scholz ..."
            if pool:
                best = min(pool, key=lambda s: abs(s.start - trig_char))
                best = self._quoted_day(best, spans, sentence_text, ref)
                if best.earliest or best.latest:
                    return best, True
        anchored = self._anchor(sentence_text, trig, ctx, ref)
        if anchored is not None:
            return anchored, True
        low = {fold(w) for w in words[s0 : min(s1, s0 + 3)]}
        if status == "occurred" and ctx.focus is not None and low & self.cues["before_connectives"]:
            bound = ctx.focus.time.earliest or ctx.focus.time.latest  # "Zuvor hatte er mit X telefoniert"
            return (TimeSpan(None, bound, "open", "zuvor"), True) if bound else (OPEN_SPAN, False)
        if status == "occurred" and ctx.lead is not None and low & self.cues["connectives"]:
            return ctx.lead.time, True
        return OPEN_SPAN, False

    def _purpose_noun(self, t, words, clause) -> bool:
        """ "wird kommende Woche zu Gesprächen in Paris erwartet": a noun after zu names what
        the clause's verb event is for, not another event competing for its date."""
        if not t.noun or not clause[0] <= t.index < clause[1]:
            return False
        if self._noun_phrase_start(words, t.index, clause[0])[0] in self.cues["setting_np_prepositions"]:
            return True  # "wollen sich beim Nato-Gipfel Ende Juni treffen": the summit is the setting
        for k in range(t.index - 1, max(clause[0], t.index - 4) - 1, -1):
            low = fold(words[k])
            if low in self.cues["invitation_object_openers"]:
                return True
            if low not in self.cues["determiners_and_adjectives"] and not words[k][:1].islower():
                return False
        return False

    def _duration(self, span: TimeSpan, trig, words, s0, clause=None) -> TimeSpan:
        """ "zu einem zweitägigen Besuch am Mittwoch eingetroffen": the days the event lasts
        (for a verb, "reiste am Montag zu einem dreitägigen Besuch", anywhere in its clause)."""
        if not span.is_day or span.earliest is None:
            return span
        near = words[clause[0] : clause[1]] if clause is not None and not trig.noun else words[max(s0, trig.index - 3) : trig.index]
        for w in near:
            low = fold(w)
            for number, word in enumerate(self.lx.cues["duration_numbers"], start=2):  # the ordered list, not the set
                if low.startswith(word + "tägig"):
                    return replace(span, latest=span.earliest + timedelta(days=number - 1), granularity="days")
        return span

    def _quoted_day(self, best: TimeSpan, spans, text: str, ref) -> TimeSpan:
        """ "„Ich hatte heute ein Gespräch mit Putin“, schrieb Trump am Mittwoch": heute is the
        day of the quoted words, not of the report."""
        words = {"heute": 0, "gestern": -1, "vorgestern": -2}
        inside = text[: best.start].count("„") > text[: best.start].count("“")
        if ref is None or not inside or best.text.lower() not in words or best.earliest is None:
            return best
        said = [s for s in spans if s is not best and s.is_day and text[: s.start].count("„") == text[: s.start].count("“")
                and {fold(w) for w in text[: s.start].split()[-3:]} & self.cues["report_date_verbs"]]  # "schrieb Trump am Mittwoch"
        if not said:
            return best
        day = said[0].earliest + timedelta(days=words[best.text.lower()])
        return replace(best, earliest=day, latest=day)

    @staticmethod
    def _word_before(text: str, span: TimeSpan) -> str:
        """The word before a span ("für" in "für Anfang Dezember eingeladen": the visit's date)."""
        return fold(text[: span.start].rstrip().rsplit(" ", 1)[-1].strip("„“\","))

    def _report_date(self, span: TimeSpan, text: str, trig) -> bool:
        """Is the expression the day of a denial or claim, not of the event ("dementierte am
        Montag, dass ...", "behauptete am Freitag, er habe ...")? ``span.start`` indexes
        ``text``; the word before it is the reporting verb. (An undisputed report, "erklärte
        am Donnerstag, dass er … telefoniert habe", keeps its day: the event is that recent.)"""
        before = text[: span.start].rstrip().rsplit(" ", 1)[-1].strip("„“\",")
        return fold(before) in self.cues["report_date_verbs"] and fold(before) != fold(trig.text)

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
        before = re.search(r"\bvor (?:dem|der|den) ([a-zäöüß-]+)", low)
        if before and ctx.drafts:  # "in den Wochen vor dem Treffen in Istanbul": before that event
            family = self._noun_family(before.group(1))
            earlier = [d for d in reversed(ctx.drafts) if family and FAMILY[d.type] == family and d.time.earliest]
            if earlier:
                return TimeSpan(None, earlier[0].time.earliest, "open", before.group(0))
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

    def _listed_dates(self, draft: Draft, trig, doc, words, s1, sentence_text, first, article) -> list[Draft]:
        """ "zwei Mal telefoniert: Mitte Februar und zuletzt Mitte März" is two events."""
        colon = next((k for k in range(trig.index + 1, s1) if words[k] == ":"), None)
        if colon is None or any(w in BOUNDARY - {":"} for w in words[trig.index + 1 : colon]):
            return [draft]
        offset = self._idx[colon] - first
        direction = "future" if draft.status in ("planned", "cancelled") else "past"
        listed = [s for s in find_timexes(sentence_text[offset:], article.published, direction) if s.earliest or s.latest]
        if len(listed) < 2:
            return [draft]
        return [replace(draft, time=self._bound(replace(s, start=s.start + offset, end=s.end + offset),
                                                draft.status, article.published), topics=set(draft.topics))
                for s in listed]


def _alternatives_joined(spans: list[TimeSpan], text: str) -> list[TimeSpan]:
    """ "für Mai oder Juni", "am Montag oder Dienstag": one span from the first to the last."""
    out: list[TimeSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.earliest and prev.latest and span.earliest and span.latest and \
                span.start >= 0 and prev.end >= 0 and text[prev.end : span.start].strip() == "oder" and span.earliest > prev.latest:
            out[-1] = TimeSpan(prev.earliest, span.latest, prev.granularity, text[prev.start : span.end], prev.start, span.end)
            continue
        out.append(span)
    return out
