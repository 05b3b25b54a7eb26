"""The two jobs behind the CLI: annotate inputs to records, and add inputs to the store.

Data flows one way: read (ingest) -> annotate (pipeline) -> resolve across the archive ->
store. One broken article is recorded with its reason and the run goes on.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from .dates import Published
from .errors import InputError, KroniekError, StoreError
from .ingest import read_inputs
from .model import Annotation, Article
from .pipeline import Pipeline
from .settings import Settings
from .store.base import RunCounts, Store, content_hash, word_count


def annotate_one(pipeline: Pipeline, article: Article) -> Annotation | InputError:
    """Annotate one article; an unexpected failure becomes an ``annotate-error`` for that article only."""
    big = too_large(article, pipeline.settings)
    if big is not None:
        return big
    try:
        return pipeline.annotate(article)
    except KroniekError as exc:
        return InputError("annotate-error", str(exc), article.origin or article.id)
    except Exception as exc:  # a bug in an annotator must not stop the run: it is recorded with the article
        return InputError("annotate-error", f"{type(exc).__name__}: {exc}", article.origin or article.id)


def too_large(article: Article, settings: Settings) -> InputError | None:
    """A ``too-large`` error for an article over the ``max_article_chars`` setting, else None."""
    if len(article.text) <= settings.max_article_chars:
        return None
    return InputError("too-large", f"article of {len(article.text):,} characters is over the "
                      f"{settings.max_article_chars:,}-character limit", article.origin or article.id)


def annotate_paths(paths: Sequence[str], settings: Settings, published: Published | None = None
                   ) -> Iterator[Annotation | InputError]:
    """Annotations (or errors) for every article in ``paths``, in input order."""
    pipeline = Pipeline(settings)
    for item in read_inputs(paths, published):
        yield item if isinstance(item, InputError) else annotate_one(pipeline, item)


@dataclass
class RunSummary:
    run_id: int | None
    counts: RunCounts = field(default_factory=RunCounts)
    failures: list[InputError] = field(default_factory=list)
    seconds: float = 0.0
    narrowed: int = 0

    @property
    def words_per_second(self) -> float:
        return self.counts.words / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        reasons: dict[str, int] = {}
        for f in self.failures:
            reasons[f.reason] = reasons.get(f.reason, 0) + 1
        return {"run": self.run_id, "added": self.counts.added, "unchanged": self.counts.unchanged,
                "failed": self.counts.failed, "reasons": reasons, "words": self.counts.words,
                "seconds": round(self.seconds, 2), "words_per_second": round(self.words_per_second),
                "publication_days_narrowed": self.narrowed,
                "failures": [{"where": f.where, "reason": f.reason, "message": f.message} for f in self.failures]}


AnnotateBatch = Callable[[list[Article]], list[Annotation | InputError]]


def local_annotator(settings: Settings) -> AnnotateBatch:
    pipeline = Pipeline(settings)
    return lambda batch: [annotate_one(pipeline, a) for a in batch]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# batches annotated ahead of the one being stored (only for annotators that offer ``submit``)
LOOKAHEAD = 2


def _store_batch(store: Store, anns: list[Annotation], run_id: int | None,
                 fail: Callable[[InputError], None]) -> list[str]:
    """Store a batch in one transaction; if the store refuses it, store the articles one by one so
    that a single unstorable article is recorded as a ``store-error`` and the rest are kept."""
    if not anns:
        return []
    try:
        return store.add(anns, run_id)
    except StoreError:
        pass
    statuses = []
    for ann in anns:
        try:
            statuses += store.add([ann], run_id)
        except StoreError as exc:
            fail(InputError("store-error", str(exc), ann.article.origin or ann.article.id))
            statuses.append("failed")
    return statuses


def add_paths(paths: Sequence[str], store: Store, settings: Settings, *, published: Published | None = None,
              annotate_batch: AnnotateBatch | None = None, progress: Callable[[int], None] | None = None,
              command: str = "add") -> RunSummary:
    """Read, annotate and store every article in ``paths``.

    Articles already stored with the same text are skipped before annotation (so a rerun after a
    crash resumes where it stopped); each batch is stored in one transaction.
    """
    start = time.perf_counter()
    run_id = store.start_run(command)
    summary = RunSummary(run_id)
    annotate_batch = annotate_batch or local_annotator(settings)

    def fail(err: InputError) -> None:
        summary.failures.append(err)
        summary.counts.failed += 1
        store.record_failure(run_id, err)

    # a batch is read and checked against the store, handed to the annotator, and stored when its
    # results are back; an annotator with ``submit`` (the Dask one) works on the next batch meanwhile
    submit = getattr(annotate_batch, "submit", None) or (lambda todo: (lambda: annotate_batch(todo)))
    pending: deque[tuple[int, Callable[[], list]]] = deque()
    added: list[str] = []

    def store_results(size: int, results: list) -> None:
        anns = []
        for r in results:
            if isinstance(r, InputError):
                fail(r)
            else:
                anns.append(r)
        for ann, status in zip(anns, _store_batch(store, anns, run_id, fail)):
            if status == "added":
                added.append(ann.article.id)
                summary.counts.added += 1
                summary.counts.words += word_count(ann.article.text)
            elif status == "unchanged":
                summary.counts.unchanged += 1
            elif status == "conflict":
                fail(InputError("id-conflict", "a different text is already stored under this id",
                                ann.article.origin or ann.article.id))
        if progress:
            progress(size)

    for batch in _batches(read_inputs(paths, published), settings.batch_size):
        articles = []
        for item in batch:
            if isinstance(item, InputError):
                fail(item)
            else:
                articles.append(item)
        known = store.known_hashes(a.id for a in articles)
        todo = []
        for a in articles:
            prev = known.get(a.id)
            if prev is None:
                big = too_large(a, settings)  # refused here, so it is never sent to a worker
                if big is not None:
                    fail(big)
                else:
                    todo.append(a)
            elif prev == content_hash(a.text):
                summary.counts.unchanged += 1
            else:
                fail(InputError("id-conflict", "a different text is already stored under this id", a.origin or a.id))
        pending.append((len(batch), submit(todo) if todo else (lambda: [])))
        if len(pending) > LOOKAHEAD:
            size, result = pending.popleft()
            store_results(size, result())
    while pending:
        size, result = pending.popleft()
        store_results(size, result())
    summary.narrowed = archive_pass(store, added) if "timexes" in settings.annotators and added else 0
    summary.seconds = time.perf_counter() - start
    store.finish_run(run_id, summary.counts, summary.seconds)
    return summary


def archive_pass(store: Store, added: list[str]) -> int:
    """Narrow publication days of imprecisely dated articles with dated reports of the same events
    elsewhere in the store: the new articles themselves, and older ones that share an entity with
    them. Returns how many articles were narrowed."""
    from .archive import narrow_store

    targets = store.imprecise_related(added)
    return narrow_store(store, targets) if targets else 0
