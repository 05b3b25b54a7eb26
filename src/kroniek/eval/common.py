"""Shared scoring helpers for every evaluation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def prf(tp: int, n_pred: int, n_gold: int) -> PRF:
    """P/R/F1 from true positives and the sizes of the predicted and gold sets."""
    return PRF(tp, n_pred - tp, n_gold - tp)


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read a JSON Lines gold file; a bad line raises :class:`InputError` naming the line."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError("bad-json", f"invalid JSON: {exc}", f"{path}:{n}") from None


def gold_documents(gold: str | Path, articles: str | Path | None
                   ) -> Iterator[tuple[str, dict[str, Any], str, str | None]]:
    """``(where, gold line, article text, published_at)`` for every line of a gold JSONL file.

    The text is the line's own ``text`` or, for gold kept as ids + offsets, the text of the article with
    that id in ``articles`` (a JSONL file such as the DpgMedia2019 one)."""
    texts: dict[str, tuple[str, str | None]] = {}
    if articles is not None and Path(articles).exists():
        for a in read_jsonl(articles):
            texts[str(a["id"])] = (a["text"], a.get("published_at"))
    for n, g in enumerate(read_jsonl(gold), 1):
        gid = str(g["id"])
        where = f"{gold}:{n}"
        if isinstance(g.get("text"), str):
            text, pub = g["text"], g.get("published_at")
        elif gid in texts:
            text, pub = texts[gid]
        else:
            raise InputError("no-text", f"article {gid} not found in {articles}", where)
        yield where, g, text, g.get("published_at", pub)


def shared_data(*parts: str) -> Path:
    """Path inside ../shared/data relative to the repository (or $KRONIEK_SHARED)."""
    import os

    root = Path(os.environ.get("KRONIEK_SHARED", Path(__file__).resolve().parents[3] / ".." / "shared"))
    return root.joinpath("data", *parts).resolve()
