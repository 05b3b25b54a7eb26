"""The event trigger lexicon of one language, read from ``kroniek/data/events/<lang>.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
COMPOUND_MIN = 6  # a compound suffix must be at least this long ("bezoek" in "staatsbezoek")


@dataclass(frozen=True)
class Trigger:
    """One entry of the lexicon: a (multi-word) form that signals an event of ``type``."""

    type: str
    pos: str  # noun | verb
    words: tuple[str, ...]
    particle: str | None = None


@dataclass(frozen=True)
class Lexicon:
    lang: str
    by_first: dict[str, tuple[Trigger, ...]]  # first word -> triggers, longest first
    compounds: tuple[tuple[str, Trigger], ...]  # (suffix, trigger), longest suffix first
    words: dict[str, frozenset[str]]
    modality: dict[str, frozenset[str]]
    alleged: tuple[tuple[str, str], ...]
    quote_types: dict[str, str]  # cue form (lower case) -> event type
    compatible: frozenset[frozenset[str]]
    never_merge: frozenset[str]

    def word(self, key: str) -> frozenset[str]:
        return self.words.get(key, frozenset())

    def mod(self, key: str) -> frozenset[str]:
        return self.modality.get(key, frozenset())

    def same_kind(self, a: str, b: str) -> bool:
        """Whether events of types ``a`` and ``b`` may be one event (same type or a compatible pair)."""
        return a == b or frozenset((a, b)) in self.compatible


@lru_cache(maxsize=None)
def load_lexicon(lang: str | None) -> Lexicon | None:
    """The lexicon for ``lang`` ("nl", "en"), or None when there is none."""
    if not lang:
        return None
    path = DATA / f"{lang}.toml"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    return parse_lexicon(tomllib.loads(text))


def parse_lexicon(data: dict) -> Lexicon:
    by_first: dict[str, list[Trigger]] = {}
    compounds: list[tuple[str, Trigger]] = []
    seen: set[tuple[tuple[str, ...], str | None]] = set()
    for entry in data.get("trigger", []):
        for form in entry["forms"]:
            words = tuple(form.lower().split())
            key = (words, entry.get("particle"))
            if key in seen:  # the first entry that lists a form wins
                continue
            seen.add(key)
            trig = Trigger(entry["type"], entry.get("pos", "noun"), words, entry.get("particle"))
            if not entry.get("compound_only"):
                by_first.setdefault(words[0], []).append(trig)
            if (entry.get("compound") or entry.get("compound_only")) and len(words) == 1 \
                    and len(words[0]) >= COMPOUND_MIN:
                compounds.append((words[0], trig))
    quote_types: dict[str, str] = {}
    for etype, cues in data.get("quote_types", {}).items():
        for cue in cues:
            quote_types[cue.lower()] = etype
    merge = data.get("merge", {})
    mod = data.get("modality", {})
    return Lexicon(
        lang=data.get("lang", ""),
        by_first={k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in by_first.items()},
        compounds=tuple(sorted(compounds, key=lambda c: -len(c[0]))),
        words={k: frozenset(w.lower() for w in v) for k, v in data.get("words", {}).items()},
        modality={k: frozenset(w.lower() for w in v) for k, v in mod.items() if k != "alleged"},
        alleged=tuple((a.lower(), b.lower()) for a, b in mod.get("alleged", [])),
        quote_types=quote_types,
        compatible=frozenset(frozenset(p) for p in merge.get("compatible", [])),
        never_merge=frozenset(merge.get("never", [])),
    )
