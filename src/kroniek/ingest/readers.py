"""Readers for every input kind; see the package docstring."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..dates import UNKNOWN, Published, parse_published
from ..errors import DateError, InputError
from ..model import Article
from .decode import clean_text, decode_bytes

MAX_BYTES = 50_000_000  # a single input file larger than this is refused (reason too-large)
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# documentation beside the articles in a folder (README.md, LICENSE, NOTICE) is not an article;
# such a file named on the command line is still read
SKIP_IN_FOLDERS = {".md", ".markdown", ".rst"}
SKIP_STEMS = {"readme", "license", "licence", "notice", "copying"}

# optional header: "date 2018-07" (leading whitespace allowed), then whitespace, then the body
_HEADER = re.compile(r"\A[ \t\r\n]*date[ \t]+(\S+)[ \t]*(?:\r?\n|[ \t])\s*", re.IGNORECASE)
_HEADER_START = re.compile(r"\A[ \t\r\n]*date[ \t]+\S", re.IGNORECASE)

Item = Article | InputError


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def article_from_seed_text(raw: str, article_id: str | None = None, origin: str | None = None,
                           published: Published | None = None) -> Article:
    """An article from text in the seed format: optional ``date`` header, whitespace, body.

    The body is kept unchanged. A header whose date is malformed raises :class:`DateError`.
    """
    where = origin or article_id
    pub = UNKNOWN
    body = raw
    m = _HEADER.match(raw)
    if m:
        pub = parse_published(m.group(1), where)
        body = raw[m.end():]
    elif _HEADER_START.match(raw) and len(raw.strip().split()) <= 2:
        raise InputError("no-text", "a date header but no article text", where)
    if not body.strip():
        raise InputError("no-text", "no article text", where)
    if published is not None and published.known:
        pub = published
    return Article(id=article_id or content_id(body), text=body, published=pub, origin=origin)


def read_path(path: str | Path, published: Published | None = None) -> Iterator[Item]:
    """Read one path: a file of any supported kind, a folder (recursive), or ``-`` for stdin."""
    if str(path) == "-":
        yield from _read_stdin(published)
        return
    p = Path(path)
    if not p.exists():
        yield InputError("not-found", "no such file or folder", str(p))
        return
    if p.is_dir():
        for child in sorted(x for x in p.rglob("*") if x.is_file()):
            if child.name in SKIP_NAMES or any(part.startswith(".") for part in child.relative_to(p).parts):
                continue
            if child.suffix.lower() in SKIP_IN_FOLDERS or child.stem.lower() in SKIP_STEMS:
                continue
            yield from _read_file(child, published)
        return
    yield from _read_file(p, published)


def read_inputs(paths: Iterable[str | Path], published: Published | None = None) -> Iterator[Item]:
    for path in paths:
        yield from read_path(path, published)


def _read_file(p: Path, published: Published | None) -> Iterator[Item]:
    where = str(p)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES and p.suffix.lower() not in JSONL_SUFFIXES:
            yield InputError("too-large", f"file of {size:,} bytes is over the {MAX_BYTES:,}-byte limit", where)
            return
        suffix = p.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with p.open("rb") as fh:
                yield from _read_jsonl_lines(fh, where, published)
            return
        data = p.read_bytes()
    except OSError as exc:
        yield InputError("unreadable", f"cannot read: {exc.strerror or exc}", where)
        return
    yield from _read_bytes(data, where, p.stem, suffix, published)


def _read_bytes(data: bytes, where: str, stem: str | None, suffix: str, published: Published | None) -> Iterator[Item]:
    try:
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(data)):
            from .html import article_from_html

            yield article_from_html(data, where, stem, published)
            return
        text = decode_bytes(data, where)
        if suffix == "" and stem is None and text.lstrip().startswith("{"):
            yield from _read_jsonl_lines(iter(text.encode("utf-8").splitlines(True)), where, published)
            return
        if _looks_like_html(data):
            from .html import article_from_html

            yield article_from_html(data, where, stem, published)
            return
        yield article_from_seed_text(text, stem, where, published)
    except InputError as exc:
        yield exc


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<body" in data[:65536].lower())


def _read_stdin(published: Published | None) -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    yield from _read_bytes(data, "-", None, "", published)


def _read_jsonl_lines(lines: Iterable[bytes], where: str, published: Published | None) -> Iterator[Item]:
    for n, raw in enumerate(lines, 1):
        loc = f"{where}:{n}"
        if not raw.strip():
            continue
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = decode_bytes(raw, loc)
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise InputError("bad-json", f"invalid JSON: {exc}", loc) from None
            yield article_from_json(obj, loc, published)
        except InputError as exc:
            yield exc


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and key == "id":
        return str(v)
    if not isinstance(v, str):
        raise InputError("bad-field", f"field {key!r} must be a string, got {type(v).__name__}", where)
    return clean_text(v)


def article_from_json(obj: Any, where: str, published: Published | None = None) -> Article:
    """An article from one JSON object with ``text`` and optional id, title, published_at, lang, url, source."""
    if not isinstance(obj, dict):
        raise InputError("bad-json", f"expected a JSON object, got {type(obj).__name__}", where)
    if "text" not in obj:
        raise InputError("no-text", "no 'text' field", where)
    text = _opt_str(obj, "text", where) or ""
    if not text.strip():
        raise InputError("no-text", "empty 'text' field", where)
    pub_raw = obj.get("published_at", obj.get("published", obj.get("date")))
    if isinstance(pub_raw, dict):  # a kroniek record's "published" object
        pub_raw = pub_raw.get("as_given")
    pub = parse_published(pub_raw, where) if pub_raw is not None else UNKNOWN
    if published is not None and published.known:
        pub = published
    lang = _opt_str(obj, "lang", where)
    if lang is not None and lang not in ("nl", "en"):
        lang = None
    return Article(
        id=_opt_str(obj, "id", where) or content_id(text),
        text=text,
        title=_opt_str(obj, "title", where),
        published=pub,
        lang=lang,
        url=_opt_str(obj, "url", where),
        source=_opt_str(obj, "source", where),
        origin=where,
    )


__all__ = ["read_inputs", "read_path", "article_from_seed_text", "article_from_json", "DateError"]
