"""Publication dates found in an article's own text (kg.ingest.pubdate)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.pubdate import find_publication_date

BODY = (
    "US-Präsident Donald Trump hat am Donnerstag mit Kremlchef Wladimir Putin telefoniert. "
    "Die beiden wollen sich in der kommenden Woche in Budapest treffen, teilte das Weiße Haus mit. "
)
LONG_BODY = BODY * 12  # about 2,200 characters: longer than head and tail together

FOUND = [
    # (text, date, the date's own wording)
    ("17. Mai 2025, 21:11 Uhr · Quelle: dpa\n" + BODY, "2025-05-17", "17. Mai 2025"),
    ("Wien. " + BODY + "(APA, 18.7.2015)", "2015-07-18", "18.7.2015"),
    ("Stand: 12.02.2025 18:03 Uhr\n" + BODY, "2025-02-12", "12.02.2025"),
    ("17.05.2025 · 21:11 Uhr\n" + BODY, "2025-05-17", "17.05.2025"),
    ("Veröffentlicht am 3. März 2024\n" + BODY, "2024-03-03", "3. März 2024"),
    ("Berlin, 05.06.2023 (dpa) - " + BODY, "2023-06-05", "05.06.2023"),
    ("Aktualisiert: 12.02.2025, 10:00\n" + BODY, "2025-02-12", "12.02.2025"),
    ("Aktualisiert am 4. Juni 2024 um 12:30 Uhr\n" + BODY, "2024-06-04", "4. Juni 2024"),
    ("Trump telefoniert mit Putin\nMontag, 17.03.2025\n" + BODY, "2025-03-17", "17.03.2025"),
    ("Von Anna Muster | 17.05.2025\n" + BODY, "2025-05-17", "17.05.2025"),
    ("Erstellt: 2025-05-17\n" + BODY, "2025-05-17", "2025-05-17"),
    ("Moskau, 3. Nov. 2024\n" + BODY, "2024-11-03", "3. Nov. 2024"),
    ("Datum: 1.2.2016\n" + BODY, "2016-02-01", "1.2.2016"),
    (LONG_BODY + "\nStand: 12.02.2025 18:03 Uhr", "2025-02-12", "12.02.2025"),
    (LONG_BODY + " (APA, 18.7.2015)", "2015-07-18", "18.7.2015"),
    ("Veröffentlicht: Samstag, 17. Mai 2025\n" + BODY, "2025-05-17", "17. Mai 2025"),
    # the head wins over the tail
    ("Stand: 12.02.2025\n" + LONG_BODY + "\n(APA, 18.7.2015)", "2025-02-12", "12.02.2025"),
    # the first dateline in the head wins
    ("17.05.2025 · 21:11 Uhr\nAktualisiert: 18.05.2025 10:00 Uhr\n" + BODY, "2025-05-17", "17.05.2025"),
]

NOT_FOUND = [
    BODY,
    "",
    "Am 3. März 2024 trafen sich Putin und Trump in Moskau.",
    "Die Sitzung am 17.05.2025 war lang. " + BODY,
    # a dateline deep in the body does not count
    LONG_BODY + "\nBerlin, 05.06.2023 (dpa)\n" + LONG_BODY,
    LONG_BODY + "Stand: 12.02.2025 18:03 Uhr\n" + LONG_BODY,
    # impossible or implausible dates
    "Stand: 31.02.2025\n" + BODY,
    "Stand: 12.02.1850\n" + BODY,
    "Stand: 99.99.2025\n" + BODY,
    # a clock time alone is no date
    "21:11 Uhr · Quelle: dpa\n" + BODY,
]


@pytest.mark.parametrize("text,expected,wording", FOUND)
def test_found(text, expected, wording):
    found = find_publication_date(text)
    assert found is not None
    day, start, end = found
    assert day == date.fromisoformat(expected)
    assert text[start:end] == wording


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_found(text):
    assert find_publication_date(text) is None


def test_at_least_fifteen_cases():
    assert len(FOUND) + len(NOT_FOUND) >= 15


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises(text):
    found = find_publication_date(text)
    if found is not None:
        day, start, end = found
        assert isinstance(day, date) and 0 <= start < end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2099, 12, 31)))
def test_any_plausible_date_on_a_stand_line(day):
    text = f"Stand: {day.day:02d}.{day.month:02d}.{day.year} 18:03 Uhr\n" + BODY
    assert find_publication_date(text)[0] == day
