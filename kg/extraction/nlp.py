"""The spaCy pipeline: ``spacy.blank("de")`` with sentence rules and a lemmatiser.

No statistical model is needed. When a trained German pipeline (``de_core_news_sm``
or another) is installed and ``KG_SPACY_MODEL`` names it (or ``use_model`` is given),
its tokenizer, parser and entities are used instead; the extractor treats them as extra
evidence, and everything works without them.
"""
from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc

_ABBREVIATIONS = (
    "Febr. Jan. Feb. Mär. Apr. Jun. Jul. Aug. Sep. Sept. Okt. Nov. Dez. Nr. Dr. Prof. St. "
    "bzw. ca. vgl. etc. usw. z.B. u.a. d.h. sog. inkl. evtl. ggf. Mio. Mrd. Abs. Art. Hr. Fr. Min. Std."
).split()
_CLOSING_QUOTES = {"“", "\"", "»", "«", "'"}
_SENT_END = {".", "!", "?", "…"}


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """simplemma's German lemma, cached (it is called for every token)."""
    if not word or not word[0].isalpha():
        return word
    return simplemma.lemmatize(word, lang="de")


def sentence_starts(words: list[str]) -> list[int]:
    """Token indexes where sentences start: after . ! ? (not after an ordinal such as
    ``17.`` in ``am 17. Mai``), after a closing quote that follows one, and at line breaks
    (headlines and datelines carry no full stop). Plain Python over token texts: fast."""
    starts = [0] if words else []
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if "\n" in prev:
            if not word.isspace():
                starts.append(i)
            continue
        if prev in _SENT_END or prev.endswith(("?", "!")) or _YEAR_END.match(prev) or (
                prev in _CLOSING_QUOTES and i >= 2 and words[i - 2] in _SENT_END):
            if _starts_sentence(words, i):
                starts.append(i)
    return starts


def _starts_sentence(words: list[str], i: int) -> bool:
    word = words[i]
    if word.isspace() or word in _CLOSING_QUOTES or word in {")", ",", ";", ":"}:
        return False  # a closing quote after the full stop belongs to the sentence
    if word[:1].islower():
        return False
    if i >= 2 and words[i - 2][:1].isdigit() and word[:1].isupper():
        return not _MONTH.match(word)  # "am 17. Mai": an ordinal
    return True


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Marks sentence starts found by :func:`sentence_starts`."""
    starts = set(sentence_starts([t.text for t in doc]))
    for i, token in enumerate(doc):
        token.is_sent_start = i in starts
    return doc


_YEAR_END = re.compile(r"^(1[89]|20)\d\d\.$")  # "den Haushalt 2026." ends a sentence
_MONTH = re.compile(r"(Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)", re.I)


@Language.component("kg_lemmas")
def kg_lemmas(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = lemma_of(token.text)
    return doc


def build_nlp(use_model: str | None = None) -> Language:
    """The pipeline: ``spacy.blank("de")`` with news abbreviations, or the trained pipeline
    ``use_model`` names. Sentences and lemmas are added by the extractor from token texts
    (``sentence_starts``, ``lemma_of``), which is several times faster than setting them on
    every token; the ``kg_sentences`` and ``kg_lemmas`` components do the same for users
    who want them on a ``Doc``."""
    model = use_model
    if model:
        try:
            nlp = spacy.load(model)
        except OSError as err:
            from kg.errors import KgError

            raise KgError(
                f"spaCy model {model!r} is not installed ({err}); unset KG_SPACY_MODEL to use the rule pipeline"
            ) from None
        return nlp
    nlp = spacy.blank("de")
    for abbr in _ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    return nlp
