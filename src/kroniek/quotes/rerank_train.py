"""Train the English candidate reranker (:mod:`kroniek.quotes.rerank`) on PolNeAR train.

The reranker must learn from tagger output like the output it will see on new text, not from the tagger's
output on its own training articles. So the training articles (the split's articles but the last
``skip_last``, the same ones the shipped tagger was trained on) are cut into ``folds`` by index; for each fold a
tagger is trained on the other folds, and that tagger produces the fold's candidates. A candidate is positive
when it matches a gold attribution (content overlap at least half the union). A gradient-boosted tree ensemble
(scikit-learn's HistGradientBoostingClassifier) is fitted on all candidates; the threshold is the one that
gives the best content F1 on out-of-fold predictions of the same ensemble settings. The trees are written as
JSON.

Needs the ``train`` extra (numpy, scikit-learn); about 6 minutes on 2 cores:

    python -m kroniek.quotes.rerank_train ../shared/data/polnear-en

With ``--syntax`` it trains the model used when an English parser is installed (``data/quotes/en-rerank-syntax.json``,
see :mod:`kroniek.quotes.syntax`): the parse's candidates join the pool and every candidate gets the parse's
features, and the ensemble has twice the trees (``SYNTAX_SETTINGS``). It also needs the parser (the ``parse``
extra); about 26 minutes on 2 cores when the work folder holds the four fold taggers, some 20 more without.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from .rerank import MODEL, SYNTAX_MODEL, chosen, same_span
from .syntax import DEFAULT_PARSERS, first_parser

FOLDS = 4
CUE_LEMMA_MIN = 3  # a lemma is a cue lemma of the parse candidates when at least this many gold cues have it
MIN_COUNT = 15  # a feature seen on fewer candidates is not used
SETTINGS = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 20,
            "l2_regularization": 1.0, "early_stopping": False}
# the syntax model's pool is twice as large: twice the trees (out of fold 0.6773 with 300, 0.6793 with 600)
SYNTAX_SETTINGS = {**SETTINGS, "max_iter": 600}


def candidate_rows(polnear: Path, skip_last: int = 84, folds: int = FOLDS, workdir: Path | None = None,
                   parser=None):
    """(article index, quotes, feature dicts, gold quotes) per training article, with out-of-fold taggers.

    With a ``parser`` (:class:`kroniek.quotes.syntax.Parser`) the parse's candidates and features are added, with
    the cue lemmas of the other folds."""
    from ..eval.quotes import read_polnear
    from ..model import Annotation, Article
    from ..pipeline import Pipeline
    from ..settings import Settings
    from .annotate import english_candidates
    from .crf import ContentTagger, train

    work = workdir or Path(tempfile.mkdtemp(prefix="kroniek-rerank-"))
    taggers = []
    for k in range(folds):
        path = work / (f"fold{k}-syntax.crfsuite" if parser is not None else f"fold{k}.crfsuite")
        if not path.exists():
            train(polnear, path, skip_last=skip_last, leave_out=lambda i, k=k: i % folds == k, parser=parser)
        taggers.append(ContentTagger(path, syntax=parser is not None))
    pipe = Pipeline(Settings(nlp="kroniek", annotators=("entities",)))
    docs = read_polnear(polnear, "train")
    docs = docs[:len(docs) - skip_last]
    analysed = [pipe.backend.process(d.text, "en") for d in docs]
    parses = [parser.parse(doc) for doc in analysed] if parser is not None else [None] * len(docs)
    lemmas = [cue_lemmas(docs, analysed, parses, lambda i, k=k: i % folds != k) if parser is not None else frozenset()
              for k in range(folds)]
    rows = Rows()
    for i, (d, doc, parse) in enumerate(zip(docs, analysed, parses)):
        art = Article(id=d.id, text=d.text, lang="en")
        ann = Annotation(article=art, published=None, lang="en")
        for _name, fn in pipe.annotators:
            ann = fn(doc, ann)
        quotes, feats = english_candidates(doc, ann, taggers[i % folds], pool=True, parse=parse,
                                           cue_lemmas=lemmas[i % folds])
        rows.append((i, quotes, feats, d.quotes))
    if parser is not None:
        rows.cue_lemmas = cue_lemmas(docs, analysed, parses, lambda i: True)
    return rows


class Rows(list):
    """Candidate rows, with the cue lemmas of all training articles when they were made with a parser."""

    cue_lemmas: frozenset[str] = frozenset()


def cue_lemmas(docs, analysed, parses, use, min_count: int = CUE_LEMMA_MIN) -> frozenset[str]:
    """Lemmas of the gold cue words (their first token) that occur at least ``min_count`` times in the articles
    ``i`` for which ``use(i)`` holds."""
    from bisect import bisect_left
    from collections import Counter

    counts: Counter[str] = Counter()
    for i, (d, doc, parse) in enumerate(zip(docs, analysed, parses)):
        if not use(i):
            continue
        starts = [t.start for t in doc.tokens]
        for q in d.quotes:
            if q.cue and q.cue_start is not None:
                counts[parse.lemmas[min(bisect_left(starts, q.cue_start), len(starts) - 1)]] += 1
    return frozenset(w for w, n in counts.items() if n >= min_count and any(c.isalpha() for c in w))


def _f1(rows, pick) -> float:
    """Content F1 over ``rows`` keeping the quotes whose indices ``pick(article index, quotes)`` returns."""
    from ..eval.common import prf
    from ..eval.quotes import match

    tp = npred = ngold = 0
    for i, quotes, _feats, gold in rows:
        kept = [quotes[j] for j in pick(i, quotes)]
        tp += len(match(kept, gold))
        npred += len(kept)
        ngold += len(gold)
    return prf(tp, npred, ngold).f1


def fit(rows, folds: int = FOLDS, settings: dict = SETTINGS) -> dict:
    """The JSON model: trees, baseline and the out-of-fold best threshold."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction import DictVectorizer

    feats, labels, doc_of, key = [], [], [], []
    for i, quotes, fs, gold in rows:
        for j, (q, f) in enumerate(zip(quotes, fs)):
            feats.append(f)
            labels.append(int(any(same_span((q.content_start, q.content_end), (g.content_start, g.content_end))
                                  for g in gold)))
            doc_of.append(i)
            key.append((i, j))
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    cols = np.where(np.asarray((x != 0).sum(0)).ravel() >= MIN_COUNT)[0]
    x = x[:, cols].toarray()
    names = [vec.feature_names_[c] for c in cols]
    y, doc_of = np.array(labels), np.array(doc_of)
    prob = np.zeros(len(y))
    for k in range(folds):
        test = doc_of % folds == k
        model = HistGradientBoostingClassifier(**settings).fit(x[~test], y[~test])
        prob[test] = model.predict_proba(x[test])[:, 1]
    by_key = dict(zip(key, prob))
    thresholds = [round(t, 3) for t in np.arange(0.1, 0.6, 0.025)]
    # judged as the annotator will use it: over the threshold, the more probable of two overlapping (rerank.chosen)
    scores = {t: _f1(rows, lambda i, qs, t=t: chosen(qs, [by_key[(i, j)] for j in range(len(qs))], t))
              for t in thresholds}
    threshold = max(scores, key=scores.get)
    model = HistGradientBoostingClassifier(**settings).fit(x, y)
    trees = [_tree(pred[0].nodes, names) for pred in model._predictors]
    out = {"baseline": float(np.ravel(model._baseline_prediction)[0]), "threshold": threshold, "trees": trees,
           "out_of_fold_f1": round(scores[threshold], 4), "settings": settings, "features": len(names)}
    # the JSON ensemble must give the fitted model's probabilities
    from .rerank import Forest

    forest = Forest(out)
    sample = range(0, len(feats), max(1, len(feats) // 200))
    expected = model.predict_proba(x[list(sample)])[:, 1]
    got = [forest.probability(feats[n]) for n in sample]
    assert max(abs(a - b) for a, b in zip(expected, got)) < 1e-6, "exported trees disagree with the model"
    return out


def _tree(nodes, names: list[str]) -> list:
    out = []
    for n in nodes:
        if n["is_leaf"]:
            out.append([None, 0.0, 0, 0, float(n["value"])])
        else:
            out.append([names[int(n["feature_idx"])], float(n["num_threshold"]), int(n["left"]), int(n["right"]),
                        0.0])
    return out


def without_reranker_f1(rows) -> float:
    """Out-of-fold content F1 of what the annotator outputs without the reranker: rule spans and tagger runs with a
    tagged cue (the yardstick the reranker is compared with)."""
    def kept(i: int, quotes) -> list[int]:
        return [j for j in range(len(quotes)) if {"o=rule", "o=tag_cue", "o=merged"} & rows_by_index[i][2][j].keys()]

    rows_by_index = {row[0]: row for row in rows}
    return _f1(rows, kept)


def train(polnear: Path, out: Path | None = None, skip_last: int = 84, workdir: Path | None = None,
          parser=None) -> dict:
    """Fit and write the model (with a ``parser``, the syntax model and its cue lemmas); returns it with
    ``without_reranker_f1`` added (not written)."""
    rows = candidate_rows(polnear, skip_last, workdir=workdir, parser=parser)
    model = fit(rows, settings=SYNTAX_SETTINGS if parser is not None else SETTINGS)
    if parser is not None:
        model["cue_lemmas"] = sorted(rows.cue_lemmas)
        model["parser"] = parser.name
    out = out or (SYNTAX_MODEL if parser is not None else MODEL)
    out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    return {**model, "without_reranker_f1": round(without_reranker_f1(rows), 4)}


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kroniek.quotes.rerank_train", description=__doc__.split("\n")[0])
    ap.add_argument("polnear", type=Path, help="the PolNeAR folder (train split)")
    ap.add_argument("out", type=Path, nargs="?", help="model file (default: the shipped one)")
    ap.add_argument("workdir", type=Path, nargs="?", help="folder for the out-of-fold taggers (kept for reuse)")
    ap.add_argument("--syntax", metavar="PARSER", nargs="?", const="", default=None,
                    help="train the syntax model with this spaCy pipeline (default: the first installed of "
                         + ", ".join(DEFAULT_PARSERS) + ")")
    args = ap.parse_args(argv)
    parser = None
    if args.syntax is not None:
        names = (args.syntax,) if args.syntax else DEFAULT_PARSERS
        parser = first_parser(names)
        if parser is None:
            sys.exit(f"no spaCy parser installed of: {', '.join(names)}")
    m = train(args.polnear, args.out, workdir=args.workdir, parser=parser)
    print(f"threshold {m['threshold']}, out-of-fold content F1 {m['out_of_fold_f1']} "
          f"(without the reranker {m['without_reranker_f1']}), {len(m['trees'])} trees")


if __name__ == "__main__":  # pragma: no cover
    main()
