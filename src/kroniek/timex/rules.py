"""Load a language's time-expression rules and lexicons from its TOML data file and compile them.

A rule is a regular expression with named groups plus the name of an operator (see ``ops.py``) that turns
the group values into a TIMEX3 value. ``{name}`` in a pattern expands to the words of lexicon ``name``.
A group's value is looked up in the lexicon its name starts with (``weekday``, ``num2`` -> ``number``), or
read as an integer for digit groups (``day``, ``year``, ``hour`` ...).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

# group-name prefix -> lexicon name
GROUP_LEX = {
    "weekday": "weekday", "month": "month", "rel": "rel", "dayrel": "dayrel", "part": "part", "unit": "unit",
    "num": "number", "season": "season", "holiday": "holiday", "decade": "decade", "mod": "mod",
    "ordinal": "ordinal", "ref": "ref", "yrel": "yrel", "set": "set", "ampm": "ampm", "fraction": "fraction",
}
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "timex"
INT_GROUPS = {"day", "monthnum", "year", "yy", "hour", "minute", "decnum", "q"}


@dataclass(frozen=True)
class Rule:
    name: str
    op: str
    type: str
    regex: re.Pattern
    params: dict[str, Any] = field(default_factory=dict)
    reject_before: re.Pattern | None = None
    reject_after: re.Pattern | None = None
    priority: int = 0
    needs: re.Pattern | None = None  # a word the match must contain: the rule only runs near it (speed)


@dataclass(frozen=True)
class Language:
    lang: str
    rules: tuple[Rule, ...]
    lex: dict[str, dict[str, Any]]
    past: re.Pattern
    future: re.Pattern
    present_as: str  # how a bare weekday in a present-tense clause resolves: "past" | "future"
    part_type: str = "TIME"  # the type of a date with a part of day ("donderdagavond"): TIME, or DATE in TimeBank
    # a past marker right after these words is a participle in another verb group ("will be named",
    # "is expected to"), not a past tense
    not_past_after: re.Pattern | None = None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _numbers(spec: dict[str, Any]) -> dict[str, Any]:
    """Number words from units, tens and a composition template (e.g. 'eenentwintig', 'twenty-one')."""
    out: dict[str, Any] = dict(spec.get("words", {}))
    units = spec.get("units", {})
    tens = spec.get("tens", {})
    out.update(units)
    out.update(tens)
    for tmpl in spec.get("compose", []):
        for u, uv in units.items():
            if not 1 <= uv <= 9:
                continue
            for t, tv in tens.items():
                word = tmpl.format(unit=u, ten=t)
                if spec.get("diaeresis") and u.endswith("e") and "{unit}en" in tmpl:
                    word = tmpl.replace("{unit}en", u + "ën").format(ten=t)
                out[word] = tv + uv
    return out


@lru_cache(maxsize=None)
def load_language(lang: str) -> Language:
    data = tomllib.loads((DATA_DIR / f"{lang}.toml").read_text("utf-8"))
    lex: dict[str, dict[str, Any]] = {k: {w.lower(): v for w, v in d.items()} for k, d in data["lex"].items()}
    lex["number"] = {w.lower(): v for w, v in _numbers(data["numbers"]).items()}
    macros = {name: f"(?:{_alternation(words)})" for name, words in lex.items()}
    macros.update({k: f"(?:{v})" for k, v in data.get("macros", {}).items()})
    rules = []
    for i, r in enumerate(data["rule"]):
        pat = r["pattern"]
        for _ in range(3):  # macros may use other macros
            pat = re.sub(r"\{(\w+)\}", lambda m: macros.get(m[1], m[0]), pat)
        flags = re.IGNORECASE if not r.get("case_sensitive") else 0
        regex = re.compile(r"(?<![\w'’])" + pat + r"(?![\w’])", flags)
        params = {k: v for k, v in r.items()
                  if k not in ("pattern", "op", "type", "name", "reject_before", "reject_after", "priority",
                               "case_sensitive", "needs")}
        needs = None
        if r.get("needs"):
            npat = r["needs"]
            for _ in range(3):
                npat = re.sub(r"\{(\w+)\}", lambda m: macros.get(m[1], m[0]), npat)
            needs = re.compile(r"(?<!\w)(?:" + npat + ")", re.IGNORECASE)
        rules.append(Rule(
            name=r.get("name", f"{r['op']}-{i}"), op=r["op"], type=r.get("type", "DATE"), regex=regex,
            params=params,
            reject_before=re.compile(r["reject_before"] + r"$", re.IGNORECASE) if r.get("reject_before") else None,
            reject_after=re.compile("^" + r["reject_after"], re.IGNORECASE) if r.get("reject_after") else None,
            priority=r.get("priority", 0),
            needs=needs,
        ))
    tense = data["tense"]
    return Language(
        lang=lang, rules=tuple(rules), lex=lex,
        past=re.compile(r"(?<!\w)(?:" + "|".join(tense["past"]) + r")(?!\w)", re.IGNORECASE),
        future=re.compile(r"(?<!\w)(?:" + "|".join(tense["future"]) + r")(?!\w)", re.IGNORECASE),
        present_as=tense.get("present_as", "future"),
        part_type=data.get("part_of_day_type", "TIME"),
        not_past_after=re.compile(r"(?<!\w)(?:" + tense["not_past_after"] + r")\s+$", re.IGNORECASE)
        if tense.get("not_past_after") else None,
    )


def spelled_year(lang: Language, text: str) -> int | None:
    """A year in words: 'nineteen ninety-six' (hundreds + rest), 'two thousand and one' (thousands + rest)."""
    num = lang.lex["number"]
    words = text.lower().split()
    if len(words) < 2:
        return None
    if num.get(words[1]) == 1000:
        head = num.get(words[0])
        rest = [w for w in words[2:] if w not in ("and", "en")]
        tail = num.get(" ".join(rest), None) if rest else 0
        if not isinstance(head, int) or not isinstance(tail, int) or not 0 <= tail < 1000:
            return None
        return head * 1000 + tail
    head, tail = num.get(words[0]), num.get(" ".join(words[1:]))
    if not isinstance(head, int) or not isinstance(tail, int) or not 10 <= head <= 29 or not 10 <= tail <= 99:
        return None
    return head * 100 + tail


def group_values(lang: Language, m: re.Match) -> dict[str, Any] | None:
    """Turn a match's named groups into operator fields; None when a word is not in its lexicon."""
    out: dict[str, Any] = {}
    for name, text in m.groupdict().items():
        if text is None:
            continue
        base = name.rstrip("0123456789")
        if base in INT_GROUPS:
            if text.isdigit():
                out[base] = int(text)
                continue
            val = lang.lex["number"].get(re.sub(r"\s+", " ", text.lower()))
            if not isinstance(val, int) and base == "year":
                val = spelled_year(lang, text)
            if not isinstance(val, int):
                return None
            out[base] = val
            continue
        lexname = GROUP_LEX.get(base)
        if lexname is None:
            out[base] = text
            continue
        key = re.sub(r"\s+", " ", text.lower())
        val = lang.lex.get(lexname, {}).get(key)
        if val is None:
            if base == "num":
                try:
                    val = float(key.replace(",", ".")) if ("," in key or "." in key) else int(key)
                except ValueError:
                    return None
            else:
                return None
        out[base] = val
    return out
