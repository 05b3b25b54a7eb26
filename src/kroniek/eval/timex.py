"""Score time expressions against gold: the GUIDELINES JSONL format or TempEval-3 TimeML folders.

Measures: detection strict (same span) and relaxed (overlapping span) F1, type F1 and value F1 (a relaxed
match with the same type, or the same TIMEX3 value, as in TempEval-3), and with ``--as-month`` the share of gold DATE/TIME items whose
true days lie inside the [earliest, latest] kroniek gives when it only knows the publication month.

    kroniek eval timex --gold eval/gold/nl-dev-timex.jsonl
    kroniek eval timex --timeml ../shared/data/tempeval3-en/TBAQ-cleaned
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import click

from ..dates import parse_published
from ..errors import InputError
from ..timex.annotate import analyse
from ..timex.values import interval
from .common import PRF, gold_documents, prf, read_jsonl, shared_data

DEFAULT_ARTICLES = ("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    published: str | None
    timexes: list[dict[str, Any]]  # start, end, type, value


def select_dev_ids(articles: Path, n: int = 22) -> list[int]:
    """The rule that chose the Dutch timex dev set: 150-400-word articles in SHA-1 order of their id, first n."""
    import hashlib

    rows = [a for a in read_jsonl(articles) if 150 <= len(a["text"].split()) <= 400]
    rows.sort(key=lambda a: hashlib.sha1(str(a["id"]).encode()).hexdigest())
    return [a["id"] for a in rows[:n]]


def read_gold(gold: Path, articles: Path) -> list[GoldDoc]:
    docs = []
    for where, g, text, published in gold_documents(gold, articles):
        gid = str(g["id"])
        for t in g.get("timexes", []):
            if "text" in t and text[t["start"]:t["end"]] != t["text"]:
                raise InputError("bad-offsets", f"article {gid}: text[{t['start']}:{t['end']}] is "
                                 f"{text[t['start']:t['end']]!r}, gold says {t['text']!r}", where)
        docs.append(GoldDoc(gid, text, published, list(g.get("timexes", []))))
    return docs


_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def read_timeml(folder: Path) -> list[GoldDoc]:
    """TempEval-3 TimeML files: the TEXT element with its TIMEX3 spans, the DCT as publication day."""
    docs = []
    for path in sorted(folder.rglob("*.tml")):
        raw = path.read_text("utf-8")
        dct_m = re.search(r"<DCT>\s*<TIMEX3\b([^>]*)>", raw)
        dct = dict(_ATTR.findall(dct_m.group(1))).get("value") if dct_m else None
        body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        if not body_m:
            continue
        body = body_m.group(1)
        out: list[str] = []
        pos = 0
        length = 0
        timexes = []
        for m in re.finditer(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>|<[^>]+>", body, re.S):
            chunk = html.unescape(body[pos:m.start()])
            out.append(chunk)
            length += len(chunk)
            if m.group(0).startswith("<TIMEX3"):
                attrs = dict(_ATTR.findall(m.group(1)))
                inner = html.unescape(_TAG.sub("", m.group(2)))
                timexes.append({"start": length, "end": length + len(inner), "type": attrs.get("type"),
                                "value": attrs.get("value"), "text": inner})
                out.append(inner)
                length += len(inner)
            pos = m.end()
        out.append(html.unescape(body[pos:]))
        docs.append(GoldDoc(path.stem, "".join(out), dct[:10] if dct else None, timexes))
    return docs


def _match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """One-to-one relaxed matches (overlapping spans), exact spans first."""
    pairs = []
    used: set[int] = set()
    for exact in (True, False):
        for g in gold:
            if any(g is a for a, _ in pairs):
                continue
            for i, p in enumerate(pred):
                if i in used:
                    continue
                ok = (p["start"] == g["start"] and p["end"] == g["end"]) if exact else \
                    (p["start"] < g["end"] and g["start"] < p["end"])
                if ok:
                    pairs.append((g, p))
                    used.add(i)
                    break
    return pairs


@dataclass
class Scores:
    strict: PRF = PRF(0, 0, 0)
    relaxed: PRF = PRF(0, 0, 0)
    type: PRF = PRF(0, 0, 0)
    value: PRF = PRF(0, 0, 0)
    contained: int = 0
    containable: int = 0
    gold: int = 0
    words: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k).to_dict() for k in ("strict", "relaxed", "type", "value")}
        d["gold"] = self.gold
        if self.containable:
            d["contained"] = self.contained
            d["containable"] = self.containable
            d["containment"] = round(self.contained / self.containable, 4)
        return d


def predict(doc: GoldDoc, lang: str, published: str | None) -> list[dict[str, Any]]:
    timexes, _, _ = analyse(doc.text, lang, parse_published(published))
    return [t.to_dict() for t in timexes]


def score(docs: list[GoldDoc], lang: str, as_month: bool = False, errors: list | None = None,
          predictions: dict[str, list[dict[str, Any]]] | None = None) -> Scores:
    """Score kroniek (or given ``predictions`` by document id, e.g. a peer tool's) against the gold."""
    s = Scores()
    for doc in docs:
        pub = doc.published[:7] if (as_month and doc.published) else doc.published
        pred = predictions.get(doc.id, []) if predictions is not None else predict(doc, lang, pub)
        gold = doc.timexes
        pairs = _match(gold, pred)
        n_p, n_g = len(pred), len(gold)
        strict = sum(1 for g, p in pairs if g["start"] == p["start"] and g["end"] == p["end"])
        typ = sum(1 for g, p in pairs if g["type"] == p["type"])
        val = sum(1 for g, p in pairs if g["value"] == p["value"])
        s.strict += prf(strict, n_p, n_g)
        s.relaxed += prf(len(pairs), n_p, n_g)
        s.type += prf(typ, n_p, n_g)
        s.value += prf(val, n_p, n_g)
        s.gold += n_g
        s.words += len(doc.text.split())
        if as_month:
            matched = {id(g): p for g, p in pairs}
            for g in gold:
                span = interval(g["value"]) if g.get("type") in ("DATE", "TIME") and g.get("value") else None
                if span is None:
                    continue
                s.containable += 1
                p = matched.get(id(g))
                if p and p.get("earliest") and p.get("latest") and \
                        p["earliest"] <= span[0].isoformat() and span[1].isoformat() <= p["latest"]:
                    s.contained += 1
        if errors is not None:
            matched_p = {id(p) for _, p in pairs}
            for g, p in pairs:
                if g["value"] != p["value"] or g["type"] != p["type"]:
                    errors.append((doc.id, "value", g.get("text") or doc.text[g["start"]:g["end"]],
                                   f"{g['type']} {g['value']}", f"{p['text']!r} {p['type']} {p['value']}"))
            for g in gold:
                if not any(g is a for a, _ in pairs):
                    errors.append((doc.id, "missed", doc.text[g["start"]:g["end"]], f"{g['type']} {g['value']}", ""))
            for p in pred:
                if id(p) not in matched_p:
                    errors.append((doc.id, "spurious", p["text"], "", f"{p['type']} {p['value']}"))
    return s


def _table(rows: list[tuple[str, Scores]]) -> Iterator[str]:
    yield f"{'run':<14} {'strict F1':>9} {'relaxed F1':>10} {'type F1':>8} {'value F1':>8} {'gold':>5}  containment"
    for name, s in rows:
        cont = f"{s.contained}/{s.containable} = {s.contained / s.containable:.3f}" if s.containable else "-"
        yield (f"{name:<14} {s.strict.f1:>9.3f} {s.relaxed.f1:>10.3f} {s.type.f1:>8.3f} {s.value.f1:>8.3f} "
               f"{s.gold:>5}  {cont}")


@click.command("timex")
@click.option("--gold", "gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold JSONL in the GUIDELINES format.")
@click.option("--articles", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Articles JSONL (id, text) the gold refers to; default: DpgMedia2019 in ../shared/data.")
@click.option("--timeml", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of TempEval-3 TimeML files (scored in English, DCT as publication day).")
@click.option("--lang", default=None, help="Language of the texts (default nl for --gold, en for --timeml).")
@click.option("--as-month", is_flag=True, help="Also re-run with each publication date cut to its month.")
@click.option("--errors", "show_errors", is_flag=True, help="List every disagreement.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def command(gold, articles, timeml, lang, as_month, show_errors, as_json):
    """Score kroniek's time expressions against gold annotations."""
    if not gold and not timeml:
        raise click.UsageError("give --gold FILE or --timeml DIR")
    if timeml:
        docs = read_timeml(timeml)
        lang = lang or "en"
    else:
        articles = articles or shared_data(*DEFAULT_ARTICLES)
        docs = read_gold(gold, articles)
        lang = lang or "nl"
    errs: list | None = [] if show_errors else None
    rows = [("day", score(docs, lang, errors=errs))]
    if as_month:
        rows.append(("month-only", score(docs, lang, as_month=True)))
    if as_json:
        click.echo(json.dumps({name: s.to_dict() for name, s in rows}, indent=2))
    else:
        click.echo(f"{len(docs)} documents, {rows[0][1].words} words, {rows[0][1].gold} gold timexes ({lang})")
        for line in _table(rows):
            click.echo(line)
    if errs:
        for e in errs:
            click.echo("\t".join(str(x) for x in e))


if __name__ == "__main__":
    command()
