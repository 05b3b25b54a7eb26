"""The shipped Dutch NER model, its span offsets, and the CoNLL scoring of `kroniek eval ner`."""

from __future__ import annotations

import re

import pytest
from conftest import shared_data
from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.eval.ner import conll_texts, evaluate, score_spans
from kroniek.ner import load_ner
from kroniek.ner.conll import chunks
from kroniek.nlp.doc import Span
from kroniek.nlp.tokens import sentences, tokenize


@pytest.fixture(scope="module")
def model():
    m = load_ner("nl")
    assert m is not None, "the Dutch NER model must ship in kroniek/data/ner"
    return m


def _spans(model, text):
    toks = tokenize(text)
    return model.predict(text, toks, sentences(text, toks))


def test_load_is_cached_and_english_has_no_model():
    assert load_ner("nl") is load_ner("nl")
    assert load_ner("en") is None
    assert load_ner("xx") is None


@pytest.mark.parametrize("name,label", [
    ("Donald Trump", "PER"), ("Vladimir Poetin", "PER"), ("John Bolton", "PER"), ("Dan Coates", "PER"),
    ("Sarah Sanders", "PER"), ("Helsinki", "LOC"), ("Washington", "LOC"),
])
def test_seed_article_entities(model, seed_text, name, label):
    spans = set(_spans(model, seed_text))
    hits = [m.span() for m in re.finditer(re.escape(name), seed_text)]
    assert hits, f"{name} is not in the seed text"
    for start, end in hits:
        assert Span(start, end, label) in spans, f"{name} at {start} not tagged {label}"


_WORD = st.sampled_from(["de", "Jan", "Peeters", "woont", "in", "Gent", "en", "werkt", "bij", "Philips", ".", ",",
                         "'", "Van", "der", "Linden", "zei", "VRT-journaliste", "Witte", "Huis-woordvoerster", "dr.",
                         "2018", "(", ")", "NAVO", "Poetin", "\n\n", "Oost-Vlaanderen", "„", "”", "O'Neill"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORD, min_size=0, max_size=40), st.lists(st.sampled_from([" ", "  ", "\n", ""]), min_size=40,
                                                          max_size=40))
def test_spans_are_exact_token_aligned_offsets(model, words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps))
    toks = tokenize(text)
    starts = {t.start for t in toks}
    ends = {t.end for t in toks}
    spans = model.predict(text, toks, sentences(text, toks))
    prev_end = -1
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start in starts and s.end in ends
        assert s.label in {"PER", "ORG", "LOC", "MISC"}
        assert text[s.start:s.end] == text[s.start:s.end].strip()
        assert s.start >= prev_end  # sorted, not overlapping
        prev_end = s.end


def test_chunks_follow_conlleval():
    # I- after O starts a chunk; a label change starts a chunk; B- always starts one
    tags = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-ORG", "I-ORG", "O", "I-MISC"]
    assert chunks(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG"), (8, 9, "MISC")]
    assert chunks(["O", "O"]) == []


def test_scoring_counts_exact_span_and_label():
    gold = [Span(0, 5, "PER"), Span(10, 15, "LOC"), Span(20, 25, "ORG")]
    pred = [Span(0, 5, "PER"),   # right
            Span(10, 15, "ORG"),  # right span, wrong label: one FP (ORG) and one FN (LOC)
            Span(20, 24, "ORG"),  # wrong boundary: FP and FN
            Span(30, 35, "MISC")]  # spurious
    doc2 = ([Span(0, 3, "LOC")], [Span(0, 3, "LOC")])
    s = score_spans([(gold, pred), doc2])
    assert (s["ALL"].tp, s["ALL"].fp, s["ALL"].fn) == (2, 3, 2)
    assert s["ALL"].precision == pytest.approx(2 / 5)
    assert s["ALL"].recall == pytest.approx(2 / 4)
    assert s["ALL"].f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert (s["PER"].tp, s["PER"].fp, s["PER"].fn) == (1, 0, 0)
    assert (s["LOC"].tp, s["LOC"].fp, s["LOC"].fn) == (1, 0, 1)
    assert (s["ORG"].tp, s["ORG"].fp, s["ORG"].fn) == (0, 2, 1)
    assert (s["MISC"].tp, s["MISC"].fp, s["MISC"].fn) == (0, 1, 0)


def test_conll_texts_offsets(tmp_path):
    f = tmp_path / "mini.conll"
    f.write_text("-DOCSTART- -DOCSTART- O\nJan N B-PER\nPeeters N I-PER\nwoont V O\nin Prep O\nGent N B-LOC\n"
                 ". Punc O\n\nDe Art O\nVRT N B-ORG\n\n-DOCSTART- -DOCSTART- O\nParijs N B-LOC\n", encoding="utf-8")
    docs = conll_texts(f)
    assert len(docs) == 2
    d = docs[0]
    assert [d.text[s.start:s.end] for s in d.gold] == ["Jan Peeters", "Gent", "VRT"]
    assert [s.label for s in d.gold] == ["PER", "LOC", "ORG"]
    assert len(d.sentences) == 2 and d.sentences[1].first == 6
    assert all(d.text[t.start:t.end] == t.text for t in d.tokens)


def test_eval_on_conll_dev_sample(tmp_path):
    src = shared_data("conll2002-nl", "ned.testa")
    # the first 300 sentences of the dev set, as a small CoNLL file
    blocks = src.read_text(encoding="utf-8").split("\n\n")[:300]
    f = tmp_path / "sample.conll"
    f.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    res = evaluate(f, "kroniek")
    assert res["overall"]["tp"] + res["overall"]["fn"] > 200
    assert res["overall"]["f1"] >= 0.7


def test_eval_runs_a_spacy_pipeline(tmp_path):
    spacy = pytest.importorskip("spacy")
    spacy.blank("nl").to_disk(tmp_path / "blank_nl")  # no entity recogniser: every gold entity is missed
    f = tmp_path / "mini.conll"
    f.write_text("Jan N B-PER\nPeeters N I-PER\nwoont V O\nin Prep O\nGent N B-LOC\n. Punc O\n", encoding="utf-8")
    res = evaluate(f, f"spacy:{tmp_path / 'blank_nl'}")
    assert (res["overall"]["tp"], res["overall"]["fp"], res["overall"]["fn"]) == (0, 0, 2)


def test_article_level_majority_label():
    from kroniek.ner.model import consistent_labels

    sents = [["Ajax", "won"], ["Ajax", "verloor"], ["bij", "Ajax"], ["Gent", "en", "Gent"]]
    tags = [["B-ORG", "O"], ["B-ORG", "O"], ["O", "B-LOC"], ["B-LOC", "O", "B-ORG"]]
    out = consistent_labels(sents, tags)
    assert out[2] == ["O", "B-ORG"]  # 2 ORG against 1 LOC
    assert out[3] == ["B-LOC", "O", "B-ORG"]  # a tie changes nothing


def test_given_name_joins_the_name_after_it():
    from kroniek.ner.postprocess import attach_first_names

    words = ["zei", "inlichtingenbaas", "Dan", "Coates", "donderdag"]
    assert attach_first_names(words, ["O", "O", "O", "B-MISC", "O"]) == ["O", "O", "B-PER", "I-PER", "O"]
    # not at the start of a sentence, and only right before a tagged name
    assert attach_first_names(["Dan", "Coates"], ["O", "B-PER"]) == ["O", "B-PER"]
    assert attach_first_names(["zei", "Dan", "niet"], ["O", "O", "O"]) == ["O", "O", "O"]


def test_tagging_from_threads_gives_the_same_spans(model, seed_text):
    from concurrent.futures import ThreadPoolExecutor

    expected = _spans(model, seed_text)
    texts = [seed_text, seed_text[:800], seed_text[400:]] * 4
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda t: _spans(model, t), texts))
    assert results[0] == expected
    assert results[3] == expected
    assert results[1] == results[4] == _spans(model, seed_text[:800])
