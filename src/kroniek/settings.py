"""Explicit, frozen settings, layered: defaults < kroniek.toml < environment < command line."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_ANNOTATORS = ("entities", "timexes", "quotes", "events")


@dataclass(frozen=True)
class Settings:
    # NLP backend: "kroniek" (built-in tokenizer + shipped CRF NER), "blank" (no NER),
    # or "spacy:NAME_OR_PATH" (any installed spaCy pipeline, e.g. spacy:nl_core_news_lg)
    nlp: str = "kroniek"
    lang: str = "auto"  # auto | nl | en
    annotators: tuple[str, ...] = DEFAULT_ANNOTATORS
    db: str = "kroniek.db"
    batch_size: int = 50
    max_article_chars: int = 2_000_000

    def with_(self, **changes: Any) -> "Settings":
        changes = {k: v for k, v in changes.items() if v is not None}
        return _checked(replace(self, **changes))


_ENV = {"nlp": "KRONIEK_NLP", "lang": "KRONIEK_LANG", "db": "KRONIEK_DB", "annotators": "KRONIEK_ANNOTATORS"}


def load_settings(config: str | os.PathLike | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, an optional TOML file, ``KRONIEK_*`` variables and overrides."""
    values: dict[str, Any] = {}
    path = Path(config) if config else Path("kroniek.toml")
    if config or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from None
        values.update(data.get("kroniek", data))
    for name, var in _ENV.items():
        if os.environ.get(var):
            values[name] = os.environ[var]
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if isinstance(values.get("annotators"), str):
        values["annotators"] = tuple(a.strip() for a in values["annotators"].split(",") if a.strip())
    elif "annotators" in values:
        values["annotators"] = tuple(values["annotators"])
    for k in ("batch_size", "max_article_chars"):
        if k in values:
            try:
                values[k] = int(values[k])
            except (TypeError, ValueError):
                raise ConfigError(f"setting {k} must be an integer, got {values[k]!r}") from None
    return _checked(Settings(**values))


def _checked(s: Settings) -> Settings:
    if s.lang not in ("auto", "nl", "en"):
        raise ConfigError(f"lang must be auto, nl or en, got {s.lang!r}")
    if not (s.nlp in ("kroniek", "blank") or s.nlp.startswith("spacy:")):
        raise ConfigError(f"nlp must be kroniek, blank or spacy:NAME_OR_PATH, got {s.nlp!r}")
    return s
