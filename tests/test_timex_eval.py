"""The timex scorer: GUIDELINES JSONL and TempEval-3 TimeML input."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kroniek.eval.timex import command, read_gold, read_timeml, score

from conftest import ROOT, shared_data

TEXT = "De minister zei gisteren dat het plan in november klaar zal zijn. Vorige week was er overleg."


def _gold(tmp_path, items, text=TEXT):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": 1, "text": text}) + "\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": 1, "published_at": "2019-03-14", "timexes": items}) + "\n")
    return gold, articles


def _item(s, typ, value):
    start = TEXT.index(s)
    return {"start": start, "end": start + len(s), "text": s, "type": typ, "value": value}


def test_scores_against_a_small_gold(tmp_path):
    gold, articles = _gold(tmp_path, [_item("gisteren", "DATE", "2019-03-13"), _item("november", "DATE", "2019-11"),
                                      _item("Vorige week", "DATE", "2019-W10")])
    docs = read_gold(gold, articles)
    s = score(docs, "nl")
    assert s.relaxed.f1 == 1.0 and s.value.f1 == 1.0
    m = score(docs, "nl", as_month=True)
    assert m.containable == 3 and m.contained == 3


def test_month_only_run_reports_containment(tmp_path):
    gold, articles = _gold(tmp_path, [_item("gisteren", "DATE", "2019-03-13")])
    res = CliRunner().invoke(command, ["--gold", str(gold), "--articles", str(articles), "--as-month", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["month-only"]["containment"] == 1.0
    assert out["day"]["value"]["tp"] == 1 and out["day"]["value"]["recall"] == 1.0


def test_bad_offsets_are_reported(tmp_path):
    gold, articles = _gold(tmp_path, [{"start": 0, "end": 2, "text": "xx", "type": "DATE", "value": "2019"}])
    res = CliRunner().invoke(command, ["--gold", str(gold), "--articles", str(articles)])
    assert res.exit_code != 0


def test_reads_timeml(tmp_path):
    (tmp_path / "a.tml").write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3></DCT>'
        '<TEXT>Stocks <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday'
        '</TIMEX3> &amp; rose <TIMEX3 tid="t2" type="DURATION" value="P1W">last week</TIMEX3>.</TEXT></TimeML>')
    (doc,) = read_timeml(tmp_path)
    assert doc.published == "1998-01-08"
    for t in doc.timexes:
        assert doc.text[t["start"]:t["end"]] == t["text"]
    assert score([doc], "en").value.tp >= 1


def test_dev_gold_offsets_are_valid():
    articles = shared_data("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")
    docs = read_gold(ROOT / "eval" / "gold" / "nl-dev-timex.jsonl", articles)  # raises on a bad offset
    assert len(docs) >= 20
    assert sum(len(d.timexes) for d in docs) >= 100


def test_dev_set_follows_its_selection_rule():
    from kroniek.eval.timex import select_dev_ids

    articles = shared_data("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")
    gold_ids = [json.loads(line)["id"] for line in (ROOT / "eval" / "gold" / "nl-dev-timex.jsonl").open()]
    assert gold_ids == select_dev_ids(articles, len(gold_ids))
