"""The SPARQL query library: ``queries/*.rq`` files with a comment header.

Header lines at the top of each file::

    # title: Phone calls between two actors
    # description: Every call between A and B in date order, with status and sources.
    # param: a = Trump   (actor)
    # param: from = 2025-01-01   (date: only events on or after this day)
    # list: topics, conflicts

A parameter's kind is the first word in the parentheses: ``actor`` (a name as users type
it, "Putin", "Selenskyj", "Zelensky", or an actor IRI), ``date`` (YYYY-MM-DD), ``number``,
``topic`` (a topic id such as ``ukraine-war`` or a German keyword such as "Waffenruhe"),
``type`` (an event type, PhoneCall, Meeting, ...), ``status`` (occurred, planned, claimed,
denied, cancelled, unknown), ``event`` (an event IRI or its id) and ``text`` (a string).
A parameter that is not given (or given empty) stays unbound; the queries read an unbound
variable as "no filter".

``# list:`` names columns built with ``GROUP_CONCAT(...; separator=" | ")``. SPARQL leaves
the order inside a GROUP_CONCAT open, so kg sorts and de-duplicates their items; that makes
the answers the same on every engine.

Parameters are bound through a ``VALUES`` block built from escaped RDF terms
(:func:`kg.store.base.inject_values`), never by pasting text into the query.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from kg.errors import QueryError
from kg.resources import queries_dir

KG = "https://w3id.org/kg/ontology#"
ACTOR = "https://w3id.org/kg/actor/"
TOPIC = "https://w3id.org/kg/topic/"
EVENT = "https://w3id.org/kg/event/"
PLACE = "https://w3id.org/kg/place/"

#: the separator of list columns (GROUP_CONCAT) in the query files
LIST_SEPARATOR = " | "
KINDS = ("actor", "date", "number", "topic", "type", "status", "event", "text")

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*(?:=\s*([^(]*?))?\s*(?:\((.*)\))?\s*$", re.IGNORECASE)
_KIND_ALIASES = {"integer": "number", "int": "number", "string": "text", "iri": "event"}
# characters that may not appear in an IRI written between < and > (RFC 3987, SPARQL IRIREF)
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')


@dataclass
class Param:
    name: str
    example: str
    kind: str
    help: str = ""

    # compatibility: ``q.params[name]`` used to be the tuple (example, help)
    def __iter__(self):
        return iter((self.example, self.help or self.kind))

    def __getitem__(self, index):
        return tuple(self)[index]


@dataclass
class QueryFile:
    name: str
    path: Path
    title: str = ""
    description: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    lists: tuple[str, ...] = ()
    text: str = ""
    #: ``# pair: a b`` binds ``?pair`` to the pair key of the actors a and b when both are given
    pair: tuple[str, str] | None = None


class Result(tuple):
    """``(names, rows)`` as :func:`run` returns it, knowing which columns are lists."""

    lists: tuple[str, ...] = ()

    def __new__(cls, names: list[str], rows: list[dict], lists=()):
        obj = super().__new__(cls, (names, rows))
        obj.lists = tuple(lists)
        return obj


def _kind(help_text: str) -> str:
    words = re.findall(r"[a-z]+", help_text.lower())
    for word in words:
        word = _KIND_ALIASES.get(word, word)
        if word in KINDS:
            return word
    return "text"


def parse(path: Path) -> QueryFile:
    """Read a query file and its comment header (lines starting with ``#`` before the query)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"cannot read query file {path}: {err}; give a UTF-8 .rq file") from None
    q = QueryFile(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key = line[1:].split(":", 1)[0].strip().lower()
        value = line.split(":", 1)[1].strip() if ":" in line else ""
        if key == "title":
            q.title = value
        elif key == "description":
            q.description = value
        elif key in ("list", "lists"):
            q.lists += tuple(n.lstrip("?") for n in re.split(r"[\s,]+", value) if n)
        elif key == "pair":
            names = tuple(n.lstrip("?") for n in value.split())
            if len(names) != 2:
                raise QueryError(f"{path}: '# pair:' names two actor parameters, e.g. '# pair: a b'")
            q.pair = names  # type: ignore[assignment]
        elif key == "param" and (m := _PARAM.match(line)):
            help_text = (m.group(3) or "").strip()
            q.params[m.group(1)] = Param(m.group(1), (m.group(2) or "").strip(), _kind(help_text), help_text)
    return q


def library() -> dict[str, QueryFile]:
    folder = queries_dir()
    return {p.stem: parse(p) for p in sorted(folder.glob("*.rq"))} if folder.is_dir() else {}


def listing() -> str:
    lib = library()
    if not lib:
        return f"no queries found in {queries_dir()}"
    width = max(len(n) for n in lib)
    lines = []
    for name, q in lib.items():
        lines.append(f"{name.ljust(width)}  {q.title or q.description}")
        if q.params:
            kinds = ", ".join(f"{p.name} ({p.kind})" for p in q.params.values())
            example = " ".join(f"--param {p.name}={_quote(p.example)}" for p in q.params.values() if p.example)
            lines.append(f"{' ' * width}  parameters, all optional: {kinds}")
            if example:
                lines.append(f"{' ' * width}  e.g. kg query {name} {example}")
    return "\n".join(lines)


def _quote(value: str) -> str:
    return f'"{value}"' if re.search(r"\s", value) else value


# ---------------------------------------------------------------- resolving parameter values
def _check_iri(value: str, name: str) -> URIRef:
    if _BAD_IRI.search(value):
        raise QueryError(f"--param {name}={value!r} is not a valid IRI (spaces, <, >, \" or braces); "
                         "give a name or a plain https://… IRI")
    return URIRef(value)


def resolve_actor(value: str, name: str = "actor") -> URIRef:
    """An actor IRI from a name as a user types it (Putin, Selenskyj, Zelensky) or an IRI."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return _check_iri(value, name)
    from kg.lexicon import fold, load_lexicon

    if not value:
        raise QueryError(f"--param {name} is empty; give a name such as Putin")
    lx = load_lexicon()
    wanted = fold(value)
    ident = lx.actor_by_name.get(wanted)
    if ident is None and wanted in lx.actors:
        ident = wanted
    if ident is None:
        hits = sorted({e.id for e in lx.actors.values() for n in e.names if wanted in fold(n)})
        if len(hits) == 1:
            ident = hits[0]
        elif len(hits) > 1:
            shown = ", ".join(lx.actors[h].label for h in hits[:6])
            raise QueryError(f"--param {name}={value!r} is ambiguous ({shown}{', …' if len(hits) > 6 else ''}); "
                             "give a fuller name")
        else:
            raise QueryError(f"--param {name}={value!r}: no such actor in the gazetteer (ontology/actors.ttl); "
                             "try a surname such as Putin, or give the actor's IRI")
    return URIRef(ACTOR + ident)


def resolve_topic(value: str, name: str = "topic") -> URIRef:
    """A topic IRI from its id (``ukraine-war``), its IRI, or a German keyword ("Waffenruhe")."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return _check_iri(value, name)
    from kg.lexicon import fold, load_lexicon

    topics = load_lexicon().topics
    wanted = fold(value)
    if wanted in topics:
        return URIRef(TOPIC + wanted)
    hits = sorted({t for t, words in topics.items() for w in words if fold(w.lstrip("~")) == wanted})
    if not hits:
        hits = sorted({t for t, words in topics.items() for w in words if wanted and fold(w.lstrip("~")).startswith(wanted)})
    if len(hits) == 1:
        return URIRef(TOPIC + hits[0])
    if hits:
        raise QueryError(f"--param {name}={value!r} fits several topics ({', '.join(hits)}); give one of them")
    raise QueryError(f"--param {name}={value!r} is not a topic; give one of {', '.join(sorted(topics))}")


def _choice(value: str, name: str, choices: tuple[str, ...], what: str) -> URIRef:
    folded = re.sub(r"[^a-z]", "", value.lower())
    for c in choices:
        if c.lower() == folded:
            return URIRef(KG + c)
    if value.startswith(KG) and value[len(KG):] in choices:
        return URIRef(value)
    raise QueryError(f"--param {name}={value!r} is not {what}; give one of {', '.join(choices)}")


def bind(q: QueryFile, values: dict[str, str]) -> dict:
    """RDF terms for the given parameter values (checked and resolved by their kind)."""
    from kg.model import EVENT_TYPES, STATUSES

    unknown = set(values) - set(q.params)
    if unknown:
        takes = ", ".join(q.params) or "none"
        raise QueryError(f"query {q.name} has no parameter {', '.join(sorted(unknown))}; it takes {takes}")
    bindings = {}
    for name, p in q.params.items():
        if name not in values or not str(values[name]).strip():
            continue  # not given, or given empty: unbound, which the queries read as "no filter"
        raw = str(values[name])
        if p.kind == "actor":
            bindings[name] = resolve_actor(raw, name)
        elif p.kind == "date":
            try:
                bindings[name] = Literal(date.fromisoformat(raw.strip()).isoformat(), datatype=XSD.date)
            except ValueError:
                raise QueryError(f"--param {name}={raw!r} is not a date; write YYYY-MM-DD") from None
        elif p.kind == "number":
            if not re.fullmatch(r"[+-]?\d+", raw.strip()):
                raise QueryError(f"--param {name}={raw!r} is not a whole number")
            bindings[name] = Literal(int(raw), datatype=XSD.integer)
        elif p.kind == "topic":
            bindings[name] = resolve_topic(raw, name)
        elif p.kind == "type":
            bindings[name] = _choice(raw, name, EVENT_TYPES, "an event type")
        elif p.kind == "status":
            bindings[name] = _choice(raw, name, STATUSES, "a status")
        elif p.kind == "event":
            raw = raw.strip()
            if raw.startswith(("http://", "https://")):
                bindings[name] = _check_iri(raw, name)
            elif re.fullmatch(r"[0-9a-f]{6,64}", raw):
                bindings[name] = URIRef(EVENT + raw)
            else:
                raise QueryError(f"--param {name}={raw!r} is not an event; give its IRI or id "
                                 "(the hex digits after /event/ in the 'event' column)")
        else:
            bindings[name] = Literal(raw)
    if q.pair:
        bindings.update(_pair_binding(*(bindings.get(n) for n in q.pair)))
    return bindings


def _pair_binding(a, b) -> dict:
    """``{"pair": key}`` for two kg actors (an index lookup in the query); else nothing."""
    from kg.graph.mapping import pair_keys

    if a is None or b is None or a == b or not all(str(x).startswith(ACTOR) for x in (a, b)):
        return {}
    return {"pair": Literal(pair_keys([str(a)[len(ACTOR):], str(b)[len(ACTOR):]])[0])}


# ---------------------------------------------------------------- running
def load(name_or_file: str) -> QueryFile:
    lib = library()
    if name_or_file in lib:
        return lib[name_or_file]
    path = Path(name_or_file)
    if not path.is_file():
        raise QueryError(f"no query named {name_or_file!r}; see 'kg query --list' or give a .rq file")
    return parse(path)


def run(store, name_or_file: str, values: dict[str, str]) -> Result:
    """Run a library query (by name) or a query file with parameters; ``(names, rows)``."""
    q = load(name_or_file)
    bindings = bind(q, values)
    try:
        rows = store.select(q.text, bindings)
    except ValueError as err:  # no WHERE { to bind the parameters into
        raise QueryError(f"query {q.name}: {err}; write the query as SELECT … WHERE {{ … }}") from None
    names = _variables(q.text, rows)
    return Result(names, normalize(rows, q.lists), q.lists)


def normalize(rows: list[dict], lists) -> list[dict]:
    """Sort and de-duplicate the items of list columns; an empty list is no value."""
    if not lists:
        return rows
    out = []
    for row in rows:
        row = dict(row)
        for name in lists:
            if name in row:
                items = sorted({s for s in str(row[name]).split(LIST_SEPARATOR) if s})
                if items:
                    row[name] = Literal(LIST_SEPARATOR.join(items))
                else:
                    del row[name]
        out.append(row)
    return out


def _variables(text: str, rows: list[dict]) -> list[str]:
    """The projected variables in order, from rdflib's parser (a regex if that fails)."""
    names = list(_projection(text))
    if not names and rows:
        names = sorted({k for r in rows for k in r})
    return names


@lru_cache(maxsize=256)
def _projection(text: str) -> tuple[str, ...]:
    try:
        from rdflib.plugins.sparql import prepareQuery

        return tuple(str(v) for v in prepareQuery(text).algebra.get("PV", []))
    except Exception:  # noqa: BLE001 - a query rdflib cannot parse (engine extensions): fall back
        return tuple(_variables_regex(text))


def _variables_regex(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    head = re.search(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:FROM|WHERE)?\s*\{", body, re.DOTALL | re.IGNORECASE)
    if not head:
        return []
    ordered = []
    for m in re.finditer(r"\(.*?\bAS\s+\?(\w+)\s*\)|\?(\w+)", head.group(1), re.DOTALL | re.IGNORECASE):
        n = m.group(1) or m.group(2)
        if n not in ordered:
            ordered.append(n)
    return ordered


# ---------------------------------------------------------------- rendering
_SHORT = (ACTOR, TOPIC, KG, PLACE)


def _cell(value, fmt: str = "table") -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix in _SHORT:
        if text.startswith(prefix):
            return text[len(prefix):]
    if fmt == "table" and text.startswith(EVENT):
        return text[len(EVENT):]
    return text


def _json_value(value, is_list: bool):
    if is_list:
        return [_cell(v, "json") for v in str(value).split(LIST_SEPARATOR) if v]
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, bool) or (isinstance(py, int) and value.datatype is not None):
            return py
        if isinstance(py, Decimal):
            return float(py)
        if isinstance(py, float):
            return py
    return _cell(value, "json")


def render(result: tuple[list[str], list[dict]], fmt: str) -> str:
    """Rows as an aligned ``table``, ``csv`` or ``json`` (list columns become arrays)."""
    names, rows = result
    lists = set(getattr(result, "lists", ()))
    if fmt == "json":
        return json.dumps(
            [{n: _json_value(r[n], n in lists) for n in names if r.get(n) is not None} for r in rows],
            ensure_ascii=False, indent=1,
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        for r in rows:
            w.writerow([_cell(r.get(n), "csv") for n in names])
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}; choose table, csv or json")
    table = [names] + [[_cell(r.get(n)) for n in names] for r in rows]
    widths = [min(60, max(len(row[i]) for row in table)) for i in range(len(names))]
    lines = ["  ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths)).rstrip() for row in table]
    if names:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} row{'' if len(rows) == 1 else 's'})"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
