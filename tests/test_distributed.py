"""Annotation on a real Dask cluster with two worker processes; one writer stores in input order."""

from __future__ import annotations

import json
import logging
import os

import pytest

from kroniek.errors import InputError
from kroniek.model import Annotation, Article
from kroniek.run import add_paths, local_annotator
from kroniek.settings import Settings
from kroniek.store import open_store

distributed = pytest.importorskip("distributed")

FAST = Settings(nlp="blank", annotators=())


@pytest.fixture(scope="module")
def cluster():
    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                 dashboard_address="127.0.0.1:0",
                                 silence_logs=logging.ERROR)
    yield c
    c.close()


@pytest.fixture(scope="module")
def annotator(cluster):
    from kroniek.distributed import dask_annotator

    d = dask_annotator(FAST, scheduler=cluster.scheduler_address)
    yield d
    d.close()


def articles(n: int) -> list[Article]:
    return [Article(id=f"a{i:03d}", text=f"Artikel {i}. De minister sprak op dag {i} in Den Haag met {i} mensen.",
                    lang="nl", origin=f"test:{i}") for i in range(n)]


def test_workers_are_separate_processes_with_one_pipeline_each(annotator):
    from kroniek import distributed as kd

    annotator(articles(20))
    pids = annotator.client.run(os.getpid)
    assert len(pids) == 2 and os.getpid() not in pids.values()
    loaded = annotator.client.run(lambda: len(kd._PIPELINES))
    assert set(loaded.values()) == {1}  # loaded once per worker, kept between batches
    mem = annotator.memory()
    assert all(m["peak_rss"] >= m["rss"] > 0 for m in mem.values())


def test_results_come_back_in_input_order_and_match_local(annotator):
    batch = articles(37)
    remote = annotator(batch)
    local = local_annotator(FAST)(batch)
    assert [r.article.id for r in remote] == [a.id for a in batch]
    assert all(isinstance(r, Annotation) for r in remote)
    assert [r.to_dict() for r in remote] == [r.to_dict() for r in local]


def test_errors_come_back_in_place(cluster):
    from kroniek.distributed import DaskAnnotator

    small = Settings(nlp="blank", annotators=(), max_article_chars=200)
    batch = articles(3) + [Article(id="big", text="woord " * 50, origin="test:big")] + articles(2)
    with DaskAnnotator(small, scheduler=cluster.scheduler_address) as d:
        out = d(batch)
    assert [type(r).__name__ for r in out] == ["Annotation"] * 3 + ["InputError"] + ["Annotation"] * 2
    assert out[3].reason == "too-large" and out[3].where == "test:big"


def test_add_paths_with_workers_stores_everything_once_in_order(annotator, tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": f"j{i:03d}", "text": f"Bericht {i} over de begroting en de minister.", "lang": "nl"}
            for i in range(45)]
    src.write_text("\n".join(json.dumps(r) for r in rows[:20]) + "\n{kapot\n"
                   + "\n".join(json.dumps(r) for r in rows[20:]) + "\n", encoding="utf-8")
    store = open_store(str(tmp_path / "s.db"))
    summary = add_paths([str(src)], store, FAST.with_(batch_size=8), annotate_batch=annotator)
    assert summary.counts.added == 45 and summary.counts.failed == 1
    assert summary.failures[0].reason == "bad-json"
    assert store.article_ids() == [r["id"] for r in rows]
    again = add_paths([str(src)], store, FAST.with_(batch_size=8), annotate_batch=annotator)
    assert again.counts.added == 0 and again.counts.unchanged == 45
    assert store.count_articles() == 45
    store.close()


def test_cli_add_with_local_workers(tmp_path):
    import subprocess
    import sys

    cfg = tmp_path / "k.toml"
    cfg.write_text('nlp = "blank"\nannotators = []\n', encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"c{i}", "text": f"Tekst nummer {i} over Utrecht."})
                             for i in range(12)) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    res = subprocess.run([sys.executable, "-m", "kroniek.cli", "--config", str(cfg), "add", str(src), "--db", str(db),
                          "--workers", "2", "--json"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["added"] == 12
    with open_store(str(db)) as s:
        assert s.count_articles() == 12


def test_bad_worker_count_or_scheduler_is_a_clear_error():
    from kroniek.distributed import DaskAnnotator, dask_annotator
    from kroniek.errors import ConfigError

    with pytest.raises(ConfigError):
        dask_annotator(FAST, workers=0)
    with pytest.raises(ConfigError, match="cannot start or reach"):
        DaskAnnotator(FAST, scheduler="tcp://127.0.0.1:1", connect_timeout="1s")


def test_worker_error_result_is_an_input_error(annotator):
    # an article that cannot travel to a worker (unpicklable field) fails alone, with a reason
    class Odd(str):
        def __reduce__(self):
            raise TypeError("cannot pickle this")

    batch = articles(2) + [Article(id="odd", text=Odd("Een vreemde tekst."), origin="test:odd")]
    out = annotator(batch)
    assert [type(r).__name__ for r in out[:2]] == ["Annotation", "Annotation"]
    assert isinstance(out[2], InputError) and out[2].reason == "worker-error"


@pytest.mark.slow
def test_a_worker_that_dies_costs_only_its_article():
    import dask
    from distributed.diagnostics.plugin import WorkerPlugin

    from kroniek.distributed import DaskAnnotator

    class CrashOn(WorkerPlugin):  # on every (re)started worker: the article "crash" kills the process
        def setup(self, worker):
            import kroniek.run as kr

            if getattr(kr.annotate_one, "crashes", False):
                return
            orig = kr.annotate_one

            def annotate_one(pipeline, article):
                if article.id == "crash":
                    os._exit(13)
                return orig(pipeline, article)

            annotate_one.crashes = True
            kr.annotate_one = annotate_one

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
    try:
        with DaskAnnotator(FAST, scheduler=cluster.scheduler_address) as d:
            d.client.register_plugin(CrashOn())
            batch = articles(5) + [Article(id="crash", text="Dit artikel laat de worker vallen.", origin="t:crash")] \
                + articles(3)
            out = d(batch)
            assert [getattr(r, "reason", "ok") for r in out] == ["ok"] * 5 + ["worker-error"] + ["ok"] * 3
            assert out[5].where == "t:crash"
            assert [r.article.id for r in out if isinstance(r, Annotation)] == [a.id for a in batch if a.id != "crash"]
    finally:
        cluster.close()
