"""The NLP backend is chosen by configuration; a spaCy pipeline plugs in by name or path."""

import pytest

from kroniek.errors import ConfigError, ModelError
from kroniek.model import Article
from kroniek.nlp.backend import BlankBackend, load_backend
from kroniek.pipeline import Pipeline
from kroniek.settings import Settings, load_settings

spacy = pytest.importorskip("spacy")

TRAIN = [
    ("Donald Trump ontmoette Vladimir Poetin in Helsinki.",
     [("Donald Trump", "PERSON"), ("Vladimir Poetin", "PERSON"), ("Helsinki", "GPE")]),
    ("Mark Rutte sprak in Brussel met de NAVO.",
     [("Mark Rutte", "PERSON"), ("Brussel", "GPE"), ("NAVO", "ORG")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """Train a tiny spaCy NER on two sentences and save it: a stand-in for nl_core_news_lg."""
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(7)
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    ner = nlp.add_pipe("ner")
    examples = []
    for text, spans in TRAIN:
        ents = [(text.index(s), text.index(s) + len(s), label) for s, label in spans]
        for *_, label in ents:
            ner.add_label(label)
        examples.append(Example.from_dict(nlp.make_doc(text), {"entities": ents}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("tiny") / "nl_tiny"
    nlp.to_disk(path)
    return path


def test_spacy_backend_by_configuration(tiny_model):
    settings = Settings(nlp=f"spacy:{tiny_model}", annotators=(), lang="nl")
    pipe = Pipeline(settings)
    text = TRAIN[0][0]
    doc = pipe.backend.process(text, "nl")
    got = {(text[s.start:s.end], s.label) for s in doc.ents}
    # labels are mapped onto the CoNLL set
    assert ("Donald Trump", "PER") in got and ("Helsinki", "LOC") in got
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    assert len(doc.sentences) == 1
    ann = pipe.annotate(Article("a", text))
    assert ann.lang == "nl"


def test_unknown_spacy_model_is_a_model_error():
    with pytest.raises(ModelError):
        load_backend("spacy:/nonexistent/model/path")


def test_backend_setting_is_validated():
    with pytest.raises(ConfigError):
        load_settings(nlp="frog-over-http")
    assert load_settings(nlp="blank").nlp == "blank"


def test_settings_file_and_environment(tmp_path, monkeypatch):
    cfg = tmp_path / "kroniek.toml"
    cfg.write_text('[kroniek]\nnlp = "blank"\nannotators = ["timexes"]\nbatch_size = 7\n', encoding="utf-8")
    s = load_settings(cfg)
    assert (s.nlp, s.annotators, s.batch_size) == ("blank", ("timexes",), 7)
    monkeypatch.setenv("KRONIEK_NLP", "kroniek")
    assert load_settings(cfg).nlp == "kroniek"
    assert load_settings(cfg, nlp="blank").nlp == "blank"  # the command line wins
    bad = tmp_path / "bad.toml"
    bad.write_text("[kroniek]\nspeed = 'fast'\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(bad)


def test_blank_backend_has_no_entities(seed_text):
    doc = BlankBackend().process(seed_text, "nl")
    assert doc.ents == () and len(doc.sentences) > 20
