"""Events in the store: merging across articles, report and source counts, timeline items."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

import pytest

from kroniek.dates import parse_published
from kroniek.events.annotate import annotate
from kroniek.model import Annotation, Article, EntityMention, Timex
from kroniek.nlp.backend import BlankBackend
from kroniek.store import open_store

PEOPLE = {"Trump": ("PER", "Donald Trump"), "Poetin": ("PER", "Vladimir Poetin"), "Helsinki": ("LOC", "Helsinki"),
          "Merkel": ("PER", "Angela Merkel"), "Washington": ("LOC", "Washington"), "Biden": ("PER", "Joe Biden")}


def article(aid: str, text: str, published: str, source: str | None, timexes=()) -> Annotation:
    ents = []
    for name, (label, canonical) in PEOPLE.items():
        start = text.find(name)
        while start >= 0:
            ents.append(EntityMention(name, start, start + len(name), label, canonical))
            start = text.find(name, start + 1)
    art = Article(aid, text, published=parse_published(published), lang="nl", source=source)
    ann = Annotation(article=art, published=art.published, lang="nl", entities=tuple(sorted(ents, key=lambda e: e.start)),
                     timexes=tuple(timexes))
    return annotate(BlankBackend().process(text, "nl"), ann)


def monday(text: str, phrase: str = "maandag") -> Timex:
    s = text.index(phrase)
    return Timex(phrase, s, s + len(phrase), "DATE", "2018-07-16", date(2018, 7, 16), date(2018, 7, 16))


PG_URL = os.environ.get("KRONIEK_TEST_PG")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")])]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """An empty store on SQLite and, when KRONIEK_TEST_PG is set, on PostgreSQL (a fresh schema)."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "k.db"))
        yield s
        s.close()
        return
    from conftest import drop_pg_schema, make_pg_schema

    url, name = make_pg_schema()
    s = open_store(url)
    yield s
    s.close()
    drop_pg_schema(name)


def summit_reports() -> list[Annotation]:
    t1 = "Trump had maandag een ontmoeting met Poetin in Helsinki. Het gesprek duurde lang."
    t2 = "Trump en Poetin spraken elkaar in Helsinki."
    t3 = "De ontmoeting tussen Trump en Poetin maandag in Helsinki was een succes."
    t4 = "Merkel ontmoette Biden in Washington."
    return [article("a1", t1, "2018-07-17", "De Standaard", [monday(t1)]),
            article("a2", t2, "2018-07-18", "NRC"),
            article("a3", t3, "2018-07-18", "De Standaard", [monday(t3)]),
            article("a4", t4, "2018-07-18", "NRC")]


def test_ten_reports_one_event(store):
    assert "002_events.sql" in store.migrations()
    anns = summit_reports()
    assert store.add(anns) == ["added"] * 4
    rows = store._rows("SELECT id, type, reports, mentions, sources, earliest, latest, time_anchor FROM events "
                       "ORDER BY id")
    meetings = [r for r in rows if r["type"] == "meeting"]
    assert len(meetings) == 2, rows
    summit = meetings[0]
    assert summit["reports"] == 3  # three articles
    assert summit["mentions"] == 4  # "ontmoeting" + "gesprek" in a1, one each in a2 and a3
    assert summit["sources"] == 2  # De Standaard twice, NRC once
    assert summit["earliest"] == summit["latest"] == "2018-07-16" and summit["time_anchor"] == "timex"
    other = meetings[1]
    assert other["reports"] == 1 and other["sources"] == 1


def test_incompatible_time_or_place_stays_apart(store):
    t1 = "Trump had maandag een ontmoeting met Poetin in Helsinki."
    t2 = "Trump had een ontmoeting met Poetin in Washington."
    t3 = "Trump had vorig jaar een ontmoeting met Poetin."
    last_year = Timex("vorig jaar", t3.index("vorig jaar"), t3.index("vorig jaar") + 10, "DATE", "2017",
                      date(2017, 1, 1), date(2017, 12, 31))
    store.add([article("b1", t1, "2018-07-17", "X", [monday(t1)]), article("b2", t2, "2018-07-18", "Y"),
               article("b3", t3, "2018-07-18", "Z", [last_year])])
    assert store._scalar("SELECT count(*) FROM events WHERE type='meeting'") == 3


def test_candidate_lookup_uses_indexes(store):
    if store.dialect != "sqlite":
        pytest.skip("query plans are checked on SQLite")
    plan = store._rows("EXPLAIN QUERY PLAN SELECT DISTINCT e.id FROM event_index x JOIN events e "
                       "ON e.id = x.event_id WHERE x.entity_id IN (1, 2) AND x.type = 'meeting' "
                       "AND x.window_end >= '2018-07-01' AND x.span = 's' "
                       "AND x.window_start BETWEEN '2018-06-01' AND '2018-07-31'")
    detail = " ".join(str(r["detail"]) for r in plan)
    assert "SEARCH x USING" in detail and "window_start>?ANDwindow_start<?" in detail.replace(" ", "")
    assert "SCAN" not in detail


def test_timeline_items(store):
    store.add(summit_reports())
    items = store.timeline("Poetin")
    events = [i for i in items if i["kind"] == "event"]
    assert len(events) == 1
    e = events[0]
    for key in ("kind", "earliest", "latest", "label", "what", "who", "article_id", "sources"):
        assert key in e
    assert e["earliest"] == "2018-07-16" and e["label"] == "2018-07-16"
    assert "Donald Trump" in e["who"] and "Vladimir Poetin" in e["who"]
    assert e["reports"] == 3 and e["sources"] == 2 and e["place"] == "Helsinki"
    assert e["what"].startswith("meeting in Helsinki")
    assert e["article_ids"] == ["a1", "a2", "a3"]
    merkel = [i for i in store.timeline("Merkel") if i["kind"] == "event"]
    assert len(merkel) == 1 and "Washington" in merkel[0]["what"]


def test_events_of_a_rerun_are_not_double_counted(store):
    anns = summit_reports()
    store.add(anns)
    assert store.add(anns) == ["unchanged"] * 4
    assert store._scalar("SELECT max(reports) FROM events") == 3


def quoted(aid: str, text: str, content: str, published: str, source: str) -> Annotation:
    from kroniek.model import Quote

    ann = article(aid, text, published, source)
    cs = text.index(content)
    q = Quote("direct", content, cs, cs + len(content), "zei", text.index("zei"), "Trump", text.index("Trump"),
              "Donald Trump")
    return annotate(BlankBackend().process(text, "nl"), replace(ann, quotes=(q,), events=()))


def test_statements_merge_only_when_the_words_match(store):
    same = "Het was een groot succes met Poetin"
    t1 = f"'{same}', zei Trump."
    t2 = f"Trump zei: '{same}'."
    t3 = "Trump zei: 'Ik heb niets beloofd'."
    store.add([quoted("q1", t1, same, "2018-07-17", "A"), quoted("q2", t2, same, "2018-07-18", "B"),
               quoted("q3", t3, "Ik heb niets beloofd", "2018-07-18", "C")])
    rows = store._rows("SELECT reports, sources FROM events WHERE type='statement' ORDER BY id")
    assert [(r["reports"], r["sources"]) for r in rows] == [(2, 2), (1, 1)]
    # the timeline shows the quotes themselves; statement events only on request
    from kroniek.events.store import timeline_events

    ids = store.entity_ids("Trump")
    assert timeline_events(store, ids) == []
    assert [i["reports"] for i in timeline_events(store, ids, include_statements=True)] == [2, 1]
    assert [i["kind"] for i in store.timeline("Trump")] == ["quote"] * 3


def test_replacing_an_articles_events(store):
    from kroniek.events.store import remove_article_events, replace_events

    anns = summit_reports()
    store.add(anns)
    n2 = store._scalar("SELECT n FROM articles WHERE id='a2'")
    n4 = store._scalar("SELECT n FROM articles WHERE id='a4'")
    remove_article_events(store, n4)  # Merkel's meeting had only this report: it disappears
    assert store._scalar("SELECT count(*) FROM events WHERE type='meeting'") == 1
    remove_article_events(store, n2)
    assert store._scalar("SELECT reports FROM events WHERE type='meeting'") == 2
    ids = {r["name"]: r["id"] for r in store._rows("SELECT id, name FROM entities")}
    replace_events(store, n2, anns[1], ids)
    replace_events(store, n2, anns[1], ids)  # twice: still counted once
    assert store._scalar("SELECT reports FROM events WHERE type='meeting'") == 3
    assert store._scalar("SELECT count(*) FROM event_index WHERE event_id NOT IN (SELECT id FROM events)") == 0


def test_a_visit_and_a_meeting_can_be_one_event(store):
    t1 = "Poetin brengt maandag een bezoek aan Trump in Washington."
    t2 = "Trump had maandag een ontmoeting met Poetin in Washington."
    store.add([article("v1", t1, "2018-07-17", "A", [monday(t1)]), article("v2", t2, "2018-07-17", "B", [monday(t2)])])
    rows = store._rows("SELECT type, reports FROM events")
    assert [(r["type"], r["reports"]) for r in rows] == [("visit", 2)]


def test_a_plan_that_came_true_is_one_event(store):
    t1 = "Trump heeft maandag een nieuwe ontmoeting met Poetin in Helsinki."
    t2 = "Trump had maandag een ontmoeting met Poetin in Helsinki."
    t3 = "Trump wil een nieuwe ontmoeting met Poetin in Helsinki."  # no date: stays a separate plan
    store.add([article("p1", t1, "2018-07-10", "A", [monday(t1)]), article("p2", t2, "2018-07-17", "B", [monday(t2)]),
               article("p3", t3, "2018-07-18", "C")])
    rows = store._rows("SELECT modality, reports FROM events WHERE type='meeting' ORDER BY id")
    assert [(r["modality"], r["reports"]) for r in rows] == [("happened", 2), ("planned", 1)]


def test_one_shared_person_is_not_enough(store):
    PEOPLE["May"] = ("PER", "Theresa May")
    try:
        t1 = "Trump had maandag een ontmoeting met Poetin."
        t2 = "Trump had maandag een ontmoeting met May."
        t3 = "Trump had maandag een ontmoeting."
        store.add([article("m1", t1, "2018-07-17", "A", [monday(t1)]), article("m2", t2, "2018-07-17", "B", [monday(t2)]),
                   article("m3", t3, "2018-07-17", "C", [monday(t3)])])
    finally:
        del PEOPLE["May"]
    rows = store._rows("SELECT reports FROM events WHERE type='meeting' ORDER BY id")
    assert [r["reports"] for r in rows] == [2, 1]  # "Trump alone" joins the first; May's meeting stays apart
