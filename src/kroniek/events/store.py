"""Events in the store: merged across articles, counted by reports and sources, read for timelines.

:func:`store_events` is called by :meth:`kroniek.store.base.Store.add` for every new article (inside
its transaction). Each event of the article either joins a stored event of the same type and
modality, with overlapping participants (or, without participants, the same place), a compatible
time window and no conflicting place, or starts a new one. Candidates are found with indexed
lookups (participant entity, or place, then type and time window), never by scanning all events.
Counts are kept on the event row: ``reports`` (articles reporting it), ``mentions`` (mentions in
all those articles) and ``sources`` (distinct outlets; an article without a source counts alone).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Iterable, Sequence

from ..model import Annotation, Event
from .lexicon import load_lexicon
from .merge import CONTENT_OVERLAP, enough_shared, intervals_overlap, jaccard, match_window, words

# events whose match window is longer than this are too vague to merge; the bound also keeps the
# candidate lookup a short index range (participant, type, window start within this span)
MAX_SPAN = timedelta(days=400)
SHORT_SPAN = timedelta(days=31)  # windows up to this long are indexed as short ('s'), the rest as long ('l')
LANGS = ("nl", "en")
_EVENT_COLS = ("id, type, modality, trigger_text, sentence, content, time_value, time_anchor, earliest, latest, "
               "window_start, window_end, duration, place, place_entity_id, reports, mentions, sources")


def store_events(store, article_n: int, ann: Annotation, entity_ids: dict[str, int]) -> list[int]:
    """Store the article's events; returns the stored event id of each (new or merged)."""
    out = []
    for idx, ev in enumerate(ann.events):
        part_ids = _participant_ids(store, ev, entity_ids)
        place_id = _lookup(store, ev.place_entity, entity_ids) if ev.place_entity else None
        event_id = _find_match(store, ev, article_n, part_ids, place_id)
        if event_id is None:
            event_id = _create(store, ev, place_id)
        else:
            _absorb(store, event_id, ev, place_id)
        for m in ev.mentions or (ev,):
            mid = _insert_mention(store, event_id, article_n, idx, m)
            for p in m.participants:
                store._execute(
                    'INSERT INTO event_participants(event_id, mention_id, entity_id, role, text, start, "end") '
                    "VALUES (?,?,?,?,?,?,?)",
                    (event_id, mid, _lookup(store, p.entity, entity_ids), p.role, p.text, p.start, p.end))
        _recount(store, event_id)
        _reindex(store, event_id)
        out.append(event_id)
    return out


def remove_article_events(store, article_n: int) -> None:
    """Take one article's mentions out of the stored events (for re-annotation or a changed date).

    Events left without mentions are deleted; the others are recounted and re-indexed."""
    ids = [r["event_id"] for r in store._rows("SELECT DISTINCT event_id FROM event_mentions WHERE article_n=?",
                                             (article_n,))]
    store._execute("DELETE FROM event_participants WHERE mention_id IN "
                   "(SELECT id FROM event_mentions WHERE article_n=?)", (article_n,))
    store._execute("DELETE FROM event_mentions WHERE article_n=?", (article_n,))
    for event_id in ids:
        if store._scalar("SELECT count(*) FROM event_mentions WHERE event_id=?", (event_id,)):
            _recount(store, event_id)
            _reindex(store, event_id)
        else:
            store._execute("DELETE FROM event_index WHERE event_id=?", (event_id,))
            store._execute("DELETE FROM event_participants WHERE event_id=?", (event_id,))
            store._execute("DELETE FROM events WHERE id=?", (event_id,))


def replace_events(store, article_n: int, ann: Annotation, entity_ids: dict[str, int]) -> list[int]:
    """Store an article's events anew: its old mentions are removed first (see :func:`remove_article_events`)."""
    remove_article_events(store, article_n)
    return store_events(store, article_n, ann, entity_ids)


@lru_cache(maxsize=None)
def same_kinds(etype: str) -> tuple[str, ...]:
    """The event types a stored event may have to be the same event as one of ``etype`` (the type itself
    and the pairs the lexicons declare compatible, e.g. meeting and visit)."""
    kinds = {etype}
    for lang in LANGS:
        lex = load_lexicon(lang)
        if lex is not None:
            kinds |= {t for pair in lex.compatible if etype in pair for t in pair}
    return tuple(sorted(kinds))


def _lookup(store, name: str | None, entity_ids: dict[str, int]) -> int | None:
    if not name:
        return None
    if name in entity_ids:
        return entity_ids[name]
    ids = store.entity_ids(name)
    return ids[0] if len(ids) == 1 else None


def _participant_ids(store, ev: Event, entity_ids: dict[str, int]) -> set[int]:
    out = set()
    for p in ev.participants:
        i = _lookup(store, p.entity, entity_ids)
        if i is not None:
            out.add(i)
    return out


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _find_match(store, ev: Event, article_n: int, part_ids: set[int], place_id: int | None) -> int | None:
    w0, w1 = match_window(ev)
    if w0 is None or w1 is None or (w1 - w0) > MAX_SPAN:
        return None  # too vague to merge with confidence
    lo, hi = _iso(w0), _iso(w1)
    kinds = same_kinds(ev.type)
    tmarks = ",".join("?" * len(kinds))
    if part_ids:
        marks = ",".join("?" * len(part_ids))
        rows = store._rows(
            f"""SELECT DISTINCT e.id, e.modality, e.content, e.place_entity_id, e.time_anchor, e.earliest, e.latest
                FROM event_index x JOIN events e ON e.id = x.event_id
                WHERE x.entity_id IN ({marks}) AND x.type IN ({tmarks}) AND x.window_end >= ?
                  AND ((x.span = 's' AND x.window_start BETWEEN ? AND ?)
                       OR (x.span = 'l' AND x.window_start BETWEEN ? AND ?))""",
            [*sorted(part_ids), *kinds, lo, _iso(w0 - SHORT_SPAN), hi, _iso(w0 - MAX_SPAN), hi])
    elif place_id is not None and ev.time_anchor == "timex" and ev.type != "statement":
        time_sql, time_params = "", []
        if w0 is not None:
            time_sql += " AND (e.window_end IS NULL OR e.window_end >= ?)"
            time_params.append(_iso(w0))
        if w1 is not None:
            time_sql += " AND (e.window_start IS NULL OR e.window_start <= ?)"
            time_params.append(_iso(w1))
        rows = store._rows(
            f"""SELECT e.id, e.modality, e.content, e.place_entity_id, e.time_anchor, e.earliest, e.latest
                FROM events e WHERE e.place_entity_id = ? AND e.type IN ({tmarks}) {time_sql}""",
            [place_id, *kinds, *time_params])
    else:
        return None
    best, best_key = None, None
    for r in rows:
        if r["modality"] != ev.modality and not _plan_came_true(r, ev):
            continue
        if place_id is not None and r["place_entity_id"] is not None and r["place_entity_id"] != place_id:
            continue
        if r["time_anchor"] == "timex" and ev.time_anchor == "timex" and not intervals_overlap(
                _date(r["earliest"]), _date(r["latest"]), ev.time_earliest, ev.time_latest):
            continue
        if store._scalar("SELECT count(*) FROM event_mentions WHERE event_id=? AND article_n=?",
                         (r["id"], article_n)):
            continue  # an article's own events were already kept apart
        theirs = {x["entity_id"] for x in store._rows(
            "SELECT DISTINCT entity_id FROM event_participants WHERE event_id=? AND entity_id IS NOT NULL",
            (r["id"],))}
        shared = len(theirs & part_ids)
        if not enough_shared(shared, len(part_ids), len(theirs)):
            continue
        if ev.type == "statement":
            agents = {x["entity_id"] for x in store._rows(
                "SELECT DISTINCT entity_id FROM event_participants WHERE event_id=? AND role='agent'", (r["id"],))}
            if not agents & part_ids or jaccard(words(ev.content or ev.sentence), words(r["content"])) < CONTENT_OVERLAP:
                continue
        key = (shared, r["place_entity_id"] is not None and r["place_entity_id"] == place_id, -r["id"])
        if best_key is None or key > best_key:
            best, best_key = r["id"], key
    return best


def _plan_came_true(row: dict[str, Any], ev: Event) -> bool:
    """A planned event and a happened one, both dated by a time expression to within a month and
    overlapping: the plan reported before and the event reported after are one event."""
    if {row["modality"], ev.modality} != {"planned", "happened"}:
        return False
    if row["time_anchor"] != "timex" or ev.time_anchor != "timex":
        return False
    e0, e1 = _date(row["earliest"]), _date(row["latest"])
    spans = [(e0, e1), (ev.time_earliest, ev.time_latest)]
    return all(a is not None and b is not None and b - a <= SHORT_SPAN for a, b in spans)


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _create(store, ev: Event, place_id: int | None) -> int:
    w0, w1 = match_window(ev)
    return int(store._scalar(
        """INSERT INTO events(type, modality, trigger_text, sentence, content, time_value, time_anchor, earliest, latest,
               window_start, window_end, duration, place, place_entity_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
           RETURNING id""",
        (ev.type, ev.modality, ev.trigger, ev.sentence, ev.content or ev.sentence, ev.time_value, ev.time_anchor,
         _iso(ev.time_earliest), _iso(ev.time_latest), _iso(w0), _iso(w1), ev.duration, ev.place, place_id)))


def _absorb(store, event_id: int, ev: Event, place_id: int | None) -> None:
    """Fold a new report into a stored event: narrower time, missing place and duration."""
    row = store._one(f"SELECT {_EVENT_COLS} FROM events WHERE id=?", (event_id,))
    sets: dict[str, Any] = {}
    if ev.time_anchor == "timex" and ev.time_earliest is not None:
        e0, e1 = _date(row["earliest"]), _date(row["latest"])
        if row["time_anchor"] != "timex" or e0 is None:
            sets.update(earliest=_iso(ev.time_earliest), latest=_iso(ev.time_latest), time_value=ev.time_value,
                        time_anchor="timex")
        else:
            lo = max(e0, ev.time_earliest)
            hi = min(x for x in (e1, ev.time_latest) if x is not None) if (e1 or ev.time_latest) else None
            if hi is None or lo <= hi:
                narrower = (ev.time_latest or date.max) - ev.time_earliest < (e1 or date.max) - e0
                sets.update(earliest=_iso(lo), latest=_iso(hi))
                if narrower:
                    sets["time_value"] = ev.time_value
    w0, w1 = match_window(ev)
    s0, s1 = _date(row["window_start"]), _date(row["window_end"])
    n0 = max(x for x in (s0, w0) if x is not None) if (s0 or w0) else None
    n1 = min(x for x in (s1, w1) if x is not None) if (s1 or w1) else None
    if n0 is None or n1 is None or n0 <= n1:
        sets.update(window_start=_iso(n0), window_end=_iso(n1))
    if row["place_entity_id"] is None and place_id is not None:
        sets.update(place=ev.place, place_entity_id=place_id)
    if row["duration"] is None and ev.duration:
        sets["duration"] = ev.duration
    if row["modality"] == "planned" and ev.modality == "happened":
        sets["modality"] = "happened"  # the plan came true
    if sets:
        cols = ", ".join(f"{k}=?" for k in sets)
        store._execute(f"UPDATE events SET {cols} WHERE id=?", (*sets.values(), event_id))


def _insert_mention(store, event_id: int, article_n: int, idx: int, m: Event) -> int:
    return int(store._scalar(
        """INSERT INTO event_mentions(event_id, article_n, idx, type, modality, trigger_text, trigger_start, trigger_end,
               sentence, sentence_start, time_anchor, time_value, time_start, earliest, latest, duration, place,
               place_start) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id""",
        (event_id, article_n, idx, m.type, m.modality, m.trigger, m.trigger_start, m.trigger_end, m.sentence,
         m.sentence_start, m.time_anchor, m.time_value, m.time_start, _iso(m.time_earliest), _iso(m.time_latest),
         m.duration, m.place, m.place_start)))


def _reindex(store, event_id: int) -> None:
    """Rewrite the event's rows in the candidate index (participants and window may have changed)."""
    row = store._one("SELECT type, window_start, window_end FROM events WHERE id=?", (event_id,))
    store._execute("DELETE FROM event_index WHERE event_id=?", (event_id,))
    w0, w1 = _date(row["window_start"]), _date(row["window_end"])
    if w0 is None or w1 is None or w1 - w0 > MAX_SPAN:
        return  # too vague to be a merge candidate
    span = "s" if w1 - w0 <= SHORT_SPAN else "l"
    for r in store._rows("SELECT DISTINCT entity_id FROM event_participants WHERE event_id=? AND entity_id IS NOT NULL",
                         (event_id,)):
        store._execute("INSERT INTO event_index(entity_id, type, span, window_start, window_end, event_id) "
                       "VALUES (?,?,?,?,?,?)", (r["entity_id"], row["type"], span, row["window_start"],
                                                row["window_end"], event_id))


def _recount(store, event_id: int) -> None:
    row = store._one(
        """SELECT count(*) AS mentions, count(DISTINCT m.article_n) AS reports,
                  count(DISTINCT coalesce(a.source, a.id)) AS sources
           FROM event_mentions m JOIN articles a ON a.n = m.article_n WHERE m.event_id=?""", (event_id,))
    store._execute("UPDATE events SET mentions=?, reports=?, sources=? WHERE id=?",
                   (row["mentions"], row["reports"], row["sources"], event_id))


# ---- reading -------------------------------------------------------------------------------------
def events(store, *, entity_ids: Sequence[int] | None = None, since: str | None = None, until: str | None = None,
           limit: int | None = None, with_mentions: bool = True, exclude_types: Sequence[str] = ()
           ) -> list[dict[str, Any]]:
    """Merged events in date order, each with its participants (and mentions with their article ids)."""
    clauses, params = [], []
    if exclude_types:
        clauses.append(f"e.type NOT IN ({','.join('?' * len(exclude_types))})")
        params += list(exclude_types)
    if entity_ids is not None:
        ids = list(entity_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        clauses.append(f"(e.id IN (SELECT event_id FROM event_participants WHERE entity_id IN ({marks})) "
                       f"OR e.place_entity_id IN ({marks}))")
        params += ids + ids
    if since:
        clauses.append("(e.latest IS NULL OR e.latest >= ?)")
        params.append(since)
    if until:
        clauses.append("(e.earliest IS NULL OR e.earliest <= ?)")
        params.append(until)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (f"SELECT {', '.join('e.' + c.strip() for c in _EVENT_COLS.split(','))}, pe.name AS place_name, "
           f"pe.wikidata AS place_wikidata FROM events e LEFT JOIN entities pe ON pe.id = e.place_entity_id {where} "
           "ORDER BY CASE WHEN e.earliest IS NULL THEN 1 ELSE 0 END, e.earliest, e.latest, e.id")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = store._rows(sql, params)
    if not rows:
        return rows
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["participants"], r["mention_list"], r["article_ids"] = [], [], []
    for chunk in _chunks(list(by_id), 400):
        marks = ",".join("?" * len(chunk))
        seen: set[tuple] = set()
        for p in store._rows(
                f"""SELECT p.event_id, p.entity_id, p.role, p.text, en.name, en.label, en.wikidata
                    FROM event_participants p LEFT JOIN entities en ON en.id = p.entity_id
                    WHERE p.event_id IN ({marks}) ORDER BY p.event_id, p.mention_id, p.start""", chunk):
            key = (p["event_id"], p["entity_id"] if p["entity_id"] is not None else p["text"])
            if key in seen:
                continue
            seen.add(key)
            by_id[p["event_id"]]["participants"].append(
                {"name": p["name"] or p["text"], "role": p["role"], "entity_id": p["entity_id"],
                 "label": p["label"], "wikidata": p["wikidata"]})
        for m in store._rows(
                f"""SELECT m.event_id, a.id AS article_id, a.source, a.title, a.published_as_given, m.idx, m.type,
                           m.modality, m.trigger_text, m.trigger_start, m.trigger_end, m.sentence, m.sentence_start,
                           m.time_anchor, m.time_value, m.earliest, m.latest, m.duration, m.place
                    FROM event_mentions m JOIN articles a ON a.n = m.article_n
                    WHERE m.event_id IN ({marks}) ORDER BY m.event_id, a.earliest, m.article_n, m.trigger_start""",
                chunk):
            ev = by_id[m.pop("event_id")]
            if m["article_id"] not in ev["article_ids"]:
                ev["article_ids"].append(m["article_id"])
            if with_mentions:
                ev["mention_list"].append(m)
    return rows


def _chunks(items: list, n: int) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def describe(e: dict[str, Any]) -> str:
    """A one-line description: 'meeting (planned) in Washington: <evidence>'."""
    head = e["type"] + ("" if e["modality"] == "happened" else f" ({e['modality']})")
    place = e.get("place_name") or e.get("place")
    if place:
        head += f" in {place}"
    text = " ".join((e.get("content") or e.get("sentence") or "").split())
    if len(text) > 240:
        text = text[:239] + "…"
    return f"{head}: {text}" if text else head


def time_label(e: dict[str, Any]) -> str:
    if e.get("time_value") and e.get("time_anchor") == "timex":
        return e["time_value"]
    if e.get("earliest") and e.get("earliest") == e.get("latest"):
        return e["earliest"]
    if e.get("earliest"):
        return f"{e['earliest']}..{e['latest'] or ''}"
    return "undated"


def timeline_events(store, entity_ids: Sequence[int], *, limit: int = 200,
                    include_statements: bool = False) -> list[dict[str, Any]]:
    """Merged events with any of the given entities as participant or place, in date order.

    Items have the shape of :meth:`Store.timeline`'s quote items (kind, earliest, latest, label, what,
    who, article_id, sources) plus event details. Plain statement events are left out unless asked
    for: the timeline lists their quotes already."""
    out = []
    for e in events(store, entity_ids=entity_ids, limit=limit, with_mentions=False,
                    exclude_types=() if include_statements else ("statement",)):
        out.append({
            "kind": "event",
            "earliest": e["earliest"],
            "latest": e["latest"],
            "label": time_label(e),
            "what": describe(e),
            "who": ", ".join(p["name"] for p in e["participants"]) or None,
            "article_id": e["article_ids"][0] if e["article_ids"] else None,
            "sources": e["sources"],
            "reports": e["reports"],
            "mentions": e["mentions"],
            "event_id": e["id"],
            "type": e["type"],
            "modality": e["modality"],
            "place": e["place_name"] or e["place"],
            "duration": e["duration"],
            "time_anchor": e["time_anchor"],
            "time_value": e["time_value"],
            "trigger": e["trigger_text"],
            "article_ids": e["article_ids"],
            "participants": e["participants"],
        })
    return out
