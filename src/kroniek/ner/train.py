"""Train the Dutch NER model from CoNLL-2002 ned.train (one command, fixed seed).

    python -m kroniek.ner.train --conll-dir ../shared/data/conll2002-nl

Steps: learn word clusters and capitalisation ratios from unlabelled Dutch text; build the
name list from training names, cross-fold (each fold's features see only the names of the
other folds, so the CRF learns how far to trust the list); train stage 1; tag each fold
with a stage-1 model trained on the other folds and train stage 2 on those labels.
Writes ``nl.lexicon.bin``, ``nl.stage1.crfsuite`` and ``nl.stage2.crfsuite``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import click

from . import MODEL_DIR
from .conll import Document, chunks, read_conll
from .features import FeatureExtractor, Lexicon, normalise
from .model import (
    document_features,
    read_lexicon,
    tag_with_probabilities,
    write_lexicon,
)


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def unlabelled_sentences(conll_docs: list[Document], shared: Path, europeana: bool = False) -> list[list[str]]:
    """Dutch sentences without labels: ned.train, DpgMedia2019, UD Dutch dev sets (optionally Europeana NER words)."""
    from ..nlp.tokens import sentences as split
    from ..nlp.tokens import tokenize

    out = [list(s.words) for d in conll_docs for s in d.sentences]
    dpg = shared / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
    if dpg.exists():
        with open(dpg, encoding="utf-8") as fh:
            for line in fh:
                art = json.loads(line)
                for text in (art.get("title") or "", art.get("text") or ""):
                    toks = tokenize(text)
                    for s in split(text, toks):
                        out.append([normalise(t.text) for t in toks[s.first:s.last]])
    for ud in sorted(shared.glob("ud-dutch-*/*.conllu")):
        sent: list[str] = []
        with open(ud, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    if sent:
                        out.append(sent)
                    sent = []
                elif not line.startswith("#"):
                    cols = line.split("\t")
                    if cols[0].isdigit():
                        sent.append(cols[1])
    eur = shared / "europeana-ner-nl" / "enp_NL.kb.bio"
    if europeana and eur.exists():
        sent = []
        with open(eur, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if not parts:
                    continue
                sent.append(parts[0])
                if parts[0] in {".", "?", "!"}:
                    out.append(sent)
                    sent = []
        if sent:
            out.append(sent)
    return out


def training_names(docs: list[Document]) -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """Names (word tuples) with their most frequent label, and single capitalised words inside names."""
    names: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    parts: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        for s in d.sentences:
            words = [normalise(w) for w in s.words]
            for a, b, lab in chunks(s.tags):
                names[tuple(words[a:b])][lab] += 1
                for w in words[a:b]:
                    if w[:1].isupper():
                        parts[w][lab] += 1
    return ({k: c.most_common(1)[0][0] for k, c in names.items()},
            {k: c.most_common(1)[0][0] for k, c in parts.items()})


def flat(rows) -> list:
    """Concatenate per-document lists."""
    return [x for r in rows for x in r]


def train_crf(xs: list, ys: list, path: Path, c1: float, c2: float, iterations: int) -> None:
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        if x:
            tr.append(x, y)
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    tr.train(str(path))


def tag_all(path: Path, xs: list) -> list[tuple[list[str], list[dict[str, float]]]]:
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(path))
    return [tag_with_probabilities(t, x) for x in xs]


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    tp = Counter()
    ng = Counter()
    npd = Counter()
    for g, p in zip(gold, pred):
        gs, ps = set(chunks(g)), set(chunks(p))
        for c in gs:
            ng[c[2]] += 1
        for c in ps:
            npd[c[2]] += 1
        for c in gs & ps:
            tp[c[2]] += 1
    out = {}
    for lab in sorted(ng) + ["ALL"]:
        t = sum(tp.values()) if lab == "ALL" else tp[lab]
        g = sum(ng.values()) if lab == "ALL" else ng[lab]
        p = sum(npd.values()) if lab == "ALL" else npd[lab]
        pr, rc = (t / p if p else 0.0), (t / g if g else 0.0)
        out[lab] = round(2 * pr * rc / (pr + rc) if pr + rc else 0.0, 4)
    return out


def build(conll_dir: Path, shared: Path, out: Path, folds: int, c1: float, c2: float, iterations: int,
          seed: int, stage2: bool, lexicon_cache: Path | None, dev: bool) -> dict:
    from .clusters import capitalisation_ratios, learn_clusters

    docs = read_conll(conll_dir / "ned.train")
    _log(f"{len(docs)} training documents")
    if lexicon_cache and lexicon_cache.exists():
        base = read_lexicon(lexicon_cache)
        base = Lexicon(base.clusters, base.capratio)
    else:
        unl = unlabelled_sentences(docs, shared)
        _log(f"{len(unl)} unlabelled sentences, {sum(map(len, unl))} words; learning clusters")
        base = Lexicon(learn_clusters(unl, seed=seed), capitalisation_ratios(unl))
        if lexicon_cache:
            write_lexicon(base, lexicon_cache)
    _log(f"{len(base.clusters)} clustered words")
    fold_of = [i % folds for i in range(len(docs))]
    base_fx = FeatureExtractor(base)
    xs_doc: list[list] = [None] * len(docs)  # type: ignore[list-item]
    for k in range(folds):
        names, parts = training_names([d for d, f in zip(docs, fold_of) if f != k])
        fx = base_fx.with_names(names, parts)
        for i, d in enumerate(docs):
            if fold_of[i] == k:
                xs_doc[i] = [fx.sentence(list(s.words)) for s in d.sentences]
    ys_doc = [[list(s.tags) for s in d.sentences] for d in docs]
    names, parts = training_names(docs)
    final = Lexicon(base.clusters, base.capratio, names, parts)
    out.mkdir(parents=True, exist_ok=True)
    write_lexicon(final, out / "nl.lexicon.bin")
    _log("training stage 1")
    train_crf(flat(xs_doc), flat(ys_doc), out / "nl.stage1.crfsuite", c1, c2, iterations)
    if stage2:
        tags1: list[list] = [None] * len(docs)  # type: ignore[list-item]
        probs1: list[list] = [None] * len(docs)  # type: ignore[list-item]
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(folds):
                _log(f"stage-1 model without fold {k}")
                p = Path(tmp) / f"fold{k}.crfsuite"
                train_crf(flat(x for x, f in zip(xs_doc, fold_of) if f != k),
                          flat(y for y, f in zip(ys_doc, fold_of) if f != k), p, c1, c2, iterations)
                idx = [i for i in range(len(docs)) if fold_of[i] == k]
                tagged = tag_all(p, flat(xs_doc[i] for i in idx))
                pos = 0
                for i in idx:
                    n = len(xs_doc[i])
                    tags1[i] = [t for t, _ in tagged[pos:pos + n]]
                    probs1[i] = [p for _, p in tagged[pos:pos + n]]
                    pos += n
        cv = score(flat(ys_doc), flat(tags1))
        _log(f"stage-1 cross-fold F1 on ned.train: {cv}")
        xs2 = [document_features([list(s.words) for s in d.sentences], xs_doc[i], tags1[i], probs1[i])
               for i, d in enumerate(docs)]
        _log("training stage 2")
        train_crf(flat(xs2), flat(ys_doc), out / "nl.stage2.crfsuite", c1, c2, iterations)
    else:
        (out / "nl.stage2.crfsuite").unlink(missing_ok=True)
    result = {"folds": folds, "c1": c1, "c2": c2, "iterations": iterations, "seed": seed, "stage2": stage2}
    if dev and (conll_dir / "ned.testa").exists():
        from .model import NerModel

        model = NerModel(out, "nl")
        dev_docs = read_conll(conll_dir / "ned.testa")
        gold, pred = [], []
        for d in dev_docs:
            sents = [list(s.words) for s in d.sentences]
            pred.extend(model.tag_document(sents))
            gold.extend(list(s.tags) for s in d.sentences)
        result["dev_f1"] = score(gold, pred)
        _log(f"ned.testa F1: {result['dev_f1']}")
    return result


@click.command()
@click.option("--conll-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="folder with ned.train (and ned.testa for --dev)")
@click.option("--shared-dir", type=click.Path(path_type=Path), default=None,
              help="shared data folder with unlabelled text (default: the parent of --conll-dir)")
@click.option("--out", type=click.Path(path_type=Path), default=MODEL_DIR, show_default=True)
@click.option("--folds", default=5, show_default=True)
@click.option("--c1", default=0.05, show_default=True)
@click.option("--c2", default=0.01, show_default=True)
@click.option("--iterations", default=150, show_default=True)
@click.option("--seed", default=13, show_default=True)
@click.option("--stage2/--no-stage2", default=True, show_default=True)
@click.option("--lexicon-cache", type=click.Path(path_type=Path), default=None,
              help="reuse (or write) the cluster table here, to speed up repeated experiments")
@click.option("--dev/--no-dev", default=True, show_default=True, help="score on ned.testa afterwards")
def main(conll_dir, shared_dir, out, folds, c1, c2, iterations, seed, stage2, lexicon_cache, dev):
    """Train the Dutch CRF NER model."""
    shared = shared_dir or conll_dir.parent
    res = build(conll_dir, shared, out, folds, c1, c2, iterations, seed, stage2, lexicon_cache, dev)
    click.echo(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
