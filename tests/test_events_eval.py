"""The MEANTIME reader and the event scores, on a tiny hand-written CAT file and on the shared data."""

from __future__ import annotations

from click.testing import CliRunner

from kroniek.dates import parse_published
from kroniek.eval.events import command, evaluate, gold_modality, read_cat, score_doc
from kroniek.model import Annotation, Article, Event, Participant

from conftest import shared_data

CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="t" lang="en" url="x">
<token number="0" sentence="0" t_id="1">Airbus</token>
<token number="1" sentence="0" t_id="2">won</token>
<token number="2" sentence="0" t_id="3">an</token>
<token number="3" sentence="0" t_id="4">order</token>
<token number="4" sentence="1" t_id="5">Boeing</token>
<token number="5" sentence="1" t_id="6">will</token>
<token number="6" sentence="1" t_id="7">not</token>
<token number="7" sentence="1" t_id="8">protest</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="9" type="DATE" value="2008-03-01"/>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="5"/></ENTITY_MENTION>
<EVENT_MENTION m_id="3" certainty="CERTAIN" polarity="POS" time="NON_FUTURE"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="4" certainty="CERTAIN" polarity="NEG" time="FUTURE"><token_anchor t_id="8"/></EVENT_MENTION>
<ENTITY m_id="20" ent_type="ORG"/>
</Markables>
<Relations>
<HAS_PARTICIPANT sem_role="Arg0"><source m_id="3"/><target m_id="1"/></HAS_PARTICIPANT>
<HAS_PARTICIPANT sem_role="Arg0"><source m_id="4"/><target m_id="2"/></HAS_PARTICIPANT>
<REFERS_TO><source m_id="1"/><target m_id="20"/></REFERS_TO>
</Relations>
</Document>
"""


def test_read_cat(tmp_path):
    path = tmp_path / "t.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = read_cat(path)
    assert doc.text == "Airbus won an order\n\nBoeing will not protest"
    assert doc.dct == "2008-03-01"
    a, b = doc.tok_span["8"]
    assert doc.text[a:b] == "protest"
    assert doc.entity_label == {"1": "ORG"}
    assert doc.participants == [("3", "1", "Arg0"), ("4", "2", "Arg0")]
    assert gold_modality(doc.event_attrs["3"]) == "happened"
    assert gold_modality(doc.event_attrs["4"]) == "denied"


def test_score_doc(tmp_path):
    path = tmp_path / "t.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = read_cat(path)
    t = doc.text
    won = Event("contest", "won", t.index("won"), t.index("won") + 3,
                participants=(Participant("agent", "Airbus", 0, 6, "Airbus"),), modality="happened")
    order = Event("purchase", "order", t.index("order"), t.index("order") + 5, modality="planned")
    art = Article("1", t, published=parse_published("2008-03-01"), lang="en")
    ann = Annotation(article=art, published=art.published, lang="en", events=(won, order))
    s = score_doc(doc, ann)
    assert (s.events.tp, s.events.fp, s.events.fn) == (1, 1, 1)
    assert (s.parts_all.tp, s.parts_all.fp, s.parts_all.fn) == (1, 0, 1)
    assert s.parts_labelled.tp == 1  # Arg0 = agent
    assert (s.modality_right, s.modality_total) == (1, 1)


def test_evaluate_on_shared_meantime():
    folder = shared_data("meantime-en")
    report = evaluate(folder, entities="gold", corpus="airbus", limit=3)
    d = report["corpora"]["corpus_airbus"]
    assert d["docs"] == 3
    ev = d["event_mentions"]
    assert ev["tp"] > 0 and 0 < ev["f1"] <= 1
    assert d["modality"]["matched"] == ev["tp"]  # modality is scored on the matched mentions
    assert d["participants_named"]["fn"] <= d["participants_all"]["fn"]


def test_command_reports_each_corpus():
    folder = shared_data("meantime-en")
    res = CliRunner().invoke(command, ["--meantime", str(folder), "--corpus", "apple", "--limit", "2",
                                       "--entities", "gold"])
    assert res.exit_code == 0, res.output
    assert "corpus_apple" in res.output and "overall" in res.output and "events P" in res.output
