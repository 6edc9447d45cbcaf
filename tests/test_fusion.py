"""Fusion: one canonical event per real event, order-independent and incremental."""
from __future__ import annotations

import itertools
from datetime import date

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.fusion import MentionRecord, cluster
from tests.conftest import SEEDS


def m(iri, lo, hi, status="occurred", doc="a", published=date(2025, 5, 17)):
    return MentionRecord(iri=iri, type="PhoneCall", status=status, earliest=lo, latest=hi, granularity="day",
                         evidence="x", start=0, doc=doc, published=published, outlet=None, url=None,
                         initiator=None, location=None, topics=())


def test_precise_reports_of_one_day_merge():
    c = cluster([m("1", date(2025, 2, 12), date(2025, 2, 12), doc="a"), m("2", date(2025, 2, 12), date(2025, 2, 12), doc="b")])
    assert len(c) == 1


def test_vague_report_joins_only_when_exactly_one_fits():
    feb = m("1", date(2025, 2, 12), date(2025, 2, 12), doc="a")
    mar = m("2", date(2025, 3, 14), date(2025, 3, 14), doc="b")
    mid_feb = m("3", date(2025, 2, 11), date(2025, 2, 20), doc="c")
    spring = m("4", date(2025, 2, 1), date(2025, 3, 31), doc="d")
    clusters = cluster([feb, mar, mid_feb, spring])
    sizes = sorted(len(c.members) for c in clusters)
    assert sizes == [1, 1, 2]  # mid-February joins 12 Feb; the spring report fits two and stays apart
    assert any({x.iri for x in c.members} == {"1", "3"} for c in clusters)


def test_occurred_report_cannot_describe_a_later_event():
    later = m("1", date(2025, 3, 1), date(2025, 3, 1), doc="a", published=date(2025, 3, 1))
    earlier_report = m("2", None, date(2025, 2, 9), doc="b", published=date(2025, 2, 9))
    assert len(cluster([later, earlier_report])) == 2


def test_planned_report_joins_the_event_it_announced():
    held = m("1", date(2025, 5, 19), date(2025, 5, 19), doc="a", published=date(2025, 5, 20))
    announced = m("2", date(2025, 5, 17), None, status="planned", doc="b", published=date(2025, 5, 17))
    [c] = cluster([held, announced])
    assert len(c.members) == 2


def test_one_article_claiming_one_call_and_denying_others_keeps_both():
    claimed = m("1", None, date(2025, 2, 9), status="claimed", doc="a")
    denied = m("2", None, date(2025, 1, 20), status="denied", doc="a")
    assert len(cluster([claimed, denied])) == 2


def test_clustering_ignores_input_order():
    ms = [m(str(i), date(2025, 2, 10 + i % 3), date(2025, 2, 10 + i % 3), doc=str(i)) for i in range(6)]
    ms.append(m("v", date(2025, 2, 1), date(2025, 2, 28), doc="v"))
    def key(cs):
        return sorted(sorted(x.iri for x in c.members) for c in cs)
    expected = key(cluster(ms))
    for perm in itertools.islice(itertools.permutations(ms), 50):
        assert key(cluster(list(perm))) == expected


@pytest.fixture(scope="module")
def seed_articles():
    from kg.ingest.reader import iter_articles

    return [r.article for r in iter_articles([SEEDS]) if r.article]


def _ingest_in_order(articles, extracted):
    from kg.api import Pipeline
    from kg.fusion import fuse_blocks
    from kg.store import open_store

    store = open_store("memory")
    pipeline = Pipeline(store)
    pipeline.extractor.extract = lambda article: extracted[article.doc]
    for article in articles:
        blocks = pipeline.add(article).blocks
        fuse_blocks(store, blocks)  # incremental: only the blocks this article touched
    nquads = sorted(
        f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} ." for s, p, o, g in store.quads()
    )
    return nquads, store


def test_any_ingest_order_gives_the_same_graph(seed_articles):
    from kg.extraction import Extractor
    from kg.lexicon import load_lexicon

    extractor = Extractor(load_lexicon())
    extracted = {a.doc: extractor.extract(a) for a in seed_articles}
    reference, store = _ingest_in_order(seed_articles, extracted)
    ref_graph = Graph()
    for s, p, o, _ in store.quads():
        ref_graph.add((s, p, o))
    for order in itertools.permutations(seed_articles):  # all 120 orders
        quads, other = _ingest_in_order(list(order), extracted)
        assert quads == reference, [a.doc for a in order]
    g = Graph()
    for s, p, o, _ in other.quads():
        g.add((s, p, o))
    assert isomorphic(g, ref_graph)


@pytest.fixture(scope="module")
def seed_extractions(seed_articles):
    from kg.extraction import Extractor
    from kg.lexicon import load_lexicon

    extractor = Extractor(load_lexicon())
    return {a.doc: extractor.extract(a) for a in seed_articles}


def _ingest_in_runs(runs, extracted, keep):
    """Each run: one IncrementalFusion (what ``kg ingest`` does), a pass after every article."""
    from kg.api import Pipeline
    from kg.fusion import IncrementalFusion
    from kg.graph.iris import article_iri
    from kg.store import open_store

    store = open_store("memory")
    pipeline = Pipeline(store)
    for articles in runs:
        fusion = IncrementalFusion(store, keep=keep)
        for article in articles:
            written = pipeline.write(article, extracted[article.doc])
            fusion.wrote(str(article_iri(article.content_hash)), written.blocks, written.replaced)
            fusion.fuse()
    return store, pipeline, fusion


def _nquads(store):
    return sorted(f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} ." for s, p, o, g in store.quads())


@pytest.mark.parametrize("keep", [0, 3, 100_000])
def test_incremental_fusion_gives_the_graph_of_fusing_from_scratch(seed_articles, seed_extractions, keep):
    """Passes that remember blocks (or forget them: ``keep``) over two runs, in several orders."""
    reference, _ = _ingest_in_order(seed_articles, seed_extractions)
    for order in itertools.islice(itertools.permutations(seed_articles), 0, 120, 23):
        order = list(order)
        store, *_ = _ingest_in_runs([order[:2], order[2:]], seed_extractions, keep)
        assert _nquads(store) == reference, [a.doc for a in order]


def test_incremental_fusion_forgets_the_mentions_of_a_replaced_article(seed_articles, seed_extractions):
    from kg.graph.iris import article_iri

    article = max(seed_articles, key=lambda a: len(seed_extractions[a.doc]))
    fewer = {**seed_extractions, article.doc: seed_extractions[article.doc][1:]}
    reference, _ = _ingest_in_order(seed_articles, fewer)
    store, pipeline, fusion = _ingest_in_runs([seed_articles], seed_extractions, keep=100_000)
    written = pipeline.write(article, fewer[article.doc])  # extracted again, one mention less
    assert written.replaced
    fusion.wrote(str(article_iri(article.content_hash)), written.blocks, written.replaced)
    fusion.fuse()
    assert _nquads(store) == reference


def test_reingest_changes_nothing(seed_articles):
    from kg import api
    from kg.store import open_store

    store = open_store("memory")
    api.ingest([SEEDS], store)
    before = sorted(store.quads(), key=str)
    report = api.ingest([SEEDS], store)
    assert report.unchanged and not report.ingested
    api.ingest([SEEDS], store, force=True)
    assert sorted(store.quads(), key=str) == before


def test_seed_events_merge_across_sources(seeds_events):
    def find(kind, names, day):
        return [e for e in seeds_events if e["type"] in kind and {p["label"] for p in e["participants"]} == names
                and (e["earliest"] or "") <= day <= (e["latest"] or "9999")]
    trump_putin = {"Donald Trump", "Wladimir Putin"}
    [oct16] = find({"PhoneCall"}, trump_putin, "2025-10-16")
    assert {s["doc"][:3] for s in oct16["sources"]} == {"000", "003"}
    [feb12] = find({"PhoneCall"}, trump_putin, "2025-02-12")
    assert {s["doc"][:3] for s in feb12["sources"]} == {"001", "004"}
    [meeting] = find({"Meeting", "Visit", "Negotiation"}, {"Donald Trump", "Wolodymyr Selenskyj"}, "2025-10-17")
    assert {s["doc"][:3] for s in meeting["sources"]} == {"000", "003"}
    [budapest] = [e for e in find({"Summit", "Meeting"}, trump_putin, "2025-10-20")
                  if (e["location"] or {}).get("label") == "Budapest"]
    assert {s["doc"][:3] for s in budapest["sources"]} == {"000", "003"}
    claimed = [e for e in seeds_events if e["status"] == "claimed"]
    assert claimed and all("001" not in {s["doc"][:3] for s in e["sources"]} for e in claimed)
    [denied] = [e for e in seeds_events if e["status"] == "denied"]
    assert denied["latest"] == "2025-01-20" and "abgestritten" in denied["sources"][0]["evidence"]


def test_fusion_families_are_the_ontologys():
    from kg.lexicon import load_lexicon
    from kg.model import FAMILY

    classes = load_lexicon().event_classes
    assert {c: v["family"] for c, v in classes.items() if c in FAMILY} == FAMILY


def _fused_seeds():
    from kg import api
    from kg.store import open_store

    store = open_store("memory")
    api.ingest([SEEDS], store, jobs=1)
    return store


def _is_event_graph(graph) -> bool:
    from kg.graph.iris import MERGED_PREFIX

    return str(graph).startswith(MERGED_PREFIX) and "/" in str(graph)[len(MERGED_PREFIX):]


def _all_blocks(store):
    from kg.fusion import ALL_BLOCKS

    return [str(r["key"]) for r in store.select(ALL_BLOCKS)]


def test_fusing_again_rewrites_no_unchanged_event():
    from kg.fusion import fuse_blocks

    store = _fused_seeds()
    before = sorted(store.quads(), key=str)
    written = []
    replace = store.replace_graphs
    store.replace_graphs = lambda graphs, add=None: (written.extend(graphs), replace(graphs, add))
    fuse_blocks(store, _all_blocks(store))
    assert written and not [g for g in written if _is_event_graph(g)]  # block and pending graphs only
    assert sorted(store.quads(), key=str) == before


def test_a_block_graph_of_the_older_layout_is_replaced():
    """Stores of earlier kg kept a block's events in the block's graph, without digests."""
    from kg.fusion import fuse_blocks
    from kg.graph.iris import block_graph
    from kg.graph.triples import Triples

    store = _fused_seeds()
    before = sorted(store.quads(), key=str)
    keys = _all_blocks(store)
    old_layout = {}
    for key in keys:  # move every event into its block's graph and drop its digest
        merged = Triples()
        for s, p, o, g in store.quads():
            if str(g).startswith(str(block_graph(key))) and not str(p).endswith("#digest"):
                merged.add(s.n3(), p.n3(), o.n3())
        old_layout[block_graph(key)] = merged
    events = {g for *_, g in store.quads() if _is_event_graph(g)}
    store.replace_graphs({**{g: None for g in events}, **old_layout})
    assert sorted(store.quads(), key=str) != before
    fuse_blocks(store, keys)
    assert sorted(store.quads(), key=str) == before


@pytest.mark.parametrize("seed", range(8))
def test_the_hull_index_finds_every_event_a_vague_report_fits(seed, monkeypatch):
    """Testing vague reports only against nearby events gives the clusters of testing all."""
    import random
    from datetime import timedelta

    from kg import fusion

    rng = random.Random(seed)
    mentions = []
    for i in range(300):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(400))
        kind = rng.random()
        if kind < 0.15:
            mentions.append(m(f"{i:04d}", day - timedelta(days=rng.choice([5, 14, 45])), day + timedelta(days=9),
                              doc=f"d{rng.randrange(150)}", published=day + timedelta(days=10)))
        elif kind < 0.2:
            mentions.append(m(f"{i:04d}", day, None, status="planned", doc=f"d{i}", published=day))
        elif kind < 0.23:
            mentions.append(m(f"{i:04d}", None, day, doc=f"d{i}", published=day))
        else:
            mentions.append(m(f"{i:04d}", day, day + timedelta(days=rng.choice([0, 0, 1, 3])),
                              doc=f"d{rng.randrange(150)}", published=day + timedelta(days=4)))

    def key(clusters):
        return sorted(sorted(x.iri for x in c.members) for c in clusters)

    indexed = key(cluster(mentions))
    monkeypatch.setattr(fusion._HullIndex, "candidates",
                        lambda self, _m: list({id(c): c for c in [*self.clusters, *self.widened.values()]}.values()))
    assert key(cluster(mentions)) == indexed
