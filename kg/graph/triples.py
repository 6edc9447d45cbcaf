"""Graph content as N-Triples terms: what kg writes, without building rdflib graphs.

Every article adds about a hundred triples; as rdflib terms in an rdflib ``Graph`` they
cost 10–15 µs each (term objects, the graph's indexes, ``n3()`` again on writing), about
a third of the writer's time. Here a term is its N-Triples text and a graph an ordered set
of ``(subject, predicate, object)`` texts, which the stores send as they are.

>>> t = Triples()
>>> t.add(iri("https://example.org/a"), iri("https://example.org/says"), text('er sagte "ja"'))
>>> list(t.lines())
['<https://example.org/a> <https://example.org/says> "er sagte \\\\"ja\\\\"" .']
"""
from __future__ import annotations

from datetime import date
from typing import Iterator

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE = f"<{XSD}date>"
XSD_INTEGER = f"<{XSD}integer>"
XSD_ANY_URI = f"<{XSD}anyURI>"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_FORBIDDEN = set('<>"{}|^`\\ \n\r\t')


def iri(value: str) -> str:
    """``<value>``; refuses characters N-Triples does not allow in an IRI."""
    if _IRI_FORBIDDEN.intersection(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def text(value: str, lang: str | None = None) -> str:
    """A string literal (with a language tag when given)."""
    quoted = '"' + value.translate(_ESCAPES) + '"'
    return f"{quoted}@{lang}" if lang else quoted


def typed(value: str, datatype: str) -> str:
    """A literal of the datatype given as a term (``XSD_DATE``, ``XSD_ANY_URI`` …)."""
    return '"' + value.translate(_ESCAPES) + '"^^' + datatype


def day(value: date) -> str:
    return f'"{value.isoformat()}"^^{XSD_DATE}'


def integer(value: int) -> str:
    return f'"{int(value)}"^^{XSD_INTEGER}'


def lexical(term: str) -> str:
    """The lexical form of a literal term (``'"5"^^<…integer>'`` → ``'5'``), unescaped."""
    end = term.rindex('"')
    raw = term[1:end]
    if "\\" not in raw:
        return raw
    return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")


class Triples:
    """An ordered set of triples of N-Triples terms: one named graph's content."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], None] = {}

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._items[(subject, predicate, obj)] = None

    def remove(self, subject: str | None = None, predicate: str | None = None, obj: str | None = None) -> None:
        """Remove every triple matching the pattern (``None`` matches anything)."""
        for t in [t for t in self._items if _matches(t, subject, predicate, obj)]:
            del self._items[t]

    def objects(self, subject: str, predicate: str) -> list[str]:
        return [o for s, p, o in self._items if s == subject and p == predicate]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return [s for s, p, o in self._items if p == predicate and o == obj]

    def lines(self) -> Iterator[str]:
        for s, p, o in self._items:
            yield f"{s} {p} {o} ."

    def to_graph(self):
        """The same triples as an rdflib ``Graph`` (for SHACL validation and tests)."""
        from rdflib import Graph

        return Graph().parse(data="\n".join(self.lines()), format="nt")

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, triple) -> bool:
        return triple in self._items


def _matches(triple, subject, predicate, obj) -> bool:
    s, p, o = triple
    return (subject is None or s == subject) and (predicate is None or p == predicate) and (obj is None or o == obj)


class Vocabulary:
    """IRI terms of one namespace by attribute, made once: ``Vocabulary(KG).participant``."""

    def __init__(self, base: str) -> None:
        self._base = str(base)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = iri(self._base + name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> str:
        return getattr(self, name)
