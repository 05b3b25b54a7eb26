"""Reading CoNLL-2002 files and turning IOB tags into spans, the way conlleval counts them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    sentences: tuple[Sentence, ...]


def read_conll(path: str | Path) -> list[Document]:
    """Read a CoNLL-2002 file (``WORD [POS] TAG`` per line) into documents of sentences.

    ``-DOCSTART-`` lines start a new document; a file without them is one document.
    """
    docs: list[list[Sentence]] = [[]]
    words: list[str] = []
    tags: list[str] = []

    def close_sentence() -> None:
        if words:
            docs[-1].append(Sentence(tuple(words), tuple(tags)))
            words.clear()
            tags.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                close_sentence()
                continue
            if parts[0] == "-DOCSTART-":
                close_sentence()
                if docs[-1]:
                    docs.append([])
                continue
            words.append(parts[0])
            tags.append(parts[-1] if len(parts) > 1 else "O")
    close_sentence()
    return [Document(tuple(d)) for d in docs if d]


def chunks(tags: list[str] | tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Entity chunks ``(first, last_exclusive, label)`` from IOB1/IOB2 tags, as conlleval reads them.

    A chunk starts at ``B-X``, or at ``I-X`` after ``O`` or after a chunk of another label.
    """
    out: list[tuple[int, int, str]] = []
    start = -1
    label = ""
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            prefix, lab = "O", ""
        else:
            prefix, lab = tag.split("-", 1)
        begins = prefix == "B" or (prefix == "I" and lab != label)
        if start >= 0 and (prefix == "O" or begins):
            out.append((start, i, label))
            start, label = -1, ""
        if prefix != "O" and (begins or start < 0):
            start, label = i, lab
    if start >= 0:
        out.append((start, len(tags), label))
    return out
