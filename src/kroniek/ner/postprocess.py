"""Corrections on the tagger's output for real news text (Dutch)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from .conll import chunks

_DATA = Path(__file__).resolve().parents[1] / "data" / "ner" / "first_names.toml"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    with open(_DATA, "rb") as fh:
        return frozenset(tomllib.load(fh)["names"])


def attach_first_names(words: list[str], tags: list[str]) -> list[str]:
    """A known given name left untagged right before a tagged name joins it as a person.

    "zei inlichtingenbaas Dan Coates" with only "Coates" tagged becomes "Dan Coates" (PER). The
    given name must be written with a capital and must not start the sentence.
    """
    names = first_names()
    out = list(tags)
    for a, b, _ in chunks(tags):
        g = a - 1
        if g >= 1 and out[g] == "O" and words[g] in names:
            out[g] = "B-PER"
            for j in range(a, b):
                out[j] = "I-PER"
    return out
