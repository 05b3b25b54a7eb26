"""Narrow an article's publication day with dated mentions of the same event in other stored articles.

If another article, published on a known day, says the Helsinki summit was "maandag" (= 2018-07-16), and
the target article says "vorige maandag in Helsinki", then the target's publication day must be one for
which "vorige maandag" is 2018-07-16. Two sentences are taken to speak of the same event when they share
at least two names (entities, or capitalised words when no entities are known), or one name and one event
word (``[archive] triggers`` in the language data file).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Iterable

from ..model import Annotation, EntityMention
from .annotate import LANGS, analyse
from .infer import Constraint
from .rules import DATA_DIR, load_language
from .tagger import Mention, recognise, sentence_bounds, value_at
from .values import interval

_CAP = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][\w'’-]+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Anchor:
    """A dated mention of something in another article."""

    day: date
    names: frozenset[str]
    triggers: frozenset[str]
    label: str


@lru_cache(maxsize=None)
def _triggers(lang: str) -> tuple[str, ...]:
    data = tomllib.loads((DATA_DIR / f"{lang}.toml").read_text("utf-8"))
    return tuple(data.get("archive", {}).get("triggers", ()))


def _lang(ann: Annotation) -> str:
    lang = ann.lang or ann.article.lang or "nl"
    return lang if lang in LANGS else "nl"


def _sentence(text: str, start: int, bounds: list[int]) -> tuple[int, int]:
    i = bisect_right(bounds, start) - 1
    return bounds[i], (bounds[i + 1] if i + 1 < len(bounds) else len(text))


def _keys(text: str, s: int, e: int, entities: tuple[EntityMention, ...], lang: str
          ) -> tuple[frozenset[str], frozenset[str]]:
    names: set[str] = set()
    inside = [m for m in entities if s <= m.start < e]
    if inside:
        for m in inside:
            names.add(m.entity.lower())
            names.update(w.lower() for w in _WORD.findall(m.text) if w[:1].isupper())
    else:
        for m in _CAP.finditer(text, s, e):
            if m.start() == s:  # sentence-initial capital says nothing
                continue
            names.add(m.group().lower())
    stems = _triggers(lang)
    trig = {st for w in _WORD.findall(text[s:e].lower()) for st in stems if w.startswith(st)}
    return frozenset(names), frozenset(trig)


def _same_event(a_names, a_trig, b_names, b_trig) -> bool:
    shared = a_names & b_names
    return len(shared) >= 2 or (len(shared) >= 1 and bool(a_trig & b_trig))


def anchors(ann: Annotation) -> list[Anchor]:
    """Single-day DATE/TIME mentions of an article whose own publication day is known (or inferred)."""
    if ann.published.day is None:
        return []
    text = ann.article.text
    lang = _lang(ann)
    bounds = sentence_bounds(text)
    out = []
    for t in ann.timexes:
        if t.type not in ("DATE", "TIME") or t.earliest is None or t.earliest != t.latest:
            continue
        s, e = _sentence(text, t.start, bounds)
        names, trig = _keys(text, s, e, ann.entities, lang)
        out.append(Anchor(t.earliest, names, trig, f"'{t.text}' in article {ann.article.id} is {t.earliest}"))
    return out


def _contains(m: Mention, lang: str, day: date):
    L = load_language(lang)

    def test(d: date) -> bool:
        v = value_at(m, d, L)
        span = interval(v) if v else None
        return span is not None and span[0] <= day <= span[1]
    return test


_PROBE_DAYS = (date(2001, 1, 3), date(2001, 6, 16))  # a Wednesday and a Saturday


def _names_publication_day(m: Mention, L) -> bool:
    """True for expressions that always denote the publication day itself ("vandaag", "today",
    "vanavond"): they say when the article appeared, not when a reported event happened, so equating
    them with another article's event day would be a guess."""
    for d in _PROBE_DAYS:
        v = value_at(m, d, L)
        span = interval(v) if v else None
        if span is None or span[0] != d or span[1] != d:
            return False
    return True


def infer_from_archive(target: Annotation, others: Iterable[Annotation]) -> Annotation:
    """``target`` with its publication day narrowed by dated mentions of the same events in ``others``.

    Pure: nothing is read or written. ``others`` are annotations from the store (their ``timexes``,
    ``entities`` and publication day are used; articles without a known day are ignored). When no
    mention matches, or the target already has a publication day, ``target`` is returned unchanged.
    Otherwise its timexes are resolved again and ``published.inferred`` carries the evidence.
    """
    if target.published.known and target.published.earliest == target.published.latest:
        return target
    lang = _lang(target)
    text = target.article.text
    L = load_language(lang)
    mentions = recognise(text, L)
    pool = [a for o in others if o.article.id != target.article.id for a in anchors(o)]
    if not pool:
        return target
    constraints = []
    for m in mentions:
        if not m.relative or m.rule.type not in ("DATE", "TIME") or _names_publication_day(m, L):
            continue
        names, trig = _keys(text, m.sent_start, m.sent_end, target.entities, lang)
        for a in pool:
            if _same_event(names, trig, a.names, a.triggers):
                constraints.append(Constraint(f"'{m.text}' = {a.label}", _contains(m, lang, a.day), 0))
    if not constraints:
        return target
    base = replace(target.published, inferred=None)
    timexes, published, _ = analyse(text, lang, base, extra=constraints, mentions=mentions)
    return replace(target, timexes=timexes, published=published)
