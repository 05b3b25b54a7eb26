"""Cost of the English quote models: the quotes annotator on English Wikinews with the parse and the syntax models
(where a parser is installed), with the reranker alone, and with rules + tagger.

Tokenising is done once before timing; rounds alternate the two settings so that machine load hits both.

    .venv/bin/python bench/bench_quotes_en.py [ARTICLES] [ROUNDS]     (default: 150 articles, 2 rounds)
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

from kroniek.model import Annotation, Article
from kroniek.nlp.backend import BlankBackend
from kroniek.quotes import annotate as quotes
from kroniek.quotes import syntax

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-en-2019-2020"


def main(n: int, rounds: int) -> None:
    if not DATA.is_dir():
        print(f"no Wikinews data at {DATA}; nothing measured")
        return
    texts: list[str] = []
    csv.field_size_limit(10_000_000)
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh) if row.get("text")]
    texts = texts[:n]
    backend = BlankBackend()
    docs = [(backend.process(t, "en"), Annotation(article=Article(id=str(i), text=t, lang="en"), published=None,
                                                  lang="en")) for i, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    settings = {"parse + reranker": {"KRONIEK_QUOTES_PARSER": "", "KRONIEK_QUOTES_RERANK": "1"},
                "reranker": {"KRONIEK_QUOTES_PARSER": "0", "KRONIEK_QUOTES_RERANK": "1"},
                "rules + tagger": {"KRONIEK_QUOTES_PARSER": "0", "KRONIEK_QUOTES_RERANK": "0"}}
    totals = dict.fromkeys(settings, 0.0)
    found = {}
    with_parse = quotes._parser() is not None
    for _ in range(rounds):
        for name, env in settings.items():
            os.environ.update(env)
            for cached in (quotes._reranker, quotes._tagger, syntax.load_parser):
                cached.cache_clear()
            quotes.annotate(*docs[0])  # load the models outside the timing
            t0 = time.perf_counter()
            found[name] = sum(len(quotes.annotate(d, a).quotes) for d, a in docs)
            totals[name] += time.perf_counter() - t0
    print(f"{len(texts)} articles, {words} words, {rounds} rounds"
          + ("" if with_parse else " (no parser installed: the first two rows are the same)"))
    for name, seconds in totals.items():
        print(f"{name:>17}: {words * rounds / seconds:>8.0f} words/s, {found[name]} quotes")
    base = totals["rules + tagger"]
    print(f"time against rules + tagger: parse + reranker {totals['parse + reranker'] / base:.2f}, "
          f"reranker {totals['reranker'] / base:.2f}")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 150, args[1] if len(args) > 1 else 2)
