"""Evaluate events on MEANTIME English (NewsReader, CAT XML): event mentions, participants, modality.

Each CAT document is rebuilt as text (tokens joined by spaces, one blank line between the gold
sentences), dated with its creation time (the DCT), and run through the pipeline in English.

- Event mention F1: a predicted trigger matches a gold EVENT_MENTION when they share a token
  (one-to-one, in text order).
- Participant F1 (who did what): a predicted (event, participant) pair matches a gold
  HAS_PARTICIPANT link (PropBank Arg0-Arg4) when the events match and the participant span shares a
  token with the gold entity mention. Scored against all gold links and against the links whose
  participant is a named mention (syntactic type NAM), the ones a name-based system can reach.
  "labelled" also requires the role: Arg0 = agent, Arg1 = patient, other Args = co-participant.
- Modality accuracy on matched mentions: gold polarity NEG = denied, else time FUTURE = planned, else
  certainty POSSIBLE/PROBABLE = hypothetical, else happened.

``--entities gold`` replaces the entity annotator with the gold named mentions (an oracle for
the entity step, to separate event errors from entity errors).
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..dates import parse_published
from ..errors import KroniekError
from ..model import Annotation, Article, EntityMention, Event
from .common import PRF, prf, shared_data

ROLE = {"Arg0": "agent", "Arg1": "patient"}
CORE_ROLES = {"Arg0", "Arg1", "Arg2", "Arg3", "Arg4"}
LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "PRO": "MISC", "FIN": "MISC", "MIX": "MISC"}


@dataclass
class GoldDoc:
    doc_id: str
    name: str
    text: str
    dct: str | None
    tok_span: dict[str, tuple[int, int]]  # t_id -> char span
    events: dict[str, list[str]] = field(default_factory=dict)  # m_id -> token ids
    event_attrs: dict[str, dict[str, str]] = field(default_factory=dict)
    entities: dict[str, list[str]] = field(default_factory=dict)
    entity_type: dict[str, str] = field(default_factory=dict)  # entity mention m_id -> syntactic type
    entity_label: dict[str, str] = field(default_factory=dict)  # entity mention m_id -> PER/ORG/LOC/...
    participants: list[tuple[str, str, str]] = field(default_factory=list)  # (event m_id, entity m_id, role)


def read_cat(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, sent = 0, None
    for tok in root.iter("token"):
        s = tok.get("sentence")
        if sent is not None:
            sep = " " if s == sent else "\n\n"
            parts.append(sep)
            pos += len(sep)
        sent = s
        text = tok.text or ""
        spans[tok.get("t_id")] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    doc = GoldDoc(root.get("doc_id"), root.get("doc_name") or path.stem, "".join(parts), None, spans)
    marks = root.find("Markables")
    instance_type: dict[str, str] = {}
    for el in marks if marks is not None else []:
        anchors = [a.get("t_id") for a in el.findall("token_anchor")]
        mid = el.get("m_id")
        if el.tag == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
            doc.dct = el.get("value")
        elif el.tag == "EVENT_MENTION" and anchors:
            doc.events[mid] = anchors
            doc.event_attrs[mid] = dict(el.attrib)
        elif el.tag == "ENTITY_MENTION" and anchors:
            doc.entities[mid] = anchors
            doc.entity_type[mid] = el.get("syntactic_type", "")
        elif el.tag == "ENTITY":
            instance_type[mid] = el.get("ent_type", "")
    rels = root.find("Relations")
    for el in rels if rels is not None else []:
        src = el.find("source")
        tgt = el.find("target")
        if src is None or tgt is None:
            continue
        s, t = src.get("m_id"), tgt.get("m_id")
        if el.tag == "REFERS_TO" and s in doc.entities and t in instance_type:
            doc.entity_label[s] = LABELS.get(instance_type[t], "MISC")
        elif el.tag == "HAS_PARTICIPANT" and s in doc.events and t in doc.entities:
            doc.participants.append((s, t, el.get("sem_role", "")))
    return doc


def gold_entities(doc: GoldDoc) -> tuple[EntityMention, ...]:
    """The gold named mentions (NAM) as entity mentions, for the oracle setting."""
    out = []
    for mid, toks in doc.entities.items():
        if doc.entity_type.get(mid) != "NAM":
            continue
        a, b = doc.tok_span[toks[0]][0], doc.tok_span[toks[-1]][1]
        text = doc.text[a:b]
        out.append(EntityMention(text, a, b, doc.entity_label.get(mid, "ORG"), text))
    return tuple(sorted(out, key=lambda m: m.start))


def gold_modality(attrs: dict[str, str]) -> str:
    if attrs.get("polarity") == "NEG":
        return "denied"
    if attrs.get("time") == "FUTURE":
        return "planned"
    if attrs.get("certainty") in ("POSSIBLE", "PROBABLE"):
        return "hypothetical"
    return "happened"


def flat_mentions(events: tuple[Event, ...]) -> list[Event]:
    out = []
    for e in events:
        out.extend(e.mentions or (e,))
    return sorted(out, key=lambda m: m.trigger_start)


def tokens_in(doc: GoldDoc, start: int, end: int) -> set[str]:
    return {t for t, (a, b) in doc.tok_span.items() if a < end and start < b}


@dataclass
class Scores:
    events: PRF = PRF(0, 0, 0)
    parts_all: PRF = PRF(0, 0, 0)
    parts_named: PRF = PRF(0, 0, 0)
    parts_labelled: PRF = PRF(0, 0, 0)
    modality_right: int = 0
    modality_total: int = 0
    modality_majority: int = 0
    by_type: Counter = field(default_factory=Counter)
    docs: int = 0

    def __add__(self, o: "Scores") -> "Scores":
        return Scores(self.events + o.events, self.parts_all + o.parts_all, self.parts_named + o.parts_named,
                      self.parts_labelled + o.parts_labelled, self.modality_right + o.modality_right,
                      self.modality_total + o.modality_total, self.modality_majority + o.modality_majority,
                      self.by_type + o.by_type, self.docs + o.docs)

    def to_dict(self) -> dict[str, Any]:
        acc = self.modality_right / self.modality_total if self.modality_total else 0.0
        base = self.modality_majority / self.modality_total if self.modality_total else 0.0
        return {"docs": self.docs, "event_mentions": self.events.to_dict(),
                "participants_all": self.parts_all.to_dict(), "participants_named": self.parts_named.to_dict(),
                "participants_labelled": self.parts_labelled.to_dict(),
                "modality": {"accuracy": round(acc, 4), "matched": self.modality_total,
                             "all_happened_baseline": round(base, 4)},
                "predicted_types_matched": dict(self.by_type.most_common())}


def score_doc(doc: GoldDoc, ann: Annotation) -> Scores:
    preds = flat_mentions(ann.events)
    gold_tokens = {m: set(t) for m, t in doc.events.items()}
    match: dict[int, str] = {}
    used: set[str] = set()
    by_type: Counter = Counter()
    for n, p in enumerate(preds):
        toks = tokens_in(doc, p.trigger_start, p.trigger_end)
        for mid in sorted(gold_tokens, key=lambda m: min(int(t) for t in gold_tokens[m])):
            if mid not in used and gold_tokens[mid] & toks:
                match[n] = mid
                used.add(mid)
                by_type[p.type] += 1
                break
    ev = prf(len(match), len(preds), len(doc.events))
    # participants
    gold_pairs = [(e, t, r) for e, t, r in doc.participants if r in CORE_ROLES]
    named = [(e, t, r) for e, t, r in gold_pairs if doc.entity_type.get(t) == "NAM"]
    pred_pairs = []
    for n, p in enumerate(preds):
        for part in p.participants:
            pred_pairs.append((n, tokens_in(doc, part.start, part.end), part.role))

    def count(gold: list[tuple[str, str, str]], labelled: bool) -> int:
        taken: set[int] = set()
        tp = 0
        for n, toks, role in pred_pairs:
            g_event = match.get(n)
            if g_event is None:
                continue
            for i, (e, t, r) in enumerate(gold):
                if i in taken or e != g_event or not (set(doc.entities[t]) & toks):
                    continue
                if labelled and ROLE.get(r, "co-participant") != role:
                    continue
                taken.add(i)
                tp += 1
                break
        return tp

    s = Scores(ev, prf(count(gold_pairs, False), len(pred_pairs), len(gold_pairs)),
               prf(count(named, False), len(pred_pairs), len(named)),
               prf(count(gold_pairs, True), len(pred_pairs), len(gold_pairs)), by_type=by_type, docs=1)
    for n, mid in match.items():
        g = gold_modality(doc.event_attrs[mid])
        s.modality_total += 1
        s.modality_right += int(preds[n].modality == g)
        s.modality_majority += int(g == "happened")
    return s


def _pipeline(entities: str, nlp: str | None):
    from ..pipeline import Pipeline, load_annotator
    from ..settings import Settings

    names = []
    for name in ("entities", "timexes", "quotes", "events"):
        if name == "entities" and entities == "gold":
            continue
        try:
            load_annotator(name)
        except (ImportError, AttributeError) as exc:  # an annotator not yet available
            if name == "events":
                raise
            click.echo(f"note: annotator {name!r} unavailable ({exc}); running without it", err=True)
            continue
        names.append(name)
    settings = Settings(lang="en", annotators=tuple(names))
    if nlp:
        settings = settings.with_(nlp=nlp)
    return Pipeline(settings)


def evaluate(folder: Path, *, entities: str = "pipeline", nlp: str | None = None, corpus: str | None = None,
             limit: int | None = None) -> dict[str, Any]:
    pipe = _pipeline(entities, nlp)
    per_corpus: dict[str, Scores] = {}
    subdirs = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("corpus_"))
    if corpus:
        subdirs = [p for p in subdirs if p.name in (corpus, f"corpus_{corpus}")]
    if not subdirs:
        raise click.ClickException(f"no corpus_* folders in {folder}")
    for sub in subdirs:
        total = Scores()
        for path in sorted(sub.glob("*.xml"))[:limit]:
            doc = read_cat(path)
            art = Article(doc.doc_id, doc.text, title=doc.name, published=parse_published(_day(doc.dct)), lang="en")
            if entities == "gold":
                base = Annotation(article=art, published=art.published, lang="en", entities=gold_entities(doc))
                d = pipe.backend.process(art.text, "en")
                ann = base
                for _name, fn in pipe.annotators:
                    ann = fn(d, ann)
            else:
                ann = pipe.annotate(art)
            total = total + score_doc(doc, ann)
        per_corpus[sub.name] = total
    overall = sum(per_corpus.values(), Scores())
    return {"data": str(folder), "entities": entities,
            "corpora": {k: v.to_dict() for k, v in per_corpus.items()}, "overall": overall.to_dict()}


def _day(value: str | None) -> str | None:
    if not value:
        return None
    return value[:10] if len(value) >= 10 else value


def _line(name: str, d: dict[str, Any]) -> str:
    e, pa, pn, pl = d["event_mentions"], d["participants_all"], d["participants_named"], d["participants_labelled"]
    return (f"{name:<16} docs {d['docs']:>3}  events P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f}  "
            f"participants F1 {pa['f1']:.3f} (named {pn['f1']:.3f}, labelled {pl['f1']:.3f})  "
            f"modality acc {d['modality']['accuracy']:.3f} (all-happened {d['modality']['all_happened_baseline']:.3f})")


@click.command("events")
@click.option("--meantime", "folder", type=click.Path(exists=False, file_okay=False), default=None,
              help="MEANTIME English folder with corpus_* subfolders (default: ../shared/data/meantime-en).")
@click.option("--corpus", default=None, help="Only this sub-corpus (airbus, apple, ...).")
@click.option("--entities", type=click.Choice(["pipeline", "gold"]), default="pipeline", show_default=True,
              help="Entity mentions from the pipeline, or the gold named mentions (oracle).")
@click.option("--nlp", default=None, help="NLP backend (default: the settings' backend).")
@click.option("--limit", type=int, default=None, help="At most this many documents per sub-corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
def command(folder: str | None, corpus: str | None, entities: str, nlp: str | None, limit: int | None,
            as_json: bool) -> None:
    """Event mention F1, participant F1 and modality accuracy on MEANTIME English."""
    path = Path(folder) if folder else shared_data("meantime-en")
    if not path.is_dir():
        raise click.ClickException(f"MEANTIME folder not found: {path}")
    try:
        report = evaluate(path, entities=entities, nlp=nlp, corpus=corpus, limit=limit)
    except KroniekError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for name, d in report["corpora"].items():
        click.echo(_line(name, d))
    click.echo(_line("overall", report["overall"]))


if __name__ == "__main__":  # pragma: no cover
    command(sys.argv[1:])
