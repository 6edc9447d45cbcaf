"""The store interface every backend implements."""
from __future__ import annotations

from typing import IO, Iterable, Iterator, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.triples import Triples

#: bumped when the layout of stored graphs changes incompatibly.
#: 2: canonical events carry kg:pair (one key per two participants)
STORE_FORMAT = 2
META_GRAPH = URIRef("https://w3id.org/kg/graph/meta")
FORMAT_PREDICATE = URIRef("https://w3id.org/kg/ontology#storeFormat")

Row = dict[str, Node]


class Store:
    """A quad store holding one named graph per article plus the merged and actors graphs."""

    #: the format of a store written by an older kg, until :func:`kg.api.upgrade` recomputes it
    older_format: int | None = None

    def write_format(self) -> None:
        """Mark the store as holding this kg's format (after an upgrade)."""
        marker = f"<{META_GRAPH}> <{FORMAT_PREDICATE}> {Literal(STORE_FORMAT).n3()}"
        self.update(f"DROP SILENT GRAPH <{META_GRAPH}> ;\nINSERT DATA {{ GRAPH <{META_GRAPH}> {{ {marker} }} }}")
        self.older_format = None

    def replace_graphs(self, graphs: Mapping[URIRef, Graph | Triples | None],
                       add: Mapping[URIRef, Graph | Triples] | None = None) -> None:
        """In one transaction (one SPARQL UPDATE request): replace each named graph's content
        (``None`` drops the graph) and add triples to the graphs in ``add`` (idempotent)."""
        text = update_text(graphs, add)
        if text:
            self.update(text)

    def add_to_graph(self, graph: URIRef, triples: Graph | Triples) -> None:
        """Add triples to a named graph (idempotent)."""
        text = update_text({}, {graph: triples})
        if text:
            self.update(text)

    def update(self, text: str) -> None:
        """Run one SPARQL 1.1 UPDATE request as one transaction."""
        raise NotImplementedError

    def has_graph(self, graph: URIRef) -> bool:
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Rows of a SELECT query over the union of all graphs; ``bindings`` pre-bind variables."""
        raise NotImplementedError

    def select_text(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT query with each value as plain text: an IRI's IRI, a literal's
        lexical form. For kg's own bulk reads (fusion), which need no rdflib terms."""
        return [{name: str(value) for name, value in row.items()} for row in self.select(sparql)]

    def dump(self, out: IO[bytes], fmt: str) -> None:
        """Write every quad (trig, nquads) or the union graph (turtle, jsonld, ntriples)."""
        raise NotImplementedError

    def load(self, path, fmt: str) -> int:
        """Bulk-load a dump file; returns the number of quads read."""
        raise NotImplementedError

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def older_format_error(where: str, version: int) -> str:
    """What to do with a store an older kg wrote, which a reader cannot upgrade."""
    return (f"{where} was written by an older kg (store format {version}, this kg writes {STORE_FORMAT}); "
            "run 'kg refuse --store …' once to bring it up to date (it recomputes the canonical events)")


def values_clause(bindings: Mapping[str, Node]) -> str:
    """A SPARQL ``VALUES`` block binding variables to RDF terms, escaped by rdflib.

    Parameters reach a query only through this block, never as raw text.
    """
    names = sorted(bindings)
    terms = " ".join(_term(bindings[n]) for n in names)
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") }"


def _term(value: Node) -> str:
    if isinstance(value, (URIRef, Literal)):
        return value.n3()
    raise TypeError(f"cannot bind {value!r}: only IRIs and literals")


def inject_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Put a VALUES block at the start of the query's outermost WHERE group."""
    if not bindings:
        return sparql
    import re

    match = re.search(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE)
    if not match:
        raise ValueError("query has no WHERE { ... } to bind parameters into")
    return sparql[: match.end()] + "\n  " + values_clause(bindings) + "\n" + sparql[match.end():]


def update_text(graphs: Mapping[URIRef, Graph | Triples | None], add: Mapping[URIRef, Graph | Triples] | None = None) -> str:
    """One SPARQL UPDATE request doing what :meth:`Store.replace_graphs` promises."""
    parts = [f"DROP SILENT GRAPH <{iri}>" for iri in graphs]
    inserts = [
        f"GRAPH <{iri}> {{\n" + "\n".join(iter_nt(g)) + "\n}"
        for iri, g in [*graphs.items(), *(add or {}).items()]
        if g is not None and len(g)
    ]
    if inserts:
        parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    return " ;\n".join(parts)


def iter_nt(g: Graph | Triples) -> Iterable[str]:
    """N-Triples lines of kg's own ``Triples`` or of an rdflib ``Graph``."""
    if isinstance(g, Triples):
        return g.lines()
    return (f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in g)
