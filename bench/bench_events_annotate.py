"""Time of the events annotator on long articles: the seed repeated N times, with names marked.

    .venv/bin/python bench/bench_events_annotate.py [N ...]     (default: 10 40 160)
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from kroniek.dates import parse_published
from kroniek.events.annotate import annotate
from kroniek.model import Annotation, Article, EntityMention
from kroniek.nlp.backend import BlankBackend

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_f80c548452cfc866.txt"
NAMES = [("Trump", "PER"), ("Poetin", "PER"), ("Helsinki", "LOC"), ("Washington", "LOC"), ("Senaat", "ORG"),
         ("Witte Huis", "ORG"), ("Rusland", "LOC")]


def main(sizes: list[int]) -> None:
    text = SEED.read_text(encoding="utf-8")
    print("copies  words  entities  events  seconds")
    for n in sizes:
        t = "\n\n".join([text] * n)
        ents = sorted((EntityMention(m.group(), m.start(), m.end(), label, name)
                       for name, label in NAMES for m in re.finditer(name, t)), key=lambda e: e.start)
        art = Article("bench", t, published=parse_published("2018-07-20"), lang="nl")
        doc = BlankBackend().process(t, "nl")
        ann = Annotation(article=art, published=art.published, lang="nl", entities=tuple(ents))
        t0 = time.perf_counter()
        out = annotate(doc, ann)
        print(f"{n:>6}  {len(t.split()):>5}  {len(ents):>8}  {len(out.events):>6}  {time.perf_counter() - t0:>7.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 40, 160])
