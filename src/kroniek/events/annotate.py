"""Event mentions: who met whom, where and when.

The annotator runs after entities, time expressions and quotes. It finds trigger words from the
language's lexicon (``kroniek/data/events/<lang>.toml``), turns every quote into a statement
event, and fills each event's participants (from the sentence's entity mentions), place, time
(a time expression in the sentence, else the publication date), duration and modality with
clause-level rules. Mentions of one event within the article are then merged
(:func:`kroniek.events.merge.merge_article`): ``ann.events`` holds one :class:`Event` per event,
with all its mentions in ``Event.mentions``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ..model import Annotation, EntityMention, Event, Participant, Quote, Timex
from ..nlp.doc import Doc
from ..nlp.tokens import Sentence
from .lexicon import Lexicon, Trigger, load_lexicon
from .merge import merge_article

PUNCT_BREAKS = frozenset({",", ";", ":", "(", ")", "[", "]", "'", '"', "‘", "’", "“", "”", "„", "«", "»", ",,", "''",
                          "``", "–", "—", "?", "!", ".", "…"})
ACTOR_LABELS = frozenset({"PER", "ORG", "LOC"})
SINGULAR_PRONOUNS = frozenset({"hij", "he", "she"})
SINGULAR_POSSESSIVES = frozenset({"zijn", "his", "her"})  # persons only; "its", "haar" may be organisations
LOOKBACK = 5  # tokens scanned back from an entity for the preposition that governs it
MIN_SENTENCE_TOKENS = 3  # shorter "sentences" are headings
MAX_DISTANCE = 15  # tokens between a trigger and the time or place phrase it takes
SUBJECT_START = 2  # a sentence subject starts within this many tokens of the sentence start
MODAL_WINDOW = 10  # tokens scanned back from a trigger for modal words


def annotate(doc: Doc, ann: Annotation) -> Annotation:
    """Add the article's events to ``ann.events``."""
    lex = load_lexicon(ann.lang or doc.lang)
    if lex is None or not doc.tokens:
        return ann
    mentions = find_mentions(doc, ann, lex)
    return replace(ann, events=tuple(merge_article(mentions, lex)))


@dataclass(frozen=True)
class Hit:
    """A trigger found in a sentence: tokens [i, j), the lexicon entry, or the quote it comes from."""

    sent: int
    i: int
    j: int
    trigger: Trigger | None = None
    quote: Quote | None = None
    type: str = ""


class _Context:
    """Token-level views of one document and its annotation, shared by the rules below."""

    def __init__(self, doc: Doc, ann: Annotation, lex: Lexicon):
        self.doc, self.ann, self.lex = doc, ann, lex
        self.low = [t.text.lower() for t in doc.tokens]
        self.starts = [t.start for t in doc.tokens]
        self.ents: list[tuple[int, int, EntityMention]] = []
        self.ent_at: dict[int, int] = {}
        self.ent_end: dict[int, int] = {}  # last token index -> entity list index
        for m in sorted(ann.entities, key=lambda m: m.start):
            a, b = self.span(m.start, m.end)
            if any(k in self.ent_at for k in range(a, b)):
                continue
            idx = len(self.ents)
            self.ents.append((a, b, m))
            for k in range(a, b):
                self.ent_at[k] = idx
            self.ent_end[b - 1] = idx
        self.ent_starts = [a for a, _b, _m in self.ents]
        self.timexes = sorted(((*self.span(t.start, t.end), t) for t in ann.timexes), key=lambda x: (x[0], x[1]))
        self.timex_starts = [a for a, _b, _t in self.timexes]
        pe, pl = ann.published.bounds()
        self.pub_earliest, self.pub_latest = pe, pl
        inf = ann.published.inferred
        self.pub_value = inf.value if inf else ann.published.as_given

    def ents_in(self, first: int, last: int) -> list[tuple[int, int, EntityMention]]:
        """Entity mentions that start in tokens [first, last), in text order."""
        lo = bisect_left(self.ent_starts, first)
        hi = bisect_left(self.ent_starts, last)
        return self.ents[lo:hi]

    def ents_before(self, k: int, first: int) -> list[tuple[int, int, EntityMention]]:
        """Entity mentions that start in tokens [first, k), nearest first."""
        return self.ents[bisect_left(self.ent_starts, first):bisect_left(self.ent_starts, k)][::-1]

    def timexes_in(self, first: int, last: int) -> list[tuple[int, int, Timex]]:
        return self.timexes[bisect_left(self.timex_starts, first):bisect_left(self.timex_starts, last)]

    def tok(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        a = self.tok(start)
        if self.doc.tokens[a].end <= start and a + 1 < len(self.doc.tokens):
            a += 1
        b = self.tok(max(start, end - 1)) + 1
        return a, max(b, a + 1)

    def is_break(self, k: int) -> bool:
        return self.low[k] in PUNCT_BREAKS

    def has(self, key: str, k: int) -> bool:
        return self.low[k] in self.lex.word(key)


def find_mentions(doc: Doc, ann: Annotation, lex: Lexicon) -> list[Event]:
    """Every event mention in the article, in text order (not yet merged)."""
    ctx = _Context(doc, ann, lex)
    hits: list[Hit] = []
    cue_tokens: set[int] = set()
    for q in ann.quotes:
        hit = _quote_hit(ctx, q)
        if hit is not None:
            hits.append(hit)
            if q.cue_start is not None:
                cue_tokens.update(range(hit.i, hit.j))
    for si, sent in enumerate(doc.sentences):
        if sent.last - sent.first < MIN_SENTENCE_TOKENS:
            continue
        for hit in _match_sentence(ctx, si, sent):
            if not cue_tokens.intersection(range(hit.i, hit.j)):
                hits.append(hit)
    hits.sort(key=lambda h: (h.i, h.j))
    by_sent: dict[int, list[Hit]] = {}
    for h in hits:
        by_sent.setdefault(h.sent, []).append(h)
    out: list[Event] = []
    for si, group in sorted(by_sent.items()):
        sent = doc.sentences[si]
        places = _owned_places(ctx, sent, group)
        times, durations = _owned_timexes(ctx, sent, group)
        for n, h in enumerate(group):
            out.append(_event(ctx, sent, h, places.get(n), times.get(n), durations.get(n)))
    return out


# ---- triggers ------------------------------------------------------------------------------------
def _match_sentence(ctx: _Context, si: int, sent: Sentence) -> list[Hit]:
    lex, low = ctx.lex, ctx.low
    out: list[Hit] = []
    k = sent.first
    while k < sent.last:
        w = low[k]
        hit: Hit | None = None
        for trig in lex.by_first.get(w, ()):
            n = len(trig.words)
            if k + n > sent.last or tuple(low[k:k + n]) != trig.words:
                continue
            if trig.particle and _particle(ctx, sent, k + n, trig.particle) is None:
                continue
            hit = Hit(si, k, k + n, trig, type=trig.type)
            break
        if hit is None and lex.compounds and w.isalpha():
            for suffix, trig in lex.compounds:
                if len(w) > len(suffix) + 2 and w.endswith(suffix):
                    hit = Hit(si, k, k + 1, trig, type=trig.type)
                    break
        if hit is not None and _acceptable(ctx, sent, hit):
            out.append(hit)
            k = hit.j
            continue
        k += 1
    return out


def _acceptable(ctx: _Context, sent: Sentence, hit: Hit) -> bool:
    if any(k in ctx.ent_at for k in range(hit.i, hit.j)):
        return False  # part of a name ("Summit Partners")
    first = ctx.doc.tokens[hit.i].text
    if first[:1].isupper() and hit.i > sent.first and not ctx.is_break(hit.i - 1):
        return False  # capitalised mid-sentence: a name, not an event word
    return True


def _particle(ctx: _Context, sent: Sentence, start: int, particle: str) -> int | None:
    """Index of the separable particle later in the clause, or None."""
    bound = particle in ctx.lex.word("bound_particles")
    for k in range(start, min(sent.last, start + 15)):
        if ctx.is_break(k):
            return None
        if ctx.low[k] != particle:
            continue
        if not bound:
            return k
        nxt = k + 1
        if (nxt >= sent.last or ctx.is_break(nxt) or ctx.has("particle_followers", nxt)
                or ctx.has("clause_breaks", nxt)):
            return k
    return None


def _quote_hit(ctx: _Context, q: Quote) -> Hit | None:
    if q.cue_start is not None and q.cue:
        i = ctx.tok(q.cue_start)
        cue = q.cue.lower()
        first = cue.split()[0] if cue.split() else cue
        etype = ctx.lex.quote_types.get(cue) or ctx.lex.quote_types.get(first) or "statement"
        return Hit(ctx.doc.sentence_index(q.cue_start), i, i + 1, quote=q, type=etype)
    if q.content_end <= q.content_start:
        return None
    a, b = ctx.span(q.content_start, q.content_end)
    return Hit(ctx.doc.sentence_index(q.content_start), a, b, quote=q, type="statement")


# ---- clause, ownership ---------------------------------------------------------------------------
def _clause(ctx: _Context, sent: Sentence, i: int, j: int) -> tuple[int, int]:
    cs = sent.first
    for k in range(i - 1, sent.first - 1, -1):
        if ctx.is_break(k) or ctx.has("clause_breaks", k):
            cs = k + 1
            break
    ce = sent.last
    for k in range(j, sent.last):
        if ctx.is_break(k) or (k > j and ctx.has("clause_breaks", k)):
            ce = k
            break
    return cs, ce


def _same_clause(ctx: _Context, h: Hit, a: int, b: int) -> bool:
    """No clause-opening word ("dat", "omdat", "that") between the trigger and the span [a, b)."""
    lo, hi = (h.j, a) if a >= h.j else (b, h.i)
    return not any(ctx.has("clause_breaks", k) for k in range(lo, hi))


def _distance(h: Hit, a: int, b: int) -> float:
    if a >= h.j:
        return a - h.j
    if b <= h.i:
        return h.i - b + 0.5  # ties go to the trigger before the phrase ("ontmoeting ... in Helsinki")
    return 0


def _owner(ctx: _Context, group: list[Hit], a: int, b: int) -> int | None:
    best, best_d = None, None
    for n, h in enumerate(group):
        if (h.quote is not None and h.quote.cue_start is None) or not _same_clause(ctx, h, a, b):
            continue
        d = _distance(h, a, b)
        if best_d is None or d < best_d:
            best, best_d = n, d
    return best


def _owned_places(ctx: _Context, sent: Sentence, group: list[Hit]) -> dict[int, tuple[str, str, int]]:
    """Per hit index: (place text, place entity, start offset)."""
    out: dict[int, tuple[str, str, int]] = {}
    for a, b, m in ctx.ents_in(sent.first, sent.last):
        if b > sent.last:
            continue
        if m.refers_to:  # "de Amerikaanse presidentsverkiezingen": the adjective's country, right before a noun
            for n, h in enumerate(group):
                if h.trigger is not None and h.trigger.pos == "noun" and 0 <= h.i - b <= 1 and n not in out:
                    out[n] = (m.text, m.refers_to, m.start)
            continue
        if m.label != "LOC":
            continue
        g = _governor(ctx, sent, a)
        if g not in ("place", "to"):
            continue
        n = _owner(ctx, group, a, b)
        if n is None or n in out:
            continue
        if g == "to" and group[n].type != "visit":
            continue
        out[n] = (m.text, m.entity, m.start)
    return out


def _owned_timexes(ctx: _Context, sent: Sentence, group: list[Hit]) -> tuple[dict[int, Timex], dict[int, Timex]]:
    inside = [(a, b, t) for a, b, t in ctx.timexes_in(sent.first, sent.last) if b <= sent.last]
    dates = [(a, b, t) for a, b, t in inside if t.type in ("DATE", "TIME") and t.earliest is not None]
    durations = [(a, b, t) for a, b, t in inside if t.type == "DURATION"]
    return _assign(ctx, group, dates), _assign(ctx, group, durations)


def _assign(ctx: _Context, group: list[Hit], spans: list[tuple[int, int, object]]) -> dict[int, object]:
    """Give each trigger at most one phrase and each phrase at most one trigger, nearest pairs first."""
    pairs = []
    for x, (a, b, item) in enumerate(spans):
        for n, h in enumerate(group):
            if (h.quote is not None and h.quote.cue_start is None) or not _same_clause(ctx, h, a, b):
                continue
            d = _distance(h, a, b)
            if d <= MAX_DISTANCE:
                pairs.append((d, n, x))
    out: dict[int, object] = {}
    used: set[int] = set()
    for d, n, x in sorted(pairs):
        if n in out or x in used:
            continue
        out[n] = spans[x][2]
        used.add(x)
    return out


# ---- participants --------------------------------------------------------------------------------
def _governor(ctx: _Context, sent: Sentence, a: int, depth: int = 0) -> str | None:
    """The role-bearing word before the entity starting at token ``a``: with | of | by | place | to |
    other, or None for a bare noun phrase (subject or object)."""
    k = a - 1
    steps = 0
    while k >= sent.first and steps < LOOKBACK:
        if ctx.is_break(k) or k in ctx.ent_end:
            return None
        for key in ("with", "of", "by", "place", "to", "other_preps"):
            if ctx.has(key, k):
                return "other" if key == "other_preps" else key
        if ctx.has("and", k):
            prev = ctx.ent_end.get(k - 1)
            if prev is not None and depth < 4:
                return _governor(ctx, sent, ctx.ents[prev][0], depth + 1)
            return None
        if ctx.has("clause_breaks", k):
            return None
        k -= 1
        steps += 1
    return None


def _participants(ctx: _Context, sent: Sentence, h: Hit, cs: int, ce: int) -> list[Participant]:
    if h.quote is not None:
        q = h.quote
        if q.speaker and q.speaker_start is not None:
            return [Participant("agent", q.speaker, q.speaker_start, q.speaker_start + len(q.speaker),
                                q.speaker_canonical)]
        return []
    noun = h.trigger is not None and h.trigger.pos == "noun"
    agent: Participant | None = None
    parts: list[Participant] = []
    before: list[EntityMention] = []
    after: list[EntityMention] = []
    for a, b, m in ctx.ents_in(cs, ce):
        if b > ce or m.refers_to or m.label not in ACTOR_LABELS or h.i <= a < h.j:
            continue
        g = _governor(ctx, sent, a)
        if g in ("place", "to", "other"):
            continue
        if g == "with":
            parts.append(_part("co-participant", m))
        elif g == "by" or (g == "of" and noun and 0 <= a - h.j <= 3):
            if agent is None:
                agent = _part("agent", m)
        elif g is None:
            (before if a < h.i else after).append(m)
    for m in before:
        if agent is None:
            agent = _part("agent", m)
        else:
            parts.append(_part("patient" if noun else "co-participant", m))
    for m in after:
        if agent is None:
            agent = _part("agent", m)
        else:
            parts.append(_part("co-participant" if h.type == "meeting" else "patient", m))
    if agent is None:
        agent = _pronoun_agent(ctx, sent, h, cs, ce)
    if agent is None and not noun:
        agent = _relative_or_subject(ctx, sent, h, cs)
    out = ([agent] if agent else []) + parts
    if _mentions_plural(ctx, h, cs, ce):
        for m in _people_near(ctx, h.sent):
            out.append(_part("co-participant", m))
    seen: set[str] = set()
    uniq = []
    for p in out:
        key = p.entity or p.text
        if key not in seen:
            seen.add(key)
            uniq.append(p)
    return uniq


def _part(role: str, m: EntityMention) -> Participant:
    return Participant(role, m.text, m.start, m.end, m.entity)


def _pronoun_agent(ctx: _Context, sent: Sentence, h: Hit, cs: int, ce: int) -> Participant | None:
    window = list(range(cs, h.i))
    if h.trigger is not None and h.trigger.pos == "verb":
        window += list(range(h.j, min(ce, h.j + 2)))
    noun = h.trigger is not None and h.trigger.pos == "noun"
    if noun:  # a possessive right before the noun: "its order", "zijn bezoek"
        for k in range(max(cs, h.i - 2), h.i):
            if ctx.has("possessives", k):
                m = _antecedent(ctx, k, ctx.low[k] in SINGULAR_POSSESSIVES)
                if m is not None:
                    t = ctx.doc.tokens[k]
                    return Participant("agent", t.text, t.start, t.end, m.entity)
    for k in window:
        if noun and k == h.i - 1:
            continue  # a determiner, not a subject: "die meeting", "that meeting"
        if ctx.has("pronouns", k):
            m = _antecedent(ctx, k, ctx.low[k] in SINGULAR_PRONOUNS)
            if m is not None:
                t = ctx.doc.tokens[k]
                return Participant("agent", t.text, t.start, t.end, m.entity)
            return None
    return None


def _relative_or_subject(ctx: _Context, sent: Sentence, h: Hit, cs: int) -> Participant | None:
    """The agent of a verb whose clause names none: the antecedent of a relative pronoun
    ("Qatar Airways, which chose ...") or the sentence's subject across an apposition
    ("Airbus, the parent company of ..., has won"), when no clause-opening word lies between."""
    k = cs - 1
    if k >= sent.first and ctx.has("relatives", k):
        for a, b, m in ctx.ents_before(k, sent.first):
            if b <= k and not m.refers_to and m.label in ACTOR_LABELS:
                if all(ctx.is_break(x) for x in range(b, k)):
                    return _part("agent", m)
                break
    for a, b, m in ctx.ents_in(sent.first, h.i):
        if m.refers_to or m.label not in ACTOR_LABELS:
            continue
        if a - sent.first > SUBJECT_START or _governor(ctx, sent, a) is not None:
            return None
        if any(ctx.has("clause_breaks", x) for x in range(b, h.i)):
            return None
        return _part("agent", m)
    return None


def _antecedent(ctx: _Context, k: int, person_only: bool) -> EntityMention | None:
    """The nearest person (or organisation) mentioned before token ``k``, within three sentences."""
    si = ctx.doc.sentence_index(ctx.doc.tokens[k].start)
    lowest = ctx.doc.sentences[max(0, si - 3)].first
    for a, b, m in ctx.ents_before(k, lowest):
        if b > k:
            continue
        if m.refers_to:
            continue
        if m.label == "PER" or (not person_only and m.label == "ORG"):
            return m
    return None


def _mentions_plural(ctx: _Context, h: Hit, cs: int, ce: int) -> bool:
    refs = ctx.lex.word("plural_refs")
    lo, hi = max(cs, h.i - 3), min(ce, h.j + 3)
    for k in range(lo, hi):
        if ctx.low[k] in refs or (k + 1 < hi and f"{ctx.low[k]} {ctx.low[k + 1]}" in refs):
            return True
    return False


def _people_near(ctx: _Context, si: int) -> list[EntityMention]:
    """The people of sentence ``si``, else of the nearest earlier sentence that names people (up to 3 back)."""
    for back in range(0, 4):
        if si - back < 0:
            break
        s = ctx.doc.sentences[si - back]
        people = [m for a, b, m in ctx.ents_in(s.first, s.last) if b <= s.last and m.label == "PER" and not m.refers_to]
        if people:
            return people
    return []


# ---- modality ------------------------------------------------------------------------------------
def _modality(ctx: _Context, sent: Sentence, h: Hit, cs: int, ce: int, timex: Timex | None) -> str:
    if h.quote is not None:
        return "happened"
    lex, low = ctx.lex, ctx.low
    noun = h.trigger is not None and h.trigger.pos == "noun"
    back: list[int] = []
    for k in range(h.i - 1, max(cs, h.i - MODAL_WINDOW) - 1, -1):
        if low[k] in lex.mod("scope_breaks"):
            break
        back.append(k)
    ahead = list(range(h.j, min(ce, h.j + (3 if noun else 5))))
    neg_window = back[:3] if noun else back[:6] + ahead
    if any(low[k] in lex.mod("negation") or low[k].endswith("n't") for k in neg_window):
        return "denied"
    words = {low[k] for k in back}
    clause = {low[k] for k in range(cs, ce)}
    if words & lex.mod("hypothetical") or _in_consequence(ctx, sent, h):
        return "hypothetical"
    alleged = {first for first, second in lex.alleged if first in words and second in clause}
    if alleged and not noun:
        return "hypothetical"  # "zou ... hebben ontmoet": alleged, not planned
    planned = bool((words - alleged) & lex.mod("planned")) or _has_phrase(low, back, lex.mod("planned"))
    if noun:
        planned = planned or any(low[k] in lex.mod("planned_adjectives") for k in back[:3])
        planned = planned or any(low[k] in lex.mod("planned") for k in ahead)
    if back and low[back[0]] in lex.mod("planned_immediate"):
        planned = True
    if timex is not None and ctx.pub_earliest is not None:
        if timex.latest is not None and timex.latest < ctx.pub_earliest:
            return "happened"
        if timex.earliest is not None and ctx.pub_latest is not None and timex.earliest > ctx.pub_latest:
            return "planned"
    return "planned" if planned else "happened"


def _in_consequence(ctx: _Context, sent: Sentence, h: Hit) -> bool:
    """The trigger is in the main clause of a conditional sentence ("Als Rutte aftreedt, komen er
    verkiezingen"; "If he wins, he will visit Moscow")."""
    k = sent.first
    while k < h.i and ctx.is_break(k):
        k += 1
    if k >= h.i or ctx.low[k] not in ctx.lex.mod("hypothetical"):
        return False
    return any(ctx.low[x] == "," for x in range(k + 1, h.i))


def _has_phrase(low: list[str], back: list[int], phrases: frozenset[str]) -> bool:
    multi = [p for p in phrases if " " in p]
    if not multi or not back:
        return False
    text = " " + " ".join(low[k] for k in sorted(back)) + " "
    return any(f" {p} " in text for p in multi)


# ---- one event -----------------------------------------------------------------------------------
def _event(ctx: _Context, sent: Sentence, h: Hit, place, timex: Timex | None, duration: Timex | None) -> Event:
    doc = ctx.doc
    cs, ce = _clause(ctx, sent, h.i, h.j)
    start, end = doc.tokens[h.i].start, doc.tokens[h.j - 1].end
    if h.quote is not None and h.quote.cue_start is not None:
        start, end = doc.tokens[h.i].start, doc.tokens[h.i].end
    if timex is not None:
        kw: dict = dict(time_value=timex.value, time_earliest=timex.earliest, time_latest=timex.latest,
                  time_start=timex.start, time_anchor="timex")
    elif ctx.pub_earliest is not None:
        kw = dict(time_value=ctx.pub_value, time_earliest=ctx.pub_earliest, time_latest=ctx.pub_latest,
                  time_anchor="publication")
    else:
        kw = dict(time_anchor="none")
    return Event(
        type=h.type,
        trigger=doc.text[start:end],
        trigger_start=start,
        trigger_end=end,
        participants=tuple(_participants(ctx, sent, h, cs, ce)),
        place=place[0] if place else None,
        place_entity=place[1] if place else None,
        place_start=place[2] if place else None,
        duration=duration.value if duration is not None else None,
        modality=_modality(ctx, sent, h, cs, ce, timex),
        sentence=doc.text[sent.start:sent.end],
        sentence_start=sent.start,
        content=h.quote.content if h.quote is not None else None,
        **kw,
    )
