"""``kroniek eval ner``: entity P/R/F1 on a CoNLL-2002 file, counted the way conlleval counts.

An entity counts as correct only when its span and its label both match the gold entity.
The CoNLL tokens are joined with spaces (sentences with newlines) into a text per
document. The built-in model tags the gold tokens directly; any other backend
(``spacy:NAME``) analyses the joined text with its own tokenizer, and its entity
character spans are compared with the gold character spans.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import ModelError
from ..nlp.doc import Span
from ..nlp.tokens import Sentence, Token
from .common import PRF, prf

LABELS = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class ConllText:
    """One CoNLL document as text, tokens, sentences and gold entity spans."""

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    gold: tuple[Span, ...]


def conll_texts(path: str | Path) -> list[ConllText]:
    from ..ner.conll import chunks, read_conll

    out = []
    for doc in read_conll(path):
        parts: list[str] = []
        toks: list[Token] = []
        sents: list[Sentence] = []
        gold: list[Span] = []
        pos = 0
        for s in doc.sentences:
            if parts:
                parts.append("\n")
                pos += 1
            first = len(toks)
            for j, w in enumerate(s.words):
                if j:
                    parts.append(" ")
                    pos += 1
                toks.append(Token(w, pos, pos + len(w)))
                parts.append(w)
                pos += len(w)
            sents.append(Sentence(toks[first].start, toks[-1].end, first, len(toks)))
            for a, b, lab in chunks(s.tags):
                gold.append(Span(toks[first + a].start, toks[first + b - 1].end, lab))
        out.append(ConllText("".join(parts), tuple(toks), tuple(sents), tuple(gold)))
    return out


def score_spans(pairs: Iterable[tuple[Iterable[Span], Iterable[Span]]]) -> dict[str, PRF]:
    """P/R/F1 per label and overall ("ALL") from (gold, predicted) span collections, one pair per document."""
    tp: Counter = Counter()
    n_gold: Counter = Counter()
    n_pred: Counter = Counter()
    for gold, pred in pairs:
        g = {(s.start, s.end, s.label) for s in gold}
        p = {(s.start, s.end, s.label) for s in pred}
        n_gold.update(x[2] for x in g)
        n_pred.update(x[2] for x in p)
        tp.update(x[2] for x in g & p)
    labels = [lab for lab in LABELS if n_gold[lab] or n_pred[lab]]
    labels += sorted((set(n_gold) | set(n_pred)) - set(LABELS))
    out = {lab: prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in labels}
    out["ALL"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


def predict(texts: list[ConllText], nlp: str) -> list[tuple[Span, ...]]:
    if nlp == "kroniek":
        from ..ner import load_ner

        model = load_ner("nl")
        if model is None:
            raise ModelError("no Dutch NER model is installed in kroniek/data/ner")
        return [tuple(model.predict(t.text, list(t.tokens), list(t.sentences))) for t in texts]
    from ..nlp.backend import load_backend

    backend = load_backend(nlp)
    return [tuple(backend.process(t.text, "nl").ents) for t in texts]


def evaluate(path: str | Path, nlp: str = "kroniek") -> dict:
    texts = conll_texts(path)
    t0 = time.perf_counter()
    preds = predict(texts, nlp)
    seconds = time.perf_counter() - t0
    scores = score_spans((t.gold, p) for t, p in zip(texts, preds))
    return {"file": str(path), "nlp": nlp, "documents": len(texts), "tokens": sum(len(t.tokens) for t in texts),
            "seconds": round(seconds, 2), "overall": scores["ALL"].to_dict(),
            "labels": {k: v.to_dict() for k, v in scores.items() if k != "ALL"}}


def format_table(res: dict) -> str:
    lines = [f"{res['file']}  nlp={res['nlp']}  documents={res['documents']}  tokens={res['tokens']}",
             f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
    rows = list(res["labels"].items()) + [("overall", res["overall"])]
    for lab, d in rows:
        gold, pred = d["tp"] + d["fn"], d["tp"] + d["fp"]
        lines.append(f"{lab:<8}{100 * d['precision']:>8.2f}{100 * d['recall']:>8.2f}{100 * d['f1']:>8.2f}"
                     f"{gold:>7}{pred:>7}")
    return "\n".join(lines)


@click.command("ner")
@click.option("--conll", "conll_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CoNLL-2002 file, e.g. ../shared/data/conll2002-nl/ned.testa")
@click.option("--nlp", default="kroniek", show_default=True, help="kroniek | spacy:NAME_OR_PATH")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def command(conll_path: str, nlp: str, as_json: bool) -> None:
    """Entity precision, recall and F1 (exact span and label) on a CoNLL-2002 file."""
    try:
        res = evaluate(conll_path, nlp)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(res, indent=2) if as_json else format_table(res))


if __name__ == "__main__":
    command()
