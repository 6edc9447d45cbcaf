"""The Python API: what the CLI commands do, callable from notebooks and scripts.

    >>> from kg import api
    >>> report = api.ingest(["seeds/"], store="memory")     # doctest: +SKIP
    >>> events = api.events(store)                          # doctest: +SKIP
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from kg.errors import ExtractionError, KgError
from kg.store import Store, open_store

#: bump when extraction rules change so that stored articles are extracted again; the
#: version stored with an article also names the ontology it was read with (its hash)
EXTRACTOR_VERSION = "2"


@dataclass
class IngestReport:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    mentions: int = 0
    events: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.skipped)


def as_store(store: Store | str | None) -> Store:
    return store if isinstance(store, Store) else upgrade(open_store(store))


def upgrade(store: Store) -> Store:
    """Bring a store an older kg wrote up to this kg's format: recompute every canonical event."""
    if store.older_format is not None:
        _refuse(store)
    return store


def _refuse(store: Store) -> int:
    """Recompute every canonical event; a store of an older format is then current."""
    from kg.fusion import refuse_all

    events = refuse_all(store)
    if store.older_format is not None:
        store.write_format()
    return events


class _Using:
    """``with _Using(store) as st``: a Store passed in stays open; one opened here is closed."""

    def __init__(self, store: Store | str | None, read_only: bool = False, upgrade: bool = True):
        self.given = store if isinstance(store, Store) else None
        self.spec = store
        self.read_only = read_only
        self.upgrade = upgrade and not read_only

    def __enter__(self) -> Store:
        self.store = self.given or open_store(self.spec, read_only=self.read_only)
        return upgrade(self.store) if self.upgrade else self.store

    def __exit__(self, *exc) -> None:
        if self.given is None:
            self.store.close()


class Written(NamedTuple):
    """What :meth:`Pipeline.write` committed for one article."""

    mentions: int
    blocks: set[str]  # the fusion blocks its mentions (and those of an earlier extraction) fall into
    replaced: bool  # an earlier extraction of the same article was replaced


#: entity graphs a pipeline remembers having written (then it forgets them all)
ENTITY_MEMO_LIMIT = 200_000


class Pipeline:
    """Extraction and graph writing for one store (the extractor is built once)."""

    def __init__(self, store: Store, use_model: str | None = None):
        from kg.extraction import Extractor
        from kg.lexicon import lexicon_fingerprint, load_lexicon

        self.store = store
        self.lexicon = load_lexicon()
        self.extractor = Extractor(self.lexicon, use_model=use_model)
        self._entities_written: dict = {}  # entity graph IRI -> hash of the content written
        self._absent: set[str] = set()  # articles is_current found not stored: write need not ask again
        self.version = f"{EXTRACTOR_VERSION}+{lexicon_fingerprint()}" + (f"+{use_model}" if use_model else "")
        self._describe_topics()

    def _describe_topics(self) -> None:
        """Topic ids and labels in the store (replaced, so a changed scheme shows at once)."""
        from kg.graph.iris import ONTOLOGY_TOPICS_GRAPH
        from kg.graph.mapping import topic_triples

        self.store.replace_graphs({ONTOLOGY_TOPICS_GRAPH: topic_triples(self.lexicon.topics, self.lexicon.topic_labels)})

    def is_current(self, content_hash: str) -> bool:
        from rdflib import Literal

        from kg.graph.iris import article_graph, article_iri

        if not self.store.has_graph(article_graph(content_hash)):
            self._absent.add(content_hash)
            return False
        rows = self.store.select(
            "SELECT ?v WHERE { ?a <https://w3id.org/kg/ontology#extractorVersion> ?v }",
            {"a": article_iri(content_hash)},
        )
        return any(r["v"] == Literal(self.version) for r in rows)

    def add(self, article) -> Written:
        """Extract one article and commit its graph in one transaction."""
        try:
            mentions = self.extractor.extract(article)
        except Exception as err:  # a bug must not stop a folder: skip the article, say why
            raise extraction_error(article, f"{type(err).__name__}: {err}") from err
        return self.write(article, mentions)

    def write(self, article, mentions) -> Written:
        """Commit an article's graph with its mentions in one transaction."""
        from kg.graph.iris import article_graph, article_iri
        from kg.graph.mapping import K, article_triples, block_key, entity_graphs
        from kg.graph.triples import iri, text
        from kg.graph.validate import check_article_graph

        g, _ = article_triples(article, mentions)
        g.add(iri(str(article_iri(article.content_hash))), K.extractorVersion, text(self.version))
        check_article_graph(g, article.doc)
        actors = {a.id: a for m in mentions for a in (*m.participants, *([m.initiator] if m.initiator else []))}
        places = {m.location.id: m.location for m in mentions if m.location}
        entities = self._changed(entity_graphs(list(actors.values()), list(places.values())))
        graph_iri = article_graph(article.content_hash)
        blocks = {block_key(m.type, m.participant_ids) for m in mentions}
        replaced = article.content_hash not in self._absent and self.store.has_graph(graph_iri)
        self._absent.discard(article.content_hash)
        if replaced:  # extracted again: the blocks of its old mentions change too
            blocks |= self._blocks_of(graph_iri)
        # one transaction: the article's graph, its actors, and the blocks fusion owes a visit;
        # a new article's graph is only added (a DROP of it would cost as much as 7 quads)
        marks = pending_marks(blocks)
        if replaced:
            self.store.replace_graphs({graph_iri: g, **entities}, add=marks)
        else:
            self.store.replace_graphs(entities, add={graph_iri: g, **marks})
        self._remember(entities)
        return Written(len(mentions), blocks, replaced)

    def _changed(self, graphs: dict) -> dict:
        """The entity graphs this pipeline has not yet written with the same content.

        Writing the same description again would change nothing, and most articles name
        actors that earlier articles already described.
        """
        return {iri: t for iri, t in graphs.items() if self._entities_written.get(iri) != hash(tuple(t))}

    def _remember(self, graphs: dict) -> None:
        if len(self._entities_written) + len(graphs) > ENTITY_MEMO_LIMIT:
            self._entities_written.clear()
        self._entities_written.update((iri, hash(tuple(t))) for iri, t in graphs.items())

    def _blocks_of(self, graph_iri) -> set[str]:
        rows = self.store.select(
            "SELECT DISTINCT ?k WHERE { GRAPH ?g { ?m <https://w3id.org/kg/ontology#block> ?k } }",
            {"g": graph_iri},
        )
        return {str(r["k"]) for r in rows}


def extraction_error(article, reason: str) -> ExtractionError:
    return ExtractionError(f"{article.doc}: extraction failed ({reason}); please report this article")


def pending_marks(blocks: set[str]) -> dict:
    """Named graphs that record, with the article, which blocks fusion must recompute."""
    from kg.graph.iris import pending_graph
    from kg.graph.mapping import pending_mark

    return {pending_graph(key): pending_mark(key) for key in blocks}


def pending_blocks(store: Store) -> set[str]:
    """Blocks an interrupted run committed articles for but did not fuse."""
    rows = store.select(
        "SELECT ?k WHERE { ?g <https://w3id.org/kg/ontology#pendingBlock> ?k }"
    )
    return {str(r["k"]) for r in rows}


#: a long run merges the blocks touched so far this often (seconds), so that the canonical
#: events stay current; each pass costs a few milliseconds plus the work its new articles bring
FUSE_EVERY_SECONDS = 60.0


def ingest(
    paths: Iterable[str | Path],
    store: Store | str | None = None,
    *,
    force: bool = False,
    max_bytes: int | None = None,
    use_model: str | None = None,
    jobs: int | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> IngestReport:
    """Read, extract, store and fuse every article under ``paths``.

    Articles already stored with the current extractor are left as they are (so running
    twice changes nothing); bad files are skipped with the reason in the report. ``jobs``
    processes take part (default: :func:`kg.parallel.default_jobs`): one writes the store,
    the others extract.
    """
    from kg.parallel import default_jobs

    with _Using(store) as st:
        return _ingest(st, paths, force=force, max_bytes=max_bytes, use_model=use_model,
                       jobs=default_jobs() if jobs is None else jobs, progress=progress)


def _ingest(st: Store, paths, *, force, max_bytes, use_model, jobs, progress) -> IngestReport:
    from kg.fusion import IncrementalFusion
    from kg.graph.iris import article_iri
    from kg.ingest.reader import DEFAULT_MAX_BYTES, iter_articles
    from kg.parallel import extract_all

    pipeline = Pipeline(st, use_model=use_model)
    report = IngestReport()
    fusion = IncrementalFusion(st, unfused=pending_blocks(st))  # blocks an interrupted run left
    last_fused = time.monotonic()

    def skip(source: str, reason: str) -> None:
        report.skipped.append((source, reason))
        if progress:
            progress("skipped", reason)

    def to_extract():
        queued: set[str] = set()  # the same text twice in one run: extracted once
        for result in iter_articles([Path(p) for p in paths], max_bytes=max_bytes or DEFAULT_MAX_BYTES):
            if result.article is None:
                skip(result.source, result.skipped or "unreadable")
            elif result.article.content_hash in queued or (
                    not force and pipeline.is_current(result.article.content_hash)):
                report.unchanged.append(result.article.doc)
                if progress:
                    progress("unchanged", result.article.doc)
            else:
                queued.add(result.article.content_hash)
                yield result

    for result, mentions in extract_all(to_extract(), pipeline.extractor, jobs=jobs, use_model=use_model):
        article = result.article
        try:
            if isinstance(mentions, str):
                raise extraction_error(article, mentions)
            written = pipeline.write(article, mentions)
        except KgError as err:
            skip(result.source, str(err))
            continue
        fusion.wrote(str(article_iri(article.content_hash)), written.blocks, written.replaced)
        report.ingested.append(article.doc)
        report.mentions += written.mentions
        if progress:
            progress("ingested", f"{article.doc}: {written.mentions} mentions")
        if time.monotonic() - last_fused >= FUSE_EVERY_SECONDS:
            report.events += fusion.fuse()
            last_fused = time.monotonic()
    if fusion.touched:
        report.events += fusion.fuse()
    return report


def events(store: Store | str | None = None) -> list[dict]:
    """Canonical events in the export contract's form, ordered by date."""
    from kg.export import read_events

    with _Using(store, read_only=True) as st:
        return read_events(st)


def refuse(store: Store | str | None = None) -> int:
    """Recompute every canonical event from the stored mentions (and mark the store current)."""
    with _Using(store, upgrade=False) as st:
        return _refuse(st)
