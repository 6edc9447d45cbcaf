"""Topic tagging with the SKOS scheme's German keywords (``ontology/topics.ttl``).

A keyword matches where it starts at a word boundary and may run on into a longer
word (``waffenruhe`` matches ``Waffenruhen``); a keyword written ``~stem`` may also
match inside a compound (``~infrastruktur`` in ``Energieinfrastruktur``).
"""
from __future__ import annotations

import re


class TopicTagger:
    def __init__(self, topics: dict[str, list[str]]):
        self._patterns: list[tuple[str, re.Pattern]] = []
        for topic, keywords in sorted(topics.items()):
            alternatives = []
            for kw in keywords:
                kw = kw.strip().lower()
                if not kw:
                    continue
                if kw.startswith("~"):
                    alternatives.append(re.escape(kw[1:]).replace(r"\ ", r"\s+"))
                else:
                    alternatives.append(r"(?<![^\W\d_])" + re.escape(kw).replace(r"\ ", r"\s+"))
            if alternatives:
                self._patterns.append((topic, re.compile("|".join(alternatives))))

    def tag(self, text: str) -> set[str]:
        """Topic ids whose keywords occur in text."""
        low = text.lower()
        return {topic for topic, pattern in self._patterns if pattern.search(low)}
