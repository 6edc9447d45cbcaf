"""Find an article's publication date in its own text (a dateline), standard library only.

Only the head (first ``HEAD`` characters) and the tail (last ``TAIL`` characters) are
searched, the head first. A date counts only with a dateline cue around it:

* a label before it: ``Stand:``, ``Veröffentlicht am``, ``Aktualisiert:``, ``Erstellt``, ``Datum`` ...
* an agency in parentheses: ``(APA, 18.7.2015)``, ``Berlin, 05.06.2023 (dpa)``
* a clock time after it: ``17. Mai 2025, 21:11 Uhr``, ``17.05.2025 · 21:11 Uhr``
* a line of its own, optionally after a place or a weekday: ``Berlin, 05.06.2023``
* a separator of page furniture: ``Von Anna Muster | 17.05.2025``

A date in running text (``Am 3. März 2024 trafen sich ...``) is no dateline.
"""
from __future__ import annotations

import re
from datetime import date

HEAD = 600
TAIL = 1500

_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "febr": 2, "märz": 3,
    "maerz": 3, "mär": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\.?"

#: The date itself: numeric, with a month name, or ISO.
_DATE = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\.\s*(?P<mon>" + _MONTH_ALT + r")\.?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r")(?!\d)",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(
    r"(?:Stand|Veröffentlicht|Aktualisiert|Zuletzt\s+aktualisiert|Letzte\s+Aktualisierung|Erstellt|Publiziert"
    r"|Erschienen|Datum|Update|Published|Updated|Online\s+seit|Artikel\s+vom|Meldung\s+vom)"
    r"(?:\s+(?:am|vom|um))?\s*:?\s*(?:" + _WEEKDAY + r",?\s*)?$",
    re.IGNORECASE,
)
_AGENCIES = r"(?:dpa|APA|AFP|Reuters|AP|KNA|epd|sda|SDA|dts|AFX|dpa-AFX|red|ots|Keystone-SDA|KAP)"
_AGENCY_BEFORE = re.compile(r"\(\s*" + _AGENCIES + r"(?:\s*/\s*[\w-]+)*\s*,\s*$", re.IGNORECASE)
_AGENCY_AFTER = re.compile(r"^\s*(?:\)|\(\s*" + _AGENCIES + r"(?:\s*/\s*[\w-]+)*\s*\))", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^\s*(?:,|·|\||•|-|–|—|/|um)?\s*\d{1,2}[:.]\d{2}(?:\s*Uhr)?(?!\d)", re.IGNORECASE)
#: What may stand on a dateline's line before the date: a place and/or a weekday.
_LINE_PREFIX = re.compile(
    r"[ \t]*(?:[A-ZÄÖÜ][\w.-]*(?:[ \t]+[A-ZÄÖÜ][\w.-]*)?[ \t]*,[ \t]*)?(?:" + _WEEKDAY + r",?[ \t]*)?"
)
_LINE_END_AFTER = re.compile(r"^[ \t]*(?:$|\n|[|·•,–—-]|\()")
_SEPARATOR_BEFORE = re.compile(r"[|·•][ \t]*$")


def _parse(m: re.Match) -> date | None:
    """The date of a _DATE match, if it exists and is a plausible publication year."""
    try:
        if m["d"]:
            d = date(int(m["y"]), int(m["m"]), int(m["d"]))
        elif m["d2"]:
            d = date(int(m["y2"]), _MONTHS[m["mon"].lower()], int(m["d2"]))
        else:
            d = date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
    except (ValueError, KeyError, OverflowError):
        return None
    return d if 1990 <= d.year <= 2100 else None


def _has_cue(text: str, start: int, end: int) -> bool:
    """Is the date at text[start:end] framed like a dateline?"""
    before = text[max(0, start - 60):start]
    after = text[end:end + 40]
    return bool(
        _LABEL_BEFORE.search(before)
        or _AGENCY_BEFORE.search(before)
        or _AGENCY_AFTER.match(after)
        or _TIME_AFTER.match(after)
        or _SEPARATOR_BEFORE.search(before)
        or (_LINE_PREFIX.fullmatch(text, text.rfind("\n", 0, start) + 1, start) and _LINE_END_AFTER.match(after))
    )


def _scan(text: str, lo: int, hi: int) -> list[tuple[date, int, int]]:
    """Datelines whose date lies within text[lo:hi], in text order."""
    found = []
    for m in _DATE.finditer(text, lo, hi):
        d = _parse(m)
        if d is not None and _has_cue(text, m.start(), m.end()):
            found.append((d, m.start(), m.end()))
    return found


def find_publication_date(text: str) -> tuple[date, int, int] | None:
    """A dateline's date with its character offsets in text, or None.

    Looks only at the head (first HEAD chars) and the tail (last TAIL chars) of the
    text and prefers the head; within the head the first dateline wins, within the
    tail the last one.
    """
    if not isinstance(text, str) or not text:
        return None
    try:
        head = _scan(text, 0, min(len(text), HEAD))
        if head:
            return head[0]
        tail_start = max(HEAD, len(text) - TAIL)
        tail = _scan(text, tail_start, len(text)) if tail_start < len(text) else []
        return tail[-1] if tail else None
    except (ValueError, OverflowError, RecursionError):
        return None
