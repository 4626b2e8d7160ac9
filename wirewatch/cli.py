"""The ``wirewatch`` command: parse options, call one library function, print the result."""

from __future__ import annotations

import json
import sys
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import query
from .errors import WirewatchError
from .export import FORMATS  # the format table only: each writer is imported when used
from .settings import HELP, Settings, load_settings
from .resolve.events import regroup_events
from .store import Store
from .web.command import serve

app = typer.Typer(
    help="wirewatch: who said what, did what to whom, where and when — from news articles, with provenance.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
)
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[Optional[str], typer.Option("--db", help=HELP["db"], show_default=False)]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help=HELP["model"], show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for piping) instead of tables.")]
MinConfidenceOpt = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0, help="Only events coded at least this sure (0: all).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", min=1, show_default=False,
                                                   help="Parse and extract in N local processes (default 1).")]
DaskOpt = Annotated[Optional[str], typer.Option("--dask", metavar="tcp://HOST:8786", show_default=False,
                                                help="Parse and extract on the workers of this Dask scheduler.")]
EVAL_FORMATS = ("polnear", "timeml", "geoxml", "petrarch", "plover", "conll", "factrueval")


def _settings(**overrides) -> Settings:
    return load_settings(**overrides)


def _print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _progress(quiet: bool, label: str) -> Progress:
    return Progress(SpinnerColumn(), TextColumn(label), TextColumn("{task.completed} articles"),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err,
                    disable=quiet or not err.is_terminal, transient=True)


def _run_with_progress(quiet: bool, label: str, work):
    with _progress(quiet, label) as progress:
        task = progress.add_task(label, total=None, rate="")

        def advance(n: int) -> None:
            progress.advance(task, n)
            t = progress.tasks[0]
            if t.elapsed:
                progress.update(task, rate=f"{t.completed / t.elapsed:.1f} articles/s")

        return work(advance)


def _print_summary(summary, as_json: bool) -> None:
    data = summary.as_dict()
    if as_json:
        _print_json(data)
        return
    line = (f"read {data['read']} · ingested {data['ingested']} · already stored {data['already_stored']} · "
            f"extracted {data['extracted']} · not English {data['not_english']} · "
            f"near-duplicates {data['duplicates']} · rewrites {data['rewrites']} · skipped {data['skipped']} "
            f"· {data['seconds']:.1f}s")
    err.print(line, highlight=False)
    for reason, n in data["skipped_by_reason"].items():
        err.print(f"  skipped {n}: {reason}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive), feed/page URLs with --fetch, or - for stdin.")],
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for items that carry none.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Source name for items that carry none.")] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Download http(s) URLs given as paths.")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store articles only; extract later.")] = False,
    workers: WorkersOpt = None, dask: DaskOpt = None,
    db: DbOpt = None, model: ModelOpt = None, quiet: QuietOpt = False, as_json: JsonOpt = False,
) -> None:
    """Read articles (text, Markdown, HTML, RSS/Atom, WARC, JSONL), store them and extract their facts.

    Bad items are reported one line each and skipped; the run goes on. Exit 0 when all worked,
    1 when some items failed, 2 when none could be read.
    """
    from .run import local

    settings = _settings(db=db, model=model, quiet=quiet, workers=workers, dask=dask)
    pub = _parse_date(published)

    def report(discard) -> None:
        err.print(f"error: {discard.item}: {discard.reason} — skipped", highlight=False, markup=False)

    summary = _run_with_progress(quiet, "ingest", lambda advance: local.ingest(
        paths, settings, published=pub, source=source, fetch=fetch, extract=not no_extract,
        on_progress=advance, on_discard=report))
    _print_summary(summary, as_json)
    raise typer.Exit(summary.exit_code())


@app.command()
def extract(
    ids: Annotated[Optional[list[str]], typer.Argument(help="Article ids (or unique prefixes).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Re-extract every stored article.")] = False,
    workers: WorkersOpt = None, dask: DaskOpt = None,
    db: DbOpt = None, model: ModelOpt = None, quiet: QuietOpt = False, as_json: JsonOpt = False,
) -> None:
    """Re-run extraction on stored articles (after a model or dictionary change), replacing their facts."""
    from .run import local

    if not ids and not all_:
        raise WirewatchError("give article ids or --all")
    settings = _settings(db=db, model=model, quiet=quiet, workers=workers, dask=dask)
    full = None
    if ids:
        with Store(settings.db) as store:
            full = [query.resolve_article_id(store, i) for i in ids]
    summary = _run_with_progress(quiet, "extract", lambda advance: local.extract(full, settings, on_progress=advance))
    _print_summary(summary, as_json)
    raise typer.Exit(summary.exit_code())


@app.command()
def articles(
    search: Annotated[Optional[str], typer.Option(help="Full-text search over titles and texts.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """List stored articles, newest first."""
    with Store(_settings(db=db).db) as store:
        rows = query.list_articles(store, search, limit=limit, offset=offset)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "published", "source", "title", "lang")
    for r in rows:
        table.add_row(r["id"], r["published"] or "", r["source"] or "", (r["title"] or "")[:70], r["language"] or "")
    out.print(table)
    out.print(f"{len(rows)} article(s)")


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix.")],
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Show one article with its facts (mentions, dates, quotes, events) and related articles."""
    with Store(_settings(db=db).db) as store:
        detail = query.article_detail(store, article_id)
    if as_json:
        _print_json(detail)
        return
    out.print(f"[bold]{detail['title'] or '(untitled)'}[/bold]  {detail['id']}")
    out.print(f"source: {detail['source'] or '-'}  published: {detail['published'] or 'unknown'}  "
              f"language: {detail['language'] or '-'}  url: {detail['url'] or '-'}", markup=False)
    out.print()
    out.print(detail["text"], markup=False, highlight=False)
    out.print()
    for key in ("mentions", "timexes", "quotes", "events", "controls"):
        out.print(f"{key}: {len(detail[key])}")
    for r in detail["relations"]:
        other = r["b"] if r["a"] == detail["id"] else r["a"]
        out.print(f"{r['kind']} of {other} (similarity {r['similarity']})")


@app.command()
def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Counts of what is stored."""
    with Store(_settings(db=db).db) as store:
        data = query.stats(store)
    if as_json:
        _print_json(data)
        return
    table = Table("records", "count")
    for name, n in data["counts"].items():
        table.add_row(name, str(n))
    out.print(table)
    out.print("languages: " + ", ".join(f"{k} {v}" for k, v in data["languages"].items()))


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option(
        "--format", metavar="FORMAT",
        help="; ".join(f"{name}: {f.help}" for name, f in FORMATS.items()) + ".")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="File to write (default stdout); for csv and parquet a directory (required).",
    )] = None,
    db: DbOpt = None,
) -> None:
    """Write the store for other tools: the canonical JSONL dump, CSV or Parquet tables (one file per record
    type in the -o directory), GeoJSON of places and located events, or the actor network as GEXF/GraphML
    (edges weighted by event counts). A summary of what was written goes to stderr."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise WirewatchError(f"unknown export format {fmt!r} (available: {', '.join(FORMATS)})")
    if spec.target == "directory" and output is None:
        raise WirewatchError(f"--format {fmt} writes one file per record type: give a directory with -o DIR")
    with Store(_settings(db=db).db) as store:
        if spec.target == "directory":
            written = spec.write(store, output)
        elif output:
            with output.open("w", encoding="utf-8") as handle:
                written = spec.write(store, handle)
        else:
            written = spec.write(store, sys.stdout)
            sys.stdout.flush()
    if isinstance(written, dict):
        what = ", ".join(f"{n} {name}" for name, n in written.items())
    else:
        what = f"{written} {spec.unit}"
    where = f"{output}/ (one .{fmt} file each)" if spec.target == "directory" else output or "stdout"
    err.print(f"wrote {what} to {where}", markup=False, highlight=False)


@app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="A JSONL file written by 'wirewatch export'.")],
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Load a canonical JSONL dump into the store (records already present are kept)."""
    from .export import import_jsonl

    with Store(_settings(db=db).db) as store:
        counts = import_jsonl(store, path)
    if as_json:
        _print_json(counts)
    else:
        err.print("imported " + ", ".join(f"{n} {t}" for t, n in counts.items()))


@app.command()
def evaluate(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=f"Gold-data format: {', '.join(EVAL_FORMATS)}.")],
    path: Annotated[Path, typer.Argument(help="Gold file or folder.")],
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N documents.")] = None,
    dictionary: Annotated[Optional[Path], typer.Option(
        help="petrarch only: code with the PETRARCH dictionaries in this folder: its actors/agents and its "
             "verb dictionary in place of wirewatch's verb patterns (default: the actors/agents in "
             "dictionaries/ beside PATH, wirewatch's own verb patterns).")] = None,
    baseline: Annotated[bool, typer.Option(
        "--baseline", help="factrueval only: also score the bare natasha NER model, by the same code, in the same run.")] = False,
    model: ModelOpt = None, as_json: JsonOpt = False,
) -> None:
    """Score the pipeline on gold data in a standard format; counts are shown next to every figure."""
    if fmt not in EVAL_FORMATS:
        raise WirewatchError(f"unknown format {fmt!r} (available: {', '.join(EVAL_FORMATS)})")
    if not path.exists():
        raise WirewatchError(f"{path}: no such file or folder")
    extra = {"dictionary": dictionary} if fmt == "petrarch" else {}
    if fmt == "factrueval":
        extra = {"baseline": baseline}
    report = import_module(f"wirewatch.evaluate.{fmt}").evaluate(path, _settings(model=model), limit=limit, **extra)
    if as_json:
        _print_json(report)
        return
    columns = [(k, h) for k, h in (("precision", "P"), ("recall", "R"), ("f1", "F1"), ("accuracy", "acc"),
                                    ("value", "value"), ("gold", "gold"), ("predicted", "pred"),
                                    ("matched", "matched"), ("total", "total"), ("correct", "correct"))
               if any(k in m for m in report["metrics"])]
    table = Table(title=f"{fmt}: {report['documents']} documents")
    table.add_column("metric", no_wrap=True)
    for _, header in columns:
        table.add_column(header, justify="right", no_wrap=True)

    def cell(m, key):
        v = m.get(key)
        return "" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    for m in report["metrics"]:
        table.add_row(m["name"], *(cell(m, k) for k, _ in columns))
    out.print(table)
    for s in report.get("skipped", []):
        err.print(f"skipped {s['file']}: {s['reason']}", markup=False)


def _table(rows: list[dict], columns: list[tuple[str, str]], title: str | None = None) -> Table:
    """A Rich table of ``rows`` showing (key, header) columns; long cells are shortened."""
    table = Table(*[h for _, h in columns], title=title)
    for r in rows:
        table.add_row(*[_cell(r.get(k)) for k, _ in columns])
    return table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v.get("name") or "unnamed actor") if isinstance(v, dict) else str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 90 else text[:87] + "…"


def _show_page(page: dict, columns: list[tuple[str, str]], as_json: bool, what: str) -> None:
    if as_json:
        _print_json(page)
        return
    out.print(_table(page["items"], columns))
    out.print(f"{len(page['items'])} of {page['total']} {what}")


actors_app = typer.Typer(help="List actors, and correct how their names were merged.", no_args_is_help=False,
                         invoke_without_command=True)
app.add_typer(actors_app, name="actors")


@actors_app.callback()
def actors(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option(help="person, organization, state, group or other.")] = None,
    search: Annotated[Optional[str], typer.Option(help="Text in a name or alias.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """List actors (people, organisations, states, groups) with their mention counts."""
    if ctx.invoked_subcommand:
        return
    with Store(_settings(db=db).db) as store:
        page = query.actors_page(store, kind=kind, search=search, limit=limit)
    _show_page(page, [("id", "id"), ("name", "name"), ("kind", "kind"), ("country", "country"), ("code", "code"),
                      ("mentions", "mentions")], as_json, "actors")


def _actor_id(store: Store, ref: str) -> str:
    found = query.find_actor(store, ref)
    if not found:
        raise WirewatchError(f"{ref}: no actor has this id or name")
    return found.get("merged_into") or found["id"]


@actors_app.command("merge")
def actors_merge(
    keep: Annotated[str, typer.Argument(help="The actor to keep (id or name).")],
    others: Annotated[list[str], typer.Argument(help="Actors that are the same (ids or names).")],
    db: DbOpt = None,
) -> None:
    """Merge actors that are one real actor; the correction survives re-extraction."""
    with Store(_settings(db=db).db) as store:
        target = _actor_id(store, keep)
        moved = store.merge_actors(target, [_actor_id(store, o) for o in others])
        regroup_events(store)
    err.print(f"merged {len(moved)} actor id(s) into {target}; events regrouped")


@actors_app.command("split")
def actors_split(
    actor: Annotated[str, typer.Argument(help="The merged actor (id or name).")],
    names: Annotated[list[str], typer.Argument(help="Names (as the articles spell them) that are someone else.")],
    db: DbOpt = None,
) -> None:
    """Take wrongly merged names out of an actor into an actor of their own; survives re-extraction."""
    with Store(_settings(db=db).db) as store:
        canonical = _actor_id(store, actor)
        members = store.members_named(canonical, names)
        if not members:
            raise WirewatchError(f"{actor}: none of its merged names is {', '.join(names)}")
        new = store.split_actor(canonical, members)
        regroup_events(store)
    err.print(f"split {len(members)} actor id(s) out of {canonical} into {new}")


@app.command("actor")
def actor_cmd(
    name: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """One actor: aliases, roles over time, quotes, events, co-occurring actors."""
    with Store(_settings(db=db).db) as store:
        view = query.actor_profile(store, _actor_id(store, name))
    if as_json:
        _print_json(view)
        return
    out.print(f"[bold]{view['name']}[/bold]  {view['id']}  {view['kind']}  {view['country'] or ''} {view['code'] or ''}")
    out.print("aliases: " + (", ".join(view["aliases"]) or "-"), markup=False)
    for role in view["roles"]:
        role["article_title"] = (role.get("article") or {}).get("title") or "(untitled)"
    out.print(_table(view["roles"], [("when", "date"), ("title", "title"), ("organization", "organization"),
                                     ("article_title", "article")], title="roles"))
    out.print(_table(view["quotes"]["items"], [("text", "quote"), ("article_id", "article")], title="quotes"))
    for key in ("events_as_source", "events_as_target"):
        out.print(_table(view[key]["items"], [("when", "date"), ("event_type", "type"), ("sources", "source"),
                                              ("targets", "target")], title=key.replace("_", " ")))
    out.print("co-occurring: " + ", ".join(r.get("name") or "unnamed actor" for r in view["related"]), markup=False)


@app.command()
def quotes(
    by: Annotated[Optional[str], typer.Option(help="Speaker (actor id or name).")] = None,
    about: Annotated[Optional[str], typer.Option(help="Actor named in the quote's article.")] = None,
    search: Annotated[Optional[str], typer.Option(help="Text in the quote.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Quotes with their speakers and sources."""
    with Store(_settings(db=db).db) as store:
        page = query.quotes_page(store, by=by and _actor_id(store, by), about=about and _actor_id(store, about),
                                 search=search, since=since, limit=limit)
    _show_page(page, [("speaker_name", "speaker"), ("text", "quote"), ("direct", "direct"),
                      ("article_id", "article")], as_json, "quotes")


@app.command()
def places(
    search: Annotated[Optional[str], typer.Option(help="Text in the place name.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Places named in the articles, with coordinates."""
    with Store(_settings(db=db).db) as store:
        page = query.places_page(store, search=search, limit=limit)
    _show_page(page, [("id", "id"), ("name", "name"), ("country", "country"), ("lat", "lat"), ("lon", "lon"),
                      ("feature", "feature"), ("geonames_id", "geonames")], as_json, "places")


@app.command()
def events(
    event_type: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor (id or name) as source or target.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Place id or name.")] = None,
    since: Annotated[Optional[str], typer.Option(help="On or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="On or before (YYYY-MM-DD).")] = None,
    status: Annotated[Optional[str], typer.Option(help="happened, planned, denied, hypothetical, reported or background (dated over a year before the article).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    min_confidence: MinConfidenceOpt = query.DEFAULT_MIN_CONFIDENCE,
    regroup: Annotated[bool, typer.Option(
        "--regroup", help="First recompute which reports are the same event (after corrections or an import).")] = False,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Events: who did what to whom, where and when, with evidence — one row per article's report
    (``timeline`` shows them merged across sources)."""
    with Store(_settings(db=db).db) as store:
        if regroup:
            joined = regroup_events(store)
            err.print(f"regrouped events: {joined} reports joined another article's report", highlight=False)
        place_id = (query.find_place(store, place) or {}).get("id", place) if place else None
        page = query.events_page(store, event_type=event_type, actor=actor and _actor_id(store, actor),
                                 place=place_id, since=since, until=until, status=status, limit=limit,
                                 min_confidence=min_confidence)
    _show_page(page, [("when", "date"), ("event_type", "type"), ("cameo", "cameo"), ("sources", "source"),
                      ("targets", "target"), ("status", "status"), ("article_id", "article")], as_json, "events")


@app.command()
def timeline(
    event_type: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor (id or name).")] = None,
    place: Annotated[Optional[str], typer.Option(help="Place id or name.")] = None,
    since: Annotated[Optional[str], typer.Option(help="On or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="On or before (YYYY-MM-DD).")] = None,
    status: Annotated[Optional[str], typer.Option(help="happened, planned, denied, hypothetical, reported or background (dated over a year before the article).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    min_confidence: MinConfidenceOpt = query.DEFAULT_MIN_CONFIDENCE,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Events in date order, one line per event however many articles report it: corroboration counts
    independent sources (copies and rewrites once); --json adds every report and where sources disagree."""
    with Store(_settings(db=db).db) as store:
        place_id = (query.find_place(store, place) or {}).get("id", place) if place else None
        page = query.timeline_page(store, event_type=event_type, actor=actor and _actor_id(store, actor),
                                   place=place_id, since=since, until=until, status=status, limit=limit,
                                   min_confidence=min_confidence)
    _show_page(page, [("when", "date"), ("event_type", "type"), ("source_actors", "source"),
                      ("target_actors", "target"), ("status", "status"), ("quantity", "quantity"),
                      ("corroboration", "sources"),
                      ("report_sources", "reported by")], as_json, "events")


@app.command()
def control(
    place: Annotated[Optional[str], typer.Argument(help="Place id or name (default: every place).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Claims up to this date (YYYY-MM-DD).")] = None,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Who holds a place over time, and according to whom."""
    with Store(_settings(db=db).db) as store:
        place_id = (query.find_place(store, place) or {}).get("id", place) if place else None
        page = query.controls_page(store, as_of=as_of, place=place_id, limit=500)
    _show_page(page, [("when", "as of"), ("place_name", "place"), ("controller_name", "controller"),
                      ("status", "status"), ("confidence", "confidence"), ("article_id", "article")], as_json, "claims")


@app.command("stories")
def stories_cmd(
    update: Annotated[bool, typer.Option("--update", help="First put stored articles that are in no story yet into stories.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="First forget every story and assign all stored articles again.")] = False,
    since: Annotated[Optional[str], typer.Option(help="Stories with an article on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Stories with an article on or before (YYYY-MM-DD).")] = None,
    min_size: Annotated[int, typer.Option("--min-size", help="Stories of at least this many articles.")] = 1,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Stories (articles about the same story), latest first: title, period, size, top actors."""
    from .resolve.stories import rebuild_stories, update_stories

    with Store(_settings(db=db).db) as store:
        if rebuild or update:
            n = (rebuild_stories if rebuild else update_stories)(store)
            err.print(f"assigned {n} article(s) to stories", highlight=False)
        page = query.stories_page(store, min_size=min_size, since=since, until=until, limit=limit)
    if not page["total"] and not (rebuild or update):
        err.print("no stories yet: 'wirewatch stories --update' puts the stored articles into stories", highlight=False)
    _show_page(page, [("id", "id"), ("first_published", "first"), ("last_published", "last"), ("size", "articles"),
                      ("title", "title"), ("top_actors", "top actors")], as_json, "stories")


@app.command("story")
def story_cmd(
    story_id: Annotated[str, typer.Argument(help="Story id or a unique prefix.")],
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """One story: its period, top actors and places, and its articles with why each joined."""
    with Store(_settings(db=db).db) as store:
        view = query.story_view(store, story_id)
    if as_json:
        _print_json(view)
        return
    out.print(f"{view['title'] or '(untitled)'}  {view['id']}", markup=False, highlight=False)
    out.print(f"{view['size']} article(s) from {view['first_published'] or '?'} to {view['last_published'] or '?'}",
              highlight=False)
    out.print("actors: " + (", ".join(a["name"] or a["id"] for a in view["top_actors"]) or "-"), markup=False)
    out.print("places: " + (", ".join(p["name"] or p["id"] for p in view["top_places"]) or "-"), markup=False)
    out.print(_table(view["articles"], [("published", "published"), ("source", "source"), ("title", "title"),
                                        ("reason", "joined as"), ("id", "article")]))


@app.command("report")
def report_cmd(
    story: Annotated[Optional[str], typer.Option(help="Story id or unique prefix (see 'wirewatch stories').")] = None,
    actor: Annotated[Optional[str], typer.Option(help="Actor id, name or alias: articles naming it.")] = None,
    place: Annotated[Optional[str], typer.Option(help="Place id or name: articles naming it.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Articles published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Articles published on or before (YYYY-MM-DD).")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="md|html|pdf", help="Markdown, HTML or PDF.")] = "md",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    db: DbOpt = None,
) -> None:
    """A situation report on a story, an actor or a place: key actors and roles, what each said, events with
    corroboration, a map, who controls what, and where sources disagree."""
    from .report import ReportScope, write_report

    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise WirewatchError("--format pdf writes binary data: give -o FILE (or redirect stdout)")
    with Store(_settings(db=db).db) as store:
        report, document = write_report(store, ReportScope(story, actor, place, since, until), fmt, output)
    if output is None:
        if isinstance(document, bytes):
            sys.stdout.buffer.write(document)
        else:
            sys.stdout.write(document)
        sys.stdout.flush()
    err.print(f"report on {report['subject']['name']}: {report['articles']['count']} article(s), "
              f"{report['events_total']} event(s), {report['disagreements_total']} disagreement(s)"
              + (f" — wrote {output}" if output else ""), markup=False, highlight=False)


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(
        help="Feed URLs or files, OPML files, or text files listing feed URLs/paths (one a line).")],
    every: Annotated[str, typer.Option(help="How often to poll each feed: 30s, 10m, 1h, 1d.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once and exit (for cron).")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store articles only; extract later.")] = False,
    db: DbOpt = None, model: ModelOpt = None,
) -> None:
    """Poll feeds and ingest what is new (conditional GET), one log line per poll; failing feeds back off.

    Safe to stop and restart: each feed's state lives in the store and articles are never stored twice.
    With --once, exit 0 when every poll worked, 1 when some failed, 2 when all failed.
    """
    from .ingest.feedlist import read_feed_list
    from .run.watch import parse_interval
    from .run.watch import watch as watch_feeds

    interval = parse_interval(every)
    settings = _settings(db=db, model=model)
    urls = read_feed_list(feeds)

    def log(poll) -> None:
        (err if poll.error else out).print(poll.line(), markup=False, highlight=False, soft_wrap=True)

    polls = watch_feeds(urls, settings, interval, once=once, extract=not no_extract, log=log)
    failed = sum(1 for p in polls if p.error)
    raise typer.Exit(0 if not failed else 2 if failed == len(polls) else 1)


app.command()(serve)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WirewatchError(f"--published {value!r}: not a date (use YYYY-MM-DD)") from None


def main() -> None:
    """Entry point: one-line errors, tracebacks only with --debug."""
    debug = "--debug" in sys.argv or load_settings_debug()
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
    try:
        app()
    except WirewatchError as exc:
        if debug:
            raise
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted: everything committed so far is kept; run the same command again to finish")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort for a clean message
        if debug:
            raise
        err.print(f"error: {type(exc).__name__}: {exc} (run again with --debug for the traceback)", markup=False)
        sys.exit(2)


def load_settings_debug() -> bool:
    try:
        return load_settings().debug
    except WirewatchError:
        return False
