"""The kroniek command line: a thin layer over the library."""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import Any, Sequence

import click

from . import __version__
from .dates import parse_published
from .errors import InputError, KroniekError
from .settings import load_settings

# sub-commands that live with their feature, imported only when used
LAZY = {
    "eval": ("kroniek.cli", "eval_group"),
    "kb": ("kroniek.entities.kb", "command"),
    "serve": ("kroniek.web.cli", "command"),
    "export": ("kroniek.events.export", "command"),
}
EVAL = {
    "ner": "kroniek.eval.ner",
    "timex": "kroniek.eval.timex",
    "quotes": "kroniek.eval.quotes",
    "events": "kroniek.eval.events",
}


class LazyGroup(click.Group):
    def __init__(self, *args, lazy: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy:
            module, attr = self.lazy[name]
            try:
                return getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError) as exc:
                return _unavailable(name, exc)
        return super().get_command(ctx, name)


def _unavailable(name: str, exc: Exception) -> click.Command:
    def run() -> None:
        raise click.ClickException(f"command {name!r} is not available: {exc}")

    return click.Command(name, callback=run, help=f"(not available: {exc})", short_help="(not available)")


def db_option(f):
    return click.option("--db", envvar="KRONIEK_DB", default="kroniek.db", show_default=True,
                        help="Store: a SQLite file path or a postgresql:// URL (env KRONIEK_DB).")(f)


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def fail(exc: Exception) -> None:
    raise click.ClickException(str(exc))


@click.group(cls=LazyGroup, lazy=LAZY)
@click.version_option(__version__, prog_name="kroniek")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (TOML).")
@click.option("--nlp", default=None, help="NLP backend: kroniek, blank, or spacy:NAME_OR_PATH.")
@click.pass_context
def main(ctx: click.Context, config: str | None, nlp: str | None) -> None:
    """kroniek: who said what, who met whom, where and when, from dated news articles."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config
    ctx.obj["nlp"] = nlp


def _settings(ctx: click.Context, **overrides: Any):
    try:
        return load_settings(ctx.obj.get("config"), nlp=ctx.obj.get("nlp"), **overrides)
    except KroniekError as exc:
        fail(exc)


def _published(value: str | None):
    if value is None:
        return None
    try:
        return parse_published(value, "--published")
    except InputError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["auto", "nl", "en"]), default=None, help="Language (default: detect).")
@click.option("--published", default=None, help="Publication date for every input: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.pass_context
def annotate(ctx, paths: Sequence[str], lang: str | None, published: str | None) -> None:
    """Annotate PATHS (files, folders, JSONL, HTML, - for stdin) and write JSON Lines to stdout."""
    from .run import annotate_paths

    settings = _settings(ctx, lang=lang)
    failed = 0
    try:
        for item in annotate_paths(paths, settings, _published(published)):
            if isinstance(item, InputError):
                failed += 1
                click.echo(f"kroniek: skipped {item}", err=True)
                continue
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
    except KroniekError as exc:
        fail(exc)
    if failed:
        click.echo(f"kroniek: {failed} input(s) failed", err=True)
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--lang", type=click.Choice(["auto", "nl", "en"]), default=None)
@click.option("--published", default=None, help="Publication date for every input.")
@click.option("--workers", type=int, default=None, help="Annotate with N local Dask worker processes.")
@click.option("--scheduler", default=None, help="Annotate on an existing Dask cluster: tcp://HOST:PORT.")
@click.option("--batch-size", type=int, default=None, help="Articles per stored transaction.")
@json_option
@click.pass_context
def add(ctx, paths, db, lang, published, workers, scheduler, batch_size, as_json) -> None:
    """Annotate PATHS and add them to the store; the same article is stored once."""
    from .run import add_paths
    from .store import open_store

    settings = _settings(ctx, lang=lang, db=db, batch_size=batch_size)
    try:
        store = open_store(db)
        annotate_batch = None
        if workers or scheduler:
            from .distributed import dask_annotator

            annotate_batch = dask_annotator(settings, workers=workers, scheduler=scheduler)
        progress = _Progress() if sys.stderr.isatty() and not as_json else None
        summary = add_paths(paths, store, settings, published=_published(published),
                            annotate_batch=annotate_batch, progress=progress)
        if progress:
            progress.done()
        store.close()
    except KroniekError as exc:
        fail(exc)
    d = summary.to_dict()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        click.echo(f"added {d['added']}, unchanged {d['unchanged']}, failed {d['failed']}"
                   f" - {d['words']:,} words in {d['seconds']} s ({d['words_per_second']:,} words/s)")
        if d["publication_days_narrowed"]:
            click.echo(f"publication day narrowed from the archive for {d['publication_days_narrowed']} article(s)")
        for reason, count in sorted(d["reasons"].items()):
            click.echo(f"  failed: {reason} x{count}")
        for f in d["failures"][:20]:
            click.echo(f"    {f['where']}: {f['message']} [{f['reason']}]")
        if len(d["failures"]) > 20:
            click.echo(f"    ... {len(d['failures']) - 20} more (kroniek failures)")
    if d["failed"]:
        sys.exit(1)


class _Progress:
    """A one-line progress counter on a terminal (the number of articles is not known in advance)."""

    def __init__(self) -> None:
        import time

        self.n = 0
        self.start = time.perf_counter()

    def __call__(self, n: int) -> None:
        import time

        self.n += n
        rate = self.n / max(time.perf_counter() - self.start, 1e-9)
        click.echo(f"\rannotating: {self.n:,} inputs read ({rate:,.1f}/s)", nl=False, err=True)

    def done(self) -> None:
        click.echo("", err=True)


def _open_read(db: str):
    from .store import open_store

    path = db[len("sqlite:///"):] if db.startswith("sqlite:///") else db
    if not db.startswith(("postgresql:", "postgres:")) and not os.path.exists(path):
        raise click.ClickException(f"no store at {path}; run `kroniek add PATH... --db {db}` first")
    return open_store(db)


def _print_table(rows: list[dict], columns: list[tuple[str, str]], as_json: bool, width: int = 60) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        click.echo("(nothing found)")
        return
    cells = [[_cell(r.get(key), width) for key, _ in columns] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, (_, h) in enumerate(columns)]
    click.echo("  ".join(h.ljust(w) for (_, h), w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for c in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(c, widths)).rstrip())


def _cell(v: Any, width: int) -> str:
    s = "" if v is None else str(v).replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


@main.command()
@click.argument("article_id")
@db_option
@json_option
def show(article_id, db, as_json) -> None:
    """Show one stored article with its annotations."""
    try:
        rec = _open_read(db).article(article_id)
    except KroniekError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    pub = rec["published"]
    click.echo(f"{rec['id']}  {rec.get('title') or ''}")
    line = f"published: {pub['as_given'] or 'unknown'} ({pub['earliest']} .. {pub['latest']})"
    if pub.get("inferred"):
        inf = pub["inferred"]
        line += f"; inferred {inf['value']} ({inf['earliest']} .. {inf['latest']})"
    click.echo(line + f"   lang: {rec.get('lang')}")
    click.echo("")
    _print_table(rec["entities"], [("text", "mention"), ("label", "label"), ("entity", "entity"), ("start", "at")], False)
    click.echo("")
    _print_table(rec["quotes"], [("kind", "kind"), ("speaker_canonical", "speaker"), ("cue", "cue"),
                                 ("content", "content")], False)
    click.echo("")
    _print_table(rec["timexes"], [("text", "expression"), ("type", "type"), ("value", "value"),
                                  ("earliest", "earliest"), ("latest", "latest")], False)
    if rec.get("events"):
        click.echo("")
        _print_table(rec["events"], [("type", "event"), ("trigger", "trigger"), ("modality", "modality"),
                                     ("time_value", "time"), ("place", "place")], False)


@main.command()
@db_option
@click.option("--label", type=click.Choice(["PER", "ORG", "LOC", "MISC"]), default=None)
@click.option("--query", "-q", default=None, help="Only entities with an alias containing this.")
@click.option("--limit", type=int, default=50, show_default=True)
@json_option
def entities(db, label, query, limit, as_json) -> None:
    """List canonical entities with mention and article counts."""
    try:
        rows = _open_read(db).entities(label=label, query=query, limit=limit)
    except KroniekError as exc:
        fail(exc)
    _print_table(rows, [("name", "entity"), ("label", "label"), ("mentions", "mentions"), ("articles", "articles"),
                        ("wikidata", "wikidata")], as_json)


@main.command()
@click.argument("name")
@db_option
@json_option
def entity(name, db, as_json) -> None:
    """Show an entity: aliases, Wikidata link, where it is mentioned, what it said."""
    try:
        e = _open_read(db).entity(name)
    except KroniekError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(e, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{e['name']} ({e['label']})  {e['mentions']} mentions in {e['articles']} articles"
               + (f"  wikidata: {e['wikidata']}" if e.get("wikidata") else ""))
    click.echo("aliases: " + ", ".join(e["aliases"]))
    click.echo("")
    _print_table(e["articles"], [("id", "article"), ("published_as_given", "published"), ("mentions", "mentions"),
                                 ("title", "title")], False)
    if e["quotes"]:
        click.echo("")
        _print_table(e["quotes"], [("published_as_given", "published"), ("kind", "kind"), ("content", "said")], False)


@main.command()
@db_option
@click.option("--speaker", default=None, help="Any name or spelling of the speaker.")
@click.option("--query", "-q", default=None, help="Words in the quote.")
@click.option("--since", default=None, help="YYYY-MM-DD")
@click.option("--until", default=None, help="YYYY-MM-DD")
@click.option("--limit", type=int, default=50, show_default=True)
@json_option
def quotes(db, speaker, query, since, until, limit, as_json) -> None:
    """List stored quotes, optionally by speaker, words and date."""
    try:
        rows = _open_read(db).quotes(speaker=speaker, query=query, since=since, until=until, limit=limit)
    except KroniekError as exc:
        fail(exc)
    _print_table(rows, [("published_as_given", "published"), ("speaker_canonical", "speaker"), ("kind", "kind"),
                        ("content", "content"), ("article_id", "article")], as_json)


@main.command()
@click.argument("name")
@db_option
@click.option("--limit", type=int, default=200, show_default=True)
@json_option
def timeline(name, db, limit, as_json) -> None:
    """Events and statements involving NAME, in date order with their uncertainty."""
    try:
        rows = _open_read(db).timeline(name, limit=limit)
    except KroniekError as exc:
        fail(exc)
    _print_table(rows, [("earliest", "from"), ("latest", "to"), ("kind", "kind"), ("who", "who"), ("what", "what"),
                        ("sources", "sources"), ("article_id", "article")], as_json)


@main.command()
@click.argument("query")
@db_option
@click.option("--since", default=None)
@click.option("--until", default=None)
@click.option("--lang", default=None)
@click.option("--source", default=None)
@click.option("--entity", default=None, help="Only articles mentioning this entity.")
@click.option("--limit", type=int, default=20, show_default=True)
@json_option
def search(query, db, since, until, lang, source, entity, limit, as_json) -> None:
    """Full-text search over stored articles."""
    try:
        rows = _open_read(db).search(query, since=since, until=until, lang=lang, source=source, entity=entity,
                                     limit=limit)
    except KroniekError as exc:
        fail(exc)
    _print_table(rows, [("id", "article"), ("published_as_given", "published"), ("title", "title"),
                        ("snippet", "snippet")], as_json, width=80)


@main.command()
@db_option
@click.option("--run", "run_id", type=int, default=None)
@json_option
def failures(db, run_id, as_json) -> None:
    """Inputs that could not be stored, with their reasons."""
    try:
        rows = _open_read(db).failures(run_id)
    except KroniekError as exc:
        fail(exc)
    _print_table(rows, [("run_id", "run"), ("where", "where"), ("reason", "reason"), ("message", "message")], as_json)


@click.group("eval", cls=LazyGroup, lazy={k: (v, "command") for k, v in EVAL.items()})
def eval_group() -> None:
    """Score kroniek against gold data (NER, time expressions, quotes, events)."""


if __name__ == "__main__":  # pragma: no cover
    main()
