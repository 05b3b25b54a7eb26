"""The analysed text an NLP backend hands to the annotators."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .tokens import Sentence, Token


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character span, e.g. a raw named-entity span from the backend."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Doc:
    """Tokens, sentences and raw entity spans of one article text, with offsets into ``text``."""

    text: str
    lang: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    ents: tuple[Span, ...] = ()
    # token-level tags from backends that provide them (e.g. POS from spaCy); optional
    pos: tuple[str, ...] | None = None
    _sent_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sent_starts", tuple(s.start for s in self.sentences))

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing (or nearest before) character ``offset``."""
        return max(0, bisect_right(self._sent_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Sentence:
        return self.sentences[self.sentence_index(offset)]

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        return self.tokens[sentence.first:sentence.last]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start:sentence.end]
