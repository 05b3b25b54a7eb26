"""Word clusters and capitalisation ratios learned from unlabelled Dutch text (training time only).

Each frequent word gets a vector of its neighbours two to the left and two to the right
(counts over the most frequent context words, by position, log-scaled, reduced to ``dims`` dimensions by an eigen
decomposition), and the vectors are grouped by spherical k-means at several granularities
(coarse to fine). The result is a table word -> cluster ids; numpy is needed only here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .features import cluster_key


def learn_clusters(sentences: Iterable[list[str]], sizes=(32, 128, 512, 1024), min_count: int = 3,
                   n_contexts: int = 1000, dims: int = 100, seed: int = 13,
                   max_vocab: int = 40000, weighting: str = "log", window: int = 2) -> dict[str, tuple[str, ...]]:
    import numpy as np

    sents = [[cluster_key(w) for w in s] for s in sentences]
    freq = Counter(w for s in sents for w in s)
    vocab = [w for w, c in freq.most_common(max_vocab) if c >= min_count]
    vid = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_contexts])}
    C = len(ctx) + 1  # the last column is the sentence boundary
    offsets = [o for o in range(-window, window + 1) if o]
    pairs: Counter = Counter()
    for s in sents:
        n = len(s)
        for i, w in enumerate(s):
            v = vid.get(w)
            if v is None:
                continue
            for slot, o in enumerate(offsets):
                j = i + o
                c = ctx.get(s[j], -1) if 0 <= j < n else C - 1
                if c >= 0:
                    pairs[(v, slot * C + c)] += 1
    m = np.zeros((len(vocab), len(offsets) * C), dtype=np.float32)
    if pairs:
        idx = np.array(list(pairs.keys()), dtype=np.int64)
        m[idx[:, 0], idx[:, 1]] = np.array(list(pairs.values()), dtype=np.float32)
    if weighting == "ppmi":
        total = m.sum()
        pw = m.sum(axis=1, keepdims=True) / total
        pc = m.sum(axis=0, keepdims=True) ** 0.75
        pc /= pc.sum()
        with np.errstate(divide="ignore"):
            m = np.maximum(np.log(np.maximum(m, 1e-12) / total / (pw * pc + 1e-30)), 0).astype(np.float32)
    else:
        m = np.log1p(m)
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    gram = m.T @ m
    _, vecs = np.linalg.eigh(gram)
    x = m @ vecs[:, -dims:]
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(seed)
    ids = []
    for k in sizes:
        ids.append(_kmeans(x, min(k, len(vocab)), rng))
    return {w: tuple(str(int(a[i])) for a in ids) for i, w in enumerate(vocab)}


def _kmeans(x, k: int, rng, iters: int = 20):
    import numpy as np

    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        assign = np.argmax(x @ cent.T, axis=1)
        for j in range(k):
            members = x[assign == j]
            if len(members):
                c = members.sum(axis=0)
                cent[j] = c / max(float(np.linalg.norm(c)), 1e-9)
            else:
                cent[j] = x[rng.integers(len(x))]
    return assign


def capitalisation_ratios(sentences: Iterable[list[str]], min_count: int = 2) -> dict[str, str]:
    """Bucket "0".."4": the share of a word's non-sentence-initial uses that start with a capital."""
    total: Counter = Counter()
    caps: Counter = Counter()
    for s in sentences:
        for i, w in enumerate(s):
            if i == 0 or not w[:1].isalpha():
                continue
            if not s[i - 1][:1].isalnum() and s[i - 1] not in {",", "(", "-"}:
                continue  # after a quote or colon a capital says little
            k = cluster_key(w)
            total[k] += 1
            if w[:1].isupper():
                caps[k] += 1
    out = {}
    for k, n in total.items():
        if n >= min_count:
            r = caps[k] / n
            out[k] = "0" if r < 0.05 else "1" if r < 0.35 else "2" if r < 0.65 else "3" if r < 0.95 else "4"
    return out
