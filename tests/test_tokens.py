from hypothesis import given, settings, strategies as st

from kroniek.nlp.tokens import paragraphs, sentences, tokenize


def texts(s):
    return [t.text for t in tokenize(s)]


def test_offsets_match_text(seed_text):
    for tok in tokenize(seed_text):
        assert seed_text[tok.start:tok.end] == tok.text


def test_dutch_specifics():
    toks = texts("Dhr. J. Bolton zei o.a. dat 't om 14.30 uur, op 20/7 in '18 ,,echt'' 1.000,50 euro kost.")
    for t in ["Dhr.", "J.", "o.a.", "'t", "14.30", "20/7", "'18", ",,", "''", "1.000,50"]:
        assert t in toks
    assert toks[-1] == "."


def test_hyphenated_compound_is_one_token():
    assert "Huis-woordvoerster" in texts("Witte Huis-woordvoerster Sarah Sanders")


def test_quotes_are_separate_tokens():
    assert texts("'Wij staan open', klinkt het.")[:2] == ["'", "Wij"]


def test_sentences_of_seed(seed_text):
    toks = tokenize(seed_text)
    sents = sentences(seed_text, toks)
    starts = [seed_text[s.start:s.start + 12] for s in sents]
    assert "'Wij staan a" in starts          # a quote opening a sentence
    # a one-word heading after a blank line is its own sentence
    assert "Ontkenning" in [seed_text[s.start:s.end] for s in sents]
    assert "Hij zei ook:" in starts
    # the closing quote stays with its sentence
    s = next(s for s in sents if seed_text[s.start:].startswith("Trump zelf"))
    assert seed_text[s.start:s.end].endswith("'een groot succes'.")
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))


def test_abbreviation_does_not_end_sentence():
    text = "Hij sprak o.a. met dhr. Jansen. Daarna ging hij weg."
    sents = sentences(text, tokenize(text))
    assert [text[s.start:s.end] for s in sents] == ["Hij sprak o.a. met dhr. Jansen.", "Daarna ging hij weg."]


def test_paragraphs():
    text = "Eerste alinea.\n\nTweede\nalinea.\n\n\nDerde."
    assert [text[a:b] for a, b in paragraphs(text)] == ["Eerste alinea.", "Tweede\nalinea.", "Derde."]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_tokens_and_sentences_cover_text_in_order(text):
    toks = tokenize(text)
    for t in toks:
        assert text[t.start:t.end] == t.text and t.text.strip()
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))
    sents = sentences(text, toks)
    assert sum(s.last - s.first for s in sents) == len(toks)
