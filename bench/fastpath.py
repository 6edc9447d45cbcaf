"""The recommended extraction speed-ups, applied at run time for measurement only.

kg/extraction/ belongs to other engineers; this module shows what three small changes
there would buy without editing it (``bench_ingest.py --fastpath`` measures them and
checks the events stay byte-identical):

1. ``Extractor._sentence`` and ``_mention`` slice ``doc.text``, which spaCy rebuilds from
   every token on each access: quadratic in the article's length. Fix: take
   ``text = doc.text`` once in ``Extractor.extract`` (or use ``article.text``) and slice that.
2. ``kg.lexicon.fold`` (NFKD normalisation per character) runs ~9,000 times per article on
   a few hundred distinct words. Fix: ``@functools.lru_cache(maxsize=1 << 20)`` on ``fold``.
3. ``TopicTagger.tag`` runs one regex per topic whose alternation lists every keyword;
   Python's ``re`` tries each alternative at each position. Fix: build each topic's
   alternation as a trie (``trie_pattern`` below), which matches the same strings.
"""
from __future__ import annotations

import functools
import re


def trie_pattern(words: list[str]) -> str:
    """One regex for a set of literal strings, factored as a trie (a space matches ``\\s+``)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if list(node) == [""]:
            return ""
        alternatives = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alternatives.append(piece + emit(node[ch]))
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


class _CachedTextDoc:
    """A spaCy Doc whose ``.text`` is computed once (everything else is the Doc's own)."""

    __slots__ = ("_doc", "text")

    def __init__(self, doc):
        self._doc = doc
        self.text = doc.text

    def __getitem__(self, key):
        return self._doc[key]

    def __iter__(self):
        return iter(self._doc)

    def __len__(self):
        return len(self._doc)

    def __getattr__(self, name):
        return getattr(self._doc, name)


def apply() -> None:
    """Patch the three hot spots in this process (idempotent)."""
    import kg.extraction.actors as actors
    import kg.extraction.extractor as extractor
    import kg.extraction.topics as topics
    import kg.lexicon as lexicon

    if getattr(lexicon, "_fastpath", False):
        return
    lexicon._fastpath = True
    fold = functools.lru_cache(maxsize=1 << 20)(lexicon.fold)
    for module in (lexicon, actors, extractor):
        if hasattr(module, "fold"):
            module.fold = fold

    def tagger_init(self, table):
        self._patterns = []
        for topic, keywords in sorted(table.items()):
            bounded = [k.strip().lower() for k in keywords if k.strip() and not k.strip().startswith("~")]
            inner = [k.strip().lower()[1:] for k in keywords if k.strip().startswith("~")]
            parts = []
            if bounded:
                parts.append(r"(?<![^\W\d_])" + trie_pattern(bounded))
            if inner:
                parts.append(trie_pattern(inner))
            if parts:
                self._patterns.append((topic, re.compile("|".join(parts))))

    topics.TopicTagger.__init__ = tagger_init

    original_init = extractor.Extractor.__init__

    def extractor_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        nlp = self.nlp

        class Pipeline:
            def __call__(self, text):
                return _CachedTextDoc(nlp(text))

            def __getattr__(self, name):
                return getattr(nlp, name)

        self.nlp = Pipeline()

    extractor.Extractor.__init__ = extractor_init
