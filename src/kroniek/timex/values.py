"""TIMEX3 values: the calendar interval a value denotes, and the most specific value true for several.

A value such as ``2018-W29`` or ``2018-FA`` stands for a run of calendar days; ``interval()`` gives the
first and last of them. ``generalise()`` turns the values an expression takes under several possible
publication days into one value that is true for all of them, keeping unknown parts as ``X``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DAY = re.compile(r"^(\d{4}|XXXX)-(\d{2}|XX)-(\d{2}|XX)(T.*)?$")
_WEEK = re.compile(r"^(\d{4}|XXXX)-W(\d{2}|XX)(?:-(\d|WE))?(T.*)?$")
_MONTH = re.compile(r"^(\d{4}|XXXX)-(\d{2}|XX)$")
_PART = re.compile(r"^(\d{4}|XXXX)-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4}|\d{3}|\d{2})$")

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def iso_week_start(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def interval(value: str) -> tuple[date, date] | None:
    """First and last calendar day a fully known DATE/TIME value denotes, else None."""
    try:
        if m := _DAY.match(value):
            if "X" in value[:10]:
                return None
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _WEEK.match(value):
            if "X" in (m[1] + m[2]):
                return None
            start = iso_week_start(int(m[1]), int(m[2]))
            if m[3] == "WE":
                return start + timedelta(days=5), start + timedelta(days=6)
            if m[3]:
                d = start + timedelta(days=int(m[3]) - 1)
                return d, d
            return start, start + timedelta(days=6)
        if m := _MONTH.match(value):
            if "X" in value:
                return None
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), month_end(y, mo)
        if m := _PART.match(value):
            if "X" in m[1]:
                return None
            y, p = int(m[1]), m[2]
            if p[0] == "Q":
                q = int(p[1])
                return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
            if p[0] == "H":
                h = int(p[1])
                return date(y, 6 * h - 5, 1), month_end(y, 6 * h)
            a, b = SEASON_MONTHS[p]
            if b > 12:
                return date(y, 12, 1), month_end(y + 1, 2)
            return date(y, a, 1), month_end(y, b)
        if m := _YEAR.match(value):
            s = m[1]
            if len(s) == 4:
                y = int(s)
                return date(y, 1, 1), date(y, 12, 31)
            if len(s) == 3:  # decade
                y = int(s) * 10
                return date(max(1, y), 1, 1), date(y + 9, 12, 31)
            y = int(s) * 100  # century
            return date(max(1, y), 1, 1), date(y + 99, 12, 31)
    except (ValueError, OverflowError):
        return None
    return None


def _fields(value: str) -> tuple[str, tuple[str, ...], str] | None:
    """Split a value into (kind, fields, suffix) for field-wise merging."""
    if m := _DAY.match(value):
        return "day", (m[1], m[2], m[3]), m[4] or ""
    if m := _WEEK.match(value):
        return "week", (m[1], m[2], m[3] or ""), m[4] or ""
    if m := _MONTH.match(value):
        return "month", (m[1], m[2]), ""
    if m := _PART.match(value):
        return "part", (m[1], m[2]), ""
    return None


def _weekday_of(f: tuple[str, ...]) -> int | None:
    try:
        return date(int(f[0]), int(f[1]), int(f[2])).isoweekday()
    except ValueError:
        return None


def generalise(values: list[str]) -> str:
    """The most specific value true for every value in ``values`` (unknown parts become X)."""
    uniq = list(dict.fromkeys(values))
    if len(uniq) == 1:
        return uniq[0]
    parsed = [_fields(v) for v in uniq]
    if all(p is not None for p in parsed) and len({p[0] for p in parsed}) == 1:
        kind = parsed[0][0]
        suffixes = {p[2] for p in parsed}
        suffix = suffixes.pop() if len(suffixes) == 1 else ""
        cols = list(zip(*(p[1] for p in parsed)))
        if kind == "day":
            wds = {_weekday_of(p[1]) for p in parsed}
            years = cols[0]
            year = years[0] if len(set(years)) == 1 else "XXXX"
            if len(wds) == 1 and None not in wds and len(set(cols[2])) > 1:
                return f"{year}-WXX-{wds.pop()}{suffix}"
            month = cols[1][0] if len(set(cols[1])) == 1 else "XX"
            return f"{year}-{month}-XX{suffix}"
        if kind == "week":
            year = cols[0][0] if len(set(cols[0])) == 1 else "XXXX"
            wk = cols[1][0] if len(set(cols[1])) == 1 else "XX"
            day = cols[2][0] if len(set(cols[2])) == 1 else None
            out = f"{year}-W{wk}"
            if day:
                out += f"-{day}"
            elif day is None:
                return out
            return out + suffix
        merged = [c[0] if len(set(c)) == 1 else "X" * len(c[0]) for c in cols]
        return "-".join(merged)
    # different kinds: fall back to a year if it is shared, else an unknown date
    years = {v[:4] for v in uniq}
    if len(years) == 1 and all(v[:4].isdigit() for v in uniq):
        return years.pop()
    return "XXXX-XX-XX"


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (1=Monday) of a month; n=-1 for the last one."""
    if n > 0:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.isoweekday()) % 7)
        return d + timedelta(weeks=n - 1)
    d = month_end(year, month)
    return d - timedelta(days=(d.isoweekday() - weekday) % 7)


def holiday(spec: str, year: int) -> date:
    """A holiday's date in ``year`` from its data spec: ``MM-DD``, ``easter+N`` or ``nth:MONTH:WEEKDAY:N``."""
    if spec.startswith("easter"):
        off = int(spec[6:] or 0)
        return easter(year) + timedelta(days=off)
    if spec.startswith("nth:"):
        _, mo, wd, n = spec.split(":")
        return nth_weekday(year, int(mo), int(wd), int(n))
    if spec == "kingsday":  # 27 April, the 26th when the 27th is a Sunday
        d = date(year, 4, 27)
        return d - timedelta(days=1) if d.isoweekday() == 7 else d
    mo, dd = spec.split("-")
    return date(year, int(mo), int(dd))
