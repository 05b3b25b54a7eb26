"""A CRF that marks attribution content spans in English text (trained on PolNeAR train).

PolNeAR counts far more than speech verbs as attribution cues (beliefs, stances, nominal cues), which a
hand-written lexicon cannot cover. This tagger labels tokens B/I/O for content, one sentence at a time, with
features for the word, its neighbours, quotation marks and the nearest cue-lexicon word. The rule annotator
still supplies cue and speaker for each span (see :mod:`kroniek.quotes.annotate`).

Train (research data stays outside the package; the model file is written under data/quotes):

    python -m kroniek.quotes.crf train ../shared/data/polnear-en

``train-syntax`` trains the tagger that also sees an English dependency parse (:mod:`kroniek.quotes.syntax`),
used with the syntax reranker when a parser is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..nlp.doc import Doc
from .lexicon import Lexicon, load_lexicon
from .marks import find_quoted
from .syntax import Parse

MODEL = Path(__file__).resolve().parents[1] / "data" / "quotes" / "en-content.crfsuite"
# the same, trained with the dependency parse's features (:mod:`kroniek.quotes.syntax`)
SYNTAX_MODEL = MODEL.with_name("en-content-syntax.crfsuite")
_QUOTE_CHARS = set("\"'“”‘’«»„")


def _shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "UP"
    if w[:1].isupper():
        return "Cap"
    if w.isdigit():
        return "D"
    if not any(c.isalnum() for c in w):
        return "P"
    return "low"


def sentence_features(doc: Doc, lex: Lexicon, first: int, last: int, inq: list[bool],
                      parse: Parse | None = None) -> list[list[str]]:
    toks = doc.tokens[first:last]
    low = [t.text.lower() for t in toks]
    n = len(toks)
    cues = [k for k in range(n) if lex.is_cue_form(low[k]) or (low[k] == "according" and k + 1 < n and low[k + 1] == "to")]
    has_q = any(inq[first + k] for k in range(n))
    feats = []
    for k in range(n):
        w = low[k]
        f = ["b", f"w={w}", f"s3={w[-3:]}", f"sh={_shape(toks[k].text)}", f"q={inq[first + k]}", f"sq={has_q}"]
        for d in (-3, -2, -1, 1, 2, 3):
            j = k + d
            f.append(f"w{d}={low[j] if 0 <= j < n else '<s>'}")
        f.append(f"w-1|w={low[k - 1] if k else '<s>'}|{w}")
        f.append(f"w|w+1={w}|{low[k + 1] if k + 1 < n else '</s>'}")
        commas = sum(1 for m in range(k) if low[m] == ",")
        f.append(f"commas={min(commas, 3)}")
        if k == 0:
            f.append("first")
        if k == n - 1:
            f.append("last")
        if toks[k].text in _QUOTE_CHARS or toks[k].text in ("''", "``"):
            f.append("qmark")
        before = [c for c in cues if c < k]
        after = [c for c in cues if c > k]
        if k in cues:
            f.append("cue")
            f.append(f"cuew={w}")
        if before:
            c = before[-1]
            f.append(f"cb={min(k - c, 6)}")
            f.append(f"cbw={low[c]}")
            if any(low[m] == "that" for m in range(c + 1, k)):
                f.append("that_between")
        if after:
            c = after[0]
            f.append(f"ca={min(c - k, 6)}")
            f.append(f"caw={low[c]}")
            if any(low[m] == "," for m in range(k + 1, c)):
                f.append("comma_before_cue")
        if not cues:
            f.append("nocue")
        if parse is not None:
            f.extend(_parse_features(parse, first + k))
        feats.append(f)
    return feats


def _parse_features(parse: Parse, i: int) -> list[str]:
    """The token's tag and label, its head's lemma, and the nearest ancestor edge that can carry a content (a
    clausal complement, object, infinitive or clause) with the lemma of the word it hangs on."""
    h = parse.heads[i]
    f = [f"tag={parse.tags[i]}", f"dep={parse.deps[i]}", f"hl={parse.lemmas[h]}" if h != i else "root"]
    k, steps = i, 0
    while parse.heads[k] != k and steps < 12:
        if parse.deps[k] in ("ccomp", "xcomp", "dobj", "acl", "advcl", "pobj", "nsubj"):
            g = parse.heads[k]
            f.append(f"anc={parse.deps[k]}")
            f.append(f"anc={parse.deps[k]}|{parse.lemmas[g]}")
            break
        k, steps = parse.heads[k], steps + 1
    return f


def _inq(doc: Doc) -> list[bool]:
    starts = [t.start for t in doc.tokens]
    inq = [False] * len(doc.tokens)
    from bisect import bisect_left

    for q in find_quoted(doc.text):
        for k in range(bisect_left(starts, q.cstart), bisect_left(starts, q.cend)):
            inq[k] = True
    return inq


def train(polnear: Path, out: Path = MODEL, split: str = "train", max_iter: int = 60, skip_last: int = 0,
          c1: float = 0.5, c2: float = 0.01, minfreq: int = 5, leave_out=None, parser=None) -> None:
    """Train on the split's articles but the last ``skip_last``; ``leave_out(i)`` true leaves article i out too
    (the out-of-fold taggers of :mod:`kroniek.quotes.rerank_train`). With a ``parser``
    (:class:`kroniek.quotes.syntax.Parser`) the tagger also sees the parse's features."""
    import pycrfsuite

    from ..eval.quotes import read_polnear
    from ..nlp.backend import BlankBackend

    lex = load_lexicon("en")
    backend = BlankBackend()
    trainer = pycrfsuite.Trainer(verbose=False)
    docs = read_polnear(polnear, split)
    for i, d in enumerate(docs[:len(docs) - skip_last]):
        if leave_out is not None and leave_out(i):
            continue
        doc = backend.process(d.text, "en")
        parse = parser.parse(doc) if parser is not None else None
        inq = _inq(doc)
        spans = sorted((q.content_start, q.content_end) for q in d.quotes)
        cues = [(q.cue_start, q.cue_start + len(q.cue)) for q in d.quotes if q.cue and q.cue_start is not None]
        srcs = [(q.speaker_start, q.speaker_start + len(q.speaker)) for q in d.quotes
                if q.speaker and q.speaker_start is not None]
        for s in doc.sentences:
            xs = sentence_features(doc, lex, s.first, s.last, inq, parse)
            ys = []
            prev_in = None
            for t in doc.tokens[s.first:s.last]:
                cur = next((sp for sp in spans if sp[0] <= t.start < sp[1]), None)
                if any(a <= t.start < b for a, b in cues):
                    ys.append("C")
                    cur = None
                elif any(a <= t.start < b for a, b in srcs) and cur is None:
                    ys.append("S")
                elif cur is None:
                    ys.append("O")
                elif cur != prev_in:
                    ys.append("B")
                else:
                    ys.append("I")
                prev_in = cur
            trainer.append(xs, ys)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.minfreq": minfreq})
    trainer.train(str(out))


class ContentTagger:
    """A trained tagger; ``syntax`` says it was trained with a parse, which it then needs on every text."""

    def __init__(self, path: Path | None = None, syntax: bool = False):
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path or MODEL))
        self.syntax = syntax

    def spans(self, doc: Doc, lex: Lexicon, parse: Parse | None = None) -> list[tuple[int, int]]:
        """Character spans of predicted content; runs over sentence ends are joined."""
        return [c for c, _cue, _src in self.attributions(doc, lex, parse)]

    def attributions(self, doc: Doc, lex: Lexicon, parse: Parse | None = None):
        """(content span, cue token index or None, source token span or None) per predicted content run.

        Cue and source are the C and S tokens the tagger marks in the same sentence, the nearest to the content.
        Two quoted runs separated only by punctuation, cue and source tokens are one run (PolNeAR's convention for
        a turn that goes on after its cue: “A,” she said. “B.”); a run of punctuation alone is dropped.
        """
        return self._attributions(doc, lex, None, parse)

    def analyse(self, doc: Doc, lex: Lexicon, parse: Parse | None = None):
        """:meth:`attributions` and, from the same tagging pass, the per-token probabilities that a token is
        content (B or I), a cue (C) and a source (S)."""
        n = len(doc.tokens)
        marginals = ([0.0] * n, [0.0] * n, [0.0] * n)
        return self._attributions(doc, lex, marginals, parse), marginals

    def _attributions(self, doc: Doc, lex: Lexicon, marginals: tuple[list[float], ...] | None,
                      parse: Parse | None):
        if self.syntax and parse is None:
            raise ValueError("this content tagger was trained with a parse and needs one")
        parse = parse if self.syntax else None
        inq = _inq(doc)
        runs: list[list] = []  # [first token, last token, cue tokens, source spans]
        labels_all: list[str] = []
        for s in doc.sentences:
            labels = self.tagger.tag(sentence_features(doc, lex, s.first, s.last, inq, parse))
            if marginals is not None:
                content, cue, source = marginals
                for k in range(s.last - s.first):
                    content[s.first + k] = self.tagger.marginal("B", k) + self.tagger.marginal("I", k)
                    cue[s.first + k] = self.tagger.marginal("C", k)
                    source[s.first + k] = self.tagger.marginal("S", k)
            labels_all.extend(["O"] * (s.first - len(labels_all)))
            labels_all.extend(labels)
            cues = [s.first + k for k, lab in enumerate(labels) if lab == "C"]
            srcs: list[list[int]] = []
            for k, lab in enumerate(labels):
                if lab == "S":
                    if srcs and srcs[-1][1] == s.first + k:
                        srcs[-1][1] += 1
                    else:
                        srcs.append([s.first + k, s.first + k + 1])
            for k, lab in enumerate(labels):
                i = s.first + k
                if lab == "I" and runs and runs[-1][1] == i - 1:
                    runs[-1][1] = i
                elif lab in ("B", "I"):
                    if runs and self._joinable(doc, labels_all, inq, runs[-1][1], i):
                        runs[-1][1] = i
                        runs[-1][2] = sorted(set(runs[-1][2]) | set(cues))
                        runs[-1][3] = runs[-1][3] + [sp for sp in srcs if sp not in runs[-1][3]]
                    else:
                        runs.append([i, i, cues, srcs])
        result = []
        for ta, tb, cues, srcs in runs:
            a, b = doc.tokens[ta].start, doc.tokens[tb].end
            if b <= a or not any(any(ch.isalnum() for ch in t.text) for t in doc.tokens[ta:tb + 1]):
                continue
            cue = min(cues, key=lambda c: min(abs(c - ta), abs(c - tb))) if cues else None
            src = None
            if srcs:
                ref = cue if cue is not None else ta
                src = tuple(min(srcs, key=lambda sp: abs(sp[0] - ref)))
            result.append(((a, b), cue, src))
        return result

    @staticmethod
    def _joinable(doc: Doc, labels: list[str], inq: list[bool], last: int, nxt: int) -> bool:
        """Whether two content runs are one quotation going on after its cue and source: both inside quotation
        marks, and only punctuation, C and S tokens between them (at most 8)."""
        gap = range(last + 1, nxt)
        if not gap or len(gap) > 8:
            return False
        punct = [not any(ch.isalnum() for ch in doc.tokens[g].text) for g in gap]
        return inq[last] and inq[nxt] and all(p or labels[g] in ("C", "S") for g, p in zip(gap, punct))


def load_tagger(syntax: bool = False) -> ContentTagger | None:
    path = SYNTAX_MODEL if syntax else MODEL
    if not path.exists():
        return None
    try:
        return ContentTagger(path, syntax=syntax)
    except (OSError, ValueError, RuntimeError):  # pragma: no cover - a broken model file falls back to rules
        return None


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) >= 3 and sys.argv[1] == "train":
        train(Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else MODEL, skip_last=84)
    elif len(sys.argv) >= 3 and sys.argv[1] == "train-syntax":
        from .syntax import load_parser

        parser = load_parser()
        if parser is None:
            sys.exit("no English spaCy parser installed (the parse extra)")
        train(Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else SYNTAX_MODEL, skip_last=84,
              parser=parser)
    else:
        print(__doc__)
