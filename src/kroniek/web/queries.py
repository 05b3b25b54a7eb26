"""The data behind every page: plain dicts built from the store.

Each function here serves one page and its JSON twin: the ``/api/...`` route returns the dict,
the HTML route renders it with a template. Nothing else in the web layer reads the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, timedelta
from typing import Any

from ..dates import parse_published
from ..errors import InputError, NotFound
from ..store.base import Store
from .format import interval_label, month_label, precision, published_label

MAX_LIMIT = 200


class BadRequest(InputError):
    """A query parameter has an unusable value (answered with HTTP 422)."""

    def __init__(self, message: str, where: str | None = None):
        super().__init__("bad-parameter", message, where)


def date_bound(value: str | None, side: str, name: str) -> str | None:
    """``since``/``until`` of any precision (YYYY, YYYY-MM, YYYY-MM-DD) as an ISO day."""
    if not value:
        return None
    try:
        pub = parse_published(value, name)
    except InputError as exc:
        raise BadRequest(f"{name}: {exc.message}", name) from None
    d = pub.earliest if side == "since" else pub.latest
    return d.isoformat() if d else None


def _page(rows: list[dict], limit: int, offset: int) -> tuple[list[dict], dict]:
    more = len(rows) > limit
    return rows[:limit], {"limit": limit, "offset": offset, "next_offset": offset + limit if more else None,
                          "prev_offset": max(0, offset - limit) if offset > 0 else None}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def snippet_parts(snippet: str | None, query: str | None) -> list[dict[str, Any]]:
    """The search snippet as pieces ``{"text", "hit"}``; a piece is a hit when the full-text
    engine bracketed it and it is one of the query's words (so brackets in the article stay text)."""
    if not snippet:
        return []
    terms = {_fold(t) for t in re.findall(r"\w+", query or "")}
    parts: list[dict[str, Any]] = []
    pos = 0
    for m in re.finditer(r"\[([^\[\]]{1,200})\]", snippet):
        inner = m.group(1)
        words = {_fold(w) for w in re.findall(r"\w+", inner)}
        if not terms or not words or not words <= terms:
            continue
        if m.start() > pos:
            parts.append({"text": snippet[pos:m.start()], "hit": False})
        parts.append({"text": inner, "hit": True})
        pos = m.end()
    if pos < len(snippet):
        parts.append({"text": snippet[pos:], "hit": False})
    return parts


def heading(title: str | None, text: str | None, fallback: str) -> str:
    """The title, or else the first line of the text (shortened), or else ``fallback``."""
    if title and title.strip():
        return title.strip()
    first = (text or "").strip().split("\n", 1)[0].strip()
    if not first:
        return fallback
    return first if len(first) <= 90 else first[:89].rsplit(" ", 1)[0] + "…"


def _article_row(r: dict, query: str | None) -> dict:
    lang = r.get("lang")
    r["heading"] = heading(r.get("title"), None if query else r.get("snippet"), r["id"])
    r["date"] = interval_label(r.get("earliest"), r.get("latest"), lang)
    r["precision"] = precision(r.get("earliest"), r.get("latest"))
    r["snippet_parts"] = snippet_parts(r.get("snippet"), query) if query else [
        {"text": (r.get("snippet") or "") + "…", "hit": False}]
    return r


def search_page(store: Store, *, q: str | None = None, since: str | None = None, until: str | None = None,
                lang: str | None = None, source: str | None = None, entity: str | None = None,
                limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search with filters; without words, the newest articles."""
    q = (q or "").strip() or None
    filters = dict(since=date_bound(since, "since", "since"), until=date_bound(until, "until", "until"),
                   lang=lang or None, source=source or None, entity=entity or None)
    if q:
        if not re.search(r"\w", q):
            raise BadRequest("the search needs at least one word", "q")
        rows = store.search(q, **filters, limit=limit + 1, offset=offset)
    else:
        rows = store.list_articles(**filters, limit=limit + 1, offset=offset)
    items, page = _page(rows, limit, offset)
    for r in items:
        r.pop("score", None)
        _article_row(r, q)
    return {"query": {"q": q, "since": since, "until": until, "lang": lang, "source": source, "entity": entity},
            "items": items, "page": page, "facets": store.facets(), "total_articles": store.count_articles()}


def article_page(store: Store, article_id: str) -> dict[str, Any]:
    """One stored article with its annotations, every date labelled at its precision."""
    rec = store.article(article_id)
    lang = rec.get("lang")
    rec["heading"] = heading(rec.get("title"), rec.get("text"), rec["id"])
    url = rec.get("url") or ""
    rec["link"] = url if re.match(r"https?://", url, re.I) else None  # never a javascript: or data: link
    rec["date"] = published_label(rec.get("published"), lang)
    for t in rec.get("timexes") or ():
        t["label"] = interval_label(t.get("earliest"), t.get("latest"), lang) if t.get("earliest") else None
    for e in rec.get("events") or ():
        if e.get("time_earliest"):
            e["time_label"] = interval_label(e.get("time_earliest"), e.get("time_latest"), lang)
    counts = Counter((m.get("refers_to") or m.get("entity"), m.get("label")) for m in rec.get("entities") or ())
    rec["entity_counts"] = [{"entity": name, "label": label, "mentions": n}
                            for (name, label), n in counts.most_common()]
    return rec


def _buckets(activity: list[dict]) -> dict[str, Any]:
    """Mentions per month (or per ISO week when every date is a day and they span under half a year).
    Articles dated more coarsely than the bucket are counted apart, never placed on a fake day."""
    days = [(r["earliest"], r["latest"], r["mentions"]) for r in activity if r.get("earliest")]
    undated = sum(r["mentions"] for r in activity if not r.get("earliest"))
    if not days:
        return {"unit": "month", "labels": [], "counts": [], "coarser": undated, "coarser_note": []}
    all_days = all(precision(a, b) == "day" for a, b, _ in days)
    first, last = date.fromisoformat(days[0][0][:10]), date.fromisoformat(max(b or a for a, b, _ in days)[:10])
    unit = "week" if all_days and (last - first).days <= 183 else "month"
    counts: Counter = Counter()
    coarser: Counter = Counter()
    for a, b, n in days:
        da, db = date.fromisoformat(a[:10]), date.fromisoformat((b or a)[:10])
        if unit == "week":
            monday = da - timedelta(days=da.weekday())
            counts[monday.isoformat()] += n
        elif (da.year, da.month) == (db.year, db.month):
            counts[da.strftime("%Y-%m")] += n
        else:
            coarser[interval_label(a, b, "en")] += n
    keys: list[str] = []
    if unit == "week":
        d = first - timedelta(days=first.weekday())
        while d <= last:
            keys.append(d.isoformat())
            d += timedelta(days=7)
        labels = [f"week of {k}" for k in keys]
    else:
        if counts:
            y, m = map(int, min(counts).split("-"))
            ey, em = map(int, max(counts).split("-"))
            while (y, m) <= (ey, em):
                keys.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        labels = [month_label(date(int(k[:4]), int(k[5:7]), 1), "en") for k in keys]
    return {"unit": unit, "keys": keys, "labels": labels, "counts": [counts.get(k, 0) for k in keys],
            "coarser": undated + sum(coarser.values()),
            "coarser_note": [{"period": p, "mentions": n} for p, n in sorted(coarser.items())]}


def _label_items(items: list[dict]) -> list[dict]:
    for it in items:
        it["date"] = interval_label(it.get("earliest"), it.get("latest"), "nl")
        it["precision"] = precision(it.get("earliest"), it.get("latest"))
    return items


def entity_page(store: Store, name: str, *, limit: int = 50) -> dict[str, Any]:
    """An entity: names, Wikidata, mentions over time, quotes by date, co-occurring entities, events."""
    e = store.entity(name, limit=limit)
    wd = e.get("wikidata")
    e["wikidata_url"] = f"https://www.wikidata.org/wiki/{wd}" if wd and re.fullmatch(r"Q\d+", wd) else None
    activity = store.entity_activity(e["id"])
    e["article_count"] = sum(r["articles"] for r in activity)  # ``articles`` holds the article list
    e["activity"] = _buckets(activity)
    for a in e["articles"]:
        a["date"] = interval_label(a.get("earliest"), a.get("latest"))
    for q in e["quotes"]:
        q["date"] = interval_label(q.get("earliest"), q.get("latest"))
    events = [i for i in store.timeline(e["name"], limit=limit) if i.get("kind") != "quote"]
    e["events"] = _label_items(_by_date(events)[:limit])
    return e


def entities_page(store: Store, *, q: str | None = None, label: str | None = None, limit: int = 50,
                  offset: int = 0) -> dict[str, Any]:
    rows = store.entities(label=label or None, query=(q or "").strip() or None, limit=limit + 1, offset=offset)
    items, page = _page(rows, limit, offset)
    return {"query": {"q": q, "label": label}, "items": items, "page": page}


def _quote_items(store: Store, *, speaker_ids: list[int] | None = None, since=None, until=None, limit: int = 200):
    items = []
    for q in store.quotes(speaker_ids=speaker_ids, since=since, until=until, limit=limit):
        items.append({"kind": "quote", "earliest": q["earliest"], "latest": q["latest"],
                      "label": q["published_as_given"], "what": q["content"],
                      "who": q["speaker_entity"] or q["speaker_canonical"] or q["speaker"],
                      "who_entity": q["speaker_entity"], "article_id": q["article_id"], "quote_idx": q["idx"],
                      "sources": 1})
    return items


def _by_date(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda i: (i.get("earliest") or "9999", i.get("latest") or "9999"))


def _all_events(store: Store, since: str | None, until: str | None, limit: int) -> list[dict]:
    """Merged events of the whole store."""
    from ..events import store as events_store

    items = []
    for e in events_store.events(store, since=since, until=until, limit=limit, with_mentions=False):
        items.append({"kind": "event", "earliest": e["earliest"], "latest": e["latest"],
                      "label": events_store.time_label(e), "what": events_store.describe(e),
                      "who": ", ".join(p["name"] for p in e["participants"]) or None,
                      "article_id": e["article_ids"][0] if e["article_ids"] else None,
                      "sources": e["sources"], "event_id": e["id"], "type": e["type"],
                      "modality": e["modality"]})
    return items


def timeline_page(store: Store, *, entity: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int = 200, offset: int = 0) -> dict[str, Any]:
    """Events and dated statements on a time axis, for one entity or the whole store."""
    lo, hi = date_bound(since, "since", "since"), date_bound(until, "until", "until")
    entity = (entity or "").strip() or None
    n = offset + limit + 1
    if entity:
        items = store.timeline(entity, limit=n)
        for i in items:  # quotes here are selected by speaker entity, so the speaker is an entity
            if i.get("kind") == "quote":
                i.setdefault("who_entity", i.get("who"))
    else:
        items = _by_date(_all_events(store, lo, hi, n) + _quote_items(store, since=lo, until=hi, limit=n))
    if lo:
        items = [i for i in items if (i.get("latest") or i.get("earliest") or "0000") >= lo]
    if hi:
        items = [i for i in items if (i.get("earliest") or "9999") <= hi]
    items, page = _page(items[offset:], limit, offset)
    _label_items(items)
    return {"query": {"entity": entity, "since": since, "until": until}, "items": items, "page": page,
            "top_entities": store.entities(limit=12)}


def quotes_page(store: Store, *, speaker: str | None = None, q: str | None = None, since: str | None = None,
                until: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    rows = store.quotes(speaker=(speaker or "").strip() or None, query=(q or "").strip() or None,
                        since=date_bound(since, "since", "since"), until=date_bound(until, "until", "until"),
                        limit=limit + 1, offset=offset)
    items, page = _page(rows, limit, offset)
    for r in items:
        r["date"] = interval_label(r.get("earliest"), r.get("latest"))
        r["precision"] = precision(r.get("earliest"), r.get("latest"))
    return {"query": {"speaker": speaker, "q": q, "since": since, "until": until}, "items": items, "page": page}


__all__ = ["BadRequest", "NotFound", "search_page", "article_page", "entity_page", "entities_page",
           "timeline_page", "quotes_page", "MAX_LIMIT"]
