"""Incremental fusion: the cost of adding one article to a store of 10k, 100k, 1M events.

    python bench/bench_fusion.py --quick      # 10k events, 3 articles per case
    python bench/bench_fusion.py              # 10k, 100k, 1M events, 5 articles per case

For each store size (the cached on-disk stores of ``bench_queries.py``, loaded from
``bench/generate.py graph``) and each case — the largest block (Trump–Putin, in person),
a block of median size, a new block — it writes an article with one mention through
``kg.api.Pipeline.add`` (the extraction stubbed out: one transaction with the article
graph, its actors' graphs and the pending marks) and runs
``kg.fusion.fuse_blocks(store, blocks)`` as ``kg.api.ingest`` does. The median over the articles is
reported, with ``fuse_blocks`` split into its parts (timers around ``read_blocks``,
``stored_events`` and ``entity_table`` — the reads — and the store's ``replace_graphs``;
the rest is clustering and mapping).
Every graph the run changes is saved before its first change and put back after each
case, so the cached stores stay the generated ones.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from _common import fmt_ms, loaded_store, report, size_label


def synthetic_article(n: int, participants, family: str, day: date):
    from generate import OUTLETS, TRIGGERS, _model_ref
    from kg.model import Article, EventMention, TimeSpan

    etype = {"spoken": "PhoneCall", "in-person": "Meeting", "invitation": "Invitation"}[family]
    refs = tuple(_model_ref(a) for a in participants)
    text = f"{refs[0].label} {TRIGGERS[etype]} am Montag mit {refs[1].label} (Benchmark {n})."
    article = Article(doc=f"bench-fusion-{n:06d}.txt", text=text, content_hash=f"bf{n:014x}", published=day,
                      published_source="metadata", outlet=OUTLETS[n % len(OUTLETS)])
    mention = EventMention(doc=article.doc, type=etype, participants=refs, status="occurred",
                           time=TimeSpan(day, day, "day", "am Montag"), evidence=text, start=0, end=len(text),
                           trigger=TRIGGERS[etype])
    return article, [mention]


def cases(info: dict, seed: int = 1):
    """(label, family, participants, block key) for the largest, a median and a new block."""
    import generate

    rng = random.Random(seed)
    ranked = generate.ranked_actors(random.Random(seed))
    blocks = generate.graph_blocks(rng, info["graph"]["events"], ranked)
    by_size = sorted(blocks, key=lambda b: (b[1], b[0].key))
    top_block, top_n = by_size[-1]
    median_block, median_n = by_size[len(by_size) // 2]
    used = {a.id for a in ranked}
    fresh = [a for a in generate.actors() if a.id not in used][:2]
    new_key = "|".join(["invitation", *sorted(a.id for a in fresh)])
    return [
        (f"largest block ({top_n:,} events)", top_block.family, top_block.participants, top_block.key),
        (f"median block ({median_n:,} events)", median_block.family, median_block.participants, median_block.key),
        ("new block", "invitation", fresh, new_key),
    ]


class Timers:
    def __init__(self):
        self.t = {}

    def wrap(self, module, name, label):
        original = getattr(module, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.t[label] = self.t.get(label, 0.0) + time.perf_counter() - start

        setattr(module, name, timed)
        return original


class Snapshots:
    """Wraps ``store.replace_graphs`` to keep each graph's quads before its first change."""

    def __init__(self, store):
        import pyoxigraph as ox

        self.store, self.ox, self.saved = store, ox, {}
        original = store.replace_graphs

        def replace_graphs(graphs, add=None):
            for g in [*graphs, *(add or {})]:
                if g not in self.saved:
                    node = ox.NamedNode(str(g))
                    self.saved[g] = list(store._store.quads_for_pattern(None, None, None, node))
            return original(graphs, add)

        store.replace_graphs = replace_graphs

    def restore(self) -> None:
        for g, quads in self.saved.items():
            node = self.ox.NamedNode(str(g))
            if self.store._store.contains_named_graph(node):
                self.store._store.remove_graph(node)
            if quads:
                self.store._store.extend(quads)
        self.saved = {}


def measure(events: int, per_case: int) -> list[list]:
    import kg.fusion as fusion
    from kg.api import Pipeline
    from kg.graph.mapping import block_key
    from kg.store.oxigraph import OxigraphStore

    folder, info = loaded_store(events)
    store = OxigraphStore(folder)
    pipeline = Pipeline(store)  # the real write path: Pipeline.add with the extraction stubbed out
    snapshots = Snapshots(store)
    rows = []
    serial = 0
    for label, family, participants, key in cases(info):
        writes, fuses, parts = [], [], []
        mentions_in_block = None
        for k in range(per_case):
            serial += 1
            day = date(2024, 1, 1) + timedelta(days=7 * k)
            article, mentions = synthetic_article(serial, participants, family, day)
            assert block_key(mentions[0].type, mentions[0].participant_ids) == key
            pipeline.extractor.extract = lambda _article, _mentions=mentions: _mentions
            t = time.perf_counter()
            blocks = pipeline.add(article).blocks
            writes.append(time.perf_counter() - t)

            timers = Timers()
            originals = [(fusion, name, timers.wrap(fusion, name, "read"))
                         for name in ("read_blocks", "stored_events", "entity_table")]
            replace = store.replace_graphs

            def timed_replace(graphs, add=None, _replace=replace, _timers=timers):
                start = time.perf_counter()
                try:
                    return _replace(graphs, add)
                finally:
                    _timers.t["replace"] = _timers.t.get("replace", 0.0) + time.perf_counter() - start

            store.replace_graphs = timed_replace
            t = time.perf_counter()
            fusion.fuse_blocks(store, blocks)
            fuses.append(time.perf_counter() - t)
            store.replace_graphs = replace
            for module, name, original in originals:
                setattr(module, name, original)
            timers.t["rest"] = fuses[-1] - sum(timers.t.values())
            parts.append(timers.t)
            if mentions_in_block is None:
                mentions_in_block = len(fusion.read_block(store, key))
        snapshots.restore()
        med = {p: statistics.median(x.get(p, 0.0) for x in parts) * 1000
               for p in ("read", "replace", "rest")}
        fuse_ms = statistics.median(fuses) * 1000
        rows.append([size_label(events), label, f"{mentions_in_block:,}", fmt_ms(statistics.median(writes) * 1000),
                     fmt_ms(fuse_ms), fmt_ms(med["read"]), fmt_ms(med["rest"]), fmt_ms(med["replace"]),
                     fmt_ms(statistics.median(w + f for w, f in zip(writes, fuses)) * 1000)])
    store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10k events, 3 articles per case")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument("--articles", type=int, default=None, help="articles per case (default 5, --quick 3)")
    args = parser.parse_args()
    sizes = args.sizes or ([10_000] if args.quick else [10_000, 100_000, 1_000_000])
    per_case = args.articles or (3 if args.quick else 5)
    rows = []
    for events in sizes:
        rows += measure(events, per_case)
    print(report(
        f"Fusion per added article (median of {per_case} articles per case), on-disk Oxigraph",
        ["events in store", "block", "mentions in block", "write article", "fuse_blocks", "read",
         "cluster + map", "replace_graphs", "per article total"],
        rows, ["write article: Pipeline.add without the extraction (the article's transaction)",
               "fuse_blocks = read (the blocks' mentions, their stored events, the entities they name) "
               "+ cluster + map (canonical events to RDF) + replace_graphs (only the events that changed)"]))


if __name__ == "__main__":
    main()
