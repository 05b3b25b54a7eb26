"""Archive-level entity keys: the same real-world thing gets one key across articles.

Pure functions, no database: the store passes in what it knows and writes what comes back.

- :func:`entity_key` normalises a canonical name: alias-table names share the entry's key
  ("Poetin", "Putin", "Vladimir Poetin" -> ``PER:vladimir-putin``; "VS", "United States",
  "Amerika" -> ``LOC:united-states``); nationality adjectives key to their country's
  nationality (``MISC:nationality:united-states``); any other name keys to its label and
  normalised spelling (``PER:sarah-huckabee``).
- :func:`resolve_archive` keys a batch of new names, merging a short person name
  ("Rutte") into the one full name it is part of among the known entities ("Mark Rutte"),
  but only when exactly one fits ("Trump" with both "Donald Trump" and "Ivanka Trump" known
  stays on its own).
- :func:`relink_surnames` tells the store which stored short-name keys can now be merged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .lexicon import LABELS, aliases, nationalities, normalise, slug, words


def entity_key(name: str, label: str) -> str:
    """The archive key of a canonical entity name with its label (PER, ORG, LOC, MISC)."""
    label = label.upper() if label and label.upper() in LABELS else "MISC"
    name = " ".join(name.split())
    if label == "MISC":
        nat = nationalities("nl").get(name) or nationalities("en").get(name)
        if nat is not None:
            return f"MISC:nationality:{nat.country}"
    entry = aliases().find(name, label)
    if entry is not None:
        return entry.key
    if label == "ORG":
        entry = aliases().find(strip_company_words(name, legal_only=True), label)
        if entry is not None:
            return entry.key
        name = strip_company_words(name)
    return f"{label}:{slug(name) or name}"


def strip_company_words(name: str, legal_only: bool = False) -> str:
    """A company name without trailing legal-form words ("Apple Inc." -> "Apple", "Shell plc" ->
    "Shell") and, unless ``legal_only``, other company words ("China Eastern Airlines" -> "China Eastern")."""
    w = words("nl")
    drop = w.legal_suffixes if legal_only else w.org_suffixes
    parts = name.split()
    while len(parts) > 1 and normalise(parts[-1]) in drop:
        parts.pop()
        if parts[-1].endswith(","):
            parts[-1] = parts[-1][:-1]
    return " ".join(parts)


def display_name(key: str, lang: str = "nl") -> str | None:
    """The alias table's name for an alias key (``LOC:united-states`` -> "Verenigde Staten"), else None."""
    _, _, ident = key.partition(":")
    entry = aliases().entries.get(ident)
    return entry.name(lang) if entry is not None and entry.key == key else None


@dataclass(frozen=True)
class KnownEntity:
    """An entity already in the store."""

    key: str
    name: str  # its canonical (display) name
    label: str
    articles: int = 1  # number of articles mentioning it


@dataclass(frozen=True)
class KnownEntities:
    """A snapshot of the store's entities, indexed for surname matching."""

    entities: tuple[KnownEntity, ...] = ()
    _by_last: dict[str, tuple[KnownEntity, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[KnownEntity]] = {}
        for e in self.entities:
            if e.label == "PER":
                words = normalise(e.name).split()
                if words:
                    index.setdefault(words[-1], []).append(e)
        object.__setattr__(self, "_by_last", {k: tuple(v) for k, v in index.items()})

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, int]]) -> "KnownEntities":
        """Build from ``(key, name, label, articles)`` rows."""
        return cls(tuple(KnownEntity(k, n, lab, int(a)) for k, n, lab, a in rows))

    def plus(self, more: Iterable[KnownEntity]) -> "KnownEntities":
        """These entities and ``more``; the index is extended, not rebuilt (the store calls this for
        every article, so rebuilding would cost time in proportion to the whole archive each time)."""
        more = tuple(more)
        index = dict(self._by_last)
        for e in more:
            if e.label == "PER":
                words = normalise(e.name).split()
                if words:
                    index[words[-1]] = index.get(words[-1], ()) + (e,)
        out = object.__new__(KnownEntities)
        object.__setattr__(out, "entities", self.entities + more)
        object.__setattr__(out, "_by_last", index)
        return out

    def full_names_for(self, name: str) -> tuple[KnownEntity, ...]:
        """Known persons whose fuller name ``name`` is a shorter form of (same last word, words in order)."""
        words = normalise(name).split()
        if not words:
            return ()
        return tuple(e for e in self._by_last.get(words[-1], ()) if is_shorter_form(words, normalise(e.name).split()))


def is_shorter_form(short: list[str], full: list[str]) -> bool:
    """Is ``short`` (words) a shorter form of ``full``: same last word, its words in order in ``full``?"""
    if not short or len(short) >= len(full) or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(any(w == f for f in it) for w in short)


def _unique_target(cands: Iterable[KnownEntity], dominance: float | None) -> str | None:
    by_key: dict[str, int] = {}
    for e in cands:
        by_key[e.key] = max(by_key.get(e.key, 0), e.articles)
    if len(by_key) == 1:
        return next(iter(by_key))
    if dominance and by_key:
        top, n = max(by_key.items(), key=lambda kv: kv[1])
        if n >= dominance * (sum(by_key.values()) - n):
            return top
    return None


def resolve_archive(names: Iterable[tuple[str, str]], known: KnownEntities,
                    dominance: float | None = None) -> dict[tuple[str, str], str]:
    """Archive keys for new ``(canonical name, label)`` pairs.

    A person name that is not in the alias table and is a shorter form of exactly one known
    full name (among ``known`` and the full names in this batch) gets that entity's key.
    With ``dominance`` set (e.g. 20.0), a short name also merges into the most-mentioned
    candidate when it has at least that many times the articles of all others together;
    by default an ambiguous short name keeps a key of its own.
    """
    pairs = list(dict.fromkeys((" ".join(n.split()), lab) for n, lab in names))
    batch = [KnownEntity(entity_key(n, lab), n, lab, 1) for n, lab in pairs if lab == "PER" and len(n.split()) > 1]
    pool = known.plus(batch) if batch else known
    out: dict[tuple[str, str], str] = {}
    for name, label in pairs:
        key = entity_key(name, label)
        if label == "PER" and aliases().find(name, "PER") is None:
            target = _unique_target(pool.full_names_for(name), dominance)
            if target is not None:
                key = target
        out[(name, label)] = key
    return out


def mention_keys(mentions: Iterable, known: KnownEntities, dominance: float | None = None) -> list[str]:
    """The archive key of each :class:`~kroniek.model.EntityMention` of one article, in order.

    A nationality mention keys to its country (``refers_to`` as LOC), as the store links it;
    every other mention to its canonical name through :func:`resolve_archive`.
    """
    mentions = list(mentions)
    pairs = [(m.entity, m.label) for m in mentions if not m.refers_to]
    keys = resolve_archive(pairs, known, dominance)
    return [entity_key(m.refers_to, "LOC") if m.refers_to else keys[(" ".join(m.entity.split()), m.label)]
            for m in mentions]


def relink_surnames(known: KnownEntities, dominance: float | None = None) -> dict[str, str]:
    """Stored short person names that now merge into exactly one full name: ``{old key: new key}``."""
    out = {}
    for e in known.entities:
        if e.label != "PER" or aliases().find(e.name, "PER") is not None:
            continue
        target = _unique_target(known.full_names_for(e.name), dominance)
        if target is not None and target != e.key:
            out[e.key] = target
    return out
