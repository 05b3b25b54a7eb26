"""Export the stored event graph: JSON Lines, CSV, or RDF (Turtle, JSON-LD) in the Simple Event Model.

RDF follows the NewsReader use of SEM (http://semanticweb.cs.vu.nl/2009/11/sem/): every merged event
is a ``sem:Event`` with ``sem:hasActor`` (refined by kroniek role properties), ``sem:hasPlace``,
``sem:hasTime`` (a ``sem:Time`` node) and ``sem:hasBeginTimeStamp``/``sem:hasEndTimeStamp``; its
mentions are linked with ``gaf:denotedBy`` as ``<article>#char=start,end`` (the GAF convention).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, Iterable, TextIO
from urllib.parse import quote

import click

from .store import describe, events

SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
GAF = "http://groundedannotationframework.org/gaf#"
KR = "https://w3id.org/kroniek/ns#"
WIKIDATA = "http://www.wikidata.org/entity/"
DEFAULT_BASE = "https://w3id.org/kroniek/archive/"
ROLE_PROPERTIES = {"agent": "hasAgent", "patient": "hasPatient", "co-participant": "hasCoParticipant"}

CSV_COLUMNS = ["event_id", "type", "modality", "earliest", "latest", "time_value", "time_anchor", "duration", "place",
               "participants", "reports", "mentions", "sources", "article_ids", "trigger", "evidence"]


def export_record(e: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a plain JSON-ready record."""
    return {
        "event_id": e["id"], "type": e["type"], "modality": e["modality"],
        "earliest": e["earliest"], "latest": e["latest"], "time_value": e["time_value"],
        "time_anchor": e["time_anchor"], "duration": e["duration"],
        "place": e.get("place_name") or e["place"], "place_entity_id": e["place_entity_id"],
        "participants": e["participants"],
        "reports": e["reports"], "mentions": e["mentions"], "sources": e["sources"],
        "article_ids": e["article_ids"], "trigger": e["trigger_text"], "evidence": e["sentence"],
        "content": e["content"] if e["type"] == "statement" else None,
        "description": describe(e),
        "mention_list": [
            {k: m[k] for k in ("article_id", "source", "type", "modality", "trigger_text", "trigger_start",
                               "trigger_end", "sentence", "time_anchor", "time_value", "earliest", "latest",
                               "duration", "place")}
            for m in e.get("mention_list", [])],
    }


def write_jsonl(evs: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for e in evs:
        out.write(json.dumps(export_record(e), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(evs: Iterable[dict[str, Any]], out: TextIO) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for e in evs:
        r = export_record(e)
        r["participants"] = "; ".join(f"{p['name']} ({p['role']})" for p in r["participants"])
        r["article_ids"] = " ".join(r["article_ids"])
        w.writerow(r)
        n += 1
    return n


def to_graph(evs: Iterable[dict[str, Any]], base: str = DEFAULT_BASE):
    """The events as an rdflib Graph in the Simple Event Model."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, XSD

    sem, gaf, kr = Namespace(SEM), Namespace(GAF), Namespace(KR)
    g = Graph()
    for prefix, ns in (("sem", sem), ("gaf", gaf), ("kr", kr), ("owl", OWL), ("rdfs", RDFS), ("xsd", XSD)):
        g.bind(prefix, ns)
    for role, prop in ROLE_PROPERTIES.items():
        g.add((kr[prop], RDFS.subPropertyOf, sem.hasActor))

    def entity(eid: int | None, name: str, wikidata: str | None, cls) -> URIRef | BNode:
        node = URIRef(f"{base}entity/{eid}") if eid is not None else BNode()
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(name)))
        if wikidata:
            g.add((node, OWL.sameAs, URIRef(WIKIDATA + wikidata)))
        return node

    for e in evs:
        ev = URIRef(f"{base}event/{e['id']}")
        g.add((ev, RDF.type, sem.Event))
        g.add((ev, RDFS.label, Literal(describe(e))))
        g.add((ev, sem.eventType, kr[_camel(e["type"])]))
        g.add((kr[_camel(e["type"])], RDF.type, sem.EventType))
        g.add((kr[_camel(e["type"])], RDFS.label, Literal(e["type"])))
        g.add((ev, kr.modality, Literal(e["modality"])))
        for key in ("reports", "mentions", "sources"):
            g.add((ev, kr[key], Literal(int(e[key]), datatype=XSD.integer)))
        for p in e["participants"]:
            actor = entity(p["entity_id"], p["name"], p.get("wikidata"), sem.Actor)
            g.add((ev, sem.hasActor, actor))
            g.add((ev, kr[ROLE_PROPERTIES.get(p["role"], "hasCoParticipant")], actor))
        if e["place_entity_id"] is not None or e["place"]:
            place = entity(e["place_entity_id"], e.get("place_name") or e["place"], e.get("place_wikidata"), sem.Place)
            g.add((ev, sem.hasPlace, place))
        if e["earliest"] or e["time_value"]:
            t = URIRef(f"{base}event/{e['id']}/time")
            g.add((t, RDF.type, sem.Time))
            g.add((ev, sem.hasTime, t))
            if e["time_value"]:
                g.add((t, RDFS.label, Literal(e["time_value"])))
            g.add((t, kr.anchor, Literal(e["time_anchor"])))
            for prop, key in ((sem.hasBeginTimeStamp, "earliest"), (sem.hasEndTimeStamp, "latest")):
                if e[key]:
                    g.add((ev, prop, Literal(e[key], datatype=XSD.date)))
                    g.add((t, prop, Literal(e[key], datatype=XSD.date)))
        if e["duration"]:
            g.add((ev, kr.duration, Literal(e["duration"], datatype=XSD.duration)))
        for m in e.get("mention_list", []):
            art = f"{base}article/{quote(str(m['article_id']), safe='')}"
            g.add((ev, gaf.denotedBy, URIRef(f"{art}#char={m['trigger_start']},{m['trigger_end']}")))
    return g


def _camel(s: str) -> str:
    return "".join(w.capitalize() for w in s.replace("-", " ").split())


JSONLD_CONTEXT = {"sem": SEM, "gaf": GAF, "kr": KR, "owl": "http://www.w3.org/2002/07/owl#",
                  "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


def write_rdf(evs: Iterable[dict[str, Any]], out: TextIO, fmt: str, base: str = DEFAULT_BASE) -> int:
    evs = list(evs)
    g = to_graph(evs, base)
    if fmt == "turtle":
        out.write(g.serialize(format="turtle"))
    else:
        out.write(g.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1))
    return len(evs)


def export(store, fmt: str, out: TextIO, *, entity: str | None = None, since: str | None = None,
           until: str | None = None, base: str = DEFAULT_BASE) -> int:
    """Write the store's merged events to ``out`` in ``fmt``; returns the number of events."""
    if not store._has_table("events"):
        evs: list[dict[str, Any]] = []
    else:
        ids = store.entity_ids(entity) if entity else None
        evs = events(store, entity_ids=ids, since=since, until=until)
    if fmt == "jsonl":
        return write_jsonl(evs, out)
    if fmt == "csv":
        return write_csv(evs, out)
    return write_rdf(evs, out, fmt, base)


@click.command("export")
@click.option("--db", envvar="KRONIEK_DB", default="kroniek.db", show_default=True,
              help="Store: a SQLite file path or a postgresql:// URL (env KRONIEK_DB).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "turtle", "jsonld"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Output file (default: stdout).")
@click.option("--entity", default=None, help="Only events with this entity as participant or place.")
@click.option("--since", default=None, help="Only events that may fall on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Only events that may fall on or before this date (YYYY-MM-DD).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for events and entities (RDF).")
def command(db: str, fmt: str, out: str | None, entity: str | None, since: str | None, until: str | None,
            base: str) -> None:
    """Export merged events with participants, times, places and report counts."""
    import os

    from ..errors import KroniekError
    from ..store import open_store

    path = db[len("sqlite:///"):] if db.startswith("sqlite:///") else db
    if not db.startswith(("postgresql:", "postgres:")) and not os.path.exists(path):
        raise click.ClickException(f"no store at {path}; run `kroniek add PATH... --db {db}` first")
    try:
        store = open_store(db, readonly=True)
        buf = io.StringIO()
        n = export(store, fmt, buf, entity=entity, since=since, until=until, base=base)
        store.close()
    except KroniekError as exc:
        raise click.ClickException(str(exc)) from None
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
        click.echo(f"{n} events written to {out}", err=True)
    else:
        sys.stdout.write(buf.getvalue())


if __name__ == "__main__":  # pragma: no cover
    command()
