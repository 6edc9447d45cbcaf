"""Synthetic inputs for the benchmarks, deterministic for a seed.

Corpora — German news articles from varied templates, with actors from the gazetteer
(``kg.lexicon.load_lexicon().actors``), places, dates and outlets, written as ``.txt``
files plus a ``sources.csv`` (the layout of ``seeds/``)::

    python bench/generate.py corpus /tmp/kgbench/corpus-1000 --articles 1000 --seed 1
    python bench/generate.py seeds /tmp/kgbench/seeds-200 --copies 200

Graphs — N canonical events with their mentions and articles, as N-Quads in the layout
kg writes (article graphs, a graph per canonical event and per fusion block, a graph per
actor and place)::

    python bench/generate.py graph /tmp/kgbench/graph-10000.nq --events 10000 --seed 1

The events are kg's own model objects (``kg.fusion.canonical`` merges their mentions),
written by ``kg.graph.mapping`` itself, so the synthetic layout cannot drift from kg's;
a cached graph is made again when the mapping code changes (``layout_version``).
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUTLETS = ["dpa", "AFP", "Reuters", "tagesschau.de", "Spiegel", "FAZ", "Süddeutsche Zeitung", "Zeit Online",
           "n-tv", "APA", "Deutsche Welle", "Handelsblatt", "NZZ", "Der Standard", "RND"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
START, END = date(2015, 1, 1), date(2025, 6, 30)

# ------------------------------------------------------------------ actors
# The lexicon lists living and former office holders; the benchmarks draw persons with a
# country (so titles make sense) with a Zipf-like popularity: a few actors are in most news.


@dataclass(frozen=True)
class Actor:
    id: str
    label: str
    short: str
    kind: str
    wikidata: str | None
    country: str | None


@cache
def actors() -> tuple[Actor, ...]:
    from kg.lexicon import load_lexicon

    lx = load_lexicon()
    out = []
    for entry in sorted(lx.actors.values(), key=lambda e: e.id):
        if entry.kind != "Person" or not entry.country or len(entry.label.split()) < 2:
            continue
        # the shortest name that is a surname the extractor knows (Trump, Putin, Selenskyj)
        shorts = [n for n in entry.names if " " not in n and n[:1].isupper() and not n.endswith(("s", "'"))]
        short = min(shorts, key=len) if shorts else entry.label.split()[-1]
        out.append(Actor(entry.id, entry.label, short, entry.kind, entry.wikidata, entry.country))
    return tuple(out)


@cache
def places() -> tuple[tuple[str, str, str | None], ...]:
    from kg.lexicon import load_lexicon

    lx = load_lexicon()
    return tuple(sorted((p.id, p.label, p.wikidata) for p in lx.places.values()))


#: the most reported actors first, so that the top pair is Trump–Putin as in the seeds
FAMOUS = ("donald-trump", "wladimir-putin", "wolodymyr-selenskyj", "emmanuel-macron", "olaf-scholz",
          "xi-jinping", "joe-biden", "friedrich-merz", "recep-tayyip-erdogan", "benjamin-netanjahu")


def ranked_actors(rng: random.Random, n: int = 300) -> list[Actor]:
    """``n`` persons in a fixed random order of popularity (rank 1 first)."""
    pool = list(actors())
    by_id = {a.id: a for a in pool}
    famous = [by_id[i] for i in FAMOUS if i in by_id]
    rest = [a for a in pool if a not in famous]
    rng.shuffle(rest)
    return (famous + rest)[:n]


def zipf_weights(n: int, s: float = 0.8) -> list[float]:
    return [1.0 / (k ** s) for k in range(1, n + 1)]


def random_day(rng: random.Random, lo: date = START, hi: date = END) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


# ------------------------------------------------------------------ corpora
EVENT_SENTENCES = {
    "PhoneCall": [
        "{A} hat {when} mit {B} telefoniert.",
        "{tA} {A} telefonierte {when} mit {tB} {B}.",
        "{when_cap} führten {A} und {B} ein Telefonat.",
        "{A} und {B} sprachen {when} am Telefon über {topic}.",
        "Wie das Büro von {A} mitteilte, rief {A} {when} bei {B} an.",
    ],
    "Meeting": [
        "{A} traf {when} in {place} mit {B} zusammen.",
        "{when_cap} kam {A} in {place} mit {tB} {B} zu einem Treffen zusammen.",
        "{A} und {B} trafen sich {when} in {place}, um über {topic} zu sprechen.",
        "{A} empfing {B} {when} in {place}.",
    ],
    "Visit": [
        "{A} besuchte {when} {B} in {place}.",
        "{when_cap} reiste {A} nach {place}, wo {A_short} mit {B} über {topic} sprach.",
    ],
    "Negotiation": [
        "{A} und {B} verhandelten {when} in {place} über {topic}.",
        "In {place} begannen {when} Verhandlungen zwischen {A} und {B}.",
    ],
    "Invitation": [
        "{A} lud {B} {when} zu einem Besuch nach {place} ein.",
        "{A} hat {B} nach {place} eingeladen, teilte ein Sprecher {when} mit.",
    ],
    "Consultation": [
        "{A} beriet sich {when} mit {B} über {topic}.",
        "{A} und {B} tauschten sich {when} über {topic} aus.",
    ],
}
PLANNED = [
    "{A} will {B} in der kommenden Woche in {place} treffen.",
    "Ein Telefonat zwischen {A} und {B} ist für {day_abs} geplant.",
    "{A} kündigte an, {B} demnächst in {place} zu besuchen.",
]
DENIED = [
    "Ein Sprecher von {B} dementierte, dass {A} mit {B} telefoniert habe.",
    "Berichte über ein Treffen von {A} und {B} wies die Regierung als falsch zurück.",
]
TOPICS = ["den Krieg in der Ukraine", "eine Waffenruhe", "Sanktionen", "Handelsfragen", "Zölle",
          "Waffenlieferungen", "die Lage im Nahen Osten", "Energiepreise", "Migration", "den Klimaschutz",
          "einen Friedensplan", "die Nato", "Cybersicherheit", "humanitäre Hilfe"]
FILLER = [
    "Die Opposition kritisierte das Vorgehen der Regierung scharf und forderte mehr Transparenz.",
    "Beobachter in {place} rechnen nicht mit einem schnellen Durchbruch.",
    "Die Preise für Gas und Strom sind in den vergangenen Monaten um {n} Prozent gestiegen.",
    "Nach Angaben von Diplomaten wurden zuletzt {n} Punkte eines Papiers diskutiert.",
    "Ökonomen warnen vor den Folgen für den Export, der zuletzt um {n} Prozent zurückging.",
    "Das Parlament soll sich in der nächsten Sitzungswoche mit dem Thema befassen.",
    "Umfragen zufolge unterstützen {n} Prozent der Befragten den Kurs der Regierung.",
    "Kritiker bemängeln, dass die Gespräche bislang kaum Ergebnisse gebracht hätten.",
    "Die Zahl der Geflüchteten stieg nach Angaben der Vereinten Nationen auf {n}.000.",
    "Im Hintergrund laufen Vorbereitungen für weitere Runden auf Ebene der Fachminister.",
    "An den Börsen reagierten die Anleger zurückhaltend; der Leitindex verlor {n} Punkte.",
    "Experten gehen davon aus, dass die Verhandlungen noch Monate dauern könnten.",
    "Die Europäische Union berät derzeit über ein weiteres Paket von Maßnahmen.",
    "Der Haushaltsausschuss gab am Abend {n} Millionen Euro für humanitäre Projekte frei.",
    "Vertreter mehrerer Hilfsorganisationen äußerten sich besorgt über die Versorgungslage.",
    "In einer gemeinsamen Erklärung betonten beide Seiten die Bedeutung enger Abstimmung.",
    "Unabhängig überprüfen ließen sich die Angaben zunächst nicht.",
    "Die Regierung in {place} wollte sich zunächst nicht zu den Berichten äußern.",
]
TITLES = ["Präsident", "Regierungschef", "Staatschef", "Politiker"]


def _date_phrase(rng: random.Random, published: date, event_day: date) -> tuple[str, str]:
    """('am Montag', 'Am Montag') or an absolute date, for an event on ``event_day``."""
    delta = (published - event_day).days
    if delta == 0 and rng.random() < 0.3:
        return "heute", "Heute"
    if delta == 1 and rng.random() < 0.3:
        return "gestern", "Gestern"
    if 0 <= delta < 7 and rng.random() < 0.5:
        wd = WEEKDAYS[event_day.weekday()]
        return f"am {wd}", f"Am {wd}"
    text = f"am {event_day.day}. {MONTHS[event_day.month - 1]} {event_day.year}"
    return text, "A" + text[1:]


def article_text(rng: random.Random, ranked: list[Actor], weights: list[float], n: int) -> tuple[str, date, str]:
    """One synthetic article: (text, publication date, outlet)."""
    published = random_day(rng)
    outlet = rng.choice(OUTLETS)
    pls = places()
    paragraphs = []
    a, b = rng.choices(ranked, weights=weights, k=2)
    while b == a:
        b = rng.choices(ranked, weights=weights)[0]
    etype = rng.choice(list(EVENT_SENTENCES))
    place = rng.choice(pls)[1]
    topic = rng.choice(TOPICS)
    headline = f"{a.short} und {b.short}: {topic[0].upper() + topic[1:]}"
    dateline = f"{published.day}. {MONTHS[published.month - 1]} {published.year}, {rng.randrange(6, 23)}:{rng.randrange(60):02d} Uhr · Quelle: {outlet}"
    paragraphs += [headline, dateline]
    sentences = []
    n_events = rng.randint(1, 4)
    for k in range(n_events):
        if k:
            a, b = rng.choices(ranked, weights=weights, k=2)
            if a == b:
                continue
            etype = rng.choice(list(EVENT_SENTENCES))
            place = rng.choice(pls)[1]
            topic = rng.choice(TOPICS)
        day = published - timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5, 9, 30]))
        when, when_cap = _date_phrase(rng, published, day)
        roll = rng.random()
        template = rng.choice(PLANNED if roll < 0.12 else DENIED if roll < 0.17 else EVENT_SENTENCES[etype])
        future = published + timedelta(days=rng.randrange(3, 40))
        sentences.append(template.format(
            A=a.label, B=b.label, A_short=a.short, tA=rng.choice(TITLES), tB=rng.choice(TITLES),
            when=when, when_cap=when_cap, place=place, topic=topic,
            day_abs=f"den {future.day}. {MONTHS[future.month - 1]} {future.year}",
        ))
        # background sentences between reports
        for _ in range(rng.randint(2, 6)):
            sentences.append(rng.choice(FILLER).format(place=rng.choice(pls)[1], n=rng.randrange(2, 97)))
    # a few paragraphs of 2-5 sentences; a unique closing line keeps every text distinct
    while sentences:
        take = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    paragraphs.append(f"(Meldung {n}, {outlet})")
    return "\n\n".join(paragraphs) + "\n", published, outlet


def write_corpus(folder: Path, articles: int, seed: int = 1, *, words: int = 0) -> Path:
    """``articles`` synthetic articles as NNNNNN.txt plus sources.csv; ``words`` pads each to about that length."""
    rng = random.Random(seed)
    ranked = ranked_actors(random.Random(seed))
    weights = zipf_weights(len(ranked))
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["file", "published", "outlet"])
        for n in range(articles):
            text, published, outlet = article_text(rng, ranked, weights, n)
            while words and len(text.split()) < words:
                text = text.rstrip("\n") + "\n\n" + " ".join(
                    rng.choice(FILLER).format(place=rng.choice(places())[1], n=rng.randrange(2, 97))
                    for _ in range(4)) + "\n"
            name = f"{n:06d}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            w.writerow([name, published.isoformat(), outlet])
    return folder


def write_seed_copies(folder: Path, copies: int, seeds: Path = ROOT / "seeds") -> Path:
    """The seed articles ``copies`` times, each copy with a distinct closing line (so a distinct hash)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader(open(seeds / "sources.csv", encoding="utf-8")))
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["file", "published", "outlet"])
        for k in range(copies):
            for row in rows:
                text = (seeds / row["file"]).read_text(encoding="utf-8")
                name = f"c{k:04d}_{row['file']}"
                (folder / name).write_text(text.rstrip("\n") + f"\n\n(Archivfassung {k + 1})\n", encoding="utf-8")
                w.writerow([name, row["published"], row["outlet"]])
    return folder


def corpus_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


# ------------------------------------------------------------------ graphs
FAMILY_TYPES = {"spoken": ["PhoneCall", "PhoneCall", "Consultation"],
                "in-person": ["Meeting", "Meeting", "Visit", "Negotiation", "Summit"],
                "invitation": ["Invitation"]}
FAMILY_WEIGHTS = [("spoken", 0.45), ("in-person", 0.45), ("invitation", 0.10)]
STATUS_WEIGHTS = [("occurred", 0.70), ("planned", 0.15), ("claimed", 0.06), ("denied", 0.04),
                  ("cancelled", 0.03), ("unknown", 0.02)]
TOPIC_IDS = ["ukraine-war", "ceasefire", "peace-negotiations", "weapons-delivery", "military-aid",
             "sanctions", "trade", "energy", "migration", "climate"]
TRIGGERS = {"PhoneCall": "telefonierte", "Consultation": "beriet", "Meeting": "traf", "Visit": "besuchte",
            "Negotiation": "verhandelten", "Summit": "Gipfel", "Invitation": "lud"}


@dataclass
class Block:
    key: str
    family: str
    participants: list[Actor]


def graph_blocks(rng: random.Random, events: int, ranked: list[Actor]) -> list[tuple[Block, int]]:
    """Blocks (type family + participant pair) with their event counts, popular pairs first."""
    weights = zipf_weights(len(ranked))
    total = sum(weights)
    probs = [w / total for w in weights]
    # pair probability ~ p(a) * p(b): the top pair holds ~0.7 % of all events
    pairs = []
    for i, j in itertools.combinations(range(len(ranked)), 2):
        pairs.append((probs[i] * probs[j], i, j))
    pairs.sort(reverse=True)
    pairs = pairs[: max(200, min(len(pairs), events // 4))]
    mass = sum(p for p, _, _ in pairs)
    counts: dict[tuple[int, int, str], int] = {}
    chosen = rng.choices(range(len(pairs)), weights=[p / mass for p, _, _ in pairs], k=events)
    families = rng.choices([f for f, _ in FAMILY_WEIGHTS], weights=[w for _, w in FAMILY_WEIGHTS], k=events)
    for c, fam in zip(chosen, families):
        _, i, j = pairs[c]
        counts[(i, j, fam)] = counts.get((i, j, fam), 0) + 1
    out = []
    for (i, j, fam), n in sorted(counts.items()):
        ps = [ranked[i], ranked[j]]
        key = "|".join([fam, *sorted(a.id for a in ps)])
        out.append((Block(key, fam, ps), n))
    return out


class GraphWriter:
    """kg's layout as N-Quads lines: ``kg.graph.mapping``'s triples, each in its named graph."""

    def article(self, art, mentions) -> list[str]:
        from kg.graph.iris import article_graph
        from kg.graph.mapping import article_triples

        return _quads(article_triples(art, mentions)[0], article_graph(art.content_hash))

    def events(self, events, key: str) -> list[str]:
        from kg.graph.mapping import block_graphs

        return [line for graph, triples in block_graphs(events, key).items() for line in _quads(triples, graph)]

    def entities(self, used_actors, used_places) -> list[str]:
        """The entity graphs (one per actor and place)."""
        from kg.graph.mapping import entity_graphs
        from kg.model import Place

        graphs = entity_graphs([_model_ref(a) for a in used_actors], [Place(*p) for p in used_places])
        return [line for graph, triples in graphs.items() for line in _quads(triples, graph)]


def _quads(triples, graph) -> list[str]:
    g = f"<{graph}>"
    return [f"{s} {p} {o} {g} ." for s, p, o in triples]


def _model_ref(a: Actor):
    from kg.model import ActorRef

    return ActorRef(a.id, a.label, a.kind, a.wikidata, a.country)


class EventFactory:
    """Model objects (Article, EventMention, Event) for synthetic events of one block."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counter = itertools.count()
        self.places = places()

    def block_events(self, block: Block, n: int):
        """Yields (articles [(Article, [EventMention])], events [Event]) for ``n`` events of a block."""
        from kg.fusion import canonical, Cluster, MentionRecord
        from kg.graph.iris import mention_iri
        from kg.model import Article, EventMention, Place, TimeSpan

        rng = self.rng
        refs = [_model_ref(a) for a in block.participants]
        articles = []
        clusters = []
        entities: dict = {r.id: r for r in refs}
        # events spread over the years, a few days apart at least, in date order
        days = sorted(random_day(rng) for _ in range(n))
        for day in days:
            etype = rng.choice(FAMILY_TYPES[block.family])
            status = rng.choices([s for s, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0]
            place = rng.choice(self.places) if rng.random() < 0.5 else None
            location = Place(place[0], place[1], place[2]) if place else None
            if location:
                entities[location.id] = location
            topics = tuple(sorted(set(rng.sample(TOPIC_IDS, rng.choice([0, 1, 1, 2])))))
            initiator = refs[0] if rng.random() < 0.3 else None
            members = []
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):  # 1.9 mentions per event on average
                seq = next(self.counter)
                published = day + timedelta(days=rng.choice([0, 0, 1, 1, 2]))
                h = f"{seq:016x}"
                start = rng.randrange(0, 4000)
                evidence = f"{refs[0].label} {TRIGGERS[etype]} mit {refs[1].label} (Meldung {seq})."
                art = Article(doc=f"synthetic-{seq:08d}.txt", text="", content_hash=h, published=published,
                              published_source="metadata", outlet=rng.choice(OUTLETS))
                vague = rng.random() < 0.1
                span = TimeSpan(day - timedelta(days=14), day + timedelta(days=14), "month", "Mitte des Monats") \
                    if vague else TimeSpan(day, day, "day", f"am {WEEKDAYS[day.weekday()]}")
                m = EventMention(doc=art.doc, type=etype, participants=tuple(refs), status=status, time=span,
                                 evidence=evidence, start=start, end=start + len(evidence),
                                 trigger=TRIGGERS[etype], initiator=initiator, location=location, topics=topics)
                articles.append((art, [m]))
                members.append(MentionRecord(
                    iri=str(mention_iri(h, start, 0)), type=etype, status=status, earliest=span.earliest,
                    latest=span.latest, granularity=span.granularity, evidence=evidence, start=start,
                    doc=art.doc, published=published, outlet=art.outlet, url=None,
                    initiator=initiator.id if initiator else None, location=location.id if location else None,
                    topics=topics))
            clusters.append(Cluster(members))
        events = [canonical(c, refs, entities) for c in clusters]
        return articles, events


def write_graph(path: Path, events: int, seed: int = 1) -> dict:
    """N canonical events (with mentions, articles and actors) as N-Quads; returns counts."""
    rng = random.Random(seed)
    ranked = ranked_actors(random.Random(seed))
    factory = EventFactory(rng)
    writer = GraphWriter()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    quads = mentions = n_events = 0
    used_actors: dict[str, Actor] = {}
    used_places: set = set()
    blocks = graph_blocks(rng, events, ranked)
    with open(tmp, "w", encoding="utf-8") as out:
        for block, n in blocks:
            articles, evs = factory.block_events(block, n)
            lines = []
            for art, ms in articles:
                lines += writer.article(art, ms)
                mentions += len(ms)
                used_places.update((m.location.id, m.location.label, m.location.wikidata) for m in ms if m.location)
            lines += writer.events(evs, block.key)
            n_events += len(evs)
            for a in block.participants:
                used_actors[a.id] = a
            out.write("\n".join(lines) + "\n")
            quads += len(lines)
        lines = writer.entities(sorted(used_actors.values(), key=lambda a: a.id), sorted(used_places))
        out.write("\n".join(lines) + "\n")
        quads += len(lines)
    tmp.replace(path)
    info = {"layout": layout_version(), "events": n_events, "mentions": mentions, "quads": quads, "blocks": len(blocks),
            "top_blocks": [(b.key, n) for b, n in sorted(blocks, key=lambda x: -x[1])[:3]],
            "median_block": sorted(n for _, n in blocks)[len(blocks) // 2]}
    path.with_suffix(".json").write_text(json.dumps(info, indent=1))
    return info


def layout_version() -> str:
    """A hash of kg's mapping code: a cached graph of another layout is made again."""
    import hashlib
    import inspect

    from kg.graph import iris, mapping, triples

    code = "".join(inspect.getsource(module) for module in (iris, mapping, triples))
    return hashlib.sha256(code.encode()).hexdigest()[:12]


def cached_graph(events: int, seed: int = 1, folder: Path | None = None) -> tuple[Path, dict]:
    """The generated N-Quads file for ``events`` events, made once under KG_BENCH_DIR (/tmp/kgbench)."""
    folder = folder or bench_dir()
    path = folder / f"graph-{events}-s{seed}.nq"
    meta = path.with_suffix(".json")
    if not (path.exists() and meta.exists()) or json.loads(meta.read_text()).get("layout") != layout_version():
        write_graph(path, events, seed)
    return path, json.loads(meta.read_text())


def bench_dir() -> Path:
    import os

    folder = Path(os.environ.get("KG_BENCH_DIR", "/tmp/kgbench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("corpus", help="synthetic German articles (.txt + sources.csv)")
    c.add_argument("folder", type=Path)
    c.add_argument("--articles", type=int, default=1000)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--words", type=int, default=0, help="pad each article to about this many words")
    s = sub.add_parser("seeds", help="the seed articles repeated with distinct text")
    s.add_argument("folder", type=Path)
    s.add_argument("--copies", type=int, default=200)
    g = sub.add_parser("graph", help="N canonical events as N-Quads in kg's layout")
    g.add_argument("file", type=Path)
    g.add_argument("--events", type=int, default=10_000)
    g.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.what == "corpus":
        write_corpus(args.folder, args.articles, args.seed, words=args.words)
        print(f"wrote {args.articles} articles to {args.folder}")
    elif args.what == "seeds":
        write_seed_copies(args.folder, args.copies)
        print(f"wrote {args.copies} copies of the seeds to {args.folder}")
    else:
        info = write_graph(args.file, args.events, args.seed)
        print(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
