"""The default backend: an embedded Oxigraph store, on disk or in memory."""
from __future__ import annotations

import time
from pathlib import Path
from typing import IO, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import StoreError
from kg.store.base import (
    FORMAT_PREDICATE, META_GRAPH, STORE_FORMAT, Row, Store, inject_values, older_format_error,
)

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"trig", "nquads", "jsonld"}
LOCK_WAIT_SECONDS = 30.0
#: flush an on-disk store's write buffers after this much SPARQL UPDATE text (about 500
#: articles): RocksDB's in-memory tables otherwise grow with every article (the writer
#: reached 2.7 GB after 20,000 articles without it, 0.9 GB with it; a flush takes ~50 ms).
#: Every 4 MB cost the writer ~10 % more CPU over 10,000 articles than every 16 MB (more
#: small files for each lookup to visit), for 35 MB less memory; every 64 MB took 830 MB
FLUSH_EVERY_CHARS = 16_000_000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # a simple literal, as rdflib writes it
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unexpected term {term!r}")


def _rows(result) -> list[Row]:
    """Solutions as dicts of rdflib terms, exactly as ``to_rdflib`` makes them, but faster.

    Rows of kg's queries repeat the same IRIs (classes, statuses, actors) and datatypes,
    so each distinct IRI becomes one URIRef, shared between rows; solutions are read by
    position and terms dispatched on their exact type (the hot path of every query).
    """
    columns = list(enumerate(v.value for v in result.variables))
    iris: dict[str, URIRef] = {}
    datatypes: dict[str, URIRef] = {}
    named, literal = ox.NamedNode, ox.Literal
    out = []
    append = out.append
    for sol in result:
        row = {}
        for i, name in columns:
            term = sol[i]
            if term is None:
                continue
            kind = type(term)
            if kind is named:
                value = term.value
                node = iris.get(value)
                if node is None:
                    node = iris[value] = URIRef(value)
                row[name] = node
            elif kind is literal:
                if term.language:
                    row[name] = Literal(term.value, lang=term.language)
                    continue
                datatype = term.datatype.value
                if datatype == _XSD_STRING:
                    row[name] = Literal(term.value)
                    continue
                dt = datatypes.get(datatype)
                if dt is None:
                    dt = datatypes[datatype] = URIRef(datatype)
                row[name] = Literal(term.value, datatype=dt)
            else:
                row[name] = to_rdflib(term)
        append(row)
    return out


class OxigraphStore(Store):
    """``OxigraphStore(Path("kg-store"))`` on disk, ``OxigraphStore(None)`` in memory."""

    def __init__(self, path: Path | None, *, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self._written = 0  # characters of SPARQL UPDATE since the last flush
        if path is None:
            self._store = ox.Store()
        else:
            self._store = self._open(path, read_only)
        self._check_format(write=not read_only)

    @staticmethod
    def _open(path: Path, read_only: bool) -> ox.Store:
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {path} is a file, not a folder; name a folder with --store")
        if read_only:
            if not path.is_dir():
                raise StoreError(f"no store at {path}; run 'kg ingest ARTICLES --store {path}' first")
            try:
                return ox.Store.read_only(str(path))
            except (OSError, RuntimeError) as err:  # e.g. a store whose creation was killed
                raise StoreError(f"cannot read store {path} ({err}); if a run creating it was interrupted, "
                                 f"run 'kg ingest ARTICLES --store {path}' again") from None
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                path.mkdir(parents=True, exist_ok=True)
                return ox.Store(str(path))
            except OSError as err:
                message = str(err).lower()
                if "lock" in message and time.monotonic() < deadline:
                    time.sleep(0.2)  # another kg process writes: wait for it
                    continue
                if "lock" in message:
                    raise StoreError(
                        f"store {path} is in use by another kg process; wait for it to finish and retry"
                    ) from None
                raise StoreError(f"cannot open store {path}: {err}; check the folder and its permissions") from None

    def _check_format(self, write: bool = True) -> None:
        found = list(self._store.quads_for_pattern(None, ox.NamedNode(str(FORMAT_PREDICATE)), None, ox.NamedNode(str(META_GRAPH))))
        if not found and not write:
            return
        if not found:
            self.write_format()
            return
        version = int(found[0].object.value)
        if version < STORE_FORMAT:
            if not write:
                raise StoreError(older_format_error(f"store {self.path}", version))
            self.older_format = version
        if version > STORE_FORMAT:
            raise StoreError(
                f"store {self.path} was written by a newer kg (format {version}, this kg reads {STORE_FORMAT}); "
                "upgrade kg with 'pip install -U kg'"
            )

    # ---- writing ----
    def update(self, text: str) -> None:
        try:
            self._store.update(text)
            self._written += len(text)
            if self.path is not None and self._written >= FLUSH_EVERY_CHARS:
                self._written = 0
                self._store.flush()  # bounds the write buffers: without it, memory grows with the store
        except OSError as err:
            raise StoreError(f"cannot write to store {self.path}: {err}") from None

    # ---- reading ----
    def has_graph(self, graph: URIRef) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(str(graph)))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if g.value != str(META_GRAPH))

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        return _rows(self._query(inject_values(sparql, bindings)))

    def select_text(self, sparql: str) -> list[dict[str, str]]:
        result = self._query(sparql)
        columns = list(enumerate(v.value for v in result.variables))
        return [{name: sol[i].value for i, name in columns if sol[i] is not None} for sol in result]

    def _query(self, sparql: str):
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as err:
            from kg.errors import QueryError

            raise QueryError(f"SPARQL syntax error: {err}") from None

    def quads(self) -> Iterator[tuple]:
        for q in self._store.quads_for_pattern(None, None, None, None):
            if q.graph_name == ox.NamedNode(str(META_GRAPH)):
                continue
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def dump(self, out: IO[bytes], fmt: str) -> None:
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        quads = (q for q in self._store.quads_for_pattern(None, None, None, None)
                 if q.graph_name != ox.NamedNode(str(META_GRAPH)))
        if fmt in DATASET_FORMATS:
            ox.serialize(quads, out, format=FORMATS[fmt])
        else:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
            ox.serialize(sorted(triples, key=str), out, format=FORMATS[fmt])

    def load(self, path, fmt: str) -> int:
        before = len(self._store)
        try:
            self._store.bulk_load(path=str(path), format=FORMATS[fmt])
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"{path}: not valid {fmt}: {err}") from None
        return len(self._store) - before

    def close(self) -> None:
        """Release the store (and its lock); safe to call twice."""
        if self._store is not None and self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except (OSError, RuntimeError):
                pass
        self._store = None
