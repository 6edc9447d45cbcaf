"""Helpers shared by the benchmark scripts: tables, timing, memory, cached stores."""
from __future__ import annotations

import json
import os
import platform
import resource
import shlex
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for p in (str(ROOT), str(BENCH)):
    if p not in sys.path:
        sys.path.insert(0, p)


def command_line() -> str:
    return "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])


def machine() -> str:
    import pyoxigraph
    import rdflib

    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"rdflib {rdflib.__version__}")


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in r] for r in rows]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join(lines)


def report(title: str, headers: list[str], rows: list[list], notes: list[str] = ()) -> str:
    text = f"### {title}\n\n    {command_line()}\n\n{machine()}\n\n{table(headers, rows)}\n"
    if notes:
        text += "\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    return text


def maxrss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t, result


def median_ms(fn, runs: int = 5, warmup: int = 1) -> tuple[float, object]:
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, result


def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    if ms >= 10_000:
        return f"{ms / 1000:,.0f} s"
    if ms >= 1000:
        return f"{ms / 1000:,.1f} s"
    if ms >= 10:
        return f"{ms:,.0f} ms"
    return f"{ms:.1f} ms"


def size_label(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n >= 1000 else str(n)


def loaded_store(events: int, *, reload: bool = False, seed: int = 1) -> tuple[Path, dict]:
    """An on-disk Oxigraph store holding the synthetic graph of ``events`` events (cached).

    Returns the store folder and {quads, load_seconds, graph: generator info}. The store
    is loaded once with ``OxigraphStore.load`` (pyoxigraph's bulk loader) and kept under
    KG_BENCH_DIR; ``reload`` loads it again.
    """
    import shutil

    from generate import bench_dir, cached_graph, layout_version
    from kg.store.oxigraph import OxigraphStore

    folder = bench_dir() / f"store-{events}-s{seed}"
    marker = folder.with_suffix(".json")
    if folder.exists() and marker.exists() and not reload:
        data = json.loads(marker.read_text())
        if data["graph"].get("layout") == layout_version():
            return folder, data
    nq, info = cached_graph(events, seed)
    if folder.exists():
        shutil.rmtree(folder)
    marker.unlink(missing_ok=True)
    t = time.perf_counter()
    store = OxigraphStore(folder)
    quads = store.load(nq, "nquads")
    store.close()
    seconds = time.perf_counter() - t
    data = {"quads": quads, "load_seconds": seconds, "graph": info, "nquads_bytes": nq.stat().st_size}
    marker.write_text(json.dumps(data, indent=1))
    return folder, data
