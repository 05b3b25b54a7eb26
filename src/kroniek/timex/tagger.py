"""Find time expressions in a text and resolve them over a set of possible publication days.

``recognise()`` runs every rule of the language, keeps the longest non-overlapping matches and notes the
tense of each match's clause. ``resolve()`` computes a mention's TIMEX3 value and [earliest, latest]
interval: the value is the most specific one true for all preferred publication days, the interval the
union of the days it can denote over all candidate days.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Sequence

from .ops import ABSOLUTE_OPS, OPS
from .rules import Language, Rule, group_values, load_language
from .values import generalise, interval

_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–]\s")
_SENT_BREAK = re.compile(r"[.!?]['\"’”]?\s+(?=[\"'‘“(]?[A-Z0-9À-Ý])|\n")
_PROBE_DAYS = (date(2000, 6, 15), date(2013, 2, 12))
_MAX_DAYS = 400  # candidate days beyond this are sampled: a year is the widest precision we resolve over


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    rule: Rule
    fields: tuple[tuple[str, Any], ...]
    tense: str  # past | future | present
    relative: bool
    sent_start: int
    sent_end: int

    @property
    def f(self) -> dict[str, Any]:
        return dict(self.fields)


@dataclass(frozen=True)
class Resolved:
    mention: Mention
    type: str
    value: str
    earliest: date | None
    latest: date | None
    mod: str | None


def _call(lang: Language, rule: Rule, f: dict[str, Any], d: date | None, tense: str) -> str | None:
    try:
        return OPS[rule.op](f, rule.params, d, tense, lang.present_as)
    except (ValueError, KeyError, OverflowError, TypeError):
        return None


def sentence_bounds(text: str) -> list[int]:
    """Start offsets of the sentences (a cheap splitter; enough to find a clause's tense)."""
    return [0] + [m.end() for m in _SENT_BREAK.finditer(text)]


def _tense(lang: Language, text: str, s: int, e: int, start: int, end: int) -> str:
    best, dist = "present", None
    for kind, rx in (("future", lang.future), ("past", lang.past)):
        for m in rx.finditer(text, s, e):
            if kind == "past" and lang.not_past_after is not None and \
                    lang.not_past_after.search(text, max(s, m.start() - 30), m.start()):
                continue
            dd = start - m.end() if m.end() <= start else (m.start() - end if m.start() >= end else 0)
            dd = abs(dd)
            if dist is None or dd < dist:
                best, dist = kind, dd
    return best


_WINDOW = 80  # characters around a needed word that a rule may span


def windows(text: str, trigger: re.Pattern) -> list[tuple[int, int]]:
    """Stretches of text around the words a rule needs, merged, widened to whitespace."""
    out: list[list[int]] = []
    n = len(text)
    for m in trigger.finditer(text):
        a = max(0, m.start() - _WINDOW)
        b = min(n, m.end() + _WINDOW)
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    res = []
    for a, b in out:
        while b < n and not text[b].isspace():
            b += 1
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        res.append((a, b))
    return res


def recognise(text: str, lang: str | Language) -> list[Mention]:
    """All time expressions in ``text`` (longest non-overlapping matches), in text order."""
    L = load_language(lang) if isinstance(lang, str) else lang
    cands: list[tuple[int, int, int, Rule, dict[str, Any]]] = []
    wins = [(0, len(text))]
    need_wins: dict[str, list[tuple[int, int]]] = {}
    seen: set[tuple[int, int, str]] = set()
    for rule in L.rules:
        rw = wins
        if rule.needs is not None:
            key = rule.needs.pattern
            if key not in need_wins:
                need_wins[key] = windows(text, rule.needs)
            rw = need_wins[key]
        for m in (m for a, b in rw for m in rule.regex.finditer(text, a, b)):
            s, e = m.span()
            if e == s or (s, e, rule.name) in seen:
                continue
            seen.add((s, e, rule.name))
            if rule.reject_before is not None and rule.reject_before.search(text, max(0, s - 40), s):
                continue
            if rule.reject_after is not None and rule.reject_after.match(text[e:e + 40]):
                continue
            f = group_values(L, m)
            if f is None:
                continue
            if "fields" in rule.params:
                f = {**rule.params["fields"], **f}
            cands.append((s, e, rule.priority, rule, f))
    cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for s, e, _pr, rule, f in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        if rule.params.get("value") == "REJECT":  # a blocking rule: the words are not a time expression here
            taken.append((s, e))
            continue
        probes = [_call(L, rule, f, d, "present") for d in _PROBE_DAYS]
        if probes[0] is None or _call(L, rule, f, None, "present") is None and rule.op not in ABSOLUTE_OPS:
            continue
        taken.append((s, e))
        chosen.append((s, e, rule, f, probes[0] != probes[1]))
    chosen.sort(key=lambda c: c[0])
    bounds = sentence_bounds(text)
    out = []
    for s, e, rule, f, relative in chosen:
        i = bisect_right(bounds, s) - 1
        ss = bounds[i]
        se = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        if rule.params.get("tense_scope") == "clause":
            cs = max((mm.end() for mm in _CLAUSE_BREAK.finditer(text, ss, s)), default=ss)
            nxt = _CLAUSE_BREAK.search(text, e, se)
            ss_, se_ = cs, (nxt.start() if nxt else se)
        else:
            ss_, se_ = ss, se
        tense = rule.params.get("tense") or _tense(L, text, ss_, se_, s, e)
        out.append(Mention(s, e, text[s:e], rule, tuple(sorted(f.items())), tense, relative, ss, se))
    return out


def value_at(m: Mention, d: date | None, lang: str | Language) -> str | None:
    L = load_language(lang) if isinstance(lang, str) else lang
    return _call(L, m.rule, m.f, d, m.tense)


def _type(rule_type: str, value: str, L: Language) -> str:
    if rule_type in ("DATE", "TIME") and "T" in value and not value.endswith("_REF"):
        return "TIME" if ":" in value else L.part_type
    return rule_type


def _sample(days: Sequence[date]) -> Sequence[date]:
    if len(days) <= _MAX_DAYS:
        return days
    step = len(days) / _MAX_DAYS
    return [days[int(i * step)] for i in range(_MAX_DAYS)] + [days[-1]]


_REF_YEAR = re.compile(r"^(\d{4})(-(?:Q[1-4]|H[12]|SP|SU|FA|WI|\d{2}(?:-\d{2})?))?$")


def _from_reference(m: Mention, reference: str | None) -> str | None:
    """'a year earlier' after '1989-Q3' is 1988-Q3: shift the reference time instead of the publication day.

    A rule with ``refer = "same"`` takes the reference quarter itself ("the quarter" after "the second
    quarter"), one with ``refer = "year"`` the reference's quarter in the year it names ("the 1988 quarter").
    """
    if reference is None:
        return None
    f = m.f
    rm = _REF_YEAR.match(reference)
    if not rm:
        return None
    refer = m.rule.params.get("refer")
    if refer == "same":
        return reference if rm[2] else None
    if refer == "year":
        return f"{f['year']}{rm[2]}" if rm[2] and "year" in f else None
    if f.get("unit", m.rule.params.get("unit")) != "Y" or not isinstance(f.get("num", 1), int):
        return None
    return f"{int(rm[1]) + m.rule.params.get('direction', -1) * f.get('num', 1)}{rm[2] or ''}"


def resolve_all(mentions: Sequence[Mention], lang: str | Language, days: Sequence[date] | None,
                preferred: Sequence[date] | None = None) -> list[Resolved]:
    """Resolve mentions in text order, keeping the latest date as reference time for 'a year earlier'.

    A rule with ``anchor = "quarter"`` shifts the latest quarter mentioned (financial reports), one with
    ``anchor = "any"`` the latest year-based date; without one nearby they fall back to the publication day.
    """
    L = load_language(lang) if isinstance(lang, str) else lang
    out = []
    refs: dict[str, tuple[int, str]] = {}
    for m in mentions:
        kind = m.rule.params.get("anchor")
        ref = refs.get(kind) if kind else None
        window = m.rule.params.get("anchor_window", 400)
        r = resolve(m, L, days, preferred, ref[1] if ref and m.start - ref[0] < window else None)
        if r is None:
            continue
        out.append(r)
        if r.type == "DATE" and (kind is None or m.rule.params.get("refer") == "same") and _REF_YEAR.match(r.value):
            refs["any"] = (m.end, r.value)
            if "-Q" in r.value:
                refs["quarter"] = (m.end, r.value)
    return out


def resolve(m: Mention, lang: str | Language, days: Sequence[date] | None,
            preferred: Sequence[date] | None = None, reference: str | None = None) -> Resolved | None:
    """Value and interval of a mention over candidate publication ``days`` (None: unknown date)."""
    L = load_language(lang) if isinstance(lang, str) else lang
    f = m.f
    mod = f.get("mod") if isinstance(f.get("mod"), str) and f.get("mod", "").isupper() else None
    mod = mod or m.rule.params.get("mod")
    rtype = m.rule.type
    shifted = _from_reference(m, reference)
    if shifted is not None:
        span = interval(shifted)
        return Resolved(m, rtype, shifted, span[0] if span else None, span[1] if span else None, mod)
    if not m.relative or not days:
        value = _call(L, m.rule, f, None if m.relative else _PROBE_DAYS[0], m.tense)
        if value is None:
            return None
        t = _type(rtype, value, L)
        span = interval(value) if t in ("DATE", "TIME") else None
        if span is None and t in ("DATE", "TIME") and value == "PRESENT_REF" and days:
            span = (days[0], days[-1])
        return Resolved(m, t, value, span[0] if span else None, span[1] if span else None, mod)
    days = _sample(days)
    pref = _sample(preferred) if preferred else days
    values = {}
    for d in set(days) | set(pref):
        v = _call(L, m.rule, f, d, m.tense)
        if v is None:
            return None
        values[d] = v
    value = generalise([values[d] for d in pref])
    t = _type(rtype, value, L)
    earliest = latest = None
    if t in ("DATE", "TIME"):
        spans = []
        for d in days:
            v = values[d]
            sp = interval(v)
            if sp is None and v == "PRESENT_REF":
                sp = (d, d)
            if sp is None:
                spans = []
                break
            spans.append(sp)
        if spans:
            earliest = min(a for a, _ in spans)
            latest = max(b for _, b in spans)
    return Resolved(m, t, value, earliest, latest, mod)


def day_range(earliest: date | None, latest: date | None) -> list[date] | None:
    if earliest is None or latest is None:
        return None
    n = (latest - earliest).days
    return [earliest + timedelta(days=i) for i in range(n + 1)]


def tag(text: str, lang: str, days: Sequence[date] | None = None,
        preferred: Sequence[date] | None = None) -> list[Resolved]:
    """Recognise and resolve in one call (the tagger on its own, as benchmarked)."""
    L = load_language(lang)
    return resolve_all(recognise(text, L), L, days, preferred)
