"""Publication dates of any precision: a year, a month, a day, a date-time, or nothing.

A :class:`Published` keeps what was given and the interval of calendar days it allows.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .errors import DateError

GRANULARITIES = ("year", "month", "day", "datetime")

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class Inferred:
    """A publication day narrowed from evidence in the text or the archive."""

    value: str
    earliest: date
    latest: date
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Inferred":
        return cls(d["value"], date.fromisoformat(d["earliest"]), date.fromisoformat(d["latest"]),
                   tuple(d.get("evidence") or ()))


@dataclass(frozen=True)
class Published:
    """A publication date as given, with the days it allows.

    ``earliest``/``latest`` are None when nothing is known.
    """

    as_given: str | None = None
    granularity: str | None = None
    earliest: date | None = None
    latest: date | None = None
    time: str | None = None  # "HH:MM" for date-times
    inferred: Inferred | None = field(default=None, compare=False)

    @property
    def known(self) -> bool:
        return self.earliest is not None

    @property
    def day(self) -> date | None:
        """The single publication day, when the date (or the inference) gives one."""
        if self.earliest is not None and self.earliest == self.latest:
            return self.earliest
        if self.inferred is not None and self.inferred.earliest == self.inferred.latest:
            return self.inferred.earliest
        return None

    def bounds(self) -> tuple[date | None, date | None]:
        """The narrowest known interval: the inferred one if present, else the given one."""
        if self.inferred is not None:
            return self.inferred.earliest, self.inferred.latest
        return self.earliest, self.latest

    def with_inferred(self, inferred: Inferred | None) -> "Published":
        return replace(self, inferred=inferred)

    def sort_key(self) -> str:
        return self.earliest.isoformat() if self.earliest else "9999-12-31"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "as_given": self.as_given,
            "granularity": self.granularity,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
        }
        if self.time:
            d["time"] = self.time
        if self.inferred is not None:
            d["inferred"] = self.inferred.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Published":
        if not d:
            return cls()
        inferred = Inferred.from_dict(d["inferred"]) if d.get("inferred") else None
        return cls(
            d.get("as_given"), d.get("granularity"),
            date.fromisoformat(d["earliest"]) if d.get("earliest") else None,
            date.fromisoformat(d["latest"]) if d.get("latest") else None,
            d.get("time"), inferred,
        )

    def label(self) -> str:
        """A short human label: '2018', 'juli 2018'-style is left to the web layer; here ISO-ish."""
        if not self.known:
            return "undated"
        if self.granularity == "datetime":
            return f"{self.earliest.isoformat()} {self.time}"
        return self.as_given or self.earliest.isoformat()


UNKNOWN = Published()


def parse_published(value: str | None, where: str | None = None) -> Published:
    """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO date-time into a :class:`Published`.

    ``None`` or an empty string gives an unknown date. Anything else raises :class:`DateError`.
    """
    if value is None:
        return UNKNOWN
    if not isinstance(value, str):
        raise DateError(f"publication date must be a string, got {type(value).__name__}", where)
    s = value.strip()
    if not s:
        return UNKNOWN
    try:
        if m := _YEAR.match(s):
            y = _year(m.group(1))
            return Published(s, "year", date(y, 1, 1), date(y, 12, 31))
        if m := _MONTH.match(s):
            y, mo = _year(m.group(1)), int(m.group(2))
            last = calendar.monthrange(y, mo)[1]
            return Published(s, "month", date(y, mo, 1), date(y, mo, last))
        if m := _DAY.match(s):
            d = date(_year(m.group(1)), int(m.group(2)), int(m.group(3)))
            return Published(s, "day", d, d)
        if m := _DATETIME.match(s):
            d = date(_year(m.group(1)), int(m.group(2)), int(m.group(3)))
            hh, mm = int(m.group(4)), int(m.group(5))
            if hh > 23 or mm > 59:
                raise ValueError("bad time")
            # a date-time with an offset still names its local day as written
            return Published(s, "datetime", d, d, f"{hh:02d}:{mm:02d}")
    except ValueError as exc:
        raise DateError(f"not a valid date: {value!r} ({exc})", where) from None
    raise DateError(f"not a date of the form YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time: {value!r}", where)


def _year(s: str) -> int:
    y = int(s)
    if y < 1:
        raise ValueError("year out of range")
    return y


def as_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)
