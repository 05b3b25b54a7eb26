"""Token features for the CRF tagger.

Features are plain strings (binary features). Everything that depends only on the word
form is computed once per form and cached, so tagging stays fast on long texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "`": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-"})


def normalise(word: str) -> str:
    """Typographic quotes and dashes as their plain ASCII forms."""
    return word.translate(_QUOTES)


def cluster_key(word: str) -> str:
    """The key under which a word is looked up in the cluster and capitalisation tables."""
    return "".join("0" if ch.isdigit() else ch for ch in word.lower())


def shape(word: str) -> str:
    """Short word shape: X for capitals, x for lower case, d for digits, runs collapsed ("Xx-Xx", "X.X.")."""
    out = []
    prev = ""
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


@dataclass
class Lexicon:
    """Model data learned besides the CRF weights.

    ``clusters``: cluster ids (coarse to fine) per word key, learned from unlabelled text.
    ``capratio``: how often a word is written with a capital outside sentence starts (bucket "0".."4").
    ``names``: multi-word names (tuple of words) with their most frequent label, from training data.
    ``parts``: labels a single word carries when it is part of a training name.
    """

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    capratio: dict[str, str] = field(default_factory=dict)
    names: dict[tuple[str, ...], str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    max_name_len: int = 6

    def to_json(self) -> dict:
        return {"clusters": self.clusters, "capratio": self.capratio,
                "names": [[list(k), v] for k, v in self.names.items()], "parts": self.parts,
                "max_name_len": self.max_name_len}

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls({k: tuple(v) for k, v in data["clusters"].items()}, data["capratio"],
                   {tuple(k): v for k, v in data["names"]}, data["parts"], data.get("max_name_len", 6))


class FeatureExtractor:
    """Turns a sentence (list of words) into one list of string features per word."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self._own: dict[str, list[str]] = {}
        self._near: dict[tuple[str, int], list[str]] = {}
        self._starts = {k[0] for k in lexicon.names}

    def with_names(self, names: dict[tuple[str, ...], str], parts: dict[str, str]) -> FeatureExtractor:
        """A copy that uses another name list (for cross-fold training)."""
        lex = Lexicon(self.lex.clusters, self.lex.capratio, names, parts, self.lex.max_name_len)
        return FeatureExtractor(lex)

    # --- per word form -------------------------------------------------------------
    def own(self, w: str) -> list[str]:
        f = self._own.get(w)
        if f is not None:
            return f
        lw = w.lower()
        key = cluster_key(w)
        sh = shape(w)
        f = ["b", "w=" + lw, "sh=" + sh]
        n = len(lw)
        for k in (1, 2, 3, 4):
            if n > k:
                f.append(f"p{k}={lw[:k]}")
                f.append(f"s{k}={lw[-k:]}")
        if w[:1].isupper():
            f.append("cap")
            if w.isupper() and n > 1:
                f.append("allcap")
            elif any(c.isupper() for c in w[1:]):
                f.append("mixcap")
        elif w.isalpha() and w.islower():
            f.append("low")
        if any(c.isdigit() for c in w):
            f.append("digit")
        if "-" in w and n > 1:
            f.append("hyphen")
            head, _, tail = lw.rpartition("-")
            f.append("tail=" + tail)
            f.append("head=" + head)
        if "." in w and n > 1:
            f.append("period")
        if not any(c.isalnum() for c in w):
            f.append("punct")
        f.append("len=" + str(min(n, 6)))
        cl = self.lex.clusters.get(key)
        if cl:
            f.extend(f"c{i}={c}" for i, c in enumerate(cl))
        else:
            f.append("c=none")
        cr = self.lex.capratio.get(key)
        f.append("cr=" + (cr or "u"))
        if cr and w[:1].isupper():
            f.append("cap&cr=" + cr)
        part = self.lex.parts.get(w)
        if part:
            f.append("part=" + part)
        self._own[w] = f
        return f

    def near(self, w: str, off: int) -> list[str]:
        """Features of a neighbour at offset ``off`` (-2..2)."""
        f = self._near.get((w, off))
        if f is not None:
            return f
        lw = w.lower()
        p = f"{off}:"
        f = [p + "w=" + lw]
        cl = self.lex.clusters.get(cluster_key(w))
        if cl:
            f.append(p + "c=" + cl[1 if len(cl) > 1 else 0])
        if abs(off) == 1:
            f.append(p + "sh=" + shape(w))
            if len(lw) > 3:
                f.append(p + "s3=" + lw[-3:])
            if len(lw) > 5 and w.isalpha():
                f.append(p + "s5=" + lw[-5:])  # compound heads: -woordvoerder, inlichtingen-baas
            if cl:
                f.append(p + "cf=" + cl[-1])
            part = self.lex.parts.get(w)
            if part:
                f.append(p + "part=" + part)
        elif w[:1].isupper():
            f.append(p + "cap")
        self._near[(w, off)] = f
        return f

    # --- per sentence --------------------------------------------------------------
    def name_tags(self, words: list[str]) -> list[str | None]:
        """Longest-match lookup of the name list: "B-LABEL"/"I-LABEL" per word, None outside names."""
        n = len(words)
        out: list[str | None] = [None] * n
        names = self.lex.names
        i = 0
        while i < n:
            if words[i] in self._starts:
                for k in range(min(self.lex.max_name_len, n - i), 0, -1):
                    lab = names.get(tuple(words[i:i + k]))
                    if lab:
                        out[i] = "B-" + lab
                        for j in range(i + 1, i + k):
                            out[j] = "I-" + lab
                        i += k
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def sentence(self, words: list[str]) -> list[list[str]]:
        ws = [normalise(w) for w in words]
        n = len(ws)
        gz = self.name_tags(ws) if self.lex.names else [None] * n
        out = []
        for i, w in enumerate(ws):
            f = list(self.own(w))
            if i == 0:
                f.append("BOS")
                if w[:1].isupper():
                    f.append("first&cap")
            else:
                f.extend(self.near(ws[i - 1], -1))
                f.append("bi=" + ws[i - 1].lower() + "|" + w.lower())
                if i > 1:
                    f.extend(self.near(ws[i - 2], -2))
                else:
                    f.append("-2:BOS")
                if w[:1].isupper() and not ws[i - 1][:1].isalnum():
                    f.append("afterpunct&cap=" + ws[i - 1])
            if i + 1 < n:
                f.extend(self.near(ws[i + 1], 1))
                if i + 2 < n:
                    f.extend(self.near(ws[i + 2], 2))
            else:
                f.append("EOS")
            g = gz[i]
            if g:
                f.append("gz=" + g)
            out.append(f)
        return out
