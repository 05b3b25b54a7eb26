"""The store suite: every test runs on SQLite and, when ``KRONIEK_TEST_PG`` holds a PostgreSQL URL
(``.ci/postgres.sh`` starts a server and sets it), on PostgreSQL too. Each PostgreSQL test works in
its own schema, so parallel runs on one database do not meet.
"""

from __future__ import annotations

from datetime import date

import pytest

from kroniek.dates import parse_published
from kroniek.errors import InputError, NotFound, StoreError
from kroniek.model import Annotation, Article, Timex
from kroniek.store import open_store
from kroniek.store.base import RunCounts

from conftest import BACKENDS, PG_URL, drop_pg_schema, make_pg_schema

@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def backends(f):
    return pytest.mark.parametrize("store_url", BACKENDS, indirect=True)(f)


def art(id: str, text: str, *, lang: str = "nl", published: str | None = "2018-07-17", title: str | None = None,
        source: str | None = None) -> Article:
    return Article(id=id, text=text, title=title, published=parse_published(published), lang=lang, source=source,
                   origin=f"test:{id}")


def ann(article: Article, timexes: tuple[Timex, ...] = ()) -> Annotation:
    return Annotation(article=article, published=article.published, lang=article.lang, timexes=timexes)


CORPUS = [
    art("nl1", "De ministers vergaderden maandag in Den Haag over de begroting.", published="2018-07-16",
        source="krant"),
    art("nl2", "Na de vergadering in Brussel zei de premier dat de begroting klopt.", published="2018-07",
        title="Begroting rond"),
    art("nl3", "Het kabinet viel op dinsdag; de oppositie eiste verkiezingen.", published="2019-01-08"),
    art("en1", "The ministers met in Brussels on Monday to discuss the budget.", lang="en", published="2018-07-16",
        source="wire"),
    art("en2", "Elections were called after the cabinet fell on Tuesday.", lang="en", published=None),
]


def fill(store) -> None:
    statuses = store.add([ann(a) for a in CORPUS])
    assert statuses == ["added"] * len(CORPUS)


# ---- migrations ---------------------------------------------------------------------------------

@backends
def test_migrations_applied_once(store_url):
    s = open_store(store_url)
    assert "001_initial.sql" in s.migrations()
    first = s.migrations()
    assert s.migrate() == []  # nothing pending
    s.close()
    s = open_store(store_url)  # reopening applies nothing again
    assert s.migrations() == first
    assert {"articles", "runs", "failures", "entities", "mentions", "quotes", "timexes"} <= set(s._table_names())
    s.close()


# ---- writing ------------------------------------------------------------------------------------

@backends
def test_add_is_idempotent_and_detects_conflicts(store):
    fill(store)
    assert store.count_articles() == len(CORPUS)
    again = store.add([ann(CORPUS[0]), ann(art("nl1", "Een heel andere tekst."))])
    assert again == ["unchanged", "conflict"]
    assert store.count_articles() == len(CORPUS)
    assert store.article("nl1")["text"] == CORPUS[0].text


@backends
def test_duplicate_ids_in_one_batch_store_once(store):
    a = art("dup", "Twee keer dezelfde tekst in een batch.")
    assert store.add([ann(a), ann(a)]) == ["added", "unchanged"]
    assert store.count_articles() == 1


@backends
def test_failed_batch_stores_nothing(store):
    good = ann(art("ok", "Een goed artikel over de begroting."))
    bad = ann(art("bad", "Een artikel met een kapotte tijdsuitdrukking."),
              timexes=(Timex("kapotte", 14, 21, "DATE", None),))  # value NOT NULL: the insert fails
    with pytest.raises(StoreError):
        store.add([good, bad])
    assert store.count_articles() == 0
    assert store.add([good]) == ["added"]  # the store is usable after the rollback


@backends
def test_known_hashes(store):
    fill(store)
    known = store.known_hashes(["nl1", "en2", "missing"])
    assert set(known) == {"nl1", "en2"}
    assert all(len(h) == 64 for h in known.values())


@backends
def test_article_round_trip(store):
    t = Timex("maandag", 28, 35, "DATE", "2018-07-16", date(2018, 7, 16), date(2018, 7, 16))
    a = art("rt", "De ministers vergaderden op maandag in Den Haag.", title="Vergadering", source="krant")
    store.add([ann(a, (t,))])
    rec = store.article("rt")
    assert rec["text"] == a.text and rec["title"] == "Vergadering" and rec["source"] == "krant"
    assert rec["published"]["earliest"] == "2018-07-17"
    assert rec["timexes"][0]["value"] == "2018-07-16"
    assert rec["text"][rec["timexes"][0]["start"]:rec["timexes"][0]["end"]] == "maandag"
    assert store.records(["rt"])[0]["id"] == "rt"
    with pytest.raises(NotFound):
        store.article("nope")


@backends
def test_article_ids_in_insertion_order(store):
    fill(store)
    assert store.article_ids() == [a.id for a in CORPUS]
    assert [r["id"] for r in store.records()] == [a.id for a in CORPUS]


@backends
def test_text_is_stored_unchanged(store):
    text = "Regel één\n\tmet tab, 'quotes', \"dubbele\", 100% zeker?  En ; -- geen SQL.\u00a0Einde\u2028."
    store.add([ann(art("exact", text))])
    assert store.article("exact")["text"] == text


@backends
def test_update_published_replaces_timexes(store):
    a = art("up", "Op dinsdag viel het kabinet.", published="2019-01")
    store.add([ann(a, (Timex("dinsdag", 3, 10, "DATE", "2019-W02-2"),))])
    from kroniek.dates import Inferred

    pub = a.published.with_inferred(Inferred("2019-01-08", date(2019, 1, 8), date(2019, 1, 8), ("test",)))
    new = Annotation(article=a, published=pub, lang="nl",
                     timexes=(Timex("dinsdag", 3, 10, "DATE", "2019-01-08", date(2019, 1, 8), date(2019, 1, 8)),))
    store.update_published("up", new)
    rec = store.article("up")
    assert rec["published"]["inferred"]["value"] == "2019-01-08"
    assert [t["value"] for t in rec["timexes"]] == ["2019-01-08"]
    with pytest.raises(NotFound):
        store.update_published("nope", new)


# ---- runs and failures --------------------------------------------------------------------------

@backends
def test_runs_and_failures(store):
    run = store.start_run("add test")
    store.record_failure(run, InputError("bad-json", "invalid JSON: Expecting value", "in.jsonl:3"))
    store.record_failure(None, InputError("binary", "binary data, not text", "x.bin"))
    store.finish_run(run, RunCounts(added=2, failed=1, words=10), 0.5)
    assert [(f["reason"], f["where"]) for f in store.failures(run)] == [("bad-json", "in.jsonl:3")]
    assert [f["reason"] for f in store.failures()] == ["bad-json", "binary"]
    assert store.stats()["failures"] == 2
    run2 = store.start_run("add again")
    assert run2 > run


# ---- search -------------------------------------------------------------------------------------

@backends
def test_search_finds_words_and_marks_them(store):
    fill(store)
    hits = store.search("begroting")
    assert {h["id"] for h in hits} == {"nl1", "nl2"}
    assert all("[" in h["snippet"] and "]" in h["snippet"] for h in hits)
    assert all("begroting" in h["snippet"].lower() for h in hits)
    assert {h["id"] for h in store.search("budget")} == {"en1"}
    assert store.search("nergensvoorkomendwoord") == []


@backends
def test_search_requires_every_word(store):
    fill(store)
    assert {h["id"] for h in store.search("begroting Brussel")} == {"nl2"}
    assert {h["id"] for h in store.search("cabinet elections")} == {"en2"}


@backends
def test_search_filters(store):
    fill(store)
    assert {h["id"] for h in store.search("ministers", lang="en")} == {"en1"}
    assert {h["id"] for h in store.search("ministers", source="krant")} == {"nl1"}
    assert {h["id"] for h in store.search("begroting", since="2018-07-17")} == {"nl2"}  # 2018-07 overlaps
    assert {h["id"] for h in store.search("begroting", until="2018-07-15")} == {"nl2"}
    assert {h["id"] for h in store.search("begroting", since="2018-08-01")} == set()
    assert len(store.search("ministers", limit=1)) == 1
    assert len(store.search("ministers", limit=1, offset=1)) == 1
    assert store.search("ministers", limit=1)[0]["id"] != store.search("ministers", limit=1, offset=1)[0]["id"]


@backends
def test_search_title_and_punctuation(store):
    fill(store)
    assert "nl2" in {h["id"] for h in store.search("rond")}  # a word only in the title
    assert {h["id"] for h in store.search("Den Haag!")} == {"nl1"}
    with pytest.raises(StoreError):
        store.search("?!")


@backends
def test_search_quotes_and_sql_in_query_are_harmless(store):
    fill(store)
    assert store.search("budget' OR 1=1 --") == []  # every word is required, none is SQL
    assert {h["id"] for h in store.search('"budget"')} == {"en1"}


@backends
def test_stats(store):
    fill(store)
    st = store.stats()
    assert st["articles"] == len(CORPUS)
    assert st["failures"] == 0


# ---- PostgreSQL specifics -----------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set")
def test_postgres_stems_by_article_language():
    url, name = make_pg_schema()
    try:
        with open_store(url) as s:
            fill(s)
            # Dutch stemming: the plural "vergaderingen" matches "vergadering" in a Dutch article
            assert {h["id"] for h in s.search("vergaderingen")} == {"nl2"}
            # English stemming: "meeting"/"met" are not the same stem, but "minister" matches "ministers"
            assert {h["id"] for h in s.search("minister", lang="en")} == {"en1"}
    finally:
        drop_pg_schema(name)


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set")
def test_postgres_placeholders_translated():
    from kroniek.store.postgres import translate

    assert translate("SELECT ? WHERE a LIKE '%?%' AND \"we?rd\" = ?") == \
        "SELECT %s WHERE a LIKE '%%?%%' AND \"we?rd\" = %s"


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set")
def test_same_results_on_both_backends(tmp_path):
    url, name = make_pg_schema()
    try:
        with open_store(str(tmp_path / "s.db")) as lite, open_store(url) as pg:
            fill(lite)
            fill(pg)
            # words whose stems match nothing else (stemming makes "Brussels" find "Brussel" on PostgreSQL)
            for q in ("begroting", "ministers", "cabinet", "Den Haag", "verkiezingen", "kabinet", "Monday"):
                assert {h["id"] for h in lite.search(q)} == {h["id"] for h in pg.search(q)}, q
            assert lite.article_ids() == pg.article_ids()
            assert lite.records() == pg.records()
            assert lite.stats() == pg.stats()
    finally:
        drop_pg_schema(name)


def test_unreachable_postgres_is_a_store_error():
    with pytest.raises(StoreError):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


@backends
def test_percent_signs_in_sql_and_values(store):
    assert store._scalar("SELECT '100%' || ?", ["!"]) == "100%!"
    assert store._scalar("SELECT '50%'") == "50%"


# ---- entities, quotes, timeline -----------------------------------------------------------------

def people_corpus() -> list[Annotation]:
    from kroniek.model import EntityMention, Quote

    out = []
    for i, (speaker, said) in enumerate([("Mark Rutte", "Het kabinet gaat door"), ("Mark Rutte", "Wij blijven"),
                                         ("Sigrid Kaag", "Dat is onverstandig")]):
        text = f'"{said}", zei {speaker} op dinsdag in Den Haag.'
        s0 = text.index(speaker)
        h0 = text.index("Den Haag")
        ents = (EntityMention(speaker, s0, s0 + len(speaker), "PER", speaker),
                EntityMention("Den Haag", h0, h0 + 8, "LOC", "Den Haag"))
        q = Quote("direct", said, 1, 1 + len(said), "zei", text.index("zei"), speaker, s0, speaker)
        a = art(f"p{i}", text, published=f"2020-03-0{i + 1}")
        out.append(Annotation(article=a, published=a.published, lang="nl", entities=ents, quotes=(q,)))
    return out


@backends
def test_entities_quotes_and_timeline(store):
    pytest.importorskip("kroniek.entities.archive")
    assert store.add(people_corpus()) == ["added"] * 3
    ents = {e["name"]: e for e in store.entities()}
    assert ents["Den Haag"]["mentions"] == 3 and ents["Den Haag"]["articles"] == 3
    assert ents["Mark Rutte"]["articles"] == 2
    assert {e["name"] for e in store.entities(label="PER")} == {"Mark Rutte", "Sigrid Kaag"}
    assert [e["name"] for e in store.entities(query="kaag")] == ["Sigrid Kaag"]
    rutte = store.entity("Mark Rutte")
    assert rutte["label"] == "PER" and [a["id"] for a in rutte["articles"]] == ["p0", "p1"]
    assert {c["name"] for c in rutte["cooccurring"]} == {"Den Haag"}
    assert [q["content"] for q in store.quotes(speaker="Mark Rutte")] == ["Het kabinet gaat door", "Wij blijven"]
    assert [q["article_id"] for q in store.quotes(query="onverstandig")] == ["p2"]
    assert [q["article_id"] for q in store.quotes(since="2020-03-02")] == ["p1", "p2"]
    assert {h["id"] for h in store.search("kabinet", entity="Mark Rutte")} == {"p0"}
    assert store.search("kabinet", entity="Niemand Bekend") == []
    line = store.timeline("Mark Rutte")
    assert [i["article_id"] for i in line if i["kind"] == "quote"] == ["p0", "p1"]
    with pytest.raises(NotFound):
        store.entity("Niemand Bekend")
    st = store.stats()
    assert st["mentions"] == 6 and st["quotes"] == 3


def test_switching_a_new_sqlite_store_to_wal_retries_while_another_process_holds_the_lock():
    import sqlite3

    from kroniek.store.sqlite import _retry_busy

    calls = []

    def step():
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "wal"

    assert _retry_busy(step) == "wal" and len(calls) == 3

    def broken():
        raise sqlite3.OperationalError("no such table: x")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        _retry_busy(broken)

    def always_locked():
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _retry_busy(always_locked, seconds=0.05)
