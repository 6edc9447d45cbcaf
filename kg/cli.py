"""The ``kg`` command line: thin click commands that wire the layers together.

Heavy libraries (spaCy, pyoxigraph, rdflib) are imported inside the commands so that
``kg --help`` stays fast.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kg.errors import KgError

STORE_HELP = "Store: a folder (Oxigraph on disk), 'memory', or 'sparql:URL'. [default: kg-store]"
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, envvar="KG_JOBS",
    help="Processes: one writes the store, the others extract (from the 25th article on). "
         "[default: the machine's cores, at most 4]")
model_option = click.option(
    "--spacy-model", default=None, envvar="KG_SPACY_MODEL",
    help="A trained German spaCy pipeline (name or path) whose person entities and sentences "
         "the rules use as extra evidence. [default: none, rules only]")
store_option = click.option("--store", "store", default="kg-store", show_default=False, envvar="KG_STORE", help=STORE_HELP)


class KgGroup(click.Group):
    """Turns KgError into one clear line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.secho(f"kg: {err}", err=True, fg="red")
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as err:  # a bug: one line for the user, the traceback on request
            if os.environ.get("KG_DEBUG"):
                raise
            click.secho(f"kg: internal error ({type(err).__name__}: {err}); rerun with KG_DEBUG=1 "
                        "for the details and please report it", err=True, fg="red")
            sys.exit(3)
        except KeyboardInterrupt:
            click.secho("kg: interrupted; the store holds every article committed so far", err=True)
            sys.exit(130)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main():
    """kg: a temporal knowledge graph of diplomatic events from German news.

    \b
    Example:
      kg build seeds/              # ingest, merge, export and print the timeline
      kg export events --format jsonl > events.jsonl
    """


def _progress(verbose: bool, every: int = 100):
    """Per-article lines with -v; otherwise a count every ``every`` articles on long runs."""
    seen = {"n": 0}

    def report(kind: str, text: str) -> None:
        seen["n"] += 1
        if kind == "skipped":
            click.secho(f"  skipped: {text}", err=True, fg="yellow")
        elif verbose:
            click.echo(f"  {kind}: {text}", err=True)
        elif seen["n"] % every == 0:
            click.echo(f"  … {seen['n']} files read", err=True)
    return report


def _summary(report) -> None:
    click.echo(
        f"ingested {len(report.ingested)}, unchanged {len(report.unchanged)}, skipped {len(report.skipped)}; "
        f"{report.mentions} mentions, {report.events} events in the blocks touched",
        err=True,
    )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--force", is_flag=True, help="Extract again even if the article is stored already.")
@click.option("--strict", is_flag=True, help="Exit with 1 when any file was skipped.")
@click.option("--max-bytes", type=int, default=None, help="Skip files larger than this. [default: 5000000]")
@model_option
@jobs_option
@click.option("-v", "--verbose", is_flag=True, help="Print a line per article.")
def ingest(paths, store, force, strict, max_bytes, spacy_model, jobs, verbose):
    """Read articles (files or folders), extract events, store and merge them.

    \b
    Example:
      kg ingest seeds/ --store kg-store
      kg ingest news/2025-05-17.jsonl another.html
    """
    from kg import api

    report = api.ingest(paths, store, force=force, max_bytes=max_bytes, use_model=spacy_model, jobs=jobs,
                        progress=_progress(verbose))
    _summary(report)
    if strict and report.failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--out", "out", default="kg-out", type=click.Path(path_type=Path), show_default=True,
              help="Folder for graph.trig, events.jsonl, graph.html and timeline.html.")
@click.option("--force", is_flag=True, help="Extract again even if the article is stored already.")
@model_option
@jobs_option
@click.option("-v", "--verbose", is_flag=True, help="Print a line per article.")
def build(paths, store, out, force, spacy_model, jobs, verbose):
    """The main job: ingest PATHS, merge, write the outputs, print the timeline.

    \b
    Example:
      kg build seeds/ --store kg-store --out kg-out
    """
    from kg import api
    from kg.export import timeline_table, write_jsonl
    from kg.viz import network_html, timeline_html

    with api.as_store(store) as st:
        report = api.ingest(paths, st, force=force, use_model=spacy_model, jobs=jobs, progress=_progress(verbose))
        _summary(report)
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "graph.trig", "wb") as handle:
            st.dump(handle, "trig")
        events = api.events(st)
    with open(out / "events.jsonl", "w", encoding="utf-8") as handle:
        write_jsonl(events, handle)
    (out / "graph.html").write_text(network_html(events), encoding="utf-8")
    (out / "timeline.html").write_text(timeline_html(events), encoding="utf-8")
    click.echo(timeline_table(events))
    click.echo(f"\nwrote {out}/graph.trig, events.jsonl, graph.html, timeline.html", err=True)


@main.group()
def export():
    """Export events or the whole graph."""


@export.command("events")
@store_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "plover"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File to write. [default: stdout]")
def export_events(store, fmt, output):
    """Canonical events: JSONL (the export contract), a GDELT-like CSV, or PLOVER JSONL.

    \b
    Example:
      kg export events --format jsonl --store kg-store > events.jsonl
    """
    from kg import api
    from kg.export import write_csv, write_jsonl, write_plover

    with _read_store(store) as st:
        events = api.events(st)
    {"jsonl": write_jsonl, "csv": write_csv, "plover": write_plover}[fmt](events, output)


@export.command("graph")
@store_option
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "jsonld", "ntriples"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="File to write. [default: stdout]")
def export_graph(store, fmt, output):
    """Every graph: TriG and N-Quads keep the named graphs; Turtle is the union.

    \b
    Example:
      kg export graph --format trig -o graph.trig
    """
    with _read_store(store) as st:
        if output is None:
            st.dump(sys.stdout.buffer, fmt)
        else:
            with open(output, "wb") as handle:
                st.dump(handle, fmt)


def _read_store(spec, write: bool = False):
    """An existing store; opened read-only unless ``write`` (readers never wait for a writer)."""
    from kg.store import open_store

    if spec and not spec.startswith(("sparql:", "memory")):
        path = Path(spec[len("oxigraph:"):] if spec.startswith("oxigraph:") else spec)
        if not path.is_dir():
            raise KgError(f"no store at {path}; run 'kg ingest ARTICLES --store {path}' first")
        return open_store(spec, read_only=not write)
    return open_store(spec)


@main.command()
@click.argument("text")
@click.option("--ref", "ref", default=None, help="Reference (publication) date, YYYY-MM-DD.")
@click.option("--tense", type=click.Choice(["auto", "past", "present", "future"]), default="auto", show_default=True,
              help="Direction of relative dates; auto reads each sentence's verbs.")
def timex(text, ref, tense):
    """Print the temporal expressions in TEXT as JSON lines with date intervals.

    Past-tense weekdays look back from --ref, future ones forward. Without --ref only
    absolute expressions get bounds.

    \b
    Example:
      kg timex --ref 2025-05-17 "Trump telefoniert am Montag mit Putin."
    """
    from datetime import date

    from kg.extraction.timex import find_timexes

    try:
        ref_date = date.fromisoformat(ref) if ref else None
    except ValueError:
        raise KgError(f"--ref {ref!r} is not a date; write it as YYYY-MM-DD") from None
    from dataclasses import replace

    from kg.extraction.tense import sentences_with_tense

    for offset, sentence, found in sentences_with_tense(text):
        for span in find_timexes(sentence, ref_date, found if tense == "auto" else tense):
            shifted = replace(span, start=span.start + offset, end=span.end + offset)
            click.echo(json.dumps(shifted.as_json(), ensure_ascii=False))


@main.command()
@store_option
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("kg-out"), show_default=True)
@click.option("--from", "start", default=None, help="Only events on or after this date.")
@click.option("--to", "end", default=None, help="Only events on or before this date.")
@click.option("--actor", default=None, help="Only events with an actor whose name contains this.")
@click.option("--type", "types", multiple=True, help="Only these event types (repeatable).")
def viz(store, out, start, end, actor, types):
    """Write the interactive network (graph.html) and timeline (timeline.html).

    \b
    Example:
      kg viz --actor Putin --from 2025-01-01 --out kg-out
    """
    from kg import api
    from kg.viz import filter_events, network_html, timeline_html

    with _read_store(store) as st:
        events = filter_events(api.events(st), start=start, end=end, actor=actor, types=set(types))
    out.mkdir(parents=True, exist_ok=True)
    (out / "graph.html").write_text(network_html(events), encoding="utf-8")
    (out / "timeline.html").write_text(timeline_html(events), encoding="utf-8")
    click.echo(f"wrote {out}/graph.html and {out}/timeline.html ({len(events)} events)")


@main.command()
@store_option
def stats(store):
    """Counts of articles, mentions, events and actors; the most active pairs.

    \b
    Example:
      kg stats --store kg-store
    """
    from kg import api
    from kg.network import summary

    with _read_store(store) as st:
        click.echo(summary(st, api.events(st)))


@main.command()
@click.argument("name_or_file", required=False)
@store_option
@click.option("--param", "params", multiple=True, help="NAME=VALUE, bound safely (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the query library.")
def query(name_or_file, store, params, fmt, list_queries):
    """Run a SPARQL query from the library (by name) or a file.

    \b
    Example:
      kg query --list
      kg query calls-between --param a=Trump --param b=Putin
    """
    from kg import queries

    if list_queries or not name_or_file:
        click.echo(queries.listing())
        return
    with _read_store(store) as st:
        result = queries.run(st, name_or_file, dict(_split_param(p) for p in params))
    click.echo(queries.render(result, fmt))


def _split_param(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise KgError(f"--param {text!r} needs the form NAME=VALUE")
    name, value = text.split("=", 1)
    return name.strip(), value


@main.command()
@store_option
def validate(store):
    """Check the whole store against the SHACL shapes in ontology/shapes.ttl.

    \b
    Example:
      kg validate --store kg-store
    """
    from rdflib import Graph

    from kg.graph.validate import validate_graph

    g = Graph()
    with _read_store(store) as st:
        for s, p, o, _g in st.quads():
            g.add((s, p, o))
    conforms, text = validate_graph(g)
    click.echo("conforms" if conforms else text)
    if not conforms:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig"]), default=None, help="[default: from the file name]")
def load(file, store, fmt):
    """Bulk-load an N-Quads or TriG dump, then recompute the canonical events.

    \b
    Example:
      kg load dump.nq --store kg-store
    """
    from kg import api
    from kg.store import open_store

    fmt = fmt or ("trig" if file.suffix == ".trig" else "nquads")
    with open_store(store) as st:  # not api.as_store: refuse below brings an older store up to date once
        n = st.load(file, fmt)
        events = api.refuse(st)
    click.echo(f"loaded {n} quads; {events} canonical events")


@main.command()
@store_option
def refuse(store):
    """Recompute every canonical event from the stored mentions.

    Needed after a change of the fusion rules, and once for a store an older kg wrote
    (readers then say so); writing commands do it on their own.

    \b
    Example:
      kg refuse --store kg-store
    """
    from kg import api

    with _read_store(store, write=True) as st:
        click.echo(f"{api.refuse(st)} canonical events")


if __name__ == "__main__":
    main()
