"""Property tests: the event annotator never fails and keeps every offset true to the text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kroniek.dates import parse_published
from kroniek.events.annotate import annotate
from kroniek.model import Annotation, Article, EntityMention, Quote, Timex
from kroniek.nlp.backend import BlankBackend

WORDS = ["Trump", "Poetin", "ontmoette", "ontmoeting", "met", "in", "Helsinki", "wees", "af", "niet", "zou",
         "nieuwe", "top", "tussen", "en", ",", ".", "'", "hij", "Die", "bezoek", "met", "gisteren", "stemde", "in",
         "met", "het", "met", "verzoek", "van", "de", "Senaat", "met", "zei", "said", "met", "visited", "Paris",
         "he", "not", "will", "summit", "\n\n", "elkaar", "spraken", "hun", "van", "aan", "naar", "om", "te"]


@st.composite
def annotated(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=40))
    text = " ".join(words)
    n = len(text)
    spans = st.tuples(st.integers(0, max(0, n - 1)), st.integers(1, 12))
    ents = []
    for s, ln in draw(st.lists(spans, max_size=6)):
        e = min(n, s + ln)
        if e > s:
            ents.append(EntityMention(text[s:e], s, e, draw(st.sampled_from(["PER", "ORG", "LOC", "MISC"])),
                                      text[s:e], refers_to=draw(st.sampled_from([None, None, "Rusland"]))))
    timexes = []
    for s, ln in draw(st.lists(spans, max_size=3)):
        e = min(n, s + ln)
        if e > s:
            kind = draw(st.sampled_from(["DATE", "DURATION", "TIME", "SET"]))
            d = date(2018, 7, draw(st.integers(1, 28)))
            timexes.append(Timex(text[s:e], s, e, kind, d.isoformat(), d if kind != "DURATION" else None,
                                 d if kind != "DURATION" else None))
    quotes = []
    for s, ln in draw(st.lists(spans, max_size=2)):
        e = min(n, s + ln)
        if e > s:
            cue = draw(st.sampled_from([None, 0]))
            quotes.append(Quote("direct", text[s:e], s, e, None if cue is None else text[0:1] or "x",
                                cue, "X", None, draw(st.sampled_from([None, "X"]))))
    lang = draw(st.sampled_from(["nl", "en"]))
    published = draw(st.sampled_from([None, "2018", "2018-07", "2018-07-20"]))
    return text, lang, published, ents, timexes, quotes


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated())
def test_events_keep_offsets_true(case):
    text, lang, published, ents, timexes, quotes = case
    art = Article("p", text, published=parse_published(published), lang=lang)
    ann = Annotation(article=art, published=art.published, lang=lang, entities=tuple(ents), timexes=tuple(timexes),
                     quotes=tuple(quotes))
    out = annotate(BlankBackend().process(text, lang), ann)
    for ev in out.events:
        assert ev.mentions, "a merged event lists its mentions"
        for m in ev.mentions:
            assert 0 <= m.trigger_start <= m.trigger_end <= len(text)
            assert text[m.trigger_start:m.trigger_end] == m.trigger
            assert text[m.sentence_start:m.sentence_start + len(m.sentence)] == m.sentence
            assert m.modality in ("happened", "planned", "denied", "hypothetical")
            assert m.time_anchor in ("timex", "publication", "none")
            if m.time_earliest and m.time_latest:
                assert m.time_earliest <= m.time_latest
            for p in m.participants:
                assert p.role in ("agent", "patient", "co-participant")
                assert 0 <= p.start <= p.end <= len(text)
        if ev.time_earliest and ev.time_latest:
            assert ev.time_earliest <= ev.time_latest
