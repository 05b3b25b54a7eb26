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
4. resolve speakers in text order (:mod:`kroniek.quotes.speakers`);
5. English: add the CRF tagger's spans (:mod:`kroniek.quotes.crf`) and, where the reranker model is present,
   let it choose among all candidates (:mod:`kroniek.quotes.rerank`).
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache

from ..model import Annotation, Quote
from ..nlp.doc import Doc
from . import syntax
from .finder import Candidate, find_candidates
from .lexicon import load_lexicon
from .mentions import mentions_for
from .rerank import add_group_features, covered, features, probability_runs
from .speakers import resolve
from .syntax import Parse


def annotate(doc: Doc, ann: Annotation) -> Annotation:
    """Add the quotes of ``doc`` to ``ann``."""
    lang = doc.lang if doc.lang in ("nl", "en") else (ann.lang or "nl")
    lex = load_lexicon(lang if lang in ("nl", "en") else "nl")
    if not doc.tokens:
        return replace(ann, quotes=())
    if lex.lang != "en":
        return replace(ann, quotes=tuple(resolve(doc, lex, find_candidates(doc, lex), mentions_for(doc, ann))))
    parser = _parser()
    tagger = _tagger(syntax=True) if parser is not None else None
    reranker = _reranker(syntax=True) if tagger is not None else None
    if reranker is None:  # no parser, or no models trained with one: the plain models
        parser = None
        tagger = _tagger()
        reranker = _reranker() if tagger is not None else None
    parse = parser.parse(doc) if parser is not None else None
    quotes, feats = english_candidates(doc, ann, tagger, pool=reranker is not None, parse=parse,
                                       cue_lemmas=reranker.cue_lemmas if parse is not None else frozenset())
    if reranker is not None:
        quotes = reranker.choose(quotes, feats)
    if parse is not None:
        quotes = syntax.without_complementizer(doc, parse, quotes)
    return replace(ann, quotes=tuple(quotes))


def english_candidates(doc: Doc, ann: Annotation, tagger, pool: bool = False, parse: Parse | None = None,
                       cue_lemmas: frozenset[str] = frozenset()) -> tuple[list[Quote], list[dict]]:
    """English attributions from the rules and the content tagger, speakers resolved and turns merged.

    With ``pool`` the tagger also proposes spans without a tagged cue and runs of probable content tokens, and
    each quote gets the reranker's features (:mod:`kroniek.quotes.rerank`); without it the feature list is
    empty and the quotes are final. With a ``parse`` (and ``pool``) the parse proposes candidates too
    (:func:`kroniek.quotes.syntax.candidates`) and every quote gets the parse's features."""
    lex = load_lexicon("en")
    pool = pool and tagger is not None
    cands = find_candidates(doc, lex)
    origins = {(c.cstart, c.cend): "rule" for c in cands}
    if pool:
        runs, (pc, pq, ps) = tagger.analyse(doc, lex, parse)
    else:
        runs = tagger.attributions(doc, lex, parse) if tagger is not None else []
    for c, origin in _tagged_candidates(doc, runs, cands, uncued=pool):
        origins.setdefault((c.cstart, c.cend), origin)
        cands.append(c)
    if pool:
        for c in probability_runs(doc, pc, pq, cands, ps):
            origins.setdefault((c.cstart, c.cend), "tag_marg")
            cands.append(c)
    dep = syntax.candidates(doc, parse, cue_lemmas) if pool and parse is not None else []
    if dep:
        # a parse candidate joins unless the same span is taken or it touches a direct quote; one that covers
        # another candidate by half is kept for the reranker to choose between them
        taken = {(c.cstart, c.cend) for c in cands}
        direct = [c for c in cands if c.kind == "direct"]
        for c, origin in dep:
            if (c.cstart, c.cend) not in taken and not any(min(c.cend, d.cend) > max(c.cstart, d.cstart)
                                                           for d in direct):
                taken.add((c.cstart, c.cend))
                origins[(c.cstart, c.cend)] = origin
                cands.append(c)
    quotes = merge_continuations(doc.text, resolve(doc, lex, cands, mentions_for(doc, ann)))
    if not pool:
        return quotes, []
    feats = features(doc, lex, quotes, origins, pc, pq)
    add_group_features(quotes, feats)
    if parse is not None:
        syntax.add_features(doc, parse, quotes, feats, dep, cue_lemmas)
    return quotes, feats


def _tagged_candidates(doc: Doc, runs, cands: list[Candidate], uncued: bool = False) -> list[tuple[Candidate, str]]:
    """English: content spans from the CRF tagger's runs (``ContentTagger.attributions``) that no rule found,
    with their origin.

    A tagger span is kept when it does not touch a direct quote the rules found and no rule span covers at least
    half of the two together (a rule span with other boundaries, often a nested or neighbouring attribution, does
    not hide it). Without the reranker only spans whose sentence has a tagged cue are kept ("tag_cue"); with it,
    spans without one too ("tag_nocue"), for the reranker to judge."""
    out = []
    for (a, b), cue, src in runs:
        if (cue is None and not uncued) or covered((a, b), cands):
            continue
        inner = doc.text[a:b].strip()
        kind = "direct" if inner[:1] in "\"“'‘" and inner[-1:] in "\"”'’" else "indirect"
        speaker = (doc.tokens[src[0]].start, doc.tokens[src[1] - 1].end) if src else None
        cue_text = doc.tokens[cue].text if cue is not None else None
        cue_start = doc.tokens[cue].start if cue is not None else None
        out.append((Candidate(kind, a, b, cue_text, cue_start, speaker, "np" if speaker else "previous",
                              cue_start if cue_start is not None else a), "tag_cue" if cue is not None else "tag_nocue"))
    return out


@lru_cache(maxsize=2)
def _tagger(syntax: bool = False):
    """The English content tagger, the one trained with the parse's features when ``syntax``;
    KRONIEK_QUOTES_TAGGER=0 turns it off (rules only)."""
    if os.environ.get("KRONIEK_QUOTES_TAGGER", "1") == "0":
        return None
    from .crf import load_tagger

    return load_tagger(syntax)


@lru_cache(maxsize=2)
def _reranker(syntax: bool = False):
    """The English candidate reranker, the one trained with the parse's candidates and features when ``syntax``;
    KRONIEK_QUOTES_RERANK=0 turns it off (rules and tagger as before)."""
    if os.environ.get("KRONIEK_QUOTES_RERANK", "1") == "0":
        return None
    from .rerank import SYNTAX_MODEL, load_reranker

    return load_reranker(SYNTAX_MODEL) if syntax else load_reranker()


def _parser():
    """The English dependency parser (:func:`kroniek.quotes.syntax.load_parser`), when a tagger and a reranker
    trained with it are shipped; KRONIEK_QUOTES_PARSER=0 turns it off."""
    from .crf import SYNTAX_MODEL as SYNTAX_TAGGER
    from .rerank import SYNTAX_MODEL

    return syntax.load_parser() if SYNTAX_MODEL.exists() and SYNTAX_TAGGER.exists() else None


MERGE_GAP = 250  # characters between two direct quotes of one turn, at most


def merge_continuations(text: str, quotes: list[Quote]) -> list[Quote]:
    """English convention (PARC, PolNeAR): one attribution per speaker turn, so a direct quote that goes on
    after the cue (“A,” he said, “B.”) or in the next sentences of the same paragraph joins the quote before it.

    A continuation with a cue joins when its cue and speaker are the first part's; a bare one (no cue) joins
    whatever speaker resolution gave it, since in the same paragraph it goes on with the same turn (an
    attribution lying between the two, such as a tagger span in a long inserted clause, does not break it)."""
    out: list[Quote] = []
    for q in quotes:
        # the last direct quote before q; quotes lying wholly between the two (an inserted "who said ..." clause,
        # and any quote nested in it) do not break the turn
        j = len(out) - 1
        if q.kind == "direct":
            while j > 0 and out[j].kind != "direct":
                j -= 1
            if any(not out[j].content_end <= r.content_start <= r.content_end <= q.content_start for r in out[j + 1:]):
                j = len(out) - 1
        if j >= 0:
            p = out[j]
            gap = text[p.content_end:q.content_start]
            same_turn = q.cue is None or (q.speaker_canonical == p.speaker_canonical and q.cue_start == p.cue_start)
            if p.kind == q.kind == "direct" and same_turn and "\n" not in gap.strip(" ") and len(gap) < MERGE_GAP:
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
