"""Frozen records that flow through kroniek: articles in, annotations out.

Field names follow the annotation record (docs/record.md) and the gold format of the
shared guidelines. All offsets are Python string indices into ``Article.text``,
end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from .dates import UNKNOWN, Published


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    published: Published = UNKNOWN
    lang: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # where it was read from: "path", "path:line", "-"


@dataclass(frozen=True)
class EntityMention:
    text: str
    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC
    entity: str  # canonical name within the article (archive-level key in the store)
    wikidata: str | None = None
    refers_to: str | None = None  # for nationality adjectives: the country's canonical name

    def to_dict(self) -> dict[str, Any]:
        d = {"text": self.text, "start": self.start, "end": self.end, "label": self.label, "entity": self.entity}
        if self.wikidata:
            d["wikidata"] = self.wikidata
        if self.refers_to:
            d["refers_to"] = self.refers_to
        return d


@dataclass(frozen=True)
class Quote:
    kind: str  # direct | indirect | mixed
    content: str
    content_start: int
    content_end: int
    cue: str | None
    cue_start: int | None
    speaker: str | None
    speaker_start: int | None
    speaker_canonical: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Timex:
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    earliest: date | None = None
    latest: date | None = None
    mod: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "text": self.text, "start": self.start, "end": self.end, "type": self.type, "value": self.value,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
        }
        if self.mod:
            d["mod"] = self.mod
        return d


@dataclass(frozen=True)
class Participant:
    role: str  # agent | patient | co-participant
    text: str
    start: int
    end: int
    entity: str | None = None


@dataclass(frozen=True)
class Event:
    type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    participants: tuple[Participant, ...] = ()
    place: str | None = None
    place_entity: str | None = None
    place_start: int | None = None
    time_value: str | None = None
    time_earliest: date | None = None
    time_latest: date | None = None
    time_start: int | None = None  # offset of the anchoring time expression, None when anchored to publication
    time_anchor: str = "publication"  # timex | publication | none
    duration: str | None = None
    modality: str = "happened"  # happened | planned | denied | hypothetical
    sentence: str = ""
    sentence_start: int = 0
    content: str | None = None  # for statement events: the quote's content
    # for an event merged within the article: all its mentions (each an Event with its own trigger and evidence)
    mentions: tuple["Event", ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["participants"] = [asdict(p) for p in self.participants]
        for k in ("time_earliest", "time_latest"):
            d[k] = d[k].isoformat() if d[k] else None
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


@dataclass(frozen=True)
class Annotation:
    """Everything kroniek found in one article."""

    article: Article
    published: Published  # the article's date, possibly with ``inferred`` filled in
    entities: tuple[EntityMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "lang": self.lang or a.lang,
            "published": self.published.to_dict(),
            "url": a.url,
            "source": a.source,
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "timexes": [t.to_dict() for t in self.timexes],
            "events": [e.to_dict() for e in self.events],
        }


def record_from_dict(cls, d: dict[str, Any]):
    """Build a flat record (Quote, Timex, EntityMention) from its dict, ignoring unknown keys."""
    names = {f.name for f in fields(cls)}
    kw = {k: v for k, v in d.items() if k in names}
    for k in ("earliest", "latest", "time_earliest", "time_latest"):
        if k in kw and isinstance(kw[k], str):
            kw[k] = date.fromisoformat(kw[k])
    if cls is Event and "participants" in kw:
        kw["participants"] = tuple(Participant(**p) for p in kw["participants"])
    if cls is Event and "mentions" in kw:
        kw["mentions"] = tuple(record_from_dict(Event, m) for m in kw["mentions"])
    return cls(**kw)


def annotation_from_record(rec: dict[str, Any]) -> Annotation:
    """Rebuild an :class:`Annotation` from its record (as stored, with ``text``)."""
    pub = Published.from_dict(rec.get("published"))
    article = Article(id=str(rec["id"]), text=rec["text"], title=rec.get("title"), published=Published(
        pub.as_given, pub.granularity, pub.earliest, pub.latest, pub.time), lang=rec.get("lang"),
        url=rec.get("url"), source=rec.get("source"))
    return Annotation(
        article=article, published=pub, lang=rec.get("lang"),
        entities=tuple(record_from_dict(EntityMention, d) for d in rec.get("entities", ())),
        quotes=tuple(record_from_dict(Quote, d) for d in rec.get("quotes", ())),
        timexes=tuple(record_from_dict(Timex, d) for d in rec.get("timexes", ())),
        events=tuple(record_from_dict(Event, d) for d in rec.get("events", ())),
    )
