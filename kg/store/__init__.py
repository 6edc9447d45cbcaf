"""Stores by name: ``oxigraph:PATH`` (default, embedded, on disk), ``memory``, ``sparql:URL``.

Every backend offers the small interface of :class:`kg.store.base.Store`; nothing above
this package knows which one it talks to.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import StoreError
from kg.store.base import Store

DEFAULT_STORE = "kg-store"


def open_store(spec: str | None = None, *, read_only: bool = False) -> Store:
    """Open a store from its spec; a bare path means ``oxigraph:PATH``.

    >>> store = open_store("memory")
    >>> store.graph_names()
    []
    """
    spec = spec or DEFAULT_STORE
    if spec == "memory":
        from kg.store.oxigraph import OxigraphStore

        return OxigraphStore(None)
    if spec.startswith("sparql:"):
        from kg.store.sparql import SparqlStore

        return SparqlStore.from_spec(spec[len("sparql:"):])
    if spec.startswith("oxigraph:"):
        spec = spec[len("oxigraph:"):]
    if not spec:
        raise StoreError("empty store path; give --store PATH, --store memory or --store sparql:URL")
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(spec), read_only=read_only)


__all__ = ["DEFAULT_STORE", "Store", "open_store"]
