"""The data files behind entity resolution, loaded once: aliases, nationalities, word lists.

All files live in ``kroniek/data/entities/``:

- ``aliases.toml``: common news entities with Dutch and English names and other spellings;
- ``nationalities.toml``: nationality adjectives and inhabitant nouns -> country;
- ``names.toml``: determiners, titles, role-compound heads, name particles, function words;
- ``kb_types.toml``: Wikidata classes -> PER/LOC/ORG (used by :mod:`kroniek.entities.kb`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "entities"
LABELS = ("PER", "ORG", "LOC", "MISC")
_PLACE_LIKE = {"LOC", "ORG"}


def read_data(name: str) -> dict:
    """Parse one TOML file from ``kroniek/data/entities``."""
    return tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))


_DROP = re.compile(r"[.'’‘`´\"“”„(),:;!?\[\]{}]")
_SPACE = re.compile(r"[\s\-‐‑–—_/]+")


def normalise(name: str) -> str:
    """A comparison form of a name: no accents, case, dots, quotes; hyphens become spaces.

    ``"U.S."`` -> ``"us"``, ``"Erdoğan"`` -> ``"erdogan"``, ``"Kim Jong-un"`` -> ``"kim jong un"``.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _DROP.sub("", s)
    return _SPACE.sub(" ", s).strip()


def is_acronym(name: str) -> bool:
    """"VVD", "ADHD", "SHFi": one word with three capitals, or all capitals."""
    return " " not in name and len(name) > 1 and (name.isupper() or sum(ch.isupper() for ch in name) >= 3)


def slug(name: str) -> str:
    """``normalise`` with spaces as hyphens, for keys: ``"Dan Coats"`` -> ``"dan-coats"``."""
    return normalise(name).replace(" ", "-")


def compatible(entry_type: str, label: str) -> bool:
    """May a mention labelled ``label`` be the entity of type ``entry_type``?

    Equal labels match; LOC and ORG match each other (countries act as governments,
    buildings stand for institutions: "het Witte Huis", "Rusland zegt ...").
    """
    return entry_type == label or (entry_type in _PLACE_LIKE and label in _PLACE_LIKE)


@dataclass(frozen=True)
class AliasEntry:
    """One entity of ``aliases.toml``."""

    id: str
    type: str
    nl: str
    en: str
    names: tuple[str, ...]  # nl, en and every alias

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"

    def name(self, lang: str | None) -> str:
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Aliases:
    entries: dict[str, AliasEntry]
    by_norm: dict[str, tuple[AliasEntry, ...]]

    def find(self, name: str, label: str | None = None) -> AliasEntry | None:
        """The entry one of whose names equals ``name`` (after :func:`normalise`), of a compatible type."""
        cands = self.by_norm.get(normalise(name), ())
        if label is not None:
            exact = [e for e in cands if e.type == label]
            cands = exact or [e for e in cands if compatible(e.type, label)]
        return cands[0] if cands else None


@lru_cache(maxsize=1)
def aliases() -> Aliases:
    data = read_data("aliases.toml")["entity"]
    entries: dict[str, AliasEntry] = {}
    by_norm: dict[str, list[AliasEntry]] = {}
    for ident, d in data.items():
        names = tuple(dict.fromkeys([d["nl"], d["en"], *d.get("aka", [])]))
        entry = AliasEntry(ident, d["type"], d["nl"], d["en"], names)
        entries[ident] = entry
        for n in names:
            bucket = by_norm.setdefault(normalise(n), [])
            if entry not in bucket:
                bucket.append(entry)
    return Aliases(entries, {k: tuple(v) for k, v in by_norm.items()})


# --- nationalities -----------------------------------------------------------------------------

_DOUBLE_VOWEL_END = re.compile(r"(aa|ee|oo|uu)([^aeiou])$")


def inflect_nl(adjective: str) -> str:
    """The inflected (-e) form of a Dutch adjective of nationality.

    ``Amerikaans`` -> ``Amerikaanse``, ``Chinees`` -> ``Chinese``, ``Indiaas`` -> ``Indiase``,
    ``Russisch`` -> ``Russische``, ``Brits`` -> ``Britse``.
    """
    m = _DOUBLE_VOWEL_END.search(adjective)
    if m:  # a long vowel in an open syllable is written single: Chinees -> Chinese
        return adjective[: m.start()] + m.group(1)[0] + m.group(2) + "e"
    return adjective + "e"


@dataclass(frozen=True)
class Nationality:
    country: str  # id in aliases.toml
    kind: str  # "adjective" | "people"
    inflected: bool  # Dutch -e form (never a first name, unlike "Frans")
    base: str  # the listed form: the canonical name of the mention ("Amerikaanse" -> "Amerikaans")


@lru_cache(maxsize=2)
def nationalities(lang: str) -> dict[str, Nationality]:
    """Surface form (exact case) -> nationality, for ``lang`` ("nl" or "en")."""
    data = read_data("nationalities.toml")["nationality"]
    out: dict[str, Nationality] = {}
    key = "en" if lang == "en" else "nl"
    for country, d in data.items():
        for adj in d.get(key, []):
            out.setdefault(adj, Nationality(country, "adjective", False, adj))
            if key == "nl":
                out.setdefault(inflect_nl(adj), Nationality(country, "adjective", True, adj))
        for form in d.get(f"{key}_exact", []):
            out.setdefault(form, Nationality(country, "adjective", True, form))
        for noun in d.get(f"{key}_people", []):
            out.setdefault(noun, Nationality(country, "people", True, noun))
    return out


# --- word lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    determiners: frozenset[str]
    keep_with_determiner: frozenset[str]  # normalised names
    titles: frozenset[str]  # of the article's language ("King Kong" in Dutch text keeps "King")
    compound_heads: tuple[str, ...]
    head_pattern: re.Pattern  # matches a word ending in one of the compound heads
    split_roles: frozenset[str]  # lowercase role words that split a raw span (both languages)
    particles: frozenset[str]
    function_words: frozenset[str]
    not_compound_prefixes: frozenset[str]  # "Minister-president", "Oud-directeur": no organisation
    legal_suffixes: frozenset[str]  # normalised: "inc", "plc", "nv"
    org_suffixes: frozenset[str]  # legal suffixes plus "group", "airlines", ...

    def ends_in_head(self, word: str) -> bool:
        """Does the (casefolded) word end in a role noun: "inlichtingenbaas", "woordvoerster"?"""
        return self.head_pattern.search(word) is not None


@lru_cache(maxsize=2)
def words(lang: str) -> Words:
    d = read_data("names.toml")
    both = ("nl", "en")
    keep = {normalise(n) for n in d["determiners"]["keep_with_determiner"]}
    for e in aliases().entries.values():
        for n in e.names:
            first = n.split(" ", 1)[0]
            if first in ("De", "Het", "The", "de", "het"):
                keep.add(normalise(n))
    own = ("en",) if lang == "en" else ("nl",)
    return Words(
        determiners=frozenset(w for lg in both for w in d["determiners"][lg]),
        keep_with_determiner=frozenset(keep),
        titles=frozenset(w.casefold() for lg in own for w in d["titles"][lg]),
        compound_heads=tuple(sorted(d["compound_heads"]["nl"], key=len, reverse=True)),
        head_pattern=re.compile("(?:" + "|".join(re.escape(h) for h in d["compound_heads"]["nl"]) + ")$"),
        split_roles=frozenset(w for lg in both for w in d["compound_heads"][lg]),
        particles=frozenset(d["name_particles"]["words"]),
        function_words=frozenset(w for lg in own for w in d["function_words"][lg]),
        not_compound_prefixes=frozenset(
            [w.casefold() for lg in both for w in d["titles"][lg]] + list(d["compound_heads"]["nl"])
            + [w for lg in own for w in d["function_words"][lg]] + d["not_compound_prefixes"]["words"]),
        legal_suffixes=frozenset(d["org_suffixes"]["legal"]),
        org_suffixes=frozenset(d["org_suffixes"]["legal"] + d["org_suffixes"]["other"]),
    )
