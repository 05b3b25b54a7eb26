"""Archive-level resolution after storing: narrow imprecise publication days with dated reports
of the same events elsewhere in the store (see :func:`kroniek.timex.archive.infer_from_archive`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .model import Annotation, annotation_from_record
from .store.base import Store

WINDOW_DAYS = 14  # how far outside an article's date interval a report of the same event may be dated


def narrow_store(store: Store, ids: list[str] | None = None) -> int:
    """Re-infer the publication day of every imprecisely dated article (or of ``ids``) from day-dated
    articles that share entities with it. Returns how many articles got a narrower interval."""
    from .timex.archive import infer_from_archive

    narrowed = 0
    for row in store.imprecise_articles(ids):
        lo = date.fromisoformat(row["earliest"]) - timedelta(days=WINDOW_DAYS)
        hi = date.fromisoformat(row["latest"]) + timedelta(days=WINDOW_DAYS)
        candidates = store.dated_neighbours(row["id"], lo.isoformat(), hi.isoformat())
        if not candidates:
            continue
        target = annotation_from_record(store.article(row["id"]))
        others = [annotation_from_record(r) for r in store.records(candidates)]
        new = _with_events_anew(infer_from_archive(target, others))
        before = target.published.bounds()
        after = new.published.bounds()
        if after != before and after[0] is not None and (after[1] - after[0]) < (before[1] - before[0]):
            store.update_published(row["id"], new)
            narrowed += 1
    return narrowed


def _with_events_anew(ann: Annotation) -> Annotation:
    """Events take their time from time expressions and the publication interval: derive them again
    after those changed (tokens and sentences come from the built-in tokenizer)."""
    if not ann.events:
        return ann
    from .events.annotate import annotate as annotate_events
    from .nlp.backend import BlankBackend

    doc = BlankBackend().process(ann.article.text, ann.lang or "nl")
    return annotate_events(doc, replace(ann, events=()))
