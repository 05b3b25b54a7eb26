"""Stores for the web tests: the seed article and a few inline articles with hand-made
annotations (so assertions do not depend on annotator quality), and optionally the bundled
sample run through the default pipeline."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

from kroniek.dates import parse_published
from kroniek.model import Annotation, Article, EntityMention, Event, Participant, Quote, Timex
from kroniek.store import open_store
from kroniek.store.base import norm

ROOT = Path(__file__).resolve().parents[2]

HOSTILE_TEXT = (
    'Burgemeester <script>alert("x")</script> Jan Klaassen sprak in Gent.\n\n'
    '<img src=x onerror="alert(2)"> "Dit is <b>geen</b> probleem", zei Klaassen op 3 maart 2019. '
    'Ook <a href="javascript:alert(3)">deze link</a> en " onmouseover="alert(4) blijven tekst.'
)
MONTH_TEXT = "In March, Acme Corp said it would open a plant in Ghent. \"We are ready\", said Jane Doe on Friday."
YEAR_TEXT = "Vladimir Poetin bezocht dat jaar opnieuw Helsinki. Het najaar bracht nieuwe gesprekken."


def ensure_entity_key() -> None:
    """The store keys entities with ``kroniek.entities.archive.entity_key``; until the entities
    work provides it, tests fall back to a key of label and normalised name."""
    try:
        import kroniek.entities.archive  # noqa: F401
    except ImportError:
        mod = types.ModuleType("kroniek.entities.archive")
        mod.entity_key = lambda name, label: f"{label}:{norm(name)}"
        sys.modules["kroniek.entities.archive"] = mod


def _find(text: str, s: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(s, pos + 1)
    return pos


def ent(text, s, label, entity, nth=0, wikidata=None, refers_to=None) -> EntityMention:
    i = _find(text, s, nth)
    return EntityMention(s, i, i + len(s), label, entity, wikidata, refers_to)


def tx(text, s, value, earliest, latest, type_="DATE", nth=0) -> Timex:
    i = _find(text, s, nth)
    return Timex(s, i, i + len(s), type_, value, date.fromisoformat(earliest), date.fromisoformat(latest))


def quote(text, content, cue, speaker, canonical, kind="direct") -> Quote:
    cs = _find(text, content)
    return Quote(kind, content, cs, cs + len(content), cue, _find(text, cue) if cue else None, speaker,
                 _find(text, speaker) if speaker else None, canonical)


def seed_annotation(seed: Article) -> Annotation:
    t = seed.text
    ents = [
        ent(t, "Helsinki", "LOC", "Helsinki"),
        ent(t, "Donald Trump", "PER", "Donald Trump", wikidata="Q22686"),
        ent(t, "Russische", "MISC", "Russische", refers_to="Rusland"),
        ent(t, "Vladimir Poetin", "PER", "Vladimir Poetin", wikidata="Q7747"),
        ent(t, "Trump", "PER", "Donald Trump", nth=2),
        ent(t, "John Bolton", "PER", "John Bolton"),
        ent(t, "Washington", "LOC", "Washington"),
        ent(t, "Dan Coates", "PER", "Dan Coates"),
    ]
    wij = "'Wij staan altijd open voor dergelijke voorstellen'"
    idee = "'Ik heb geen idee van wat er tijdens die meeting is gebeurd'"
    quotes = [
        quote(t, wij, "klinkt het", None, "Vladimir Poetin"),
        quote(t, idee, "zei", "Dan Coates", "Dan Coates"),
    ]
    timexes = [
        tx(t, "in het najaar", "2018-FA", "2018-09-23", "2018-12-21"),
        tx(t, "donderdagavond", "2018-07-19TEV", "2018-07-19", "2018-07-19", type_="TIME"),
        tx(t, "vorige maandag", "2018-07-16", "2018-07-16", "2018-07-16"),
    ]
    # fix the cue of the second quote to the "zei" right after it
    q2 = quotes[1]
    cue_at = t.index("zei", q2.content_end)
    quotes[1] = Quote(q2.kind, q2.content, q2.content_start, q2.content_end, "zei", cue_at, "Dan Coates",
                      t.index("Dan Coates", cue_at), "Dan Coates")
    # the planned visit "in het najaar": an interval, to be drawn as a span
    sent_start = t.index("Trump heeft bij")
    sentence = t[sent_start:t.index(".", t.index("in het najaar")) + 1]
    trig = t.index("op bezoek")
    visit = Event(type="meeting", trigger="op bezoek", trigger_start=trig, trigger_end=trig + len("op bezoek"),
                  participants=(Participant("agent", "Poetin", t.index("Poetin", sent_start),
                                            t.index("Poetin", sent_start) + 6, "Vladimir Poetin"),),
                  place="Washington", place_entity="Washington", place_start=t.index("Washington"),
                  time_value="2018-FA", time_earliest=date(2018, 9, 23), time_latest=date(2018, 12, 21),
                  time_start=t.index("in het najaar"), time_anchor="timex", modality="planned",
                  sentence=sentence, sentence_start=sent_start)
    return Annotation(seed, seed.published, tuple(sorted(ents, key=lambda e: e.start)), tuple(quotes),
                      tuple(timexes), (visit,), lang="nl")


def inline_annotations() -> list[Annotation]:
    out = []
    h = Article("hostile-1", HOSTILE_TEXT, title='Titel <script>alert("t")</script> & "quotes"',
                url="javascript:alert(6)",
                published=parse_published("2019-03-03"), lang="nl", source="test <b>bron</b>")
    hq = '"Dit is <b>geen</b> probleem"'
    out.append(Annotation(h, h.published, (
        ent(HOSTILE_TEXT, "Jan Klaassen", "PER", "Jan Klaassen"),
        ent(HOSTILE_TEXT, "Gent", "LOC", "Gent"),
        ent(HOSTILE_TEXT, '<script>alert("x")</script>', "MISC", '<script>alert("x")</script>'),
    ), (Quote("direct", hq, HOSTILE_TEXT.index(hq), HOSTILE_TEXT.index(hq) + len(hq), "zei",
              HOSTILE_TEXT.index("zei"), "Klaassen", HOSTILE_TEXT.index("Klaassen op"), '"><svg onload=alert(5)>'),),
        (tx(HOSTILE_TEXT, "3 maart 2019", "2019-03-03", "2019-03-03", "2019-03-03"),), lang="nl"))
    m = Article("month-en-1", MONTH_TEXT, title="Acme opens a plant", published=parse_published("2019-03"),
                lang="en", source="Example Wire")
    we = '"We are ready"'
    out.append(Annotation(m, m.published, (
        ent(MONTH_TEXT, "Acme Corp", "ORG", "Acme Corp"),
        ent(MONTH_TEXT, "Ghent", "LOC", "Gent"),
        ent(MONTH_TEXT, "Jane Doe", "PER", "Jane Doe"),
    ), (Quote("direct", we, MONTH_TEXT.index(we), MONTH_TEXT.index(we) + len(we), "said",
              MONTH_TEXT.index("said J"), "Jane Doe", MONTH_TEXT.index("Jane Doe"), "Jane Doe"),),
        (tx(MONTH_TEXT, "March", "2019-03", "2019-03-01", "2019-03-31"),), lang="en"))
    y = Article("year-nl-1", YEAR_TEXT, title="Poetin opnieuw in Helsinki", published=parse_published("2018"),
                lang="nl")
    out.append(Annotation(y, y.published, (
        ent(YEAR_TEXT, "Vladimir Poetin", "PER", "Vladimir Poetin"),
        ent(YEAR_TEXT, "Helsinki", "LOC", "Helsinki"),
    ), (), (tx(YEAR_TEXT, "Het najaar", "2018-FA", "2018-09-23", "2018-12-21"),), lang="nl"))
    return out


def build_store(path: Path | str, seed: Article) -> str:
    """A store at ``path`` (a SQLite file or a PostgreSQL URL) with the hand-annotated seed and inline
    articles."""
    ensure_entity_key()
    store = open_store(str(path))
    statuses = store.add([seed_annotation(seed), *inline_annotations()])
    assert statuses == ["added"] * 4, statuses
    store.close()
    return str(path)


def build_sample_store(path: Path) -> str:
    """A store with the bundled sample (seed, Helsinki report, English Wikinews) run through the
    default pipeline, as ``kroniek add sample/`` would build it."""
    from kroniek.run import add_paths
    from kroniek.settings import Settings

    store = open_store(str(path))
    add_paths([str(ROOT / "sample")], store, Settings())
    store.close()
    return str(path)


def pg_schema() -> tuple[str, str] | None:
    """A fresh schema in the PostgreSQL test database (``KRONIEK_TEST_PG``): (URL, name), or None."""
    import os
    import uuid
    from urllib.parse import quote as urlquote

    base = os.environ.get("KRONIEK_TEST_PG")
    if not base:
        return None
    import psycopg

    name = f"web_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={urlquote(f'-csearch_path={name}')}", name


def drop_pg_schema(name: str) -> None:
    import os

    import psycopg

    with psycopg.connect(os.environ["KRONIEK_TEST_PG"], autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
