"""Quote attribution: direct, indirect and mixed quotes with their cue and speaker.

Runs after the entity annotator: when ``ann.entities`` holds mentions their canonical
names are used for ``speaker_canonical``; otherwise a capitalisation fallback finds names
(see :mod:`kroniek.quotes.mentions`). The steps:

1. find quoted spans in every quotation style (:mod:`kroniek.quotes.marks`);
2. find indirect speech from the cue lexicon: cue verb + "dat"-clause, "volgens X",
   "..., aldus X", "..., zegt X", "..., klinkt het", "Dat liet X weten" (refers back);
   an indirect clause that contains a quoted fragment is ``mixed``;
3. attribute every remaining quoted span: a cue after it (", zei hij"), a cue or colon
   before it ("Hij zei: '...'", "Blom: '...'"), a naming verb ("noemde X 'Y'", mixed),
   or, for a bare quote, the source of the previous attribution; short quoted words
   without a cue are scare quotes or titles and are left out;
4. resolve speakers in text order (:mod:`kroniek.quotes.speakers`).
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache

from ..model import Annotation, Quote
from ..nlp.doc import Doc
from .finder import Candidate, find_candidates
from .lexicon import load_lexicon
from .mentions import mentions_for
from .speakers import resolve


def annotate(doc: Doc, ann: Annotation) -> Annotation:
    """Add the quotes of ``doc`` to ``ann``."""
    lang = doc.lang if doc.lang in ("nl", "en") else (ann.lang or "nl")
    lex = load_lexicon(lang if lang in ("nl", "en") else "nl")
    if not doc.tokens:
        return replace(ann, quotes=())
    cands = find_candidates(doc, lex)
    if lex.lang == "en":
        cands = cands + _tagged_candidates(doc, lex, cands)
    mentions = mentions_for(doc, ann)
    quotes = resolve(doc, lex, cands, mentions)
    if lex.lang == "en":
        quotes = merge_continuations(doc.text, quotes)
    return replace(ann, quotes=tuple(quotes))


def _tagged_candidates(doc: Doc, lex, cands: list[Candidate]) -> list[Candidate]:
    """English: content spans from the CRF tagger that no rule found (see kroniek.quotes.crf).

    A tagger span is added when the tagger marks a cue in its sentence, it does not touch a direct quote the rules
    found, and no rule span covers at least half of the two together (a rule span with other boundaries, often a
    nested or neighbouring attribution, does not hide it)."""
    tagger = _tagger()
    if tagger is None:
        return []
    out = []
    for (a, b), cue, src in tagger.attributions(doc, lex):
        if cue is None or any(_same_span((a, b), (c.cstart, c.cend))
                              or (c.kind == "direct" and min(b, c.cend) > max(a, c.cstart)) for c in cands):
            continue
        inner = doc.text[a:b].strip()
        kind = "direct" if inner[:1] in "\"“'‘" and inner[-1:] in "\"”'’" else "indirect"
        speaker = (doc.tokens[src[0]].start, doc.tokens[src[1] - 1].end) if src else None
        cue_text = doc.tokens[cue].text if cue is not None else None
        cue_start = doc.tokens[cue].start if cue is not None else None
        out.append(Candidate(kind, a, b, cue_text, cue_start, speaker, "np" if speaker else "previous",
                             cue_start if cue_start is not None else a))
    return out


def _same_span(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """The evaluation's match criterion: the overlap is at least half of the union."""
    return 2 * (min(x[1], y[1]) - max(x[0], y[0])) >= max(x[1], y[1]) - min(x[0], y[0])


@lru_cache(maxsize=1)
def _tagger():
    """The English content tagger; KRONIEK_QUOTES_TAGGER=0 turns it off (rules only)."""
    if os.environ.get("KRONIEK_QUOTES_TAGGER", "1") == "0":
        return None
    from .crf import load_tagger

    return load_tagger()


def merge_continuations(text: str, quotes: list[Quote]) -> list[Quote]:
    """English convention (PARC, PolNeAR): one attribution per speaker turn, so a direct quote that goes on
    after the cue (“A,” he said, “B.”) or in the next sentences of the same paragraph joins the quote before it."""
    out: list[Quote] = []
    for q in quotes:
        # the last direct quote before q; quotes lying wholly between the two (an inserted "who said ..." clause)
        # do not break the turn
        j = len(out) - 1
        while j >= 0 and out[j].kind != "direct" and q.kind == "direct" and j > 0 \
                and out[j - 1].content_end <= out[j].content_start:
            j -= 1
        if j >= 0:
            p = out[j]
            gap = text[p.content_end:q.content_start]
            same = q.speaker_canonical == p.speaker_canonical and (q.cue is None or q.cue_start == p.cue_start)
            if p.kind == q.kind == "direct" and same and "\n" not in gap.strip(" ") and len(gap) < 120:
                out[j] = replace(p, content=text[p.content_start:q.content_end], content_end=q.content_end)
                continue
        out.append(q)
    return out


def quotes_of(text: str, lang: str = "nl", entities=()) -> tuple[Quote, ...]:
    """Convenience: the quotes of a plain text (blank backend, optional entity mentions)."""
    from ..model import Article
    from ..nlp.backend import BlankBackend

    doc = BlankBackend().process(text, lang)
    art = Article(id="text", text=text, lang=lang)
    ann = Annotation(article=art, published=art.published, lang=lang, entities=tuple(entities))
    return annotate(doc, ann).quotes
