"""Measure entity resolution on MEANTIME English (gold name mentions, gold entity instances).

Gold NAM (proper-name) mentions are given to the resolver as raw spans, so this measures
resolution alone, not NER. Two figures, each as pairwise precision/recall/F1 over pairs of
mentions, next to a baseline that groups mentions with the same (normalised) text:

- within article: do two mentions in one article get the same canonical name exactly when
  they refer to the same gold entity?
- across the archive: do two mentions anywhere get the same :func:`entity_key` exactly when
  they share a gold cross-document instance id? And in the store's flow: articles keyed one
  after the other with :func:`mention_keys` against the entities of the articles before
  (surname merging included).

A third figure uses the Dutch KB DAC entity links (mention strings of historical newspaper
articles linked to nl.dbpedia, no article text): the mention strings of each article are put
in one sentence as raw spans, resolved, keyed across the whole set with
:func:`resolve_archive`, and scored pairwise against the gold links (mentions linked to
"none" are left out). Nationality adjectives count as their country, as the store does; the
gold links inhabitant nouns ("Nederlanders") to the people, not the country, so the figure is
also given without nationality words.

On CoNLL-2002 Dutch (dev, ``ned.testa``): the precision of the nationality lexicon alone
against gold MISC spans, and what the resolver does to perfect input: gold spans go in as raw
spans and the output is scored against the gold spans (exact span and label).

Run: ``python -m kroniek.entities.measure [SHARED_DATA_DIR]`` (default ``../shared/data``).
"""

from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from ..eval.common import PRF
from ..nlp.backend import BlankBackend
from ..nlp.doc import Doc, Span
from .annotate import resolve
from .archive import KnownEntities, KnownEntity, entity_key, mention_keys, resolve_archive
from .lexicon import normalise

LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "PRO": "MISC", "FIN": "MISC", "MIX": "MISC"}


def read_meantime(path: Path):
    """(doc_id, text, [(start, end, label, gold_entity, gold_instance)]) for one CAT XML file."""
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id")
    pieces, offsets = [], {}
    pos = 0
    last_sentence = None
    for tok in root.iter("token"):
        sep = "" if pos == 0 else ("\n" if tok.get("sentence") != last_sentence else " ")
        last_sentence = tok.get("sentence")
        pos += len(sep)
        pieces.append(sep + (tok.text or ""))
        offsets[tok.get("t_id")] = (pos, pos + len(tok.text or ""))
        pos += len(tok.text or "")
    text = "".join(pieces)
    markables = root.find("Markables")
    entities = {e.get("m_id"): e for e in markables.iter("ENTITY")}
    refers = {}
    for r in root.find("Relations").iter("REFERS_TO"):
        for src in r.findall("source"):
            refers[src.get("m_id")] = r.find("target").get("m_id")
    mentions = []
    for m in markables.iter("ENTITY_MENTION"):
        if m.get("syntactic_type") != "NAM":
            continue
        target = refers.get(m.get("m_id"))
        ent = entities.get(target)
        if ent is None:
            continue
        ids = [a.get("t_id") for a in m.iter("token_anchor")]
        if not ids:
            continue
        start, end = offsets[ids[0]][0], offsets[ids[-1]][1]
        if not name_like(text[start:end]):
            continue
        mentions.append((start, end, LABELS.get(ent.get("ent_type"), "MISC"), target, ent.get("instance_id")))
    return doc_id, text, mentions


_PARTICLES = {"the", "of", "de", "van", "von", "der", "and", "&", "for", "la", "le", "du"}


def name_like(surface: str) -> bool:
    """Does a gold NAM mention look like what an NER model returns: a name, not a description?

    MEANTIME's NAM mentions include phrases like "Irish low cost airline , Ryanair" and
    "Boeing and Lockheed Martin"; those are left out.
    """
    words = surface.split()
    if not words or len(words) > 6 or any(w in {",", "(", ")", "'s", "and", "``", "''"} for w in words):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _PARTICLES or w in {"-", "."} for w in words)


def pairwise(assign: list[tuple[str, str]]) -> PRF:
    """Pairwise scores for ``(gold cluster, predicted cluster)`` per mention."""
    def pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    both = pairs(Counter(assign))
    pred = pairs(Counter(p for _, p in assign))
    gold = pairs(Counter(g for g, _ in assign))
    return PRF(both, pred - both, gold - both)


def measure_meantime(base: Path) -> int:
    files = sorted(base.glob("corpus_*/*.xml"))
    if not files:
        print(f"no MEANTIME files under {base}", file=sys.stderr)
        return 2
    blank = BlankBackend()
    within, within_base, cross, cross_base, store_flow = [], [], [], [], []
    known = KnownEntities()
    seconds = 0.0
    n_mentions = 0
    for f in files:
        doc_id, text, gold = read_meantime(f)
        b = blank.process(text, "en")
        doc = Doc(text, "en", b.tokens, b.sentences, tuple(Span(s, e, lab) for s, e, lab, _, _ in gold))
        t0 = time.perf_counter()
        out = resolve(doc)
        seconds += time.perf_counter() - t0
        # the store's flow: keys against the entities of the articles stored before this one
        flow = dict(zip([(m.start, m.end) for m in out], mention_keys(out, known)))
        known = known.plus(KnownEntity(k, m.entity, m.label, 1) for m, k in zip(out, mention_keys(out, known))
                           if not m.refers_to)
        for s, e, lab, ent, inst in gold:
            # the output mention for this gold span: same end (determiners may be trimmed), else overlapping
            m = next((m for m in out if m.end == e and m.start >= s), None) or next(
                (m for m in out if m.start < e and s < m.end), None)
            n_mentions += 1
            pred_name = m.entity if m is not None else f"<missing {s}>"
            pred_label = m.label if m is not None else lab
            surface = normalise(text[s:e])
            within.append((f"{doc_id}/{ent}", f"{doc_id}/{pred_name}"))
            within_base.append((f"{doc_id}/{ent}", f"{doc_id}/{surface}"))
            if inst:
                key = (m.refers_to and entity_key(m.refers_to, "LOC")) if m is not None and m.refers_to else None
                cross.append((inst, key or entity_key(pred_name, pred_label)))
                cross_base.append((inst, f"{lab}:{surface}"))
                store_flow.append((inst, flow.get((m.start, m.end)) if m is not None else f"<missing {s}>"))
    rows = [("within article", pairwise(within), pairwise(within_base)),
            ("across articles", pairwise(cross), pairwise(cross_base)),
            ("store flow", pairwise(store_flow), pairwise(cross_base))]
    print(f"MEANTIME English: {len(files)} articles, {n_mentions} name-like gold NAM mentions "
          f"({len(cross)} with a cross-document instance); resolve() took {seconds:.2f} s in total")
    print(f"{'':16} {'kroniek P/R/F1':>24} {'same-text baseline P/R/F1':>30}")
    for name, ours, bl in rows:
        print(f"{name:16} {ours.precision:8.3f} {ours.recall:7.3f} {ours.f1:7.3f} {bl.precision:12.3f} {bl.recall:7.3f} {bl.f1:7.3f}")
    return 0


DAC_LABELS = {"person": "PER", "location": "LOC", "organisation": "ORG", "other": "MISC"}


def measure_dac(path: Path) -> int:
    import json

    items = json.loads(path.read_text(encoding="utf-8"))["instances"]
    by_article: dict[str, list[dict]] = {}
    for it in items:
        if it.get("ne_type") in DAC_LABELS and it.get("ne_string", "").strip():
            by_article.setdefault(it["url"], []).append(it)
    blank = BlankBackend()
    rows = []  # (gold link, canonical name, label, refers_to, surface)
    for mentions in by_article.values():
        text, spans = "Volgens", []
        for it in mentions:
            text += " , "
            s = len(text)
            text += " ".join(it["ne_string"].split())
            spans.append((s, len(text), DAC_LABELS[it["ne_type"]], it))
        text += " ."
        b = blank.process(text, "nl")
        out = resolve(Doc(text, "nl", b.tokens, b.sentences, tuple(Span(s, e, lab) for s, e, lab, _ in spans)))
        for s, e, lab, it in spans:
            link = (it.get("links") or ["none"])[0]
            if link == "none":
                continue
            m = next((m for m in out if m.start < e and s < m.end), None)
            rows.append((link, m.entity if m else text[s:e], m.label if m else lab, m.refers_to if m else None,
                         text[s:e], lab))
    keys = resolve_archive([(name, lab) for _, name, lab, ref, _, _ in rows if not ref], KnownEntities())
    ours, base = [], []
    for link, name, lab, ref, surface, gold_lab in rows:
        ours.append((link, entity_key(ref, "LOC") if ref else keys[(" ".join(name.split()), lab)]))
        base.append((link, f"{gold_lab}:{normalise(surface)}"))
    names_only = [i for i, r in enumerate(rows) if not r[3]]
    print(f"KB DAC ({path.name}): {len(by_article)} articles, {len(rows)} linked mentions, "
          f"{len(rows) - len(names_only)} of them nationality words")
    for title, idx in (("all mentions", range(len(rows))), ("names only", names_only)):
        a, b = pairwise([ours[i] for i in idx]), pairwise([base[i] for i in idx])
        print(f"{title:16} {a.precision:8.3f} {a.recall:7.3f} {a.f1:7.3f} "
              f"{b.precision:12.3f} {b.recall:7.3f} {b.f1:7.3f}")
    return 0


def measure_conll(path: Path) -> int:
    from ..ner.conll import chunks, read_conll
    from ..nlp.tokens import Sentence, Token
    from .lexicon import words
    from .spans import TokenIndex, nationality_mentions, role_compounds

    from ..ner import load_ner

    tagger = load_ner("nl")
    regions: dict[int, list[tuple[int, int]]] = {}
    ner_raw: set = set()
    ner_resolved: set = set()
    nat_found = nat_tp = 0
    gold_all: set = set()
    pred_all: set = set()
    single_misc: set = set()
    seconds = 0.0
    for d, document in enumerate(read_conll(path)):
        text, toks, sents, gold = "", [], [], set()
        for sent in document.sentences:
            first = len(toks)
            for w in sent.words:
                if toks and not text.endswith("\n\n"):
                    text += " "
                toks.append(Token(w, len(text), len(text) + len(w)))
                text += w
            sents.append(Sentence(toks[first].start, toks[-1].end, first, len(toks)))
            for a, b, lab in chunks(sent.tags):
                gold.add((toks[first + a].start, toks[first + b - 1].end, lab))
            text += "\n\n"
        doc = Doc(text, "nl", tuple(toks), tuple(sents), tuple(Span(s, e, lab) for s, e, lab in sorted(gold)))
        nats = {(c.start, c.end, "MISC") for c in nationality_mentions(TokenIndex(doc), words("nl"), "nl")}
        regions[d] = role_compounds(TokenIndex(doc), words("nl"), "nl", ())[1]
        nat_found += len(nats)
        nat_tp += len(nats & gold)
        single_misc |= {(d, *g) for g in gold if g[2] == "MISC" and " " not in text[g[0]:g[1]]}
        t0 = time.perf_counter()
        out = resolve(doc)
        seconds += time.perf_counter() - t0
        gold_all |= {(d, *g) for g in gold}
        pred_all |= {(d, m.start, m.end, m.label) for m in out}
        if tagger is not None:
            ents = tuple(tagger.predict(text, toks, sents))
            ner_raw |= {(d, e.start, e.end, e.label) for e in ents}
            ner_doc = Doc(text, "nl", tuple(toks), tuple(sents), ents)
            ner_resolved |= {(d, m.start, m.end, m.label) for m in resolve(ner_doc)}
    nat = PRF(nat_tp, nat_found - nat_tp, 0)
    res = PRF(len(gold_all & pred_all), len(pred_all - gold_all), len(gold_all - pred_all))
    print(f"CoNLL-2002 nl ({path.name}): nationality lexicon alone: {nat_found} found, precision "
          f"{nat.precision:.3f} against gold MISC spans ({len(single_misc)} gold one-word MISC spans in all)")
    print(f"gold spans through resolve(): P {res.precision:.3f} R {res.recall:.3f} F1 {res.f1:.3f} "
          f"({res.tp} kept, {res.fp} added or changed, {res.fn} lost); resolve() took {seconds:.2f} s")
    if tagger is not None:
        for title, pred in (("shipped NER, raw spans", ner_raw), ("shipped NER + resolve()", ner_resolved)):
            r = PRF(len(gold_all & pred), len(pred - gold_all), len(gold_all - pred))
            print(f"{title:26} P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}")
        # CoNLL tags a role compound as one MISC span ("PvdA-leider"); kroniek splits it on purpose
        def outside(items: set) -> set:
            return {x for x in items if not any(a < x[2] and x[1] < b for a, b in regions.get(x[0], ()))}

        g = outside(gold_all)
        for title, pred in (("  outside role compounds: raw", ner_raw), ("  outside role compounds: + resolve()",
                                                                          ner_resolved)):
            p = outside(pred)
            r = PRF(len(g & p), len(p - g), len(g - p))
            print(f"{title:38} P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}")
    return 0


def measure_speed(path: Path) -> int:
    """Time resolve() alone on the DPG Media articles: rules only, then with the shipped NER's spans."""
    import json

    from ..nlp.backend import load_backend

    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    chars = sum(len(t) for t in texts)
    backends = [("rules only (blank backend)", BlankBackend())]
    from ..ner import load_ner

    if load_ner("nl") is not None:
        backends.append(("with the shipped NER's spans", load_backend("kroniek")))
    for title, backend in backends:
        docs = [backend.process(t, "nl") for t in texts]
        t0 = time.perf_counter()
        n = sum(len(resolve(d)) for d in docs)
        dt = time.perf_counter() - t0
        raw = sum(len(d.ents) for d in docs)
        print(f"DPG Media, {len(docs)} articles, {chars} chars, {title}: {raw} raw spans -> {n} mentions; "
              f"resolve() {dt:.2f} s ({1000 * dt / len(docs):.2f} ms per article)")
    return 0


def main(argv: list[str]) -> int:
    base = Path(argv[0]) if argv else Path(__file__).resolve().parents[4] / "shared" / "data"
    rc = measure_meantime(base / "meantime-en")
    for name in ("tve.json", "test-clean.json"):
        if (base / "kb-dac-entity-links-nl" / name).exists():
            rc = rc or measure_dac(base / "kb-dac-entity-links-nl" / name)
    if (base / "conll2002-nl" / "ned.testa").exists():
        rc = rc or measure_conll(base / "conll2002-nl" / "ned.testa")
    dpg = base / "dpgmedia2019-nl" / "dpgMedia2019-articles-byarticle-all.jsonl"
    if dpg.exists():
        rc = rc or measure_speed(dpg)
    return rc


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
