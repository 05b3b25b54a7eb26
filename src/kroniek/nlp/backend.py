"""NLP backends: where tokens, sentences and raw named-entity spans come from.

Chosen by the ``nlp`` setting:

- ``kroniek`` (default): the built-in tokenizer and sentence splitter with the NER model
  shipped in the package (:mod:`kroniek.ner`); no downloads.
- ``blank``: tokens and sentences only, no named entities.
- ``spacy:NAME_OR_PATH``: any installed spaCy pipeline (``spacy:nl_core_news_lg``, a
  transformer pipeline, or a folder); its tokens, sentences and entities are used.
"""

from __future__ import annotations

from typing import Protocol

from ..errors import ModelError
from .doc import Doc, Span
from .tokens import Sentence, Token, sentences, tokenize

# spaCy / OntoNotes labels mapped onto the CoNLL-2002 set
LABEL_MAP = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG", "NORP": "MISC",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}


class Backend(Protocol):
    name: str

    def process(self, text: str, lang: str) -> Doc: ...


class BlankBackend:
    """Tokens and sentences, no entities."""

    name = "blank"

    def process(self, text: str, lang: str) -> Doc:
        toks = tokenize(text)
        return Doc(text, lang, tuple(toks), tuple(sentences(text, toks)))


class KroniekBackend(BlankBackend):
    """Built-in tokenizer plus the NER model shipped for the language (see kroniek.ner)."""

    name = "kroniek"

    def __init__(self) -> None:
        self._taggers: dict[str, object] = {}

    def _tagger(self, lang: str):
        if lang not in self._taggers:
            from ..ner import load_ner

            self._taggers[lang] = load_ner(lang)
        return self._taggers[lang]

    def process(self, text: str, lang: str) -> Doc:
        toks = tokenize(text)
        sents = sentences(text, toks)
        tagger = self._tagger(lang)
        ents: tuple[Span, ...] = ()
        if tagger is not None:
            ents = tuple(tagger.predict(text, toks, sents))
        return Doc(text, lang, tuple(toks), tuple(sents), ents)


class SpacyBackend:
    """Any spaCy pipeline, loaded by package name or path."""

    def __init__(self, target: str) -> None:
        try:
            import spacy
        except ImportError:  # pragma: no cover - depends on the installation
            raise ModelError("the spacy backend needs spaCy: pip install 'kroniek[spacy]'") from None
        try:
            self.nlp = spacy.load(target)
        except (OSError, ValueError, ImportError) as exc:
            raise ModelError(f"cannot load spaCy pipeline {target!r}: {exc}") from None
        self.name = f"spacy:{target}"
        self._has_sents = any(p in self.nlp.pipe_names for p in ("parser", "senter", "sentencizer"))

    def process(self, text: str, lang: str) -> Doc:
        sdoc = self.nlp(text)
        toks = [Token(t.text, t.idx, t.idx + len(t.text)) for t in sdoc if not t.is_space]
        index = {t.i: n for n, t in enumerate(t for t in sdoc if not t.is_space)}
        if self._has_sents:
            sents = []
            for s in sdoc.sents:
                ids = [index[t.i] for t in s if t.i in index]
                if ids:
                    sents.append(Sentence(toks[ids[0]].start, toks[ids[-1]].end, ids[0], ids[-1] + 1))
        else:
            sents = sentences(text, toks)
        ents = tuple(Span(e.start_char, e.end_char, LABEL_MAP.get(e.label_, "MISC")) for e in sdoc.ents)
        pos = tuple(t.pos_ for t in sdoc if not t.is_space) if sdoc.has_annotation("POS") else None
        return Doc(text, lang, tuple(toks), tuple(sents), ents, pos)


def load_backend(name: str) -> Backend:
    if name == "kroniek":
        return KroniekBackend()
    if name == "blank":
        return BlankBackend()
    if name.startswith("spacy:"):
        return SpacyBackend(name.split(":", 1)[1])
    raise ModelError(f"unknown NLP backend {name!r}")
