"""Narrow the publication day from the time expressions of the article itself (and from outside evidence).

Each piece of evidence is a :class:`Constraint`: a test on a candidate publication day with a short
explanation. Constraints are applied in order of trust; one that would leave no candidate is skipped, so a
misread tense cannot empty the set. Among the remaining days the preferred ones are those right after the
latest weekday the article names in the past tense (news is usually printed the day after).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable, Sequence

from ..dates import Inferred, Published
from .rules import Language
from .tagger import Mention, day_range, value_at
from .values import generalise, interval

_MAX_LISTED = 14


@dataclass(frozen=True)
class Constraint:
    evidence: str
    test: Callable[[date], bool]
    trust: int = 5  # lower is applied first


@dataclass(frozen=True)
class Inference:
    candidates: tuple[date, ...]
    preferred: tuple[date, ...]
    inferred: Inferred | None


def _span(m: Mention, d: date, L: Language) -> tuple[date, date] | None:
    v = value_at(m, d, L)
    return interval(v) if v else None


def _is_weekday(m: Mention) -> bool:
    f = m.f
    return "weekday" in f and "month" not in f and "monthnum" not in f and "holiday" not in f and m.rule.op == "day"


def _this_week(m: Mention) -> bool:
    f = m.f
    return m.rule.op == "unit" and f.get("unit") == "W" and f.get("rel", 0) == 0


def text_constraints(mentions: Sequence[Mention], L: Language) -> list[Constraint]:
    """Evidence about the publication day found in the article's own time expressions."""
    out: list[Constraint] = []
    has_this_week = any(_this_week(m) for m in mentions)
    for i, m in enumerate(mentions):
        f = m.f
        if not m.relative:
            continue
        if _is_weekday(m) and m.tense in ("past", "future"):
            if m.tense == "past":
                out.append(Constraint(f"'{m.text}' (past tense) lies before the publication day",
                                      lambda d, m=m: (s := _span(m, d, L)) is not None and s[1] < d, 2))
                if has_this_week and f.get("rel") is None:
                    out.append(Constraint(f"'{m.text}' falls in the week the article calls 'deze week'",
                                          lambda d, m=m: (s := _span(m, d, L)) is not None
                                          and s[0].isocalendar()[:2] == d.isocalendar()[:2], 6))
            else:
                out.append(Constraint(f"'{m.text}' (future tense) lies after the publication day",
                                      lambda d, m=m: (s := _span(m, d, L)) is not None and s[0] > d, 3))
        elif _this_week(m) and f.get("mod") in ("early", "late", "START", "END") and m.tense == "past":
            first = 1 if f["mod"] in ("early", "START") else 3
            out.append(Constraint(f"'{m.text}' (past tense) has begun by the publication day",
                                  lambda d, first=first: d.isoweekday() > first, 3))
        elif "dayrel" in f and "part" not in f:
            for a in mentions[max(0, i - 2):i + 3]:
                if a is m or a.rule.op != "day" or not ("month" in a.f or "monthnum" in a.f):
                    continue
                lo, hi = (m.end, a.start) if a.start >= m.end else (a.end, m.start)
                if hi - lo > 4:
                    continue
                k = f["dayrel"]
                out.append(Constraint(f"'{m.text}' is {a.text}",
                                      lambda d, a=a, k=k: (s := _span(a, d, L)) is not None
                                      and s[0] == s[1] == d + timedelta(days=k), 1))
    for m in mentions:
        if m.relative or m.rule.op != "day" or m.tense not in ("past", "future"):
            continue
        s = _span(m, date(2000, 1, 1), L)
        if s is None or s[0] != s[1]:
            continue
        day = s[0]
        if m.tense == "past":
            out.append(Constraint(f"'{m.text}' (past tense) is on or before the publication day",
                                  lambda d, day=day: day <= d, 4))
        else:
            out.append(Constraint(f"'{m.text}' (future tense) is on or after the publication day",
                                  lambda d, day=day: day >= d, 4))
    return out


def adjacency_days(mentions: Sequence[Mention], L: Language) -> list[tuple[date, str]]:
    """Publication days stated outright: 'vandaag, 20 juli 2018' or 'gisteren (19 juli 2018)'."""
    out = []
    for i, m in enumerate(mentions):
        if "dayrel" not in m.f or "part" in m.f:
            continue
        for a in mentions[max(0, i - 2):i + 3]:
            if a is m or a.relative or a.rule.op != "day":
                continue
            lo, hi = (m.end, a.start) if a.start >= m.end else (a.end, m.start)
            if hi - lo > 4:
                continue
            s = _span(a, date(2000, 1, 1), L)
            if s and s[0] == s[1]:
                out.append((s[0] - timedelta(days=m.f["dayrel"]), f"'{m.text}' is {a.text}"))
    return out


def narrow(days: Sequence[date], constraints: Iterable[Constraint]) -> tuple[list[date], list[str]]:
    kept = list(days)
    used: list[str] = []
    for c in sorted(constraints, key=lambda c: c.trust):
        nxt = [d for d in kept if c.test(d)]
        if nxt and len(nxt) < len(kept):
            kept = nxt
            used.append(c.evidence)
    return kept, used


def preferred_days(days: Sequence[date], mentions: Sequence[Mention], L: Language) -> list[date]:
    """The candidates right after the latest past-tense weekday the article names."""
    best, score = [], 0
    weekdays = [m for m in mentions if _is_weekday(m) and m.tense == "past"]
    for d in days:
        n = sum(1 for m in weekdays if (s := _span(m, d, L)) is not None and s[1] == d - timedelta(days=1))
        if n > score:
            best, score = [d], n
        elif n == score and n > 0:
            best.append(d)
    return best or list(days)


def infer(published: Published, mentions: Sequence[Mention], L: Language,
          extra: Sequence[Constraint] = ()) -> Inference:
    """Candidate and preferred publication days, and the ``Inferred`` record when the evidence narrows them."""
    if published.known and published.earliest == published.latest:
        day = published.earliest
        return Inference((day,), (day,), None)
    if not published.known:
        stated = adjacency_days(mentions, L)
        if not stated:
            return Inference((), (), None)
        day, ev = stated[0]
        return Inference((day,), (day,), Inferred(day.isoformat(), day, day, (ev,)))
    days = day_range(published.earliest, published.latest) or []
    cons = list(extra) + text_constraints(mentions, L)
    kept, used = narrow(days, cons)
    pref = preferred_days(kept, mentions, L)
    if len(kept) == len(days) and not used:
        return Inference(tuple(days), tuple(days), None)
    evidence = list(used)
    if len(pref) < len(kept):
        evidence.append("news is usually published the day after the latest weekday it names")
    if len(kept) <= _MAX_LISTED:
        evidence.append("candidates: " + ", ".join(d.isoformat() for d in kept))
    value = generalise([d.isoformat() for d in pref])
    # the inferred value is the likeliest day; timex values must hold for every candidate day
    return Inference(tuple(kept), tuple(kept), Inferred(value, kept[0], kept[-1], tuple(evidence)))
