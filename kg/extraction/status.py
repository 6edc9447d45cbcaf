"""Status and tense from cue words (denied, cancelled, claimed, planned, hypothetical).

A mixin of :class:`kg.extraction.extractor.Extractor`: it reads ``self.lx`` (the lexicon),
``self.cues`` (``ontology/cues_de.json``), ``self.finder``, ``self.verbs`` and ``self.nouns``.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from kg.extraction.common import (
    BOUNDARY, QUOTES,
)
from kg.extraction.nlp import lemma_of
from kg.extraction.tense import tense_of
from kg.lexicon import fold
from kg.model import TimeSpan


class StatusRules:
    def _noun_phrase_start(self, words, i, s0) -> tuple[str, list[str]]:
        """(preposition, words) of the noun phrase ending in the noun at i:
        "beim historischen Gipfeltreffen" -> ("beim", ["historischen"])."""
        preps = self.cues["participant_prepositions"] | self.cues["other_prepositions"] | self.cues["np_prepositions"]
        k, inside = i - 1, []
        while k >= s0:
            low = fold(words[k])
            if low in preps:  # also sentence-initial: "Nach einem Telefonat", "Beim Gipfeltreffen"
                return low, inside
            if not (words[k][:1].islower() or low in self.cues["determiners_and_adjectives"]):
                break
            inside.append(low)
            k -= 1
        return "", inside

    def _status(self, trig, words, s0, s1, clause, clauses, low_words) -> str | None:
        """Status from cue words in the trigger's scope (its clause, plus the main clause
        when it is a dass- or zu-clause), or None for a hypothetical, demanded or refused contact."""
        scope = self._scope(clause, clauses)
        cl = {fold(words[k]) for k in scope}
        sent_text = " " + " ".join(low_words) + " "
        c = self.cues
        if any(p in sent_text for p in c["claimed_phrases"]):
            return "claimed"  # before denials: "weder bestätigen noch dementieren"
        np_prep, np_words = self._noun_phrase_start(words, trig.index, s0) if trig.noun else ("", [])
        if self._background(words, trig, s0, clause, cl, np_prep, np_words):
            return "occurred"
        if cl & c["denied_forms"] or any(self._lemma_in(words, k, c["denied_lemmas"]) for k in scope) or \
                self._particle_verb_in(words, clause[0], clause[1], c["denied_lemmas"]):
            return "denied"
        if trig.noun and self._cancelled_after(words, clause, clauses):
            return "cancelled"  # "Ein Treffen war für Mittwoch geplant, wurde aber kurzfristig abgesagt"
        if cl & c["cancelled_forms"] or any(p in sent_text for p in c["cancelled_phrases"]) or \
                self._particle_verb_in(words, clause[0], clause[1], c["cancelled_particle_verbs"]):
            return "cancelled"
        if cl & c["claimed_forms"] or any(p in sent_text for p in c["claimed_phrases"]):
            return "claimed"
        tail = [fold(words[k]) for k in range(clause[0], clause[1]) if words[k] not in BOUNDARY and words[k] not in {".", "!", "?"}]
        if cl & c["hearsay_modals"] and tail and tail[-1] in ("haben", "sein") and len(tail) >= 2 and tail[-2].startswith(("ge", "telefon")):
            return "claimed"  # "Trump soll mehrfach mit Netanjahu telefoniert haben"
        if cl & c["anniversary_forms"]:
            return None  # "Am Sonntag jährte sich der Besuch des Papstes zum 30. Mal": history
        before = [fold(w) for w in words[max(s0, clause[0], trig.index - 4) : trig.index]]
        if trig.noun and any(w in ("kein", "keine", "keinen", "keinem", "keiner") for w in before):
            # "Es hat kein Telefonat gegeben": denied; "kein Treffen geplant", "kein Mandat für Gespräche": nothing
            return "denied" if cl & c["took_place_forms"] else None
        if fold(words[s0]) in c["conditional_openers"] or fold(words[min(s0 + 1, s1 - 1)]) in c["conditional_openers"] and words[s0] in QUOTES:
            return None  # "Sollte Putin zustimmen, werde er reisen"
        negated = cl & c["negations"] and not any(p in sent_text for p in c["negation_exceptions"])
        if negated:
            return None
        if trig.cls != "Invitation" and (cl & c["refusal_forms"] or
                                         self._particle_verb_in(words, clause[0], clause[1], c["refusal_particle_verbs"])):
            return None  # "Teheran schloss ein Treffen aus", "hat Gespräche abgelehnt"; a refused invitation was made
        if any(p in sent_text for p in c["indefinite_time_phrases"]):
            return None  # "will ihn zu einem späteren Zeitpunkt treffen": no contact in view
        hypothetical = (cl & c["hypothetical_forms"]) or any(p in sent_text for p in c["hypothetical_phrases"])
        if hypothetical and not (cl & c["hypothetical_overridden_by"]):
            return None
        if np_prep in c["occurred_before_noun"] and not set(np_words) & c["planned_adjectives"]:
            return "occurred"  # "Nach einem Telefonat mit ...", "Beim Gipfeltreffen ..."
        if trig.noun and (np_prep in c["planned_before_noun"] or set(np_words) & c["planned_adjectives"]):
            return "planned"  # "vor dem Treffen", "das geplante Telefonat"
        if cl & c["planned_forms"] or any(p in sent_text for p in c["planned_phrases"]):
            return "planned"
        return "occurred"

    def _background(self, words, trig, s0, clause, cl, np_prep, np_words) -> bool:
        """Is the noun trigger the past background of its main clause, so that the clause's
        cue words are about something else? "Nach einem Telefonat mit Sheinbaum setzte Trump
        die Zölle aus", "Bei einem Treffen mit Saar forderte Wadephul mehr Hilfe",
        "vereinbarten bei ihrem Treffen am Donnerstag, sich erneut zu treffen"."""
        c = self.cues
        if not trig.noun or clause[2] != "main" or not (np_prep in c["occurred_before_noun"] or np_prep in c["background_prepositions"]):
            return False
        if set(np_words) & (c["planned_adjectives"] | c["hypothetical_forms"]) or \
                self._noun_complement(words, trig.index - len(np_words) - 1, s0) and \
                fold(words[trig.index - len(np_words) - 2]) not in c["temporal_nouns"]:  # "am Dienstag bei einem Treffen"
            return False  # "nach einem möglichen Treffen", "Forderung nach Gesprächen"
        # "vereinbarten bei einem Treffen am Dienstag eine Politik": a plan made at a past meeting
        return not cl & c["planned_forms"] or bool(cl & c["past_planned_forms"]) or \
            tense_of([words[k] for k in range(clause[0], clause[1])], c) == "past"

    def _cancelled_after(self, words, clause, clauses) -> bool:
        """Does a clause without a subject of its own follow and cancel ("..., wurde aber abgesagt")?"""
        k = clauses.index(clause) + 1 if clause in clauses else len(clauses)
        if k >= len(clauses):
            return False
        nxt = clauses[k]
        first = nxt[0] + (fold(words[nxt[0]]) in ("und", "aber", "doch"))
        if first >= nxt[1] or not self._verb_like(words[first]):
            return False
        return bool({fold(w) for w in words[nxt[0] : nxt[1]]} & self.cues["cancelled_forms"])

    @staticmethod
    def _noun_complement(words, k, s0) -> bool:
        """Is the preposition at k the complement of a noun ("Forderung nach Gesprächen")?"""
        return s0 < k and words[k - 1][:1].isupper() and words[k - 1].isalpha()

    def _lemma_in(self, words, k, lemmas) -> bool:
        from kg.extraction.nlp import lemma_of

        return fold(lemma_of(words[k])) in lemmas

    def _particle_verb_in(self, words, s0, s1, verbs) -> bool:
        """Is one of ``verbs`` (absagen, zurückweisen) here with its particle split off ("sagte … ab")?"""
        bases = {v[len(p):] for v in verbs for p in self.cues["separable_particles"] if v.startswith(p)}
        for k in range(s0, s1):
            if not words[k][:1].islower() or fold(lemma_of(words[k])) not in bases:
                continue
            p = self._particle(words, k, s1)
            if p is not None and fold(words[p]) + fold(lemma_of(words[k])) in verbs:
                return True
        return False

    def _tense(self, words) -> str:
        """past, present or future, from the words (verbs) of a trigger's scope."""
        return tense_of(words, self.cues)

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
