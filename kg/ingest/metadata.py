"""Article metadata: hand-written sidecars and folder-level ``sources.csv``.

Two forms, both optional; a sidecar wins over ``sources.csv``:

* ``ARTICLE.meta.json`` beside the article, for example ``001.txt.meta.json``::

      {"published": "2025-05-17", "outlet": "dpa", "url": "https://...", "language": "de"}

* ``sources.csv`` in the article's folder, one row per file, with the header
  ``file,published,outlet`` and optionally ``url,language,title`` (other columns are ignored).

``published`` is an ISO date (``YYYY-MM-DD``); a timestamp such as
``2025-05-17T21:11:00+02:00`` is accepted and cut to its date.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg.errors import MetadataError

FIELDS = ("published", "outlet", "url", "language", "title")


@dataclass(frozen=True)
class Metadata:
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    title: str | None = None

    def merged_over(self, other: "Metadata") -> "Metadata":
        """Fields of self where set, else other's."""
        return Metadata(**{f: getattr(self, f) or getattr(other, f) for f in FIELDS})


def parse_date(value: str | None, where: str) -> date | None:
    """An ISO date (or the date part of an ISO timestamp), or None for an empty value."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MetadataError(
            f"{where}: publication date {value!r} is not an ISO date; write it as YYYY-MM-DD"
        ) from None


def _from_mapping(row: dict, where: str) -> Metadata:
    clean = {k: (str(v).strip() or None) if v is not None else None for k, v in row.items()}
    return Metadata(
        published=parse_date(clean.get("published"), where),
        outlet=clean.get("outlet"),
        url=clean.get("url"),
        language=clean.get("language"),
        title=clean.get("title"),
    )


def sidecar_path(article: Path) -> Path:
    return article.with_name(article.name + ".meta.json")


def read_sidecar(article: Path) -> Metadata:
    path = sidecar_path(article)
    if not path.is_file():
        return Metadata()
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise MetadataError(f"{path}: not valid JSON ({err}); fix or delete the sidecar") from None
    if not isinstance(data, dict):
        raise MetadataError(f"{path}: expected a JSON object like {{\"published\": \"2025-05-17\"}}")
    return _from_mapping(data, str(path))


@lru_cache(maxsize=256)
def read_sources_csv(folder: Path) -> dict[str, Metadata]:
    """Metadata by file name from ``folder/sources.csv`` (empty when there is none)."""
    path = folder / "sources.csv"
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error) as err:
        raise MetadataError(f"{path}: cannot read ({err}); save it as UTF-8 CSV") from None
    if rows and "file" not in rows[0]:
        raise MetadataError(f"{path}: needs a header line starting with 'file,published,outlet'")
    table = {}
    for n, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if name:
            table[name] = _from_mapping(row, f"{path}:{n}")
    return table


def metadata_for(article: Path) -> Metadata:
    """The metadata of one article file: its sidecar over its folder's sources.csv."""
    folder_meta = read_sources_csv(article.parent.resolve()).get(article.name, Metadata())
    return read_sidecar(article).merged_over(folder_meta)
