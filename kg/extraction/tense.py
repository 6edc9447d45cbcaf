"""The tense of German words or sentences: past, present or future.

Read from auxiliaries and modal verbs (``hat``, ``wird``, ``soll``), known strong
preterites (``traf``, ``lud``) and verb shapes (``telefonierte`` is a weak preterite of
``telefonieren``); the word lists are in ``ontology/cues_de.json``. Used by the extractor
for each trigger's clause and by ``kg timex`` for whole sentences.
"""
from __future__ import annotations

import json
import re
from functools import cache

from kg.extraction.nlp import lemma_of
from kg.lexicon import fold

#: a sentence may end at . ! ? before a capital letter
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[„\"«A-ZÄÖÜ])")
_ABBREVIATION = re.compile(r"(?:\b\d+|\b[A-ZÄÖÜa-zäöü]|\b[A-ZÄÖÜ][a-zäöü]{1,3})$")
_WORD = re.compile(r"[^\W\d_]+")
_PLUPERFECT = frozenset({"hatte", "hatten"})
_FINITE_FUTURE = frozenset({"wird", "werden", "werde", "soll", "solle", "will", "wolle", "plant", "plane"})


@cache
def _cues() -> dict[str, frozenset[str]]:
    from kg.resources import ontology_dir

    data = json.loads((ontology_dir() / "cues_de.json").read_text(encoding="utf-8"))
    keys = ("future_auxiliaries", "past_auxiliaries", "strong_past_forms")
    return {k: frozenset(data.get(k, ())) for k in keys}


def tense_of(words: list[str], cues: dict | None = None) -> str:
    """past, present or future, from the lowercase words (the verbs) among ``words``."""
    cues = cues or _cues()
    low_words = [fold(w) for w in words if w[:1].islower()]
    found = set(low_words)
    if found & cues["future_auxiliaries"]:
        if found & _PLUPERFECT and not found & _FINITE_FUTURE:
            return "past"  # "hatte im März reisen wollen": a plan of the past
        return "future"
    if found & (cues["past_auxiliaries"] | cues["strong_past_forms"]):
        return "past"
    for w in low_words:
        lemma = fold(lemma_of(w))
        if lemma == w or not lemma.endswith("n"):
            continue
        if w.endswith(("te", "ten", "test")) and len(w) > 4:
            return "past"  # weak preterite: telefonierte, besuchten
        if not w.endswith(("t", "e", "en", "st", "n", "end")) and len(w) >= 3:
            return "past"  # strong preterite: traf, warb, lud, rief
    return "present"


def sentences_with_tense(text: str) -> list[tuple[int, str, str]]:
    """(offset, sentence, tense) for each sentence of text."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _ABBREVIATION.search(text[start : match.start()]):
            continue  # "am 17. Mai", "3. Nov. 2024", "Dr. Müller": no sentence end
        out.append((start, text[start : match.start() + 1]))
        start = match.end()
    out.append((start, text[start:]))
    return [(offset, s, tense_of(_WORD.findall(s))) for offset, s in out if s.strip()]
