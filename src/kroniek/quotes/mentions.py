"""Name mentions for speaker resolution: the entity annotator's mentions, or a capitalisation fallback."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..model import Annotation
from ..nlp.doc import Doc
from .words import NAME_LINKS, NOT_NAMES, TITLES

# capitalised words (after a subheading or quote) that never start a name
NEVER_NAME_START = frozenset(["volgens", "maar", "en", "want", "in", "op", "met", "voor", "naar", "bij", "uit", "over", "tegen", "na", "door", "om", "tot", "sinds", "via", "vanuit", "namens", "ondanks", "zonder", "binnen", "buiten", "tussen", "onder", "rond", "als", "toen", "nu", "ook", "wat", "wie", "waar", "hoe", "waarom", "hij", "zij", "ze", "ik", "wij", "we", "the", "and", "but", "or", "on", "at", "for", "with", "from", "by", "according", "he", "she", "they"])


# a word right after one of these opens a quotation or a list: "'Sowieso ben ik ...", "(Zelfs ..."
OPENING_MARKS = frozenset([",,", '"', "'", "‘", "“", "„", "«", ":", "(", "-", "–", "—"])


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    label: str  # PER | ORG | LOC | MISC | NAME (fallback: type unknown)
    canonical: str


def _hyphen_role(tok: str) -> bool:
    """'Huis-woordvoerster': a name joined to a lowercase role word."""
    parts = tok.split("-")
    return len(parts) > 1 and any(p[:1].islower() for p in parts[1:])


def fallback_mentions(doc: Doc) -> list[Mention]:
    """Sequences of capitalised words (with name links such as 'van der'), canonical = fullest variant."""
    toks = doc.tokens
    sent_first = {s.first for s in doc.sentences}
    spans: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    mid_caps = {t.text for k, t in enumerate(toks) if k not in sent_first and _is_cap(t.text)}
    while i < n:
        t = toks[i].text
        initial = i in sent_first or (i > 0 and not any(c.isalnum() for c in toks[i - 1].text))
        if t.lower() in NEVER_NAME_START:
            i += 1  # "Volgens", "Maar": capitalised after a subheading, never the start of a name
            continue
        if initial and i + 1 < n and toks[i + 1].text in NAME_LINKS and t not in mid_caps:
            i += 1  # "Geestverwanten van Baudet": a capitalised common noun opening the sentence
            continue
        if _is_cap(t) and not (initial and t.lower() in NOT_NAMES) and not _hyphen_role(t):
            j = i + 1
            while j < n:
                u = toks[j].text
                if _is_cap(u) and not _hyphen_role(u) and toks[j].start - toks[j - 1].end <= 1:
                    j += 1
                    continue
                # name links: "van der", "de"
                k = j
                while k < n and toks[k].text in NAME_LINKS and k - j < 3:
                    k += 1
                # a link joins a first name to a surname ("Frans van der Meer"), not a full name to a place or
                # club ("Lennert Böhmer van Geel-Wit")
                if k > j and k < n and _is_cap(toks[k].text) and toks[k].text.lower() not in NOT_NAMES \
                        and sum(1 for x in toks[i:j] if not _title(x.text)) == 1:
                    j = k + 1
                    continue
                break
            while j - i > 1 and _title(toks[i].text):
                i += 1  # "Senator John Smith", "Woordvoerster Sarah Sanders": the title is not part of the name
            # "minister van Gezondheidszorg Agnès Buzyn": the department is not part of the name
            if j - i >= 3 and i >= 2 and toks[i - 1].text == "van" and toks[i - 2].text[:1].islower():
                spans.append((i, i + 1))
                i += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    raw = [(doc.text[toks[a].start:toks[b - 1].end], toks[a].start, toks[b - 1].end) for a, b in spans]
    # a lone capitalised word opening a sentence (or following a quotation mark or colon: "'Sowieso ben ik ...")
    # that never occurs capitalised elsewhere is probably not a name
    opening = sent_first | {k for k in range(1, n) if toks[k - 1].text in OPENING_MARKS}
    mid_words = {doc.text[toks[a].start:toks[a].end] for a, b in spans if a not in opening}
    names = sorted({r[0] for r in raw})
    in_longer = {w for n in names if len(n.split()) > 1 for w in n.split()}
    by_last: dict[str, list[str]] = {}
    for n in names:
        if n.split():
            by_last.setdefault(n.split()[-1], []).append(n)
    out = []
    for (text, s, e), (a, b) in zip(raw, spans):
        if a in opening and b - a == 1 and text not in mid_words and text not in in_longer:
            continue
        canon = fullest(text, by_last.get(text.split()[-1], []) if text.split() else [])
        if a > 0 and toks[a - 1].text.lower() in ("de", "het", "the"):  # "het Witte Huis": an organisation or place
            canon = f"{toks[a - 1].text.lower()} {canon}"
        out.append(Mention(text, s, e, "NAME", canon))
    return out


def _title(t: str) -> bool:
    """'Senator', 'Woordvoerster', 'PvdA-Kamerlid': a title before a name (also after a party prefix)."""
    w = t.lower().rstrip(".")
    return w in TITLES or w.split("-")[-1] in TITLES


def _is_cap(t: str) -> bool:
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)


def fullest(name: str, names: list[str]) -> str:
    """The longest name in ``names`` that ends with the last word of ``name`` and contains all its words."""
    words = name.split()
    if not words:
        return name
    best = name
    for cand in names:
        cw = cand.split()
        if len(cw) > len(best.split()) and cw[-1] == words[-1] and all(w in cw for w in words):
            best = cand
    return best


def mentions_for(doc: Doc, ann: Annotation) -> list[Mention]:
    """Entity mentions when the entity annotator ran; otherwise (and for gaps) the capitalisation fallback."""
    out: list[Mention] = [Mention(e.text, e.start, e.end, e.label, e.entity) for e in ann.entities
                          if e.label in ("PER", "ORG", "MISC", "LOC")]
    per_by_surname: dict[str, str] = {}
    for e in out:
        if e.label == "PER" and e.canonical.split():
            per_by_surname.setdefault(e.canonical.split()[-1], e.canonical)
    covered = sorted((m.start, m.end) for m in out)
    cstarts = [c[0] for c in covered]
    for m in fallback_mentions(doc):
        k = bisect_left(cstarts, m.end)
        if not any(m.start < e and s < m.end for s, e in covered[max(0, k - 3):k]):
            canon = m.canonical
            # a fallback name sharing the surname of a PER entity takes that entity's canonical name
            if m.text.split() and m.text.split()[-1] in per_by_surname:
                canon = per_by_surname[m.text.split()[-1]]
            out.append(Mention(m.text, m.start, m.end, m.label, canon))
    out.sort(key=lambda m: m.start)
    return out
