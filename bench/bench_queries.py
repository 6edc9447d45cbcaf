"""Bulk load and query latency at 10k, 100k and 1M canonical events.

    python bench/bench_queries.py --quick          # 10k events, Oxigraph and rdflib
    python bench/bench_queries.py                  # 10k, 100k, 1M (Oxigraph); rdflib at 10k and 100k
    python bench/bench_queries.py --only "pair timeline,calls-between"   # some queries only

The graphs come from ``bench/generate.py graph`` (kg's layout: article graphs with
mentions, a graph per canonical event and per fusion block, a graph per actor and place), cached under
KG_BENCH_DIR (default /tmp/kgbench) with the loaded stores. Each query runs through kg's
store interface (``Store.select`` with bound parameters, rows as rdflib terms): one warm-up
run, then the median of ``--runs`` runs. rdflib's in-memory store runs the same query
text in a subprocess; each query is stopped after ``--rdflib-cap`` seconds (reported as
"> 60 s"). Queries of the library in ``queries/*.rq`` run too, with their example
parameters.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time

from _common import fmt_ms, loaded_store, median_ms, report, size_label

PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ACTOR = "https://w3id.org/kg/actor/"

# Canonical events are the nodes with kg:sourceCount (mentions have kg:eventClass instead).
QUERIES = {
    # the library's pair timeline (queries/pair-timeline.rq) as `kg query` binds it: with
    # both actors given, ?pair is bound to their pair key, an index lookup
    "actor-pair timeline": "LIBRARY:pair-timeline",
    "contacts of one actor in a year": PREFIXES + """
SELECT ?e ?cls ?other ?earliest ?latest WHERE {
  ?e kg:participant ?a , ?other ; kg:sourceCount ?n ; a ?cls ; kg:earliest ?earliest ; kg:latest ?latest .
  FILTER(?other != ?a && ?earliest <= ?to && ?latest >= ?from)
} ORDER BY ?earliest ?e""",
    "contacts of one actor by month": PREFIXES + """
SELECT ?month (COUNT(DISTINCT ?e) AS ?events) WHERE {
  ?e kg:participant ?a ; kg:sourceCount ?n ; kg:earliest ?d .
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month""",
    "all contacts by month": PREFIXES + """
SELECT ?month (COUNT(?e) AS ?events) WHERE {
  ?e kg:sourceCount ?n ; kg:earliest ?d .
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month""",
    "most active pairs": PREFIXES + """
SELECT ?a ?b (COUNT(?e) AS ?events) WHERE {
  ?e kg:sourceCount ?n ; kg:participant ?a , ?b .
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b ORDER BY DESC(?events) ?a ?b LIMIT 20""",
}


def bindings_for(name: str, pair: tuple[str, str]):
    from rdflib import XSD, Literal, URIRef

    from kg import queries

    a, b = pair
    if name == "actor-pair timeline":
        return queries.bind(queries.load("pair-timeline"), {"a": ACTOR + a, "b": ACTOR + b})
    if name == "contacts of one actor in a year":
        return {"a": URIRef(ACTOR + a), "from": Literal("2020-01-01", datatype=XSD.date),
                "to": Literal("2020-12-31", datatype=XSD.date)}
    if name == "contacts of one actor by month":
        return {"a": URIRef(ACTOR + a)}
    return {}


def library_queries() -> dict[str, tuple[str, dict]]:
    """queries/*.rq with their example parameters, bound as ``kg query`` binds them."""
    from kg import queries

    out = {}
    for name, q in queries.library().items():
        values = {k: example for k, (example, _help) in q.params.items()}
        try:
            out[f"queries/{name}.rq"] = (q.text, queries.bind(q, values))
        except Exception as err:  # noqa: BLE001 - a library query being written right now
            print(f"skipping queries/{name}.rq: {err}", file=sys.stderr)
    return out


def pair_at(info: dict, quantile: float) -> tuple[tuple[str, str], int]:
    """A two-party pair at a quantile of the pairs' event counts, with its count (from the
    generator's blocks, recomputed from its seed; a pair's blocks are its type families)."""
    import random

    import generate

    ranked = generate.ranked_actors(random.Random(1))
    counts: dict[tuple[str, str], int] = {}
    for block, n in generate.graph_blocks(random.Random(1), info["graph"]["events"], ranked):
        ids = tuple(sorted(a.id for a in block.participants))
        if len(ids) == 2:
            counts[ids] = counts.get(ids, 0) + n
    ordered = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def workload(info: dict) -> list[tuple[str, str, dict, str]]:
    """(label, query, bindings, parameter note) for one graph size."""
    from kg import queries

    top = tuple(info["graph"]["top_blocks"][0][0].split("|")[1:])
    out = []
    for name, text in QUERIES.items():
        if text.startswith("LIBRARY:"):
            text = queries.load(text[len("LIBRARY:"):]).text
        if name == "actor-pair timeline":
            for quantile, which in [(1.0, "top pair"), (0.99, "pair at the 99th percentile"), (0.5, "median pair")]:
                pair, n = pair_at(info, quantile)
                out.append((name, text, bindings_for(name, pair), f"{which} {pair[0]}–{pair[1]}, {n:,} events"))
            continue
        out.append((name, text, bindings_for(name, top), top[0] if "one actor" in name else ""))
    for name, (text, bindings) in library_queries().items():
        out.append((name, text, bindings, "example params"))
    only = [x.strip() for x in os.environ.get("KG_BENCH_ONLY", "").split(",") if x.strip()]
    return [w for w in out if not only or any(x in w[0] for x in only)]


# ---------------------------------------------------------------- Oxigraph (a subprocess per query)
def oxigraph_worker(events: int, index: int, runs: int, slow: float) -> None:
    """Time query number ``index`` of the workload on the cached store; prints JSON."""
    from kg.store.oxigraph import OxigraphStore

    folder, info = loaded_store(events)
    label, text, bindings, note = workload(info)[index]
    store = OxigraphStore(folder, read_only=True)
    t = time.perf_counter()
    rows = store.select(text, bindings)
    first = (time.perf_counter() - t) * 1000
    if first > slow * 1000:  # slow: the first run is the measurement
        ms, engine_ms, repeated = first, None, 1
    else:
        ms, rows = median_ms(lambda: store.select(text, bindings), runs=runs, warmup=0)
        engine_ms, _ = median_ms(lambda: _raw(store, text, bindings), runs=runs, warmup=0)
        repeated = runs
    print("RESULT " + json.dumps({"query": label, "ms": ms, "engine_ms": engine_ms, "rows": len(rows),
                                  "note": note, "runs": repeated}))


def run_oxigraph(events: int, runs: int, reload: bool, cap: float) -> tuple[dict, list[dict]]:
    folder, info = loaded_store(events, reload=reload)
    results = []
    for index, (label, _text, _bindings, note) in enumerate(workload(info)):
        args = [sys.executable, __file__, "--oxigraph-worker", str(events), "--index", str(index), "--runs", str(runs)]
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=2 * cap + 2 * runs * min(10.0, cap))
            lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
            if lines:
                results.append(json.loads(lines[-1][len("RESULT "):]))
            else:
                results.append({"query": label, "error": (done.stderr or "no result")[-300:], "note": note})
        except subprocess.TimeoutExpired:
            results.append({"query": label, "capped": True, "note": note})
    return info, results


def _raw(store, text, bindings):
    """The query through pyoxigraph alone (no conversion to rdflib terms)."""
    from kg.store.base import inject_values

    return sum(1 for _ in store._store.query(inject_values(text, bindings), use_default_graph_as_union=True))


# ---------------------------------------------------------------- rdflib (subprocess)
class Cap(Exception):
    pass


def rdflib_worker(events: int, runs: int, cap: float) -> None:
    """Load the graph into rdflib's memory store and time the same queries; prints JSON."""
    from rdflib import Dataset

    from _common import maxrss_mb
    from generate import cached_graph
    from kg.store.base import inject_values

    nq, _ = cached_graph(events)
    folder, info = loaded_store(events)  # for the parameters only
    t = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    load = time.perf_counter() - t
    out = {"load_seconds": load, "quads": len(ds), "maxrss_mb": maxrss_mb(), "queries": []}

    def alarm(*_):
        raise Cap()

    signal.signal(signal.SIGALRM, alarm)
    for label, text, bindings, note in workload(info):
        times, rows, capped = [], None, False
        for n in range(runs + 1):
            signal.setitimer(signal.ITIMER_REAL, cap)
            t = time.perf_counter()
            try:
                rows = len(list(ds.query(inject_values(text, bindings))))
            except Cap:
                capped = True
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if n:
                times.append(time.perf_counter() - t)
            elif time.perf_counter() - t > cap / 3:
                times.append(time.perf_counter() - t)  # slow: the warm-up run is the measurement
                break
        out["queries"].append({"query": label, "note": note, "ms": None if capped else statistics.median(times) * 1000,
                               "rows": rows, "capped": capped})
    print("RESULT " + json.dumps(out))


def run_rdflib(events: int, runs: int, cap: float, limit: float) -> dict | None:
    args = [sys.executable, __file__, "--rdflib-worker", str(events), "--runs", str(runs), "--rdflib-cap", str(cap)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {limit:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": (done.stderr or done.stdout)[-500:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10k events only")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None,
                        help="comma-separated event counts (default 10000,100000,1000000)")
    parser.add_argument("--rdflib-sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=None,
                        help="sizes to run on rdflib too (default 10000,100000; --quick: 10000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--rdflib-limit", type=float, default=1800.0, help="seconds for a whole rdflib size")
    parser.add_argument("--reload", action="store_true", help="load the cached stores again")
    parser.add_argument("--oxigraph-cap", type=float, default=60.0,
                        help="seconds after which an Oxigraph query is measured once instead of --runs times; "
                             "a query is stopped after twice that per run")
    parser.add_argument("--only", default="", help="comma-separated parts of query names to run (default: all)")
    parser.add_argument("--rdflib-worker", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--oxigraph-worker", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        os.environ["KG_BENCH_ONLY"] = args.only  # the workers (subprocesses) read it too
    if args.oxigraph_worker:
        oxigraph_worker(args.oxigraph_worker, args.index, args.runs, min(10.0, args.oxigraph_cap))
        return
    if args.rdflib_worker:
        rdflib_worker(args.rdflib_worker, args.runs, args.rdflib_cap)
        return
    sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000, 1_000_000])
    rdflib_sizes = args.rdflib_sizes if args.rdflib_sizes is not None else ([10_000] if args.quick else [10_000, 100_000])
    rows = []
    notes = []
    for events in sizes:
        info, results = run_oxigraph(events, args.runs, args.reload, args.oxigraph_cap)
        rd = run_rdflib(events, args.runs, args.rdflib_cap, args.rdflib_limit) if events in rdflib_sizes else None
        label = size_label(events)
        g = info["graph"]
        rd_load = rd.get("load_seconds") if rd and "error" not in rd else None
        rows.append([label, "bulk load (N-Quads file)", f"{info['load_seconds']:,.1f} s",
                     "", f"{rd_load:,.1f} s" if rd_load else ("–" if rd is None else "failed"),
                     f"{rd_load / info['load_seconds']:.0f}×" if rd_load else "",
                     f"{info['quads']:,} quads"])
        if rd and "error" in rd:
            notes.append(f"rdflib at {label}: {rd['error']}")
        elif rd:
            notes.append(f"rdflib at {label}: peak memory {rd['maxrss_mb']:,.0f} MB")
        by_label = {(q["query"], q.get("note")): q for q in (rd or {}).get("queries", [])}
        for r in results:
            what = r["query"] + (f" ({r['note']})" if r["note"] else "")
            if "ms" not in r:
                cell = f"> {args.oxigraph_cap * 2:.0f} s (stopped)" if r.get("capped") else "error"
                if r.get("error"):
                    notes.append(f"{label} {r['query']}: {r['error']}")
                rows.append([label, what, cell, "", "", "", ""])
                continue
            other = by_label.get((r["query"], r["note"]))
            if other is None:
                rcell, ratio = ("–", "")
            elif other["capped"]:
                rcell, ratio = f"> {args.rdflib_cap:.0f} s", f"> {args.rdflib_cap * 1000 / r['ms']:,.0f}×"
            else:
                rcell, ratio = fmt_ms(other["ms"]), f"{other['ms'] / r['ms']:,.0f}×"
            once = " (1 run)" if r.get("runs") == 1 else ""
            rows.append([label, what, fmt_ms(r["ms"]) + once, fmt_ms(r["engine_ms"]), rcell, ratio, f"{r['rows']:,} rows"])
        notes.append(f"{label}: {g['events']:,} events, {g['mentions']:,} mentions, {g['blocks']:,} blocks; "
                     f"top block {g['top_blocks'][0][0]} with {g['top_blocks'][0][1]:,} events")
    print(report(
        "Bulk load and query latency (median of %d runs after a warm-up)" % args.runs,
        ["events", "query", "Oxigraph on disk, kg select", "Oxigraph engine only", "rdflib memory", "rdflib / Oxigraph", "result"],
        rows, notes + ["'kg select' is Store.select (rows converted to rdflib terms); 'engine only' iterates "
                       "pyoxigraph's solutions without conversion.",
                       "target: actor-pair timeline ≤ 20 ms median at 1M events on disk"]))


if __name__ == "__main__":
    main()
