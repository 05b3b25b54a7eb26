"""English syntax for quotes: parse candidates and features on hand-made parses, and the spaCy parser when one is
installed."""

from __future__ import annotations

import pytest

from kroniek.model import Annotation, Article, Quote
from kroniek.nlp.backend import BlankBackend
from kroniek.quotes import syntax
from kroniek.quotes.annotate import (
    _parser,
    _reranker,
    _tagger,
    english_candidates,
    merge_continuations,
    quotes_of,
)
from kroniek.quotes.syntax import Parse, candidates, span_features


def _doc(text):
    return BlankBackend().process(text, "en")


def _parse(rows):
    """rows: (tag, dep, head, lemma) per token."""
    return Parse(*(tuple(col) for col in zip(*rows)))


def _spans(doc, cands):
    return [(doc.text[c.cstart:c.cend], c.cue, doc.text[c.speaker[0]:c.speaker[1]] if c.speaker else None, origin)
            for c, origin in cands]


SAID = [("NNS", "nsubj", 1, "official"), ("VBD", "ROOT", 1, "say"), ("DT", "det", 3, "the"),
        ("NN", "nsubj", 5, "plan"), ("MD", "aux", 5, "would"), ("VB", "ccomp", 1, "fail"), (".", "punct", 1, ".")]


def test_subtree_subject_and_children():
    p = _parse(SAID)
    assert p.subtree(5) == (2, 5)
    assert p.subtree(1) == (0, 6)
    assert p.subject(1) == 0
    assert p.subject(5) == 3
    assert p.children[1] == (0, 5, 6)


def test_clausal_complement_is_a_candidate_with_cue_and_subject_as_speaker():
    doc = _doc("Officials said the plan would fail.")
    assert _spans(doc, candidates(doc, _parse(SAID), frozenset())) == \
        [("the plan would fail", "said", "Officials", "dep_ccomp")]


def test_object_of_a_verb_only_after_a_cue_lemma():
    doc = _doc("Democrats criticized the plan.")
    p = _parse([("NNPS", "nsubj", 1, "democrat"), ("VBD", "ROOT", 1, "criticize"), ("DT", "det", 3, "the"),
                ("NN", "dobj", 1, "plan"), (".", "punct", 1, ".")])
    assert candidates(doc, p, frozenset()) == []
    assert _spans(doc, candidates(doc, p, frozenset({"criticize"}))) == \
        [("the plan", "criticized", "Democrats", "dep_dobj")]


def test_parenthetical_cue_at_the_end_takes_the_rest_of_the_sentence():
    doc = _doc("The tax is too high, he argued.")
    p = _parse([("DT", "det", 1, "the"), ("NN", "nsubj", 2, "tax"), ("VBZ", "ROOT", 2, "be"),
                ("RB", "advmod", 4, "too"), ("JJ", "acomp", 2, "high"), (",", "punct", 2, ","),
                ("PRP", "nsubj", 7, "he"), ("VBD", "parataxis", 2, "argue"), (".", "punct", 2, ".")])
    assert _spans(doc, candidates(doc, p, frozenset({"argue"}))) == \
        [("The tax is too high", "argued", "he", "dep_para")]
    # not a cue lemma: no candidate
    assert candidates(doc, p, frozenset()) == []


def test_according_to_takes_the_sentence_without_the_phrase_and_no_speaker_phrase():
    doc = _doc("According to Reuters, the talks failed.")
    p = _parse([("VBG", "prep", 6, "accord"), ("IN", "prep", 0, "to"), ("NNP", "pobj", 1, "reuters"),
                (",", "punct", 6, ","), ("DT", "det", 5, "the"), ("NNS", "nsubj", 6, "talk"),
                ("VBD", "ROOT", 6, "fail"), (".", "punct", 6, ".")])
    assert _spans(doc, candidates(doc, p, frozenset())) == [("the talks failed", "According", None, "dep_acc")]


def test_relative_clause_speaker_is_the_noun_not_its_whole_phrase():
    doc = _doc("Analysts who said prices would rise were wrong.")
    p = _parse([("NNS", "nsubj", 6, "analyst"), ("WP", "nsubj", 2, "who"), ("VBD", "relcl", 0, "say"),
                ("NNS", "nsubj", 5, "price"), ("MD", "aux", 5, "would"), ("VB", "ccomp", 2, "rise"),
                ("VBD", "ROOT", 6, "be"), ("JJ", "acomp", 6, "wrong"), (".", "punct", 6, ".")])
    # "who" is the subject of "said"; the candidate's speaker phrase is that pronoun
    assert _spans(doc, candidates(doc, p, frozenset())) == [("prices would rise", "said", "who", "dep_ccomp")]


def test_span_features_name_the_governor_and_the_matching_parse_candidate():
    p = _parse(SAID)
    f = span_features(p, 2, 6, 1, {(2, 6): "dep_ccomp"}, frozenset({"say"}))
    assert f["nroots"] == 1.0 and f["hdep=ccomp"] == 1.0 and f["gov=say"] == 1.0 and f["govcue"] == 1.0
    assert f["constit"] == 1.0 and f["depx=dep_ccomp"] == 1.0 and f["cuelem=say"] == 1.0
    g = span_features(p, 1, 4, None, {(2, 6): "dep_ccomp"}, frozenset())
    assert g["multiroot"] == 1.0 and "depx=dep_ccomp" not in g and "cuelem=say" not in g


@pytest.mark.parametrize("setting", ["0", "no_such_spacy_pipeline_xyz"])
def test_parser_switched_off_or_unknown_gives_none(monkeypatch, setting):
    monkeypatch.setenv("KRONIEK_QUOTES_PARSER", setting)
    syntax.load_parser.cache_clear()
    try:
        assert syntax.load_parser() is None
    finally:
        syntax.load_parser.cache_clear()


def test_real_parser_parses_kroniek_tokens_within_kroniek_sentences():
    parser = syntax.load_parser()
    if parser is None:
        pytest.skip("no English spaCy parser installed (the parse extra)")
    doc = _doc("Officials said the plan would fail. The mayor, who was not there, denied it.")
    p = parser.parse(doc)
    assert len(p.heads) == len(doc.tokens)
    for s in doc.sentences:
        for k in range(s.first, s.last):
            assert s.first <= p.heads[k] < s.last
    said = [t.text for t in doc.tokens].index("said")
    found = _spans(doc, candidates(doc, p, frozenset({"deny"})))
    assert ("the plan would fail", "said", "Officials", "dep_ccomp") in found
    assert p.lemmas[said] == "say"


def _syntax_ready():
    return _parser() is not None


def test_annotator_with_a_parser_adds_parse_candidates_and_features():
    if not _syntax_ready():
        pytest.skip("no English parser installed or no syntax models shipped")
    text = "Republicans criticized the plan on Tuesday. The mayor, who was not there, denied that he had known."
    doc = BlankBackend().process(text, "en")
    ann = Annotation(article=Article(id="t", text=text, lang="en"), published=None, lang="en")
    reranker = _reranker(syntax=True)
    parse = syntax.load_parser().parse(doc)
    quotes, feats = english_candidates(doc, ann, _tagger(syntax=True), pool=True, parse=parse,
                                       cue_lemmas=reranker.cue_lemmas)
    assert len(quotes) == len(feats) and all("nroots" in f and "mean" in f for f in feats)
    assert any(k.startswith("o=dep_") for f in feats for k in f)
    assert "say" in reranker.cue_lemmas and "criticize" in reranker.cue_lemmas
    for q in quotes_of(text, lang="en"):
        assert text[q.content_start:q.content_end] == q.content


def test_parser_off_falls_back_to_the_plain_models(monkeypatch):
    if not _syntax_ready():
        pytest.skip("no English parser installed or no syntax models shipped")
    text = "The senator said that the bill would pass next week."
    monkeypatch.setenv("KRONIEK_QUOTES_PARSER", "0")
    syntax.load_parser.cache_clear()
    try:
        assert _parser() is None
        (q,) = [q for q in quotes_of(text, lang="en") if q.cue == "said"]
        assert q.content.startswith("the bill would pass")
    finally:
        monkeypatch.delenv("KRONIEK_QUOTES_PARSER")
        syntax.load_parser.cache_clear()


def test_complementizer_that_is_dropped_but_a_demonstrative_stays():
    doc = _doc("He said that prices rose. She said that was wrong.")
    words = [t.text for t in doc.tokens]
    deps = ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct", "nsubj", "ROOT", "nsubj", "ccomp", "acomp", "punct"]
    heads = [1, 1, 4, 4, 1, 1, 7, 7, 9, 7, 9, 7]
    p = Parse(("X",) * len(words), tuple(deps), tuple(heads), tuple(w.lower() for w in words))

    def q(a, b):
        return Quote("indirect", doc.text[a:b], a, b, "said", 0, None, None, None)

    first = doc.text.index("that prices rose")
    second = doc.text.index("that was wrong")
    got = syntax.without_complementizer(doc, p, [q(first, first + 16), q(second, second + 14)])
    assert [g.content for g in got] == ["prices rose", "that was wrong"]
    assert all(doc.text[g.content_start:g.content_end] == g.content for g in got)


def test_turn_merges_across_a_clause_with_a_nested_quote():
    text = "“A is true,” said X, who said he would vote for them. “B is true.”"

    def q(kind, part, cue_start):
        a = text.index(part)
        return Quote(kind, part, a, a + len(part), "said", cue_start, "X", 0, "X")

    said = text.index("said")
    quotes = [q("direct", "A is true,", said), q("indirect", "he would vote for them", text.index("said", said + 1)),
              q("indirect", "them", text.index("vote")), q("direct", "B is true.", said)]
    merged = merge_continuations(text, quotes)
    assert merged[0].content == text[merged[0].content_start:merged[0].content_end]
    assert merged[0].content.startswith("A is true") and merged[0].content.endswith("B is true.")
    assert len(merged) == 3
