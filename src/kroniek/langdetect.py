"""Dutch/English language detection with lingua (models ship in its wheel; works offline)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """Return ``"nl"`` or ``"en"`` for ``text`` (Dutch when unsure; the project's first language)."""
    sample = text[:2000]
    if not sample.strip():
        return "nl"
    from lingua import Language

    lang = _detector().detect_language_of(sample)
    return "en" if lang == Language.ENGLISH else "nl"
