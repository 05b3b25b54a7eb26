"""Within-article canonical names: which mentions are the same real-world thing.

- Persons: a shorter name links to the full name it is part of ("Trump" -> "Donald Trump",
  and in Dutch a genitive tagged PER, "Trumps", too;
  "Donald Trump" -> "Donald J. Trump"): same last word, and its words appear in order in
  the full name. When two full names fit ("Donald Trump", "Ivanka Trump"), the mention
  takes the one mentioned most recently before it, or stays on its own.
- Other names merge when they are equal after normalisation or share an entry in the
  alias table ("VS" and "Verenigde Staten").
- Names sharing an alias-table entry merge for persons too ("Poetin", "Vladimir Putin").
- The canonical name of a group is its fullest name (most words, then longest, then first).
"""

from __future__ import annotations

from dataclasses import dataclass

from .archive import is_shorter_form
from .lexicon import aliases, compatible, is_acronym, normalise, words


@dataclass(frozen=True)
class Named:
    """A mention ready for clustering: its span, label and cleaned name."""

    start: int
    end: int
    label: str
    name: str


def _words(name: str) -> list[str]:
    return normalise(name).split()


def _fullest(names: list[str]) -> str:
    return max(names, key=lambda n: (len(_words(n)), len(n), -names.index(n)))


def canonical_names(mentions: list[Named], genitive: bool = False) -> list[str]:
    """The canonical name for each mention (same order).

    With ``genitive`` (Dutch), a one-word person name ending in -s links like the surname
    without it ("Trumps" -> "Donald Trump").
    """
    group = list(range(len(mentions)))  # union-find over mention indices

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            group[max(a, b)] = min(a, b)

    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    al = aliases()

    # person names and the maximal full names each one is a shorter form of
    per = [i for i in order if mentions[i].label == "PER"]
    distinct = {" ".join(_words(mentions[i].name)) for i in per}
    fits: dict[str, list[str]] = {}
    surnames = {o.split()[-1] for o in distinct if " " in o}
    for n in distinct:
        f = [o for o in distinct if is_shorter_form(n.split(), o.split())]
        if not f and genitive and " " not in n and n.endswith("s") and n[:-1] in surnames:
            # Dutch genitive: "Trumps" is Trump's ("Trumps steun")
            f = [o for o in distinct if is_shorter_form([n[:-1]], o.split())]
        fits[n] = [o for o in f if not any(is_shorter_form(o.split(), x.split()) for x in f if x != o)]
    first_of = {}
    for i in per:
        first_of.setdefault(" ".join(_words(mentions[i].name)), i)

    # 1. equal names (normalised) with compatible labels; alias-table entries.
    #    An ambiguous short person name ("Trump" beside "Donald" and "Ivanka Trump") is left out.
    by_key: dict[tuple[str, str], int] = {}
    for i in order:
        m = mentions[i]
        if m.label == "PER" and len(fits[" ".join(_words(m.name))]) > 1:
            continue
        entry = al.find(m.name, m.label)
        key = ("alias", entry.id) if entry is not None else (_family(m.label), normalise(m.name))
        if key in by_key:
            union(by_key[key], i)
        else:
            by_key[key] = i

    # 2. persons: shorter names link to the full names they are part of
    for i in per:
        n = " ".join(_words(mentions[i].name))
        if is_acronym(mentions[i].name):
            continue  # an acronym is not a surname ("ADHD" after a mistaken "Branson ADHD")
        if al.find(mentions[i].name) is not None and al.find(mentions[i].name, "PER") is None:
            continue  # a known non-person ("Facebook" after a mistaken "Milkshake Facebook")
        targets = fits[n]
        if len(targets) == 1:
            union(i, first_of[targets[0]])
        elif targets:
            before = [j for j in per if mentions[j].start < mentions[i].start
                      and " ".join(_words(mentions[j].name)) in targets]
            if before:
                union(i, max(before, key=lambda j: mentions[j].start))

    # 3. organisations: a name links to the one longer name that only adds company words
    #    ("Apple" -> "Apple Inc.", "China Eastern" -> "China Eastern Airlines")
    suffixes = words("nl").org_suffixes
    orgs = [i for i in order if mentions[i].label == "ORG"]
    first_of_words: dict[tuple[str, ...], int] = {}
    for i in orgs:
        first_of_words.setdefault(tuple(_words(mentions[i].name)), i)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for ws in first_of_words:
        if ws:
            by_first.setdefault(ws[0], []).append(ws)
    for short, i in first_of_words.items():
        if not short:
            continue
        longer = [ws for ws in by_first[short[0]] if len(ws) > len(short) and ws[:len(short)] == short
                  and all(x in suffixes for x in ws[len(short):])]
        if len(longer) == 1:
            union(i, first_of_words[longer[0]])

    # 4. acronyms: "GAO" links to the one name in the article whose initials it spells
    #    ("Government Accountability Office", "Openbaar Ministerie" for "OM")
    initials: dict[str, set[int]] = {}
    for i in order:
        m = mentions[i]
        if m.label != "PER" and len(m.name.split()) > 1:
            caps = [x for x in m.name.replace("-", " ").split() if x[:1].isupper()]
            if len(caps) > 1:
                initials.setdefault("".join(x[0] for x in caps), set()).add(find(i))
    for i in order:
        m = mentions[i]
        if m.label != "PER" and m.name.isupper() and m.name.isalpha() and 1 < len(m.name) <= 6:
            targets = {find(t) for t in initials.get(m.name, ())}
            if len(targets) == 1:
                union(i, targets.pop())

    groups: dict[int, list[int]] = {}
    for i in order:
        groups.setdefault(find(i), []).append(i)
    out = [""] * len(mentions)
    for members in groups.values():
        canon = _fullest([mentions[i].name for i in members])
        for i in members:
            out[i] = canon
    return out


def _family(label: str) -> str:
    return "PLACE" if compatible("LOC", label) else label
