"""The spaCy pipeline: ``spacy.blank("de")`` with sentence rules and a lemmatiser.

No statistical model is needed. When a trained German pipeline (``de_core_news_sm``
or another) is installed and ``KG_SPACY_MODEL`` names it (or ``use_model`` is given),
its tokenizer, parser and entities are used instead; the extractor treats them as extra
evidence, and everything works without them.
"""
from __future__ import annotations

import os
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
_OPEN_QUOTES = {"„", "«", "»", "\"", "‚", "(", "["}
_SENT_END = {".", "!", "?", "…"}


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """simplemma's German lemma, cached (it is called for every token)."""
    if not word or not word[0].isalpha():
        return word
    return simplemma.lemmatize(word, lang="de")


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    """Sentence starts: after . ! ? (not after abbreviations or ordinals), at line breaks.

    Written for news German: an opening quote after a full stop belongs to the next
    sentence, ``17.`` in ``am 17. Mai`` ends nothing, and a line break always ends one
    (headlines and datelines carry no full stop).
    """
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
            continue
        prev = doc[i - 1]
        start = False
        if "\n" in prev.text or (prev.whitespace_ == "" and prev.text.endswith("\n")):
            start = True
        elif prev.is_space and "\n" in prev.text:
            start = True
        elif prev.text in _SENT_END or prev.text.endswith(("?", "!")):
            start = _starts_sentence(token, doc, i)
        elif prev.text in {"“", "\"", "»", "«", "'"} and i >= 2 and doc[i - 2].text in _SENT_END:
            start = _starts_sentence(token, doc, i)
        token.is_sent_start = start
    return doc


def _starts_sentence(token, doc: Doc, i: int) -> bool:
    if token.is_space:
        return False
    if token.text in {"“", "\"", "»", "«", ")", ",", ";", ":"} and token.text not in _OPEN_QUOTES:
        return False  # closing quote after the full stop belongs to the sentence
    if token.text[:1].islower() and token.text not in _OPEN_QUOTES:
        return False
    if i >= 2 and doc[i - 2].like_num and token.text[:1].isupper():
        # "am 17. Mai": an ordinal, unless a month name does not follow
        return not _MONTH.match(token.text)
    return True


_MONTH = re.compile(r"(Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)", re.I)


@Language.component("kg_lemmas")
def kg_lemmas(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = lemma_of(token.text)
    return doc


def build_nlp(use_model: str | None = None) -> Language:
    """The pipeline; ``use_model`` (or ``KG_SPACY_MODEL``) loads a trained pipeline instead."""
    model = use_model
    if model:
        try:
            nlp = spacy.load(model)
        except OSError as err:
            from kg.errors import KgError

            raise KgError(
                f"spaCy model {model!r} is not installed ({err}); unset KG_SPACY_MODEL to use the rule pipeline"
            ) from None
        if "kg_lemmas" not in nlp.pipe_names:
            nlp.add_pipe("kg_lemmas", last=True)
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
            nlp.add_pipe("kg_sentences", first=True)
        return nlp
    nlp = spacy.blank("de")
    for abbr in _ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_lemmas")
    return nlp
