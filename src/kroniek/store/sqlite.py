"""The embedded SQLite store (WAL mode: readers and one writer at the same time)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..errors import StoreError
from .base import Store, now


def _retry_busy(step, seconds: float = 30.0):
    """Run ``step``, retrying while the database is locked. Two processes creating the same new store at once
    both switch it to WAL; SQLite answers the second "database is locked" at once, without its busy handler."""
    deadline = time.monotonic() + seconds
    delay = 0.01
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class SqliteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: str, readonly: bool = False):
        self.path = path
        try:
            if readonly:
                if not Path(path).exists():
                    raise StoreError(f"no store at {path}; run `kroniek add` first")
                self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
                self.conn.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL may wait for a lock
                _retry_busy(lambda: self.conn.execute("PRAGMA journal_mode=WAL"))
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite store {path}: {exc}") from None
        self.conn.row_factory = sqlite3.Row
        if not readonly:
            self.migrate()

    def _execute(self, sql: str, params=()):
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(f"store error: {exc}") from None

    def migrate(self) -> list[str]:
        """Apply pending migrations in one write transaction; a second process opening a new store at
        the same moment waits for the lock and then finds nothing left to do."""
        self._execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        if not self._pending_migrations():
            return []
        applied = []
        name = ""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for name, script in self._pending_migrations():  # read again under the lock
                for statement in split_statements(script):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", (name, now()))
                applied.append(name)
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"migration {name} failed: {exc}") from None
        self.__dict__.pop("_table_cache", None)
        return applied

    def _apply_migration(self, name: str, script: str) -> None:
        record = f"INSERT INTO schema_migrations(name, applied_at) VALUES ('{name.replace(chr(39), '')}', '{now()}');"
        try:
            self.conn.executescript(f"BEGIN;\n{script}\n{record}\nCOMMIT;")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"migration {name} failed: {exc}") from None

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _fts_search(self, query: str, where: str, params: list, limit: int, offset: int):
        sql = f"""
            SELECT a.id, a.title, a.published_as_given, a.granularity, a.earliest, a.latest, a.lang, a.source,
                   snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, bm25(articles_fts) AS score
            FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid
            WHERE articles_fts MATCH ? {where}
            ORDER BY score LIMIT ? OFFSET ?"""
        return self._rows(sql, [fts_query(query), *params, limit, offset])

    def close(self) -> None:
        self.conn.close()


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: every word a quoted term, all required."""
    terms = [t for t in "".join(c if c.isalnum() else " " for c in text).split() if t]
    if not terms:
        raise StoreError("empty search query")
    return " ".join(f'"{t}"' for t in terms)


def split_statements(script: str) -> list[str]:
    """The statements of an SQL script (triggers with their inner semicolons kept whole)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \t\r\n;"):
                out.append(buf.strip())
            buf = ""
    if buf.strip(" \t\r\n;"):
        out.append(buf.strip().rstrip(";"))
    return out
