"""Nothing lost, nothing twice: `kroniek add` killed with SIGKILL mid-run, then run again, stores
every article exactly once (SQLite, and PostgreSQL when ``KRONIEK_TEST_PG`` is set).

The input is a named pipe that the test feeds line by line, so the kill lands while `kroniek add`
is reading, annotating and writing, after some batches are committed and before the rest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from kroniek.store import open_store

from conftest import PG_URL, drop_pg_schema, make_pg_schema

N = 200
BATCH = 10


def rows() -> list[dict]:
    return [{"id": f"r{i:03d}", "lang": "nl", "published_at": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}",
             "text": f"Bericht {i}. De gemeenteraad van Utrecht besprak op dinsdag punt {i} van de agenda. "
                     f"Wethouder Jansen zei dat het plan {i} doorgaat."} for i in range(N)]


def kroniek(tmp_path, db: str, src: str) -> subprocess.Popen:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'nlp = "blank"\nannotators = []\nbatch_size = {BATCH}\n', encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "kroniek.cli", "--config", str(cfg), "add", src, "--db", db,
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count(db: str) -> int:
    try:
        with open_store(db) as s:
            return s.count_articles()
    except Exception:
        return 0


def feed(fifo: str, lines: list[str], stop: threading.Event) -> None:
    try:
        with open(fifo, "w", encoding="utf-8") as fh:
            for line in lines:
                if stop.is_set():
                    return
                fh.write(line + "\n")
                fh.flush()
                time.sleep(0.004)
            stop.wait(60)  # keep the pipe open: the reader waits for more until it is killed
    except BrokenPipeError:
        pass


def kill_mid_run_then_resume(tmp_path, db: str) -> None:
    data = [json.dumps(r) for r in rows()]
    fifo = str(tmp_path / "feed.jsonl")
    os.mkfifo(fifo)
    stop = threading.Event()
    writer = threading.Thread(target=feed, args=(fifo, data[:150], stop), daemon=True)
    writer.start()
    proc = kroniek(tmp_path, db, fifo)
    deadline = time.monotonic() + 60
    while count(db) < 3 * BATCH and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stop.set()
    writer.join(timeout=5)
    stored_after_kill = count(db)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < stored_after_kill < N  # killed mid-run

    full = tmp_path / "all.jsonl"
    full.write_text("\n".join(data) + "\n", encoding="utf-8")
    second = kroniek(tmp_path, db, str(full))
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    summary = json.loads(out)
    assert summary["added"] == N - stored_after_kill
    assert summary["unchanged"] == stored_after_kill
    assert summary["failed"] == 0

    with open_store(db) as s:
        ids = s.article_ids()
        assert len(ids) == len(set(ids)) == N
        assert sorted(ids) == sorted(r["id"] for r in rows())
        texts = {r["id"]: r["text"] for r in rows()}
        assert all(rec["text"] == texts[rec["id"]] for rec in s.records())

    third = kroniek(tmp_path, db, str(full))  # and once more: nothing changes
    out, _ = third.communicate(timeout=120)
    assert third.returncode == 0 and json.loads(out)["added"] == 0
    assert count(db) == N


@pytest.mark.slow
def test_sigkill_then_rerun_stores_each_article_once_sqlite(tmp_path):
    kill_mid_run_then_resume(tmp_path, str(tmp_path / "store.db"))


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")
def test_sigkill_then_rerun_stores_each_article_once_postgres(tmp_path):
    url, name = make_pg_schema()
    try:
        kill_mid_run_then_resume(tmp_path, url)
    finally:
        drop_pg_schema(name)


def kill_repeatedly_then_finish(tmp_path, db: str) -> None:
    """Kill `kroniek add` at several moments of a run on a plain file (reading, annotating or inside a
    write transaction), then let a last run finish: still every article exactly once."""
    many = [{"id": f"k{i:04d}", "lang": "nl", "text": f"Kort bericht {i} over de raad van Utrecht en de begroting."}
            for i in range(4000)]
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in many) + "\n", encoding="utf-8")
    before = 0
    kills = 0
    for delay in (0.05, 0.1, 0.15):
        proc = kroniek(tmp_path, db, str(src))
        deadline = time.monotonic() + 60
        while count(db) <= before and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        before = count(db)
        if before == len(many):
            break
        kills += 1
    assert kills >= 1  # at least one run was killed before the end
    last = kroniek(tmp_path, db, str(src))
    out, err = last.communicate(timeout=180)
    assert last.returncode == 0, err
    assert json.loads(out)["added"] == len(many) - before
    with open_store(db) as s:
        ids = s.article_ids()
        assert len(ids) == len(set(ids)) == len(many)
        assert s.stats()["articles"] == len(many)


@pytest.mark.slow
def test_repeated_kills_sqlite(tmp_path):
    kill_repeatedly_then_finish(tmp_path, str(tmp_path / "store.db"))


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")
def test_repeated_kills_postgres(tmp_path):
    url, name = make_pg_schema()
    try:
        kill_repeatedly_then_finish(tmp_path, url)
    finally:
        drop_pg_schema(name)
