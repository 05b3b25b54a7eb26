"""Error analysis and speed of the English time tagger on TempEval-3 TBAQ (the visible training data).

    .venv/bin/python bench/timex_en_errors.py [--rule NAME] [--speed] [--timeml DIR]

Per rule: how many matches have the gold value (ok), a different value (bad), or no gold timex (spur);
``--rule NAME`` lists that rule's mismatches; ``--speed`` times recognise + resolve alone (best of 3, one
core). TBAQ is used for development, so these are training-set figures.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kroniek.eval.timex import _match, read_timeml  # noqa: E402
from kroniek.timex.rules import load_language  # noqa: E402
from kroniek.timex.tagger import recognise, resolve_all  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeml", default=str(ROOT.parent / "shared" / "data" / "tempeval3-en" / "TBAQ-cleaned"))
    ap.add_argument("--rule", default=None)
    ap.add_argument("--speed", action="store_true")
    args = ap.parse_args()
    L = load_language("en")
    docs = read_timeml(Path(args.timeml))
    ok: collections.Counter = collections.Counter()
    bad: collections.Counter = collections.Counter()
    spur: collections.Counter = collections.Counter()
    examples = collections.defaultdict(list)
    for d in docs:
        days = [date.fromisoformat(d.published)] if d.published else None
        pred = [{"start": r.mention.start, "end": r.mention.end, "value": r.value, "rule": r.mention.rule.name,
                 "text": r.mention.text, "tense": r.mention.tense}
                for r in resolve_all(recognise(d.text, L), L, days)]
        pairs = _match(d.timexes, pred)
        used = {id(p) for _, p in pairs}
        for g, p in pairs:
            if g["value"] == p["value"]:
                ok[p["rule"]] += 1
            else:
                bad[p["rule"]] += 1
                examples[p["rule"]].append(f"{d.id}\t{g['text']}={g['value']}\t{p['text']}={p['value']} ({p['tense']})")
        for p in pred:
            if id(p) not in used:
                spur[p["rule"]] += 1
                examples[p["rule"]].append(f"{d.id}\tSPURIOUS\t{p['text']}={p['value']}")
    for r in sorted(set(ok) | set(bad) | set(spur), key=lambda r: -(bad[r] + spur[r])):
        print(f"{r:22} ok={ok[r]:4} bad={bad[r]:3} spur={spur[r]:3}")
    if args.rule:
        for e in examples[args.rule]:
            print("  ", e)
    if args.speed:
        n = sum(len(d.text.split()) for d in docs)
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for d in docs:
                resolve_all(recognise(d.text, L), L, [date.fromisoformat(d.published)] if d.published else None)
            best = min(best, time.perf_counter() - t)
        print(f"{n} words, {n / best:,.0f} words/s (recognise + resolve, best of 3, one core)")


if __name__ == "__main__":
    main()
