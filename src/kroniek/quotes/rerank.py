"""English: a span classifier that chooses among attribution candidates (model ``data/quotes/en-rerank.json``).

The rules and the CRF content tagger propose more candidates than they can trust: rule spans, tagger runs with
and without a tagged cue, and runs of tokens the tagger gives some probability of being content (its marginals,
not only its best labelling). Each candidate gets features (where it came from, its cue word, the tagger's
probabilities over and around it, its length, the words at its edges, its speaker, how it compares with the other
candidates covering the same content) and a gradient-boosted tree ensemble, trained on PolNeAR train with
out-of-fold tagger output (:mod:`kroniek.quotes.rerank_train`), scores it; candidates under the model's threshold
are dropped.

The model file is plain JSON (no pickled objects): a baseline, a threshold and a list of trees whose nodes name
their feature. Scoring needs no third-party library.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

from ..model import Quote
from ..nlp.doc import Doc
from .finder import Candidate
from .lexicon import Lexicon

MODEL = Path(__file__).resolve().parents[1] / "data" / "quotes" / "en-rerank.json"
# the same, trained with the dependency parse's candidates and features (:mod:`kroniek.quotes.syntax`)
SYNTAX_MODEL = MODEL.with_name("en-rerank-syntax.json")
RUN_THRESHOLD = 0.2  # a token is part of a probability run when the tagger gives it at least this content probability
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which"}


def same_span(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """The evaluation's match criterion: the overlap is at least half of the union."""
    return 2 * (min(x[1], y[1]) - max(x[0], y[0])) >= max(x[1], y[1]) - min(x[0], y[0])


def covered(span: tuple[int, int], cands: Sequence[Candidate]) -> bool:
    """Whether a candidate already covers ``span`` (half the union) or ``span`` touches a direct quote."""
    return any(same_span(span, (c.cstart, c.cend)) or (c.kind == "direct" and min(span[1], c.cend) > max(span[0], c.cstart))
               for c in cands)


def probability_runs(doc: Doc, pc: Sequence[float], pq: Sequence[float], taken: list[Candidate],
                     ps: Sequence[float] | None = None, threshold: float = RUN_THRESHOLD) -> list[Candidate]:
    """Candidates from runs of at least three tokens whose content probability is at least ``threshold``, in one
    sentence whose most probable cue token has a probability of at least 0.1, that no candidate in ``taken``
    already covers (half the union) and that touch no direct quote in it. The cue is that token when its
    probability is over 0.2. The speaker is the sentence's most probable source tokens (``ps``) when that
    probability is over 0.3, else it is left to resolution (the previous source)."""
    out = []
    for s in doc.sentences:
        if s.last <= s.first:
            continue
        cue = max(range(s.first, s.last), key=lambda t: pq[t])
        if pq[cue] < 0.1:
            continue
        has_cue = pq[cue] > 0.2
        k = s.first
        while k < s.last:
            if pc[k] < threshold:
                k += 1
                continue
            j = k
            while j + 1 < s.last and pc[j + 1] >= threshold:
                j += 1
            a, b = doc.tokens[k].start, doc.tokens[j].end
            if j - k >= 2 and not covered((a, b), taken):
                speaker = _source_span(doc, ps, s.first, s.last, (k, j)) if ps is not None else None
                out.append(Candidate("indirect", a, b, doc.tokens[cue].text if has_cue else None,
                                     doc.tokens[cue].start if has_cue else None, speaker,
                                     "np" if speaker else "previous", a))
            k = j + 1
    return out


def _source_span(doc: Doc, ps: Sequence[float], first: int, last: int, content: tuple[int, int],
                 threshold: float = 0.3) -> tuple[int, int] | None:
    """Character span of the most probable source tokens of a sentence outside the content tokens."""
    outside = [t for t in range(first, last) if not content[0] <= t <= content[1]]
    if not outside:
        return None
    best = max(outside, key=lambda t: ps[t])
    if ps[best] <= threshold:
        return None
    a = b = best
    while a - 1 >= first and a - 1 not in range(content[0], content[1] + 1) and ps[a - 1] > threshold:
        a -= 1
    while b + 1 < last and b + 1 not in range(content[0], content[1] + 1) and ps[b + 1] > threshold:
        b += 1
    return doc.tokens[a].start, doc.tokens[b].end


def origin_of(q: Quote, origins: dict[tuple[int, int], str]) -> str:
    """Where a quote's candidate came from; a direct quote merged with its continuation keeps its first part's."""
    o = origins.get((q.content_start, q.content_end))
    if o is None:
        o = next((v for (a, _b), v in origins.items() if a == q.content_start), "merged")
    return o


def features(doc: Doc, lex: Lexicon, quotes: Sequence[Quote], origins: dict[tuple[int, int], str],
             pc: Sequence[float], pq: Sequence[float]) -> list[dict[str, float]]:
    """One feature dict per quote (names are strings, values floats; absent means 0)."""
    starts = [t.start for t in doc.tokens]
    ntok = len(doc.tokens)
    out = []
    for q in quotes:
        o = origin_of(q, origins)
        ta = bisect_left(starts, q.content_start)
        tb = max(bisect_left(starts, q.content_end), ta + 1)
        ps = pc[ta:tb] or [0.0]
        mean = sum(ps) / len(ps)
        toks = [t.text.lower() for t in doc.tokens[ta:tb]] or [""]
        n = len(toks)
        cue = (q.cue or "").lower()
        s = doc.sentences[doc.sentence_index(q.content_start)]
        sent_lex = any(lex.is_cue_form(t.text.lower()) for t in doc.tokens[s.first:s.last])
        sent_pq = max(pq[s.first:s.last]) if s.last > s.first else 0.0
        overlapping = sum(1 for r in quotes if r is not q
                          and min(r.content_end, q.content_end) > max(r.content_start, q.content_start))
        if not q.speaker:
            spk = "none"
        elif q.speaker.lower() in _PRONOUNS:
            spk = "pron"
        else:
            spk = "cap" if q.speaker[:1].isupper() else "low"
        if q.cue_start is None:
            cuepos, cuedist = "none", 0.0
        else:
            cuepos = "before" if q.cue_start < q.content_start else "after" if q.cue_start >= q.content_end else "in"
            cuedist = math.log(1 + min(abs(q.cue_start - q.content_start), abs(q.cue_start - q.content_end)))
        f = {
            "o=" + o: 1.0, "k=" + q.kind: 1.0, f"o|k={o}|{q.kind}": 1.0,
            "cue=" + cue: 1.0, f"o|cue={o}|{cue}": 1.0,
            "cuelex": float(bool(cue) and lex.is_cue_form(cue.split()[0])), "nocue": float(not cue),
            "mean": mean, "min": min(ps), "max": max(ps), "first": ps[0], "last": ps[-1], "mean2": mean * mean,
            "o|mean=" + o: mean,
            f"len={min(int(math.log2(n + 1)), 6)}": 1.0, "loglen": math.log(n + 1),
            "w0=" + toks[0]: 1.0, "wl=" + toks[-1]: 1.0,
            "spk=" + spk: 1.0, f"nover={min(overlapping, 2)}": 1.0, "sentpq": sent_pq, "sentlex": float(sent_lex),
            "head": float("\n" not in doc.text[:q.content_start].strip()), "qmark": float("?" in q.content),
            "p1=" + (doc.tokens[ta - 1].text.lower() if ta else "<d>"): 1.0,
            "p2=" + (doc.tokens[ta - 2].text.lower() if ta > 1 else "<d>"): 1.0,
            "n1=" + (doc.tokens[tb].text.lower() if tb < ntok else "<d>"): 1.0,
            "pcb": pc[ta - 1] if ta else 0.0, "pca": pc[tb] if tb < ntok else 0.0,
            "cuepos=" + cuepos: 1.0, "cuedist": cuedist, "spanfrac": n / max(1, s.last - s.first),
        }
        out.append(f)
    return out


def add_group_features(quotes: Sequence[Quote], feats: list[dict[str, float]]) -> None:
    """Add to each quote's features (in place) what the candidates covering the same content (half the union) say
    about it, so the ensemble can choose among them: how many there are, whether this one is the longest or
    shortest, its tagger probability against theirs, where they came from (a rule, the parse, a tagged cue),
    whether one shares its cue, and whether it lies inside or holds another candidate.

    Needs the ``o=…`` and ``mean`` features of :func:`features`."""
    spans = [(q.content_start, q.content_end) for q in quotes]
    origins = [next((k[2:] for k in f if k.startswith("o=")), "") for f in feats]
    base = [f.get("mean", 0.0) for f in feats]
    for j, (span, f) in enumerate(zip(spans, feats)):
        same = [k for k, other in enumerate(spans) if k != j and same_span(span, other)]
        g = {"g_nsame": float(min(len(same), 5))}
        if same:
            n = span[1] - span[0]
            g["g_longest"] = float(all(n >= spans[k][1] - spans[k][0] for k in same))
            g["g_shortest"] = float(all(n <= spans[k][1] - spans[k][0] for k in same))
            g["g_meanrel"] = base[j] - max(base[k] for k in same)
            g["g_rule_other"] = float(any(origins[k] == "rule" for k in same))
            g["g_dep_other"] = float(any(origins[k].startswith("dep_") for k in same))
            g["g_tagcue_other"] = float(any(origins[k] == "tag_cue" for k in same))
            g["g_cue_other"] = float(any(quotes[k].cue_start is not None for k in same))
            g["g_samecue"] = float(any(quotes[k].cue_start == quotes[j].cue_start for k in same))
        g["g_inside"] = float(any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans))
        g["g_contains"] = float(any(o != span and span[0] <= o[0] and o[1] <= span[1] for o in spans))
        f.update(g)


class Forest:
    """A gradient-boosted tree ensemble read from JSON: ``{"baseline", "threshold", "trees"}``; a tree is a list
    of nodes ``[feature, threshold, left, right, value]`` with ``feature`` null at a leaf. A feature absent from a
    candidate's dict counts as 0."""

    def __init__(self, data: dict):
        self.baseline = float(data["baseline"])
        self.threshold = float(data["threshold"])
        self.trees = data["trees"]
        # the cue lemmas whose objects and infinitives the parse proposes as contents (syntax model only)
        self.cue_lemmas = frozenset(data.get("cue_lemmas", ()))

    @classmethod
    def load(cls, path: Path = MODEL) -> Forest:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def probability(self, feats: dict[str, float]) -> float:
        raw = self.baseline
        for tree in self.trees:
            node = tree[0]
            while node[0] is not None:
                node = tree[node[2]] if feats.get(node[0], 0.0) <= node[1] else tree[node[3]]
            raw += node[4]
        return 1.0 / (1.0 + math.exp(-raw))

    def choose(self, quotes: Sequence[Quote], feats: Sequence[dict[str, float]]) -> list[Quote]:
        """The quotes scoring at least the threshold; of two whose contents overlap, the more probable one (see
        :func:`chosen`). Text order is kept."""
        probs = [self.probability(f) for f in feats]
        return [quotes[n] for n in chosen(quotes, probs, self.threshold)]


def chosen(quotes: Sequence[Quote], probs: Sequence[float], threshold: float) -> list[int]:
    """Indices, in text order, of the quotes with a probability of at least ``threshold``, dropping any quote
    whose content overlaps that of a more probable kept quote: attributions rarely share words (in PolNeAR train
    242 of 18,750 overlap another), so of two readings of one stretch of text only the likelier stays. The one
    exception is a quote lying wholly inside a direct one, or holding it: a turn merged across an inserted clause
    (`"A," said X, who said Y. "B."`) keeps the clause's own attribution."""
    kept: list[int] = []
    for p, n in sorted(zip(probs, range(len(probs))), reverse=True):
        if p < threshold:
            break
        if not any(_clash(quotes[n], quotes[m]) for m in kept):
            kept.append(n)
    return sorted(kept)


def _clash(q: Quote, k: Quote) -> bool:
    a, b, c, d = q.content_start, q.content_end, k.content_start, k.content_end
    if min(b, d) <= max(a, c):
        return False
    nested_in_direct = (k.kind == "direct" and c <= a and b <= d) or (q.kind == "direct" and a <= c and d <= b)
    return not nested_in_direct


def load_reranker(path: Path = MODEL) -> Forest | None:
    if not path.exists():
        return None
    try:
        return Forest.load(path)
    except (OSError, ValueError, KeyError, TypeError):  # pragma: no cover - a broken model file: no reranking
        return None
