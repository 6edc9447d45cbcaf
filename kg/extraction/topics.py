"""Topic tagging with the SKOS scheme's German keywords (``ontology/topics.ttl``).

A keyword matches where it starts at a word boundary and may run on into a longer
word (``waffenruhe`` matches ``Waffenruhen``); a keyword written ``~stem`` may also
match inside a compound (``~infrastruktur`` in ``Energieinfrastruktur``). Matching is
plain substring search with a boundary check, which is fast for a few hundred keywords.
"""
from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


class TopicTagger:
    def __init__(self, topics: dict[str, list[str]]):
        #: (keyword, topic, may start inside a word)
        self._keywords: list[tuple[str, str, bool]] = []
        for topic, keywords in sorted(topics.items()):
            for kw in keywords:
                kw = _SPACES.sub(" ", kw.strip().lower())
                if kw.startswith("~") and len(kw) > 1:
                    self._keywords.append((kw[1:], topic, True))
                elif kw:
                    self._keywords.append((kw, topic, False))

    def tag(self, text: str) -> set[str]:
        """Topic ids whose keywords occur in text."""
        low = _SPACES.sub(" ", text.lower())
        found: set[str] = set()
        for kw, topic, inside in self._keywords:
            if topic in found:
                continue
            start = low.find(kw)
            while start != -1:
                if inside or start == 0 or not low[start - 1].isalpha():
                    found.add(topic)
                    break
                start = low.find(kw, start + 1)
        return found
