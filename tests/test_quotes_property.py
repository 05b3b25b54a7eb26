"""Property test: the quote annotator never crashes and its offsets always point into the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.quotes.annotate import quotes_of

PIECES = st.sampled_from([
    "'", '"', ",,", "''", "‘", "’", "“", "”", "„", "«", "»", ":", ",", ".", "?", "\n\n", " ", " zei ", " zegt ",
    " volgens ", " aldus ", " klinkt het", " dat ", " liet ", " weten ", "Trump", "Jan de Vries", " hij ", "'s ",
    " auto's ", "'18", " said ", " according to ", " that ", "He", " de minister ", "Dat ", " noemde ", "(", ")",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(min_size=0, max_size=8)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.sampled_from(["nl", "en"]))
def test_offsets_valid_and_no_crash(text, lang):
    for q in quotes_of(text, lang=lang):
        assert 0 <= q.content_start < q.content_end <= len(text)
        assert text[q.content_start:q.content_end] == q.content
        assert q.kind in ("direct", "indirect", "mixed")
        if q.cue is not None:
            assert text[q.cue_start:q.cue_start + len(q.cue)] == q.cue
        if q.speaker is not None and q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_start + len(q.speaker)] == q.speaker
