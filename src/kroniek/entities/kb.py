"""An optional Wikidata knowledge base: a compact SQLite alias table for linking names to Q-ids.

Built once from a Wikidata JSON dump (``latest-all.json.bz2``, ``.json.gz`` or plain JSON:
one array, one entity per line, lines ending with ``,``) by ``kroniek kb build``. Keeps,
for every item with a Dutch or English label: its labels and aliases in those languages
(normalised), a type (PER/LOC/ORG/MISC from its P31 classes, see ``kb_types.toml``) and its
popularity (number of sitelinks). :class:`KB` looks a name up and returns the most popular
candidate of a compatible type.

When ``KRONIEK_KB`` names such a file, the ``entities`` annotator fills
``EntityMention.wikidata``.
"""

from __future__ import annotations

import bz2
import gzip
import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

import click

from ..errors import ConfigError, InputError
from .lexicon import compatible, normalise, read_data

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entity (qid TEXT PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL, sitelinks INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE alias (name TEXT NOT NULL, qid TEXT NOT NULL, PRIMARY KEY (name, qid)) WITHOUT ROWID;
"""
KB_FORMAT = "kroniek-kb-1"


def type_classes() -> dict[str, str]:
    """Wikidata class id -> label, first label in PER, LOC, ORG order."""
    classes = read_data("kb_types.toml")["classes"]
    out: dict[str, str] = {}
    for label in ("PER", "LOC", "ORG"):
        for qid in classes.get(label, []):
            out.setdefault(qid, label)
    return out


def entity_type(claims: dict, classes: dict[str, str]) -> str:
    """PER, LOC, ORG or MISC from an entity's P31 ("instance of") claims."""
    found = set()
    for st in claims.get("P31", ()):
        try:
            found.add(st["mainsnak"]["datavalue"]["value"]["id"])
        except (KeyError, TypeError):
            continue
    labels = {classes[q] for q in found if q in classes}
    for label in ("PER", "LOC", "ORG"):
        if label in labels:
            return label
    return "MISC"


@dataclass(frozen=True)
class KBItem:
    qid: str
    label: str  # the display label (en, else nl)
    type: str
    sitelinks: int
    names: tuple[str, ...]  # labels and aliases in the kept languages


def open_dump(path: str | os.PathLike) -> IO[str]:
    """Open a dump for reading text, by its suffix: .bz2, .gz or plain."""
    p = str(path)
    if p == "-":
        return sys.stdin
    if not os.path.exists(p):
        raise InputError("missing", f"no such Wikidata dump: {p}", p)
    if p.endswith(".bz2"):
        return bz2.open(p, "rt", encoding="utf-8")
    if p.endswith(".gz"):
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8")


def read_dump(stream: IO[str], langs: tuple[str, ...] = ("nl", "en"), min_sitelinks: int = 0
              ) -> Iterator[KBItem]:
    """Items of a Wikidata JSON dump that have a label or alias in ``langs``."""
    classes = type_classes()
    for lineno, line in enumerate(stream, 1):
        line = line.strip()
        if not line or line in ("[", "]"):
            continue
        if line.endswith(","):
            line = line[:-1]
        try:
            ent = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError("bad-json", f"line {lineno} of the dump is not JSON: {exc}") from None
        if ent.get("type", "item") != "item" or not str(ent.get("id", "")).startswith("Q"):
            continue
        sitelinks = len(ent.get("sitelinks") or {})
        if sitelinks < min_sitelinks:
            continue
        labels = ent.get("labels") or {}
        names: list[str] = []
        for lang in langs:
            if lang in labels:
                names.append(labels[lang]["value"])
            names.extend(a["value"] for a in (ent.get("aliases") or {}).get(lang, ()))
        if not names:
            continue
        display = next((labels[lg]["value"] for lg in ("en", *langs) if lg in labels), names[0])
        yield KBItem(ent["id"], display, entity_type(ent.get("claims") or {}, classes), sitelinks,
                     tuple(dict.fromkeys(names)))


def build(dump: str | os.PathLike, out: str | os.PathLike, langs: tuple[str, ...] = ("nl", "en"),
          min_sitelinks: int = 0, batch: int = 5000) -> dict[str, int]:
    """Write the KB for ``dump`` to ``out`` (replaced atomically). Returns counts."""
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    items = aliases = 0
    ents: list[tuple] = []
    names: list[tuple] = []
    with open_dump(dump) as stream:
        for item in read_dump(stream, langs, min_sitelinks):
            ents.append((item.qid, item.label, item.type, item.sitelinks))
            for n in {normalise(x) for x in item.names} - {""}:
                names.append((n, item.qid))
            if len(ents) >= batch:
                items, aliases = _flush(con, ents, names, items, aliases)
        items, aliases = _flush(con, ents, names, items, aliases)
    con.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("format", KB_FORMAT), ("source", os.path.basename(str(dump))), ("langs", ",".join(langs)),
        ("min_sitelinks", str(min_sitelinks)), ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
        ("items", str(items)), ("aliases", str(aliases))])
    con.commit()
    con.execute("VACUUM")
    con.close()
    os.replace(tmp, out)
    return {"items": items, "aliases": aliases}


def _flush(con: sqlite3.Connection, ents: list, names: list, items: int, aliases: int) -> tuple[int, int]:
    con.executemany("INSERT OR REPLACE INTO entity VALUES (?,?,?,?)", ents)
    con.executemany("INSERT OR IGNORE INTO alias VALUES (?,?)", names)
    items, aliases = items + len(ents), aliases + len(names)
    ents.clear()
    names.clear()
    return items, aliases


class KB:
    """Read-only lookups in a KB built by :func:`build`."""

    def __init__(self, path: str | os.PathLike):
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"knowledge base not found: {p} (build one with: kroniek kb build)")
        self.con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
        try:
            fmt = self.con.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{p} is not a kroniek knowledge base: {exc}") from None
        if not fmt or fmt[0] != KB_FORMAT:
            raise ConfigError(f"{p} is not a kroniek knowledge base ({KB_FORMAT})")

    def candidates(self, name: str) -> list[tuple[str, str, str, int]]:
        """``(qid, label, type, sitelinks)`` of every item with this name, most popular first."""
        return [tuple(r) for r in self.con.execute(
            "SELECT e.qid, e.label, e.type, e.sitelinks FROM alias a JOIN entity e ON e.qid = a.qid "
            "WHERE a.name = ? ORDER BY e.sitelinks DESC, length(e.qid), e.qid", (normalise(name),))]

    def lookup(self, name: str, label: str) -> str | None:
        """The Q-id of the most popular item called ``name`` whose type fits ``label``, or None.

        Exact type first, then LOC for ORG and the reverse, then (not for persons) MISC items.
        """
        best = None
        for qid, _display, typ, sitelinks in self.candidates(name):
            if typ == label:
                rank = 0
            elif compatible(typ, label):
                rank = 1
            elif typ == "MISC" and label != "PER":
                rank = 2
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, qid)
        return best[1] if best else None

    def close(self) -> None:
        self.con.close()


@click.group(name="kb")
def command() -> None:
    """The optional Wikidata knowledge base for entity linking."""


@command.command("build")
@click.option("--wikidata", "dump", required=True, help="Wikidata JSON dump (.json.bz2, .json.gz, .json or -).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="SQLite file to write.")
@click.option("--langs", default="nl,en", show_default=True, help="Label and alias languages to keep.")
@click.option("--min-sitelinks", default=0, show_default=True, type=int,
              help="Skip items with fewer sitelinks (keeps the file small on a full dump).")
def build_command(dump: str, out: str, langs: str, min_sitelinks: int) -> None:
    """Build a KB from a Wikidata dump; point KRONIEK_KB at the result to fill wikidata ids."""
    try:
        counts = build(dump, out, tuple(x.strip() for x in langs.split(",") if x.strip()), min_sitelinks)
    except (InputError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{out}: {counts['items']} items, {counts['aliases']} names")


@command.command("lookup")
@click.option("--kb", "kb_path", envvar="KRONIEK_KB", required=True, type=click.Path(dir_okay=False),
              help="KB file (default: $KRONIEK_KB).")
@click.option("--label", default=None, type=click.Choice(["PER", "ORG", "LOC", "MISC"]),
              help="Pick the best candidate for this label; without it, list all candidates.")
@click.argument("name")
def lookup_command(kb_path: str, label: str | None, name: str) -> None:
    """Look a name up in a KB."""
    try:
        kb = KB(kb_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if label:
        qid = kb.lookup(name, label)
        if qid is None:
            raise click.ClickException(f"no {label} item called {name!r}")
        click.echo(qid)
        return
    for qid, display, typ, sitelinks in kb.candidates(name):
        click.echo(f"{qid}\t{typ}\t{sitelinks}\t{display}")


if __name__ == "__main__":  # pragma: no cover
    command()
