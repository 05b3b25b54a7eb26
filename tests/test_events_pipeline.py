"""Events from the full pipeline (entities, time expressions, quotes, events) on the seed article."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kroniek.dates import parse_published
from kroniek.pipeline import Pipeline
from kroniek.settings import Settings


@pytest.fixture(scope="module", params=["blank", "kroniek"])
def ann(request, seed_article):
    """The seed through every annotator, with the built-in NER model ("kroniek") and without ("blank")."""
    article = replace(seed_article, published=parse_published("2018-07-20"))
    return Pipeline(Settings(lang="nl", nlp=request.param)).annotate(article)


def test_pipeline_helsinki_meeting(ann):
    happened = [e for e in ann.events if e.type == "meeting" and e.modality == "happened"]
    assert len(happened) == 1
    e = happened[0]
    assert e.time_earliest == e.time_latest == date(2018, 7, 16)
    assert e.duration == "PT2H"
    assert len(e.mentions) >= 4
    names = {m.entity for m in ann.entities}
    if "Helsinki" in names:
        assert e.place_entity == "Helsinki"
    if {"Donald Trump", "Vladimir Poetin"} <= names:
        assert {"Donald Trump", "Vladimir Poetin"} <= {p.entity for p in e.participants}


def test_pipeline_planned_summit_and_rejection(ann):
    planned = [e for e in ann.events if e.type == "meeting" and e.modality == "planned"]
    assert len(planned) == 1
    assert planned[0].time_value == "2018-FA"
    assert any(m.trigger == "bezoek" for m in planned[0].mentions)
    rejections = [e for e in ann.events if e.type == "rejection"]
    assert [e.trigger for e in rejections] == ["wees"]
    if "Senaat" in {m.entity for m in ann.entities}:
        assert rejections[0].participants[0].entity == "Senaat"


def test_pipeline_every_quote_is_a_statement(ann):
    from_quotes = [e for e in ann.events if e.content is not None]
    assert len(from_quotes) == len(ann.quotes)
    for e in from_quotes:
        assert e.type in ("statement", "announcement", "denial", "criticism", "request")
        assert e.modality == "happened"
