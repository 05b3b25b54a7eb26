"""Operators: turn the fields of a matched rule into a TIMEX3 value, given one publication day.

Every operator has the signature ``op(f, p, d, tense) -> str | None``: ``f`` the group values of the
match, ``p`` the rule's parameters from the data file, ``d`` the publication day (``None`` when unknown)
and ``tense`` of the clause (``past`` | ``future`` | ``present``). ``None`` rejects the match (e.g. a
31st of February). With ``d`` unknown, a relative expression keeps its unknown parts as X.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

from .values import holiday as holiday_date, interval, month_end

UNIT_CODES = {"D": "D", "W": "W", "M": "M", "Y": "Y", "DE": "DE", "CE": "CE", "Q": "Q", "H": "H", "MIN": "M",
              "S": "S", "WE": "WE"}
TIME_UNITS = {"H", "MIN", "S"}


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _suffix(f: dict[str, Any]) -> str:
    if "hour" in f:
        h = f["hour"]
        ampm = f.get("ampm")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        elif f.get("part") in ("AF", "EV") and h < 12:
            h += 12
        mi = f.get("minute", 0)
        if h > 24 or mi > 59:
            raise ValueError("bad clock time")
        return f"T{h:02d}:{mi:02d}"
    if "part" in f:
        return f"T{f['part']}"
    return ""


def _choose(cands: list[date], d: date, tense: str, default: str = "nearest") -> date:
    """Pick the candidate a news reader means: past -> latest on or before d, future -> first on or after d."""
    mode = tense if tense in ("past", "future") else default
    if mode == "past":
        before = [c for c in cands if c <= d]
        if before:
            return max(before)
    elif mode == "future":
        after = [c for c in cands if c >= d]
        if after:
            return min(after)
    elif mode == "this":
        same = [c for c in cands if c.year == d.year]
        if same:
            return same[0]
    return min(cands, key=lambda c: (abs((c - d).days), c < d))


def _recent(cands: list[date], d: date, ahead: int = 90) -> date:
    """Nearest, but a date more than ``ahead`` days in the future yields to the past one (news looks back)."""
    past = [c for c in cands if c <= d]
    future = [c for c in cands if c > d]
    if future and (not past or ((min(future) - d).days <= ahead and min(future) - d < d - max(past))):
        return min(future)
    return max(past) if past else min(cands)


def weekday_date(wd: int, rel: int | None, d: date, tense: str, present_as: str) -> date:
    delta = wd - d.isoweekday()
    if rel == 0:  # "deze maandag": that day of the current week
        return d + timedelta(days=delta)
    if rel is not None and rel < 0:
        back = (d.isoweekday() - wd) % 7 or 7
        return d - timedelta(days=back + 7 * (-rel - 1))
    if rel is not None and rel > 0:
        fwd = (wd - d.isoweekday()) % 7 or 7
        return d + timedelta(days=fwd + 7 * (rel - 1))
    mode = tense if tense in ("past", "future") else present_as
    back, fwd = (d.isoweekday() - wd) % 7, (wd - d.isoweekday()) % 7
    if mode == "nearest":  # the closer one; a tie goes to the past
        mode = "past" if back <= fwd else "future"
    if mode == "past":
        return d - timedelta(days=back)
    return d + timedelta(days=fwd)


def anchor_day(f: dict[str, Any], p: dict[str, Any], d: date | None, tense: str, present_as: str) -> date | None | str:
    """The day a day-level expression names; a string with X parts when it cannot be known."""
    if "month" in f or "monthnum" in f:
        mo = f.get("month") or f.get("monthnum")
        day = f["day"]
        year = f.get("year")
        if "yy" in f:
            year = _yy(f["yy"], d)
        if not (1 <= mo <= 12 and 1 <= day <= 31):
            raise ValueError("bad date")
        if year is not None:
            return date(year, mo, day)
        if d is None:
            date(2000, mo, day)  # validates 29 Feb etc.
            return f"XXXX-{mo:02d}-{day:02d}"
        cands = []
        for y in (d.year - 1, d.year, d.year + 1):
            try:
                cands.append(date(y, mo, day))
            except ValueError:
                pass
        if not cands:
            raise ValueError("bad date")
        choice = p.get("year_choice", "nearest")
        if choice == "tense":
            return _choose(cands, d, tense)
        if choice == "recent":
            return _recent(cands, d)
        if choice == "tense-recent":  # a future clause looks forward, else recent (English news)
            return _choose(cands, d, tense) if tense == "future" else _recent(cands, d)
        best = _choose(cands, d, "nearest")
        if choice == "nearest-unless-tense":
            if tense == "past" and best > d:
                best = max((c for c in cands if c <= d), default=best)
            elif tense == "future" and best < d:
                best = min((c for c in cands if c >= d), default=best)
        return best
    if "holiday" in f:
        spec = f["holiday"]
        if "year" in f:
            return holiday_date(spec, f["year"])
        if d is None:
            if spec[:2].isdigit():
                return f"XXXX-{spec}"
            return "XXXX-XX-XX"
        cands = [holiday_date(spec, y) for y in (d.year - 1, d.year, d.year + 1)]
        return _choose(cands, d, tense)
    if "dayrel" in f:
        if d is None:
            return "XXXX-XX-XX"
        return d + timedelta(days=f["dayrel"])
    if "weekday" in f:
        if d is None:
            return f"XXXX-WXX-{f['weekday']}"
        return weekday_date(f["weekday"], f.get("rel", p.get("rel")), d, tense, present_as)
    if d is None:
        return "XXXX-XX-XX"
    return d


def _yy(yy: int, d: date | None) -> int:
    ref = d.year if d else 2030
    y = 2000 + yy
    return y if y <= ref + 10 else 1900 + yy


def op_day(f, p, d, tense, present_as):
    """A single day (absolute date, weekday, gisteren, a holiday), with an optional part of day or clock time."""
    a = anchor_day(f, p, d, tense, present_as)
    if p.get("granularity") == "week":  # "the week of March 6": the ISO week of that day
        return a[:4] + "-WXX" if isinstance(a, str) else _iso_week(a)
    suffix = _suffix(f)
    if isinstance(a, str):
        return a + suffix
    return a.isoformat() + suffix


def op_time(f, p, d, tense, present_as):
    """A clock time or part of day anchored to the publication day (or a day named in the match)."""
    return op_day(f, p, d, tense, present_as)


def op_month(f, p, d, tense, present_as):
    mo = f.get("month") or f.get("monthnum")
    if not 1 <= mo <= 12:
        return None
    if "year" in f or "yy" in f:
        y = f.get("year") or _yy(f["yy"], d)
        return f"{y}-{mo:02d}"
    if d is None:
        return f"XXXX-{mo:02d}"
    if "yrel" in f:  # "June last year"
        return f"{d.year + f['yrel']}-{mo:02d}"
    rel = f.get("rel")
    if rel == 0:  # "this September": the one of this year
        y = d.year
    elif rel is not None and rel < 0:
        y = d.year if mo < d.month else d.year - 1
    elif rel is not None and rel > 0:
        y = d.year if mo > d.month else d.year + 1
    else:
        # by default the nearest such month: "in november" in a July article is the coming one, in March the
        # last one; a rule may ask for the clause's tense instead (year_choice = "tense")
        cands = [date(y, mo, 1) for y in (d.year - 1, d.year, d.year + 1)]
        y = _choose([c.replace(day=15) for c in cands], d, "nearest").year
        if p.get("year_choice") == "recent":  # the month counts from its start
            y = _recent(cands, d.replace(day=1), ahead=92).year
        elif p.get("year_choice") == "tense-recent":
            # a future clause: the first such month that has not ended; otherwise recent (news looks back,
            # and a past-tense marker elsewhere in the sentence is too weak to push a near month a year back)
            if tense == "future":
                y = min(c.year for c in cands if month_end(c.year, mo) >= d)
            else:
                y = _recent(cands, d.replace(day=1), ahead=92).year
        elif p.get("year_choice") == "tense" and tense in ("past", "future"):
            y = _choose(cands, d.replace(day=1), tense).year
        elif p.get("year_choice") == "nearest-unless-tense":
            # nearest, unless the clause's tense contradicts it ("nam in april" in March is last April)
            if tense == "past" and date(y, mo, 1) > d:
                y -= 1
            elif tense == "future" and month_end(y, mo) < d:
                y += 1
    return f"{y}-{mo:02d}"


def op_year(f, p, d, tense, present_as):
    if "year" in f:
        y = f["year"]
    elif "yy" in f:
        y = _yy(f["yy"], d)
    else:
        return None
    if not 1000 <= y <= 2100:
        return None
    return str(y)


def op_decade(f, p, d, tense, present_as):
    if "decnum" in f:
        n = f["decnum"]
        if n >= 1000:
            return str(n // 10) if n % 10 == 0 else None
        if n % 10:
            return None
        digit = n // 10
    else:
        digit = f["decade"]
    cent = f.get("century")
    if cent:
        return f"{cent}{digit}"
    ref = d.year if d else 2000
    start = 2000 + 10 * digit
    return str(start // 10) if start <= ref else str((1900 + 10 * digit) // 10)


def op_century(f, p, d, tense, present_as):
    n = f.get("num")
    if not isinstance(n, int) or not 1 <= n <= 22:
        return None
    return f"{n - 1:02d}"


def op_unit(f, p, d, tense, present_as):
    """'vorige week', 'dit jaar', 'volgende maand', 'afgelopen weekend': a calendar unit relative to the day."""
    unit = f.get("unit", p.get("unit"))
    rel = f.get("rel", p.get("rel", 0))
    if unit == "WE" and "rel" not in f and "rel" not in p:
        rel = -1 if tense == "past" else (1 if tense == "future" else 0)
    if d is None:
        return {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "Q": "XXXX-QX", "WE": "XXXX-WXX-WE",
                "D": "XXXX-XX-XX", "DE": "XXX", "CE": "XX"}.get(unit)
    return _shift(unit, rel, d, tense)


def _shift(unit: str, n: int, d: date, tense: str = "present") -> str | None:
    if unit == "D":
        return (d + timedelta(days=n)).isoformat()
    if unit == "W":
        return _iso_week(d + timedelta(weeks=n))
    if unit == "WE":
        # the weekend of this week; "last weekend" on a Sunday is the one just past
        sat = d + timedelta(days=6 - d.isoweekday())
        if n < 0:
            sat = sat - timedelta(weeks=1) if d.isoweekday() < 6 else sat
            sat -= timedelta(weeks=-n - 1)
        elif n > 0:
            sat += timedelta(weeks=n - 1) if d.isoweekday() < 6 else timedelta(weeks=n)
        elif d.isoweekday() <= 2:  # "dit weekend" on a Monday or Tuesday is the one just past
            sat -= timedelta(weeks=1)
        return _iso_week(sat) + "-WE"
    if unit == "M":
        m = d.year * 12 + d.month - 1 + n
        return f"{m // 12}-{m % 12 + 1:02d}"
    if unit == "Y":
        return str(d.year + n)
    if unit == "Q":
        q = d.year * 4 + (d.month - 1) // 3 + n
        return f"{q // 4}-Q{q % 4 + 1}"
    if unit == "DE":
        return str(d.year // 10 + n)
    if unit == "CE":
        return str(d.year // 100 + n)
    if unit in TIME_UNITS:
        return d.isoformat()
    return None


def op_shift(f, p, d, tense, present_as):
    """'drie jaar geleden', 'over twee weken': a count of units before or after the day."""
    n = f.get("num", p.get("num", 1))
    unit = f.get("unit", p.get("unit"))
    sign = p.get("direction", -1)
    if isinstance(n, str):  # "enkele jaren geleden"
        if d is None:
            return None
        return {"past": "PAST_REF", "future": "FUTURE_REF"}.get("past" if sign < 0 else "future")
    if isinstance(n, float):
        if unit in ("Y",) and n != int(n):
            unit, n = "M", int(n * 12)
        n = int(n)
    if d is None:
        return {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "D": "XXXX-XX-XX", "DE": "XXX", "CE": "XX",
                "H": "XXXX-XX-XX", "MIN": "XXXX-XX-XX"}.get(unit)
    return _shift(unit, sign * n, d, tense)


def op_duration(f, p, d, tense, present_as):
    n = f.get("num", p.get("num", 1))
    if "fraction" in f:
        n = (n if "num" in f else 0) + f["fraction"]
    unit = f.get("unit", p.get("unit"))
    if unit is None:
        return None
    if isinstance(n, str):
        n_str = n
    else:
        if n != int(n):
            whole, part = int(n), n - int(n)
            if unit in ("H", "Y") and whole and (part * (60 if unit == "H" else 12)).is_integer():
                sub = int(part * (60 if unit == "H" else 12))
                return f"PT{whole}H{sub}M" if unit == "H" else f"P{whole}Y{sub}M"
            if unit == "H":
                unit, n = "MIN", n * 60
            elif unit == "Y":
                unit, n = "M", n * 12
            elif unit == "D":
                unit, n = "H", n * 24
            elif unit == "MIN":
                unit, n = "S", n * 60
            elif unit in ("CE", "DE"):
                unit, n = "Y", n * (100 if unit == "CE" else 10)
            elif unit == "W":
                unit, n = "D", n * 7
        if n != int(n) or n <= 0 or n > 999:
            return None
        n_str = str(int(n))
    code = UNIT_CODES[unit]
    if unit == "WE":
        code = "WE"
    if unit in TIME_UNITS:
        return f"PT{n_str}{code}"
    if unit == "DE":
        return f"P{n_str}0Y" if n_str != "X" else "PXDE"
    if unit == "CE":
        return f"P{n_str}00Y" if n_str != "X" else "PXCE"
    if unit == "Q":
        return f"P{int(n_str) * 3}M" if n_str != "X" else "PXQ"
    return f"P{n_str}{code}"


def op_season(f, p, d, tense, present_as):
    s = f["season"]
    if "year" in f or "yy" in f:
        y = f.get("year") or _yy(f["yy"], d)
        return f"{y}-{s}"
    if d is None:
        return f"XXXX-{s}"
    rel = f.get("rel")
    spans = {y: interval(f"{y}-{s}") for y in (d.year - 2, d.year - 1, d.year, d.year + 1)}
    if rel == 0 and p.get("this_is_current"):  # "this summer": the one we are in, else this year's
        y = next((y for y, (a, b) in spans.items() if a <= d <= b), d.year)
    elif rel is not None and rel < 0:
        y = max(y for y, (a, b) in spans.items() if b < d)
    elif rel is not None and rel > 0:
        y = min(y for y, (a, b) in spans.items() if b >= d)
    elif tense == "past":
        y = max(y for y, (a, b) in spans.items() if a <= d)
    elif tense == "future":
        y = min(y for y, (a, b) in spans.items() if b >= d)
    else:
        # no tense: the season we are in, else the most recent one ("de droge zomer" in March is last summer)
        y = next((y for y, (a, b) in spans.items() if a <= d <= b), None)
        if y is None:
            y = max(y for y, (a, b) in spans.items() if b < d)
    return f"{y}-{s}"


def op_quarter(f, p, d, tense, present_as):
    q = f.get("q") or f.get("ordinal")
    if not q or not 1 <= q <= 4:
        return None
    if "year" in f or "yy" in f:
        y = f.get("year") or _yy(f["yy"], d)
        return f"{y}-Q{q}"
    if d is None:
        return f"XXXX-Q{q}"
    if "yrel" in f:  # "next year's first quarter"
        return f"{d.year + f['yrel']}-Q{q}"
    rel = f.get("rel", p.get("rel"))
    if rel is not None:
        return f"{d.year + rel}-Q{q}"
    # "the third quarter" in a news report: the latest such quarter that has begun
    y = d.year if 3 * q - 2 <= d.month else d.year - 1
    return f"{y}-Q{q}"


def op_half(f, p, d, tense, present_as):
    h = f.get("ordinal", p.get("half"))
    if h not in (1, 2):
        return None
    if "year" in f:
        return f"{f['year']}-H{h}"
    if d is None:
        return f"XXXX-H{h}"
    return f"{d.year + f.get('rel', 0)}-H{h}"


def op_fixed(f, p, d, tense, present_as):
    """A fixed value from the data: PRESENT_REF, P1D for 'dagelijks' ... (or the lexicon value of group ref/set)."""
    return f.get("ref") or f.get("set") or p["value"]


def op_set(f, p, d, tense, present_as):
    """'elke week' -> P1W, 'elke maandag' -> XXXX-WXX-1, 'elke zomer' -> XXXX-SU."""
    if "weekday" in f:
        return f"XXXX-WXX-{f['weekday']}" + _suffix(f)
    if "season" in f:
        return f"XXXX-{f['season']}"
    if "month" in f:
        return f"XXXX-{f['month']:02d}"
    if "part" in f:
        return f"XXXX-XX-XXT{f['part']}"
    unit = f.get("unit", p.get("unit"))
    n = f.get("num", 1)
    if unit is None:
        return None
    n_str = n if isinstance(n, str) else str(int(n))
    code = UNIT_CODES[unit]
    return f"PT{n_str}{code}" if unit in TIME_UNITS else f"P{n_str}{code}"


OPS: dict[str, Callable[..., str | None]] = {
    "day": op_day, "time": op_time, "month": op_month, "year": op_year, "decade": op_decade, "unit": op_unit,
    "shift": op_shift, "duration": op_duration, "season": op_season, "quarter": op_quarter, "half": op_half,
    "fixed": op_fixed, "set": op_set, "century": op_century,
}

# operators whose value never depends on the publication day
ABSOLUTE_OPS = {"duration", "fixed", "set", "decade", "century"}
