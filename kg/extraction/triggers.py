"""Finding trigger words: nouns (with compounds), verbs (with separated particles) and their frames.

A mixin of :class:`kg.extraction.extractor.Extractor`: it reads ``self.lx`` (the lexicon),
``self.cues`` (``ontology/cues_de.json``), ``self.finder``, ``self.verbs`` and ``self.nouns``.
"""
from __future__ import annotations


from kg.extraction.common import (
    BOUNDARY, Trigger,
)
from kg.lexicon import fold


class TriggerRules:
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
                if cls and i > s0 and fold(words[i - 1]) == "auf" and lem in self.cues["host_initiative_nouns"]:
                    continue  # "auf Einladung Starmers": who hosts, not an invitation reported
                if not cls and i > s0 and fold(words[i - 1]) == "zu" and fold(w) in self.cues["guest_nouns"]:
                    found.append(Trigger(i, "Visit", True, w))  # "war zu Gast bei Steinmeier"
                    continue
                if cls and self._travel(lem) and (not self._destination(words, i, s1) or self._setting(words, i, s0)):
                    continue  # "die Reise geht weiter", "auf seiner Reise nach Israel sagte er": no visit reported
                if cls:
                    found.append(Trigger(i, cls, True, w, definite=self._definite(words, i, s0)))
                    continue
            if w[:1].islower() or i == s0:
                cls = self.verbs.get(lem) or self.verbs.get(fold(w))
                particle = None
                if not cls and lem in self._separable_bases:
                    particle = self._particle(words, i, s1)
                    if particle is not None:
                        cls = self.verbs.get(fold(words[particle]) + lem)
                    if not cls:
                        particle = None
                if cls and self._travel(lem) and not self._destination(words, i, s1, before=True):
                    continue
                if cls and self._verb_ok(words, lemmas, i, s1, cls, lem):
                    found.append(Trigger(i, cls, False, w, particle=particle))
        return found

    @staticmethod
    def _setting(words, i, s0) -> bool:
        """ "auf seiner Reise", "während ihrer Reise": the trip is the setting of something else."""
        for k in range(i - 1, max(s0, i - 4) - 1, -1):
            if fold(words[k]) in ("auf", "während", "bei", "von"):
                return True
            if words[k][:1].isupper():
                return False
        return False

    @staticmethod
    def _travel(lemma: str) -> bool:
        return lemma.endswith(("reisen", "reise"))

    def _destination(self, words, i, s1, before: bool = False) -> bool:
        """Is a destination named near a travel word ("Reise nach Kiew", "nach Kiew gereist")?"""
        lo = max(0, i - 8) if before else i + 1
        for k in range(lo, min(s1, i + 10)):  # past a genitive owner or a subject: "reiste der Minister X weiter nach Rom"
            if k > i and words[k] in (",", ";", ":"):
                break
            if fold(words[k]) in self.cues["destination_prepositions"] and k + 1 < s1:
                nxt = words[k + 2] if fold(words[k + 1]) in ("die", "den", "das", "der") and k + 2 < s1 else words[k + 1]
                if nxt[:1].isupper():
                    return True
        return False

    def _noun_class(self, word: str, lemma: str) -> str | None:
        """The event class a noun names, by itself or as the head of a compound (cached)."""
        key = (word, lemma)
        if key not in self._noun_cache:
            self._noun_cache[key] = self._noun_class_of(word, lemma)
        return self._noun_cache[key]

    def _noun_class_of(self, word: str, lemma: str) -> str | None:
        found = self._noun_class_of_form(word, lemma)
        if found or lemma != word:
            return found
        for suffix in ("en", "e", "n", "s", "es"):  # plurals the lemmatiser does not know: "Atomgespräche"
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                found = self._noun_class_of_form(word[: -len(suffix)], word[: -len(suffix)])
                if found:
                    return found
        return None

    def _noun_class_of_form(self, word: str, lemma: str) -> str | None:
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
            if low in self.cues["definite_determiners"] or low in self.cues["possessive_determiners"]:
                return True  # "vor seinem Besuch in Peking": the visit already told, if any
            if not (words[j][:1].islower() and low.endswith(("e", "en", "er", "es", "em"))):
                return False  # only adjectives may stand between: "das lange Gespräch"
        return False

    def _particle(self, words, i, s1) -> int | None:
        """Index of a clause-final separable particle belonging to the verb at i (rief … an)."""
        for j in range(i + 1, min(s1, i + 25)):
            w = words[j]
            if w in BOUNDARY or w in {".", "!", "?"}:
                prev = j - 1
                if prev > i and fold(words[prev]) in self.cues["separable_particles"]:
                    return prev
                if w == "," and j + 1 < s1 and words[j + 1][:1].isupper() and words[prev][:1].isupper():
                    continue  # "kamen in London Selenskyj, Macron und Scholz zusammen": a list of names
                return None
            if fold(w) in {"und", "oder", "aber"} and j > i + 1 and fold(words[j - 1]) in self.cues["separable_particles"]:
                return j - 1
        if s1 - 1 > i and fold(words[s1 - 1]) in self.cues["separable_particles"]:
            return s1 - 1
        return None

    def _verb_ok(self, words, lemmas, i, s1, cls, lem) -> bool:
        """Verbs with everyday meanings need their diplomatic frame (within the clause)."""
        lo, hi = i, i + 1
        while lo > 0 and words[lo - 1] not in BOUNDARY and words[lo - 1] not in {".", "!", "?"}:
            lo -= 1
        while hi < s1 and words[hi] not in BOUNDARY:
            hi += 1
        if hi - lo <= 3:  # a verb cut off by an apposition: "mit dem Emir von Katar, Tamim, gesprochen"
            while lo > 0 and words[lo - 1] not in {".", "!", "?"}:
                lo -= 1
        window = [fold(w) for w in words[i + 1 : hi]]
        before = [fold(w) for w in words[lo:i]]
        if lem in self.cues["passive_visit_lemmas"]:  # "X wird am Donnerstag in Berlin erwartet"
            clause_words = set(before) | set(window)
            return bool(clause_words & self.cues["passive_auxiliaries"]) and self._destination(words, i, s1, before=True)
        if lem in ("sprechen", "besprechen", "reden"):
            return "mit" in window or "miteinander" in window + before or "mit" in before or "telefonisch" in window + before \
                or ("und" in before and "über" in window + before)  # "Merz und Macron haben über X gesprochen"
        if lem == "treffen":
            nxt = window[:3]
            if any(w in self.cues["decision_nouns"] for w in nxt):
                return False
            if set(window) & self.cues["reciprocal_sport_words"]:
                return False  # "Die Nationalmannschaften trafen in Lyon aufeinander": a match
        return True
