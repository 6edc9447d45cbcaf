"""Table-driven tests of the German temporal-expression normaliser (kg.extraction.timex)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extraction.timex import find_timexes, resolve
from kg.model import GRANULARITIES

D = date.fromisoformat
THU = D("2025-10-16")  # Thursday
SAT = D("2025-05-17")  # Saturday
SUN = D("2025-02-09")  # Sunday
WED = D("2025-02-12")  # Wednesday
MON = D("2024-12-30")  # Monday, the turn of the year
LEAP = D("2016-02-29")  # Monday, a leap day

P, N, F = "past", "present", "future"

# (text, ref, tense, expected span text, earliest, latest); dates as ISO strings, None = open
CASES = [
    # ---------------------------------------------------------------- weekdays
    ("US-Präsident Donald Trump hat am Donnerstag mit Putin telefoniert.", THU, P, "am Donnerstag", "2025-10-16", "2025-10-16"),
    ("Er reist am Donnerstag nach Budapest.", THU, F, "am Donnerstag", "2025-10-23", "2025-10-23"),
    ("Er reist an diesem Donnerstag nach Budapest.", THU, F, "an diesem Donnerstag", "2025-10-16", "2025-10-16"),
    ("Er spricht am Donnerstag vor dem Parlament.", THU, N, "am Donnerstag", "2025-10-16", "2025-10-16"),
    ("Er hat am Montag mit ihm gesprochen.", THU, P, "am Montag", "2025-10-13", "2025-10-13"),
    ("Er wird am Montag mit ihm sprechen.", THU, F, "am Montag", "2025-10-20", "2025-10-20"),
    ("Er spricht am Montag mit ihm.", THU, N, "am Montag", "2025-10-20", "2025-10-20"),
    ("Sie trafen sich am Freitag.", THU, P, "am Freitag", "2025-10-10", "2025-10-10"),
    ("Sie treffen sich am Freitag.", THU, F, "am Freitag", "2025-10-17", "2025-10-17"),
    ("Das war vergangenen Donnerstag.", THU, P, "vergangenen Donnerstag", "2025-10-09", "2025-10-09"),
    ("Das war letzten Donnerstag.", THU, N, "letzten Donnerstag", "2025-10-09", "2025-10-09"),
    ("Sie treffen sich am kommenden Montag.", THU, F, "am kommenden Montag", "2025-10-20", "2025-10-20"),
    ("Sie treffen sich am nächsten Donnerstag.", THU, F, "am nächsten Donnerstag", "2025-10-23", "2025-10-23"),
    ("Selenskyj traf am Mittwochabend in Washington ein.", THU, P, "am Mittwochabend", "2025-10-15", "2025-10-15"),
    ("Die Nachricht kam am späten Freitagabend.", THU, P, "am späten Freitagabend", "2025-10-10", "2025-10-10"),
    ("Trump telefonierte Donnerstag mit Putin.", THU, P, "Donnerstag", "2025-10-16", "2025-10-16"),
    ("Die Gespräche gehen am Donnerstag um 10:00 Uhr weiter.", THU, P, "am Donnerstag um 10:00 Uhr", "2025-10-16", "2025-10-16"),
    ("Das Treffen ist am Montag nächster Woche.", THU, F, "am Montag nächster Woche", "2025-10-20", "2025-10-20"),
    ("Er reist am Dienstag kommender Woche.", THU, F, "am Dienstag kommender Woche", "2025-10-21", "2025-10-21"),
    ("Er war Dienstag vergangener Woche dort.", THU, P, "Dienstag vergangener Woche", "2025-10-07", "2025-10-07"),
    ("Am heutigen Donnerstag beginnt der Gipfel.", THU, N, "Am heutigen Donnerstag", "2025-10-16", "2025-10-16"),
    ("Am gestrigen Mittwoch sagte er ab.", THU, P, "Am gestrigen Mittwoch", "2025-10-15", "2025-10-15"),
    ("Er fliegt Montagmorgen nach Kiew.", THU, F, "Montagmorgen", "2025-10-20", "2025-10-20"),
    ("Am Samstag trafen sich die Minister.", SAT, P, "Am Samstag", "2025-05-17", "2025-05-17"),
    ("Am Samstag treffen sich die Minister.", SAT, F, "Am Samstag", "2025-05-24", "2025-05-24"),
    ("Am Samstag treffen sich die Minister.", SAT, N, "Am Samstag", "2025-05-17", "2025-05-17"),
    ("Am Sonnabend trafen sich die Minister.", SAT, P, "Am Sonnabend", "2025-05-17", "2025-05-17"),
    ("telefoniert US-Präsident Donald Trump am Montag erneut mit Kremlchef Wladimir Putin", SAT, F, "am Montag", "2025-05-19", "2025-05-19"),
    ("Am Freitag trafen sich erstmals seit drei Jahren ukrainische und russische Unterhändler", SAT, P, "Am Freitag", "2025-05-16", "2025-05-16"),
    ("Er sprach am Sonntag mit Macron.", SUN, P, "am Sonntag", "2025-02-09", "2025-02-09"),
    ("Er spricht am Sonntag mit Macron.", SUN, F, "am Sonntag", "2025-02-16", "2025-02-16"),
    ("Er spricht am Montag mit Macron.", SUN, F, "am Montag", "2025-02-10", "2025-02-10"),
    ("Er sprach am Montag mit Macron.", SUN, P, "am Montag", "2025-02-03", "2025-02-03"),
    ("Das Gespräch fand am Mittwoch statt.", WED, P, "am Mittwoch", "2025-02-12", "2025-02-12"),
    ("Das Gespräch findet am Mittwoch statt.", WED, N, "am Mittwoch", "2025-02-12", "2025-02-12"),
    ("Das Gespräch wird am Mittwoch stattfinden.", WED, F, "am Mittwoch", "2025-02-19", "2025-02-19"),
    ("Das war vergangenen Mittwoch.", WED, P, "vergangenen Mittwoch", "2025-02-05", "2025-02-05"),
    ("Sie sprachen am Dienstag.", MON, P, "am Dienstag", "2024-12-24", "2024-12-24"),
    ("Sie sprechen am Dienstag.", MON, F, "am Dienstag", "2024-12-31", "2024-12-31"),
    ("Sie sprechen am Freitag.", MON, F, "am Freitag", "2025-01-03", "2025-01-03"),
    ("Sie sprachen am Freitag.", MON, P, "am Freitag", "2024-12-27", "2024-12-27"),
    ("Er kam am Sonntag an.", LEAP, P, "am Sonntag", "2016-02-28", "2016-02-28"),
    ("Er kommt am Sonntag an.", LEAP, F, "am Sonntag", "2016-03-06", "2016-03-06"),
    ("Er kommt am kommenden Montag.", LEAP, F, "am kommenden Montag", "2016-03-07", "2016-03-07"),
    ("Seit Montag verhandeln sie.", THU, N, "Seit Montag", "2025-10-13", "2025-10-16"),
    ("Von Montag bis Mittwoch tagte der Rat.", THU, P, "Von Montag bis Mittwoch", "2025-10-13", "2025-10-15"),
    ("Von Montag bis Mittwoch tagt der Rat.", THU, F, "Von Montag bis Mittwoch", "2025-10-20", "2025-10-22"),
    ("Sie verhandelten am Montag und Dienstag in Riad.", D("2025-03-26"), P, "am Montag und Dienstag", "2025-03-24", "2025-03-25"),
    ("Das für Donnerstag geplante Treffen wurde verschoben.", D("2025-10-21"), P, "Donnerstag", "2025-10-23", "2025-10-23"),
    ("Die für Montag angesetzten Verhandlungen wurden verschoben.", D("2023-09-03"), P, "Montag", "2023-09-04", "2023-09-04"),
    # night before a day
    ("In der Nacht zum Mittwoch griff Russland an.", THU, P, "In der Nacht zum Mittwoch", "2025-10-14", "2025-10-15"),
    ("In der Nacht zum Freitag wird abgestimmt.", THU, F, "In der Nacht zum Freitag", "2025-10-16", "2025-10-17"),
    ("in der Nacht von Dienstag auf Mittwoch", THU, P, "in der Nacht von Dienstag auf Mittwoch", "2025-10-14", "2025-10-15"),
    ("in der Nacht auf Sonntag", SUN, P, "in der Nacht auf Sonntag", "2025-02-08", "2025-02-09"),
    ("in der Nacht zum Mittwoch", WED, P, "in der Nacht zum Mittwoch", "2025-02-11", "2025-02-12"),
    # ---------------------------------------------------------------- day words
    ("Heute trifft er Putin.", THU, N, "Heute", "2025-10-16", "2025-10-16"),
    ("Er hat gestern telefoniert.", THU, P, "gestern", "2025-10-15", "2025-10-15"),
    ("Er hat vorgestern telefoniert.", THU, P, "vorgestern", "2025-10-14", "2025-10-14"),
    ("Er wird morgen telefonieren.", THU, F, "morgen", "2025-10-17", "2025-10-17"),
    ("Er wird übermorgen telefonieren.", THU, F, "übermorgen", "2025-10-18", "2025-10-18"),
    ("Morgen reist Putin nach Budapest.", THU, F, "Morgen", "2025-10-17", "2025-10-17"),
    ("Er spricht heute Abend im Fernsehen.", SAT, N, "heute Abend", "2025-05-17", "2025-05-17"),
    ("Er sprach gestern Abend im Fernsehen.", SAT, P, "gestern Abend", "2025-05-16", "2025-05-16"),
    ("Er fliegt morgen früh nach Kiew.", SUN, F, "morgen früh", "2025-02-10", "2025-02-10"),
    ("Gestern telefonierten sie.", MON, P, "Gestern", "2024-12-29", "2024-12-29"),
    ("Er sprach heute.", LEAP, P, "heute", "2016-02-29", "2016-02-29"),
    ("Er spricht morgen.", LEAP, F, "morgen", "2016-03-01", "2016-03-01"),
    ("Er sprach gestern.", LEAP, P, "gestern", "2016-02-28", "2016-02-28"),
    ("Er hatte am Vortag telefoniert.", THU, P, "am Vortag", "2025-10-15", "2025-10-15"),
    ("Er reiste am Folgetag ab.", THU, P, "am Folgetag", "2025-10-17", "2025-10-17"),
    ("Er reiste am nächsten Tag ab.", THU, P, "am nächsten Tag", "2025-10-17", "2025-10-17"),
    ("Tags darauf reiste er ab.", THU, P, "Tags darauf", "2025-10-17", "2025-10-17"),
    ("Er hatte tags zuvor telefoniert.", MON, P, "tags zuvor", "2024-12-29", "2024-12-29"),
    ("Am Tag darauf reiste er ab.", MON, P, "Am Tag darauf", "2024-12-31", "2024-12-31"),
    ("Heute vor einem Jahr trafen sie sich.", THU, P, "Heute vor einem Jahr", "2024-10-16", "2024-10-16"),
    ("Das war heute vor zwei Wochen.", THU, P, "heute vor zwei Wochen", "2025-10-02", "2025-10-02"),
    # ---------------------------------------------------------------- explicit dates
    ("17. Mai 2025, 21:11 Uhr", None, P, "17. Mai 2025, 21:11 Uhr", "2025-05-17", "2025-05-17"),
    ("Er kam am 17. Mai 2025 an.", THU, P, "am 17. Mai 2025", "2025-05-17", "2025-05-17"),
    ("Er kam am 17. Mai an.", SAT, P, "am 17. Mai", "2025-05-17", "2025-05-17"),
    ("Er kam am 17. Mai an.", THU, P, "am 17. Mai", "2025-05-17", "2025-05-17"),
    ("Sie treffen sich am 3. November.", THU, F, "am 3. November", "2025-11-03", "2025-11-03"),
    ("Er hatte ein Treffen am 3. November angekündigt.", THU, P, "am 3. November", "2025-11-03", "2025-11-03"),
    ("Am 20. Dezember trafen sie sich.", WED, P, "Am 20. Dezember", "2024-12-20", "2024-12-20"),
    ("Am 20. Dezember treffen sie sich.", WED, F, "Am 20. Dezember", "2025-12-20", "2025-12-20"),
    ("Am 3. Januar treffen sie sich.", MON, F, "Am 3. Januar", "2025-01-03", "2025-01-03"),
    ("Am 24. Dezember telefonierten sie.", MON, P, "Am 24. Dezember", "2024-12-24", "2024-12-24"),
    ("Am 3. November treffen sie sich.", THU, N, "Am 3. November", "2025-11-03", "2025-11-03"),
    ("Am 20. Mai wollen sie sich treffen.", SAT, F, "Am 20. Mai", "2025-05-20", "2025-05-20"),
    ("Datum: 17.05.2025", None, P, "17.05.2025", "2025-05-17", "2025-05-17"),
    ("Datum: 17.5.2025", None, P, "17.5.2025", "2025-05-17", "2025-05-17"),
    ("Datum: 17.05.25", None, P, "17.05.25", "2025-05-17", "2025-05-17"),
    ("Sie trafen sich am 17.5. in Istanbul.", SAT, P, "am 17.5.", "2025-05-17", "2025-05-17"),
    ("Sie treffen sich am 3.11. in Budapest.", THU, N, "am 3.11.", "2025-11-03", "2025-11-03"),
    ("Das war am 3. Nov. 2024.", THU, P, "am 3. Nov. 2024", "2024-11-03", "2024-11-03"),
    ("Das war am 1. Febr. 2025.", THU, P, "am 1. Febr. 2025", "2025-02-01", "2025-02-01"),
    ("Das war am 15. Jänner 2025.", THU, P, "am 15. Jänner 2025", "2025-01-15", "2025-01-15"),
    ("Das war am 2. Feber 2024.", THU, P, "am 2. Feber 2024", "2024-02-02", "2024-02-02"),
    ("Das war am 5. Sept. 2023.", THU, P, "am 5. Sept. 2023", "2023-09-05", "2023-09-05"),
    ("Das war am 12. Okt. 2025.", THU, P, "am 12. Okt. 2025", "2025-10-12", "2025-10-12"),
    ("Das war am 24. Dez. 2024.", THU, P, "am 24. Dez. 2024", "2024-12-24", "2024-12-24"),
    ("Das war am 7. Aug. 2024.", THU, P, "am 7. Aug. 2024", "2024-08-07", "2024-08-07"),
    ("Stand 2025-05-17", None, P, "2025-05-17", "2025-05-17", "2025-05-17"),
    ("Montag, dem 20. Juli 2015", THU, P, "Montag, dem 20. Juli 2015", "2015-07-20", "2015-07-20"),
    ("Am Montag, dem 20. Juli, trafen sie sich.", LEAP, P, "Am Montag, dem 20. Juli", "2015-07-20", "2015-07-20"),
    ("Es war der 20. Juli 2015.", None, P, "20. Juli 2015", "2015-07-20", "2015-07-20"),
    ("Am Donnerstag, 16. Oktober, telefonierten sie.", THU, P, "Am Donnerstag, 16. Oktober", "2025-10-16", "2025-10-16"),
    ("Das war am 29. Februar.", LEAP, P, "am 29. Februar", "2016-02-29", "2016-02-29"),
    ("Das war am 29. Februar.", THU, P, "am 29. Februar", "2024-02-29", "2024-02-29"),
    ("Am 17. Mai 2025 um 21:11 Uhr", None, P, "Am 17. Mai 2025 um 21:11 Uhr", "2025-05-17", "2025-05-17"),
    ("Seit dem 3. März verhandeln sie.", SAT, N, "Seit dem 3. März", "2025-03-03", "2025-05-17"),
    ("Bis zum 20. Mai soll es eine Antwort geben.", SAT, F, "Bis zum 20. Mai", "2025-05-17", "2025-05-20"),
    # ---------------------------------------------------------------- months
    ("Im August trafen sie sich.", SAT, P, "Im August", "2024-08-01", "2024-08-31"),
    ("Im August treffen sie sich.", SAT, F, "Im August", "2025-08-01", "2025-08-31"),
    ("Im August treffen sie sich.", SAT, N, "Im August", "2025-08-01", "2025-08-31"),
    ("Im August 2025 trafen sie sich.", None, P, "Im August 2025", "2025-08-01", "2025-08-31"),
    ("Im August 2025 trafen sie sich.", SUN, F, "Im August 2025", "2025-08-01", "2025-08-31"),
    ("Das war im Juni 2014.", THU, P, "im Juni 2014", "2014-06-01", "2014-06-30"),
    ("Das war im Dezember vergangenen Jahres.", SAT, P, "im Dezember vergangenen Jahres", "2024-12-01", "2024-12-31"),
    ("Das war im März dieses Jahres.", SAT, P, "im März dieses Jahres", "2025-03-01", "2025-03-31"),
    ("Er kommt im Januar kommenden Jahres.", THU, F, "im Januar kommenden Jahres", "2026-01-01", "2026-01-31"),
    ("Das war Mitte März.", SAT, P, "Mitte März", "2025-03-11", "2025-03-20"),
    ("Das war Anfang März.", SAT, P, "Anfang März", "2025-03-01", "2025-03-10"),
    ("Das war Ende März.", SAT, P, "Ende März", "2025-03-21", "2025-03-31"),
    ("Das war Ende Februar.", LEAP, P, "Ende Februar", "2016-02-21", "2016-02-29"),
    ("Das ist Ende Februar geplant.", WED, F, "Ende Februar", "2025-02-21", "2025-02-28"),
    ("Er kommt Ende Mai 2025.", THU, P, "Ende Mai 2025", "2025-05-21", "2025-05-31"),
    ("Mitte Februar und zuletzt Mitte März", SAT, P, "Mitte Februar", "2025-02-11", "2025-02-20"),
    ("Mitte Februar und zuletzt Mitte März", SAT, P, "Mitte März", "2025-03-11", "2025-03-20"),
    ("Das war im Oktober.", THU, P, "im Oktober", "2025-10-01", "2025-10-31"),
    ("Das war im November.", THU, P, "im November", "2024-11-01", "2024-11-30"),
    ("Er kommt im November.", THU, F, "im November", "2025-11-01", "2025-11-30"),
    ("Das war im Januar.", MON, P, "im Januar", "2024-01-01", "2024-01-31"),
    ("Er kommt im Januar.", MON, F, "im Januar", "2025-01-01", "2025-01-31"),
    ("Er ist im Dezember in Rom.", MON, N, "im Dezember", "2024-12-01", "2024-12-31"),
    ("Seit August verhandeln sie.", THU, N, "Seit August", "2025-08-01", "2025-10-16"),
    ("Er wurde für Anfang Dezember eingeladen.", D("2025-11-05"), P, "Anfang Dezember", "2025-12-01", "2025-12-10"),
    ("Das für Mitte Juni geplante Treffen wurde abgesagt.", D("2025-05-30"), P, "Mitte Juni", "2025-06-11", "2025-06-20"),
    ("Das war Anfang des Monats.", THU, P, "Anfang des Monats", "2025-10-01", "2025-10-10"),
    ("Das ist Ende des Monats.", THU, F, "Ende des Monats", "2025-10-21", "2025-10-31"),
    ("Das war Mitte des Monats.", SAT, P, "Mitte des Monats", "2025-05-11", "2025-05-20"),
    ("Das ist Ende des Monats.", LEAP, F, "Ende des Monats", "2016-02-21", "2016-02-29"),
    ("Das war im vergangenen Monat.", THU, P, "im vergangenen Monat", "2025-09-01", "2025-09-30"),
    ("Das ist im nächsten Monat.", MON, F, "im nächsten Monat", "2025-01-01", "2025-01-31"),
    ("Das war im Vormonat.", WED, P, "im Vormonat", "2025-01-01", "2025-01-31"),
    ("Das war Ende vergangenen Monats.", WED, P, "Ende vergangenen Monats", "2025-01-21", "2025-01-31"),
    ("Die Frist endet zum Monatsende.", WED, F, "zum Monatsende", "2025-02-21", "2025-02-28"),
    ("Von März bis Mai 2025 verhandelten sie.", THU, P, "Von März bis Mai 2025", "2025-03-01", "2025-05-31"),
    # ---------------------------------------------------------------- parts of weeks and years
    ("Das war Anfang der Woche.", THU, P, "Anfang der Woche", "2025-10-13", "2025-10-15"),
    ("Das ist Ende der Woche.", THU, F, "Ende der Woche", "2025-10-16", "2025-10-19"),
    ("Das war Mitte der Woche.", THU, P, "Mitte der Woche", "2025-10-14", "2025-10-16"),
    ("Das ist Anfang der Woche.", THU, F, "Anfang der Woche", "2025-10-20", "2025-10-22"),
    ("Das war Ende der Woche.", MON, P, "Ende der Woche", "2024-12-26", "2024-12-29"),
    ("Das ist Anfang nächster Woche.", THU, F, "Anfang nächster Woche", "2025-10-20", "2025-10-22"),
    ("Das war Ende vergangener Woche.", THU, P, "Ende vergangener Woche", "2025-10-09", "2025-10-12"),
    ("Das war Anfang des Jahres.", THU, P, "Anfang des Jahres", "2025-01-01", "2025-04-30"),
    ("Das war Mitte des Jahres.", THU, P, "Mitte des Jahres", "2025-05-01", "2025-08-31"),
    ("Das ist Ende des Jahres.", THU, F, "Ende des Jahres", "2025-09-01", "2025-12-31"),
    ("Das war Anfang 2024.", THU, P, "Anfang 2024", "2024-01-01", "2024-04-30"),
    ("Das war Ende 2024.", THU, P, "Ende 2024", "2024-09-01", "2024-12-31"),
    ("Das war Ende vergangenen Jahres.", WED, P, "Ende vergangenen Jahres", "2024-09-01", "2024-12-31"),
    ("Das ist Anfang nächsten Jahres.", THU, F, "Anfang nächsten Jahres", "2026-01-01", "2026-04-30"),
    ("Ein Abkommen soll bis Ende des Jahres stehen.", THU, F, "bis Ende des Jahres", "2025-10-16", "2025-12-31"),
    ("Ein Abkommen soll bis Ende des Jahres stehen.", WED, F, "bis Ende des Jahres", "2025-02-12", "2025-12-31"),
    ("Das ist zum Jahresende geplant.", THU, F, "zum Jahresende", "2025-09-01", "2025-12-31"),
    # ---------------------------------------------------------------- seasons
    ("Das war im Frühjahr 2024.", THU, P, "im Frühjahr 2024", "2024-03-01", "2024-05-31"),
    ("Das war im Sommer.", THU, P, "im Sommer", "2025-06-01", "2025-08-31"),
    ("Das war im Sommer.", SAT, P, "im Sommer", "2024-06-01", "2024-08-31"),
    ("Das ist im Sommer geplant.", SAT, F, "im Sommer", "2025-06-01", "2025-08-31"),
    ("Das war im Herbst.", THU, P, "im Herbst", "2025-09-01", "2025-11-30"),
    ("Das ist im Herbst geplant.", THU, F, "im Herbst", "2025-09-01", "2025-11-30"),
    ("Das war im Herbst.", SAT, P, "im Herbst", "2024-09-01", "2024-11-30"),
    ("Das war im Winter.", WED, P, "im Winter", "2024-12-01", "2025-02-28"),
    ("Das war im Winter.", THU, P, "im Winter", "2024-12-01", "2025-02-28"),
    ("Das ist im Winter geplant.", THU, F, "im Winter", "2025-12-01", "2026-02-28"),
    ("Das war im Winter.", LEAP, P, "im Winter", "2015-12-01", "2016-02-29"),
    ("Das ist im Winter.", MON, N, "im Winter", "2024-12-01", "2025-02-28"),
    ("Das war im vergangenen Sommer.", SAT, P, "im vergangenen Sommer", "2024-06-01", "2024-08-31"),
    ("Das ist im kommenden Frühjahr geplant.", THU, F, "im kommenden Frühjahr", "2026-03-01", "2026-05-31"),
    ("Das war im Winter 2024/25.", THU, P, "im Winter 2024/25", "2024-12-01", "2025-02-28"),
    ("Das war im Sommer 2022.", THU, P, "im Sommer 2022", "2022-06-01", "2022-08-31"),
    ("Das war im Spätsommer.", THU, P, "im Spätsommer", "2025-08-01", "2025-08-31"),
    # ---------------------------------------------------------------- weeks and weekends
    ("Sie treffen sich in der kommenden Woche.", SUN, F, "in der kommenden Woche", "2025-02-10", "2025-02-16"),
    ("Ein Treffen ist für die nächste Woche geplant.", THU, F, "nächste Woche", "2025-10-20", "2025-10-26"),
    ("Das war in der vergangenen Woche.", SAT, P, "in der vergangenen Woche", "2025-05-05", "2025-05-11"),
    ("Das ist diese Woche.", THU, N, "diese Woche", "2025-10-13", "2025-10-19"),
    ("Das ist in dieser Woche.", MON, N, "in dieser Woche", "2024-12-30", "2025-01-05"),
    ("Das ist kommende Woche.", MON, F, "kommende Woche", "2025-01-06", "2025-01-12"),
    ("Das war vergangene Woche.", MON, P, "vergangene Woche", "2024-12-23", "2024-12-29"),
    ("Das war letzte Woche.", LEAP, P, "letzte Woche", "2016-02-22", "2016-02-28"),
    ("Das ist nächste Woche.", SUN, F, "nächste Woche", "2025-02-10", "2025-02-16"),
    ("Das war in der Vorwoche.", WED, P, "in der Vorwoche", "2025-02-03", "2025-02-09"),
    ("Das ist übernächste Woche.", THU, F, "übernächste Woche", "2025-10-27", "2025-11-02"),
    ("Das war am Wochenende.", SAT, P, "am Wochenende", "2025-05-17", "2025-05-18"),
    ("Das ist am Wochenende.", SAT, F, "am Wochenende", "2025-05-17", "2025-05-18"),
    ("Das war am Wochenende.", THU, P, "am Wochenende", "2025-10-11", "2025-10-12"),
    ("Das ist am Wochenende.", THU, F, "am Wochenende", "2025-10-18", "2025-10-19"),
    ("Das war am Wochenende.", SUN, P, "am Wochenende", "2025-02-08", "2025-02-09"),
    ("Das war am Wochenende.", MON, P, "am Wochenende", "2024-12-28", "2024-12-29"),
    ("Das war am vergangenen Wochenende.", SAT, P, "am vergangenen Wochenende", "2025-05-10", "2025-05-11"),
    ("Das ist am kommenden Wochenende.", SAT, F, "am kommenden Wochenende", "2025-05-24", "2025-05-25"),
    ("Das ist am kommenden Wochenende.", THU, F, "am kommenden Wochenende", "2025-10-18", "2025-10-19"),
    # ---------------------------------------------------------------- relative offsets
    ("Das war vor drei Tagen.", THU, P, "vor drei Tagen", "2025-10-13", "2025-10-13"),
    ("Das war vor 3 Tagen.", THU, P, "vor 3 Tagen", "2025-10-13", "2025-10-13"),
    ("Das war vor zwei Wochen.", THU, P, "vor zwei Wochen", "2025-10-02", "2025-10-02"),
    ("Das war vor zwei Wochen.", D("2025-02-20"), P, "vor zwei Wochen", "2025-02-06", "2025-02-06"),
    ("Das war vor drei Monaten.", THU, P, "vor drei Monaten", "2025-07-01", "2025-07-31"),
    ("Das war vor drei Jahren.", THU, P, "vor drei Jahren", "2022-01-01", "2022-12-31"),
    ("Das war vor einem Jahr.", THU, P, "vor einem Jahr", "2024-01-01", "2024-12-31"),
    ("Das war vor einer Woche.", THU, P, "vor einer Woche", "2025-10-09", "2025-10-09"),
    ("Das war vor einigen Tagen.", THU, P, "vor einigen Tagen", "2025-10-09", "2025-10-14"),
    ("Das war vor einem Monat.", THU, P, "vor einem Monat", "2025-09-01", "2025-09-30"),
    ("Das war vor einem halben Jahr.", THU, P, "vor einem halben Jahr", "2025-04-01", "2025-04-30"),
    ("Das war vor zwei Stunden.", THU, P, "vor zwei Stunden", "2025-10-16", "2025-10-16"),
    ("Das war vor zehn Jahren.", THU, P, "vor zehn Jahren", "2015-01-01", "2015-12-31"),
    ("Das war vor drei Tagen.", SAT, P, "vor drei Tagen", "2025-05-14", "2025-05-14"),
    ("Das war vor einer Woche.", MON, P, "vor einer Woche", "2024-12-23", "2024-12-23"),
    ("Das war vor einem Jahr.", LEAP, P, "vor einem Jahr", "2015-01-01", "2015-12-31"),
    ("Das war vor zwei Tagen.", LEAP, P, "vor zwei Tagen", "2016-02-27", "2016-02-27"),
    ("Das war vor drei Monaten.", MON, P, "vor drei Monaten", "2024-09-01", "2024-09-30"),
    ("Das war vor einem Monat.", LEAP, P, "vor einem Monat", "2016-01-01", "2016-01-31"),
    ("Das ist in drei Tagen.", THU, F, "in drei Tagen", "2025-10-19", "2025-10-19"),
    ("Das ist in zwei Wochen.", THU, F, "in zwei Wochen", "2025-10-30", "2025-10-30"),
    ("Das ist in einem Monat.", THU, F, "in einem Monat", "2025-11-01", "2025-11-30"),
    ("Das ist in zwei Jahren.", THU, F, "in zwei Jahren", "2027-01-01", "2027-12-31"),
    ("Eine Einigung soll innerhalb von zwei Wochen kommen.", THU, F, "innerhalb von zwei Wochen", "2025-10-16", "2025-10-30"),
    ("Eine Einigung soll innerhalb von drei Tagen kommen.", SAT, F, "innerhalb von drei Tagen", "2025-05-17", "2025-05-20"),
    ("Eine Einigung soll binnen einer Woche kommen.", MON, F, "binnen einer Woche", "2024-12-30", "2025-01-06"),
    ("Eine Einigung soll innerhalb von zwei Monaten kommen.", LEAP, F, "innerhalb von zwei Monaten", "2016-02-29", "2016-04-29"),
    ("Eine Einigung soll innerhalb der nächsten zwei Wochen kommen.", THU, F, "innerhalb der nächsten zwei Wochen", "2025-10-16", "2025-10-30"),
    ("Das geschieht in den kommenden zwei Wochen.", THU, F, "in den kommenden zwei Wochen", "2025-10-16", "2025-10-30"),
    ("Das geschieht in den nächsten drei Tagen.", WED, F, "in den nächsten drei Tagen", "2025-02-12", "2025-02-15"),
    ("Das geschah in den vergangenen zwei Wochen.", THU, P, "in den vergangenen zwei Wochen", "2025-10-02", "2025-10-16"),
    ("Das geschah in den letzten drei Monaten.", THU, P, "in den letzten drei Monaten", "2025-07-16", "2025-10-16"),
    ("Das geschieht in den kommenden Tagen.", THU, F, "in den kommenden Tagen", "2025-10-17", "2025-10-23"),
    ("Sie verhandeln seit drei Wochen.", THU, N, "seit drei Wochen", "2025-09-25", "2025-10-16"),
    ("Sie verhandeln seit zwei Monaten.", THU, N, "seit zwei Monaten", "2025-08-16", "2025-10-16"),
    ("Sie verhandeln seit einer Woche.", LEAP, N, "seit einer Woche", "2016-02-22", "2016-02-29"),
    # ---------------------------------------------------------------- years
    ("Das war 2022.", THU, P, "2022", "2022-01-01", "2022-12-31"),
    ("Das war im Jahr 2022.", THU, P, "im Jahr 2022", "2022-01-01", "2022-12-31"),
    ("Das war im Jahre 1990.", THU, P, "im Jahre 1990", "1990-01-01", "1990-12-31"),
    ("Das ist im nächsten Jahr.", THU, F, "im nächsten Jahr", "2026-01-01", "2026-12-31"),
    ("Das ist im kommenden Jahr.", MON, F, "im kommenden Jahr", "2025-01-01", "2025-12-31"),
    ("Das war im vergangenen Jahr.", THU, P, "im vergangenen Jahr", "2024-01-01", "2024-12-31"),
    ("Das war im letzten Jahr.", LEAP, P, "im letzten Jahr", "2015-01-01", "2015-12-31"),
    ("Das war voriges Jahr.", SAT, P, "voriges Jahr", "2024-01-01", "2024-12-31"),
    ("Das ist dieses Jahr.", MON, N, "dieses Jahr", "2024-01-01", "2024-12-31"),
    ("Das war im Vorjahr.", WED, P, "im Vorjahr", "2024-01-01", "2024-12-31"),
    ("Das war zwischen den Jahren.", MON, P, "zwischen den Jahren", "2024-12-25", "2025-01-06"),
    ("Das ist zwischen den Jahren.", THU, F, "zwischen den Jahren", "2025-12-25", "2026-01-06"),
    ("Das war zwischen den Jahren.", WED, P, "zwischen den Jahren", "2024-12-25", "2025-01-06"),
    ("Das war von 2014 bis 2022.", THU, P, "von 2014 bis 2022", "2014-01-01", "2022-12-31"),
    ("Das war zwischen 2014 und 2022.", THU, P, "zwischen 2014 und 2022", "2014-01-01", "2022-12-31"),
    ("Das war 2014–2022.", THU, P, "2014–2022", "2014-01-01", "2022-12-31"),
    ("Das war in den 1990er Jahren.", THU, P, "in den 1990er Jahren", "1990-01-01", "1999-12-31"),
    ("Das war in den 90er-Jahren.", THU, P, "in den 90er-Jahren", "1990-01-01", "1999-12-31"),
    ("Seit 2014 herrscht Krieg.", THU, N, "Seit 2014", "2014-01-01", "2025-10-16"),
    ("Das war im ersten Quartal 2025.", THU, P, "im ersten Quartal 2025", "2025-01-01", "2025-03-31"),
    ("Das war im dritten Quartal.", THU, P, "im dritten Quartal", "2025-07-01", "2025-09-30"),
    ("Das war Q3 2025.", THU, P, "Q3 2025", "2025-07-01", "2025-09-30"),
    ("Das war im zweiten Halbjahr 2024.", THU, P, "im zweiten Halbjahr 2024", "2024-07-01", "2024-12-31"),
    ("Das war im vierten Quartal.", MON, P, "im vierten Quartal", "2024-10-01", "2024-12-31"),
    ("Die Wahl 2024 änderte alles.", THU, P, "2024", "2024-01-01", "2024-12-31"),
    # ---------------------------------------------------------------- holidays
    ("Sie trafen sich an Ostern 2024.", THU, P, "an Ostern 2024", "2024-03-31", "2024-03-31"),
    ("Sie trafen sich an Ostern.", THU, P, "an Ostern", "2025-04-20", "2025-04-20"),
    ("Sie treffen sich an Ostern.", THU, F, "an Ostern", "2026-04-05", "2026-04-05"),
    ("Sie trafen sich an Ostern.", LEAP, P, "an Ostern", "2015-04-05", "2015-04-05"),
    ("Sie treffen sich an Ostern.", LEAP, F, "an Ostern", "2016-03-27", "2016-03-27"),
    ("Sie treffen sich am Karfreitag.", LEAP, F, "am Karfreitag", "2016-03-25", "2016-03-25"),
    ("Sie trafen sich am Ostermontag.", THU, P, "am Ostermontag", "2025-04-21", "2025-04-21"),
    ("Sie trafen sich an Pfingsten.", THU, P, "an Pfingsten", "2025-06-08", "2025-06-08"),
    ("Sie trafen sich am Pfingstmontag.", THU, P, "am Pfingstmontag", "2025-06-09", "2025-06-09"),
    ("Sie treffen sich an Christi Himmelfahrt.", SAT, F, "an Christi Himmelfahrt", "2025-05-29", "2025-05-29"),
    ("Sie treffen sich an Heiligabend.", THU, F, "an Heiligabend", "2025-12-24", "2025-12-24"),
    ("Sie trafen sich an Heiligabend.", MON, P, "an Heiligabend", "2024-12-24", "2024-12-24"),
    ("Sie trafen sich an Weihnachten.", MON, P, "an Weihnachten", "2024-12-24", "2024-12-26"),
    ("Sie treffen sich zu Weihnachten.", WED, F, "zu Weihnachten", "2025-12-24", "2025-12-26"),
    ("Sie trafen sich am ersten Weihnachtsfeiertag.", MON, P, "am ersten Weihnachtsfeiertag", "2024-12-25", "2024-12-25"),
    ("Sie trafen sich am zweiten Weihnachtsfeiertag.", MON, P, "am zweiten Weihnachtsfeiertag", "2024-12-26", "2024-12-26"),
    ("Sie treffen sich an Silvester.", MON, F, "an Silvester", "2024-12-31", "2024-12-31"),
    ("Sie treffen sich an Neujahr.", MON, F, "an Neujahr", "2025-01-01", "2025-01-01"),
    ("Sie trafen sich an Neujahr.", WED, P, "an Neujahr", "2025-01-01", "2025-01-01"),
    ("Sie verhandeln über Ostern.", WED, F, "über Ostern", "2025-04-18", "2025-04-21"),
    ("Das war Weihnachten 2023.", THU, P, "Weihnachten 2023", "2023-12-24", "2023-12-26"),
    ("Sie trafen sich am Ostersonntag.", SAT, P, "am Ostersonntag", "2025-04-20", "2025-04-20"),
    # ---------------------------------------------------------------- ranges
    ("Der Gipfel fand vom 3. bis 5. März statt.", SAT, P, "vom 3. bis 5. März", "2025-03-03", "2025-03-05"),
    ("Der Gipfel fand vom 3. März bis 5. April 2025 statt.", THU, P, "vom 3. März bis 5. April 2025", "2025-03-03", "2025-04-05"),
    ("Der Gipfel fand zwischen dem 3. und dem 5. März statt.", SAT, P, "zwischen dem 3. und dem 5. März", "2025-03-03", "2025-03-05"),
    ("Der Gipfel fand 3.–5. März statt.", SAT, P, "3.–5. März", "2025-03-03", "2025-03-05"),
    ("Der Gipfel fand vom 28. Dezember bis 2. Januar statt.", MON, P, "vom 28. Dezember bis 2. Januar", "2024-12-28", "2025-01-02"),
    ("Der Gipfel fand vom 3. bis 5. März 2025 statt.", None, P, "vom 3. bis 5. März 2025", "2025-03-03", "2025-03-05"),
    ("Der Gipfel fand vom 3.3. bis 5.3.2025 statt.", None, P, "vom 3.3. bis 5.3.2025", "2025-03-03", "2025-03-05"),
    ("Sie tagten am 3. und 4. März.", SAT, P, "3. und 4. März", "2025-03-03", "2025-03-04"),
    # ---------------------------------------------------------------- without a reference date
    ("Das war im Juni 2014.", None, P, "im Juni 2014", "2014-06-01", "2014-06-30"),
    ("Das war 2022.", None, P, "2022", "2022-01-01", "2022-12-31"),
    ("Das war Anfang 2024.", None, P, "Anfang 2024", "2024-01-01", "2024-04-30"),
    ("Das war im Frühjahr 2024.", None, P, "im Frühjahr 2024", "2024-03-01", "2024-05-31"),
    ("Das war an Ostern 2024.", None, P, "an Ostern 2024", "2024-03-31", "2024-03-31"),
    ("Das war am 3. Nov. 2024.", None, P, "am 3. Nov. 2024", "2024-11-03", "2024-11-03"),
    ("Er hat gestern telefoniert.", None, P, "gestern", None, None),
    ("Er hat am Donnerstag telefoniert.", None, P, "am Donnerstag", None, None),
    ("Sie treffen sich kommende Woche.", None, F, "kommende Woche", None, None),
    ("Sie trafen sich im August.", None, P, "im August", None, None),
    ("Das war vor drei Tagen.", None, P, "vor drei Tagen", None, None),
    ("Sie treffen sich am 3. November.", None, F, "am 3. November", None, None),
    ("Sie trafen sich am 17.5. in Istanbul.", None, P, "am 17.5.", None, None),
    ("Sie trafen sich an Ostern.", None, P, "an Ostern", None, None),
    ("Der Gipfel soll im Herbst stattfinden.", None, F, "im Herbst", None, None),
    ("Das war zwischen den Jahren.", None, P, "zwischen den Jahren", None, None),
    ("Das ist am Wochenende.", None, F, "am Wochenende", None, None),
    ("Das war Ende des Monats.", None, P, "Ende des Monats", None, None),
    ("Eine Einigung soll innerhalb von zwei Wochen kommen.", None, F, "innerhalb von zwei Wochen", None, None),
    ("Das war Mitte März.", None, P, "Mitte März", None, None),
]

NEGATIVES = [
    "Die Waffenruhe soll 30 Tage lang gelten.",
    "Er sprach mit dem Präsidenten.",
    "Am Rande des Gipfels gab es Gespräche.",
    "Russland liefert das System S-400.",
    "Die Rakete BGM-109 Tomahawk fliegt weit.",
    "Die Front ist 1600 Kilometern lang.",
    "Er saß bei Maischberger.",
    "Das Gespräch dauerte eineinhalb Stunden.",
    "Das Gespräch dauerte fast eineinhalb Stunden.",
    "Das Gespräch dauerte zwei Stunden.",
    "Er wollte den Krieg in 24 Stunden beenden.",
    "Er wollte den Krieg innerhalb von „24 Stunden“ beenden.",
    "Die Verhandlungen könnten sechs Monate dauern.",
    "Sie hatten sich seit drei Jahren nicht gesehen.",
    "Erstmals seit 2019 trafen sie sich.",
    "Zum ersten Mal seit dem Sommer 2022 sprachen sie miteinander.",
    "Sie sprachen erstmals seit Februar miteinander.",
    "Das Treffen begann um 10:00 Uhr.",
    "Die Meldung kam um 21:11 Uhr.",
    "August Hanning war BND-Präsident.",
    "Thomas Freitag sagte das.",
    "Russland schickte 2000 Soldaten.",
    "Die Resolution 2231 gilt weiter.",
    "Er kam am Morgen.",
    "Guten Morgen, sagte er.",
    "Sie treffen sich jeden Montag.",
    "Er trifft sich montags mit ihm.",
    "Jan Böhmermann sagte das.",
    "Die politische Mitte ist schwach.",
    "Am Ende des Tages zählt das Ergebnis.",
    "Der Mailverkehr war rege.",
    "Das Paket kostet 2025 Euro.",
    "Die Zahl stieg um 2,5 Prozent.",
    "Er trinkt gern Sommerbier.",
    "Das war am 99. Mai.",
    "",
]

REFS = [THU, SAT, SUN, WED, MON, LEAP]


def _d(s):
    return D(s) if s else None


def _find(text, ref, tense, want):
    spans = find_timexes(text, ref, tense)
    hits = [s for s in spans if s.text == want]
    assert hits, f"{want!r} not found in {text!r}; got {[s.text for s in spans]}"
    return hits[0]


def test_table_is_large():
    assert len(CASES) >= 220
    assert {c[1] for c in CASES} >= set(REFS) | {None}


@pytest.mark.parametrize("text,ref,tense,want,earliest,latest", CASES)
def test_case(text, ref, tense, want, earliest, latest):
    span = _find(text, ref, tense, want)
    assert (span.earliest, span.latest) == (_d(earliest), _d(latest)), span
    assert text[span.start:span.end] == span.text
    if earliest is None and latest is None:
        assert span.granularity == "open"


@pytest.mark.parametrize("text", NEGATIVES)
@pytest.mark.parametrize("ref", [THU, None])
def test_negative(text, ref):
    assert find_timexes(text, ref, "past") == []


def test_first_time_since_gives_only_the_date():
    text = "In Istanbul haben am Freitag erstmals seit 2022 direkte Verhandlungen stattgefunden."
    assert [s.text for s in find_timexes(text, SAT, "past")] == ["am Freitag"]


def test_duration_next_to_date_gives_only_the_date():
    text = "Am Freitag trafen sich erstmals seit drei Jahren ukrainische und russische Unterhändler"
    spans = find_timexes(text, SAT, "past")
    assert [(s.text, s.earliest) for s in spans] == [("Am Freitag", D("2025-05-16"))]


@pytest.mark.parametrize(
    "text,ref,tense,want,gran",
    [
        ("am Donnerstag", THU, P, "am Donnerstag", "day"),
        ("in der Nacht zum Mittwoch", THU, P, "in der Nacht zum Mittwoch", "days"),
        ("in der kommenden Woche", SUN, F, "in der kommenden Woche", "week"),
        ("im August 2025", None, P, "im August 2025", "month"),
        ("im Sommer", THU, P, "im Sommer", "season"),
        ("im ersten Quartal 2025", None, P, "im ersten Quartal 2025", "quarter"),
        ("2022", None, P, "2022", "year"),
        ("von 2014 bis 2022", None, P, "von 2014 bis 2022", "years"),
        ("Anfang des Jahres", THU, P, "Anfang des Jahres", "month"),
        ("innerhalb von zwei Wochen", THU, F, "innerhalb von zwei Wochen", "days"),
        ("vor einigen Tagen", THU, P, "vor einigen Tagen", "days"),
        ("vor drei Monaten", THU, P, "vor drei Monaten", "month"),
        ("vor drei Jahren", THU, P, "vor drei Jahren", "year"),
        ("Weihnachten", MON, P, "Weihnachten", "days"),
        ("gestern", None, P, "gestern", "open"),
    ],
)
def test_granularity(text, ref, tense, want, gran):
    assert _find(text, ref, tense, want).granularity == gran


def test_several_expressions_in_order():
    text = "Am Montag sprach er mit Putin, am 17. Mai 2025 mit Selenskyj und im Sommer mit Xi."
    spans = find_timexes(text, THU, "past")
    assert [s.text for s in spans] == ["Am Montag", "am 17. Mai 2025", "im Sommer"]


def test_resolve_gives_the_first_expression_or_none():
    assert resolve("Er kam gestern und geht morgen.", THU, "past").text == "gestern"
    assert resolve("Kein Datum hier.", THU) is None
    assert resolve("", None) is None


def test_datetime_reference_and_unknown_tense_are_accepted():
    from datetime import datetime

    span = resolve("am Donnerstag", datetime(2025, 10, 16, 12, 0), "whatever")
    assert span.earliest == THU


def test_huge_numbers_do_not_raise():
    for text in ("am 99. Mai", "vor 100000 Jahren", "vor 999999 Tagen", "in 999999 Monaten",
                 "am 31. Februar 2025", "innerhalb von 999999 Jahren", "seit 999999 Monaten",
                 "im Jahr 9999", "Q4 9999", "an Ostern 9999", "Winter 9999/00", "1.1.0000"):
        for ref in (None, THU, date(1, 1, 1), date(9999, 12, 31)):
            for span in find_timexes(text, ref, "past"):
                assert span.earliest is None or span.latest is None or span.earliest <= span.latest


# ---------------------------------------------------------------- properties

_WORDS = [
    "am", "im", "in", "der", "den", "dem", "vom", "bis", "seit", "ab", "vor", "zwischen", "und", "von", "Anfang",
    "Mitte", "Ende", "des", "Jahres", "Monats", "Woche", "Wochenende", "kommenden", "vergangenen", "nächsten",
    "letzten", "diese", "Montag", "Donnerstag", "Freitagabend", "Nacht", "zum", "auf", "heute", "gestern", "morgen",
    "Morgen", "Mai", "August", "März", "Dez.", "Sommer", "Winter", "Ostern", "Weihnachten", "Quartal", "ersten",
    "Tagen", "Wochen", "Monaten", "Jahren", "Stunden", "drei", "einigen", "einem", "halben", "Jahr", "2022", "1990er",
    "17.", "3.", "17.5.", "17.05.2025", "2025-05-17", "99.", "100000", "–", "-", "/", ",", ".", "Uhr", "10:00", "Q3",
    "innerhalb", "binnen", "tags", "darauf", "Vortag", "für", "Jahren", "Hanning", "S-400",
]
_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_WORDS), max_size=25).map(" ".join),
)
_refs = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                  st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
_tenses = st.sampled_from(["past", "present", "future", "", "other"])


@settings(max_examples=400, deadline=None)
@given(_texts, _refs, _tenses)
def test_properties(text, ref, tense):
    spans = find_timexes(text, ref, tense)
    assert spans == find_timexes(text, ref, tense)  # deterministic
    last_end = 0
    for span in spans:
        assert span.start >= last_end  # ordered, non-overlapping
        assert span.start < span.end
        assert text[span.start:span.end] == span.text
        assert span.granularity in GRANULARITIES
        if span.earliest is not None and span.latest is not None:
            assert span.earliest <= span.latest
        if ref is None and span.granularity != "open":
            assert span.earliest is not None and span.latest is not None
        last_end = span.end


_WORDS_WITHOUT_DIGITS = [w for w in _WORDS if not any(ch.isdigit() for ch in w)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS_WITHOUT_DIGITS), max_size=12).map(" ".join))
def test_without_ref_and_without_digits_everything_stays_open(text):
    # never guessed from today's date: only a year written in the text gives bounds
    assert all(span.is_open and span.granularity == "open" for span in find_timexes(text, None, "past"))
