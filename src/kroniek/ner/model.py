"""The shipped two-stage CRF named-entity tagger.

Stage 1 tags each sentence from token features. Stage 2 tags again with, in addition, what
stage 1 said about the same word form elsewhere in the article (so "Trump" after "Donald
Trump" is tagged consistently). Last, a name tagged with different labels in one article
gets its majority label, and a known given name left out before a name joins it (see
:mod:`kroniek.ner.postprocess`).
"""

from __future__ import annotations

import json
import threading
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from ..nlp.doc import Span
from ..nlp.tokens import Sentence, Token
from .conll import chunks
from .features import FeatureExtractor, Lexicon, normalise
from .postprocess import attach_first_names


def read_lexicon(path: Path) -> Lexicon:
    return Lexicon.from_json(json.loads(zlib.decompress(path.read_bytes()).decode("utf-8")))


def write_lexicon(lexicon: Lexicon, path: Path) -> None:
    raw = json.dumps(lexicon.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_bytes(zlib.compress(raw.encode("utf-8"), 9))


def _type(tag: str) -> str:
    return tag[2:] if len(tag) > 2 else "O"


def tag_with_probabilities(tagger, xseq) -> tuple[list[str], list[dict[str, float]]]:
    """Best tag sequence plus, per token, the probability of each entity type (B- and I- summed)."""
    if not xseq:
        return [], []
    tagger.set(xseq)
    tags = tagger.tag()
    labels = [lab for lab in tagger.labels() if lab != "O"]
    probs = []
    for i in range(len(xseq)):
        p: dict[str, float] = {}
        for lab in labels:
            v = tagger.marginal(lab, i)
            if v > 0.05:
                t = lab[2:]
                p[t] = p.get(t, 0.0) + v
        probs.append(p)
    return tags, probs


def _bucket(p: float) -> str:
    return str(min(int(p * 5), 4))


def document_features(sentences: list[list[str]], feats: list[list[list[str]]], tags1: list[list[str]],
                      probs1: list[list[dict[str, float]]]) -> list[list[list[str]]]:
    """Stage-2 features: stage-1 features plus stage-1 labels of this word and its other uses in the document."""
    counts: dict[str, Counter] = defaultdict(Counter)
    mass: dict[str, Counter] = defaultdict(Counter)
    for words, tags, probs in zip(sentences, tags1, probs1):
        for w, t, p in zip(words, tags, probs):
            if w[:1].isalpha():
                k = normalise(w).lower()
                counts[k][_type(t)] += 1
                mass[k].update(p)
    out = []
    for words, f1, tags, probs in zip(sentences, feats, tags1, probs1):
        n = len(words)
        sent = []
        for i, (w, f, t, p) in enumerate(zip(words, f1, tags, probs)):
            f = list(f)
            f.append("s1=" + t)
            f.append("s1-1=" + (tags[i - 1] if i else "BOS"))
            f.append("s1+1=" + (tags[i + 1] if i + 1 < n else "EOS"))
            for typ, v in p.items():
                if v >= 0.2:
                    f.append(f"p1={typ}:{_bucket(v)}")
            if w[:1].isalpha():
                k = normalise(w).lower()
                c = counts[k].copy()
                c[_type(t)] -= 1
                others = +c
                if others:
                    top = others.most_common(1)[0][0]
                    f.append("dm=" + top)
                    f.append("dm|s1=" + top + "|" + _type(t))
                    ents = [(k2, v) for k2, v in others.most_common() if k2 != "O"]
                    if ents:
                        f.append("dmE=" + ents[0][0])
                    n_other = sum(others.values())
                    m = mass[k].copy()
                    m.subtract(p)
                    for typ, v in m.items():
                        if v / n_other >= 0.15:
                            f.append(f"dp={typ}:{_bucket(v / n_other)}")
                else:
                    f.append("dm=none")
            sent.append(f)
        out.append(sent)
    return out


def consistent_labels(sentences: list[list[str]], tags: list[list[str]]) -> list[list[str]]:
    """One label per name in a document: a name tagged with different labels gets its majority label, and a known given name left out before a name joins it (see
:mod:`kroniek.ner.postprocess`).

    Only a clear majority changes anything; ties are left as tagged.
    """
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for words, t in zip(sentences, tags):
        for a, b, lab in chunks(t):
            votes[tuple(words[a:b])][lab] += 1
    out = []
    for words, t in zip(sentences, tags):
        t = list(t)
        for a, b, lab in chunks(t):
            ranked = votes[tuple(words[a:b])].most_common(2)
            if len(ranked) > 1 and ranked[0][1] > ranked[1][1] and ranked[0][0] != lab:
                best = ranked[0][0]
                t[a] = "B-" + best
                for j in range(a + 1, b):
                    t[j] = "I-" + best
        out.append(t)
    return out


class NerModel:
    """A loaded model: lexicon, stage-1 CRF and (optionally) stage-2 CRF."""

    def __init__(self, directory: Path, lang: str) -> None:
        import pycrfsuite

        self.lang = lang
        self.fx = FeatureExtractor(read_lexicon(directory / f"{lang}.lexicon.bin"))
        self.t1 = pycrfsuite.Tagger()
        self.t1.open(str(directory / f"{lang}.stage1.crfsuite"))
        self.t2 = None
        self._lock = threading.Lock()  # a crfsuite tagger holds the sequence being tagged: one thread at a time
        p2 = directory / f"{lang}.stage2.crfsuite"
        if p2.exists():
            self.t2 = pycrfsuite.Tagger()
            self.t2.open(str(p2))

    def tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags for each sentence (list of words) of one document."""
        with self._lock:
            return self._tag_document(sentences)

    def _tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        feats = [self.fx.sentence(s) for s in sentences]
        if self.t2 is None:
            return [self.t1.tag(f) if f else [] for f in feats]
        tags1, probs1 = [], []
        for f in feats:
            t, p = tag_with_probabilities(self.t1, f)
            tags1.append(t)
            probs1.append(p)
        feats2 = document_features(sentences, feats, tags1, probs1)
        tags = consistent_labels(sentences, [self.t2.tag(f) if f else [] for f in feats2])
        return [attach_first_names(w, t) for w, t in zip(sentences, tags)]

    def predict(self, text: str, tokens: list[Token], sentences: list[Sentence]) -> list[Span]:
        """Entity spans (PER/ORG/LOC/MISC) as exact character offsets into ``text``."""
        sents = [[tokens[i].text for i in range(s.first, s.last)] for s in sentences]
        spans = []
        for s, tags in zip(sentences, self.tag_document(sents)):
            for a, b, label in chunks(tags):
                spans.append(Span(tokens[s.first + a].start, tokens[s.first + b - 1].end, label))
        return spans
