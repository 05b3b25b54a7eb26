"""Export of stored events: JSON Lines, CSV, Turtle and JSON-LD (Simple Event Model)."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kroniek.events.export import SEM, command
from kroniek.store import open_store

from test_events_store import summit_reports


PG_URL = os.environ.get("KRONIEK_TEST_PG")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")])]


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    """A store URL with the summit reports, on SQLite and (when KRONIEK_TEST_PG is set) PostgreSQL."""
    if request.param == "sqlite":
        url = str(tmp_path / "k.db")
        name = None
    else:
        from conftest import make_pg_schema

        url, name = make_pg_schema()
    s = open_store(url)
    s.add(summit_reports())
    s.close()
    yield url
    if name:
        from conftest import drop_pg_schema

        drop_pg_schema(name)


def run(db, *args) -> str:
    res = CliRunner().invoke(command, ["--db", db, *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_jsonl(db):
    rows = [json.loads(line) for line in run(db, "--format", "jsonl").splitlines()]
    summit = next(r for r in rows if r["place"] == "Helsinki")
    assert summit["type"] == "meeting" and summit["reports"] == 3 and summit["sources"] == 2
    assert {p["name"] for p in summit["participants"]} >= {"Donald Trump", "Vladimir Poetin"}
    assert len(summit["mention_list"]) == summit["mentions"] == 4
    assert summit["earliest"] == "2018-07-16"


def test_csv(db, tmp_path):
    out = tmp_path / "events.csv"
    run(db, "--format", "csv", "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    summit = next(r for r in rows if r["place"] == "Helsinki")
    assert "Vladimir Poetin (" in summit["participants"] and summit["reports"] == "3"
    assert summit["article_ids"] == "a1 a2 a3"


@pytest.mark.parametrize("fmt,parse", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_rdf_sem(db, fmt, parse):
    g = Graph().parse(data=run(db, "--format", fmt), format=parse)
    sem = Namespace(SEM)
    events = list(g.subjects(RDF.type, sem.Event))
    assert len(events) == 2
    helsinki = [e for e in events if any("Helsinki" in str(lbl) for p in g.objects(e, sem.hasPlace)
                                         for lbl in g.objects(p, Namespace("http://www.w3.org/2000/01/rdf-schema#").label))]
    assert len(helsinki) == 1
    ev = helsinki[0]
    assert len(list(g.objects(ev, sem.hasActor))) >= 2
    assert str(next(g.objects(ev, sem.hasBeginTimeStamp))) == "2018-07-16"
    assert next(g.objects(ev, sem.hasTime), None) is not None
    assert len(list(g.objects(ev, Namespace("http://groundedannotationframework.org/gaf#").denotedBy))) == 4


def test_entity_filter(db):
    rows = [json.loads(line) for line in run(db, "--format", "jsonl", "--entity", "Merkel").splitlines()]
    assert len(rows) == 1 and rows[0]["place"] == "Washington"


def test_missing_store(tmp_path):
    res = CliRunner().invoke(command, ["--db", str(tmp_path / "none.db")])
    assert res.exit_code != 0 and "no store" in res.output
