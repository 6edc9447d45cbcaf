"""German temporal expressions: find them in text and resolve them to calendar spans.

Rule-based and standard library only. A rule is a short case-sensitive *anchor* (a
weekday, a month, a number, "Woche" ...), a *body* that starts at the anchor and an
optional *prefix* (prepositions and qualifiers: "am vergangenen", "in der kommenden")
matched backwards from the anchor, plus a small handler that turns the match into
``(earliest, latest, granularity)``. Scanning only for anchors keeps it fast (several
MB/s). Overlapping candidates are settled longest-first; a preceding ``seit``/``bis``/
``ab`` then widens the chosen span (seit X -> X..ref, bis X -> ref..X).

Resolution against the reference date ``ref`` (the publication date) and the tense:

* weekdays: past -> the most recent such day <= ref (today counts); present -> the next
  one >= ref; future -> the next one > ref; ``vergangenen``/``letzten`` -> < ref;
  ``kommenden``/``nächsten`` -> > ref. "für Donnerstag (geplant)" looks ahead and
  "seit Montag" looks back whatever the tense.
* day and month without year (``am 3. November``): past -> the most recent such date
  not more than 60 days after ref (so "hatte für den 3. November angekündigt" stays in
  the near future); future -> the next such date >= ref; present -> the nearest one.
* months, seasons, quarters, holidays without year: past -> the latest occurrence
  starting <= ref; future -> the first occurrence ending >= ref; present -> the one
  containing ref, else the one in ref's year.
* "vor N Tagen/Wochen" is that day, "vor N Monaten/Jahren" that month/year.
* without ref every relative expression is still found but stays open
  (``earliest = latest = None``, granularity ``"open"``); nothing is ever guessed
  from today's date.
"""
from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime, timedelta
from typing import Callable, NamedTuple

from kg.model import TimeSpan

# --------------------------------------------------------------------------- lexicon

MONTHS_FULL = {
    "januar": 1, "jänner": 1, "jaenner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3,
    "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10,
    "november": 11, "dezember": 12,
}
#: Abbreviations; in text they must carry their dot (``Jan.``), so "Jan" the name is no month.
MONTHS_ABBR = {
    "jan": 1, "feb": 2, "febr": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}
WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
    "samstag": 5, "sonnabend": 5, "sonntag": 6,
}
NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einem": 1, "einen": 1, "einer": 1, "eines": 1, "zwei": 2, "drei": 3,
    "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
    "sechzig": 60, "hundert": 100,
}
#: Vague counts: (fewest, most) per unit (d, w, m, y).
VAGUE_COUNTS = {
    "einigen": {"d": (2, 7), "w": (2, 6), "m": (2, 6), "y": (2, 5)},
    "wenigen": {"d": (1, 5), "w": (1, 4), "m": (1, 4), "y": (1, 4)},
    "ein paar": {"d": (2, 5), "w": (2, 4), "m": (2, 4), "y": (2, 4)},
    "mehreren": {"d": (3, 10), "w": (2, 8), "m": (2, 10), "y": (2, 10)},
}
#: Relative qualifiers by stem: offset in units (week, month, year ...).
QUALIFIER_OFFSETS = {
    "dies": 0, "laufend": 0, "kommend": 1, "nächst": 1, "folgend": 1, "vergangen": -1,
    "letzt": -1, "vorig": -1, "übernächst": 2, "vorletzt": -2, "vorvergangen": -2,
}
DAY_WORDS = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}
#: Word -> (first, last) day of the sub-span of a week (0 = Monday).
WEEK_PARTS = {"anfang": (0, 2), "beginn": (0, 2), "mitte": (1, 3), "ende": (3, 6)}
#: Word -> (first, last) day of a month; 31 means "last day".
MONTH_PARTS = {"anfang": (1, 10), "beginn": (1, 10), "mitte": (11, 20), "ende": (21, 31)}
#: Word -> (first, last) month of a year.
YEAR_PARTS = {"anfang": (1, 4), "beginn": (1, 4), "mitte": (5, 8), "ende": (9, 12)}
SEASONS = {"frühjahr": 3, "frühling": 3, "sommer": 6, "herbst": 9, "winter": 12}
#: Words after a bare four-digit number that make it a count, not a year.
COUNT_WORDS = frozenset(
    "km kilometer kilometern meter metern m kg t tonnen euro dollar usd eur mio mrd millionen "
    "million milliarden milliarde menschen leute personen soldaten stück mal prozent jahre "
    "jahren tage tagen stunden minuten sekunden einwohner opfer tote toten mann panzer "
    "raketen drohnen flugzeuge seiten punkte zeichen exemplare".split()
)
#: Words before a bare four-digit number that make it an identifier, not a year.
ID_WORDS = frozenset("nr nr. nummer resolution artikel art. paragraf paragraph § flug zimmer plz tel. az.".split())

_FLAGS = re.IGNORECASE


def _alt(words) -> str:
    """Regex alternation of words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _mon(g: str) -> str:
    """A month name (full, or abbreviated with its dot) in group g."""
    return rf"(?P<{g}>(?:{_alt(MONTHS_FULL)})(?!\w)|(?:{_alt(MONTHS_ABBR)})\.)"


def _wd(g: str) -> str:
    """A weekday, optionally fused with a part of day (Mittwochabend), in group g."""
    return rf"(?P<{g}>{_alt(WEEKDAYS)})(?:morgen|vormittag|nachmittag|mittag|abend|nacht|früh)?(?!\w)"


def _num(g: str) -> str:
    """A count in digits or words, or a vague count, in group g."""
    words = _alt(list(VAGUE_COUNTS) + list(NUMBER_WORDS))
    return rf"(?P<{g}>\d{{1,6}}(?!\d)|(?:{words})(?!\w))"


_UNIT = r"(?P<u>Tag(?:e|en|es|s)?|Woche(?:n)?|Monat(?:e|en|es|s)?|Jahr(?:e|en|es|s)?|Stunde(?:n)?|Minute(?:n)?)(?!\w)"
_QW = r"(?:dies|kommend|nächst|vergangen|letzt|vorig|laufend|übernächst|vorletzt|vorvergangen|folgend)e[mnrs]?"
_REL_YEAR = rf"(?P<ry>(?:des\s+)?{_QW}\s+Jahres|(?:des\s+)?Vorjahres)(?!\w)"
_YEAR4 = r"(?P<y>\d{4})(?!\d)"
_TIME = (
    r"(?:\s*,?\s*(?:(?:um|gegen|ab|kurz\s+(?:vor|nach))\s+)?\d{1,2}(?:[:.]\d{2})?\s*Uhr(?!\w)"
    r"|\s*,?\s*(?:um\s+)?\d{1,2}:\d{2}(?!\d)(?:\s*Uhr(?!\w))?)?"
)
_APPROX = r"(?:(?:etwa|rund|knapp|gut|fast|genau|exakt|ungefähr|mehr\s+als|über|weniger\s+als)\s+)?"

_OPEN = (None, None, "open")

# Small context tests used by the handlers.
_RX_ENDING = re.compile(r"e[mnrs]?$")
_RX_HABITUAL = re.compile(r"(?<!\w)(?:jeden|jedem|jeweils|immer)\s+$", _FLAGS)
#: Capitalised words before a bare "Freitag" that do not make it a surname.
_FUNCTION_WORDS = frozenset(
    "am seit bis ab vom zum und oder noch erst schon bereits auch zuletzt doch aber dann diesen jeden "
    "spätestens frühestens".split()
)
_RX_SENTENCE_END = re.compile(r"[.!?:;\"„“»«(\n]\s*$")
_RX_MORNING_NOUN = re.compile(r"(?<!\w)(?:am|den|des|jeden|guten|einen|diesen|vom|zum)\s+$", _FLAGS)
_RX_NUMBER_END = re.compile(r"\d\.?\s*$")
_RX_SINCE_UNTIL_END = re.compile(r"(?<!\w)(?:seit|bis|ab)\s+$", _FLAGS)
_RX_SYMBOL_AFTER = re.compile(r"\s*(?:%|‰|€|\$|°)")
_RX_WORD_AFTER = re.compile(r"\s*([^\W\d_]+\.?)")
_RX_LAST_TOKEN = re.compile(r"(\S+)\s*$")
_RX_CAP_NOUN_AFTER = re.compile(r"\s+([A-ZÄÖÜ][a-zäöüß]+)")
_RX_YEAR_CUE_END = re.compile(
    r"(?<!\w)(?:im|in|seit|bis|ab|von|vor|nach|um|anfang|mitte|ende|jahr|jahre|jahres|sommer|winter|herbst|frühjahr|frühling|wahl)\s*$",
    _FLAGS,
)
_RX_SPACES = re.compile(r"\s+")
_RX_FOR_END = re.compile(r"(?<!\w)für\s+(?:den\s+|die\s+|das\s+)?\Z", _FLAGS)
_RX_SINCE_END = re.compile(r"(?<!\w)seit\s+\Z", _FLAGS)
_RX_LETTERS = re.compile(r"[^\W\d_]+")
_RX_BEFORE_AFTER_END = re.compile(r"(?<!\w)(?:vor|nach)\s+(?:dem\s+|der\s+|den\s+)?$", _FLAGS)
_RX_XMAS_DAY = re.compile(r"Weihnachts(?:feier)?tag(?:es|s)?$", _FLAGS)

# --------------------------------------------------------------------------- calendar helpers


def _safe(y: int, m: int, d: int) -> date | None:
    """date(y, m, d) or None when it does not exist."""
    try:
        return date(y, m, d)
    except (ValueError, OverflowError, TypeError):
        return None


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    """d moved by n calendar months, day clamped to the month's end."""
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def _add_units(d: date, n: int, unit: str) -> date:
    """d moved by n days/weeks/months/years."""
    if unit == "d":
        return d + timedelta(days=n)
    if unit == "w":
        return d + timedelta(weeks=n)
    if unit == "m":
        return _add_months(d, n)
    return _add_months(d, 12 * n)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _weekday_near(ref: date, wd: int, mode: str) -> date:
    """The weekday wd nearest ref: mode le (<=), lt (<), ge (>=), gt (>)."""
    if mode in ("ge", "gt"):
        delta = (wd - ref.weekday()) % 7
        if mode == "gt" and delta == 0:
            delta = 7
        return ref + timedelta(days=delta)
    back = (ref.weekday() - wd) % 7
    if mode == "lt" and back == 0:
        back = 7
    return ref - timedelta(days=back)


def _easter(y: int) -> date:
    """Easter Sunday (Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(y, month, day)


def _gran(e: date, l: date) -> str:
    """A granularity fitting an interval's length."""
    n = (l - e).days + 1
    if n <= 1:
        return "day"
    if n <= 14:
        return "days"
    if n <= 45:
        return "month"
    if n <= 100:
        return "season"
    if n <= 370:
        return "year"
    return "years"


def _tense_mode(tense: str) -> str:
    return {"past": "le", "future": "gt"}.get(tense, "ge")


def _qoff(word: str | None) -> int | None:
    """Offset of a qualifier like 'vergangenen' (-1), 'nächste' (+1), 'diesem' (0)."""
    if not word:
        return None
    w = word.lower()
    if "vorjahr" in w:
        return -1
    for tok in w.split():
        stem = _RX_ENDING.sub("", tok)
        if stem in QUALIFIER_OFFSETS:
            return QUALIFIER_OFFSETS[stem]
    return None


def _pick(make: Callable[[int], tuple[date, date] | None], ref: date, tense: str, q: int | None = None):
    """One occurrence of a yearly recurring span near ref.

    q None: by tense (past: latest starting <= ref; future: first ending >= ref; present:
    containing ref, else the one of ref's year). q < 0: the |q|-th one ended before ref;
    q > 0: the q-th one starting after ref; q == 0 like present.
    """
    cands = []
    for y in range(ref.year - 3, ref.year + 4):
        try:
            s = make(y)
        except (ValueError, OverflowError):
            s = None
        if s:
            cands.append(s)
    cands.sort()
    if q is not None and q < 0:
        ok = [s for s in cands if s[1] < ref]
        return ok[q] if len(ok) >= -q else None
    if q is not None and q > 0:
        ok = [s for s in cands if s[0] > ref]
        return ok[q - 1] if len(ok) >= q else None
    if q == 0 or tense not in ("past", "future"):
        for s in cands:
            if s[0] <= ref <= s[1]:
                return s
        try:
            return make(ref.year)
        except (ValueError, OverflowError):
            return None
    if tense == "past":
        ok = [s for s in cands if s[0] <= ref]
        return ok[-1] if ok else None
    ok = [s for s in cands if s[1] >= ref]
    return ok[0] if ok else None


def _resolve_md(month: int, day: int, ref: date, tense: str, wd: int | None = None) -> date | None:
    """The year of a day and month without year (see module docstring)."""
    cands = [d for y in range(ref.year - 4, ref.year + 5) if (d := _safe(y, month, day))]
    if not cands:
        return None
    if wd is not None:
        hits = [d for d in cands if d.weekday() == wd and abs((d - ref).days) <= 400]
        if hits:
            return min(hits, key=lambda d: (abs((d - ref).days), d < ref))
    if tense == "past":
        ok = [d for d in cands if d <= ref + timedelta(days=60)]
        return max(ok) if ok else None
    if tense == "future":
        ok = [d for d in cands if d >= ref]
        return min(ok) if ok else None
    return min(cands, key=lambda d: (abs((d - ref).days), d < ref))


def _year_of(s: str | None) -> int | None:
    """A year from 2 or 4 digits (two digits: 00-69 -> 20xx, else 19xx)."""
    if not s:
        return None
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _month_of(s: str) -> int:
    s = s.lower().rstrip(".")
    return MONTHS_FULL.get(s) or MONTHS_ABBR[s]


def _rel_year(ry: str | None, y: str | None, ref: date | None) -> tuple[int | None, bool]:
    """(year, given): an explicit year, a year relative to ref, or (None, False)."""
    if y:
        return int(y), True
    if ry:
        off = _qoff(ry)
        if off is None or ref is None:
            return None, True
        return ref.year + off, True
    return None, False


def _before(c: "_Ctx", start: int, n: int = 30) -> str:
    return c.text[max(0, start - n):start]


def _is_cap(tok: str | None) -> bool:
    return bool(tok) and tok[0].isupper()


# --------------------------------------------------------------------------- rules


class _Ctx(NamedTuple):
    text: str
    ref: date | None
    tense: str


Result = tuple  # (earliest, latest, granularity)


class _Rule(NamedTuple):
    """anchor: a fast case-sensitive regex for where body starts; pre: what may come before."""

    anchor: re.Pattern
    full: re.Pattern
    pre_end: re.Pattern | None
    handler: Callable[[re.Match, _Ctx], Result | None]
    kind: str | None  # for number anchors: "short" (1-2 digits + "."), "year" (4 digits), "decade" (+ "er")


_RULES: list[_Rule] = []
_A_DIG = r"\d+"
_A_WD = _alt(w.capitalize() for w in WEEKDAYS)
_A_MON = "Jan|Jän|Feb|Mär|Maerz|Mrz|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez"


def _rule(anchor: str, body: str, pre: str = "", kind: str | None = None):
    """Register a handler: the text matches pre + body, and body starts where anchor matches.

    Scanning for the short case-sensitive anchor is fast; pre (prepositions, qualifiers)
    is matched backwards from each anchor hit only.
    """

    def deco(fn):
        _RULES.append(_Rule(
            re.compile(anchor),
            re.compile(f"(?:{pre})(?:{body})", _FLAGS),
            re.compile(rf"(?<!\w)(?:{pre})\Z", _FLAGS) if pre else None,
            fn,
            kind,
        ))
        return fn

    return deco


def _day(d: date | None) -> Result | None:
    return (d, d, "day") if d else None


_RANGE_PRE = r"(?:(?P<pre>vom|von|zwischen)\s+(?:dem\s+)?)?"
_RANGE_SEP = r"(?:\s*(?P<sep>bis(?:\s+(?:zum|einschließlich))?|und(?:\s+dem)?)\s+|\s*(?P<dash>[-–—/])\s*)"


def _range(e: date | None, l: date | None) -> Result | None:
    if e is None or l is None or e > l:
        return None
    return (e, l, "days" if (l - e).days < 14 else _gran(e, l))


@_rule(_A_DIG, r"(?P<d1>\d{1,2})\.\s*" + _RANGE_SEP + r"(?P<d2>\d{1,2})\.\s*" + _mon("mon") + r"(?:\s+" + _YEAR4 + ")?", _RANGE_PRE, "short")
def _h_range_days(m, c):
    """vom 3. bis 5. März (2025), 3.–5. März, zwischen dem 3. und 5. März, 3./4. März."""
    d1, d2, mon = int(m["d1"]), int(m["d2"]), _month_of(m["mon"])
    if not (1 <= d1 < d2 <= 31):
        return None
    if m["y"]:
        return _range(_safe(int(m["y"]), mon, d1), _safe(int(m["y"]), mon, d2))
    if c.ref is None:
        return _OPEN if _safe(2000, mon, d2) else None
    e = _resolve_md(mon, d1, c.ref, c.tense)
    return _range(e, _safe(e.year, mon, d2)) if e else None


@_rule(_A_DIG, r"(?P<d1>\d{1,2})\.\s*" + _mon("m1") + r"(?:\s+(?P<y1>\d{4})(?!\d))?" + _RANGE_SEP
       + r"(?P<d2>\d{1,2})\.\s*" + _mon("m2") + r"(?:\s+(?P<y2>\d{4})(?!\d))?", _RANGE_PRE, "short")
def _h_range_dates(m, c):
    """vom 3. März bis 5. April 2025, zwischen dem 28. Februar und dem 2. März."""
    if (m["sep"] or "").lower().startswith("und") and not m["pre"]:
        return None
    return _two_dates(c, int(m["d1"]), _month_of(m["m1"]), m["y1"], int(m["d2"]), _month_of(m["m2"]), m["y2"])


def _two_dates(c, d1, m1, y1, d2, m2, y2) -> Result | None:
    """A range of two day dates, the years completed from each other or from ref."""
    y1, y2 = _year_of(y1), _year_of(y2)
    if y1 is None and y2 is not None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    if y1 is None:
        if c.ref is None:
            return _OPEN if _safe(2000, m1, d1) and _safe(2000, m2, d2) else None
        e = _resolve_md(m1, d1, c.ref, c.tense)
        if e is None:
            return None
        y1 = e.year
    if y2 is None:
        y2 = y1 if (m1, d1) <= (m2, d2) else y1 + 1
    return _range(_safe(y1, m1, d1), _safe(y2, m2, d2))


_NUMDATE = r"(?P<{0}d>\d{{1,2}})\.(?:\s?(?P<{0}m>\d{{1,2}})\.(?P<{0}y>\d{{4}}|\d{{2}}(?!\d))?)?"


@_rule(_A_DIG, _NUMDATE.format("a") + _RANGE_SEP + r"(?P<bd>\d{1,2})\.\s?(?P<bm>\d{1,2})\.(?P<by>\d{4}|\d{2}(?!\d))?(?!\d)", _RANGE_PRE, "short")
def _h_range_numeric(m, c):
    """vom 3.3. bis 5.3.2025, 03.03.–05.03.2025, 3.–5.3.2025."""
    if (m["sep"] or "").lower().startswith("und") and not m["pre"]:
        return None
    d2, m2 = int(m["bd"]), int(m["bm"])
    d1, m1 = int(m["ad"]), int(m["am"]) if m["am"] else int(m["bm"])
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    return _two_dates(c, d1, m1, m["ay"], d2, m2, m["by"])


@_rule(_A_DIG, r"(?P<y1>(?:19|20)\d{2})(?:\s*(?P<sep>bis|und)\s+|\s*(?P<dash>[-–—/])\s*)(?P<y2>(?:19|20)\d{2}|\d{2})(?![\w.,]?\d|\w)",
       r"(?:(?P<pre>von|zwischen)\s+(?:den\s+Jahren\s+)?)?", "year")
def _h_range_years(m, c):
    """von 2014 bis 2022, zwischen 2014 und 2022, 2014–2022, 2024/25."""
    if (m["sep"] or "").lower() == "und" and not m["pre"]:
        return None
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if not y1 < y2 <= y1 + 100 or _count_follows(c.text, m.end()):
        return None
    return date(y1, 1, 1), date(y2, 12, 31), "years"


@_rule(_A_WD, _wd("w1") + r"\s+(?P<sep>bis(?:\s+(?:zum|einschließlich))?|und)\s+(?:(?:dem|den)\s+)?" + _wd("w2"),
       r"(?:(?P<pre>von|vom|zwischen|am|an)\s+(?:(?:dem|den)\s+)?)?")
def _h_range_weekdays(m, c):
    """von Montag bis Mittwoch, zwischen Dienstag und Donnerstag, am Montag und Dienstag."""
    if m["sep"].lower() == "und" and (m["pre"] or "").lower() not in ("zwischen", "am", "an"):
        return None
    if m["sep"].lower() != "und" and (m["pre"] or "").lower() in ("am", "an"):
        return None
    if not (_is_cap(m["w1"]) and _is_cap(m["w2"])):
        return None
    if c.ref is None:
        return _OPEN
    w1, w2 = WEEKDAYS[m["w1"].lower()], WEEKDAYS[m["w2"].lower()]
    e = _weekday_near(c.ref, w1, _tense_mode(c.tense))
    l = _weekday_near(e, w2, "ge")
    return e, l, "days"


@_rule(_A_MON, _mon("m1") + r"(?:\s+(?P<y1>\d{4})(?!\d))?\s+(?P<sep>bis(?:\s+(?:zum|einschließlich))?|und)\s+(?:(?P<pos>Anfang|Mitte|Ende)\s+)?"
       + _mon("m2") + r"(?:\s+(?P<y2>\d{4})(?!\d))?", r"(?:(?P<pre>von|zwischen)\s+)?")
def _h_range_months(m, c):
    """von März bis Mai 2025, zwischen Januar und März."""
    if m["sep"].lower() == "und" and not m["pre"]:
        return None
    if not (_is_cap(m["m1"]) and _is_cap(m["m2"])):
        return None
    m1, m2 = _month_of(m["m1"]), _month_of(m["m2"])
    y1, y2 = _year_of(m["y1"]), _year_of(m["y2"])
    if y1 is None and y2 is not None:
        y1 = y2 if m1 <= m2 else y2 - 1
    if y1 is None:
        if c.ref is None:
            return _OPEN
        s = _pick(lambda y: _month_span(y, m1), c.ref, c.tense)
        if s is None:
            return None
        y1 = s[0].year
    if y2 is None:
        y2 = y1 if m1 <= m2 else y1 + 1
    e, l = _month_span(y1, m1)[0], _month_span(y2, m2)[1]
    if m["pos"]:
        a, b = MONTH_PARTS[m["pos"].lower()]
        l = date(y2, m2, min(b, l.day))
    return (e, l, "month" if (m1, y1) == (m2, y2) else _gran(e, l)) if e <= l else None


_DATE_PRE = (r"(?:(?:am|an\s+dem)\s+)?(?:" + _wd("wd") + r"\s*,?\s+(?:(?:den|dem)\s+)?)?"
             r"(?:(?:am|dem|den|vom|zum)\s+)?")


@_rule(_A_DIG, r"(?P<d>\d{1,2})\.\s*" + _mon("mon") + r"(?:\s+" + _YEAR4 + ")?" + _TIME, _DATE_PRE, "short")
def _h_date_name(m, c):
    """17. Mai 2025, am 17. Mai, 3. Nov. 2024, Montag, dem 20. Juli (+ Uhrzeit)."""
    day, mon = int(m["d"]), _month_of(m["mon"])
    wd = WEEKDAYS[m["wd"].lower()] if m["wd"] else None
    return _day_date(c, day, mon, m["y"], wd)


def _day_date(c, day: int, mon: int, y: str | None, wd: int | None) -> Result | None:
    """A day date, its year given, or resolved from ref, or open."""
    if not 1 <= mon <= 12 or not 1 <= day <= 31:
        return None
    if y:
        return _day(_safe(_year_of(y), mon, day))
    if _safe(2000, mon, day) is None:
        return None
    if c.ref is None:
        return _OPEN
    return _day(_resolve_md(mon, day, c.ref, c.tense, wd))


@_rule(_A_DIG, r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:(?P<y>\d{4}|\d{2})(?!\d)|\s(?P<y2>(?:19|20)\d{2})(?!\d))?(?![\d])" + _TIME, _DATE_PRE, "short")
def _h_date_num(m, c):
    """17.05.2025, 17.5.2025, 17.5., 17.05.25."""
    if m["y2"] and _count_follows(c.text, m.end("y2")):
        return None
    wd = WEEKDAYS[m["wd"].lower()] if m["wd"] else None
    return _day_date(c, int(m["d"]), int(m["m"]), m["y"] or m["y2"], wd)


@_rule(_A_DIG, r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])(?:T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?", kind="year")
def _h_date_iso(m, c):
    """2025-05-17 (with an optional ISO time)."""
    return _day(_safe(int(m["y"]), int(m["m"]), int(m["d"])))


@_rule("Nacht", r"Nacht\s+(?:von\s+(?:(?:dem|den)\s+)?" + _wd("w1") + r"\s+)?(?:zu(?:m)?|auf)\s+(?:(?:den|dem)\s+)?(?:(?P<q>" + _QW + r")\s+)?" + _wd("wd"),
       r"(?:in\s+der\s+)?")
def _h_night(m, c):
    """in der Nacht zum Mittwoch, Nacht von Dienstag auf Mittwoch: the day before and the day."""
    if not _is_cap(m["wd"]):
        return None
    if c.ref is None:
        return _OPEN
    d = _resolve_weekday(c, WEEKDAYS[m["wd"].lower()], m["q"], None)
    return (d - timedelta(days=1), d, "days") if d else None


def _resolve_weekday(c, wd: int, q: str | None, wk: str | None) -> date | None:
    """A weekday from qualifiers (vergangenen, kommenden, nächster Woche) or tense."""
    ref = c.ref
    if wk:
        off = _qoff(wk)
        return None if off is None else _monday(ref) + timedelta(days=7 * off + wd)
    ql = (q or "").lower()
    if ql:
        if ql.startswith(("heutig", "gestrig", "morgig", "vorgestrig")):
            shift = {"heutig": 0, "gestrig": -1, "morgig": 1, "vorgestrig": -2}[_RX_ENDING.sub("", ql)]
            return ref + timedelta(days=shift)
        off = _qoff(ql)
        if off is None:
            return None
        if off < 0:
            return _weekday_near(ref, wd, "lt") - timedelta(days=7 * (-off - 1))
        if off > 0:
            return _weekday_near(ref, wd, "gt") + timedelta(days=7 * (off - 1))
        return _weekday_near(ref, wd, "le" if c.tense == "past" else "ge")
    return _weekday_near(ref, wd, _tense_mode(c.tense))


@_rule(_A_WD, _wd("wd") + r"(?:\s+(?P<part>morgen|vormittag|nachmittag|mittag|abend|nacht)(?!\w))?"
       + r"(?:\s+(?P<wk>(?:der\s+)?" + _QW + r"\s+Woche)(?!\w))?" + _TIME,
       r"(?:(?P<am>am|an\s+(?:diesem|dem))\s+)?(?:(?P<q>" + _QW + r"|(?:heutig|gestrig|morgig|vorgestrig)e[mnrs]?)\s+)?"
       r"(?:(?P<adj>späten|frühen)\s+)?")
def _h_weekday(m, c):
    """am Donnerstag, vergangenen Donnerstag, am kommenden Montag, Mittwochabend, am Montag nächster Woche."""
    tok = m["wd"]
    if not _is_cap(tok):
        return None
    fused = c.text[m.end("wd"):m.end("wd") + 1].isalpha()
    bare = not (m["am"] or m["q"] or m["adj"] or m["wk"] or m["part"] or fused)
    before = _before(c, m.start())
    if _RX_HABITUAL.search(before):
        return None
    if bare and tok.lower() in ("freitag", "sonntag"):
        prev = _prev_word(c.text, m.start())
        if prev[:1].isupper() and prev.lower() not in _FUNCTION_WORDS:
            return None  # a surname (Thomas Freitag)
    if c.ref is None:
        return _OPEN
    q = m["q"] or ("diesem" if (m["am"] or "").lower().startswith("an diesem") else None)  # "an diesem Montag": this week's
    return _day(_resolve_weekday(c, WEEKDAYS[tok.lower()], q, m["wk"]))


@_rule("heute|Heute", r"heute\s+vor\s+" + _APPROX + _num("n") + r"\s+" + _UNIT)
def _h_today_ago(m, c):
    """heute vor einem Jahr: the same calendar day."""
    n, unit = _count(m["n"]), m["u"][:2].lower()
    if not isinstance(n, int) or unit not in ("ta", "wo", "mo", "ja"):
        return None
    if c.ref is None:
        return _OPEN
    return _day(_add_units(c.ref, -n, {"ta": "d", "wo": "w", "mo": "m", "ja": "y"}[unit]))


@_rule("heute|Heute|gestern|Gestern|vorgestern|Vorgestern|morgen|Morgen|übermorgen|Übermorgen",
       r"(?P<w>heute|gestern|vorgestern|morgen|übermorgen)(?!\w)"
       r"(?:\s+(?P<part>früh|morgen|vormittag|mittag|nachmittag|abend|nacht)(?!\w))?" + _TIME)
def _h_dayword(m, c):
    """heute, gestern, vorgestern, morgen, übermorgen (+ Abend, früh, Uhrzeit)."""
    w = m["w"]
    if w.lower() == "morgen" and w != "morgen":
        before = _before(c, m.start(), 3)
        if before.strip() and not _RX_SENTENCE_END.search(before):
            return None  # "am Morgen", "Guten Morgen": the noun, not "tomorrow"
        if _RX_MORNING_NOUN.search(_before(c, m.start())):
            return None
    if c.ref is None:
        return _OPEN
    return _day(c.ref + timedelta(days=DAY_WORDS[w.lower()]))


@_rule("Vortag|Folgetag|Vorabend|Tag|tags|Tags|Morgen|Abend",
       r"(?:(?P<a>Vortag|Folgetag|Vorabend)|Tag\s+(?P<b>zuvor|davor|darauf|danach)|tags\s+(?P<c>zuvor|darauf|davor|danach)|(?P<t>Tag|Morgen|Abend))(?!\w)",
       r"(?:(?P<am>am|der|dem)\s+)?(?:(?P<d>nächsten|folgenden|darauffolgenden|darauf\s+folgenden)\s+)?")
def _h_relday(m, c):
    """am Vortag, tags zuvor (ref-1); am Folgetag, am nächsten Tag, tags darauf (ref+1)."""
    if m["t"] and not (m["d"] and (m["am"] or "").lower() == "am"):
        return None
    w = (m["a"] or m["b"] or m["c"] or m["d"]).lower()
    if c.ref is None:
        return _OPEN
    back = w in ("vortag", "vorabend", "zuvor", "davor")
    return _day(c.ref + timedelta(days=-1 if back else 1))


@_rule("Woche|Vorwoche", r"(?:(?P<w>Woche)|(?P<v>Vorwoche))(?!\w)", r"(?:(?:in|aus)\s+(?:der\s+)?)?(?:(?P<q>" + _QW + r")\s+)?")
def _h_week(m, c):
    """diese Woche, in der kommenden Woche, vergangene Woche, Vorwoche (ISO weeks)."""
    if m["w"] and not m["q"]:
        return None
    off = -1 if m["v"] else _qoff(m["q"])
    if off is None:
        return None
    if c.ref is None:
        return _OPEN
    mon = _monday(c.ref) + timedelta(weeks=off)
    return mon, mon + timedelta(days=6), "week"


@_rule("Anfang|Mitte|Ende|Beginn|Wochen", r"(?P<pos>Anfang|Mitte|Ende|Beginn)\s+(?:der\s+)?(?:(?P<q>" + _QW + r")\s+)?Woche(?!\w)"
       r"|Wochen(?P<pos2>mitte|beginn|anfang)(?!\w)", r"(?:(?:zu|zur|zum|am)\s+)?")
def _h_week_part(m, c):
    """Anfang der Woche (Mo-Mi), Mitte der Woche (Di-Do), Ende der Woche (Do-So)."""
    a, b = WEEK_PARTS[(m["pos"] or m["pos2"]).lower()]
    off = _qoff(m["q"]) if m["q"] else None
    if m["q"] and off is None:
        return None
    if c.ref is None:
        return _OPEN
    mon = _monday(c.ref) + timedelta(weeks=off or 0)
    e, l = mon + timedelta(days=a), mon + timedelta(days=b)
    if off is None and c.tense == "past" and e > c.ref:
        e, l = e - timedelta(weeks=1), l - timedelta(weeks=1)
    elif off is None and c.tense == "future" and l < c.ref:
        e, l = e + timedelta(weeks=1), l + timedelta(weeks=1)
    return e, l, "days"


@_rule("Wochenende", r"Wochenende(?!\w)", r"(?:(?:am|übers|über\s+das|zum|an\s+diesem|an\s+dem|dem|das)\s+)?(?:(?P<q>" + _QW + r")\s+)?")
def _h_weekend(m, c):
    """am Wochenende, am vergangenen/kommenden Wochenende (Saturday-Sunday)."""
    off = _qoff(m["q"]) if m["q"] else None
    if m["q"] and off is None:
        return None
    if c.ref is None:
        return _OPEN
    ref = c.ref
    sat = _monday(ref) + timedelta(days=5)
    in_weekend = ref.weekday() >= 5
    if off is not None and off < 0:
        sat -= timedelta(weeks=-off)
    elif off is not None and off > 0:
        sat += timedelta(weeks=off - (0 if in_weekend else 1))
    elif off is None and c.tense == "past" and not in_weekend:
        sat -= timedelta(weeks=1)
    return sat, sat + timedelta(days=1), "days"


@_rule(_A_MON, _mon("mon") + r"(?:\s+" + _YEAR4 + r"|\s+" + _REL_YEAR + ")?",
       r"(?:(?P<pos>Anfang|Mitte|Ende|Beginn)\s+|(?P<pre>im|in|für|zum|den|dem)\s+)?")
def _h_month(m, c):
    """im August, im Juni 2014, Mitte März, Ende Mai 2025, im Dezember vergangenen Jahres."""
    tok = m["mon"]
    if not _is_cap(tok):
        return None
    before = _before(c, m.start())
    if _RX_NUMBER_END.search(before) and not m["pos"] and not m["pre"]:
        return None  # an impossible day date ("am 99. Mai") or a stray number
    mon = _month_of(tok)
    qualified = m["pos"] or m["pre"] or m["y"] or m["ry"] or _RX_SINCE_UNTIL_END.search(before)
    if mon == 8 and not qualified:
        return None  # "August" alone is more often a first name
    year, given = _rel_year(m["ry"], m["y"], c.ref)
    if year is None:
        if c.ref is None:
            return _OPEN
        s = _pick(lambda y: _month_span(y, mon), c.ref, c.tense)
        if s is None:
            return None
        year = s[0].year
    e, l = _month_span(year, mon)
    if m["pos"]:
        a, b = MONTH_PARTS[m["pos"].lower()]
        return date(year, mon, a), date(year, mon, min(b, l.day)), "days"
    return e, l, "month"


@_rule("Monat|Vormonat", r"(?:(?P<mo>Monat(?:s|es)?)|(?P<v>Vormonat(?:s|es)?))(?!\w)",
       r"(?:(?:im|in|für)\s+)?(?:(?:dem|den|des)\s+)?(?:(?P<q>" + _QW + r")\s+)?")
def _h_month_rel(m, c):
    """im vergangenen Monat, nächsten Monat, in diesem Monat, im Vormonat."""
    if m["mo"] and not m["q"]:
        return None
    off = -1 if m["v"] else _qoff(m["q"])
    if off is None:
        return None
    if c.ref is None:
        return _OPEN
    e, l = _month_span(*_ym(_add_months(c.ref.replace(day=1), off)))
    return e, l, "month"


def _ym(d: date) -> tuple[int, int]:
    return d.year, d.month


@_rule("Anfang|Mitte|Ende|Beginn|Monats", r"(?P<pos>Anfang|Mitte|Ende|Beginn)\s+(?:des\s+)?(?:(?P<q>" + _QW + r")\s+)?Monats(?!\w)"
       r"|Monats(?P<pos2>ende|anfang|beginn|mitte)(?!\w)", r"(?:(?:zum|am|zu)\s+)?")
def _h_month_part(m, c):
    """Anfang/Mitte/Ende des Monats, Ende vergangenen Monats, zum Monatsende."""
    off = _qoff(m["q"]) if m["q"] else 0
    if off is None:
        return None
    if c.ref is None:
        return _OPEN
    y, mo = _ym(_add_months(c.ref.replace(day=1), off))
    a, b = MONTH_PARTS[(m["pos"] or m["pos2"]).lower()]
    return date(y, mo, a), date(y, mo, min(b, monthrange(y, mo)[1])), "days"


def _season_span(name: str, y: int) -> tuple[date, date]:
    """A season (or an early/late third of it) of year y; winter runs into y+1."""
    n = name.lower()
    sub = "früh" if n.startswith("früh") and n not in ("frühjahr", "frühling") else "spät" if n.startswith("spät") else ""
    first = SEASONS[n[len(sub):] if sub else n]
    months = [_add_months(date(y, first, 1), k) for k in range(3)]
    if sub:
        months = [months[0]] if sub == "früh" else [months[2]]
    return months[0], _month_span(months[-1].year, months[-1].month)[1]


@_rule("Frühjahr|Frühling|Früh|Spät|Sommer|Herbst|Winter", r"(?P<s>Frühjahr|Frühling|(?:Früh|Spät)?(?:sommer|herbst|winter))(?!\w)"
       r"(?:\s+" + _YEAR4 + r"(?:\s*/\s*(?P<y2>\d{4}|\d{2})(?!\d))?|\s+" + _REL_YEAR + ")?",
       r"(?:(?P<pre>im|in|zum|den|dem|der|diesen|diesem)\s+)?(?:(?P<q>" + _QW + r")\s+)?")
def _h_season(m, c):
    """im Frühjahr 2024, im Sommer, im vergangenen Herbst, Winter 2024/25."""
    s = m["s"]
    if not _is_cap(s) or not (m["pre"] or m["q"] or m["y"] or m["ry"]):
        return None
    gran = "season" if s.lower() in SEASONS else "month"
    year, given = _rel_year(m["ry"], m["y"], c.ref)
    if given and year is None:
        return _OPEN
    if year is not None:
        e, l = _season_span(s, year)
        return e, l, gran
    if c.ref is None:
        return _OPEN
    off = _qoff(m["q"]) if m["q"] else (0 if (m["pre"] or "").lower().startswith("dies") else None)
    if m["q"] and off is None:
        return None
    span = _pick(lambda y: _season_span(s, y), c.ref, c.tense, off)
    return (span[0], span[1], gran) if span else None


_ORD = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "1": 1, "2": 2, "3": 3, "4": 4, "letzt": -1}


@_rule("Quartal|Vierteljahr|Halbjahr|Jahreshälfte|Q[1-4]",
       r"(?P<k>Quartal|Vierteljahr|Halbjahr|Jahreshälfte)(?:s|es)?(?!\w)"
       r"(?:\s+" + _YEAR4 + r"|\s+" + _REL_YEAR + r"|\s+des\s+Jahres\s+(?P<y3>\d{4})(?!\d))?"
       r"|(?P<qq>Q[1-4])(?:\s*/?\s*(?P<yq>\d{4}|\d{2})(?!\d))?(?!\w)",
       r"(?:(?:im|in|für)\s+)?(?:(?:dem|das|den|der|die)\s+)?(?:(?P<o>erste[nmrs]?|zweite[nmrs]?|dritte[nmrs]?|vierte[nmrs]?|letzte[nmrs]?|[1-4]\.)\s*)?")
def _h_quarter(m, c):
    """im ersten Quartal 2025, im dritten Quartal, Q3 2025, in der zweiten Jahreshälfte."""
    if m["k"] and not m["o"]:
        return None
    if m["qq"]:
        if m["qq"][0] != "Q":
            return None
        n, half, y = int(m["qq"][1]), False, _year_of(m["yq"])
    else:
        n = _ORD[_RX_ENDING.sub("", m["o"].lower()).rstrip(".")]
        half = m["k"].lower() in ("halbjahr", "jahreshälfte")
        if half and n > 2:
            return None
        y, given = _rel_year(m["ry"], m["y"] or m["y3"], c.ref)
        if given and y is None:
            return _OPEN
    size = 6 if half else 3
    if n == -1:
        n = 12 // size
        if y is None:  # "im letzten Quartal": the one before ref's
            if c.ref is None:
                return _OPEN
            cur = (c.ref.month - 1) // size
            start = _add_months(date(c.ref.year, cur * size + 1, 1), -size)
            return start, _month_span(*_ym(_add_months(start, size - 1)))[1], "quarter"

    def make(yy: int):
        return date(yy, (n - 1) * size + 1, 1), _month_span(yy, n * size)[1]

    if y is not None:
        e, l = make(y)
        return e, l, "quarter"
    if c.ref is None:
        return _OPEN
    s = _pick(make, c.ref, c.tense)
    return (s[0], s[1], "quarter") if s else None


@_rule("Jahr|Vorjahr", r"(?:(?P<j>Jahr(?:es)?)|(?P<v>Vorjahr(?:es)?))(?!\w)", r"(?:(?:im|in|für)\s+)?(?:(?:dem|den|das|des)\s+)?(?:(?P<q>" + _QW + r")\s+)?")
def _h_year_rel(m, c):
    """im nächsten Jahr, vergangenes Jahr, dieses Jahr, im Vorjahr."""
    if m["j"] and not m["q"]:
        return None
    off = -1 if m["v"] else _qoff(m["q"])
    if off is None:
        return None
    if c.ref is None:
        return _OPEN
    y = c.ref.year + off
    return date(y, 1, 1), date(y, 12, 31), "year"


@_rule("Anfang|Mitte|Ende|Beginn|Jahres",
       r"(?P<pos>Anfang|Mitte|Ende|Beginn)\s+(?:" + _YEAR4 + r"|des\s+Jahres\s+(?P<y2>\d{4})(?!\d)"
       r"|(?:des\s+)?(?:(?P<q>" + _QW + r")\s+)?Jahres(?!\w))"
       r"|Jahres(?P<pos2>ende|anfang|beginn|mitte)(?!\w)", r"(?:(?:zum|am|zu)\s+)?")
def _h_year_part(m, c):
    """Anfang 2024 (Jan-Apr), Mitte des Jahres (Mai-Aug), Ende des Jahres (Sep-Dez), zum Jahresende."""
    a, b = YEAR_PARTS[(m["pos"] or m["pos2"]).lower()]
    y = m["y"] or m["y2"]
    if y:
        year = int(y)
    else:
        off = _qoff(m["q"]) if m["q"] else 0
        if off is None:
            return None
        if c.ref is None:
            return _OPEN
        year = c.ref.year + off
    return date(year, a, 1), _month_span(year, b)[1], "month"


@_rule("Jahr", r"Jahr(?:e|es)?\s+" + _YEAR4, r"(?:(?:im|das|des|dem)\s+)?")
def _h_year_expl(m, c):
    """im Jahr 2022, im Jahre 2022."""
    y = int(m["y"])
    return (date(y, 1, 1), date(y, 12, 31), "year") if 1 <= y <= 9999 else None


def _count_follows(text: str, end: int) -> bool:
    """Is the number ending at end followed by a unit or a counted noun?"""
    tail = text[end:end + 30]
    if _RX_SYMBOL_AFTER.match(tail):
        return True
    w = _RX_WORD_AFTER.match(tail)
    return bool(w) and (w.group(1).lower().rstrip(".") in COUNT_WORDS or w.group(1).lower() in COUNT_WORDS)


@_rule(_A_DIG, r"(?P<y>(?:19|20)\d{2})(?![\w/-]|[.,:]\d)", kind="year")
def _h_year_bare(m, c):
    """2022 as a year (1900-2099), not a count (2000 Soldaten) or an identifier."""
    if _count_follows(c.text, m.end()):
        return None
    before = _before(c, m.start(), 20)
    prev = _RX_LAST_TOKEN.search(before)
    if prev and prev.group(1).lower() in ID_WORDS:
        return None
    nxt = _RX_CAP_NOUN_AFTER.match(c.text, m.end(), m.end() + 40)
    if nxt and nxt.group(1).lower() not in MONTHS_FULL and not _RX_YEAR_CUE_END.search(before):
        return None  # "2000 Soldaten": a count before a noun
    y = int(m["y"])
    return date(y, 1, 1), date(y, 12, 31), "year"


@_rule(_A_DIG, r"(?P<y>(?:19|20)?[0-9]0)er(?:(?P<n>n)|(?P<j>\s*-?\s*Jahren?))?(?!\w)", r"(?:(?P<pre>in\s+den)\s+)?", "decade")
def _h_decade(m, c):
    """in den 1990er Jahren, die 90er-Jahre, in den 80ern."""
    y = m["y"]
    if len(y) == 2:
        if not (m["pre"] or m["j"] or m["n"]):
            return None
        y = "19" + y
    elif len(y) == 3 or not (m["pre"] or m["j"] or m["n"] or len(y) == 4):
        return None
    y0 = int(y)
    return date(y0, 1, 1), date(y0 + 9, 12, 31), "years"


def _holiday_span(name: str, over: bool) -> Callable[[int], tuple[date, date]] | None:
    """A function year -> (first, last day) for a holiday name."""
    n = _RX_SPACES.sub(" ", name.lower())
    easter = {
        "ostern": (0, 0), "ostersonntag": (0, 0), "karfreitag": (-2, -2), "gründonnerstag": (-3, -3),
        "karsamstag": (-1, -1), "ostermontag": (1, 1), "pfingsten": (49, 49), "pfingstsonntag": (49, 49),
        "pfingstmontag": (50, 50), "christi himmelfahrt": (39, 39), "himmelfahrt": (39, 39),
        "fronleichnam": (60, 60), "ostertage": (-2, 1), "osterfeiertage": (-2, 1), "osterwochenende": (-2, 1),
        "ostertagen": (-2, 1), "osterfeiertagen": (-2, 1), "pfingstfeiertage": (49, 50), "pfingstfeiertagen": (49, 50),
    }
    if over and n in ("ostern",):
        easter[n] = (-2, 1)
    if over and n == "pfingsten":
        easter[n] = (49, 50)
    if n in easter:
        a, b = easter[n]
        return lambda y: (_easter(y) + timedelta(days=a), _easter(y) + timedelta(days=b))
    fixed = {
        "heiligabend": ((12, 24), (12, 24)), "heiligen abend": ((12, 24), (12, 24)),
        "weihnachten": ((12, 24), (12, 26)), "silvester": ((12, 31), (12, 31)),
        "neujahr": ((1, 1), (1, 1)), "neujahrstag": ((1, 1), (1, 1)),
        "tag der deutschen einheit": ((10, 3), (10, 3)), "reformationstag": ((10, 31), (10, 31)),
        "allerheiligen": ((11, 1), (11, 1)),
    }
    if n.startswith(("erste", "1.")):
        fixed[n] = ((12, 25), (12, 25))
    elif n.startswith(("zweite", "2.")):
        fixed[n] = ((12, 26), (12, 26))
    elif n.startswith("weihnachts"):
        fixed[n] = ((12, 25), (12, 26))
    if n not in fixed:
        return None
    (m1, d1), (m2, d2) = fixed[n]
    return lambda y: (date(y, m1, d1), date(y, m2, d2))


_HOLIDAYS = (r"Ostersonntag|Ostermontag|Osterfeiertagen?|Ostertagen?|Osterwochenende|Ostern|Karfreitag|Gründonnerstag|Karsamstag"
             r"|Pfingstsonntag|Pfingstmontag|Pfingstfeiertagen?|Pfingsten|Christi\s+Himmelfahrt|Himmelfahrt|Fronleichnam"
             r"|Heiligabend|Heiligen\s+Abend|Weihnachtsfeiertagen?|Weihnachtstagen?|Weihnachten"
             r"|Weihnachts(?:feier)?tag(?:es|s)?"
             r"|Silvester|Neujahrstag|Neujahr|Tag\s+der\s+Deutschen\s+Einheit|Reformationstag|Allerheiligen")


@_rule("Oster|Karfreitag|Gründonnerstag|Karsamstag|Pfingst|Christi|Himmelfahrt|Fronleichnam|Heilig|Weihnacht|Silvester|Neujahr|Tag|Reformationstag|Allerheiligen",
       r"(?P<h>" + _HOLIDAYS + r")(?!\w)(?:\s+" + _YEAR4 + r"|\s+" + _REL_YEAR + ")?",
       r"(?:(?P<pre>an|am|zu|zum|über|um)\s+)?(?:(?:den|die|dem|das)\s+)?(?:(?P<q>" + _QW + r")\s+)?(?:(?P<ord>erste[nmr]?|zweite[nmr]?|1\.|2\.)\s*)?")
def _h_holiday(m, c):
    """Ostern, Karfreitag, Pfingsten, Christi Himmelfahrt, Weihnachten, Silvester, Neujahr (with year or by tense)."""
    h = m["h"]
    if not _is_cap(_RX_LETTERS.findall(h)[-1]):
        return None
    if _RX_BEFORE_AFTER_END.search(_before(c, m.start())):
        return None  # "nach Ostern": not the holiday itself
    if _RX_XMAS_DAY.match(h) and not m["ord"]:
        return None
    make = _holiday_span((m["ord"] or "") + h, (m["pre"] or "").lower() == "über")
    if make is None:
        return None
    year, given = _rel_year(m["ry"], m["y"], c.ref)
    if year is not None:
        e, l = make(year)
    elif c.ref is None:
        return _OPEN
    else:
        off = _qoff(m["q"]) if m["q"] else None
        if m["q"] and off is None:
            return None
        s = _pick(make, c.ref, c.tense, off)
        if s is None:
            return None
        e, l = s
    return e, l, "day" if e == l else "days"


@_rule("zwischen|Zwischen|Jahreswechsel|Jahreswende", r"zwischen\s+den\s+Jahren(?!\w)|(?P<t>Jahreswechsel|Jahreswende)(?!\w)",
       r"(?:(?:zum|am|um\s+den|über\s+den|an\s+der)\s+)?")
def _h_year_turn(m, c):
    """zwischen den Jahren (25.12.-6.1.), zum Jahreswechsel (31.12.-1.1.)."""
    if _RX_BEFORE_AFTER_END.search(_before(c, m.start())):
        return None
    if c.ref is None:
        return _OPEN
    if m["t"]:
        s = _pick(lambda y: (date(y, 12, 31), date(y + 1, 1, 1)), c.ref, c.tense)
    else:
        s = _pick(lambda y: (date(y, 12, 25), date(y + 1, 1, 6)), c.ref, c.tense)
    return (s[0], s[1], "days") if s else None


def _count(word: str):
    """An int, a vague word (returned lowercased) or None."""
    w = _RX_SPACES.sub(" ", word.lower())
    if w.isdigit():
        return int(w)
    if w in VAGUE_COUNTS:
        return w
    return NUMBER_WORDS.get(w)


_UNIT_KEY = {"ta": "d", "wo": "w", "mo": "m", "ja": "y"}


def _offset_span(ref: date, n, unit: str, sign: int) -> Result | None:
    """The span n units before (sign -1) or after (+1) ref."""
    if isinstance(n, str):
        lo, hi = VAGUE_COUNTS[n][unit]
        a, b = _add_units(ref, sign * lo, unit), _add_units(ref, sign * hi, unit)
        e, l = min(a, b), max(a, b)
        if unit == "m":
            e, l = e.replace(day=1), _month_span(l.year, l.month)[1]
        elif unit == "y":
            e, l = date(e.year, 1, 1), date(l.year, 12, 31)
        return e, l, "days" if unit in ("d", "w") else _gran(e, l)
    if n > 100000:
        return None
    if unit == "d":
        return _day(ref + timedelta(days=sign * n))
    if unit == "w":
        return _day(ref + timedelta(weeks=sign * n))
    if unit == "m":
        d = _add_months(ref, sign * n)
        e, l = _month_span(d.year, d.month)
        return e, l, "month"
    y = ref.year + sign * n
    return date(y, 1, 1), date(y, 12, 31), "year"


def _hours_span(ref: date, n, sign: int) -> Result | None:
    """'vor zwei Stunden' is today; hours ahead ('in 24 Stunden') are no date."""
    if sign < 0 and (isinstance(n, str) or n <= 24):
        return _day(ref)
    return None


@_rule(r"(?:vor|Vor)(?=\s)", r"vor\s+" + _APPROX + r"(?:(?P<half>einem\s+halben\s+Jahr)(?!\w)|" + _num("n") + r"\s+" + _UNIT + ")")
def _h_ago(m, c):
    """vor drei Tagen, vor zwei Wochen (the day), vor drei Monaten (the month), vor einigen Tagen, vor einem halben Jahr."""
    return _relative(m, c, -1)


@_rule(r"(?:in|In)(?=\s)", r"in\s+" + _APPROX + r"(?:(?P<half>einem\s+halben\s+Jahr)(?!\w)|" + _num("n") + r"\s+" + _UNIT + ")")
def _h_in(m, c):
    """in drei Tagen, in zwei Wochen, in einem Monat."""
    return _relative(m, c, 1)


def _relative(m, c, sign: int) -> Result | None:
    if m["half"]:
        if c.ref is None:
            return _OPEN
        d = _add_months(c.ref, 6 * sign)
        e, l = _month_span(d.year, d.month)
        return e, l, "month"
    n, u = _count(m["n"]), m["u"][:2].lower()
    if n is None or n == 0 or (u in ("st", "mi") and _hours_span(date(2000, 1, 1), n, sign) is None):
        return None
    if c.ref is None:
        return _OPEN
    if u in ("st", "mi"):
        return _hours_span(c.ref, n, sign)
    return _offset_span(c.ref, n, _UNIT_KEY[u], sign)


@_rule("innerhalb|Innerhalb|binnen|Binnen",
       r"(?:innerhalb|binnen)\s+(?:von\s+)?(?:(?:der|den)\s+(?:nächsten|kommenden|ersten)\s+)?[„\"“]?"
       + _num("n") + r"[“\"”]?\s+" + _UNIT)
def _h_within(m, c):
    """innerhalb von zwei Wochen: ref .. ref + 2 weeks. Hours give no date."""
    n, u = _count(m["n"]), m["u"][:2].lower()
    if n is None or u in ("st", "mi"):
        return None
    if isinstance(n, str):
        n = VAGUE_COUNTS[n][_UNIT_KEY[u]][1]
    if n > 100000:
        return None
    if c.ref is None:
        return _OPEN
    return c.ref, _add_units(c.ref, n, _UNIT_KEY[u]), "days"


_PLURAL_UNITS = frozenset("tage tagen wochen monate monaten jahre jahren".split())


@_rule(r"(?:in|In|während|Während|innerhalb|Innerhalb)(?=\s)",
       r"(?:in|während|innerhalb)\s+(?:den|der)\s+"
       r"(?P<q>kommenden|nächsten|folgenden|vergangenen|letzten|zurückliegenden|vorigen)\s+(?:" + _num("n") + r"\s+)?" + _UNIT)
def _h_next_n(m, c):
    """in den kommenden drei Tagen (ref..ref+3), in den vergangenen Wochen (ref-6 Wochen..ref)."""
    u = m["u"][:2].lower()
    if u in ("st", "mi") or m["u"].lower() not in _PLURAL_UNITS:
        return None
    unit = _UNIT_KEY[u]
    if m["n"]:
        n = _count(m["n"])
        if n is None:
            return None
        if isinstance(n, str):
            n = VAGUE_COUNTS[n][unit][1]
    else:
        n = {"d": 7, "w": 6, "m": 6, "y": 5}[unit]
    if n > 100000:
        return None
    if c.ref is None:
        return _OPEN
    future = m["q"].lower() in ("kommenden", "nächsten", "folgenden")
    if future:
        e = c.ref + timedelta(days=1) if not m["n"] else c.ref
        l = _add_units(c.ref, n, unit)
    else:
        e, l = _add_units(c.ref, -n, unit), c.ref
    return e, l, "days" if unit in ("d", "w") else _gran(e, l)


@_rule(r"(?:seit|Seit)(?=\s)", r"seit\s+" + _APPROX + _num("n") + r"\s+(?P<u>Wochen|Woche|Monaten|Monat)(?!\w)")
def _h_since_n(m, c):
    """seit drei Wochen: ref - 3 weeks .. ref ("seit drei Jahren" is a duration: nothing)."""
    n = _count(m["n"])
    if n is None:
        return None
    unit = "w" if m["u"].lower().startswith("w") else "m"
    if isinstance(n, str):
        n = VAGUE_COUNTS[n][unit][1]
    if n > 100000:
        return None
    if c.ref is None:
        return _OPEN
    e = _add_units(c.ref, -n, unit)
    return e, c.ref, "days" if unit == "w" else _gran(e, c.ref)


@_rule(r"(?:im|Im)(?=\s)",
       r"im\s+(?:Laufe|Lauf|Verlauf)\s+(?:(?P<day>des\s+(?:heutigen\s+)?(?:Tages|Vormittags|Nachmittags|Abends))"
       r"|der\s+(?:(?P<wq>" + _QW + r")\s+)?(?P<week>Woche)"
       r"|des\s+(?:(?P<mq>" + _QW + r")\s+)?(?P<month>Monats)|des\s+(?:(?P<yq>" + _QW + r")\s+)?(?P<year>Jahres))(?!\w)")
def _h_course(m, c):
    """im Laufe des Tages/der Woche/des Monats/des Jahres (the rest or the past part by tense)."""
    if c.ref is None:
        return _OPEN
    ref = c.ref
    if m["day"]:
        return _day(ref)
    if m["week"]:
        off = _qoff(m["wq"]) if m["wq"] else 0
        e = _monday(ref) + timedelta(weeks=off or 0)
        l, g = e + timedelta(days=6), "week"
    elif m["month"]:
        off = _qoff(m["mq"]) if m["mq"] else 0
        e, l = _month_span(*_ym(_add_months(ref.replace(day=1), off or 0)))
        g = "month"
    else:
        off = _qoff(m["yq"]) if m["yq"] else 0
        y = ref.year + (off or 0)
        e, l, g = date(y, 1, 1), date(y, 12, 31), "year"
    if e <= ref <= l and c.tense == "future":
        e = ref
    elif e <= ref <= l and c.tense == "past":
        l = ref
    return e, l, g if e != l else "day"


# --------------------------------------------------------------------------- selection

_PREFIX = re.compile(r"(?<!\w)(?P<w>seit|bis|ab)\s+$", _FLAGS)
_FIRST_SINCE = re.compile(r"(?<!\w)(?:erstmals|ersten\s+Mal|zuletzt)\s+(?:wieder\s+)?seit\s+\Z", _FLAGS)


def _widen(c: _Ctx, start: int, res: Result) -> tuple[int, Result]:
    """Apply a preceding seit/bis/ab: seit X -> X..ref, bis X -> ref..X, ab X -> X."""
    before = c.text[max(0, start - 30):start]
    pm = _PREFIX.search(before)
    if not pm:
        return start, res
    new_start = start - (len(before) - pm.start())
    w = pm["w"].lower()
    e, l, g = res
    if w == "seit":
        if e is None:
            return new_start, res
        if c.ref is None:
            return new_start, (e, None, "open")
        if e <= c.ref:
            return new_start, (e, c.ref, _gran(e, c.ref))
        return new_start, res
    if w == "bis":
        if l is None:
            return new_start, res
        if c.ref is None:
            return new_start, (None, l, "open")
        if c.ref <= l:
            return new_start, (c.ref, l, _gran(c.ref, l))
        return new_start, res
    return new_start, res


_PRE_WORD = re.compile(
    r"(?:am|an|im|in|aus|dem|den|der|die|das|des|vom|von|zum|zur|zu|zwischen|für|über|übers|um|späten|frühen|"
    r"darauf|anfang|mitte|ende|beginn|jahren|heute|[1-4]\.|" + _QW
    + r"|(?:heutig|gestrig|morgig|vorgestrig|darauffolgend|erst|zweit|dritt|viert)e[mnrs]?|(?:" + _alt(WEEKDAYS) + r")\w*)",
    _FLAGS,
)
_BAD_BEFORE_NUMBER = frozenset(".,/:-§_")


def _prev_word(text: str, s: int) -> str:
    """The word before position s (only if whitespace separates them)."""
    j = s
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == s:
        return ""
    i = j
    while i > 0 and j - i < 30 and not text[i - 1].isspace():
        i -= 1
    return text[i:j].strip("„\"“”»«(,")


def _number_hits(text: str) -> dict[str, list[int]]:
    """Starts of numbers (not glued to a word or a number) by kind."""
    hits: dict[str, list[int]] = {"short": [], "year": [], "decade": []}
    for am in re.finditer(_A_DIG, text):
        s, e = am.span()
        if s and (text[s - 1].isalnum() or text[s - 1] in _BAD_BEFORE_NUMBER):
            continue
        n = e - s
        if n <= 2 and text[e:e + 1] == ".":
            hits["short"].append(s)
        if n == 4:
            hits["year"].append(s)
        if text[e:e + 2] in ("er", "ER"):
            hits["decade"].append(s)
    return hits


def _anchor_hits(rule: _Rule, text: str, numbers: dict[str, list[int]]):
    """Where rule's body may start: after a word boundary, at its anchor."""
    if rule.kind:
        yield from numbers[rule.kind]
        return
    for am in rule.anchor.finditer(text):
        s = am.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            continue
        yield s


def _candidates(c: _Ctx):
    """Every rule's accepted matches: (start, end, rule index, result); result None only blocks."""
    text = c.text
    out = []
    prefix_ok: dict[int, bool] = {}
    numbers = _number_hits(text)
    for idx, rule in enumerate(_RULES):
        for s in _anchor_hits(rule, text, numbers):
            ps = s
            if rule.pre_end is not None:
                ok = prefix_ok.get(s)
                if ok is None:
                    ok = prefix_ok[s] = bool(_PRE_WORD.fullmatch(_prev_word(text, s)))
                if ok:
                    pm = rule.pre_end.search(text, max(0, s - 60), s)
                    if pm:
                        ps = pm.start()
            m = rule.full.match(text, ps)
            if m is None and ps != s:
                m = rule.full.match(text, s)
            if m is None or m.end() <= m.start():
                continue
            if _FIRST_SINCE.search(text, max(0, m.start() - 40), m.start()):
                # "erstmals seit 2022" says how long it had not happened, not when it happened:
                # the match only blocks its own words
                out.append((m.start(), m.end(), idx, None))
                continue
            cm = c
            if c.tense != "future" and _RX_FOR_END.search(text, max(0, m.start() - 12), m.start()):
                cm = c._replace(tense="future")  # "das für Donnerstag geplante Treffen" looks ahead
            elif c.tense != "past" and _RX_SINCE_END.search(text, max(0, m.start() - 12), m.start()):
                cm = c._replace(tense="past")  # "seit Montag" looks back
            try:
                res = rule.handler(m, cm)
            except Exception:  # noqa: BLE001 - a bad match must never break the whole text
                res = None
            if res is None:
                continue
            e, l, g = res
            if e is not None and l is not None and e > l:
                continue
            out.append((m.start(), m.end(), idx, res))
    return out


def find_timexes(text: str, ref: date | None = None, tense: str = "present") -> list[TimeSpan]:
    """All temporal expressions in text, in text order, non-overlapping (longest match wins).

    ref: the reference date (article publication date) or None; relative expressions then
    stay open. tense: "past", "present" or "future", the direction relative expressions
    resolve in.
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(ref, datetime):
        ref = ref.date()
    if not isinstance(ref, date):
        ref = None
    c = _Ctx(text, ref, tense if tense in ("past", "present", "future") else "present")
    cands = _candidates(c)
    cands.sort(key=lambda t: (-(t[1] - t[0]), t[0], t[2]))
    taken = bytearray(len(text))
    chosen = []
    for s, e, _, res in cands:
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        if res is not None:
            chosen.append((s, e, res))
    chosen.sort()
    spans = []
    for s, e, res in chosen:
        try:
            ns, res2 = _widen(c, s, res)
        except (ValueError, OverflowError):
            ns, res2 = s, res
        if ns < s and any(taken[ns:s]):
            ns, res2 = s, res
        a, b, g = res2
        if a is not None and b is not None and a > b:
            a, b, g = res
        spans.append(TimeSpan(a, b, g, text[ns:e], ns, e))
    return spans


def resolve(text: str, ref: date | None = None, tense: str = "present") -> TimeSpan | None:
    """Convenience: the first expression in text, or None."""
    found = find_timexes(text, ref, tense)
    return found[0] if found else None
