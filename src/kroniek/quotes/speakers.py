"""Speaker resolution: from the speaker phrase of each candidate to ``speaker_canonical``.

In text order, keeping the previous attributions: a name resolves to its entity (or the
fullest variant of the name in the article); a pronoun to the previous source or the
nearest person before it; a role ("de woordvoerster") to the name it was introduced with
("Witte Huis-woordvoerster Sarah Sanders"); "klinkt het" and bare quotes to the source of
the previous attribution; anonymous sources ("ingewijden") stay as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..model import Quote
from ..nlp.doc import Doc
from .finder import Candidate
from .lexicon import Lexicon
from .mentions import Mention
from .words import DETERMINERS, TITLES


class _Indexed(list):
    """Mentions in text order with their start offsets, for windowed look-ups."""

    def __init__(self, mentions):
        super().__init__(sorted(mentions, key=lambda m: m.start))
        self.starts = [m.start for m in self]
        self.any_per = any(m.label == "PER" for m in self)

    def between(self, a: int, b: int) -> list[Mention]:
        return self[bisect_left(self.starts, a):bisect_left(self.starts, b)]


class _History:
    def __init__(self) -> None:
        self.items: list[tuple[int, str | None, int | None, str | None, bool]] = []  # sent, spk, start, canon, anon
        self.ends: list[int] = []  # where each attribution ends in the text
        self.cued: list[tuple[str, int, str]] = []  # (speaker, start, canonical) of attributions with a named cue

    def interviewee(self) -> tuple[str, int, str] | None:
        """The source quoted most often with a cue so far (the first on a tie): who answers an interview."""
        if not self.cued:
            return None
        count: dict[str, int] = {}
        for _, _, canon in self.cued:
            count[canon] = count.get(canon, 0) + 1
        best = max(count.values())
        return next(x for x in self.cued if count[x[2]] == best)

    def last(self, sent: int, within: int = 3):
        for s, spk, st, canon, anon in reversed(self.items):
            if sent - s <= within and canon:
                return spk, st, canon, anon
            break
        return None


def resolve(doc: Doc, lex: Lexicon, cands: list[Candidate], mentions: list[Mention]) -> list[Quote]:
    text = doc.text
    mentions = _Indexed(mentions)
    hist = _History()
    out: list[Quote] = []
    for c in sorted(cands, key=lambda c: (c.anchor, c.cstart)):
        sent = doc.sentence_index(c.anchor)
        spk_text = spk_start = canon = None
        anon = False
        if c.mode == "passive":
            # "Er werd gezegd dat ...": a report without a source keeps no speaker and is not a source for what follows
            out.append(Quote(c.kind, text[c.cstart:c.cend], c.cstart, c.cend, c.cue, c.cue_start, None, None, None))
            continue
        answer = c.cue is None and c.kind == "direct" and hist.interviewee()
        answer = answer if answer and _after_question(doc, c, cands) else None
        if answer:
            # a bare quote right after the writer's own question is the interviewee's answer
            spk_text, spk_start, canon = answer
        elif c.mode == "previous" or c.speaker is None:
            prev = hist.last(sent, within=3)
            # a bare quote with no source before it: the person introduced by the next sentence (",,...'' Cees
            # Loggen, frontman van de VVD, laat ..."), else the person opening the sentence before
            subj = None
            if c.cue is None:
                subj = (_next_subject(doc, mentions, c) if prev is None else None) or \
                    _previous_subject(doc, mentions, c, hist)
            if subj is not None:
                spk_text, spk_start, canon = subj.text, subj.start, subj.canonical
            elif prev is None and c.cue is None:
                # else the person named just before, else the nearest before
                m = _nearest_person(mentions, c.cstart, doc, sent, within=2) or \
                    _nearest_person(mentions, c.cstart, doc, sent, within=10 ** 6)
                if m is not None:
                    spk_text, spk_start, canon = m.text, m.start, m.canonical
            elif prev is not None:
                spk_text, spk_start, canon, anon = prev
        else:
            s, e = c.speaker
            spk_text, spk_start = text[s:e], s
            canon, anon = _canonical(doc, lex, s, e, mentions, hist, sent)
        out.append(Quote(c.kind, text[c.cstart:c.cend], c.cstart, c.cend, c.cue, c.cue_start,
                         spk_text, spk_start, canon))
        hist.items.append((sent, spk_text, spk_start, canon, anon))
        if c.cue is not None and c.cue.lower() not in ("volgens", "according") and c.speaker is not None \
                and canon and not anon and spk_text and canon[:1].isupper() \
                and (spk_text.lower() not in lex.pronouns or _full_name(canon)):
            hist.cued.append((spk_text, spk_start, canon))
        hist.ends.append(max(c.cend, c.anchor))
    out.sort(key=lambda q: q.content_start)
    return out


def _canonical(doc: Doc, lex: Lexicon, s: int, e: int, mentions: list[Mention], hist: _History, sent: int):
    phrase = doc.text[s:e]
    words = phrase.lower().split()
    inside = [m for m in mentions.between(s, e) if m.end <= e]
    if any(w in lex.anonymous for w in words) and not any(m.label in ("PER", "NAME") for m in inside):
        return phrase, True
    per = [m for m in inside if m.label == "PER"]
    if per:
        return _fuller(phrase, per[-1].canonical), False
    # a name that heads the phrase ("het Witte Huis", "inlichtingenbaas Dan Coates"), not a modifier ("Amerikaanse media")
    text = doc.text
    heads = []
    for m in inside:
        before = [w.lower() for w in text[s:m.start].split()[-2:]]
        if len(before) == 2 and before[1] not in DETERMINERS:
            before = before[1:]
        after = text[m.end:e].split()[:1]
        if before and before[0] in ("van", "of", "bij", "at", "from", "to", "with", "close"):
            continue  # "Lennert Böhmer van Geel-Wit": the club is not the speaker
        if not after or after[0].lower() in ("van", "of", "uit", "from", ","):
            heads.append(m)
    if heads:
        return heads[-1].canonical, False
    if len(words) == 1 and words[0] in lex.pronouns:
        return _pronoun(doc, words[0], s, mentions, hist, sent), False
    head = words[-1] if words else ""
    # "de burgemeester van Almelo, Arjen Gerritsen": the name in apposition right after the phrase
    for m in mentions.between(e, e + 5):
        if m.start > e and _person_like(m, mentions) and doc.text[e:m.start].strip() in (",", "", "-", "–"):
            return m.canonical, False
        if m.start > e + 3:
            break
    # a role introduced with a name: "woordvoerster Sarah Sanders", "Sarah Sanders, woordvoerster"
    if len(head) > 3:
        for m in mentions.between(s - 20000, e + 2000):
            if m.label not in ("PER", "NAME") or (m.start >= s and m.end <= e):
                continue
            before = doc.text[max(0, m.start - 40):m.start].rstrip().lower()
            after = doc.text[m.end:m.end + 40].lower()
            if before.endswith(head) or any(after.startswith(f", {d}{head}") for d in ("", "de ", "het ", "the ", "a ", "een ")):
                return m.canonical, False
    # the same role named in an earlier attribution
    for _s, spk, _st, canon, _anon in reversed(hist.items):
        if spk and canon and spk.lower().split()[-1:] == [head]:
            return canon, False
    if words and words[0] in DETERMINERS and len(words) == 1:
        return None, False
    return phrase, False


def _fuller(phrase: str, canonical: str) -> str:
    """The entity's name, or the longer form the phrase itself gives ("inlichtingenbaas Dan Coates" -> Dan Coates)."""
    words = phrase.split()
    last = canonical.split()[-1:] if canonical else []
    if not last or last[0] not in words:
        return canonical
    k = len(words) - 1 - words[::-1].index(last[0])
    j = k
    while j > 0 and (words[j - 1][:1].isupper() or words[j - 1] in ("van", "de", "der", "den", "ter")) \
            and words[j - 1].lower() not in TITLES and not any(p[:1].islower() for p in words[j - 1].split("-")[1:]):
        j -= 1
    while j < k and not words[j][:1].isupper():
        j += 1
    longer = " ".join(words[j:k + 1])
    return longer if len(longer.split()) > len(canonical.split()) else canonical


def _pronoun(doc: Doc, word: str, start: int, mentions: list[Mention], hist: _History, sent: int) -> str | None:
    prev = None
    for s, _spk, _st, canon, anon in reversed(hist.items):
        if canon and not anon and sent - s <= 4:
            prev = (s, canon)
        break
    m = _nearest_person(mentions, start, doc, sent, within=3)
    if m is not None:
        msent = doc.sentence_index(m.start)
        msent_obj = doc.sentences[msent]
        first_toks = doc.tokens[msent_obj.first:msent_obj.first + 4]
        subjectish = any(t.start == m.start for t in first_toks)
        if prev is None or (msent > prev[0] and subjectish):
            return m.canonical
    return prev[1] if prev else (m.canonical if m else None)


def _person_like(m: Mention, mentions: list[Mention]) -> bool:
    if m.label == "PER":
        return True
    if m.label != "NAME" or m.text.isupper():
        return False
    return not m.canonical.lower().startswith(("de ", "het ", "the "))


def _nearest_person(mentions: _Indexed, before: int, doc: Doc, sent: int, within: int) -> Mention | None:
    for k in range(bisect_left(mentions.starts, before) - 1, -1, -1):
        m = mentions[k]
        if sent - doc.sentence_index(m.start) > within:
            return None
        if _person_like(m, mentions):
            return m
    return None


def _next_subject(doc: Doc, mentions: _Indexed, c: Candidate) -> Mention | None:
    """For a bare quote: a person's full name opening the sentence right after it, followed by a comma (an
    apposition introducing the speaker: "Cees Loggen, frontman van de VVD, ...")."""
    sidx = doc.sentence_index(max(c.cstart, c.cend - 1)) + 1
    if sidx >= len(doc.sentences):
        return None
    nxt = doc.sentences[sidx]
    sentence = doc.text[nxt.start:nxt.end]
    if nxt.last - nxt.first < 6 or re.search(r":\s*(?:,,|[\"'“‘„])", sentence):
        return None  # a signature ("Jan Dammes, Bleiswijk."), or a sentence introducing the next quote ("X, rol: ,,...")
    for m in mentions.between(nxt.start, nxt.end):
        if m.start == doc.tokens[nxt.first].start and len(m.text.split()) > 1 and _person_like(m, mentions) \
                and doc.text[m.end:m.end + 1] == ",":
            return m
    return None


def _full_name(name: str) -> bool:
    """'Rob Jetten', 'Jelle van Buuren': a first name and a surname (what a pronoun may count as for the interviewee)."""
    words = name.split()
    return len(words) >= 2 and words[0][:1].isupper() and words[-1][:1].isupper() \
        and words[0].lower() not in DETERMINERS


def _after_question(doc: Doc, c: Candidate, cands: list[Candidate]) -> bool:
    """The sentence before the quote is the writer's question: it ends with '?' and is not itself quoted."""
    sidx = doc.sentence_index(c.cstart)
    if sidx == 0:
        return False
    prev = doc.sentences[sidx - 1]
    if not doc.text[prev.start:prev.end].rstrip().endswith("?"):
        return False
    return not any(o.cstart <= prev.start < o.cend + 2 or prev.start <= o.cstart < prev.end for o in cands
                   if o.kind == "direct" and o is not c)


def _previous_subject(doc: Doc, mentions: list[Mention], c: Candidate, hist: _History) -> Mention | None:
    """For a bare quote: the person opening the sentence just before, when that sentence is not itself reported speech."""
    sidx = doc.sentence_index(c.cstart)
    if sidx == 0:
        return None
    prev = doc.sentences[sidx - 1]
    if hist.ends and hist.ends[-1] >= prev.start:
        return None
    first = doc.tokens[prev.first:prev.first + 4]
    for m in mentions.between(prev.start, prev.end):
        if _person_like(m, mentions) and any(t.start == m.start for t in first):
            return m
    return None
