"""Files and folders in, :class:`Article` objects (or reasons to skip) out."""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError, KgError
from kg.ingest.clean import clean, normalise
from kg.ingest.html import html_to_text, looks_like_html
from kg.ingest.metadata import Metadata, metadata_for, parse_date
from kg.model import Article

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
#: files a folder may hold beside its articles, passed over without a word
_FOLDER_EXTRAS = re.compile(r"^(README|LICEN[CS]E|CHANGELOG)(\..*)?$|^sources\.csv$|\.meta\.json$|^\.", re.I)

DEFAULT_MAX_BYTES = 5_000_000

_GERMAN_WORDS = frozenset(
    "der die das und ist nicht mit von den dem des ein eine einer sich auf für im zu zum zur "
    "auch als bei nach wie über hat haben wird wurde sie er es aus dass noch am oder".split()
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ReadResult:
    """One article read from a file, or why a file (or JSONL line) was skipped."""

    source: str
    article: Article | None = None
    skipped: str | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def german_share(text: str) -> float:
    """Share of the first 400 words that are common German function words."""
    words = _WORD.findall(text[:6000].lower())[:400]
    if not words:
        return 0.0
    return sum(w in _GERMAN_WORDS for w in words) / len(words)


def decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError(f"{where}: binary file, not text; give kg .txt, .html or .jsonl articles")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def make_article(
    doc: str, text: str, meta: Metadata, where: str, *, title: str | None = None, today: date | None = None
) -> Article:
    """Clean the text, settle the publication date and check the language."""
    from kg.ingest.pubdate import find_publication_date

    full = normalise(text)
    body = clean(full)
    if not body.strip():
        raise InputError(f"{where}: no article text; the file is empty or holds only navigation")
    language = (meta.language or "de").lower()
    if language[:2] != "de" or german_share(body) < 0.08:
        raise InputError(
            f"{where}: the text is not German (kg extracts from German news); "
            "set \"language\": \"de\" in its metadata if it is"
            if language[:2] == "de"
            else f"{where}: metadata says language {language!r}; kg extracts from German text only"
        )
    published, source = meta.published, "metadata" if meta.published else "none"
    if published is None:
        found = find_publication_date(body)
        if found:
            published, source = found[0], "text"
    today = today or date.today()
    if published and published > today:
        raise InputError(
            f"{where}: publication date {published} lies in the future; correct it in the metadata"
        )
    return Article(
        doc=doc,
        text=body,
        content_hash=content_hash(full),
        published=published,
        published_source=source,
        outlet=meta.outlet,
        url=meta.url,
        language="de",
        title=meta.title or title,
    )


def read_article(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """The articles in one file (a JSONL file may hold many). Raises KgError with the fix."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise InputError(
            f"{where}: unknown file type {suffix or '(none)'}; kg reads {', '.join(sorted(ARTICLE_SUFFIXES))}"
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{where}: {size:,} bytes is over the limit of {max_bytes:,}; raise it with --max-bytes"
            )
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{where}: cannot read ({err.strerror}); check the path and permissions") from None
    text = decode(raw, where)
    if suffix in JSONL_SUFFIXES:
        return list(_jsonl_articles(path, text))
    meta = metadata_for(path)
    title = None
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        text, title = html_to_text(text)
    return [make_article(path.name, text, meta, where, title=title)]


def _jsonl_articles(path: Path, text: str) -> Iterator[Article]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: not JSON ({err.msg}); each line must be one JSON object") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InputError(f"{where}: needs an object with a \"text\" field")
        meta = Metadata(
            published=parse_date(row.get("published"), where),
            outlet=row.get("outlet"),
            url=row.get("url"),
            language=row.get("language"),
            title=row.get("title"),
        )
        doc = str(row.get("doc") or row.get("id") or f"{path.name}#{n}")
        yield make_article(doc, row["text"], meta, where)


def _is_store(folder: Path) -> bool:
    """An embedded store's folder (RocksDB files), never a folder of articles."""
    return (folder / "CURRENT").is_file() and (folder / "IDENTITY").is_file()


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and the article files inside named folders (recursively,
    sorted; hidden folders and kg stores inside them are passed over)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_store(Path(root) / d))
                for name in sorted(files):
                    if not _FOLDER_EXTRAS.search(name):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def iter_articles(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """Every article under ``paths``; unreadable files become skip results, never exceptions."""
    for path in expand(paths):
        try:
            for article in read_article(path, max_bytes=max_bytes):
                yield ReadResult(str(path), article=article)
        except KgError as err:
            yield ReadResult(str(path), skipped=str(err))
