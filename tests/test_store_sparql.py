"""The SPARQL store against real servers on loopback, and its error messages.

The end-to-end tests start an ``oxigraph serve`` process (the ``oxigraph`` package from
PyPI, in the test extras) and, when Debian's ``virtuoso-opensource`` is installed, a
Virtuoso 7 server with its own ini file; each is skipped with the reason when its binary
is missing. The error-message tests need no server binary: they talk to a closed port or
to a tiny stub HTTP server in this process.
"""
from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.store.sparql import SparqlStore, derive_update_url, json_to_rdflib
from tests.conftest import SEEDS

START_TIMEOUT = 60.0
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _binary(name: str) -> str | None:
    """A program on PATH or beside this Python (a venv's bin/ is not always on PATH)."""
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, proc: subprocess.Popen, url: str, log: Path):
        self.name, self.proc, self.url, self.log = name, proc, url, log

    def wait_ready(self, probe: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    response.read()
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not come up within {START_TIMEOUT:g} s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def start_oxigraph(folder: Path, *, union: bool = True) -> Server:
    binary = _binary("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    log = folder / "oxigraph.log"
    args = [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"]
    if union:
        args.append("--union-default-graph")
    proc = subprocess.Popen(args, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    server = Server("oxigraph", proc, f"http://127.0.0.1:{port}/query", log)
    server.wait_ready(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    return server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


def start_virtuoso(folder: Path) -> Server:
    binary, isql = _binary("virtuoso-t"), _binary("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    sql, web = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=web))
    log = folder / "out.log"
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    server = Server("virtuoso", proc, f"http://127.0.0.1:{web}/sparql", log)
    server.wait_ready(f"http://127.0.0.1:{web}/sparql?query=ASK%7B%7D")
    # the anonymous SPARQL account may read only; a fresh database's dba password is dba
    done = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        server.stop()
        raise RuntimeError(f"isql-vt failed: {done.stdout} {done.stderr}")
    return server


STARTERS = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}


@pytest.fixture(scope="module", params=sorted(STARTERS))
def server(request, tmp_path_factory):
    server = STARTERS[request.param](tmp_path_factory.mktemp(request.param))
    yield server
    server.stop()


@pytest.fixture
def fresh_oxigraph(tmp_path):
    server = start_oxigraph(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def runs(server, tmp_path_factory):
    """The seeds ingested into the server and into an embedded store, in this process."""
    from kg import api
    from kg.store import open_store

    remote = open_store(f"sparql:{server.url}")
    local = open_store(str(tmp_path_factory.mktemp("embedded") / "store"))
    reports = api.ingest([SEEDS], remote), api.ingest([SEEDS], local)
    yield remote, local, reports
    local.close()


def _lines(events) -> list[str]:
    from kg.export import iter_lines

    return list(iter_lines(events))


def _dataset(store) -> set:
    import pyoxigraph as ox

    buf = io.BytesIO()
    store.dump(buf, "trig")
    return set(ox.parse(buf.getvalue(), format=ox.RdfFormat.TRIG))


# ---------------------------------------------------------------- end to end
def test_ingest_gives_the_embedded_result(runs):
    from kg import api

    remote, local, (r_report, l_report) = runs
    assert not r_report.skipped, r_report.skipped
    assert (len(r_report.ingested), r_report.mentions, r_report.events) == \
        (len(l_report.ingested), l_report.mentions, l_report.events)
    remote_events = api.events(remote)
    assert remote_events, "no events from the seeds"
    assert _lines(remote_events) == _lines(api.events(local))


def test_second_ingest_changes_nothing(runs):
    from kg import api

    remote, _local, _ = runs
    before = _dataset(remote)
    report = api.ingest([SEEDS], remote)
    assert len(report.unchanged) == 5 and not report.ingested
    assert _dataset(remote) == before


def test_trig_export_holds_the_same_quads(runs):
    remote, local, _ = runs
    theirs, ours = _dataset(remote), _dataset(local)
    assert theirs == ours
    assert sorted(remote.graph_names()) == sorted(local.graph_names())
    name = URIRef(local.graph_names()[0])
    assert remote.has_graph(name) and not remote.has_graph(URIRef("https://w3id.org/kg/graph/none"))
    assert len(list(remote.quads())) == len(list(local.quads()))


def test_union_formats_match(runs):
    remote, local, _ = runs
    for fmt in ("turtle", "ntriples"):
        a, b = io.BytesIO(), io.BytesIO()
        remote.dump(a, fmt)
        local.dump(b, fmt)
        assert a.getvalue() == b.getvalue(), fmt


def test_dump_in_small_pages(runs, server):
    """Pages of 50 rows: many graph batches, and graphs larger than a page read by OFFSET."""
    remote, local, _ = runs
    small = SparqlStore(server.url, page=100)
    small.page = 50
    assert _dataset(small) == _dataset(local)


PAIR_TIMELINE = """PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?e ?cls ?earliest ?latest ?status WHERE {
  ?e kg:participant ?a , ?b ; a ?cls ; kg:status ?status ; kg:sourceCount ?n .
  OPTIONAL { ?e kg:earliest ?earliest } OPTIONAL { ?e kg:latest ?latest }
} ORDER BY ?earliest ?e ?cls"""


def test_select_rows_are_the_same_terms(runs):
    remote, local, _ = runs
    bindings = {"a": URIRef("https://w3id.org/kg/actor/donald-trump"),
                "b": URIRef("https://w3id.org/kg/actor/wladimir-putin")}
    theirs, ours = remote.select(PAIR_TIMELINE, bindings), local.select(PAIR_TIMELINE, bindings)
    assert theirs and theirs == ours
    typed = [r["earliest"] for r in theirs if "earliest" in r]
    assert typed and all(t.datatype == XSD_DATE for t in typed)
    labels = remote.select("SELECT ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 3")
    assert labels and all(isinstance(r["l"], Literal) and r["l"].datatype is None and r["l"].language is None
                          for r in labels)


def test_query_library_answers_alike(runs):
    from kg import queries

    remote, local, _ = runs
    lib = queries.library()
    if not lib:
        pytest.skip("queries/ holds no .rq files yet")
    for name, q in lib.items():
        values = {k: example for k, (example, _help) in q.params.items()}
        _, theirs = queries.run(remote, name, values)
        _, ours = queries.run(local, name, values)
        key = lambda row: sorted((k, str(v)) for k, v in row.items())  # noqa: E731
        assert sorted(map(key, theirs)) == sorted(map(key, ours)), name
        assert queries.render(queries.run(remote, name, values), "table")


def test_network_page_from_server_events(runs):
    from kg import api
    from kg.viz import network_html, timeline_html

    remote, _local, _ = runs
    events = api.events(remote)
    page = network_html(events)
    assert "Wladimir Putin" in page and "Donald Trump" in page
    assert "Wladimir Putin" in timeline_html(events)


def test_cli_build_against_the_server(runs, server, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", f"sparql:{server.url}", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.trig").stat().st_size > 1000
    assert (tmp_path / "events.jsonl").read_text(encoding="utf-8").count("\n") == len(runs[1].select(
        "SELECT DISTINCT ?e WHERE { ?e <https://w3id.org/kg/ontology#sourceCount> ?n }"))


# ---------------------------------------------------------------- writes
def test_replace_graphs_is_one_update(runs, server):
    remote = SparqlStore(server.url)
    sent = []
    real = remote.update
    remote.update = lambda text: (sent.append(text), real(text))[1]
    g1, g2 = URIRef("https://w3id.org/kg/graph/test/1"), URIRef("https://w3id.org/kg/graph/test/2")
    graph = Graph()
    graph.add((URIRef("https://w3id.org/kg/x"), URIRef("https://w3id.org/kg/ontology#note"),
               Literal('a "quoted"\nline with ü')))
    remote.replace_graphs({g1: graph, g2: graph})
    assert len(sent) == 1 and remote.has_graph(g1) and remote.has_graph(g2)
    rows = remote.select("SELECT ?v WHERE { GRAPH ?g { ?s <https://w3id.org/kg/ontology#note> ?v } }", {"g": g1})
    assert rows == [{"v": Literal('a "quoted"\nline with ü')}]
    remote.replace_graphs({g1: None, g2: None})
    assert len(sent) == 2 and not remote.has_graph(g1) and not remote.has_graph(g2)


def test_load_a_dump_into_an_empty_server(fresh_oxigraph, tmp_path):
    from kg import api
    from kg.store import open_store

    local = open_store("memory")
    api.ingest([SEEDS], local)
    dump = tmp_path / "dump.nq"
    with open(dump, "wb") as out:
        local.dump(out, "nquads")
    remote = SparqlStore(fresh_oxigraph.url, page=100)  # many INSERT DATA requests
    n = remote.load(dump, "nquads")
    assert n == sum(1 for _ in local.quads())
    assert _dataset(remote) == _dataset(local)
    api.refuse(remote)
    assert _lines(api.events(remote)) == _lines(api.events(local))


def test_server_without_union_default_graph(tmp_path):
    server = start_oxigraph(tmp_path, union=False)
    try:
        with pytest.raises(StoreError, match="--union-default-graph"):
            SparqlStore(server.url)
        for mode in ("param", "graphs"):
            store = SparqlStore(server.url, union=mode)
            g = Graph()
            g.add((URIRef("https://w3id.org/kg/s"), URIRef("https://w3id.org/kg/p"), Literal(1)))
            store.replace_graphs({URIRef("https://w3id.org/kg/graph/t"): g})
            assert store.select("SELECT ?o WHERE { <https://w3id.org/kg/s> ?p ?o }") == [{"o": Literal(1)}], mode
    finally:
        server.stop()


# ---------------------------------------------------------------- errors (no server binary needed)
def test_connection_refused_names_the_url():
    port = _free_port()
    url = f"http://127.0.0.1:{port}/query"
    with pytest.raises(StoreError) as info:
        SparqlStore(url)
    message = str(info.value)
    assert url in message and "connection refused" in message and "oxigraph serve" in message


def test_open_store_spec_goes_to_the_sparql_store(monkeypatch):
    from kg.store import open_store

    port = _free_port()
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}/query"):
        open_store(f"sparql:http://127.0.0.1:{port}/query")
    with pytest.raises(StoreError, match="http"):
        open_store("sparql:localhost:7878/query")
    with pytest.raises(StoreError, match="needs the query endpoint"):
        open_store("sparql:")
    monkeypatch.setenv("KG_SPARQL_UNION", "everything")
    with pytest.raises(StoreError, match="KG_SPARQL_UNION"):
        open_store(f"sparql:http://127.0.0.1:{port}/query")


class Stub(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the class's ``status`` and ``body``; records the requests."""

    status = 200
    body = b"{}"
    delay = 0.0
    challenge = 'Basic realm="kg"'
    seen: list = []

    def do_POST(self):  # noqa: N802 - the http.server interface
        length = int(self.headers.get("Content-Length") or 0)
        type(self).seen.append((self.path, dict(self.headers), self.rfile.read(length)))
        time.sleep(self.delay)
        self.send_response(self.status)
        if self.status == 401:
            self.send_header("WWW-Authenticate", self.challenge)
        self.send_header("Content-Type", "text/plain" if self.status >= 400 else "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    class Handler(Stub):
        seen = []

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/query"
    yield Handler
    httpd.shutdown()
    httpd.server_close()


def test_401_asks_for_credentials(stub):
    stub.status, stub.body = 401, b"Unauthorized"
    with pytest.raises(StoreError) as info:
        SparqlStore(stub.url)
    assert "401" in str(info.value) and "KG_SPARQL_USER" in str(info.value) and stub.url in str(info.value)


def test_credentials_go_as_basic_auth(stub, monkeypatch):
    stub.status, stub.body = 401, b"no"
    monkeypatch.setenv("KG_SPARQL_USER", "kg")
    monkeypatch.setenv("KG_SPARQL_PASSWORD", "s3cret")
    with pytest.raises(StoreError, match="user 'kg' was refused"):
        SparqlStore.from_spec(stub.url)
    assert stub.seen[0][1]["Authorization"] == "Basic a2c6czNjcmV0"  # base64 of kg:s3cret


def test_4xx_carries_the_servers_message(stub):
    stub.status, stub.body = 400, b"Parse error: unexpected token near 'WHERE'"
    store = SparqlStore(stub.url, check=False)
    with pytest.raises(QueryError, match="unexpected token near 'WHERE'"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match=r"update at .*/update failed with HTTP 400: Parse error"):
        store.update("INSERT DATA { <a:b> <a:c> <a:d> }")
    stub.status, stub.body = 404, b"Not Found"
    with pytest.raises(StoreError, match="HTTP 404, no SPARQL endpoint there"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    stub.status, stub.body = 503, b"overloaded"
    with pytest.raises(StoreError, match="HTTP 503 .*overloaded"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_timeout_names_the_setting(stub):
    stub.delay, stub.body = 1.5, b'{"head": {"vars": []}, "results": {"bindings": []}}'
    store = SparqlStore(stub.url, timeout=0.3, check=False)
    with pytest.raises(StoreError, match="KG_SPARQL_TIMEOUT"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_not_sparql_results(stub):
    stub.status, stub.body = 200, b"<html>welcome</html>"
    with pytest.raises(StoreError, match="not SPARQL JSON results"):
        SparqlStore(stub.url, check=False).select("SELECT * WHERE { ?s ?p ?o }")


def test_request_form(stub):
    stub.body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "Putin"}}]}}).encode()
    store = SparqlStore(stub.url, check=False)
    rows = store.select("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal("a")})
    assert rows == [{"x": Literal("Putin")}]
    path, headers, body = stub.seen[-1]
    assert path == "/query" and headers["Accept"] == "application/sparql-results+json"
    assert b"VALUES" in body and body.startswith(b"query=")


def test_update_url_derivation(monkeypatch):
    assert derive_update_url("http://h:7878/query") == "http://h:7878/update"
    assert derive_update_url("http://h:3030/ds/query") == "http://h:3030/ds/update"
    assert derive_update_url("http://h:3030/ds/sparql") == "http://h:3030/ds/update"
    assert derive_update_url("http://h:8890/sparql") == "http://h:8890/sparql"
    assert derive_update_url("http://h:7200/repositories/kg") == "http://h:7200/repositories/kg/statements"
    monkeypatch.setenv("KG_SPARQL_UPDATE_URL", "http://h:1/up")
    port = _free_port()
    with pytest.raises(StoreError):
        SparqlStore.from_spec(f"http://127.0.0.1:{port}/query")
    assert SparqlStore(f"http://127.0.0.1:{port}/query", os.environ["KG_SPARQL_UPDATE_URL"], check=False).update_url \
        == "http://h:1/up"


def test_result_terms_match_the_embedded_store():
    assert json_to_rdflib({"type": "uri", "value": "https://x/y"}) == URIRef("https://x/y")
    assert json_to_rdflib({"type": "bnode", "value": "b0"}) == BNode("b0")
    simple = json_to_rdflib({"type": "literal", "value": "Putin"})
    assert simple == Literal("Putin") and simple.datatype is None
    assert json_to_rdflib({"type": "literal", "value": "x", "datatype": str(XSD_STRING)}).datatype is None
    assert json_to_rdflib({"type": "literal", "value": "Moskau", "xml:lang": "de"}) == Literal("Moskau", lang="de")
    typed = json_to_rdflib({"type": "typed-literal", "value": "2025-02-12", "datatype": str(XSD_DATE)})
    assert typed == Literal("2025-02-12", datatype=XSD_DATE)


def test_union_graph_iri_is_sent_as_default_graph(stub):
    stub.body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    store = SparqlStore(stub.url, union="urn:x-arq:UnionGraph", check=False)
    assert store.select("SELECT ?x WHERE { ?x ?p ?o }") == []
    assert b"default-graph-uri=urn%3Ax-arq%3AUnionGraph" in stub.seen[-1][2]


def test_too_large_updates_go_in_batches_keeping_pairs_together():
    """Virtuoso refuses an update compiling to > 10,000 lines of SQL (SP031): kg splits by graph groups."""
    store = SparqlStore("http://127.0.0.1:9/query", check=False)
    sent = []

    def update(text):
        if text.count("DROP SILENT GRAPH") > 6:
            raise StoreError("update at x failed with HTTP 400: Virtuoso 37000 Error SP031: SPARQL: Internal error: "
                             "The length of generated SQL text has exceeded 10000 lines of code")
        sent.append(text)

    store.update = update
    g = Graph()
    g.add((URIRef("https://w3id.org/kg/e"), URIRef("https://w3id.org/kg/p"), Literal("x")))
    graphs = {}
    for n in range(10):
        graphs[URIRef(f"https://w3id.org/kg/graph/merged/{n:04d}")] = g
        graphs[URIRef(f"https://w3id.org/kg/graph/merged/{n:04d}/event{n}")] = g
        graphs[URIRef(f"https://w3id.org/kg/graph/pending/{n:04d}")] = None
    store.replace_graphs(graphs)
    assert len(sent) > 1 and sum(t.count("DROP SILENT GRAPH") for t in sent) == 30
    for text in sent:  # a block's events, shortcuts and pending mark always in one request
        for n in range(10):
            assert (f"merged/{n:04d}>" in text) == (f"pending/{n:04d}>" in text) == (f"/event{n}>" in text)
    with pytest.raises(StoreError, match="HTTP 400: other"):
        store.update = lambda text: (_ for _ in ()).throw(StoreError("update failed with HTTP 400: other"))
        store.replace_graphs(graphs)
