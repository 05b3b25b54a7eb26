"""Document context: a name recognised once keeps its label at its other mentions.

- A name recognised as PER anywhere is PER everywhere in the article; an ORG or MISC mention
  that equals the surname of a recognised full person name is PER too (unless the alias
  table knows it as something else). LOC mentions keep their label ("Leverkusen" beside
  "Bayer Leverkusen").
- Exact repeats of a recognised name that the NER missed are added, with care at the start
  of a sentence, where ordinary words are capitalised too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter

from .lexicon import Words, aliases
from .spans import Cand, TokenIndex


def relabel_persons(cands: list[Cand], text: str) -> list[Cand]:
    """Give PER to the mentions of names recognised as persons elsewhere in the article.

    Guards against NER slips: a name the alias table knows as something else ("VVD",
    "Facebook") is never relabelled, nor is a name tagged PER less often than otherwise, nor
    an all-capitals word taken as a surname ("ADHD" after a mistaken "Branson ADHD").
    """
    votes: dict[str, Counter] = {}
    for c in cands:
        if c.country is None:
            votes.setdefault(text[c.start:c.end], Counter())[c.label == "PER"] += 1
    per_names = {n for n, v in votes.items() if v[True] and v[True] >= v[False] and _may_be_person(n)}
    surnames = {s for s in _surnames({n for n, v in votes.items() if v[True]}) if _may_be_person(s)}
    out = []
    for c in cands:
        name = text[c.start:c.end]
        if c.label != "PER" and c.country is None:
            # "Leverkusen" LOC beside "Bayer Leverkusen" stays a place
            if name in per_names or (name in surnames and c.label != "LOC"):
                c = Cand(c.start, c.end, "PER", source=c.source)
        out.append(c)
    return out


def _may_be_person(name: str) -> bool:
    """Not an acronym, and not a name the alias table knows only as a non-person."""
    if name.isupper() and len(name) > 1:
        return False
    entry = aliases().find(name)
    return entry is None or entry.type == "PER" or aliases().find(name, "PER") is not None


def _surnames(per_names: set[str]) -> set[str]:
    out = set()
    for n in per_names:
        parts = n.split()
        if len(parts) > 1 and len(parts[-1]) > 1 and parts[-1][0].isupper():
            out.add(parts[-1])
    return out


def add_repeats(cands: list[Cand], idx: TokenIndex, w: Words) -> list[Cand]:
    """Add mentions the NER missed: exact repeats of recognised names (and person surnames)."""
    text = idx.doc.text
    taken = sorted((c.start, c.end) for c in cands)
    labels: dict[str, Counter] = {}
    mid_sentence: set[str] = set()  # names seen capitalised away from a sentence start
    for c in cands:
        if c.country is not None:
            continue
        name = text[c.start:c.end]
        labels.setdefault(name, Counter())[c.label] += 1
        if not idx.sentence_initial(c.start):
            mid_sentence.add(name)
    wanted: dict[str, str] = {n: cnt.most_common(1)[0][0] for n, cnt in labels.items()}
    for s in _surnames({n for n, lab in wanted.items() if lab == "PER"}):
        if wanted.get(s, "PER") == "PER" and _may_be_person(s):
            wanted[s] = "PER"
            mid_sentence.add(s)  # a surname of a full name is a name wherever it stands
    lowered = {m.group().casefold() for m in re.finditer(r"\b[^\W\d_]+\b", text) if m.group()[0].islower()}
    names = sorted((n for n in wanted if len(n) >= 2 and any(ch.isupper() for ch in n)
                    and n.casefold() not in w.function_words), key=len, reverse=True)
    if not names:
        return cands
    # one pass over the text; at any position the longest name wins ("Donald Trump" before "Trump")
    pattern = re.compile("|".join(re.escape(n) for n in names))
    added: list[Cand] = []
    for m in pattern.finditer(text):
        s, e = m.span()
        name = m.group()
        if _inside_word(text, s, e) or _overlaps(taken, s, e):
            continue
        if " " not in name and idx.sentence_initial(s) and (name not in mid_sentence or name.casefold() in lowered):
            continue
        added.append(Cand(s, e, wanted[name], source="repeat"))
        insort(taken, (s, e))
    return cands + added


def _inside_word(text: str, s: int, e: int) -> bool:
    """Does the match continue a word (letters, digits, or a hyphenated compound) on either side?"""
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    return before.isalnum() or after.isalnum() or before in "-‐" or after in "-‐" or (
        after in "'’" and e + 1 < len(text) and text[e + 1].isalpha() and text[e + 1] != "s")


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap one of the sorted, non-overlapping intervals in ``taken``?"""
    i = bisect_left(taken, (s, s))
    return (i < len(taken) and taken[i][0] < e) or (i > 0 and taken[i - 1][1] > s)
