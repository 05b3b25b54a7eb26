"""The one error hierarchy of kroniek.

Every error the library raises on purpose derives from :class:`KroniekError`.
Input problems carry a short, stable ``reason`` code that the run summary and the
store's failure table record (see docs/record.md for the list).
"""

from __future__ import annotations


class KroniekError(Exception):
    """Base class of every error kroniek raises on purpose."""


class ConfigError(KroniekError):
    """A setting is missing, malformed or names something unknown."""


class InputError(KroniekError):
    """One input item (file, line, page) cannot become an article.

    ``reason`` is a stable code such as ``empty``, ``binary``, ``bad-json``,
    ``bad-date``, ``no-text``, ``too-large``; ``where`` says which input item.
    """

    def __init__(self, reason: str, message: str, where: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.where = where

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.message} [{self.reason}]"


class DateError(InputError):
    """A date string is not one of the accepted forms."""

    def __init__(self, message: str, where: str | None = None):
        super().__init__("bad-date", message, where)


class ModelError(KroniekError):
    """A model or NLP backend cannot be loaded or used."""


class StoreError(KroniekError):
    """The store cannot be opened, migrated, read or written."""


class NotFound(StoreError):
    """A requested article or entity is not in the store."""
