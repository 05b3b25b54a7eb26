"""Highlighting from offsets and date labels: the pieces the article page is built from."""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

from hypothesis import given, settings, strategies as st

from kroniek.web.format import interval_label, precision, published_label
from kroniek.web.highlight import Span, article_spans, render


class Nesting(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.nested_links = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "a" in self.stack:
            self.nested_links += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def visible(markup: str) -> str:
    markup = re.sub(r'<span class="said-by">.*?</span>', "", markup, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", markup))


KINDS = [("ent", "a"), ("timex", "span"), ("quote", "span"), ("cue", "span"), ("speaker", "span")]


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n=/é")), min_size=0, max_size=60))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        a = draw(st.integers(-2, len(text) + 2))
        b = draw(st.integers(-2, len(text) + 2))
        kind, tag = draw(st.sampled_from(KINDS))
        attrs = (("class", kind), ("href", "/entities/x")) if tag == "a" else (("class", kind), ("id", f"s{a}"))
        after = None
        if kind == "quote":
            from markupsafe import Markup

            after = Markup('<span class="said-by">— {}</span>').format(draw(st.text(max_size=5)))
        spans.append(Span(a, b, kind, tag, attrs, after=after))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_any_spans_give_well_formed_markup_with_the_exact_text(case):
    text, spans = case
    out = str(render(text, spans))
    p = Nesting()
    p.feed(out)
    p.close()
    assert not p.errors and not p.stack
    assert p.nested_links == 0
    assert visible(out) == text
    assert "<" not in re.sub(r"<[^>]+>", "", out)  # every '<' in the text is escaped


def test_crossing_spans_are_split_and_reopened():
    text = "abcdefgh"
    out = str(render(text, [Span(0, 5, "quote", "span", (("class", "quote"), ("id", "q0"))),
                            Span(3, 8, "timex", "span", (("class", "timex"),))]))
    assert out == ('<span class="quote" id="q0">abc<span class="timex">de</span></span>'
                   '<span class="timex" data-cont="1">fgh</span>')


def test_article_spans_cover_entities_timexes_quotes_cue_and_speaker():
    text = "Jan zei: 'morgen kom ik'."
    rec = {"lang": "nl", "entities": [{"text": "Jan", "start": 0, "end": 3, "label": "PER", "entity": "Jan Jansen"}],
           "timexes": [{"text": "morgen", "start": 10, "end": 16, "type": "DATE", "value": "2020-05-02",
                        "earliest": "2020-05-02", "latest": "2020-05-02"}],
           "quotes": [{"kind": "direct", "content": "'morgen kom ik'", "content_start": 9, "content_end": 24,
                       "cue": "zei", "cue_start": 4, "speaker": "Jan", "speaker_start": 0,
                       "speaker_canonical": "Jan Jansen"}]}
    out = str(render(text, article_spans(rec)))
    assert '<a class="ent ent-PER" href="/entities/Jan%20Jansen"' in out
    assert 'title="DATE 2020-05-02 = 2 mei 2020 [2020-05-02 .. 2020-05-02]"' in out
    assert '<span class="cue" title="speech verb">zei</span>' in out
    assert '<span class="said-by">— Jan Jansen</span>' in out
    assert visible(out) == text


def test_dates_keep_their_precision():
    assert interval_label("2018-07-01", "2018-07-31") == "juli 2018"
    assert interval_label("2018-07-01", "2018-07-31", "en") == "July 2018"
    assert interval_label("2018-01-01", "2018-12-31") == "2018"
    assert interval_label("2018-07-17", "2018-07-17") == "17 juli 2018"
    assert interval_label("2018-09-23", "2018-12-21") == "23 september – 21 december 2018"
    assert interval_label("2018-07-02", "2018-07-06") == "2 – 6 juli 2018"
    assert interval_label("2018-12-30", "2019-01-02") == "30 december 2018 – 2 januari 2019"
    assert interval_label(None, None) == "ongedateerd"
    assert precision("2020-02-01", "2020-02-29") == "month" and precision("2019-02-01", "2019-02-28") == "month"
    assert precision("2020-02-01", "2020-02-28") == "range"
    assert published_label({"earliest": "2018-07-01", "latest": "2018-07-31",
                            "inferred": {"earliest": "2018-07-20", "latest": "2018-07-20"}}) == \
        "juli 2018 (afgeleid: 20 juli 2018)"
    assert published_label({"earliest": "2018-07-17", "latest": "2018-07-17", "time": "09:30"}, "en") == \
        "17 July 2018 09:30"
