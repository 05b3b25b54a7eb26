"""Store logic shared by the SQLite and PostgreSQL back-ends.

SQL here uses ``?`` placeholders and portable syntax (``ON CONFLICT``, ``RETURNING``);
a back-end supplies connection handling, full-text search and placeholder style.
Article text is written once and never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from typing import Any, Iterable, Sequence

from ..errors import InputError, NotFound
from ..model import Annotation


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def norm(name: str) -> str:
    """Lowercase, accents removed, whitespace collapsed: the form aliases are looked up by."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s\-‐]+", " ", s).strip()


def word_count(text: str) -> int:
    return len(text.split())


@dataclass
class RunCounts:
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    words: int = 0


class Store:
    """The store interface; see :mod:`kroniek.store`."""

    dialect = "base"

    # ---- back-end hooks -------------------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence = ()):  # pragma: no cover - abstract
        raise NotImplementedError

    def _apply_migration(self, name: str, script: str) -> None:  # pragma: no cover - abstract
        """Run one migration script and record it in schema_migrations, in one transaction."""
        raise NotImplementedError

    def _begin(self) -> None: ...
    def _commit(self) -> None: ...
    def _rollback(self) -> None: ...

    def _fts_search(self, query: str, where: str, params: list, limit: int, offset: int):  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- helpers --------------------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence = ()) -> list[dict[str, Any]]:
        cur = self._execute(sql, params)
        cols = [d[0] for d in cur.description] if cur.description else []
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def _one(self, sql: str, params: Sequence = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _scalar(self, sql: str, params: Sequence = ()):
        row = self._execute(sql, params).fetchone()
        return row[0] if row else None

    # ---- migrations -----------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the back-end's pending migrations in name order; returns the names applied."""
        self._execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = []
        for name, script in self._pending_migrations():
            self._apply_migration(name, script)
            applied.append(name)
        return applied

    def _pending_migrations(self) -> list[tuple[str, str]]:
        """(name, script) of the back-end's migrations not yet recorded in schema_migrations, in name order."""
        done = {r["name"] for r in self._rows("SELECT name FROM schema_migrations")}
        folder = resources.files("kroniek.store").joinpath("migrations", self.dialect)
        return [(item.name, item.read_text(encoding="utf-8"))
                for item in sorted(folder.iterdir(), key=lambda p: p.name)
                if item.name.endswith(".sql") and item.name not in done]

    def migrations(self) -> list[str]:
        return [r["name"] for r in self._rows("SELECT name FROM schema_migrations ORDER BY name")]

    # ---- runs and failures ----------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        return int(self._scalar("INSERT INTO runs(command, started_at) VALUES (?, ?) RETURNING id", (command, now())))

    def finish_run(self, run_id: int, counts: RunCounts, seconds: float) -> None:
        self._execute(
            "UPDATE runs SET finished_at=?, added=?, unchanged=?, failed=?, words=?, seconds=? WHERE id=?",
            (now(), counts.added, counts.unchanged, counts.failed, counts.words, seconds, run_id))

    def record_failure(self, run_id: int | None, error: InputError) -> None:
        self._execute('INSERT INTO failures(run_id, "where", reason, message, at) VALUES (?, ?, ?, ?, ?)',
                      (run_id, error.where, error.reason, error.message, now()))

    def failures(self, run_id: int | None = None) -> list[dict[str, Any]]:
        if run_id is None:
            return self._rows('SELECT run_id, "where", reason, message, at FROM failures ORDER BY id')
        return self._rows('SELECT run_id, "where", reason, message, at FROM failures WHERE run_id=? ORDER BY id',
                          (run_id,))

    # ---- writing --------------------------------------------------------------------------------
    def known_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Content hashes of the given article ids that are already stored."""
        ids = list(ids)
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._rows(f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk):
                out[r["id"]] = r["content_hash"]
        return out

    def add(self, anns: Sequence[Annotation], run_id: int | None = None) -> list[str]:
        """Store annotations in one transaction. Returns per annotation ``added``, ``unchanged``
        (same id and text already stored) or ``conflict`` (a different text under a stored id; nothing
        is stored for it). Person names merge across the archive (see :meth:`_person_keys`)."""
        statuses: list[str] = []
        self._begin()
        try:
            known = self.known_hashes(a.article.id for a in anns)
            persons = self._known_persons()
            seen: dict[str, str] = {}
            for ann in anns:
                art = ann.article
                h = content_hash(art.text)
                prev = known.get(art.id) or seen.get(art.id)
                if prev is not None:
                    statuses.append("unchanged" if prev == h else "conflict")
                    continue
                persons = self._insert(ann, h, run_id, persons)
                seen[art.id] = h
                statuses.append("added")
            self._relink_surnames(persons)
            self._commit()
        except Exception:
            self._rollback()
            raise
        return statuses

    def _known_persons(self):
        """Persons in the store, for archive-level name resolution."""
        from ..entities.archive import KnownEntities

        return KnownEntities.from_rows(
            (r["key"], r["name"], r["label"], r["articles"]) for r in self._rows(
                """SELECT e.key, e.name, e.label, count(DISTINCT m.article_n) AS articles
                   FROM entities e JOIN mentions m ON m.entity_id = e.id WHERE e.label = 'PER'
                   GROUP BY e.id, e.key, e.name, e.label"""))

    def _relink_surnames(self, persons) -> None:
        """Short person names stored before the one full name they belong to arrived are moved onto it."""
        from ..entities.archive import relink_surnames

        for old_key, new_key in relink_surnames(persons).items():
            old = self._scalar("SELECT id FROM entities WHERE key=?", (old_key,))
            new = self._scalar("SELECT id FROM entities WHERE key=?", (new_key,))
            if old is None or new is None or old == new:
                continue
            self._execute("UPDATE mentions SET entity_id=? WHERE entity_id=?", (new, old))
            self._execute("UPDATE quotes SET speaker_entity_id=? WHERE speaker_entity_id=?", (new, old))
            for alias in [r["alias"] for r in self._rows("SELECT alias FROM aliases WHERE entity_id=?", (old,))]:
                self._alias(new, alias)
            self._execute("DELETE FROM aliases WHERE entity_id=?", (old,))
            if self._has_table("event_participants"):
                self._execute("UPDATE event_participants SET entity_id=? WHERE entity_id=?", (new, old))
                self._execute("UPDATE events SET place_entity_id=? WHERE place_entity_id=?", (new, old))
                self._execute("DELETE FROM event_index WHERE entity_id=?", (old,))
            self._execute("DELETE FROM entities WHERE id=?", (old,))

    def _insert(self, ann: Annotation, h: str, run_id: int | None, persons):
        """Insert one article with its annotations; returns ``persons`` with any new person added."""
        art, pub = ann.article, ann.published
        inf = pub.inferred
        n = int(self._scalar(
            """INSERT INTO articles(id, content_hash, title, text, lang, url, source, published_as_given, granularity,
                   earliest, latest, inferred_value, inferred_earliest, inferred_latest, words, record, run_id, added_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING n""",
            (art.id, h, art.title, art.text, ann.lang or art.lang, art.url, art.source, pub.as_given, pub.granularity,
             _iso(pub.earliest), _iso(pub.latest), inf.value if inf else None, _iso(inf.earliest) if inf else None,
             _iso(inf.latest) if inf else None, word_count(art.text), record_json(ann),
             run_id, now())))
        ids, persons = self._store_entities(n, ann, persons)
        self._store_quotes(n, ann, ids)
        self._store_timexes(n, ann)
        self._store_events(n, ann, ids)
        return persons

    def _entity_id(self, name: str, label: str, key: str | None = None) -> int:
        """The id of the entity with archive key ``key`` (default: the key of ``name``), created if new."""
        if key is None:
            from ..entities.archive import entity_key

            key = entity_key(name, label)
        prefix = key.split(":", 1)[0]
        if prefix in ("PER", "ORG", "LOC", "MISC"):  # the alias table knows what kind of thing this is
            label = prefix
        row = self._one("SELECT id, name FROM entities WHERE key=?", (key,))
        if row is not None:
            if len(name) > len(row["name"]):
                self._execute("UPDATE entities SET name=? WHERE id=?", (name, row["id"]))
            return int(row["id"])
        return int(self._scalar("INSERT INTO entities(key, name, label) VALUES (?,?,?) RETURNING id", (key, name, label)))

    def _alias(self, entity_id: int, alias: str) -> None:
        self._execute("INSERT INTO aliases(entity_id, alias, norm) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                      (entity_id, alias, norm(alias)))

    def _store_entities(self, n: int, ann: Annotation, persons):
        """Mentions, their canonical entities and aliases. A surname-only person joins the one full name
        the archive knows for it (``kroniek.entities.archive``). Returns (canonical name -> entity id,
        the known persons with this article's added)."""
        from ..entities.archive import KnownEntity, mention_keys

        ids: dict[str, int] = {}
        new_persons = []
        for m, key in zip(ann.entities, mention_keys(ann.entities, persons)):
            target, label = (m.refers_to, "LOC") if m.refers_to else (m.entity, m.label)
            if target not in ids:
                ids[target] = self._entity_id(target, label, key)
                self._alias(ids[target], target)
                if m.wikidata and not m.refers_to:
                    self._execute("UPDATE entities SET wikidata=? WHERE id=?", (m.wikidata, ids[target]))
                if label == "PER":
                    new_persons.append(KnownEntity(key, target, label))
            if not m.refers_to:
                self._alias(ids[target], m.text)
            self._execute('INSERT INTO mentions(article_n, entity_id, start, "end", text, label) VALUES (?,?,?,?,?,?)',
                          (n, ids[target], m.start, m.end, m.text, m.label))
        return ids, (persons.plus(new_persons) if new_persons else persons)

    def _store_quotes(self, n: int, ann: Annotation, ids: dict[str, int]) -> None:
        for i, q in enumerate(ann.quotes):
            eid = ids.get(q.speaker_canonical) if q.speaker_canonical else None
            self._execute(
                """INSERT INTO quotes(article_n, idx, kind, content, content_start, content_end, cue, cue_start, speaker,
                       speaker_start, speaker_canonical, speaker_entity_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
                (n, i, q.kind, q.content, q.content_start, q.content_end, q.cue, q.cue_start, q.speaker,
                 q.speaker_start, q.speaker_canonical, eid))

    def _store_timexes(self, n: int, ann: Annotation) -> None:
        for t in ann.timexes:
            self._execute('INSERT INTO timexes(article_n, start, "end", text, type, value, earliest, latest) '
                          'VALUES (?,?,?,?,?,?,?,?)',
                          (n, t.start, t.end, t.text, t.type, t.value, _iso(t.earliest), _iso(t.latest)))

    def _store_events(self, n: int, ann: Annotation, ids: dict[str, int]) -> None:
        """Events are stored by :mod:`kroniek.events.store` once its migration exists."""
        if not ann.events or not self._has_table("event_mentions"):
            return
        from ..events.store import store_events

        store_events(self, n, ann, ids)

    def _has_table(self, name: str) -> bool:
        return name in self._tables()

    def _tables(self) -> set[str]:
        if not hasattr(self, "_table_cache"):
            self._table_cache = set(self._table_names())
        return self._table_cache

    def _table_names(self) -> list[str]:
        return [r["name"] for r in self._rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]

    def update_published(self, article_id: str, ann: Annotation) -> None:
        """Replace the stored annotation's inferred date, time expressions and events (after archive
        inference re-resolved them). The article text is not touched."""
        n = self._scalar("SELECT n FROM articles WHERE id=?", (article_id,))
        if n is None:
            raise NotFound(f"no article {article_id!r}")
        inf = ann.published.inferred
        self._begin()
        try:
            self._execute("UPDATE articles SET inferred_value=?, inferred_earliest=?, inferred_latest=?, record=? "
                          "WHERE n=?",
                          (inf.value if inf else None, _iso(inf.earliest) if inf else None,
                           _iso(inf.latest) if inf else None, json.dumps(ann.to_dict(), ensure_ascii=False), n))
            self._execute("DELETE FROM timexes WHERE article_n=?", (n,))
            self._store_timexes(n, ann)
            if self._has_table("event_mentions"):
                from ..events.store import replace_events

                ids = {}
                for m in ann.entities:
                    target, label = (m.refers_to, "LOC") if m.refers_to else (m.entity, m.label)
                    if target not in ids:
                        ids[target] = self._entity_id(target, label)
                replace_events(self, n, ann, ids)
            self._commit()
        except Exception:
            self._rollback()
            raise

    def imprecise_articles(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Articles dated to a year or month only (id, earliest, latest)."""
        sql = "SELECT id, earliest, latest FROM articles WHERE granularity IN ('year', 'month')"
        if ids is None:
            return self._rows(sql + " ORDER BY n")
        rows = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows += self._rows(sql + f" AND id IN ({','.join('?' * len(chunk))}) ORDER BY n", chunk)
        return rows

    def imprecise_related(self, ids: list[str]) -> list[str]:
        """Ids of year- or month-dated articles that are among ``ids`` or share an entity with one of them:
        the articles whose publication day a batch of new articles may narrow."""
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out |= {r["id"] for r in self._rows(
                f"""SELECT DISTINCT a.id FROM articles a WHERE a.granularity IN ('year', 'month') AND (a.id IN ({marks})
                    OR a.n IN (SELECT ma.article_n FROM mentions ma WHERE ma.entity_id IN (
                        SELECT mb.entity_id FROM mentions mb JOIN articles b ON b.n = mb.article_n
                        WHERE b.id IN ({marks}))))""", chunk + chunk)}
        return sorted(out)

    def dated_neighbours(self, article_id: str, since: str, until: str, limit: int = 50) -> list[str]:
        """Ids of day-dated articles in [since, until] sharing at least one entity with ``article_id``,
        most shared entities first."""
        rows = self._rows(
            """SELECT b.id, count(DISTINCT mb.entity_id) AS shared
               FROM articles a JOIN mentions ma ON ma.article_n = a.n
               JOIN mentions mb ON mb.entity_id = ma.entity_id AND mb.article_n <> a.n
               JOIN articles b ON b.n = mb.article_n
               WHERE a.id = ? AND b.granularity IN ('day', 'datetime') AND b.earliest >= ? AND b.earliest <= ?
               GROUP BY b.id ORDER BY shared DESC, b.id LIMIT ?""", (article_id, since, until, limit))
        return [r["id"] for r in rows]

    # ---- reading --------------------------------------------------------------------------------
    def count_articles(self) -> int:
        return int(self._scalar("SELECT count(*) FROM articles"))

    def article(self, article_id: str) -> dict[str, Any]:
        row = self._one("SELECT n, id, text, record FROM articles WHERE id=?", (article_id,))
        if row is None:
            raise NotFound(f"no article {article_id!r} in the store")
        rec = json.loads(row["record"])
        rec["text"] = row["text"]
        return rec

    def article_ids(self) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM articles ORDER BY n")]

    def records(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Stored annotation records (with text), all or for the given ids."""
        if ids is None:
            rows = self._rows("SELECT text, record FROM articles ORDER BY n")
        else:
            ids = list(ids)
            rows = []
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                rows += self._rows(f"SELECT text, record FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                                   chunk)
        out = []
        for r in rows:
            rec = json.loads(r["record"])
            rec["text"] = r["text"]
            out.append(rec)
        return out

    def search(self, query: str, *, since: str | None = None, until: str | None = None, lang: str | None = None,
               source: str | None = None, entity: str | None = None, limit: int = 20, offset: int = 0
               ) -> list[dict[str, Any]]:
        where, params = self._article_filters(since, until, lang, source, entity)
        return self._fts_search(query, where, params, limit, offset)

    def _article_filters(self, since, until, lang, source, entity) -> tuple[str, list]:
        clauses, params = _date_overlap(since, until)
        if lang:
            clauses.append("a.lang = ?")
            params.append(lang)
        if source:
            clauses.append("a.source = ?")
            params.append(source)
        if entity:
            ids = self.entity_ids(entity)
            if not ids:
                clauses.append("1 = 0")
            else:
                clauses.append(f"a.n IN (SELECT article_n FROM mentions WHERE entity_id IN ({','.join('?' * len(ids))}))")
                params.extend(ids)
        return "".join(f" AND {c}" for c in clauses), params

    def entity_ids(self, name: str) -> list[int]:
        """Entities a name can denote: by key, by alias (any spelling the archive has seen), or by name."""
        from ..entities.archive import entity_key

        ids = {r["id"] for r in self._rows("SELECT id FROM entities WHERE key IN (?, ?, ?, ?)",
                                            [entity_key(name, lab) for lab in ("PER", "ORG", "LOC", "MISC")])}
        ids |= {r["entity_id"] for r in self._rows("SELECT DISTINCT entity_id FROM aliases WHERE norm=?", (norm(name),))}
        return sorted(ids)

    def entities(self, *, label: str | None = None, query: str | None = None, limit: int = 50, offset: int = 0
                 ) -> list[dict[str, Any]]:
        clauses, params = [], []
        if label:
            clauses.append("e.label = ?")
            params.append(label)
        if query:
            clauses.append("e.id IN (SELECT entity_id FROM aliases WHERE norm LIKE ?)")
            params.append(f"%{norm(query)}%")
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._rows(
            f"""SELECT e.id, e.name, e.label, e.wikidata, count(*) AS mentions, count(DISTINCT m.article_n) AS articles
                FROM entities e JOIN mentions m ON m.entity_id = e.id {where}
                GROUP BY e.id, e.name, e.label, e.wikidata
                ORDER BY mentions DESC, e.name LIMIT ? OFFSET ?""", [*params, limit, offset])

    def entity(self, name: str, *, limit: int = 50) -> dict[str, Any]:
        ids = self.entity_ids(name)
        if not ids:
            raise NotFound(f"no entity {name!r} in the store")
        marks = ",".join("?" * len(ids))
        ents = self._rows(f"""SELECT e.id, e.name, e.label, e.wikidata, count(m.article_n) AS mentions,
                                 count(DISTINCT m.article_n) AS articles
                              FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id
                              WHERE e.id IN ({marks}) GROUP BY e.id, e.name, e.label, e.wikidata
                              ORDER BY mentions DESC""", ids)
        main = ents[0]
        eid = main["id"]
        aliases = [r["alias"] for r in self._rows("SELECT alias FROM aliases WHERE entity_id=? ORDER BY alias", (eid,))]
        articles = self._rows(
            """SELECT a.id, a.title, a.published_as_given, a.earliest, a.latest, count(*) AS mentions
               FROM mentions m JOIN articles a ON a.n = m.article_n WHERE m.entity_id=?
               GROUP BY a.n, a.id, a.title, a.published_as_given, a.earliest, a.latest
               ORDER BY a.earliest, a.id LIMIT ?""", (eid, limit))
        cooc = self._rows(
            """SELECT e.id, e.name, e.label, count(DISTINCT m2.article_n) AS articles
               FROM mentions m2 JOIN entities e ON e.id = m2.entity_id
               WHERE m2.article_n IN (SELECT article_n FROM mentions WHERE entity_id = ?) AND m2.entity_id <> ?
               GROUP BY e.id, e.name, e.label ORDER BY articles DESC, e.name LIMIT 15""", (eid, eid))
        return {**main, "aliases": aliases, "articles": articles, "cooccurring": cooc,
                "quotes": self.quotes(speaker_ids=[eid], limit=limit), "others": ents[1:]}

    def quotes(self, *, speaker: str | None = None, speaker_ids: list[int] | None = None, query: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0
               ) -> list[dict[str, Any]]:
        clauses, params = [], []
        if speaker is not None:
            speaker_ids = self.entity_ids(speaker)
            if not speaker_ids:
                clauses.append("(q.speaker_canonical = ? OR q.speaker = ?)")
                params += [speaker, speaker]
        if speaker_ids:
            clauses.append(f"q.speaker_entity_id IN ({','.join('?' * len(speaker_ids))})")
            params += list(speaker_ids)
        if query:
            clauses.append("lower(q.content) LIKE ?")
            params.append(f"%{query.lower()}%")
        dates, date_params = _date_overlap(since, until)
        clauses += dates
        params += date_params
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._rows(
            f"""SELECT a.id AS article_id, a.title, a.published_as_given, a.earliest, a.latest, q.idx, q.kind, q.content,
                       q.content_start, q.content_end, q.cue, q.speaker, q.speaker_canonical, e.name AS speaker_entity
                FROM quotes q JOIN articles a ON a.n = q.article_n LEFT JOIN entities e ON e.id = q.speaker_entity_id
                {where} ORDER BY a.earliest, a.id, q.idx LIMIT ? OFFSET ?""", [*params, limit, offset])

    def timeline(self, name: str, *, limit: int = 200) -> list[dict[str, Any]]:
        """Dated items about an entity: its events (when stored) and its quotes, in date order."""
        ids = self.entity_ids(name)
        if not ids:
            raise NotFound(f"no entity {name!r} in the store")
        items: list[dict[str, Any]] = []
        if self._has_table("event_mentions"):
            from ..events.store import timeline_events

            items += timeline_events(self, ids, limit=limit)
        for q in self.quotes(speaker_ids=ids, limit=limit):
            items.append({"kind": "quote", "earliest": q["earliest"], "latest": q["latest"],
                          "label": q["published_as_given"], "what": q["content"],
                          "who": q["speaker_entity"] or q["speaker_canonical"], "article_id": q["article_id"],
                          "sources": 1})
        items.sort(key=lambda i: (i.get("earliest") or "9999", i.get("latest") or "9999"))
        return items[:limit]

    # ---- reading for the web view ----------------------------------------------------------------
    def list_articles(self, *, since: str | None = None, until: str | None = None, lang: str | None = None,
                      source: str | None = None, entity: str | None = None, limit: int = 20, offset: int = 0
                      ) -> list[dict[str, Any]]:
        """Stored articles, newest first, with the same filters as :meth:`search` and no text query."""
        where, params = self._article_filters(since, until, lang, source, entity)
        return self._rows(
            f"""SELECT a.id, a.title, a.published_as_given, a.granularity, a.earliest, a.latest, a.lang, a.source,
                       substr(a.text, 1, 240) AS snippet
                FROM articles a WHERE 1 = 1 {where}
                ORDER BY a.earliest DESC, a.n DESC LIMIT ? OFFSET ?""", [*params, limit, offset])

    def facets(self, limit: int = 50) -> dict[str, list[str]]:
        """Languages and sources present in the store (for filter menus)."""
        langs = [r["lang"] for r in self._rows(
            "SELECT DISTINCT lang FROM articles WHERE lang IS NOT NULL ORDER BY lang LIMIT ?", (limit,))]
        sources = [r["source"] for r in self._rows(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source LIMIT ?", (limit,))]
        return {"langs": langs, "sources": sources}

    def entity_activity(self, entity_id: int) -> list[dict[str, Any]]:
        """Mentions and articles of one entity per article date interval (inferred day when known)."""
        return self._rows(
            """SELECT coalesce(a.inferred_earliest, a.earliest) AS earliest,
                      coalesce(a.inferred_latest, a.latest) AS latest,
                      count(*) AS mentions, count(DISTINCT a.n) AS articles
               FROM mentions m JOIN articles a ON a.n = m.article_n WHERE m.entity_id = ?
               GROUP BY coalesce(a.inferred_earliest, a.earliest), coalesce(a.inferred_latest, a.latest)
               ORDER BY 1""", (entity_id,))

    def stats(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "entities", "mentions", "quotes", "timexes", "events", "event_mentions", "failures"):
            if table in ("articles", "entities", "mentions", "quotes", "timexes", "failures") or self._has_table(table):
                out[table] = int(self._scalar(f"SELECT count(*) FROM {table}"))
        return out


RECORD_ATTR = "_kroniek_record_json"


def record_json(ann: Annotation) -> str:
    """The annotation's JSON record; a worker may have made it already (see :func:`with_record_json`),
    which spares the single writer the work."""
    cached = ann.__dict__.get(RECORD_ATTR)
    return cached if cached is not None else json.dumps(ann.to_dict(), ensure_ascii=False)


def with_record_json(ann: Annotation) -> Annotation:
    """Attach the JSON record to the annotation (it travels with it when pickled)."""
    object.__setattr__(ann, RECORD_ATTR, json.dumps(ann.to_dict(), ensure_ascii=False))
    return ann


def _date_overlap(since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """SQL conditions (on articles ``a``) for a publication interval that overlaps [since, until]."""
    clauses, params = [], []
    if since:
        clauses.append("a.latest >= ?")
        params.append(since)
    if until:
        clauses.append("a.earliest <= ?")
        params.append(until)
    return clauses, params


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def elapsed(start: float) -> float:
    return time.perf_counter() - start
