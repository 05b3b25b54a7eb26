"""Load benchmark for `kroniek serve`: p50/p95 latency of search and entity pages.

Builds (or reuses) a store with the 1,388 DpgMedia2019 articles through `kroniek add`, starts
`kroniek serve` on a free loopback port, and sends a fixed number of requests with a bounded
number in flight (an asyncio/httpx load generator; loopback only). Targets: the search page and
its JSON twin for words taken from the store, and the entity page and its JSON twin for the most
mentioned entities.

    .venv/bin/python bench/bench_web.py                      # 2,000 requests, 8 in flight
    .venv/bin/python bench/bench_web.py --requests 4000 --concurrency 16 --json

The store goes to out/bench-web.db (git-ignored); pass --db to reuse another one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
KRONIEK = [sys.executable, "-m", "kroniek.cli"]
SEARCH_WORDS = ["Trump", "Nederland", "regering", "politie", "Amsterdam", "klimaat", "Brexit", "onderzoek", "minister",
                "Europa", "school", "voetbal", "economie", "rechter", "vluchtelingen", "Rutte", "zorg", "China"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def build(db: Path, data: Path) -> dict:
    """`kroniek add` the articles; on an existing store this only checks them (unchanged articles are
    skipped before annotation), so a store is built once and reused."""
    db.parent.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    r = subprocess.run([*KRONIEK, "add", str(data), "--db", str(db), "--json"], capture_output=True, text=True)
    if r.returncode not in (0, 1):  # 1: some inputs failed (the data set has articles with empty text)
        raise SystemExit(f"kroniek add failed: {r.stderr[-2000:]}")
    summary = json.loads(r.stdout)
    return {"articles": stored_articles(db), "added": summary["added"], "unchanged": summary["unchanged"],
            "failed": summary["failed"], "reasons": summary["reasons"],
            "add_seconds": round(time.perf_counter() - t, 1)}


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([*KRONIEK, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kroniek serve exited: {proc.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("kroniek serve did not start")


def targets(base: str, n_entities: int) -> dict[str, list[str]]:
    ents = httpx.get(f"{base}/api/entities?limit={n_entities}").json()["items"]
    names = [e["name"] for e in ents]
    return {
        "search (HTML)": [f"/search?q={quote(w)}" for w in SEARCH_WORDS],
        "search (JSON)": [f"/api/search?q={quote(w)}" for w in SEARCH_WORDS],
        "entity (HTML)": [f"/entities/{quote(n, safe='')}" for n in names],
        "entity (JSON)": [f"/api/entities/{quote(n, safe='')}" for n in names],
    }


async def load(base: str, plan: list[tuple[str, str]], concurrency: int) -> list[tuple[str, float, int]]:
    """Send every request in ``plan`` with at most ``concurrency`` in flight; (kind, seconds, status)."""
    results: list[tuple[str, float, int]] = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker():
            while True:
                try:
                    kind, path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    status = r.status_code
                except httpx.HTTPError:
                    status = 0
                results.append((kind, time.perf_counter() - t, status))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=ROOT / "out" / "bench-web.db")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--entities", type=int, default=50, help="How many of the most mentioned entities to request.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"data not found: {args.data}")
    info = build(args.db, args.data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.db, port)
    try:
        groups = targets(base, args.entities)
        rng = random.Random(args.seed)
        kinds = list(groups)
        plan = [(k, rng.choice(groups[k])) for k in (kinds[i % len(kinds)] for i in range(args.requests))]
        rng.shuffle(plan)
        asyncio.run(load(base, plan[: min(50, len(plan))], args.concurrency))  # warm-up, not counted
        t = time.perf_counter()
        results = asyncio.run(load(base, plan, args.concurrency))
        wall = time.perf_counter() - t
    finally:
        server.terminate()
        server.wait(10)
    report = {"store": info, "requests": len(results), "concurrency": args.concurrency,
              "seconds": round(wall, 2), "requests_per_second": round(len(results) / wall, 1),
              "errors": sum(1 for _, _, s in results if s != 200),
              "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(), "pages": {}}
    for kind in [*kinds, "all"]:
        lat = [s for k, s, _ in results if kind == "all" or k == kind]
        report["pages"][kind] = {"n": len(lat), "p50_ms": round(pct(lat, 50) * 1000, 1),
                                 "p95_ms": round(pct(lat, 95) * 1000, 1), "max_ms": round(max(lat) * 1000, 1),
                                 "mean_ms": round(statistics.fmean(lat) * 1000, 1),
                                 "errors": sum(1 for k, _, s in results if (kind == "all" or k == kind) and s != 200)}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"store: {info['articles']} articles (kroniek add: added {info['added']}, unchanged {info['unchanged']}, "
          f"failed {info['failed']} {info['reasons']}, {info['add_seconds']} s)")
    print(f"{report['requests']} requests, {args.concurrency} in flight, {report['seconds']} s, "
          f"{report['requests_per_second']} req/s, errors {report['errors']}; load average {report['load_average']} "
          f"on {report['cpus']} CPUs")
    print(f"{'page':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for kind, r in report["pages"].items():
        print(f"{kind:<16}{r['n']:>6}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['max_ms']:>9}{r['errors']:>8}")


if __name__ == "__main__":
    main()
