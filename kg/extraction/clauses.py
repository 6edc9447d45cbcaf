"""Clauses of a sentence and the scope of cue words.

A mixin of :class:`kg.extraction.extractor.Extractor`: it reads ``self.lx`` (the lexicon),
``self.cues`` (``ontology/cues_de.json``), ``self.finder``, ``self.verbs`` and ``self.nouns``.
"""
from __future__ import annotations


from kg.extraction.common import (
    BOUNDARY, RELATIVE,
)
from kg.extraction.arguments import _adjective
from kg.extraction.nlp import lemma_of
from kg.lexicon import fold


class ClauseRules:
    def _clauses(self, words, s0, s1, sent_actors) -> list[tuple[int, int, str]]:
        """(start, end, kind) clause spans; kind is main, dass (complement: dass/ob), zu
        (zu-infinitive), rel (relative) or adv (weil, nachdem, während, wenn, ...).
        A comma inside an enumeration of actors is no boundary."""
        actor_starts = {a.start for a in sent_actors}
        actor_ends = {a.end for a in sent_actors}
        inside_actors = {k for a in sent_actors for k in range(a.start + 1, a.end)}
        apposition_ends = {a.end for a in sent_actors if "," in words[a.start : a.end]}
        apposition_ends |= self._apposition_commas(words, s0, s1, sent_actors)
        cuts = [s0]
        for i in range(s0, s1):
            w = words[i]
            if w in BOUNDARY:
                if w == "," and (i in inside_actors or i in apposition_ends):
                    continue  # "mit dem Emir von Katar, Tamim bin Hamad Al Thani, gesprochen"
                if w == "," and i in actor_ends and (i + 1 in actor_starts or (i + 2 in actor_starts and fold(words[i + 1]) in ("der", "die", "dem", "den"))):
                    continue
                if w == "," and i in actor_ends and self._closes_apposition(words, cuts[-1], i, actor_ends, inside_actors | actor_starts):
                    continue  # "Die Außenminister Russlands und der Ukraine, Lawrow und Kuleba, trafen sich"
                cuts.append(i + 1)
            elif fold(w) in self.cues["subordinators"] and i > s0 and fold(words[i - 1]) in ("und", "oder", "sowie"):
                cuts.append(i)  # "..., dass A war und dass B könnte": two clauses
            elif fold(w) == "und" and i > s0 and i + 1 < s1 and self._verb_like(words[i + 1]):
                cuts.append(i)  # "telefonierte mit X und forderte Peking auf": two main clauses
        cuts.append(s1)  # German puts a comma before every subordinate clause: "als" alone compares
        clauses = []
        for a, b in zip(cuts, cuts[1:]):
            if b <= a:
                continue
            head = fold(words[a])
            tail = [fold(w) for w in words[max(a, b - 3) : b] if w not in BOUNDARY and w not in {".", "!", "?"}]
            nxt = fold(words[a + 1]) if a + 1 < b else ""
            relative = a > s0 and words[a - 1] == "," and (
                head in RELATIVE or (head in self.cues["participant_prepositions"] | self.cues["other_prepositions"] and nxt in RELATIVE))
            if head in ("dass", "ob", "wonach", "wo"):
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

    def _verb_like(self, word: str) -> bool:
        """A lowercase word that may be a finite verb: no article, pronoun, preposition,
        adverb of the cue lists, number or inflected adjective ("und ukrainischen")."""
        low = fold(word)
        if not word[:1].islower() or not word.isalpha() or low in self.cues["determiners_and_adjectives"] \
                or low in self.cues["participant_prepositions"] | self.cues["other_prepositions"] | self.cues["non_verbs"]:
            return False
        if low in self.cues["strong_past_forms"] | self.cues["past_auxiliaries"] | self.cues["future_auxiliaries"] \
                | self.cues["planned_forms"] | self.cues["konjunktiv_forms"]:
            return True
        lemma = fold(lemma_of(word))  # a weak or strong verb form: "forderte", "kritisierte", "sprach"
        return not _adjective(word) and lemma != low and lemma.endswith("n") and low.endswith(("te", "ten", "t", "en"))

    def _apposition_commas(self, words, s0, s1, sent_actors) -> set[int]:
        """Commas around names set off after a noun: "den Sekretär des Sicherheitsrats, Sergei
        Schoigu, empfangen" (the names between them are no clause)."""
        tokens = {k for a in sent_actors for k in range(a.start, a.end)}
        commas = [k for k in range(s0, s1) if words[k] == ","]
        out = set()
        for k, m in zip(commas, commas[1:]):
            inner = range(k + 1 + (fold(words[k + 1]) in self.cues["apposition_openers"]), m)  # ", darunter X und Y,"
            if m > k + 1 and k > s0 and words[k - 1][:1].isupper() and any(t in tokens for t in inner) and \
                    all(t in tokens or fold(words[t]) in ("und", "sowie", "der", "die", "dem", "den", "des") for t in inner):
                out |= {k, m}
        return out

    @staticmethod
    def _closes_apposition(words, cut: int, i: int, actor_ends, actor_tokens) -> bool:
        """Does the comma at i close a list of names set off by a comma after (or inside)
        another actor phrase ("Die Außenminister X und Y, Lawrow und Kuleba, trafen sich")?"""
        k = i - 1
        while k >= cut and (k in actor_tokens or fold(words[k]) in ("und", "sowie", ",")):
            if words[k] == "," and (k in actor_ends or k in actor_tokens) and k < i - 1:
                return True
            k -= 1
        return False

    @staticmethod
    def _clause_of(clauses, i):
        for c in clauses:
            if c[0] <= i < c[1]:
                return c
        return clauses[-1]

    @staticmethod
    def _scope(clause, clauses) -> list[int]:
        """Token indexes whose cue words govern a trigger: its clause and, for a dass-, zu- or
        relative clause, the clauses before it back to the nearest main clause."""
        scope = list(range(clause[0], clause[1]))
        if clause[2] not in ("dass", "zu"):
            return scope
        at = clauses.index(clause)
        k = at - 1
        while k >= 0:
            c = clauses[k]
            scope.extend(range(c[0], c[1]))
            if c[2] == "main":
                if c[1] - c[0] <= 3 and at + 1 < len(clauses) and clauses[at + 1][2] == "main":
                    # "Berichte, wonach ..., wies der Sprecher zurück": the main clause goes on after it
                    scope.extend(range(clauses[at + 1][0], clauses[at + 1][1]))
                break
            k -= 1
        return scope
