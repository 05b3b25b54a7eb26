"""Bytes to text: UTF-8 first, then detected encodings (cp1252, latin-1), never a crash."""

from __future__ import annotations

import re

from ..errors import InputError

_TEXT_CONTROL = set(range(0, 32)) - {9, 10, 13, 12}


def decode_bytes(data: bytes, where: str) -> str:
    """Decode ``data`` as text or raise :class:`InputError` (``empty``, ``binary``)."""
    if not data.strip():
        raise InputError("empty", "empty input", where)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary", "binary data, not text", where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data) or _decode_other(data, where)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) in _TEXT_CONTROL)
    if controls > max(8, len(sample) // 50):
        raise InputError("binary", "mostly control characters, not text", where)
    return clean_text(text)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (each becomes U+FFFD), when the valid UTF-8 outweighs them;
    else None, and the caller detects a legacy encoding (cp1252, latin-1) instead."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # valid non-ASCII characters
    return text if good >= 4 * bad else None


def _decode_other(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_16", "iso8859_15"]).best()
    if best is not None:
        return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# C0 control characters other than tab, newline and carriage return: not allowed in XML, invisible
# in text, and NUL is refused by PostgreSQL; each becomes U+FFFD, so text length and offsets stay
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Replace unpaired surrogates and control characters (NUL included) by U+FFFD, one for one,
    so no store, JSON or XML encoder refuses the text and character offsets do not move."""
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("\ufffd", text)
