"""End-to-end ingest speed and memory, against the bare spaCy tokenizer.

    python bench/bench_ingest.py --quick      # 20 seed copies, 300 synthetic articles, memory at 300 vs 3,000
    python bench/bench_ingest.py              # 200 seed copies, 1,000 synthetic articles, memory at 2k vs 20k
    python bench/bench_ingest.py --memory 100000 --jobs 2 --no-server   # peak memory along a 100k-article folder
    python bench/bench_ingest.py --increment 100000,5000 --jobs 2        # 5k new articles into a 100k-article store

Every run is ``kg.api.ingest(FOLDER, STORE)`` into a fresh on-disk Oxigraph store, in a
subprocess of its own (so the peak memory is that run's), from process start to the
fused store: reading, cleaning, extraction, writing, fusion. "steady" leaves out the
start-up (imports, lexicon, spaCy pipeline, simplemma's dictionary): articles after the
first one divided by the time after it. The phase shares come from timers around
``Extractor.extract``, the store's methods and ``kg.fusion.IncrementalFusion.fuse``. The synthetic corpus is
also ingested into an ``oxigraph serve`` process over HTTP (``--store sparql:URL``) when the
``oxigraph`` binary is installed.

Words are whitespace-separated words of the cleaned article text (what the extractor
reads); the reference is ``spacy.blank("de")`` tokenising the same texts in one process.
The corpora come from ``bench/generate.py`` and are cached under KG_BENCH_DIR (/tmp/kgbench).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH, maxrss_mb, report

T0 = time.perf_counter()


def worker(folder: Path, store_spec: str, checkpoints: list[int], jobs: int) -> None:
    """One ingest in this process (and its extraction workers); prints RESULT {json}."""
    import kg.fusion
    from kg import api
    from kg.extraction import Extractor
    from kg.store import open_store

    phases = {"extract": 0.0, "store": 0.0, "fusion": 0.0}
    words = [0]
    in_fusion = [False]
    extract, write = Extractor.extract, api.Pipeline.write

    def timed_extract(self, article):  # in this process only when jobs == 1
        t = time.perf_counter()
        try:
            return extract(self, article)
        finally:
            phases["extract"] += time.perf_counter() - t

    def counted_write(self, article, mentions):  # always in this process
        words[0] += len(article.text.split())
        return write(self, article, mentions)

    if jobs == 1:
        Extractor.extract = timed_extract
    api.Pipeline.write = counted_write
    fuse = kg.fusion.IncrementalFusion.fuse

    def timed_fuse(*args, **kwargs):
        t = time.perf_counter()
        in_fusion[0] = True
        try:
            return fuse(*args, **kwargs)
        finally:
            in_fusion[0] = False
            phases["fusion"] += time.perf_counter() - t

    kg.fusion.IncrementalFusion.fuse = timed_fuse
    store = open_store(store_spec)
    for name in ("select", "replace_graphs", "add_to_graph", "has_graph"):
        method = getattr(store, name)

        def timed_method(*args, _method=method, **kwargs):
            if in_fusion[0]:
                return _method(*args, **kwargs)
            t = time.perf_counter()
            try:
                return _method(*args, **kwargs)
            finally:
                phases["store"] += time.perf_counter() - t

        setattr(store, name, timed_method)

    marks = []
    first = [None]
    count = [0]

    def progress(kind, _text):
        if kind != "ingested":
            return
        count[0] += 1
        now = time.perf_counter()
        if first[0] is None:
            first[0] = now
        if count[0] in checkpoints:
            marks.append({"articles": count[0], "seconds": now - T0, "maxrss_mb": maxrss_mb(), "words": words[0]})

    start = time.perf_counter()
    rep = api.ingest([folder], store, progress=progress, jobs=jobs)
    end = time.perf_counter()
    peak_mb, ingest_phases = maxrss_mb(), dict(phases)  # before reading the events back, which is not ingesting
    events = api.events(store)
    digest = hashlib.sha256("\n".join(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in events)
                            .encode()).hexdigest()[:12]
    store.close()
    print("RESULT " + json.dumps({
        "articles": len(rep.ingested), "skipped": len(rep.skipped), "mentions": rep.mentions,
        "events": len(events), "words": words[0], "seconds": end - T0, "ingest_seconds": end - start,
        "startup_seconds": (first[0] or end) - T0, "steady_seconds": end - (first[0] or end),
        "phases": ingest_phases, "maxrss_mb": peak_mb, "marks": marks, "digest": digest, "jobs": jobs,
        "workers_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def run(folder: Path, *, checkpoints=(), store: str | None = None, jobs: int = 1) -> dict:
    with tempfile.TemporaryDirectory(prefix="kgbench-store-") as tmp:
        args = [sys.executable, str(BENCH / "bench_ingest.py"), "--worker", str(folder), "--jobs", str(jobs),
                "--store", store or str(Path(tmp) / "store"), "--checkpoints", ",".join(map(str, checkpoints))]
        done = subprocess.run(args, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise SystemExit(f"ingest of {folder} failed:\n{done.stderr[-3000:]}")


def start_server():
    """An ``oxigraph serve`` process on a free loopback port, or None without the binary."""
    import shutil
    import socket
    import urllib.request

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        return None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tempfile.mkdtemp(prefix="kgbench-oxigraph-")
    proc = subprocess.Popen([binary, "serve", "--location", data, "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            return proc, url, data
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    shutil.rmtree(data, ignore_errors=True)
    return None


def tokenizer_words_per_second(folder: Path) -> tuple[float, int]:
    """spacy.blank('de') alone over the cleaned texts of the folder's articles (one process)."""
    import spacy

    from kg.ingest.reader import iter_articles

    texts = [r.article.text for r in iter_articles([folder]) if r.article]
    nlp = spacy.blank("de")
    for text in texts[:20]:
        nlp(text)  # warm-up
    words = sum(len(t.split()) for t in texts)
    t = time.perf_counter()
    for text in texts:
        nlp(text)
    return words / (time.perf_counter() - t), words


def corpora(quick: bool, memory: int = 0) -> list[tuple[str, Path, list[int]]]:
    from generate import bench_dir, write_corpus, write_seed_copies

    base = bench_dir()

    def cached(name: str, make) -> Path:
        folder = base / name
        if not (folder / "sources.csv").exists():
            make(folder)
        return folder

    if memory:
        folder = cached(f"corpus-{memory}", lambda f: write_corpus(f, memory, seed=3))
        return [(f"synthetic, {memory:,} short articles", folder, sorted({memory // 100, memory // 10, memory // 2, memory}))]
    copies, synthetic, big, marks = (20, 300, 3000, [300, 3000]) if quick else (200, 1000, 20000, [2000, 20000])
    seeds = cached(f"seeds-x{copies}", lambda f: write_seed_copies(f, copies))
    synth = cached(f"corpus-{synthetic}-w400", lambda f: write_corpus(f, synthetic, seed=1, words=400))
    large = cached(f"corpus-{big}", lambda f: write_corpus(f, big, seed=2))
    return [(f"seeds × {copies} (distinct copies)", seeds, []),
            (f"synthetic, {synthetic} articles of ~400 words", synth, []),
            (f"synthetic, {big:,} short articles", large, marks)]


def increment(base: int, new: int, jobs: int) -> tuple[str, dict, Path]:
    """``new`` fresh articles ingested into a copy of a store that already holds ``base`` articles.

    The daily case: thousands of new articles into a large store. The base store is the
    ``--memory base`` corpus ingested once and cached under KG_BENCH_DIR (made again when
    kg's graph layout changes); each run works on a copy.
    """
    from generate import bench_dir, layout_version, write_corpus

    folder = bench_dir()
    corpus = folder / f"corpus-{base}"
    if not (corpus / "sources.csv").exists():
        write_corpus(corpus, base, seed=3)
    fresh = folder / f"corpus-{new}-s4"
    if not (fresh / "sources.csv").exists():
        write_corpus(fresh, new, seed=4)
    store, marker = folder / f"ingested-{base}", folder / f"ingested-{base}.json"
    if not marker.exists() or json.loads(marker.read_text()).get("layout") != layout_version():
        shutil.rmtree(store, ignore_errors=True)
        made = run(corpus, store=str(store), jobs=jobs)
        marker.write_text(json.dumps({"layout": layout_version(), "articles": made["articles"], "events": made["events"]}))
    with tempfile.TemporaryDirectory(prefix="kgbench-increment-", dir=folder) as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(store, copy)
        result = run(fresh, store=str(copy), jobs=jobs)
    events = json.loads(marker.read_text())["events"]
    return f"{new:,} new short articles into a store of {base:,} articles ({events:,} events)", result, fresh


def row(label: str, r: dict, ref: float) -> list:
    wps = r["words"] / r["seconds"]
    steady = (r["articles"] - 1) / r["steady_seconds"] if r["steady_seconds"] > 0 else 0
    share = {k: f"{100 * v / r['seconds']:.0f}%" for k, v in r["phases"].items()}
    if r["jobs"] > 1:
        share["extract"] = "in workers"
    memory = f"{r['maxrss_mb']:,.0f}" + (f" + {r['workers_maxrss_mb']:,.0f}" if r["jobs"] > 1 else "")
    return [label, str(r["jobs"]), f"{r['articles']:,}", f"{r['words']:,}", f"{r['seconds']:.1f} s",
            f"{r['articles'] / r['seconds']:.1f}", f"{wps:,.0f}", f"{steady:.1f}", share["extract"], share["store"],
            share["fusion"], memory, f"{ref:,.0f}", f"{100 * wps / ref:.1f}%"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--jobs", default="1,2", help="comma-separated process counts to run each corpus with")
    parser.add_argument("--memory", type=int, default=0, metavar="N",
                        help="only a folder of N short articles, with peak memory at 1%%, 10%%, 50%% and 100%%")
    parser.add_argument("--increment", default="", metavar="BASE,NEW",
                        help="only NEW fresh articles into a store already holding BASE articles, e.g. 100000,5000")
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--store", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-server", action="store_true", help="skip the run against an Oxigraph server")
    parser.add_argument("--checkpoints", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    jobs = [int(x) for x in args.jobs.split(",") if x]
    if args.worker:
        worker(args.worker, args.store, [int(x) for x in args.checkpoints.split(",") if x], jobs[0])
        return
    rows = []
    notes = []
    if args.increment:
        base, new = (int(x) for x in args.increment.split(","))
        for n in jobs:
            label, r, fresh = increment(base, new, n)
            rows.append(row(label, r, tokenizer_words_per_second(fresh)[0]))
    for label, folder, marks in [] if args.increment else corpora(args.quick, args.memory):
        ref, _ = tokenizer_words_per_second(folder)
        runs = {}
        for n in jobs if not label.startswith("seeds") else jobs[:1]:
            r = runs[n] = run(folder, checkpoints=marks, jobs=n)
            for m in r["marks"]:
                if m["articles"] != r["articles"]:
                    rows.append([f"{label}: first {m['articles']:,}", str(n), f"{m['articles']:,}", f"{m['words']:,}",
                                 f"{m['seconds']:.1f} s", f"{m['articles'] / m['seconds']:.1f}",
                                 f"{m['words'] / m['seconds']:,.0f}", "", "", "", "", f"{m['maxrss_mb']:,.0f}", "", ""])
            rows.append(row(label, r, ref))
            if r["skipped"]:
                notes.append(f"{label}, {n} processes: {r['skipped']} files skipped")
        r = runs[max(runs)]
        notes.append(f"{label}: {r['mentions']:,} mentions, {r['events']:,} events, start-up {r['startup_seconds']:.1f} s")
        if len({x['digest'] for x in runs.values()}) > 1:
            notes.append(f"{label}: events DIFFER between process counts")
        elif len(runs) > 1:
            notes.append(f"{label}: events identical with {' and '.join(map(str, runs))} processes")
        if "synthetic" in label and "short" not in label and not args.no_server:
            server = start_server()
            if server is None:
                notes.append("no oxigraph server binary: the run over HTTP was left out (pip install oxigraph)")
                continue
            proc, url, data = server
            try:
                over_http = run(folder, store=f"sparql:{url}", jobs=max(runs))
            finally:
                proc.terminate()
                proc.wait(timeout=30)
                shutil.rmtree(data, ignore_errors=True)
            rows.append(row(label + ", into an Oxigraph server over HTTP", over_http, ref))
            same = over_http["digest"] == r["digest"]
            notes.append(f"{label}: events from the server run {'identical to' if same else 'DIFFER from'} the embedded run")
    print(report(
        "End-to-end ingest (read → extract → store → fuse), on-disk Oxigraph store",
        ["corpus", "processes", "articles", "words", "time", "articles/s", "words/s", "steady articles/s", "extract",
         "store", "fusion", "peak RSS MB (writer + extractor)", "spaCy blank('de') tokenizer words/s",
         "ingest / tokenizer"],
        rows, notes + ["target: ≥ 200 articles/s end to end",
                       "extract/store/fusion: shares of the wall time (the rest: start-up, reading, cleaning, "
                       "mapping to RDF, per-article checks); with 2 processes extraction runs in the worker"]))


if __name__ == "__main__":
    main()
