"""The ``entities`` annotator: raw NER spans in, resolved entity mentions out.

Steps, in order:

1. role compounds and role phrases are split ("Witte Huis-woordvoerster Sarah Sanders");
2. raw spans lose titles, determiners, trailing punctuation and possessives; persons the
   NER missed right after a title or role noun are added ("inlichtingenbaas Dan Coates");
3. nationality adjectives and inhabitant nouns become MISC mentions pointing at their country;
4. document context: "X van Organisation" person spans are cut when the organisation is
   tagged as such elsewhere; person labels spread to the other mentions of the name (with
   guards against NER slips), and exact repeats the NER missed are added;
5. mentions of the same thing get one canonical name (:mod:`kroniek.entities.cluster`);
6. with a knowledge base configured (``KRONIEK_KB``), canonical names get a Wikidata id.
"""

from __future__ import annotations

import os
from dataclasses import replace

from ..model import Annotation, EntityMention
from ..nlp.doc import Doc
from .cluster import Named, canonical_names
from .context import add_repeats, relabel_persons, split_affiliations
from .lexicon import aliases, words
from .spans import (
    Cand, SpanIndex, TokenIndex, clean_span, nationality_mentions, role_compounds, role_introduced,
    split_role_phrase,
)

KB_ENV = "KRONIEK_KB"


def annotate(doc: Doc, ann: Annotation) -> Annotation:
    """Add the article's entity mentions to ``ann``."""
    return replace(ann, entities=tuple(resolve(doc)))


def resolve(doc: Doc, kb=None) -> list[EntityMention]:
    """Entity mentions for ``doc``, sorted by offset, each with its canonical name."""
    lang = doc.lang if doc.lang in ("nl", "en") else "nl"
    w = words(lang)
    idx = TokenIndex(doc)
    text = doc.text

    cands, regions = role_compounds(idx, w, lang, doc.ents)
    replaced = SpanIndex(regions)
    for span in doc.ents:
        if replaced.overlaps(span.start, span.end):
            continue
        parts = split_role_phrase(span.start, span.end, span.label, idx, w)
        if parts is None:
            parts = [Cand(span.start, span.end, span.label)]
        for p in parts:
            cleaned = clean_span(p.start, p.end, p.label, idx, w, lang)
            if cleaned is not None:
                cands.append(Cand(cleaned[0], cleaned[1], p.label, source=p.source))

    taken = SpanIndex((c.start, c.end) for c in cands)
    cands += [c for c in role_introduced(idx, w, lang, doc.ents) if not taken.overlaps(c.start, c.end)]

    nats = {(c.start, c.end): c for c in nationality_mentions(idx, w, lang)}
    merged: list[Cand] = []
    for c in cands:
        n = nats.pop((c.start, c.end), None)
        merged.append(n if n is not None and c.label != "PER" else c)
    taken = SpanIndex((c.start, c.end) for c in merged)
    merged += [n for n in nats.values() if not taken.overlaps(n.start, n.end)]

    merged = _dedupe(merged)
    merged = split_affiliations(merged, idx)
    merged = relabel_persons(merged, text, lang)
    merged = add_repeats(merged, idx, w)
    merged.sort(key=lambda c: (c.start, -c.end))

    plain = [c for c in merged if c.country is None]
    names = canonical_names([Named(c.start, c.end, c.label, " ".join(text[c.start:c.end].split())) for c in plain],
                            genitive=lang == "nl")
    canon = {(c.start, c.end): n for c, n in zip(plain, names)}

    kb = kb if kb is not None else _kb_from_env()
    qids: dict[tuple[str, str], str | None] = {}
    out = []
    al = aliases()
    for c in merged:
        surface = text[c.start:c.end]
        refers_to = None
        if c.country is not None:
            entry = al.entries[c.country]
            refers_to = entry.name(lang)
            entity = c.base or surface
        else:
            entity = canon[(c.start, c.end)]
        qid = None
        if kb is not None and c.country is None:
            if (entity, c.label) not in qids:
                qids[(entity, c.label)] = _link(kb, entity, c.label)
            qid = qids[(entity, c.label)]
        out.append(EntityMention(surface, c.start, c.end, c.label, entity, qid, refers_to))
    return out


def _link(kb, name: str, label: str) -> str | None:
    """Look the canonical name up in the KB, then the alias table's other names for it."""
    qid = kb.lookup(name, label)
    if qid is None:
        entry = aliases().find(name, label)
        for other in entry.names if entry is not None else ():
            qid = kb.lookup(other, label)
            if qid is not None:
                break
    return qid


def _dedupe(cands: list[Cand]) -> list[Cand]:
    """Drop duplicates and overlaps: at one start the longer span wins, then the earlier one."""
    kept: list[Cand] = []
    reach = -1  # the end of the last kept span (kept spans do not overlap)
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if c.start >= reach:
            kept.append(c)
            reach = c.end
    return kept


_KB_CACHE: dict[str, object] = {}


def _kb_from_env():
    path = os.environ.get(KB_ENV)
    if not path:
        return None
    if path not in _KB_CACHE:
        from .kb import KB

        _KB_CACHE[path] = KB(path)
    return _KB_CACHE[path]
