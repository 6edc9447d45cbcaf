"""The SPARQL query library: ``queries/*.rq`` files with a comment header.

Header lines at the top of each file::

    # title: Phone calls between two actors
    # description: Every call between A and B in date order, with status and sources.
    # param: a = Trump   (an actor: name, alias or IRI)
    # param: from = 2025-01-01   (a date)

Parameters are bound through a ``VALUES`` block built from escaped RDF terms, never by
pasting text into the query. Actor parameters accept what a user types ("Putin",
"Selenskyj", "Zelensky") and resolve to the gazetteer's IRIs.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from kg.errors import QueryError
from kg.resources import queries_dir

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*=\s*(\S+)\s*(?:\((.*)\))?\s*$")


@dataclass
class QueryFile:
    name: str
    path: Path
    title: str = ""
    description: str = ""
    params: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (example, help)
    text: str = ""


def parse(path: Path) -> QueryFile:
    q = QueryFile(name=path.stem, path=path, text=path.read_text(encoding="utf-8"))
    for line in q.text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if line.lower().startswith("# title:"):
            q.title = line.split(":", 1)[1].strip()
        elif line.lower().startswith("# description:"):
            q.description = line.split(":", 1)[1].strip()
        elif (m := _PARAM.match(line)):
            q.params[m.group(1)] = (m.group(2), (m.group(3) or "").strip())
    return q


def library() -> dict[str, QueryFile]:
    folder = queries_dir()
    return {p.stem: parse(p) for p in sorted(folder.glob("*.rq"))} if folder.is_dir() else {}


def listing() -> str:
    lib = library()
    if not lib:
        return "no queries found"
    width = max(len(n) for n in lib)
    lines = []
    for name, q in lib.items():
        params = " ".join(f"--param {k}={v[0]}" for k, v in q.params.items())
        lines.append(f"{name.ljust(width)}  {q.title or q.description}")
        if params:
            lines.append(f"{' ' * width}  e.g. kg query {name} {params}")
    return "\n".join(lines)


def resolve_actor(value: str) -> URIRef:
    """An actor IRI from a name as a user types it (Putin, Selenskyj, Zelensky) or an IRI."""
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    from kg.lexicon import fold, load_lexicon
    from kg.model import slug

    lx = load_lexicon()
    ident = lx.actor_by_name.get(fold(value.strip()))
    if ident is None:
        wanted = fold(value.strip())
        hits = sorted({e.id for e in lx.actors.values() for n in e.names if wanted and wanted in fold(n)})
        if len(hits) == 1:
            ident = hits[0]
        elif len(hits) > 1:
            raise QueryError(f"actor {value!r} is ambiguous ({', '.join(hits[:6])}); give a fuller name")
        else:
            ident = slug(value)
    return URIRef(f"https://w3id.org/kg/actor/{ident}")


def bind(q: QueryFile, values: dict[str, str]) -> dict:
    unknown = set(values) - set(q.params)
    if unknown:
        raise QueryError(f"query {q.name} has no parameter {', '.join(sorted(unknown))}; it takes {', '.join(q.params) or 'none'}")
    bindings = {}
    for name, (example, help_text) in q.params.items():
        if name not in values:
            continue
        raw = values[name]
        kind = help_text.lower()
        if "actor" in kind:
            bindings[name] = resolve_actor(raw)
        elif "date" in kind:
            try:
                bindings[name] = Literal(date.fromisoformat(raw).isoformat(), datatype=XSD.date)
            except ValueError:
                raise QueryError(f"--param {name}={raw!r} is not a date; write YYYY-MM-DD") from None
        elif "number" in kind or "integer" in kind:
            if not raw.lstrip("-").isdigit():
                raise QueryError(f"--param {name}={raw!r} is not a whole number")
            bindings[name] = Literal(int(raw))
        elif "topic" in kind:
            bindings[name] = URIRef(f"https://w3id.org/kg/topic/{re.sub(r'[^a-z0-9-]', '', raw.lower())}")
        elif "type" in kind:
            bindings[name] = URIRef(f"https://w3id.org/kg/ontology#{re.sub(r'[^A-Za-z]', '', raw)}")
        else:
            bindings[name] = Literal(raw)
    return bindings


def run(store, name_or_file: str, values: dict[str, str]) -> tuple[list[str], list[dict]]:
    lib = library()
    if name_or_file in lib:
        q = lib[name_or_file]
    else:
        path = Path(name_or_file)
        if not path.is_file():
            raise QueryError(f"no query named {name_or_file!r}; see 'kg query --list' or give a .rq file")
        q = parse(path)
    rows = store.select(q.text, bind(q, values))
    names = _variables(q.text, rows)
    return names, rows


def _variables(text: str, rows: list[dict]) -> list[str]:
    head = re.search(r"SELECT\s+(.*?)\s+WHERE", text, re.S | re.I)
    names = re.findall(r"\?(\w+)(?![^(]*\bAS\b)", head.group(1)) if head else []
    aliases = re.findall(r"AS\s+\?(\w+)", head.group(1), re.I) if head else []
    ordered = []
    for n in re.findall(r"\?(\w+)", head.group(1)) if head else []:
        if (n in names or n in aliases) and n not in ordered:
            ordered.append(n)
    if not ordered and rows:
        ordered = sorted({k for r in rows for k in r})
    return ordered


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix in ("https://w3id.org/kg/actor/", "https://w3id.org/kg/topic/", "https://w3id.org/kg/ontology#", "https://w3id.org/kg/place/"):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def render(result: tuple[list[str], list[dict]], fmt: str) -> str:
    names, rows = result
    if fmt == "json":
        return json.dumps([{n: _cell(r.get(n)) for n in names if r.get(n) is not None} for r in rows], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(names)
        for r in rows:
            w.writerow([_cell(r.get(n)) for n in names])
        return buf.getvalue().rstrip("\n")
    table = [names] + [[_cell(r.get(n)) for n in names] for r in rows]
    widths = [min(60, max(len(row[i]) for row in table)) for i in range(len(names))]
    lines = ["  ".join(c[:60].ljust(w) for c, w in zip(row, widths)).rstrip() for row in table]
    if names:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} rows)"
