"""The store: articles and their annotations, queryable.

:func:`open_store` picks the back-end from a URL: a file path or ``sqlite:///path`` gives the
embedded SQLite store; ``postgresql://…`` gives PostgreSQL (see :mod:`kroniek.store.postgres`).
"""

from __future__ import annotations

from .base import Store  # noqa: F401


def open_store(url: str, *, readonly: bool = False) -> "Store":
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SqliteStore

    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    return SqliteStore(path, readonly=readonly)
