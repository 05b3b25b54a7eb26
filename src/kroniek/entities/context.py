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

from .lexicon import Words, aliases, is_acronym, normalise
from .spans import Cand, TokenIndex


def relabel_persons(cands: list[Cand], text: str, lang: str = "nl") -> list[Cand]:
    """Give PER to the mentions of names recognised as persons elsewhere in the article.

    Guards against NER slips:
    - a name the alias table knows only as an organisation is ORG, never PER ("VVD",
      "Facebook", "Forum voor Democratie");
    - a name tagged PER less often than otherwise is not spread; on a tie, LOC mentions keep
      their label ("Almelo" tagged LOC once and PER once);
    - a surname spreads to ORG and MISC mentions, not to LOC ones ("Leverkusen" beside "Bayer
      Leverkusen"); "X van Organisation" person spans are cut first (:func:`split_affiliations`);
    - all-capitals words are never surnames ("ADHD" after a mistaken "Branson ADHD").
    """
    votes: dict[str, Counter] = {}
    for c in cands:
        if c.country is None:
            votes.setdefault(text[c.start:c.end], Counter())[c.label == "PER"] += 1
    full_names: Counter = Counter()
    for c in cands:
        if c.label == "PER" and c.country is None:
            full_names[text[c.start:c.end]] += 1
    surname_support: Counter = Counter()
    for full, n in full_names.items():
        for s in _surnames({full}):
            surname_support[s] += n
    out = []
    for c in cands:
        name = text[c.start:c.end]
        if c.country is None and c.label == "PER" and _known_organisation(name):
            c = Cand(c.start, c.end, "ORG", source=c.source)
        elif c.label != "PER" and c.country is None and _may_be_person(name):
            v = votes[name]
            if v[True] > v[False] or (v[True] and v[True] == v[False] and c.label != "LOC"):
                c = Cand(c.start, c.end, "PER", source=c.source)
            elif surname_support[name] and c.label != "LOC":  # "Leverkusen" beside "Bayer Leverkusen" stays
                c = Cand(c.start, c.end, "PER", source=c.source)
        out.append(c)
    return out


def _known_organisation(name: str) -> bool:
    """Does the alias table know ``name`` as an organisation, and not as a person?"""
    return aliases().find(name, "PER") is None and any(e.type == "ORG" for e in aliases().by_norm.get(
        normalise(name), ()))


def split_affiliations(cands: list[Cand], idx: TokenIndex) -> list[Cand]:
    """Fix person spans that hold an organisation the article tags as such elsewhere:

    - "Wiebe van Terwisga van Re-Match" -> "Wiebe van Terwisga" (PER) + "Re-Match" (ORG), when
      the part after the last "van"/"bij"/"uit"/"of"/"from" is tagged as something else
      elsewhere in the article or is a known organisation or place;
    - "Taxidienst Uber" at the start of a sentence -> "Uber" (ORG), when the rest of the span is
      tagged ORG at least twice elsewhere in the article and never PER.
    """
    text = idx.doc.text
    other: dict[str, str] = {}
    votes: dict[str, Counter] = {}
    for c in cands:
        if c.country is None:
            votes.setdefault(text[c.start:c.end], Counter())[c.label] += 1
            if c.label != "PER":
                other.setdefault(text[c.start:c.end], c.label)
    out = []
    for c in cands:
        if c.label == "PER":
            span = text[c.start:c.end]
            first, _, rest = span.partition(" ")
            v = votes.get(rest, Counter())
            # the rest is an organisation: tagged ORG at least twice and never as a person
            if rest and v["ORG"] >= 2 and not v["PER"] and idx.sentence_initial(c.start):
                out.append(Cand(c.end - len(rest), c.end, "ORG", source=c.source))
                continue
            m = None
            for m in _AFFILIATION.finditer(span):
                pass
            if m is not None:
                tail = span[m.end():]
                entry = aliases().find(tail)
                label = other.get(tail) or (entry.type if entry is not None and entry.type != "PER" else None)
                head = span[:m.start()].rstrip()
                if label and len(head.split()) >= 2 and tail[:1].isupper():
                    out.append(Cand(c.start, c.start + len(head), "PER", source=c.source))
                    out.append(Cand(c.start + m.end(), c.end, label, source=c.source))
                    continue
        out.append(c)
    return out


_AFFILIATION = re.compile(r"\s(?:van|bij|uit|of|from)\s+")


def _may_be_person(name: str) -> bool:
    """Not an acronym, and not a name the alias table knows only as a non-person."""
    if is_acronym(name):
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
