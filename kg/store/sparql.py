"""A store on any SPARQL 1.1 server, over the query and update protocol (``urllib`` only).

    kg ingest seeds/ --store sparql:http://127.0.0.1:7878/query

The spec names the *query* endpoint; the rest comes from the environment:

``KG_SPARQL_UPDATE_URL``
    the update endpoint. Default: derived from the query URL — ``…/query`` or ``…/sparql``
    becomes ``…/update`` (Oxigraph server, Fuseki), a GraphDB/RDF4J repository
    ``…/repositories/REPO`` gets ``/statements``, anything else (Virtuoso's ``/sparql``)
    is used for updates as it is.
``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD``
    credentials, sent as HTTP basic authentication (digest, which Virtuoso's
    ``/sparql-auth`` asks for, is answered too).
``KG_SPARQL_TIMEOUT``
    seconds to wait for one request (default 120).
``KG_SPARQL_UNION``
    how a query sees the union of the named graphs, as kg's queries expect:

    * ``server`` (default): send no dataset and rely on the server, whose default graph
      must be the union of all graphs — Oxigraph ``serve --union-default-graph``, Virtuoso
      and GraphDB/RDF4J by default, Fuseki/TDB2 with ``tdb2:unionDefaultGraph true``;
    * ``param``: add Oxigraph's ``union-default-graph`` URL parameter to every query
      (an Oxigraph server started without the flag);
    * ``graphs``: name every named graph as a ``default-graph-uri`` of the query (plain
      SPARQL 1.1 protocol, works everywhere, costs one graph listing per query — for
      small stores);
    * an IRI, e.g. ``urn:x-arq:UnionGraph`` (Fuseki/TDB's name for the union graph): sent
      as the one ``default-graph-uri`` of every query.

    Opening the store checks this: when a triple stored in a named graph is not visible
    without ``GRAPH``, the error says which server option or mode to set.
``KG_SPARQL_IGNORE_GRAPHS``
    space-separated IRI prefixes of further server-internal graphs that ``graph_names``,
    ``quads`` and ``dump`` leave out (Virtuoso's own graphs are left out already).
``KG_SPARQL_PAGE``
    rows per request when reading the whole store (dump, quads; default 10000, the
    default ``ResultSetMaxRows`` of Virtuoso) and triples per request when loading.

Each ``replace_graphs`` call is one update request (``DROP SILENT GRAPH`` … ; ``INSERT
DATA`` …), which the servers above run as one transaction.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.graph.iris import MERGED_PREFIX, PENDING_PREFIX
from kg.graph.triples import Triples
from kg.store.base import FORMAT_PREDICATE, META_GRAPH, STORE_FORMAT, Row, Store, _term, update_text
from kg.store.oxigraph import (  # the same RDF formats, written by pyoxigraph
    DATASET_FORMATS,
    FORMATS,
)

DEFAULT_TIMEOUT = 120.0
DEFAULT_PAGE = 10_000
UNION_MODES = ("server", "param", "graphs")
#: graphs a server keeps for itself (Virtuoso's schema and LDP graphs): not kg's data, never dumped
SERVER_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_JSON_RESULTS = "application/sparql-results+json"
_SERVER_HINT = ("start one, e.g. 'oxigraph serve --location DIR --bind 127.0.0.1:7878 --union-default-graph', "
                "or correct the URL in --store sparql:URL / KG_STORE")



def derive_update_url(query_url: str) -> str:
    """The usual update endpoint beside a query endpoint.

    >>> derive_update_url("http://localhost:7878/query")
    'http://localhost:7878/update'
    >>> derive_update_url("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/update'
    >>> derive_update_url("http://localhost:7200/repositories/kg")
    'http://localhost:7200/repositories/kg/statements'
    >>> derive_update_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql'
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if segments[-1] == "query" or (segments[-1] == "sparql" and len(segments) > 2):
        path = "/".join(segments[:-1] + ["update"])
    elif len(segments) >= 2 and segments[-2] == "repositories":
        path = path + "/statements"
    else:
        return query_url
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _union_mode(value: str | None) -> str:
    value = (value or "server").strip()
    return value.lower() if value.lower() in UNION_MODES else value


# ---------------------------------------------------------------- result terms
def json_to_rdflib(cell: dict) -> Node:
    """One binding of SPARQL JSON results as the rdflib term ``OxigraphStore.select`` gives."""
    kind = cell["type"]
    value = cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = cell.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = cell.get("datatype")
        if datatype is None or datatype == _XSD_STRING:
            return Literal(value)  # a simple literal, as rdflib writes it
        return Literal(value, datatype=URIRef(datatype))
    raise StoreError(f"the SPARQL server returned a term of unknown type {kind!r}")


def json_to_ox(cell: dict):
    kind = cell["type"]
    value = cell["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    lang = cell.get("xml:lang")
    if lang:
        return ox.Literal(value, language=lang)
    datatype = cell.get("datatype")
    if datatype and datatype not in (_XSD_STRING, _RDF_LANGSTRING):
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def inject_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Like :func:`kg.store.base.inject_values`, with one single-variable VALUES block per parameter.

    The result is the same (a cross product of one-row tables), and Virtuoso 7, whose
    compiler fails on a multi-variable VALUES row of constants (SP031), accepts it.
    """
    if not bindings:
        return sparql
    import re

    match = re.search(r"\bWHERE\s*\{", sparql, flags=re.IGNORECASE)
    if not match:
        raise ValueError("query has no WHERE { ... } to bind parameters into")
    block = " ".join(f"VALUES ?{n} {{ {_term(bindings[n])} }}" for n in sorted(bindings))
    return sparql[: match.end()] + "\n  " + block + "\n" + sparql[match.end():]


def _ox_to_rdflib(term) -> Node:
    from kg.store.oxigraph import to_rdflib

    return to_rdflib(term)


# ---------------------------------------------------------------- the store
class SparqlStore(Store):
    """``SparqlStore("http://127.0.0.1:7878/query")``; see the module docstring for the options."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        union: str = "server",
        page: int = DEFAULT_PAGE,
        check: bool = True,
    ):
        for url in (query_url, update_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(
                    f"{url!r} is not an http(s) URL; write --store sparql:http://HOST:PORT/query"
                )
        if union not in UNION_MODES and ":" not in union:
            raise StoreError(
                f"KG_SPARQL_UNION={union!r} is unknown; choose one of {', '.join(UNION_MODES)} or give the IRI "
                "of the server's union graph (Fuseki: urn:x-arq:UnionGraph)"
            )
        self.query_url = query_url
        self.update_url = update_url or derive_update_url(query_url)
        self.timeout = timeout
        self.union = union
        self.page = max(100, int(page))
        self._user = user
        self.ignore_graphs = SERVER_GRAPH_PREFIXES + tuple((os.environ.get("KG_SPARQL_IGNORE_GRAPHS") or "").split())
        self._opener = self._build_opener(user, password)
        self._auth_header = (
            "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode() if user else None
        )
        if check:
            self._check_format()
            self._check_union()

    @classmethod
    def from_spec(cls, spec: str) -> "SparqlStore":
        """``open_store("sparql:URL")`` comes here with ``URL``; options from ``KG_SPARQL_*``."""
        if not spec:
            raise StoreError("sparql: needs the query endpoint's URL, e.g. --store sparql:http://127.0.0.1:7878/query")
        env = os.environ
        try:
            timeout = float(env.get("KG_SPARQL_TIMEOUT") or DEFAULT_TIMEOUT)
            page = int(env.get("KG_SPARQL_PAGE") or DEFAULT_PAGE)
        except ValueError:
            raise StoreError("KG_SPARQL_TIMEOUT and KG_SPARQL_PAGE must be numbers") from None
        return cls(
            spec,
            env.get("KG_SPARQL_UPDATE_URL") or None,
            user=env.get("KG_SPARQL_USER") or None,
            password=env.get("KG_SPARQL_PASSWORD"),
            timeout=timeout,
            union=_union_mode(env.get("KG_SPARQL_UNION")),
            page=page,
        )

    def __repr__(self) -> str:
        return f"SparqlStore({self.query_url!r}, update={self.update_url!r})"

    # ---- HTTP ----
    @staticmethod
    def _build_opener(user: str | None, password: str | None):
        handlers = []
        if user:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, "", user, password or "")
            handlers.append(_AnyUrlDigestHandler(manager, user, password or ""))
        return urllib.request.build_opener(*handlers)

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str | None, *, what: str,
              params: list[tuple[str, str]] | None = None):
        """POST a form; returns the open response. Errors become StoreError/QueryError with the fix."""
        if params:
            url = url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "User-Agent": "kg"}
        if accept:
            headers["Accept"] = accept
        if self._auth_header:
            headers["Authorization"] = self._auth_header
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as err:
            raise self._http_error(err, url, what) from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, ConnectionRefusedError):
                raise StoreError(f"cannot reach the SPARQL server at {url}: connection refused; {_SERVER_HINT}") from None
            if isinstance(reason, socket.gaierror):
                raise StoreError(f"cannot reach the SPARQL server at {url}: unknown host; check the host name in the URL") from None
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise self._timeout_error(url) from None
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}; {_SERVER_HINT}") from None
        except (TimeoutError, socket.timeout):
            raise self._timeout_error(url) from None
        except (ConnectionError, OSError) as err:
            raise StoreError(f"the SPARQL server at {url} dropped the connection ({err}); check that it is running") from None

    def _timeout_error(self, url: str) -> StoreError:
        return StoreError(
            f"the SPARQL server at {url} did not answer within {self.timeout:g} s; "
            "raise KG_SPARQL_TIMEOUT or check the server's load"
        )

    def _http_error(self, err: urllib.error.HTTPError, url: str, what: str) -> Exception:
        try:
            message = err.read().decode("utf-8", "replace").strip()
        except Exception:  # noqa: BLE001 - the status alone still tells the user enough
            message = ""
        message = " ".join(message.split())[:600] or err.reason
        code = err.code
        if code == 401:
            who = f"user {self._user!r} was refused" if self._user else "the server asks for credentials"
            return StoreError(
                f"{what} at {url}: HTTP 401 Unauthorized ({who}); set KG_SPARQL_USER and KG_SPARQL_PASSWORD"
            )
        if code == 403:
            hint = ("the account may not write: grant it update rights (Virtuoso: "
                    "GRANT SPARQL_UPDATE TO \"SPARQL\" or use /sparql-auth with KG_SPARQL_USER), "
                    "or set KG_SPARQL_UPDATE_URL") if what.startswith("update") else \
                "set KG_SPARQL_USER and KG_SPARQL_PASSWORD for an account that may read"
            return StoreError(f"{what} at {url}: HTTP 403 Forbidden: {message}; {hint}")
        if code == 404:
            return StoreError(
                f"{what} at {url}: HTTP 404, no SPARQL endpoint there; check the path (Oxigraph /query and "
                "/update, Fuseki /DATASET/query and /DATASET/update, Virtuoso /sparql, GraphDB "
                "/repositories/REPO and …/statements) or set KG_SPARQL_UPDATE_URL"
            )
        if code in (400, 422) and what == "query":
            return QueryError(f"the SPARQL server at {url} rejected the query (HTTP {code}): {message}")
        if "permission" in message.lower() and what.startswith("update"):
            return StoreError(
                f"{what} at {url} failed with HTTP {code}: {message}; the account may not write: on Virtuoso run "
                "GRANT SPARQL_UPDATE TO \"SPARQL\"; in isql, or use /sparql-auth with KG_SPARQL_USER/KG_SPARQL_PASSWORD"
            )
        if 400 <= code < 500:
            return StoreError(f"{what} at {url} failed with HTTP {code}: {message}")
        return StoreError(f"{what} at {url} failed with HTTP {code} (server error): {message}; see the server's log")

    # ---- protocol ----
    def _dataset_params(self) -> list[tuple[str, str]]:
        if self.union == "param":
            return [("union-default-graph", "true")]
        return []

    def _dataset_fields(self) -> list[tuple[str, str]]:
        if self.union == "graphs":
            return [("default-graph-uri", g) for g in self._all_graphs(include_meta=True)]
        if self.union not in UNION_MODES:
            return [("default-graph-uri", self.union)]
        return []

    def _query_json(self, sparql: str, *, union: bool = True) -> dict:
        fields = [("query", sparql)]
        params = None
        if union:
            fields += self._dataset_fields()
            params = self._dataset_params()
        response = self._post(self.query_url, fields, _JSON_RESULTS, what="query", params=params)
        with response:
            raw = response.read()
        try:
            return json.loads(raw)
        except ValueError:
            kind = response.headers.get("Content-Type", "?")
            raise StoreError(
                f"the SPARQL server at {self.query_url} answered with {kind}, not SPARQL JSON results; "
                "is this URL the query endpoint?"
            ) from None

    def _rows(self, sparql: str, *, union: bool = True) -> list[dict]:
        return self._query_json(sparql, union=union).get("results", {}).get("bindings", [])

    def _ask(self, sparql: str, *, union: bool = True) -> bool:
        data = self._query_json(sparql, union=union)
        if "boolean" in data:
            return bool(data["boolean"])
        # Virtuoso 7 answers ASK in JSON as one row binding __ASK_RETVAL to 0 or 1
        rows = data.get("results", {}).get("bindings", [])
        return bool(rows) and any(c.get("value") in ("1", "true") for c in rows[0].values())

    def update(self, sparql: str) -> None:
        """Run one SPARQL UPDATE request."""
        response = self._post(self.update_url, [("update", sparql)], None, what="update")
        with response:
            response.read()

    def replace_graphs(self, graphs: Mapping[URIRef, Graph | Triples | None],
                       add: Mapping[URIRef, Graph | Triples] | None = None) -> None:
        """One update request; one request per group of graphs if the server finds it too large.

        Virtuoso compiles an update to SQL and refuses one of more than 10,000 lines (error
        SP031) — a fusion pass over hundreds of blocks. Then the graphs are sent in batches,
        halving until the server takes them; the graphs of one fusion block (its events, its
        shortcuts and its pending mark) always travel in one request, so each block is still
        replaced atomically.
        """
        groups: dict[str, list[tuple[str, URIRef]]] = {}
        for kind, iris in (("replace", graphs), ("add", add or {})):
            for iri in iris:
                groups.setdefault(_block_of(str(iri)), []).append((kind, iri))
        self._send_batches(list(groups.values()), graphs, add or {})

    def _send_batches(self, groups, graphs, add) -> None:
        """All groups in one request; halves when the server finds that too large."""
        replace = {iri: graphs[iri] for group in groups for kind, iri in group if kind == "replace"}
        extra = {iri: add[iri] for group in groups for kind, iri in group if kind == "add"}
        try:
            text = update_text(replace, extra)
            if text:
                self.update(text)
        except StoreError as err:
            if not _too_large(err) or len(groups) <= 1:
                raise
            half = len(groups) // 2
            self._send_batches(groups[:half], graphs, add)
            self._send_batches(groups[half:], graphs, add)

    # ---- format and union checks ----
    def _check_format(self) -> None:
        rows = self._rows(
            f"SELECT ?v WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{FORMAT_PREDICATE}> ?v }} }}", union=False
        )
        if not rows:
            self.write_format()
            return
        try:
            version = max(int(r["v"]["value"]) for r in rows)
        except (KeyError, ValueError):
            version = STORE_FORMAT
        if version < STORE_FORMAT:
            self.older_format = version
        if version > STORE_FORMAT:
            raise StoreError(
                f"the store at {self.query_url} was written by a newer kg (format {version}, this kg reads "
                f"{STORE_FORMAT}); upgrade kg with 'pip install -U kg'"
            )

    def _check_union(self) -> None:
        probe = f"ASK {{ <{META_GRAPH}> <{FORMAT_PREDICATE}> ?v }}"
        if self._ask(probe):
            return
        raise StoreError(
            f"the SPARQL server at {self.query_url} does not query the union of its named graphs, which kg "
            "needs: start Oxigraph with 'oxigraph serve --union-default-graph' (or set KG_SPARQL_UNION=param), "
            "configure Fuseki's dataset with tdb2:unionDefaultGraph true (or set KG_SPARQL_UNION=urn:x-arq:UnionGraph), "
            "or set KG_SPARQL_UNION=graphs "
            "(any server; fine for small stores)"
        )

    # ---- reading ----
    def has_graph(self, graph: URIRef) -> bool:
        return self._ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", union=False)

    def _all_graphs(self, include_meta: bool = False) -> list[str]:
        rows = self._rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        names = {r["g"]["value"] for r in rows if r.get("g", {}).get("type") == "uri"}
        if not include_meta:
            names = {n for n in names if self._ours(n)}
        return sorted(names)

    def _ours(self, graph: str) -> bool:
        return graph != str(META_GRAPH) and not graph.startswith(self.ignore_graphs)

    def graph_names(self) -> list[str]:
        return self._all_graphs()

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        data = self._query_json(inject_values(sparql, bindings))
        if "boolean" in data and "results" not in data:
            raise QueryError("kg runs SELECT queries; this is an ASK query")
        names = data.get("head", {}).get("vars", [])
        out = []
        for binding in data.get("results", {}).get("bindings", []):
            out.append({n: json_to_rdflib(binding[n]) for n in names if n in binding})
        return out

    def select_text(self, sparql: str) -> list[dict[str, str]]:
        return [{name: cell["value"] for name, cell in row.items()} for row in self._rows(sparql)]

    def _graph_sizes(self) -> list[tuple[str, int]]:
        rows = self._rows(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False
        )
        sizes = [(r["g"]["value"], int(r["n"]["value"])) for r in rows if self._ours(r["g"]["value"])]
        return sorted(sizes)

    def _ox_quads(self) -> Iterator[ox.Quad]:
        """Every quad outside the meta graph, read graph by graph in pages of ``self.page`` rows.

        Pages are cut at graph boundaries (a VALUES list of graphs per request) so that no
        ORDER BY over the whole store is needed; a graph larger than a page is read with
        ORDER BY/LIMIT/OFFSET. Each page's row count is checked against the graph sizes, so
        a server that silently truncates results (Virtuoso's ResultSetMaxRows) is noticed.
        """
        batch: list[str] = []
        expected = 0
        for graph, size in self._graph_sizes():
            if size > self.page:
                yield from self._big_graph(graph, size)
                continue
            if batch and expected + size > self.page:
                yield from self._graph_page(batch, expected)
                batch, expected = [], 0
            batch.append(graph)
            expected += size
        if batch:
            yield from self._graph_page(batch, expected)

    def _graph_page(self, graphs: list[str], expected: int) -> Iterator[ox.Quad]:
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self._rows(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}", union=False)
        self._check_count(len(rows), expected)
        for r in rows:
            yield ox.Quad(json_to_ox(r["s"]), json_to_ox(r["p"]), json_to_ox(r["o"]), ox.NamedNode(r["g"]["value"]))

    def _big_graph(self, graph: str, size: int) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph)
        seen = 0
        for offset in range(0, size, self.page):
            rows = self._rows(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o "
                f"LIMIT {self.page} OFFSET {offset}", union=False,
            )
            seen += len(rows)
            for r in rows:
                yield ox.Quad(json_to_ox(r["s"]), json_to_ox(r["p"]), json_to_ox(r["o"]), g)
        self._check_count(seen, size)

    def _check_count(self, got: int, expected: int) -> None:
        if got < expected:
            raise StoreError(
                f"the SPARQL server at {self.query_url} returned {got} of {expected} rows; it caps result sizes "
                "(Virtuoso: ResultSetMaxRows in virtuoso.ini): raise the cap or lower KG_SPARQL_PAGE"
            )

    def quads(self) -> Iterator[tuple]:
        for q in self._ox_quads():
            yield _ox_to_rdflib(q.subject), _ox_to_rdflib(q.predicate), _ox_to_rdflib(q.object), _ox_to_rdflib(q.graph_name)

    def dump(self, out: IO[bytes], fmt: str) -> None:
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if fmt in DATASET_FORMATS:
            ox.serialize(self._ox_quads(), out, format=FORMATS[fmt])
        else:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self._ox_quads()}
            ox.serialize(sorted(triples, key=str), out, format=FORMATS[fmt])

    def load(self, path, fmt: str) -> int:
        """Post the file's quads as INSERT DATA requests of at most ``self.page`` quads each.

        Not one transaction: a failure leaves the chunks sent so far. Blank nodes are
        scoped to a request by SPARQL, so a dump should name its nodes (kg's dumps do).
        """
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        total = 0
        chunk: list[ox.Quad] = []
        try:
            for quad in ox.parse(path=str(path), format=FORMATS[fmt]):
                chunk.append(quad)
                if len(chunk) >= self.page:
                    self._insert_quads(chunk)
                    total += len(chunk)
                    chunk = []
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"{path}: not valid {fmt}: {err} ({total} quads loaded before it)") from None
        if chunk:
            self._insert_quads(chunk)
            total += len(chunk)
        return total

    def _insert_quads(self, quads: Iterable[ox.Quad]) -> None:
        by_graph: dict[str | None, list[str]] = {}
        for q in quads:
            graph = None if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
            by_graph.setdefault(graph, []).append(f"{q.subject} {q.predicate} {q.object} .")
        blocks = []
        for graph, lines in by_graph.items():
            body = "\n".join(lines)
            blocks.append(body if graph is None else f"GRAPH {graph} {{\n{body}\n}}")
        self.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")


def _block_of(graph: str) -> str:
    """The fusion block a merged or pending graph belongs to (its digest); else the graph itself."""
    for prefix in (MERGED_PREFIX, PENDING_PREFIX):
        if graph.startswith(prefix):
            return graph[len(prefix):].split("/", 1)[0]
    return graph


def _too_large(err: Exception) -> bool:
    """Does the server refuse an update for its size (Virtuoso SP031, HTTP 413)?"""
    text = str(err)
    return "SP031" in text and "exceeded" in text or "HTTP 413" in text


class _AnyUrlDigestHandler(urllib.request.HTTPDigestAuthHandler):
    """Answers a digest challenge (Virtuoso's /sparql-auth) with the configured account."""

    def __init__(self, manager, user: str, password: str):
        super().__init__(manager)
        self._account = (user, password)

    def http_error_401(self, req, fp, code, msg, headers):
        challenge = headers.get("www-authenticate", "")
        if "digest" not in challenge.lower():
            return None  # basic was sent up front and refused: let the 401 through
        self.passwd.add_password(None, req.full_url, *self._account)
        return super().http_error_401(req, fp, code, msg, headers)


__all__ = ["SparqlStore", "derive_update_url", "json_to_rdflib"]
