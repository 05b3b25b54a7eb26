"""The shipped two-stage CRF named-entity tagger.

Stage 1 tags each sentence from token features. Stage 2 tags again with, in addition, what
stage 1 said about the same word form elsewhere in the article (so "Trump" after "Donald
Trump" is tagged consistently).
"""

from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from ..nlp.doc import Span
from ..nlp.tokens import Sentence, Token
from .conll import chunks
from .features import FeatureExtractor, Lexicon, normalise


def read_lexicon(path: Path) -> Lexicon:
    return Lexicon.from_json(json.loads(zlib.decompress(path.read_bytes()).decode("utf-8")))


def write_lexicon(lexicon: Lexicon, path: Path) -> None:
    raw = json.dumps(lexicon.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_bytes(zlib.compress(raw.encode("utf-8"), 9))


def _type(tag: str) -> str:
    return tag[2:] if len(tag) > 2 else "O"


def document_features(sentences: list[list[str]], feats: list[list[list[str]]],
                      tags1: list[list[str]]) -> list[list[list[str]]]:
    """Stage-2 features: stage-1 features plus stage-1 labels of this word and its other uses in the document."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for words, tags in zip(sentences, tags1):
        for w, t in zip(words, tags):
            if w[:1].isalpha():
                counts[normalise(w).lower()][_type(t)] += 1
    out = []
    for words, f1, tags in zip(sentences, feats, tags1):
        n = len(words)
        sent = []
        for i, (w, f, t) in enumerate(zip(words, f1, tags)):
            f = list(f)
            f.append("s1=" + t)
            f.append("s1-1=" + (tags[i - 1] if i else "BOS"))
            f.append("s1+1=" + (tags[i + 1] if i + 1 < n else "EOS"))
            if w[:1].isalpha():
                c = counts[normalise(w).lower()].copy()
                c[_type(t)] -= 1
                others = +c
                if others:
                    top = others.most_common(1)[0][0]
                    f.append("dm=" + top)
                    f.append("dm|s1=" + top + "|" + _type(t))
                    ents = [(k, v) for k, v in others.most_common() if k != "O"]
                    if ents:
                        f.append("dmE=" + ents[0][0])
                else:
                    f.append("dm=none")
            sent.append(f)
        out.append(sent)
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
        p2 = directory / f"{lang}.stage2.crfsuite"
        if p2.exists():
            self.t2 = pycrfsuite.Tagger()
            self.t2.open(str(p2))

    def tag_document(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags for each sentence (list of words) of one document."""
        feats = [self.fx.sentence(s) for s in sentences]
        tags1 = [self.t1.tag(f) if f else [] for f in feats]
        if self.t2 is None:
            return tags1
        feats2 = document_features(sentences, feats, tags1)
        return [self.t2.tag(f) if f else [] for f in feats2]

    def predict(self, text: str, tokens: list[Token], sentences: list[Sentence]) -> list[Span]:
        """Entity spans (PER/ORG/LOC/MISC) as exact character offsets into ``text``."""
        sents = [[tokens[i].text for i in range(s.first, s.last)] for s in sentences]
        spans = []
        for s, tags in zip(sentences, self.tag_document(sents)):
            for a, b, label in chunks(tags):
                spans.append(Span(tokens[s.first + a].start, tokens[s.first + b - 1].end, label))
        return spans
