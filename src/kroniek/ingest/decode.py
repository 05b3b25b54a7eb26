"""Bytes to text: UTF-8 first, then detected encodings (cp1252, latin-1), never a crash."""

from __future__ import annotations

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
        text = _decode_other(data, where)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) in _TEXT_CONTROL)
    if controls > max(8, len(sample) // 50):
        raise InputError("binary", "mostly control characters, not text", where)
    return clean_text(text)


def _decode_other(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_16", "iso8859_15"]).best()
    if best is not None:
        return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def clean_text(text: str) -> str:
    """Replace unpaired surrogates and NUL characters, which no store or JSON encoder accepts."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text
