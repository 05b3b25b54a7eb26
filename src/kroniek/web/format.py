"""Human labels for dates and intervals, keeping their precision.

A day reads as "17 juli 2018", a whole month as "juli 2018", a whole year as "2018", and
any other interval as its two ends ("23 september – 21 december 2018"). Labels follow the
article's language (Dutch unless it is English).
"""

from __future__ import annotations

import calendar
from datetime import date

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
UNDATED = {"nl": "ongedateerd", "en": "undated"}


def _day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _lang(lang: str | None) -> str:
    return "en" if lang == "en" else "nl"


def day_label(d: date, lang: str | None = "nl") -> str:
    return f"{d.day} {MONTHS[_lang(lang)][d.month - 1]} {d.year}"


def month_label(d: date, lang: str | None = "nl") -> str:
    return f"{MONTHS[_lang(lang)][d.month - 1]} {d.year}"


def precision(earliest, latest) -> str | None:
    """'day', 'month', 'year' or 'range' for an interval of calendar days; None when unknown."""
    a, b = _day(earliest), _day(latest)
    if a is None:
        return None
    if b is None or a == b:
        return "day"
    if a.day == 1 and b.year == a.year and b.month == a.month and b.day == calendar.monthrange(a.year, a.month)[1]:
        return "month"
    if (a.month, a.day) == (1, 1) and (b.year, b.month, b.day) == (a.year, 12, 31):
        return "year"
    return "range"


def interval_label(earliest, latest, lang: str | None = "nl") -> str:
    """The interval's label at its own precision."""
    a, b = _day(earliest), _day(latest)
    p = precision(a, b)
    if p is None:
        return UNDATED[_lang(lang)]
    if p == "day":
        return day_label(a, lang)
    if p == "month":
        return month_label(a, lang)
    if p == "year":
        return str(a.year)
    if a.year == b.year:
        left = f"{a.day} {MONTHS[_lang(lang)][a.month - 1]}"
        if a.month == b.month:
            left = str(a.day)
        return f"{left} – {day_label(b, lang)}"
    return f"{day_label(a, lang)} – {day_label(b, lang)}"


def published_label(pub: dict | None, lang: str | None = "nl") -> str:
    """Label of a stored ``published`` dict; an inferred day is added in brackets."""
    if not pub:
        return UNDATED[_lang(lang)]
    label = interval_label(pub.get("earliest"), pub.get("latest"), lang)
    if pub.get("time") and precision(pub.get("earliest"), pub.get("latest")) == "day":
        label += f" {pub['time']}"
    inf = pub.get("inferred")
    if inf and (inf.get("earliest"), inf.get("latest")) != (pub.get("earliest"), pub.get("latest")):
        word = "afgeleid" if _lang(lang) == "nl" else "inferred"
        label += f" ({word}: {interval_label(inf.get('earliest'), inf.get('latest'), lang)})"
    return label
