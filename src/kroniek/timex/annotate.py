"""The timexes annotator: time expressions with TIMEX3 values, and the publication day narrowed where possible.

``annotate(doc, ann)`` is registered in the pipeline; ``analyse(text, lang, published)`` does the work and is
shared with :mod:`kroniek.timex.archive`, which adds evidence from other articles.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..dates import Published
from ..model import Annotation, Timex
from ..nlp.doc import Doc
from .infer import Constraint, Inference, infer
from .rules import DATA_DIR, load_language
from .tagger import Mention, recognise, resolve_all

LANGS = tuple(sorted(p.stem for p in DATA_DIR.glob("*.toml")))


def timexes_for(mentions: Sequence[Mention], lang: str, inference: Inference) -> tuple[Timex, ...]:
    L = load_language(lang)
    return tuple(Timex(r.mention.text, r.mention.start, r.mention.end, r.type, r.value, r.earliest, r.latest, r.mod)
                 for r in resolve_all(mentions, L, inference.candidates or None, inference.preferred or None))


def analyse(text: str, lang: str, published: Published, extra: Sequence[Constraint] = (),
            mentions: Sequence[Mention] | None = None, infer_day: bool = True
            ) -> tuple[tuple[Timex, ...], Published, list[Mention]]:
    """Timexes of ``text`` and the publication date with ``inferred`` filled in when evidence narrows it."""
    L = load_language(lang)
    if mentions is None:
        mentions = recognise(text, L)
    if infer_day:
        inference = infer(published, mentions, L, extra)
    else:
        from .tagger import day_range

        days = tuple(day_range(published.earliest, published.latest) or ())
        inference = Inference(days, days, None)
    timexes = timexes_for(mentions, lang, inference)
    if inference.inferred is not None:
        published = published.with_inferred(inference.inferred)
    return timexes, published, list(mentions)


def annotate(doc: Doc, ann: Annotation) -> Annotation:
    lang = ann.lang or doc.lang
    if lang not in LANGS:
        return ann
    timexes, published, _ = analyse(doc.text, lang, ann.published)
    return replace(ann, timexes=timexes, published=published)
