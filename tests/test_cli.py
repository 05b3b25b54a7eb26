"""The CLI end to end on store mechanics (a blank pipeline keeps these fast)."""

import json

import pytest
from click.testing import CliRunner

from kroniek.cli import main

from conftest import SEED


@pytest.fixture
def blank_cfg(tmp_path):
    cfg = tmp_path / "blank.toml"
    cfg.write_text('[kroniek]\nnlp = "blank"\nannotators = []\nlang = "nl"\n', encoding="utf-8")
    return str(cfg)


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def test_annotate_writes_one_record_per_article(tmp_path, blank_cfg):
    (tmp_path / "a.txt").write_text("date 2019-03 Eerste artikel.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tweede artikel.", encoding="utf-8")
    r = run("--config", blank_cfg, "annotate", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert r.exit_code == 0, r.output
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["id"] for x in recs] == ["a", "b"]
    assert recs[0]["published"] == {"as_given": "2019-03", "granularity": "month",
                                     "earliest": "2019-03-01", "latest": "2019-03-31"}
    assert recs[1]["published"]["earliest"] is None
    assert set(recs[0]) >= {"id", "title", "lang", "published", "entities", "quotes", "timexes", "events"}


def test_annotate_published_option_and_bad_value(tmp_path, blank_cfg):
    (tmp_path / "a.txt").write_text("Artikel.", encoding="utf-8")
    r = run("--config", blank_cfg, "annotate", "--published", "2018-07-20", str(tmp_path / "a.txt"))
    assert json.loads(r.stdout)["published"]["granularity"] == "day"
    r = run("--config", blank_cfg, "annotate", "--published", "juli", str(tmp_path / "a.txt"))
    assert r.exit_code == 2


def test_annotate_reports_broken_input_and_goes_on(tmp_path, blank_cfg):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "ok.txt").write_text("Goed artikel.", encoding="utf-8")
    r = run("--config", blank_cfg, "annotate", str(tmp_path / "in"))
    assert r.exit_code == 1
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["ok"]
    assert "[empty]" in r.stderr


def test_add_twice_stores_once_and_queries_answer(tmp_path, blank_cfg):
    db = str(tmp_path / "k.db")
    r = run("--config", blank_cfg, "add", str(SEED), "--db", db, "--json")
    assert r.exit_code == 0, r.output
    first = json.loads(r.stdout)
    assert first["added"] == 1 and first["failed"] == 0
    second = json.loads(run("--config", blank_cfg, "add", str(SEED), "--db", db, "--json").stdout)
    assert second["added"] == 0 and second["unchanged"] == 1
    shown = json.loads(run("show", "000_f80c548452cfc866", "--db", db, "--json").stdout)
    assert shown["published"]["as_given"] == "2018-07" and shown["text"].startswith("Na hun ontmoeting")
    hits = json.loads(run("search", "Helsinki Poetin", "--db", db, "--json").stdout)
    assert [h["id"] for h in hits] == ["000_f80c548452cfc866"] and "[Helsinki]" in hits[0]["snippet"]
    assert json.loads(run("search", "Kuala Lumpur", "--db", db, "--json").stdout) == []
    table = run("search", "Helsinki", "--db", db).stdout
    assert "000_f80c548452cfc866" in table


def test_add_failure_sets_exit_status_and_is_recorded(tmp_path, blank_cfg):
    db = str(tmp_path / "k.db")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_text("date 2018-99 Tekst.", encoding="utf-8")
    (tmp_path / "in" / "good.txt").write_text("Tekst.", encoding="utf-8")
    r = run("--config", blank_cfg, "add", str(tmp_path / "in"), "--db", db)
    assert r.exit_code == 1
    assert "added 1" in r.stdout and "bad-date" in r.stdout
    fails = json.loads(run("failures", "--db", db, "--json").stdout)
    assert [f["reason"] for f in fails] == ["bad-date"]


def test_same_id_with_other_text_is_a_conflict_not_an_overwrite(tmp_path, blank_cfg):
    db = str(tmp_path / "k.db")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Eerste versie.", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("Tweede versie.", encoding="utf-8")
    run("--config", blank_cfg, "add", str(tmp_path / "a"), "--db", db)
    r = run("--config", blank_cfg, "add", str(tmp_path / "b"), "--db", db, "--json")
    assert r.exit_code == 1 and json.loads(r.stdout)["reasons"] == {"id-conflict": 1}
    assert json.loads(run("show", "x", "--db", db, "--json").stdout)["text"] == "Eerste versie."


def test_show_unknown_article_is_a_clear_error(tmp_path, blank_cfg):
    db = str(tmp_path / "k.db")
    run("--config", blank_cfg, "add", str(SEED), "--db", db)
    r = run("show", "nope", "--db", db)
    assert r.exit_code == 1 and "no article 'nope'" in r.output


def test_query_without_store_is_a_clear_error(tmp_path):
    r = run("entities", "--db", str(tmp_path / "missing.db"))
    assert r.exit_code == 1 and "kroniek add" in r.output
