"""Annotation on a Dask cluster: workers annotate, the calling process alone stores.

``kroniek add --workers N`` starts a local cluster of N worker processes with one thread each;
``kroniek add --scheduler tcp://HOST:PORT`` uses a running cluster (its workers need kroniek
installed). Each worker process builds the annotation pipeline once per settings and keeps it
(:func:`annotate_chunk` caches it in a module global), so models load once per worker, not per
article.

:func:`dask_annotator` returns a :class:`DaskAnnotator`: called with a batch of articles it
returns their annotations (or :class:`~kroniek.errors.InputError`) in input order, which is the
``AnnotateBatch`` contract of :func:`kroniek.run.add_paths`. It also offers ``submit`` so that
``add_paths`` can keep the next batch annotating while it stores the previous one.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
from typing import Callable

from .errors import ConfigError, InputError, KroniekError, ModelError
from .model import Annotation, Article
from .settings import Settings

Result = Annotation | InputError

# worker side: one pipeline per settings per worker process
_PIPELINES: dict[Settings, object] = {}


def _pipeline(settings: Settings):
    p = _PIPELINES.get(settings)
    if p is None:
        from .pipeline import Pipeline

        p = _PIPELINES[settings] = Pipeline(settings)
    return p


def annotate_chunk(settings: Settings, articles: list[Article]) -> list:
    """Annotate articles on a worker (runs in the worker process).

    Errors travel back as ``("error", reason, message, where)`` tuples: exceptions with extra
    constructor arguments do not survive pickling. Annotations carry their JSON record, made here."""
    from .run import annotate_one
    from .store.base import with_record_json

    pipeline = _pipeline(settings)
    out: list = []
    for a in articles:
        r = annotate_one(pipeline, a)
        # the JSON record is made here, on the worker, so the single writer only stores it
        out.append(("error", r.reason, r.message, r.where) if isinstance(r, InputError) else with_record_json(r))
    return out


def _unwrap(r) -> Result:
    if isinstance(r, tuple) and r and r[0] == "error":
        return InputError(r[1], r[2], r[3])
    return r


WARM_UP = (Article(id="warm-nl", text="De minister zei maandag in Den Haag dat het kabinet blijft.", lang=None),
           Article(id="warm-en", text="The minister said on Monday in London that the government stays.", lang=None))


def warm(settings: Settings) -> int:
    """Load the pipeline on a worker ahead of the first batch, and the models it loads lazily (by
    annotating two tiny articles); returns the worker's process id."""
    from .run import annotate_one

    pipeline = _pipeline(settings)
    for a in WARM_UP:
        annotate_one(pipeline, a)
    return os.getpid()


def worker_memory() -> dict[str, int]:
    """The worker process's resident memory now and at its peak, in bytes, and the CPU seconds it
    has used (runs on a worker)."""
    import resource

    import psutil

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"rss": psutil.Process().memory_info().rss, "peak_rss": usage.ru_maxrss * 1024,
            "cpu_seconds": usage.ru_utime + usage.ru_stime}


class DaskAnnotator:
    """An ``AnnotateBatch`` that fans a batch out over Dask workers and gathers it in order."""

    def __init__(self, settings: Settings, *, workers: int | None = None, scheduler: str | None = None,
                 chunks_per_worker: int = 4, warm_up: bool = True, connect_timeout: str = "30s"):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the installation
            raise ConfigError("distributed annotation needs Dask: pip install 'kroniek[scale]'") from None
        if workers is not None and workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {workers}")
        self.settings = settings
        self.chunks_per_worker = chunks_per_worker
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=connect_timeout)
            else:
                # loopback only; the scheduler's small HTTP server on a free port (not the shared 8787)
                self.cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                            silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            self._close_quietly()
            where = scheduler or "a local cluster"
            raise ConfigError(f"cannot start or reach the Dask cluster ({where}): {exc}") from None
        atexit.register(self.close)
        if warm_up:
            try:
                self.client.run(warm, settings)
            except KroniekError:
                self.close()
                raise
            except Exception as exc:  # e.g. kroniek missing or a different version on a remote worker
                self.close()
                raise ModelError(f"the Dask workers cannot load the pipeline: {type(exc).__name__}: {exc}") from None

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _chunks(self, batch: list[Article]) -> list[list[Article]]:
        size = max(1, math.ceil(len(batch) / (self.n_workers * self.chunks_per_worker)))
        return [batch[i:i + size] for i in range(0, len(batch), size)]

    def submit(self, batch: list[Article]) -> Callable[[], list[Result]]:
        """Start annotating ``batch``; the returned function waits for and returns the results."""
        chunks = self._chunks(list(batch))
        futures = []
        for c in chunks:
            try:
                futures.append(self.client.submit(annotate_chunk, self.settings, c, pure=False))
            except Exception as exc:  # the chunk cannot be sent (e.g. cannot be pickled)
                futures.append(exc)

        def result() -> list[Result]:
            out: list[Result] = []
            for chunk, fut in zip(chunks, futures):
                try:
                    if isinstance(fut, Exception):
                        raise fut
                    out.extend(_unwrap(r) for r in fut.result())
                except Exception as exc:  # a worker died or a result could not travel: retry one by one
                    out.extend(self._one_by_one(chunk, exc))
            return out

        return result

    def _one_by_one(self, chunk: list[Article], first: Exception) -> list[Result]:
        out: list[Result] = []
        for a in chunk:
            try:
                out.extend(_unwrap(r) for r in self.client.submit(annotate_chunk, self.settings, [a], pure=False).result())
            except Exception as exc:
                out.append(InputError("worker-error", f"annotation failed on the cluster: {type(exc).__name__}: "
                                      f"{exc or first}", a.origin or a.id))
        return out

    def __call__(self, batch: list[Article]) -> list[Result]:
        return self.submit(batch)()

    def memory(self) -> dict[str, dict[str, int]]:
        """Resident and peak memory of every worker, by worker address."""
        return self.client.run(worker_memory)

    def close(self) -> None:
        atexit.unregister(self.close)
        self._close_quietly()

    def _close_quietly(self) -> None:
        for thing in (getattr(self, "client", None), self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # closing is best effort
                    pass
        self.client = None
        self.cluster = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def dask_annotator(settings: Settings, *, workers: int | None = None, scheduler: str | None = None
                   ) -> DaskAnnotator:
    """An annotator for :func:`kroniek.run.add_paths` backed by N local workers or a cluster."""
    return DaskAnnotator(settings, workers=workers, scheduler=scheduler)
