"""The quote scorer on hand-made examples, the gold readers, and the dev gold file's offsets."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT, shared_data

from kroniek.eval.quotes import (
    command,
    match,
    read_gold,
    read_polnear,
    same_speaker,
    score,
)
from kroniek.model import Quote


def Q(s, e, speaker=None, canonical=None, kind="direct", sp_start=None):
    return Quote(kind, "x" * (e - s), s, e, None, None, speaker, sp_start, canonical)


def test_overlap_must_be_half_of_union():
    gold = [Q(0, 100)]
    assert len(match([Q(0, 50)], gold)) == 1  # overlap 50, union 100
    assert match([Q(0, 49)], gold) == []  # overlap 49 < 50
    assert match([Q(60, 200)], gold) == []  # overlap 40, union 200


def test_one_to_one_best_first():
    gold = [Q(0, 100), Q(100, 200)]
    pred = [Q(0, 100), Q(5, 100)]
    pairs = match(pred, gold)
    assert len(pairs) == 1 and pairs[0][0].content_start == 0


def test_scores_by_hand():
    gold = (Q(0, 100, "Hij", "Donald Trump"), Q(200, 300, "Poetin", "Vladimir Poetin", kind="indirect"),
            Q(400, 450, "ingewijden", "ingewijden", kind="mixed"))
    pred = (Q(0, 90, "Trump", "Trump"),  # match, right speaker (surname)
            Q(210, 300, "Sanders", "Sarah Sanders"),  # match, wrong speaker
            Q(600, 700, "Coates", "Dan Coates"))  # spurious
    s = score([(pred, gold)])
    assert (s.content.tp, s.content.fp, s.content.fn) == (2, 1, 1)
    assert (s.attribution.tp, s.attribution.fp, s.attribution.fn) == (1, 2, 2)
    assert s.content.f1 == pytest.approx(2 / 3)
    assert s.recall_by_kind == {"direct": (1, 1), "indirect": (1, 1), "mixed": (0, 1)}


def test_same_speaker_is_loose_but_not_blind():
    g = Q(0, 10, "de minister", "Cora van Nieuwenhuizen", sp_start=50)
    assert same_speaker(Q(0, 10, "Van Nieuwenhuizen", "Van Nieuwenhuizen"), g)
    assert same_speaker(Q(0, 10, "de minister", None, sp_start=50), g)  # same mention
    assert not same_speaker(Q(0, 10, "Jellesma", "Gjalt Jellesma", sp_start=90), g)
    assert same_speaker(Q(0, 10, "het Witte Huis", "Witte Huis"), Q(0, 10, "het Witte Huis", "het Witte Huis"))
    none = Q(0, 10)
    assert same_speaker(Q(0, 10), none) and not same_speaker(Q(0, 10, "hij", "Trump"), none)


def test_read_gold_fills_text_from_articles(tmp_path):
    arts = tmp_path / "a.jsonl"
    arts.write_text(json.dumps({"id": 7, "text": "Hij zei dat het regent.", "published_at": "2019-03-01"}) + "\n")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": 7, "quotes": [{"kind": "indirect", "content_start": 12, "content_end": 22,
                                                     "cue": "zei", "cue_start": 4, "speaker": "Hij",
                                                     "speaker_start": 0, "speaker_canonical": None}]}) + "\n")
    (doc,) = read_gold(gold, arts)
    assert doc.quotes[0].content == "het regent"
    result = CliRunner().invoke(command, ["--gold", str(gold), "--articles", str(arts), "--nlp", "blank",
                                          "--no-entities"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["gold"]["content"]["tp"] == 1 and out["gold"]["content"]["f1"] == 1.0


def test_bad_offsets_are_reported(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": 1, "text": "Kort.", "quotes": [{"content_start": 0, "content_end": 50}]}) + "\n")
    result = CliRunner().invoke(command, ["--gold", str(gold), "--nlp", "blank", "--no-entities"])
    assert result.exit_code != 0 and "outside" in result.output


def test_polnear_brat_reader(tmp_path):
    root = tmp_path / "polnear"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    text = "Officials said the plan failed. “It is over,” he said."
    (root / "dev" / "text" / "nyt_2016-09-09_x.txt").write_text(text)
    ann = ("T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 30\tthe plan failed\n"
           "E1\tAttribution:T9 Content:T3 Cue:T2 Source:T1\n"
           "T4\tContent 32 45;46 50\t“It is over,” he\nT5\tSource 46 48\the\nT6\tCue 49 53\tsaid\n"
           "E2\tAttribution:T8 Content:T4 Cue:T6 Source:T5\n")
    (root / "dev" / "attributions" / "nyt_2016-09-09_x_ab12.ann").write_text(ann)
    (doc,) = read_polnear(root, "dev")
    assert [q.content for q in doc.quotes] == ["the plan failed", text[32:50]]
    assert doc.quotes[0].speaker_canonical == "Officials" and doc.quotes[1].kind == "direct"


def test_polnear_last_scores_only_the_last_articles(tmp_path):
    root = tmp_path / "polnear"
    (root / "train" / "text").mkdir(parents=True)
    (root / "train" / "attributions").mkdir(parents=True)
    for name in ("a_2016-01-01_x", "b_2016-01-02_y"):
        (root / "train" / "text" / f"{name}.txt").write_text("Officials said the plan failed.")
        (root / "train" / "attributions" / f"{name}_ab12.ann").write_text(
            "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 30\tthe plan failed\n"
            "E1\tAttribution:T9 Content:T3 Cue:T2 Source:T1\n")
    args = ["--polnear", str(root), "--split", "train", "--nlp", "blank", "--no-entities"]
    whole = json.loads(CliRunner().invoke(command, args).output)["polnear"]
    last = json.loads(CliRunner().invoke(command, [*args, "--last", "1"]).output)["polnear"]
    assert whole["docs"] == 2 and last["docs"] == 1
    assert last["content"]["tp"] + last["content"]["fn"] == 1


def test_dev_gold_offsets_are_valid():
    path = ROOT / "eval" / "gold" / "nl-dev-quotes.jsonl"
    arts = shared_data("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")
    docs = read_gold(path, arts)
    assert len(docs) >= 20 and sum(len(d.quotes) for d in docs) >= 60
    for d in docs:
        for q in d.quotes:
            assert q.kind in ("direct", "indirect", "mixed")
            if q.cue is not None:
                assert d.text[q.cue_start:q.cue_start + len(q.cue)] == q.cue


def test_dev_selection_rule_reproduces_the_gold_ids():
    from kroniek.eval.quotes import select_dev_ids

    arts = shared_data("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")
    labels = shared_data("dpgmedia2019-nl", "dpgMedia2019-labels-byarticle.jsonl")
    gold_ids = sorted(json.loads(line)["id"] for line in
                      (ROOT / "eval" / "gold" / "nl-dev-quotes.jsonl").read_text().splitlines() if line.strip())
    assert select_dev_ids(arts, labels) == gold_ids


@pytest.mark.parametrize(("which", "name"), [(1, "nl-check-quotes.jsonl"), (2, "nl-check2-quotes.jsonl"),
                                             (3, "nl-check3-quotes.jsonl"), (4, "nl-check4-quotes.jsonl"),
                                             (5, "nl-check5-quotes.jsonl")])
def test_check_selection_rule_reproduces_the_check_ids(which, name):
    from kroniek.eval.quotes import select_check_ids

    arts = shared_data("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")
    labels = shared_data("dpgmedia2019-nl", "dpgMedia2019-labels-byarticle.jsonl")
    path = ROOT / "eval" / "gold" / name
    gold_ids = sorted(json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip())
    earlier = {json.loads(line)["id"] for f in ["nl-dev-quotes.jsonl", "nl-check-quotes.jsonl",
                                                 "nl-check2-quotes.jsonl"][:which]
               for line in (ROOT / "eval" / "gold" / f).read_text().splitlines() if line.strip()}
    assert select_check_ids(arts, labels, which) == gold_ids
    assert not earlier & set(gold_ids)
    docs = read_gold(path, arts)
    for d in docs:
        for q in d.quotes:
            assert q.kind in ("direct", "indirect", "mixed")
            assert 0 <= q.content_start < q.content_end <= len(d.text)
            if q.cue is not None:
                assert d.text[q.cue_start:q.cue_start + len(q.cue)] == q.cue
            if q.speaker is not None:
                assert d.text[q.speaker_start:q.speaker_start + len(q.speaker)] == q.speaker


@pytest.mark.parametrize(("remainder", "name"), [(3, "nl-train-quotes.jsonl"), (4, "nl-train2-quotes.jsonl"),
                                                 (1, "nl-train3-quotes.jsonl")])
def test_train_selection_rule_reproduces_the_development_ids(remainder, name):
    from kroniek.eval.quotes import select_dev_ids

    arts = shared_data("dpgmedia2019-nl", "dpgMedia2019-articles-byarticle-all.jsonl")
    labels = shared_data("dpgmedia2019-nl", "dpgMedia2019-labels-byarticle.jsonl")
    path = ROOT / "eval" / "gold" / name
    gold_ids = [json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()]
    assert select_dev_ids(arts, labels, n=24, remainder=remainder) == gold_ids
    docs = read_gold(path, arts)
    for d in docs:
        for q in d.quotes:
            assert 0 <= q.content_start < q.content_end <= len(d.text)
            if q.speaker is not None:
                assert d.text[q.speaker_start:q.speaker_start + len(q.speaker)] == q.speaker
