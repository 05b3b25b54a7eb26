"""Throughput of `kroniek add` with Dask workers: words per second for 1 and 2 workers (and the
in-process annotator for reference), and the peak resident memory of every worker process.

Each configuration reads the same DpgMedia2019 articles (the first ``--articles`` lines of the
JSONL file in ../shared/data/dpgmedia2019-nl), annotates them with the default pipeline (or
``--nlp``/``--annotators``) and stores them in a fresh SQLite store: the whole `add` path, timed
from the first read to the last commit. Starting the cluster and loading the pipeline on the
workers is not timed (it is reported separately).

    .venv/bin/python bench/bench_workers.py --articles 300
    .venv/bin/python bench/bench_workers.py --articles 300 --workers 1 2 --repeat 2 --json out.json
    .venv/bin/python bench/bench_workers.py --articles 500 --local --workers --nlp blank --annotators ""   # ingest only
    .venv/bin/python bench/bench_workers.py --articles 300 --local --workers --pg "$KRONIEK_TEST_PG"

The machine's load average is printed with the figures: on a shared machine they vary.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DPG = ROOT.parent / "shared" / "data" / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"


def sample(n: int, folder: Path) -> Path:
    out = folder / "articles.jsonl"
    with DPG.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in itertools.islice(src, n):
            dst.write(line)
    return out


def pg_schema(url: str):
    """A fresh schema in the PostgreSQL database at ``url``: (store URL, drop function)."""
    import uuid
    from urllib.parse import quote

    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={name}')}", drop


def run_once(src: Path, settings, workers: int | None, pg: str | None = None) -> dict:
    from kroniek.run import add_paths
    from kroniek.store import open_store

    annotator = None
    t0 = time.perf_counter()
    if workers:
        from kroniek.distributed import DaskAnnotator

        annotator = DaskAnnotator(settings, workers=workers)
    startup = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        url, drop = pg_schema(pg) if pg else (str(Path(tmp) / "bench.db"), None)
        store = open_store(url)
        load0 = os.getloadavg()[0]
        cpu0 = _cpu_self()
        wcpu0 = _cpu_workers(annotator)
        summary = add_paths([str(src)], store, settings, annotate_batch=annotator)
        writer_cpu = _cpu_self() - cpu0
        worker_cpu = _cpu_workers(annotator) - wcpu0
        store.close()
        if drop:
            drop()
    out = {"workers": workers or 0, "store": "postgresql" if pg else "sqlite", "articles": summary.counts.added,
           "failed": summary.counts.failed, "reasons": summary.to_dict()["reasons"],
           "words": summary.counts.words, "seconds": round(summary.seconds, 2),
           "words_per_second": round(summary.words_per_second), "startup_seconds": round(startup, 2),
           "load_before": round(load0, 2), "load_after": round(os.getloadavg()[0], 2),
           "writer_cpu_seconds": round(writer_cpu, 2), "worker_cpu_seconds": round(worker_cpu, 2)}
    if annotator is not None:
        mem = annotator.memory()
        out["worker_peak_rss_mb"] = sorted(round(m["peak_rss"] / 2**20) for m in mem.values())
        annotator.close()
    return out


def burn(seconds: float) -> int:
    """Use ``seconds`` of CPU on a worker; returns its process id."""
    t = time.process_time()
    while time.process_time() - t < seconds:
        pass
    return os.getpid()


def parallelism_check(workers: list[int], tasks: int = 8, seconds: float = 0.5) -> dict[int, float]:
    """Wall seconds for ``tasks`` pure CPU tasks on 1, 2, ... workers: how much parallel CPU this
    machine gives the benchmark right now (on a shared machine with per-session fair scheduling,
    more processes do not get more CPU)."""
    import logging

    from distributed import Client, LocalCluster

    out = {}
    for w in workers:
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            client.run(os.getpid)
            t = time.perf_counter()
            client.gather([client.submit(burn, seconds, pure=False) for _ in range(tasks)])
            out[w] = round(time.perf_counter() - t, 2)
    return out


def _cpu_self() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def _cpu_workers(annotator) -> float:
    if annotator is None:
        return 0.0
    return sum(m["cpu_seconds"] for m in annotator.memory().values())


def cpu_bound_estimate(r: dict, cores: int = 2) -> float:
    """Seconds the run would take on ``cores`` idle cores, from the CPU seconds it used: the writer
    and the workers run at once, each worker on its own core (a model, not a measurement)."""
    w, k, wr = r["workers"] or 1, r["worker_cpu_seconds"], r["writer_cpu_seconds"]
    if not r["workers"]:
        return wr
    return max(k / min(w, cores), wr, (k + wr) / cores)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300, help="how many DpgMedia2019 articles (default 300)")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2],
                    help="worker counts to measure (default 1 2; none with --local for the in-process figure only)")
    ap.add_argument("--local", action="store_true", help="also measure the in-process annotator (no Dask)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="rounds over all configurations; the best run of each is reported")
    ap.add_argument("--nlp", default=None, help="NLP backend (default: the settings default)")
    ap.add_argument("--annotators", default=None, help="comma-separated annotators (default: all)")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--pg", default=None, metavar="URL",
                    help="store in PostgreSQL at URL (in a temporary schema, dropped afterwards) instead of SQLite")
    ap.add_argument("--check-parallel", action="store_true",
                    help="first time 8 x 0.5 CPU-seconds of pure computation on each worker count")
    ap.add_argument("--json", dest="json_out", default=None, help="write the results to this file")
    args = ap.parse_args(argv)

    if not DPG.exists():
        print(f"DpgMedia2019 not found at {DPG}", file=sys.stderr)
        return 2
    from kroniek.settings import Settings

    overrides = {"nlp": args.nlp, "batch_size": args.batch_size}
    if args.annotators is not None:
        overrides["annotators"] = tuple(a for a in args.annotators.split(",") if a)
    settings = Settings().with_(**overrides)
    print(f"settings: nlp={settings.nlp} annotators={','.join(settings.annotators) or '-'} "
          f"batch_size={settings.batch_size}; store {'postgresql' if args.pg else 'sqlite'}; {os.cpu_count()} CPUs; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    configs = ([None] if args.local else []) + list(args.workers)
    check = None
    if args.check_parallel and args.workers:
        check = parallelism_check(list(args.workers))
        print("parallelism check, 8 x 0.5 CPU s: " + ", ".join(f"{w} worker(s) {s} s" for w, s in check.items())
              + f" (ideal on 2 idle cores: {', '.join(f'{4 / min(w, 2):.1f} s' for w in check)})")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        src = sample(args.articles, Path(tmp))
        # rounds interleave the configurations (1, 2, 1, 2, ...) so that a change in the machine's
        # load hits them alike; the best run of each is reported
        all_runs: dict = {w: [] for w in configs}
        for _ in range(args.repeat):
            for w in configs:
                all_runs[w].append(run_once(src, settings, w, args.pg))
        for w in configs:
            runs = all_runs[w]
            best = max(runs, key=lambda r: r["words_per_second"])
            best["runs_words_per_second"] = [r["words_per_second"] for r in runs]
            best["all_runs"] = [{k: v for k, v in r.items() if k != "all_runs"} for r in runs]
            results.append(best)
            label = "in-process" if not w else f"{w} worker{'s' if w > 1 else ''}"
            mem = f", worker peak RSS {best.get('worker_peak_rss_mb')} MB" if w else ""
            best["idle_2core_estimate_seconds"] = round(cpu_bound_estimate(best), 2)
            print(f"{label:>11}: {best['words_per_second']:>7,} words/s ({best['articles']} articles, "
                  f"{best['words']:,} words in {best['seconds']} s; runs {best['runs_words_per_second']}; "
                  f"startup {best['startup_seconds']} s; load {best['load_before']}->{best['load_after']}){mem}")
            for r in runs:
                if r["reasons"] != best["reasons"] or not r["words"]:
                    print(f"{'':>11}  a run with failures {r['reasons']} ({r['articles']} articles stored)")
            print(f"{'':>11}  CPU seconds: writer {best['writer_cpu_seconds']}, workers {best['worker_cpu_seconds']}"
                  f" -> {best['idle_2core_estimate_seconds']} s on 2 idle cores (estimate)")
    by_w = {r["workers"]: r["words_per_second"] for r in results}
    if 1 in by_w and 2 in by_w and by_w[1]:
        print(f"speed-up 2 workers / 1 worker: {by_w[2] / by_w[1]:.2f}x measured (target >= 1.7x)")
        est = {r["workers"]: r["idle_2core_estimate_seconds"] for r in results}
        if est.get(2):
            print(f"speed-up on 2 idle cores from CPU seconds (estimate): {est[1] / est[2]:.2f}x")
    print(f"writer process peak RSS: {round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)} MB")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"settings": {"nlp": settings.nlp,
                                                                "annotators": list(settings.annotators)},
                                                   "parallelism_check": check, "results": results}, indent=2),
                                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
