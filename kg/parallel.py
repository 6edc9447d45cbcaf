"""Extraction in worker processes while the main process reads, writes and fuses.

Extraction is about half of the ingest time and needs no store, so ``jobs - 1`` worker
processes extract the next articles while the main process writes and fuses the
previous ones: a pipeline, not a split of the store work (one process writes the store).
Articles go out and mentions come back in input order. Up to ``WINDOW`` articles per
worker (and ``WINDOW_CHARS`` characters of text in all) are in flight: enough for the
workers to go on extracting while the main process spends seconds on a fusion pass, and
a bound on memory for any folder size.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Iterable, Iterator, TypeVar

from kg.errors import ExtractionError

T = TypeVar("T")

#: articles per worker queued ahead of the main process (a fusion pass of ~10 s lets a
#: worker extract ~4,000 short articles; with 16 it waited for the pass to end)
WINDOW = 4096
#: characters of article text in flight at most (~100 MB of str at worst)
WINDOW_CHARS = 25_000_000
#: articles extracted in this process before workers start: a short run does not pay for them
SERIAL_FIRST = 24

_extractor = None  # the worker's Extractor: inherited from the parent under fork, else built


def default_jobs() -> int:
    """Processes to use: the machine's cores, at most 4 (the one writer limits what more would add)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def _start(use_model: str | None) -> None:
    """A worker's set-up: under fork it inherits ``_extractor``; a spawned one builds its own."""
    global _extractor
    if _extractor is not None:
        return
    from kg.extraction import Extractor
    from kg.lexicon import load_lexicon

    _extractor = Extractor(load_lexicon(), use_model=use_model)


def _extract(article):
    """The article's mentions, or the error's text (a bug must not stop a folder)."""
    try:
        return _extractor.extract(article)
    except Exception as err:  # noqa: BLE001 - reported per article by the caller
        return f"{type(err).__name__}: {err}"


def extract_all(items: Iterable[T], extractor, *, jobs: int,
                use_model: str | None = None) -> Iterator[tuple[T, list | str]]:
    """``(item, mentions)`` for each item (anything with ``.article``), in order.

    ``mentions`` is the error's text when extraction failed. With ``jobs`` ≤ 1, or for the
    first ``SERIAL_FIRST`` items, extraction runs in this process; then ``jobs - 1``
    workers extract while the caller writes.
    """
    global _extractor
    _extractor = extractor
    items = iter(items)
    for n, item in enumerate(items):
        if jobs > 1 and n >= SERIAL_FIRST:
            items = chain([item], items)
            break
        yield item, _extract(item.article)
    else:
        return
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    pending: deque[tuple[T, Future]] = deque()
    with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_start, initargs=(use_model,)) as pool:
        try:
            chars = 0  # of the articles in flight
            for item in items:
                pending.append((item, pool.submit(_extract, item.article)))
                chars += len(item.article.text)
                while len(pending) > WINDOW * (jobs - 1) or chars > WINDOW_CHARS:
                    item, future = pending.popleft()
                    chars -= len(item.article.text)
                    yield item, future.result()
            while pending:
                item, future = pending.popleft()
                yield item, future.result()
        except BrokenProcessPool:
            raise ExtractionError("an extraction process died (out of memory?); run again with --jobs 1") from None
        finally:
            for _item, future in pending:
                future.cancel()
