"""Cleaning article text: normalise it and cut off portal material after the article.

News pages often carry teasers of unrelated stories, comment counters and navigation
after the article body. Those lines have a recognisable shape (``[6 Kommentare]``,
``vor 22 Stunden``, a teaser cut off with ``[…] (00)``); the article ends where a run
of them begins.
"""
from __future__ import annotations

import re
import unicodedata

_JUNK_LINE = re.compile(
    r"""^\s*(?:
        \[\d+\s+Kommentare?\]                              # comment counter
      | vor\s+\d+\s+(?:Sekunden?|Minuten?|Stunden?|Tagen?) # teaser age
      | (?:Gestern|Heute)\s+um\s+\d{1,2}:\d{2}
      | .*\[…\]\s*\(\d+\)                                  # teaser cut off, comment count
      | Suchbegriff
      | (?:Mehr\s+zum\s+Thema|Lesen\s+Sie\s+auch|Auch\s+interessant|Weitere\s+Artikel|Das\s+könnte\s+Sie\s+auch\s+interessieren)\b.*
      | Besuchen\s+Sie\s+uns\s+auf\b.*
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)

#: control, format and private-use characters, but tab and newline
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ue000-\uf8ff]")

#: how many junk lines within this many following lines mark the start of the portal tail
_TAIL_RUN, _TAIL_WINDOW = 2, 8


def normalise(text: str) -> str:
    """NFC, no BOM, Unix newlines, no control characters but tab and newline."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text)


def article_end(text: str) -> int:
    """Offset where the article body ends (``len(text)`` when no portal tail is found)."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    junk = [bool(_JUNK_LINE.match(line)) for line in lines]
    for i, is_junk in enumerate(junk):
        if not is_junk:
            continue
        window = junk[i : i + _TAIL_WINDOW]
        if sum(window) >= _TAIL_RUN or i >= len(lines) - 2:
            return offsets[i]
    return len(text)


def clean(text: str) -> str:
    """The article body: normalised, portal tail removed, trailing blanks stripped."""
    text = normalise(text)
    return text[: article_end(text)].rstrip()
