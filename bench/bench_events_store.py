"""How storing events scales with the number of events already stored.

Synthetic articles, each with a few meeting events between people drawn from a small pool (so
that every participant has many stored events, the worst case for merge-candidate lookup), dated
over two years. Prints the time per article for each batch: with the indexed lookup it stays flat
as the store grows.

    .venv/bin/python bench/bench_events_store.py [--articles 20000] [--batch 2000] [--db /tmp/bench-events.db]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date, timedelta

from kroniek.dates import parse_published
from kroniek.model import Annotation, Article, EntityMention, Event, Participant
from kroniek.store import open_store

PEOPLE = [f"Persoon {i}" for i in range(40)]
PLACES = [f"Stad {i}" for i in range(20)]
TYPES = ["meeting", "visit", "criticism", "request", "rejection"]


def synthetic(n: int, rng: random.Random) -> Annotation:
    day = date(2018, 1, 1) + timedelta(days=rng.randrange(730))
    a, b = rng.sample(PEOPLE, 2)
    place = rng.choice(PLACES)
    text = f"{a} ontmoette {b} in {place}. " * 3
    ents = (EntityMention(a, 0, len(a), "PER", a), EntityMention(b, len(a) + 11, len(a) + 11 + len(b), "PER", b),
            EntityMention(place, text.index(place), text.index(place) + len(place), "LOC", place))
    events = []
    for k in range(3):
        t = rng.choice(TYPES)
        anchored = rng.random() < 0.5
        events.append(Event(
            type=t, trigger="ontmoette", trigger_start=len(a) + 1, trigger_end=len(a) + 10,
            participants=(Participant("agent", a, 0, len(a), a), Participant("co-participant", b, 0, 0, b)),
            place=place, place_entity=place, place_start=text.index(place),
            time_value=day.isoformat(), time_earliest=day,
            time_latest=day, time_anchor="timex" if anchored else "publication",
            modality="happened", sentence=text[:40], sentence_start=0))
    art = Article(f"bench-{n}", text + f" ({n})", published=parse_published(day.isoformat()), lang="nl",
                  source=f"bron-{n % 7}")
    return Annotation(article=art, published=art.published, lang="nl", entities=ents, events=tuple(events))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--db", default="/tmp/bench-events.db")
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)
    rng = random.Random(7)
    store = open_store(args.db)
    print("articles_stored  events_stored  ms_per_article")
    for start in range(0, args.articles, args.batch):
        anns = [synthetic(n, rng) for n in range(start, start + args.batch)]
        t0 = time.perf_counter()
        store.add(anns)
        dt = time.perf_counter() - t0
        events = store._scalar("SELECT count(*) FROM events")
        print(f"{start + args.batch:>15}  {events:>13}  {1000 * dt / args.batch:>14.2f}")
    store.close()


if __name__ == "__main__":
    main()
