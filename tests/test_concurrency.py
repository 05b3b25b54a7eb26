"""Readers and a writer on one SQLite store at the same time (WAL): queries never fail or see half
a batch while `kroniek add` writes; two writers with overlapping input store each article once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from kroniek.store import open_store

from conftest import PG_URL, drop_pg_schema, make_pg_schema

N = 240
BATCH = 8


def write_input(path, n: int = N, start: int = 0) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"id": f"c{i:04d}", "lang": "nl", "published_at": "2020-05-04",
                                 "text": f"Nieuws {i}: de gemeenteraad van Utrecht vergaderde over de begroting. "
                                         f"Wethouder De Vries zei dat onderwerp {i} klaar is."}) + "\n")


def config(tmp_path) -> str:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'nlp = "blank"\nannotators = []\nbatch_size = {BATCH}\n', encoding="utf-8")
    return str(cfg)


def start_add(tmp_path, db: str, src: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kroniek.cli", "--config", config(tmp_path), "add", src,
                             "--db", db, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def feed_slowly(fifo: str, src: str) -> None:
    with open(src, encoding="utf-8") as inp, open(fifo, "w", encoding="utf-8") as out:
        for line in inp:
            out.write(line)
            out.flush()
            time.sleep(0.003)


def test_readers_while_kroniek_add_writes(tmp_path):
    db = str(tmp_path / "store.db")
    open_store(db).close()  # the store exists (and is migrated) before readers open it read-only
    src = tmp_path / "all.jsonl"
    write_input(src)
    fifo = str(tmp_path / "feed.jsonl")
    os.mkfifo(fifo)
    feeder = threading.Thread(target=feed_slowly, args=(fifo, str(src)), daemon=True)
    feeder.start()
    writer = start_add(tmp_path, db, fifo)

    errors: list[BaseException] = []
    seen: list[list[int]] = []

    def reader(k: int) -> None:
        counts = []
        try:
            with open_store(db, readonly=True) as s:
                while writer.poll() is None:
                    n = s.count_articles()
                    counts.append(n)
                    assert n % BATCH == 0 or n == N  # whole batches only: a transaction is seen whole
                    hits = s.search("begroting", limit=5)
                    for h in hits:
                        assert s.article(h["id"])["text"].startswith("Nieuws")
                    ids = s.article_ids()
                    assert len(ids) == len(set(ids)) >= n
                    time.sleep(0.005 * (k + 1))
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        seen.append(counts)

    readers = [threading.Thread(target=reader, args=(k,)) for k in range(3)]
    for t in readers:
        t.start()
    # and a separate reader process, the way a second program (the web server, a shell) would read
    cli_reads = 0
    while writer.poll() is None:
        r = subprocess.run([sys.executable, "-m", "kroniek.cli", "search", "begroting", "--db", db, "--limit", "3",
                            "--json"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        json.loads(r.stdout)
        cli_reads += 1
    out, err = writer.communicate(timeout=120)
    for t in readers:
        t.join(timeout=60)
    feeder.join(timeout=10)
    assert not errors, errors[0]
    assert writer.returncode == 0, err
    assert json.loads(out)["added"] == N
    assert cli_reads >= 1
    assert any(len(set(c)) > 1 for c in seen)  # the readers saw the store grow
    assert all(c == sorted(c) for c in seen)  # and never shrink
    with open_store(db, readonly=True) as s:
        assert s.count_articles() == N


def two_writers(tmp_path, db: str) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_input(a, 160, 0)
    write_input(b, 160, 80)  # 80 articles in both inputs
    p1, p2 = start_add(tmp_path, db, str(a)), start_add(tmp_path, db, str(b))
    (o1, e1), (o2, e2) = p1.communicate(timeout=120), p2.communicate(timeout=120)
    assert p1.returncode == 0, e1
    assert p2.returncode == 0, e2
    s1, s2 = json.loads(o1), json.loads(o2)
    assert s1["added"] + s2["added"] == 240
    assert s1["added"] + s1["unchanged"] == 160 and s2["added"] + s2["unchanged"] == 160
    with open_store(db) as s:
        ids = s.article_ids()
        assert len(ids) == len(set(ids)) == 240


def test_two_writers_store_each_article_once_sqlite(tmp_path):
    two_writers(tmp_path, str(tmp_path / "store.db"))


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")
def test_two_writers_store_each_article_once_postgres(tmp_path):
    url, name = make_pg_schema()
    try:
        open_store(url).close()  # migrate once before the two writers start
        two_writers(tmp_path, url)
    finally:
        drop_pg_schema(name)


def test_web_app_reads_while_kroniek_add_writes(tmp_path):
    web = pytest.importorskip("kroniek.web.app")
    from fastapi.testclient import TestClient

    db = str(tmp_path / "store.db")
    open_store(db).close()
    src = tmp_path / "all.jsonl"
    write_input(src)
    fifo = str(tmp_path / "feed.jsonl")
    os.mkfifo(fifo)
    feeder = threading.Thread(target=feed_slowly, args=(fifo, str(src)), daemon=True)
    feeder.start()
    writer = start_add(tmp_path, db, fifo)
    client = TestClient(web.create_app(db))
    counts = []
    while writer.poll() is None:
        r = client.get("/api/stats")
        assert r.status_code == 200, r.text
        counts.append(r.json()["articles"])
        r = client.get("/api/search", params={"q": "begroting", "limit": 3})
        assert r.status_code == 200, r.text
        time.sleep(0.01)
    out, err = writer.communicate(timeout=120)
    feeder.join(timeout=10)
    assert writer.returncode == 0, err
    assert counts == sorted(counts) and len(set(counts)) > 1
    assert client.get("/api/stats").json()["articles"] == N
