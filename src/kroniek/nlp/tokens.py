"""Tokens and sentences with character offsets, for Dutch and English news text.

A small, fast rule tokenizer: every token keeps ``start``/``end`` into the original
text, so annotations built on tokens map back to exact offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    # Dutch
    "dhr", "mevr", "mr", "dr", "drs", "ir", "ing", "prof", "st", "sr", "jr", "bv", "bijv", "enz", "etc", "ca",
    "nr", "vs", "bijz", "evt", "resp", "mln", "mld", "mrd", "min", "max", "blz", "pag", "afb", "art", "jl",
    "vnl", "ong", "gem", "incl", "excl", "o.a", "d.w.z", "i.p.v", "m.b.t", "t.o.v", "a.s", "z.g", "zgn",
    "n.a.v", "v.d", "v.s", "e.d", "e.a", "m.i", "i.v.m", "t.a.v", "p.m", "a.m", "ned", "belg", "kol", "gen",
    "lt", "kpt", "burg", "weth", "min", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
    "nov", "dec", "ma", "di", "wo", "do", "vr", "za", "zo",
    # English
    "mrs", "ms", "gov", "sen", "rep", "gen", "col", "lt", "sgt", "capt", "rev", "inc", "ltd", "co", "corp",
    "u.s", "u.k", "u.n", "e.g", "i.e", "no", "vol", "mt", "ft", "jan", "feb", "mar", "aug", "oct",
}

_TOKEN = re.compile(
    r"""
    (?:https?://|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]]     # URLs
  | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                         # e-mail
  | '(?:s|t|k|n)(?=[\s-])                                # 's, 't, 'k, 'n (Dutch clitics)
  | '\d{2}\b                                             # '18
  | \d{1,2}[:.]\d{2}(?=\s*(?:uur|u\b|h\b|am|pm|a\.m|p\.m))  # 14.30 uur, 9:15 am
  | \d+(?:[.,/:-]\d+)+                                   # 1.000,50 / 20/7 / 2018-07-20 / 14:30
  | \d+(?:ste|de|e|st|nd|rd|th)\b                        # ordinals 20ste, 3rd
  | (?:[^\W\d_]\.){2,}                                   # o.a. U.S. d.w.z.
  | \w+(?:['’]\w+)*(?:-\w+(?:['’]\w+)*)*                 # words, hyphenated words, d'r, O'Brien
  | ,,|''|``|\.\.\.|…                                     # multi-char punctuation
  | \S                                                   # any other single character
    """,
    re.VERBOSE,
)

_SENT_END = {".", "!", "?", "…", "..."}
_CLOSERS = {"'", '"', "’", "”", "»", ")", "]", "''"}
_OPENERS = {"'", '"', "‘", "“", "„", "«", "(", "[", ",,", "``"}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offset
    end: int
    first: int  # index of the first token
    last: int  # index after the last token


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with offsets."""
    out: list[Token] = []
    taken = 0
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        if s < taken:  # the period was attached to the abbreviation before it
            continue
        tok = m.group()
        # a trailing period after an abbreviation-like word stays with it
        if tok.isalpha() or tok.replace(".", "").isalpha():
            if e < len(text) and text[e] == "." and _is_abbreviation(tok, text, e):
                e += 1
                tok = text[s:e]
        out.append(Token(tok, s, e))
        taken = e
    return out


def _is_abbreviation(word: str, text: str, dot: int) -> bool:
    w = word.lower().rstrip(".")
    if w in _ABBREVIATIONS:
        # "jan." at sentence end is rare; "mei." is not an abbreviation. Treat a following lowercase or digit as proof.
        nxt = _next_visible(text, dot + 1)
        if w in {"jan", "feb", "mar", "aug", "oct", "nov", "dec", "no", "co", "st", "vs", "min", "gen", "ma", "di",
                 "wo", "do", "vr", "za", "zo", "art", "gem", "ned", "belg"}:
            return nxt is not None and (nxt.islower() or nxt.isdigit())
        return True
    if "." in word:  # o.a -> o.a.
        return True
    # single capital letter initials: "J. Bolton"
    if len(word) == 1 and word.isupper():
        nxt = _next_visible(text, dot + 1)
        return nxt is not None and nxt.isupper()
    return False


def _next_visible(text: str, i: int) -> str | None:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return text[i] if i < n else None


def sentences(text: str, tokens: list[Token]) -> list[Sentence]:
    """Group tokens into sentences.

    A sentence ends at ., ! or ? (with any closing quotes or brackets after it) when the
    next token starts with a capital, a digit or an opening quote; a blank line
    (paragraph break) always ends a sentence.
    """
    out: list[Sentence] = []
    n = len(tokens)
    first = 0
    i = 0
    while i < n:
        tok = tokens[i]
        end_here = False
        j = i + 1
        if tok.text in _SENT_END or (tok.text.endswith(".") and len(tok.text) > 1 and tok.text[-2].isalpha()
                                     and j < n and _paragraph_break(text, tok.end, tokens[j].start)):
            while j < n and tokens[j].text in _CLOSERS and tokens[j].start == tokens[j - 1].end:
                j += 1
            if j >= n:
                end_here = True
            else:
                nxt = tokens[j].text
                if (nxt[0].isupper() or nxt[0].isdigit() or nxt in _OPENERS or nxt[0] in "-–—•"
                        or _paragraph_break(text, tokens[j - 1].end, tokens[j].start)):
                    end_here = True
        elif j < n and _paragraph_break(text, tok.end, tokens[j].start):
            end_here = True
        if end_here:
            out.append(Sentence(tokens[first].start, tokens[j - 1].end, first, j))
            first = j
            i = j
            continue
        i += 1
    if first < n:
        out.append(Sentence(tokens[first].start, tokens[n - 1].end, first, n))
    return out


def _paragraph_break(text: str, a: int, b: int) -> bool:
    return text.count("\n", a, b) >= 2


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (separated by blank lines)."""
    spans = []
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        s, e = m.span()
        seg = m.group()
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if seg.strip():
            spans.append((s + ls, s + rs))
    return spans
