"""Named-entity recognition: the CRF model shipped with kroniek.

``load_ner(lang)`` returns a tagger with ``predict(text, tokens, sentences) -> list[Span]``,
or None when no model ships for the language. Models are loaded once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..errors import ModelError

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"


@cache
def load_ner(lang: str):
    """The shipped NER model for ``lang`` ("nl"), or None when there is none."""
    if not (MODEL_DIR / f"{lang}.stage1.crfsuite").exists():
        return None
    from .model import NerModel

    try:
        return NerModel(MODEL_DIR, lang)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the NER model for {lang!r}: {exc}") from None
