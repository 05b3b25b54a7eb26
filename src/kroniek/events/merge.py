"""Deciding when two event mentions are the same event, and combining them.

Within an article, mentions merge when they have the same (or a compatible) type, the same
modality, overlapping participants (or one side names none: "die meeting", "dat gesprek"), no
conflicting place and overlapping time intervals. The merged event keeps every mention; its time is
the narrowest interval the time expressions allow ("eerder deze week" and "vorige maandag" give
the Monday). The same tests, with the candidate lookup in the store, merge events across articles
(:mod:`kroniek.events.store`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Iterable

from ..model import Event, Participant
from .lexicon import Lexicon

# how far from the publication date an event anchored only to it may lie, for matching across articles
RECENT_PAST = timedelta(days=7)
PLANNED_AHEAD = timedelta(days=366)
CONTENT_OVERLAP = 0.5  # statements merge across articles when their quoted words overlap this much (Jaccard)


def entity_keys(e: Event) -> set[str]:
    return {p.entity for p in e.participants if p.entity}


def intervals_overlap(a0: date | None, a1: date | None, b0: date | None, b1: date | None) -> bool:
    if a0 is not None and b1 is not None and a0 > b1:
        return False
    if b0 is not None and a1 is not None and b0 > a1:
        return False
    return True


def match_window(e: Event) -> tuple[date | None, date | None]:
    """The days an event may fall on, for matching across articles.

    A time expression gives its own interval; an event anchored only to the publication date may
    have happened up to a week before it, or (planned) up to a year after it."""
    if e.time_anchor == "timex" or e.time_earliest is None:
        return e.time_earliest, e.time_latest
    if e.modality == "planned":
        return e.time_earliest, (e.time_latest + PLANNED_AHEAD) if e.time_latest else None
    return e.time_earliest - RECENT_PAST, e.time_latest


def enough_shared(shared: int, mine: int, theirs: int) -> bool:
    """Participants agree: nobody named on one side, or the shared people cover the smaller side up to
    two ("Trump and Poetin met" is not "Trump and May met", but "Trump" alone may be either)."""
    if not mine or not theirs:
        return True
    return shared >= min(2, mine, theirs)


def words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class _Cluster:
    """Mentions taken as one event so far, with what the merge tests need kept up to date."""

    def __init__(self, m: Event):
        self.mentions = [m]
        self.entities: set[str] = set()
        self.places: set[str] = set()
        self.lo: date | None = None  # the latest start and earliest end of the anchored intervals:
        self.hi: date | None = None  # a new interval overlaps every one of them iff it overlaps [lo, hi]
        self._note(m)

    def _note(self, m: Event) -> None:
        self.entities |= entity_keys(m)
        if m.place_entity:
            self.places.add(m.place_entity)
        if m.time_anchor == "timex":
            if m.time_earliest is not None:
                self.lo = m.time_earliest if self.lo is None else max(self.lo, m.time_earliest)
            if m.time_latest is not None:
                self.hi = m.time_latest if self.hi is None else min(self.hi, m.time_latest)

    def add(self, m: Event) -> None:
        self.mentions.append(m)
        self._note(m)

    def score(self, m: Event, lex: Lexicon) -> int | None:
        """A score (higher is better) when mention ``m`` may join, else None."""
        first = self.mentions[0]
        if not lex.same_kind(m.type, first.type) or m.modality != first.modality:
            return None
        if m.type in lex.never_merge or first.type in lex.never_merge:
            return None
        mine = entity_keys(m)
        shared = len(mine & self.entities)
        if not enough_shared(shared, len(mine), len(self.entities)):
            return None
        if m.place_entity and self.places and m.place_entity not in self.places:
            return None
        if m.time_anchor == "timex" and not intervals_overlap(m.time_earliest, m.time_latest, self.lo, self.hi):
            return None
        return shared


def merge_article(mentions: Iterable[Event], lex: Lexicon) -> list[Event]:
    """Group an article's mentions into events; each event lists its mentions in ``mentions``."""
    clusters: list[_Cluster] = []
    for m in sorted(mentions, key=lambda e: e.trigger_start):
        best, best_key = None, None
        for cluster in clusters:
            score = cluster.score(m, lex)
            if score is None:
                continue
            key = (score, cluster.mentions[-1].trigger_start)  # most shared participants, then the most recent
            if best_key is None or key > best_key:
                best, best_key = cluster, key
        if best is None:
            clusters.append(_Cluster(m))
        else:
            best.add(m)
    return [combine(c.mentions) for c in clusters]


def combine(mentions: list[Event]) -> Event:
    """One event from its mentions: the first mention's trigger and evidence, everyone's participants,
    the first place and duration, and the narrowest time the anchored mentions agree on."""
    first = mentions[0]
    parts: list[Participant] = []
    seen: set[str] = set()
    for m in mentions:
        for p in m.participants:
            key = p.entity or p.text
            if key not in seen:
                seen.add(key)
                parts.append(p)
    place = next((m for m in mentions if m.place_entity), None)
    duration = next((m.duration for m in mentions if m.duration), None)
    time = _narrowest(mentions)
    out = replace(
        first,
        participants=tuple(parts),
        place=place.place if place else None,
        place_entity=place.place_entity if place else None,
        place_start=place.place_start if place else None,
        duration=duration,
        mentions=tuple(replace(m, mentions=()) for m in mentions),
    )
    if time is not None:
        out = replace(out, **time)
    return out


def _narrowest(mentions: list[Event]) -> dict | None:
    anchored = [m for m in mentions if m.time_anchor == "timex" and m.time_earliest is not None]
    if not anchored:
        return None
    lo = max(m.time_earliest for m in anchored)
    hi_values = [m.time_latest for m in anchored if m.time_latest is not None]
    hi = min(hi_values) if hi_values else None
    best = min(anchored, key=lambda m: ((m.time_latest or date.max) - m.time_earliest, m.trigger_start))
    if hi is not None and lo > hi:  # no common day: keep the most precise mention's interval
        lo, hi = best.time_earliest, best.time_latest
    return dict(time_value=best.time_value, time_earliest=lo, time_latest=hi, time_start=best.time_start,
                time_anchor="timex")
