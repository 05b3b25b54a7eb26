"""Property tests: the time tagger never crashes and always returns valid offsets and intervals."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kroniek.dates import parse_published
from kroniek.timex.annotate import analyse

WORDS = ["vorige", "maandag", "gisteren", "20", "juli", "2018", "'18", "jaar", "geleden", "over", "twee", "weken",
         "nu", "Nu", "de", "het", "najaar", "jaren", "negentig", "14.30", "uur", "elke", "week", "Pasen", "zei",
         "zal", "last", "Friday", "yesterday", "ago", "three", "years", "the", "1990s", "20/7", "Q3", "eind",
         "begin", "deze", ",", ".", "avond", "donderdagavond", "kwartaal", "derde", "31", "februari", "2019-02-30"]
PUBS = [None, "2018", "2018-07", "2018-07-20", "2019-02-28T10:00", "2020-02", "0001-01", "9999-12-31", "9999"]

text_st = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join),
)


@settings(max_examples=150, deadline=None)
@given(text=text_st, pub=st.sampled_from(PUBS), lang=st.sampled_from(["nl", "en"]))
def test_offsets_and_intervals_are_valid(text, pub, lang):
    timexes, published, _ = analyse(text, lang, parse_published(pub))
    for t in timexes:
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
        if t.earliest is not None or t.latest is not None:
            assert t.earliest is not None and t.latest is not None
            assert t.earliest <= t.latest
    if published.inferred is not None:
        assert published.inferred.earliest <= published.inferred.latest
    starts = [(t.start, t.end) for t in timexes]
    assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:]))  # sorted and non-overlapping
