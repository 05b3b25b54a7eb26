"""Quotation marks: find quoted spans in any style, telling quotes from apostrophes.

Dutch papers write ,,...'' and ,,..." as well as '...' and "..."; typographic styles
‘...’, “...”, „...”, «...» also occur. A single ' is also an apostrophe ('s, 't, auto's,
'18), so an opening ' must follow a space or bracket and must not start a clitic, and a
closing ' must not be followed by a letter or digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opener -> accepted closers
PAIRS: dict[str, tuple[str, ...]] = {
    ",,": ("''", '"', "”", "’’", "’"),
    "``": ("''", '"'),
    "''": ("''",),
    "„": ("”", "“", '"', "''"),
    "“": ("”", '"'),
    "‘": ("’", "'"),
    '"': ('"', "”", "''"),
    "'": ("'", "’"),
    "«": ("»",),
    "‹": ("›",),
}
_OPENERS = sorted(PAIRS, key=len, reverse=True)
_CLITIC = re.compile(r"'(?:s|t|k|n|r|m|ns|em)\b(?!')|'\d{2}\b", re.IGNORECASE)
_MAX_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted span: ``start``/``end`` include the marks, ``cstart``/``cend`` are the trimmed content."""

    start: int
    end: int
    cstart: int
    cend: int
    opener: str


def _opener_at(text: str, i: int) -> str | None:
    for op in _OPENERS:
        if text.startswith(op, i):
            break
    else:
        return None
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + len(op)] if i + len(op) < len(text) else " "
    if nxt.isspace() and op not in ("«", "„"):
        return None
    if op in ("'", '"', "‘", "“", ",,", "``", "''") and not (prev.isspace() or prev in "([{—–-/:;>" or i == 0):
        return None
    if op == "'" and _CLITIC.match(text, i):
        return None
    if op == ",," and not (nxt.isalnum() or nxt in "'\"‘“.…("):
        return None
    return op


def _closer_ok(text: str, j: int, closer: str) -> bool:
    prev = text[j - 1] if j > 0 else " "
    after = text[j + len(closer)] if j + len(closer) < len(text) else " "
    if prev.isspace() and closer in ("'", '"', "’"):
        return False
    return not (closer in ("'", "’", '"') and after.isalnum())


def _find_closer(text: str, i: int, op: str) -> tuple[int, str] | None:
    closers = sorted(PAIRS[op], key=len, reverse=True)
    n = len(text)
    j = i + len(op)
    limit = min(n, j + _MAX_CHARS)
    while j < limit:
        ch = text[j]
        if ch == "\n" and text.startswith("\n", j + 1) or (ch == "\n" and text[j + 1:j + 2].isspace()):
            # paragraph break: go on only when the next paragraph reopens the same quote
            k = j
            while k < n and text[k].isspace():
                k += 1
            if k < n and text.startswith(op, k):
                j = k + len(op)
                continue
            return None
        for c in closers:
            if text.startswith(c, j) and _closer_ok(text, j, c):
                return j, c
        if op == ",," and text.startswith(",,", j) and _opener_at(text, j) == ",,":
            # a new ,, before any closer: the first quote was never closed; it ends with its last sentence
            ends = [k + 1 for k in range(i + len(op), j) if text[k] in ".?!" and text[k + 1:k + 2].isspace()]
            return (ends[-1], "") if ends else None
        j += 1
    return None


def find_quoted(text: str) -> list[Quoted]:
    """All quoted spans in ``text``, in order, not overlapping."""
    out: list[Quoted] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in ",`„“‘\"'«‹":
            i += 1
            continue
        op = _opener_at(text, i)
        if op is None:
            i += 1
            continue
        found = _find_closer(text, i, op)
        if found is None:
            i += len(op)
            continue
        j, c = found
        cs, ce = i + len(op), j
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        if ce > cs:
            out.append(Quoted(i, j + len(c), cs, ce, op))
        i = j + len(c)
    return out
