"""Turning raw named-entity spans into clean mention spans.

The raw spans come from the NER model (``doc.ents``). This module fixes their edges
(titles, determiners, punctuation, possessives), splits role compounds and role phrases
("Witte Huis-woordvoerster Sarah Sanders", "White House spokeswoman Sarah Sanders") and
finds nationality adjectives. Everything works on character offsets into ``doc.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..nlp.doc import Doc
from ..nlp.tokens import Token
from .lexicon import Words, aliases, nationalities, normalise


@dataclass(frozen=True)
class Cand:
    """A candidate mention: a clean span with its label (and, for nationalities, the country id)."""

    start: int
    end: int
    label: str
    country: str | None = None  # aliases.toml id, for nationality adjectives and inhabitant nouns
    base: str | None = None  # for nationalities: the listed form ("Amerikaans" for "Amerikaanse")
    source: str = "ner"  # ner | compound | nationality | repeat


class TokenIndex:
    """Fast lookups of the tokens and sentences around character offsets."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.tokens = doc.tokens
        self.starts = [t.start for t in doc.tokens]
        self.ends = [t.end for t in doc.tokens]
        self.first_of_sentence = {s.first for s in doc.sentences}

    def within(self, start: int, end: int) -> list[Token]:
        """Tokens overlapping [start, end), clipped to it."""
        i = bisect_right(self.ends, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < end:
            t = self.tokens[i]
            s, e = max(t.start, start), min(t.end, end)
            out.append(t if (s, e) == (t.start, t.end) else Token(self.doc.text[s:e], s, e))
            i += 1
        return out

    def index_at(self, offset: int) -> int | None:
        """Index of the token starting exactly at ``offset``."""
        i = bisect_left(self.starts, offset)
        return i if i < len(self.starts) and self.starts[i] == offset else None

    def sentence_initial(self, offset: int) -> bool:
        """Is the token at ``offset`` the first word of its sentence (after any quotes or dashes)?"""
        i = self.index_at(offset)
        if i is None:
            i = max(0, bisect_right(self.starts, offset) - 1)
        j = i
        while j > 0 and j not in self.first_of_sentence and not any(c.isalnum() for c in self.tokens[j - 1].text):
            j -= 1
        if j > 0 and "\n" in self.doc.text[self.tokens[j - 1].end:self.tokens[j].start]:
            return True  # the start of a line (headline, dateline, list item) counts as a sentence start
        return j in self.first_of_sentence or j == 0


class SpanIndex:
    """Answers "does [s, e) overlap any of these spans?" in logarithmic time (spans may overlap)."""

    def __init__(self, spans) -> None:
        pairs = sorted((a, b) for a, b in spans)
        self.starts = [a for a, _ in pairs]
        self.end_of = [b for _, b in pairs]
        self.reach: list[int] = []  # the largest end among the first i+1 spans
        top = -1
        for _, b in pairs:
            top = max(top, b)
            self.reach.append(top)

    def overlaps(self, s: int, e: int) -> bool:
        j = bisect_left(self.starts, e)  # spans starting before e
        return j > 0 and self.reach[j - 1] > s

    def starts_within(self, lo: int, at: int) -> bool:
        """Is ``at`` inside a span that starts at ``lo`` or later?"""
        i = bisect_left(self.starts, lo)
        j = bisect_right(self.starts, at)
        return any(self.starts[k] <= at < self.end_of[k] for k in range(i, j))


def _is_punct(text: str) -> bool:
    return not any(c.isalnum() for c in text)


def _upper_initial(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit())


# --- cleaning the edges of a raw span ----------------------------------------------------------

_POSSESSIVE = re.compile(r"['’]s?$")


def clean_span(start: int, end: int, label: str, idx: TokenIndex, w: Words, lang: str) -> tuple[int, int] | None:
    """The span without leading titles/determiners and trailing punctuation, or None if nothing is left."""
    toks = idx.within(start, end)
    # trailing punctuation and possessives ("Trump's" -> "Trump")
    while toks and _is_punct(toks[-1].text) and not toks[-1].text.endswith("."):
        toks.pop()
    if toks and lang == "en" and _POSSESSIVE.search(toks[-1].text) and len(toks[-1].text) > 2:
        t = toks[-1]
        cut = len(_POSSESSIVE.search(t.text).group())
        toks[-1] = Token(t.text[:-cut], t.start, t.end - cut)
    while toks and _is_punct(toks[0].text):
        toks.pop(0)
    if not toks:
        return None
    # a name does not cross a line break: keep the first line ("Theo Laaper\nLichtenvoorde")
    text = idx.doc.text
    for k in range(1, len(toks)):
        if "\n" in text[toks[k - 1].end:toks[k].start]:
            toks = toks[:k]
            break
    while toks and _is_punct(toks[-1].text) and not toks[-1].text.endswith("."):
        toks.pop()
    if not toks:
        return None
    if label == "PER":
        nat = nationalities(lang)
        while len(toks) > 1 and _strip_before_person(toks, idx, w, nat):
            toks.pop(0)
        while len(toks) > 1 and not _upper_initial(toks[-1].text):
            toks.pop()
        if not _upper_initial(toks[0].text):
            return None
    else:
        while len(toks) > 1 and toks[0].text.casefold() in w.determiners:
            first = toks[0]
            rest = idx.doc.text[first.start:toks[-1].end]
            if normalise(rest) in w.keep_with_determiner:
                break
            # a capitalised determiner is part of the name mid-sentence ("bij De Telegraaf"); at the
            # start of a sentence it is kept only for Dutch MISC (titles: "De Financiële Morgen")
            if _upper_initial(first.text) and ((label == "MISC" and lang == "nl")
                                               or not idx.sentence_initial(first.start)):
                break
            toks.pop(0)
        if not _upper_initial(toks[0].text) and not any(c.isupper() for c in toks[0].text):
            # a lowercase start that is not a determiner ("ministerie van Justitie") stays only mid-name
            if len(toks) == 1:
                return None
    return toks[0].start, toks[-1].end


def _strip_before_person(toks: list[Token], idx: TokenIndex, w: Words, nat: dict) -> bool:
    """Is the first token of a person span a title, a lowercase word, a nationality or a
    sentence-initial function word, rather than part of the name?"""
    first = toks[0].text
    low = first.casefold()
    if not _upper_initial(first) or low in w.titles or _leading_nationality(toks, nat, w):
        return True
    # "De Wever", "Van der Plas", "Ter Horst": particles start Dutch surnames
    return low in w.function_words and low not in w.particles and idx.sentence_initial(toks[0].start)


def _leading_nationality(toks: list[Token], nat: dict, w: Words) -> bool:
    """Does the span start with a nationality adjective ("Amerikaanse president ...")?

    An uninflected Dutch form counts only before a title or a lowercase word: "Frans" in
    "Frans Timmermans" is a first name.
    """
    n = nat.get(toks[0].text)
    if n is None:
        return False
    if n.inflected or n.kind == "people":
        return True
    nxt = toks[1].text
    return nxt.casefold() in w.titles or (not _upper_initial(nxt) and nxt not in w.particles)


# --- role phrases: "White House spokeswoman Sarah Sanders" -------------------------------------


def split_role_phrase(start: int, end: int, label: str, idx: TokenIndex, w: Words) -> list[Cand] | None:
    """Split a raw span around a lowercase role word into an organisation and a person.

    English puts the organisation first ("White House spokeswoman Sarah Sanders"); in Dutch the
    phrase is split only when the part before the role is a known organisation or place (Dutch
    also writes "Dries van den Abeele voorzitter Commissie voor Monumenten", person first).
    Returns None when the span has no such role word in its middle.
    """
    toks = idx.within(start, end)
    lang = idx.doc.lang
    for k in range(1, len(toks) - 1):
        t = toks[k]
        if t.text[:1].islower() and t.text.casefold() in w.split_roles:
            left = [x for x in toks[:k] if not _is_punct(x.text)]
            right = toks[k + 1:]
            while right and (right[0].text[:1].islower() or right[0].text.casefold() in w.titles):
                right = right[1:]
            if not left or not right or not _upper_initial(left[0].text) or not _upper_initial(right[0].text):
                continue
            ls, le = left[0].start, left[-1].end
            entry = aliases().find(idx.doc.text[ls:le])
            if lang != "en" and (entry is None or entry.type == "PER"):
                return None
            left_label = entry.type if entry else (label if label != "PER" else "ORG")
            return [Cand(ls, le, left_label, source="compound"),
                    Cand(right[0].start, right[-1].end, "PER", source="compound")]
    return None


# --- role compounds: "Witte Huis-woordvoerster Sarah Sanders", "VVD-leider Rutte" -------------


def _compound_head(token_text: str, w: Words) -> int | None:
    """Offset (within the token) of the hyphen before a role head, if the token is a role compound."""
    cut = token_text.rfind("-")
    if cut <= 0 or cut == len(token_text) - 1:
        return None
    head = token_text[cut + 1:]
    low = head.casefold()
    if not w.ends_in_head(low):
        return None
    # "VVD-Kamerlid" is a role compound, "Noord-Koreagezant" is not one on "Noord"
    if head[0].isupper() and low not in w.compound_heads:
        return None
    return cut


def role_compounds(idx: TokenIndex, w: Words, lang: str, raw: tuple) -> tuple[list[Cand], list[tuple[int, int]]]:
    """Mentions found in role compounds: the organisation (or place) before the hyphen and the
    person named right after the compound; and the stretches of text they cover (raw spans
    overlapping those are replaced)."""
    out: list[Cand] = []
    regions: list[tuple[int, int]] = []
    text = idx.doc.text
    nat = nationalities(lang)
    toks = idx.tokens
    others = SpanIndex((s.start, s.end) for s in raw if s.label != "PER")
    for i, tok in enumerate(toks):
        if "-" not in tok.text:
            continue
        cut = _compound_head(tok.text, w)
        if cut is None:
            continue
        # the part before the head, without lowercase prefixes such as "oud-" or "ex-"
        prefix_start = tok.start
        part = tok.text[:cut]
        while "-" in part and not _upper_initial(part):
            drop = part.index("-") + 1
            prefix_start += drop
            part = part[drop:]
        sent = idx.doc.sentence_at(tok.start)
        if not _upper_initial(part) or part.casefold() in w.not_compound_prefixes:
            # no organisation ("Minister-president", "oud-directeur"), but the role still
            # introduces a person: "Minister-president Mark Rutte"
            name = _name_after(i + 1, idx, w, sent.last, others)
            if name is not None:
                out.append(Cand(name[0], name[1], "PER", source="compound"))
                regions.append((tok.start, name[1]))
            continue
        prefix_end = tok.start + cut
        # extend to the left over capitalised words: prefer the longest known name
        chosen = None
        if prefix_start == tok.start:
            run = []
            j = i
            while j - 1 >= sent.first and len(run) < 3:
                prev = toks[j - 1]
                if (not prev.text[:1].isupper() or _is_punct(prev.text) or prev.text in nat
                        or prev.text.casefold() in w.function_words or text[prev.end:toks[j].start].strip()):
                    break
                run.append(prev)
                j -= 1
            for prev in run:
                if aliases().find(text[prev.start:prefix_end]):
                    chosen = prev.start
            if chosen is None and run and not aliases().find(text[prefix_start:prefix_end]):
                # no known name: take the capitalised words that do not start the sentence
                keep = [p for p in run if not idx.sentence_initial(p.start)]
                chosen = keep[-1].start if keep else None
        ps = chosen if chosen is not None else prefix_start
        entry = aliases().find(text[ps:prefix_end])
        label = entry.type if entry else _raw_label(raw, ps, prefix_end) or "ORG"
        out.append(Cand(ps, prefix_end, label, source="compound"))
        # the person right after the compound
        name = _name_after(i + 1, idx, w, sent.last, others)
        if name is not None:
            out.append(Cand(name[0], name[1], "PER", source="compound"))
        regions.append((ps, name[1] if name is not None else tok.end))
    return out, regions


def _raw_label(raw: tuple, start: int, end: int) -> str | None:
    """The label of a raw span that ends where the organisation part ends (not one covering the
    whole compound, which CoNLL tags MISC)."""
    for span in raw:
        if span.start <= start and span.end == end and span.label != "PER":
            return span.label
    return None


def _name_after(i: int, idx: TokenIndex, w: Words, stop: int, others: "SpanIndex | None" = None
                ) -> tuple[int, int] | None:
    """The capitalised name starting at token ``i`` (particles allowed inside), if any.

    Words the NER tagged as something other than a person, and known places or organisations,
    are not part of it ("duo-raadslid Amsterdam ...").
    """
    toks = idx.tokens
    text = idx.doc.text
    # raw spans covering the compound itself ("PvdA-leider Lodewijk Asscher" as one MISC) do not
    # count: only spans starting at the name or later
    first = toks[i].start if i < len(toks) else 0

    def not_person(t: Token) -> bool:
        if others is not None and others.starts_within(first, t.start):
            return True
        entry = aliases().find(t.text)
        return entry is not None and entry.type != "PER" and aliases().find(t.text, "PER") is None

    if i >= stop or not _upper_initial(toks[i].text) or _is_punct(toks[i].text):
        return None
    if (toks[i].text.casefold() in w.function_words and idx.sentence_initial(toks[i].start)) or not_person(toks[i]):
        return None  # a capitalised "Dan" mid-sentence is a first name, at a sentence start "then"
    end_i = i
    j = i + 1
    while j < stop and j - i < 6 and not text[toks[j - 1].end:toks[j].start].strip("  "):
        t = toks[j].text
        if not_person(toks[j]):
            break
        if _upper_initial(t) and not _is_punct(t):
            end_i = j
        elif t in w.particles and end_i == i:
            # particles start a surname after a first name ("Caroline van der Plas"), and the
            # surname is one word: "Eric Wiebes van Economische Zaken" stops at "Wiebes"
            k = j
            while k < stop and toks[k].text in w.particles:
                k += 1
            if k < stop and _upper_initial(toks[k].text) and not (
                    k + 1 < stop and _upper_initial(toks[k + 1].text)
                    and not text[toks[k].end:toks[k + 1].start].strip()):
                end_i = k
            break
        else:
            break
        j += 1
    return toks[i].start, toks[end_i].end


# --- persons introduced by a role: "inlichtingenbaas Dan Coates", "premier Rutte" -----------


def role_introduced(idx: TokenIndex, w: Words, lang: str, raw: tuple) -> list[Cand]:
    """Persons the NER missed right after a lowercase title or role noun.

    Dutch: any title ("premier", "minister") or a word ending in a role noun
    ("inlichtingenbaas", "veiligheidschef"); English: role nouns only ("spokesman").
    The name must be two words or more, must not overlap a raw span and must not be a known
    organisation or place.
    """
    toks = idx.tokens
    text = idx.doc.text
    raw_spans = SpanIndex((s.start, s.end) for s in raw)
    others = SpanIndex((s.start, s.end) for s in raw if s.label != "PER")
    out = []
    for i, tok in enumerate(toks[:-1]):
        t = tok.text
        if not t[:1].islower() or not t.isalpha():
            continue
        low = t.casefold()
        if lang == "en":
            if low not in w.split_roles:
                continue
        elif low not in w.titles and not w.ends_in_head(low):
            continue
        nxt = toks[i + 1]
        if text[tok.end:nxt.start] not in (" ", "\u00a0"):
            continue
        sent = idx.doc.sentence_at(tok.start)
        name = _name_after(i + 1, idx, w, sent.last, others)
        if name is None or raw_spans.overlaps(name[0], name[1]):
            continue
        if " " not in text[name[0]:name[1]]:
            continue  # one word after a title is too often a subject ("hoogleraar Bestuurskunde")
        if idx.doc.text[name[0]:name[1]] in nationalities(lang):
            continue
        out.append(Cand(name[0], name[1], "PER", source="role"))
    return out


# --- nationality adjectives --------------------------------------------------------------------


def nationality_mentions(idx: TokenIndex, w: Words, lang: str) -> list[Cand]:
    """Every nationality adjective or inhabitant noun in the text, as MISC with its country."""
    nat = nationalities(lang)
    al = aliases()
    text = idx.doc.text
    toks = idx.tokens
    out = []
    for i, tok in enumerate(toks):
        n = nat.get(tok.text)
        if n is None:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and _upper_initial(nxt.text) and not text[tok.end:nxt.start].strip():
            # part of a longer known name ("Europese Unie", "Verenigde Staten")?
            after = toks[i + 2] if i + 2 < len(toks) else None
            if al.find(text[tok.start:nxt.end]) or (after and al.find(text[tok.start:after.end])):
                continue
            # an uninflected form before a capitalised word may be a first name ("Frans Timmermans")
            if not n.inflected and lang == "nl":
                continue
        if n.kind == "people" and idx.sentence_initial(tok.start) and tok.text.lower() in _LOWER_WORDS:
            continue
        out.append(Cand(tok.start, tok.end, "MISC", country=n.country, base=n.base, source="nationality"))
    return out


# inhabitant nouns that are also ordinary words at the start of a sentence
_LOWER_WORDS = {"rus", "fin", "deen", "schot", "turks", "polen"}
