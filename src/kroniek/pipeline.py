"""The annotation pipeline: an NLP backend, then a configured list of annotators.

An annotator is a function ``annotate(doc: Doc, ann: Annotation) -> Annotation`` that
returns a new :class:`~kroniek.model.Annotation` with its findings added. Annotators are
named in :data:`REGISTRY` and chosen by the ``annotators`` setting, in order.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .errors import ConfigError, KroniekError
from .langdetect import detect_language
from .model import Annotation, Article
from .nlp.backend import Backend, load_backend
from .nlp.doc import Doc
from .settings import Settings

Annotator = Callable[[Doc, Annotation], Annotation]

REGISTRY: dict[str, str] = {
    "entities": "kroniek.entities.annotate:annotate",
    "timexes": "kroniek.timex.annotate:annotate",
    "quotes": "kroniek.quotes.annotate:annotate",
    "events": "kroniek.events.annotate:annotate",
}


@lru_cache(maxsize=None)
def load_annotator(name: str) -> Annotator:
    target = REGISTRY.get(name)
    if target is None:
        raise ConfigError(f"unknown annotator {name!r}; known: {', '.join(REGISTRY)}")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


class Pipeline:
    """Turns articles into annotations, following one :class:`Settings`."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.backend: Backend = load_backend(self.settings.nlp)
        self.annotators = [(name, load_annotator(name)) for name in self.settings.annotators]

    def language(self, article: Article) -> str:
        if self.settings.lang != "auto":
            return self.settings.lang
        if article.lang in ("nl", "en"):
            return article.lang
        return detect_language(article.text)

    def annotate(self, article: Article) -> Annotation:
        lang = self.language(article)
        doc = self.backend.process(article.text, lang)
        ann = Annotation(article=article, published=article.published, lang=lang)
        for _name, fn in self.annotators:
            ann = fn(doc, ann)
        return ann

    def annotate_many(self, articles: Iterable[Article]) -> Iterator[Annotation | KroniekError]:
        for article in articles:
            try:
                yield self.annotate(article)
            except KroniekError as exc:
                yield exc


def with_lang(article: Article, lang: str) -> Article:
    return replace(article, lang=lang)
