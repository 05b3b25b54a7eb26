"""Speed of the built-in NER (tokenizer + sentence splitter + CRF tagger) against Frog, on one core.

    .venv/bin/python bench/bench_ner.py [--words 50000] [--no-frog] [--json]

Reads DpgMedia2019 articles from ../shared/data (in file order) until ``--words``
whitespace-separated words are collected, tags them with kroniek, then runs
``frog --skip=p`` on the same text, both pinned to one CPU core. Words/s is whitespace words
of the input divided by seconds. Frog is reported with and without its start-up (its own
"Frogging in total took" timer excludes start-up). Because the machine may be shared, CPU
seconds (process time; Frog's from its rusage) are reported too. If Frog is not installed the bench says
so and still prints kroniek's figure (install: apt-get install -y frog frogdata).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
DPG = Path(os.environ.get("KRONIEK_SHARED", ROOT.parent / "shared")) / "data" / "dpgmedia2019-nl" / \
    "dpgMedia2019-articles-byarticle-all.jsonl"


def load_texts(limit: int) -> list[str]:
    texts, words = [], 0
    with open(DPG, encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            text = (art.get("text") or "").strip()
            if not text:
                continue
            texts.append(text)
            words += len(text.split())
            if words >= limit:
                break
    return texts


def pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"cpu {cpu}"
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return "not pinned"


def bench_kroniek(texts: list[str]) -> dict:
    from kroniek.ner import load_ner
    from kroniek.nlp.tokens import sentences, tokenize

    t0 = time.perf_counter()
    model = load_ner("nl")
    load_s = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    n_ents = 0
    tag_s = 0.0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for text in texts:
        toks = tokenize(text)
        sents = sentences(text, toks)
        t1 = time.perf_counter()
        n_ents += len(model.predict(text, toks, sents))
        tag_s += time.perf_counter() - t1
    total_s = time.perf_counter() - t0
    cpu_s = time.process_time() - c0
    return {"cpu_seconds": round(cpu_s, 3), "words_per_cpu_s": round(words / cpu_s),"words": words, "articles": len(texts), "entities": n_ents, "load_s": round(load_s, 3),
            "seconds": round(total_s, 3), "words_per_s": round(words / total_s),
            "ner_only_seconds": round(tag_s, 3), "ner_only_words_per_s": round(words / tag_s)}


_TOOK = re.compile(r"Frogging in total took:\s*(\d+) seconds?, (\d+) milliseconds? and (\d+) microseconds?")


def bench_frog(texts: list[str], cpu: str) -> dict:
    frog = shutil.which("frog")
    if not frog:
        return {"available": False, "note": "frog is not installed (apt-get install -y frog frogdata)"}
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.txt"
        src.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        cmd = [frog, "--skip=p", "-t", str(src), "-o", str(Path(tmp) / "out.tsv")]
        env = dict(os.environ, OMP_NUM_THREADS="1")
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env)  # inherits the one-core affinity
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_s = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if proc.returncode != 0:
            return {"available": True, "error": proc.stderr[-2000:], "cmd": " ".join(cmd)}
        out_lines = (Path(tmp) / "out.tsv").read_text(encoding="utf-8").count("\n")
    res = {"available": True, "cmd": " ".join(cmd[:2]) + " -t FILE -o OUT", "pinned": cpu, "words": words,
           "output_lines": out_lines, "seconds_with_startup": round(wall, 3),
           "words_per_s_with_startup": round(words / wall), "cpu_seconds_with_startup": round(cpu_s, 3),
           "words_per_cpu_s_with_startup": round(words / cpu_s)}
    m = _TOOK.search(proc.stderr)
    if m:
        own = int(m.group(1)) + int(m.group(2)) / 1e3 + int(m.group(3)) / 1e6
        res.update({"seconds_without_startup": round(own, 3), "startup_s": round(wall - own, 3),
                    "words_per_s_without_startup": round(words / own)})
    return res


@click.command()
@click.option("--words", default=50000, show_default=True, help="whitespace words of DpgMedia2019 text to tag")
@click.option("--frog/--no-frog", default=True, show_default=True, help="also time Frog on the same text")
@click.option("--json", "as_json", is_flag=True)
def main(words: int, frog: bool, as_json: bool) -> None:
    if not DPG.exists():
        sys.exit(f"DpgMedia2019 not found at {DPG}")
    cpu = pin_one_core()
    texts = load_texts(words)
    res = {"input": str(DPG), "pinned": cpu, "kroniek": bench_kroniek(texts)}
    if frog:
        res["frog"] = bench_frog(texts, cpu)
        f = res["frog"]
        k = res["kroniek"]["words_per_s"]
        if "words_per_cpu_s_with_startup" in f:
            res["cpu_ratio_with_startup"] = round(res["kroniek"]["words_per_cpu_s"] / f["words_per_cpu_s_with_startup"], 1)
        if "words_per_s_with_startup" in f:
            res["ratio_with_startup"] = round(k / f["words_per_s_with_startup"], 1)
        if "words_per_s_without_startup" in f:
            res["ratio_without_startup"] = round(k / f["words_per_s_without_startup"], 1)
    if as_json:
        print(json.dumps(res, indent=2))
        return
    k = res["kroniek"]
    print(f"input: {k['words']} words, {k['articles']} DpgMedia2019 articles; one core ({cpu})")
    print(f"kroniek: {k['words_per_s']} words/s (tokenize + sentences + NER, {k['seconds']} s; "
          f"NER alone {k['ner_only_words_per_s']} words/s; model load {k['load_s']} s)")
    print(f"kroniek CPU time: {k['words_per_cpu_s']} words per CPU-second ({k['cpu_seconds']} CPU s)")
    if frog:
        f = res["frog"]
        if not f.get("available"):
            print(f"frog: {f['note']}")
        elif "error" in f:
            print(f"frog failed: {f['error']}")
        else:
            line = f"frog --skip=p: {f['words_per_s_with_startup']} words/s with start-up ({f['seconds_with_startup']} s)"
            if "words_per_s_without_startup" in f:
                line += (f", {f['words_per_s_without_startup']} words/s without start-up "
                         f"({f['seconds_without_startup']} s; start-up {f['startup_s']} s)")
            print(line)
            print(f"frog CPU time: {f['words_per_cpu_s_with_startup']} words per CPU-second with start-up "
                  f"({f['cpu_seconds_with_startup']} CPU s)")
            if "ratio_with_startup" in res:
                print(f"ratio kroniek/frog: {res['ratio_with_startup']}x with start-up"
                      + (f", {res['ratio_without_startup']}x without" if "ratio_without_startup" in res else "")
                      + (f"; by CPU time {res['cpu_ratio_with_startup']}x" if "cpu_ratio_with_startup" in res else ""))


if __name__ == "__main__":
    main()
