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
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from .rerank import MODEL, same_span

FOLDS = 4
MIN_COUNT = 15  # a feature seen on fewer candidates is not used
SETTINGS = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 20,
            "l2_regularization": 1.0, "early_stopping": False}


def candidate_rows(polnear: Path, skip_last: int = 84, folds: int = FOLDS, workdir: Path | None = None):
    """(article index, quotes, feature dicts, gold quotes) per training article, with out-of-fold taggers."""
    from ..eval.quotes import read_polnear
    from ..model import Annotation, Article
    from ..pipeline import Pipeline
    from ..settings import Settings
    from .annotate import english_candidates
    from .crf import ContentTagger, train

    work = workdir or Path(tempfile.mkdtemp(prefix="kroniek-rerank-"))
    taggers = []
    for k in range(folds):
        path = work / f"fold{k}.crfsuite"
        if not path.exists():
            train(polnear, path, skip_last=skip_last, leave_out=lambda i, k=k: i % folds == k)
        taggers.append(ContentTagger(path))
    pipe = Pipeline(Settings(nlp="kroniek", annotators=("entities",)))
    docs = read_polnear(polnear, "train")
    docs = docs[:len(docs) - skip_last]
    rows = []
    for i, d in enumerate(docs):
        art = Article(id=d.id, text=d.text, lang="en")
        doc = pipe.backend.process(d.text, "en")
        ann = Annotation(article=art, published=None, lang="en")
        for _name, fn in pipe.annotators:
            ann = fn(doc, ann)
        quotes, feats = english_candidates(doc, ann, taggers[i % folds], pool=True)
        rows.append((i, quotes, feats, d.quotes))
    return rows


def _f1(rows, keep) -> float:
    """Content F1 over ``rows`` keeping the quotes for which ``keep(article index, quote index)`` holds."""
    from ..eval.common import prf
    from ..eval.quotes import match

    tp = npred = ngold = 0
    for i, quotes, _feats, gold in rows:
        kept = [q for j, q in enumerate(quotes) if keep(i, j)]
        tp += len(match(kept, gold))
        npred += len(kept)
        ngold += len(gold)
    return prf(tp, npred, ngold).f1


def fit(rows, folds: int = FOLDS) -> dict:
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
        model = HistGradientBoostingClassifier(**SETTINGS).fit(x[~test], y[~test])
        prob[test] = model.predict_proba(x[test])[:, 1]
    by_key = dict(zip(key, prob))
    thresholds = [round(t, 3) for t in np.arange(0.1, 0.6, 0.025)]
    scores = {t: _f1(rows, lambda i, j, t=t: by_key[(i, j)] >= t) for t in thresholds}
    threshold = max(scores, key=scores.get)
    model = HistGradientBoostingClassifier(**SETTINGS).fit(x, y)
    trees = [_tree(pred[0].nodes, names) for pred in model._predictors]
    out = {"baseline": float(np.ravel(model._baseline_prediction)[0]), "threshold": threshold, "trees": trees,
           "out_of_fold_f1": round(scores[threshold], 4), "settings": SETTINGS, "features": len(names)}
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
    def kept(i: int, j: int) -> bool:
        return bool({"o=rule", "o=tag_cue", "o=merged"} & rows_by_index[i][2][j].keys())

    rows_by_index = {row[0]: row for row in rows}
    return _f1(rows, kept)


def train(polnear: Path, out: Path = MODEL, skip_last: int = 84, workdir: Path | None = None) -> dict:
    """Fit and write the model; returns it with ``without_reranker_f1`` added (not written)."""
    rows = candidate_rows(polnear, skip_last, workdir=workdir)
    model = fit(rows)
    out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    return {**model, "without_reranker_f1": round(without_reranker_f1(rows), 4)}


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) < 2:
        print(__doc__)
    else:
        m = train(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else MODEL,
                  workdir=Path(sys.argv[3]) if len(sys.argv) > 3 else None)
        print(f"threshold {m['threshold']}, out-of-fold content F1 {m['out_of_fold_f1']} "
              f"(without the reranker {m['without_reranker_f1']}), {len(m['trees'])} trees")
