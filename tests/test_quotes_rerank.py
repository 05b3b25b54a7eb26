"""The English candidate reranker: tree scoring, choosing, probability runs, the shipped model, the export."""

import json
import math

import pytest

from kroniek.model import Annotation, Article, Quote
from kroniek.nlp.backend import BlankBackend
from kroniek.quotes import rerank
from kroniek.quotes.annotate import _reranker, _tagger, english_candidates, quotes_of
from kroniek.quotes.finder import Candidate
from kroniek.quotes.rerank import Forest, probability_runs, same_span


def _q(a, b, text="x" * 100):
    return Quote("indirect", text[a:b], a, b, None, None, None, None, None)


# one stump on "mean" (<= 0.5 left: -2, else right: +2) and one on "o=rule" (absent/0 left: 0, else +1)
FOREST = {"baseline": 0.0, "threshold": 0.5, "trees": [
    [["mean", 0.5, 1, 2, 0.0], [None, 0.0, 0, 0, -2.0], [None, 0.0, 0, 0, 2.0]],
    [["o=rule", 0.5, 1, 2, 0.0], [None, 0.0, 0, 0, 0.0], [None, 0.0, 0, 0, 1.0]],
]}


def test_forest_sums_leaf_values_over_trees_and_treats_absent_features_as_zero():
    f = Forest(FOREST)
    assert f.probability({"mean": 0.9, "o=rule": 1.0}) == pytest.approx(1 / (1 + math.exp(-3.0)))
    assert f.probability({"mean": 0.9}) == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert f.probability({}) == pytest.approx(1 / (1 + math.exp(2.0)))  # mean 0 goes left
    assert f.probability({"mean": 0.5}) == pytest.approx(1 / (1 + math.exp(2.0)))  # <= goes left


def test_choose_drops_low_scores_and_keeps_the_better_of_two_overlapping_quotes_in_text_order():
    f = Forest(FOREST)
    quotes = [_q(0, 20), _q(2, 22), _q(40, 60), _q(70, 90)]
    feats = [{"mean": 0.9}, {"mean": 0.9, "o=rule": 1}, {"mean": 0.1}, {"mean": 0.8}]
    kept = f.choose(quotes, feats)
    assert [(q.content_start, q.content_end) for q in kept] == [(2, 22), (70, 90)]


def test_chosen_drops_any_quote_overlapping_a_more_probable_kept_one_however_little():
    quotes = [_q(0, 40), _q(30, 80), _q(10, 15), _q(40, 60), _q(85, 95)]
    probs = [0.9, 0.8, 0.7, 0.6, 0.2]
    # (30, 80) shares ten characters with (0, 40) and (10, 15) lies inside it: both give way; (40, 60) only
    # touches (0, 40) at its end and stays; (85, 95) is under the threshold
    assert rerank.chosen(quotes, probs, 0.5) == [0, 3]
    # the order of the probabilities decides, not the order in the text
    assert rerank.chosen(quotes, [0.6, 0.9, 0.7, 0.6, 0.2], 0.5) == [1, 2]


def test_chosen_keeps_a_quote_nested_in_a_direct_one_either_way_round():
    turn = Quote("direct", "x" * 60, 0, 60, None, None, None, None, None)
    inner, across = _q(20, 30), _q(50, 70)
    assert rerank.chosen([turn, inner, across], [0.9, 0.8, 0.7], 0.5) == [0, 1]  # across overlaps, not inside
    assert rerank.chosen([turn, inner, across], [0.8, 0.9, 0.2], 0.5) == [0, 1]  # the inner one first
    # an indirect quote holds no exemption
    outer = _q(0, 60)
    assert rerank.chosen([outer, inner], [0.9, 0.8], 0.5) == [0]


def test_probability_runs_need_three_tokens_a_possible_cue_and_no_covering_candidate():
    text = "Officials think the plan will fail badly. Nothing else here at all."
    doc = BlankBackend().process(text, "en")
    n = len(doc.tokens)
    first = doc.sentences[0]
    pc = [0.0] * n
    pq = [0.0] * n
    for k in range(first.first + 2, first.first + 7):  # "the plan will fail badly"
        pc[k] = 0.6
    pq[first.first + 1] = 0.7  # "think"
    second = doc.sentences[1]
    for k in range(second.first, second.last):  # probable content but no cue at all in the sentence
        pc[k] = 0.9
    (c,) = probability_runs(doc, pc, pq, [])
    assert text[c.cstart:c.cend] == "the plan will fail badly" and c.cue == "think" and c.mode == "previous"
    taken = [Candidate("indirect", c.cstart, c.cend - 2, "think", 9, None, "np", 9)]
    assert probability_runs(doc, pc, pq, taken) == []
    pc[first.first + 4] = 0.1  # "the plan" and "fail badly": two runs of two tokens
    assert probability_runs(doc, pc, pq, []) == []


def test_probability_runs_take_the_most_probable_source_outside_the_content():
    text = "Officials think the plan will fail badly."
    doc = BlankBackend().process(text, "en")
    n = len(doc.tokens)
    pc, pq, ps = [0.0] * n, [0.0] * n, [0.0] * n
    for k in range(2, 7):
        pc[k] = 0.6
    pq[1] = 0.7
    ps[0] = 0.8  # "Officials"
    ps[3] = 0.9  # "plan" lies inside the content and is not a source
    (c,) = probability_runs(doc, pc, pq, [], ps)
    assert text[c.speaker[0]:c.speaker[1]] == "Officials" and c.mode == "np"
    ps[0] = 0.2
    (c,) = probability_runs(doc, pc, pq, [], ps)
    assert c.speaker is None and c.mode == "previous"


def test_same_span_is_the_evaluation_criterion():
    assert same_span((0, 10), (0, 20))  # overlap 10 of union 20
    assert not same_span((0, 10), (0, 21))
    assert not same_span((0, 10), (10, 20))


@pytest.mark.skipif(not rerank.MODEL.exists(), reason="no reranker model")
def test_shipped_model_is_plain_json_with_a_threshold_and_named_features():
    data = json.loads(rerank.MODEL.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1 and data["trees"]
    names = {node[0] for tree in data["trees"] for node in tree if node[0] is not None}
    assert "mean" in names and any(n.startswith("o=") for n in names)


@pytest.mark.skipif(not rerank.MODEL.exists(), reason="no reranker model")
def test_pool_features_cover_every_candidate_and_the_reranker_keeps_a_plain_report():
    text = "The senator said that the bill would pass next week. Critics believe the vote is rigged."
    doc = BlankBackend().process(text, "en")
    ann = Annotation(article=Article(id="t", text=text, lang="en"), published=None, lang="en")
    quotes, feats = english_candidates(doc, ann, _tagger(), pool=True)
    assert len(quotes) == len(feats) and all("mean" in f for f in feats)
    assert {k for f in feats for k in f if k.startswith("o=")} <= {"o=rule", "o=tag_cue", "o=tag_nocue",
                                                                   "o=tag_marg", "o=merged"}
    kept = quotes_of(text, lang="en")
    assert any(q.content.startswith("the bill would pass") and q.speaker_canonical for q in kept)


def test_reranker_switch_off_gives_rules_and_tagger(monkeypatch):
    text = "The senator said that the bill would pass next week."
    monkeypatch.setenv("KRONIEK_QUOTES_RERANK", "0")
    _reranker.cache_clear()
    try:
        assert _reranker() is None
        (q,) = [q for q in quotes_of(text, lang="en") if q.cue == "said"]
        assert q.content.startswith("the bill would pass")
    finally:
        monkeypatch.delenv("KRONIEK_QUOTES_RERANK")
        _reranker.cache_clear()


def test_export_gives_the_fitted_models_probabilities():
    np = pytest.importorskip("numpy")
    ensemble = pytest.importorskip("sklearn.ensemble")
    from kroniek.quotes.rerank_train import _tree

    rng = np.random.default_rng(0)
    x = rng.random((400, 3))
    y = ((x[:, 0] > 0.5) ^ (x[:, 2] > 0.7)).astype(int)
    model = ensemble.HistGradientBoostingClassifier(max_iter=20, early_stopping=False).fit(x, y)
    names = ["a", "b", "c"]
    forest = Forest({"baseline": float(np.ravel(model._baseline_prediction)[0]), "threshold": 0.5,
                     "trees": [_tree(p[0].nodes, names) for p in model._predictors]})
    expected = model.predict_proba(x[:50])[:, 1]
    got = [forest.probability(dict(zip(names, row))) for row in x[:50]]
    assert max(abs(a - b) for a, b in zip(expected, got)) < 1e-9


def test_group_features_compare_a_candidate_with_those_covering_the_same_content():
    quotes = [_q(0, 20), Quote("indirect", "x" * 18, 2, 20, "said", 30, None, None, None), _q(5, 9), _q(50, 60)]
    feats = [{"o=tag_cue": 1.0, "mean": 0.4}, {"o=rule": 1.0, "mean": 0.7}, {"o=dep_dobj": 1.0, "mean": 0.9},
             {"o=dep_ccomp": 1.0, "mean": 0.5}]
    rerank.add_group_features(quotes, feats)
    wide, rule, small, alone = feats
    assert wide["g_nsame"] == 1 and wide["g_longest"] == 1 and wide["g_shortest"] == 0
    assert wide["g_meanrel"] == pytest.approx(0.4 - 0.7)
    assert wide["g_rule_other"] == 1 and wide["g_dep_other"] == 0 and wide["g_cue_other"] == 1
    assert wide["g_samecue"] == 0 and wide["g_contains"] == 1 and wide["g_inside"] == 0
    assert rule["g_tagcue_other"] == 1 and rule["g_shortest"] == 1 and rule["g_inside"] == 1
    assert small["g_nsame"] == 0 and "g_longest" not in small and small["g_inside"] == 1
    assert alone == {"o=dep_ccomp": 1.0, "mean": 0.5, "g_nsame": 0.0, "g_inside": 0.0, "g_contains": 0.0}
