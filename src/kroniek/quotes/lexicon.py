"""Cue lexicons for quote attribution, read from ``kroniek/data/quotes/<lang>.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "quotes"


@dataclass(frozen=True)
class Verb:
    """One speech verb: its inflected forms, an optional separable particle, forms with the particle joined."""

    forms: frozenset[str]
    particles: tuple[str, ...] = ()
    joined: frozenset[str] = frozenset()
    post_only: bool = False  # a cue only after the content: "..., vindt X"
    infinitive: bool = False  # takes a te-infinitive content: "claimen te zijn gemarteld"
    object: bool = False  # the object can be the content: "criticized the plan"


@dataclass(frozen=True)
class Lexicon:
    lang: str
    verbs: tuple[Verb, ...]
    intro: frozenset[str]
    preposed: tuple[str, ...]
    postposed: frozenset[str]
    impersonal: tuple[str, ...]
    backref: frozenset[str]
    anonymous: frozenset[str]
    pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    not_speech: tuple[re.Pattern, ...]
    index: dict = field(default_factory=dict, compare=False, hash=False, repr=False)  # form -> verbs

    def __post_init__(self) -> None:
        for v in self.verbs:
            for w in v.forms | v.joined:
                self.index.setdefault(w, []).append((v, True) if w in v.joined else (v, not v.particles))

    def verbs_for(self, word: str) -> list[tuple[Verb, bool]]:
        """Verbs that ``word`` (lower case) is a form of; the flag says the particle is already attached."""
        return self.index.get(word, [])

    def is_cue_form(self, word: str) -> bool:
        return bool(self.verbs_for(word))


@cache
def load_lexicon(lang: str) -> Lexicon:
    """The cue lexicon for ``lang`` ("nl" or "en"); unknown languages fall back to Dutch."""
    path = DATA / f"{lang}.toml"
    if not path.exists():
        path = DATA / "nl.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    verbs = tuple(
        Verb(frozenset(v["forms"]), tuple(v.get("particle", ())), frozenset(v.get("joined", ())),
             bool(v.get("post_only", False)), bool(v.get("infinitive", False)), bool(v.get("object", False)))
        for v in data.get("verb", [])
    )
    return Lexicon(
        lang=data.get("lang", lang),
        verbs=verbs,
        intro=frozenset(data.get("intro", ())),
        preposed=tuple(data.get("preposed", ())),
        postposed=frozenset(data.get("postposed", ())),
        impersonal=tuple(data.get("impersonal", ())),
        backref=frozenset(data.get("backref", ())),
        anonymous=frozenset(data.get("anonymous", ())),
        pronouns=frozenset(data.get("pronouns", ())),
        plural_pronouns=frozenset(data.get("plural_pronouns", ())),
        not_speech=tuple(re.compile(p, re.IGNORECASE) for p in data.get("not_speech", ())),
    )
