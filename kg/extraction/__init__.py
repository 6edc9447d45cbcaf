"""German event extraction on ``spacy.blank("de")`` with the lexicons in ``ontology/``.

    >>> from kg.lexicon import load_lexicon
    >>> extractor = Extractor(load_lexicon())            # doctest: +SKIP
    >>> extractor.extract(article)                       # doctest: +SKIP
"""
from kg.extraction.extractor import Extractor

__all__ = ["Extractor"]
