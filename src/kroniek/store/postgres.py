"""The PostgreSQL store: the same interface and results as the SQLite store, for large archives.

Chosen by a ``postgresql://`` URL (``kroniek add --db postgresql://user@host/db``). Shared SQL in
:mod:`kroniek.store.base` is written with ``?`` placeholders; they are translated to psycopg's
``%s`` here. Full-text search uses a stored ``tsvector`` column per article, built with the
``dutch`` or ``english`` text search configuration according to the article's language
(``simple`` for anything else), and a GIN index; snippets come from ``ts_headline`` with the
same ``[``/``]`` markers as SQLite's ``snippet()``.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import StoreError
from .base import Store, now

try:  # psycopg is an optional dependency (pip install 'kroniek[scale]')
    import psycopg
except ImportError:  # pragma: no cover - depends on the installation
    psycopg = None

# a fixed key for the advisory lock that serialises migrations between processes
_MIGRATION_LOCK = 0x6B726F6E  # "kron"

# language code -> text search configuration
TS_CONFIG = {"nl": "dutch", "en": "english"}
_CONFIG_SQL = "CASE a.lang WHEN 'nl' THEN 'dutch'::regconfig WHEN 'en' THEN 'english'::regconfig " \
              "ELSE 'simple'::regconfig END"


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` placeholders to ``%s`` and literal ``%`` to ``%%``, outside quoted strings and names."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, url: str, readonly: bool = False):
        if psycopg is None:  # pragma: no cover
            raise StoreError("the PostgreSQL store needs psycopg: pip install 'kroniek[scale]'")
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(url)}: {exc}".strip()) from None
        if readonly:
            self._execute("SET default_transaction_read_only = on")
        else:
            self.migrate()

    # ---- back-end hooks -------------------------------------------------------------------------
    def _execute(self, sql: str, params=()):
        try:
            return self.conn.execute(translate(sql), list(params))
        except psycopg.Error as exc:
            raise StoreError(f"store error: {exc}".strip()) from None
        except UnicodeEncodeError as exc:
            raise StoreError(f"store error: text cannot be encoded as UTF-8 ({exc.reason})") from None

    def _rows(self, sql: str, params=()):
        cur = self._execute(sql, params)
        try:
            rows = cur.fetchall()  # first: in pipeline mode the description comes with the results
        except psycopg.Error as exc:
            raise StoreError(f"store error: {exc}".strip()) from None
        cols = [d[0] for d in cur.description] if cur.description else []
        return [dict(zip(cols, r)) for r in rows]

    def _scalar(self, sql: str, params=()):
        try:
            row = self._execute(sql, params).fetchone()
        except psycopg.Error as exc:
            raise StoreError(f"store error: {exc}".strip()) from None
        return row[0] if row else None

    def add(self, anns, run_id=None):
        """Store a batch in one transaction, in pipeline mode: statements whose results are not
        needed go to the server without waiting for each answer (one round trip per row otherwise)."""
        self._pipelined = True
        try:
            with self.conn.pipeline():
                return super().add(anns, run_id)
        except (psycopg.Error, StoreError) as exc:
            self._pipelined = False
            self._rollback()  # after the pipeline has ended: a rollback inside it is refused once it failed
            raise exc if isinstance(exc, StoreError) else StoreError(f"store error: {exc}".strip()) from None
        finally:
            self._pipelined = False

    def migrate(self) -> list[str]:
        """Apply pending migrations; an advisory lock keeps two processes from racing."""
        try:
            self.conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            try:
                return super().migrate()
            finally:
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
        except psycopg.Error as exc:
            raise StoreError(f"migration failed: {exc}") from None

    def _apply_migration(self, name: str, script: str) -> None:
        try:
            with self.conn.transaction():
                self.conn.execute(script)  # no parameters: several statements are allowed
                self.conn.execute("INSERT INTO schema_migrations(name, applied_at) VALUES (%s, %s)", (name, now()))
        except psycopg.Error as exc:
            raise StoreError(f"migration {name} failed: {exc}") from None
        self.__dict__.pop("_table_cache", None)

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        if getattr(self, "_pipelined", False):
            return  # add() rolls back when its pipeline has ended
        if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            try:
                self.conn.execute("ROLLBACK")
            except psycopg.Error:
                pass

    def _table_names(self) -> list[str]:
        return [r["name"] for r in self._rows(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")]

    def _fts_search(self, query: str, where: str, params: list, limit: int, offset: int):
        words = search_words(query)
        sql = f"""
            WITH q AS (SELECT plainto_tsquery('dutch', ?) AS nl, plainto_tsquery('english', ?) AS en,
                              plainto_tsquery('simple', ?) AS xx)
            SELECT a.id, a.title, a.published_as_given, a.granularity, a.earliest, a.latest, a.lang, a.source,
                   ts_headline({_CONFIG_SQL}, a.text, {_query_sql()},
                               'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=1, MaxFragments=1, '
                               'FragmentDelimiter=…') AS snippet,
                   -ts_rank_cd(a.tsv, {_query_sql()}) AS score
            FROM articles a, q
            WHERE ((a.lang = 'nl' AND a.tsv @@ q.nl) OR (a.lang = 'en' AND a.tsv @@ q.en)
                   OR (coalesce(a.lang, '') NOT IN ('nl', 'en') AND a.tsv @@ q.xx)) {where}
            ORDER BY score, a.n LIMIT ? OFFSET ?"""
        return self._rows(sql, [words, words, words, *params, limit, offset])

    def close(self) -> None:
        self.conn.close()

    # ---- maintenance ----------------------------------------------------------------------------
    def drop_all(self) -> None:
        """Remove every kroniek table (used by tests to start from an empty database)."""
        names = self._table_names()
        if names:
            self._execute("DROP TABLE IF EXISTS " + ", ".join(f'"{n}"' for n in names) + " CASCADE")
        self.__dict__.pop("_table_cache", None)


def _query_sql() -> str:
    return "CASE a.lang WHEN 'nl' THEN q.nl WHEN 'en' THEN q.en ELSE q.xx END"


def search_words(text: str) -> str:
    """The words of a free-text query (letters and digits only), as SQLite's search uses them."""
    terms = [t for t in "".join(c if c.isalnum() else " " for c in text).split() if t]
    if not terms:
        raise StoreError("empty search query")
    return " ".join(terms)


def _redact(url: str) -> str:
    """The URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}@{host}"
    return url
