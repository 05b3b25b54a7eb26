"""Events on the seed article and on small hand-made texts (annotations built by hand)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from kroniek.dates import parse_published
from kroniek.events.annotate import annotate
from kroniek.events.lexicon import load_lexicon
from kroniek.model import Annotation, Article, EntityMention, Event, Quote, Timex, record_from_dict
from kroniek.nlp.backend import BlankBackend

NAMES = [  # (pattern, label, canonical)
    (r"Donald Trump|Trump", "PER", "Donald Trump"),
    (r"Vladimir Poetin|Poetin", "PER", "Vladimir Poetin"),
    (r"John Bolton", "PER", "John Bolton"),
    (r"Dan Coates", "PER", "Dan Coates"),
    (r"Sarah Sanders", "PER", "Sarah Sanders"),
    (r"Helsinki", "LOC", "Helsinki"),
    (r"Washington", "LOC", "Washington"),
    (r"Rusland", "LOC", "Rusland"),
    (r"\bVS\b", "LOC", "Verenigde Staten"),
    (r"Witte Huis(?!-)", "ORG", "Witte Huis"),
    (r"Senaat", "ORG", "Senaat"),
    (r"Congres", "ORG", "Congres"),
]


def entities_by_hand(text: str) -> tuple[EntityMention, ...]:
    out, taken = [], set()
    for pattern, label, canonical in NAMES:
        for m in re.finditer(pattern, text):
            if taken.intersection(range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            out.append(EntityMention(m.group(), m.start(), m.end(), label, canonical))
    for m in re.finditer(r"Amerikaanse|Russische", text):
        country = "Verenigde Staten" if m.group().startswith("A") else "Rusland"
        out.append(EntityMention(m.group(), m.start(), m.end(), "MISC", m.group()[:-1], refers_to=country))
    return tuple(sorted(out, key=lambda e: e.start))


def timex(text: str, phrase: str, type_: str, value: str, earliest=None, latest=None, nth: int = 0) -> Timex:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Timex(phrase, start, start + len(phrase), type_, value, earliest, latest)


def seed_timexes(text: str) -> tuple[Timex, ...]:
    d = date
    week = (d(2018, 7, 16), d(2018, 7, 22))
    return (
        timex(text, "eerder deze week", "DATE", "2018-W29", *week),
        timex(text, "het najaar", "DATE", "2018-FA", d(2018, 9, 1), d(2018, 11, 30)),
        timex(text, "donderdagavond", "TIME", "2018-07-19TEV", d(2018, 7, 19), d(2018, 7, 19)),
        timex(text, "vorige maandag", "DATE", "2018-07-16", d(2018, 7, 16), d(2018, 7, 16)),
        timex(text, "begin deze week", "DATE", "2018-W29", *week),
        timex(text, "twee uur", "DURATION", "PT2H"),
        timex(text, "2016", "DATE", "2016", d(2016, 1, 1), d(2016, 12, 31)),
        timex(text, "november", "DATE", "2018-11", d(2018, 11, 1), d(2018, 11, 30)),
    )


def seed_quotes(text: str) -> tuple[Quote, ...]:
    content = "Ik heb geen idee van wat er tijdens die meeting is gebeurd"
    cs = text.index(content)
    cue = text.index("zei inlichtingenbaas")
    return (Quote("direct", content, cs, cs + len(content), "zei", cue, "inlichtingenbaas Dan Coates",
                  text.index("inlichtingenbaas"), "Dan Coates"),)


@pytest.fixture(scope="module")
def seed_events(seed_article) -> tuple[Event, ...]:
    article = replace(seed_article, published=parse_published("2018-07-20"))
    text = article.text
    doc = BlankBackend().process(text, "nl")
    ann = Annotation(article=article, published=article.published, lang="nl", entities=entities_by_hand(text),
                     timexes=seed_timexes(text), quotes=seed_quotes(text))
    return annotate(doc, ann).events


def run(text: str, lang: str, published: str | None, ents=(), timexes=(), quotes=()) -> tuple[Event, ...]:
    article = Article("t", text, published=parse_published(published), lang=lang)
    doc = BlankBackend().process(text, lang)
    ann = Annotation(article=article, published=article.published, lang=lang, entities=tuple(ents),
                     timexes=tuple(timexes), quotes=tuple(quotes))
    return annotate(doc, ann).events


def ent(text: str, name: str, label: str, canonical: str | None = None, nth: int = 0) -> EntityMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return EntityMention(name, start, start + len(name), label, canonical or name)


def who(e: Event) -> set[str]:
    return {p.entity for p in e.participants if p.entity}


# ---- the seed --------------------------------------------------------------------------------------
def test_seed_helsinki_meeting(seed_events):
    helsinki = [e for e in seed_events if e.type == "meeting" and e.place_entity == "Helsinki"]
    assert len(helsinki) == 1, [(e.trigger, e.place_entity, e.modality) for e in seed_events]
    e = helsinki[0]
    assert {"Donald Trump", "Vladimir Poetin"} <= who(e)
    assert e.modality == "happened"
    assert e.time_anchor == "timex"
    assert e.time_earliest == e.time_latest == date(2018, 7, 16)
    assert e.duration == "PT2H"
    # the summit is named several times: "ontmoeting", "eerste top", "spraken elkaar", "die meeting", ...
    triggers = [m.trigger for m in e.mentions]
    assert len(triggers) >= 4
    assert "spraken elkaar" in triggers and "top" in triggers
    assert e.sentence.startswith("Na hun ontmoeting")


def test_seed_proposed_washington_summit(seed_events):
    planned = [e for e in seed_events if e.modality == "planned" and e.place_entity == "Washington"]
    assert len(planned) == 1
    e = planned[0]
    assert e.type in ("meeting", "visit")
    assert e.time_value == "2018-FA"
    assert "Vladimir Poetin" in who(e)
    assert any(m.trigger == "bezoek" for m in e.mentions)
    # the new summit is never merged into the Helsinki one, and is one event however often it is named
    assert not any(m.modality == "happened" for m in e.mentions)
    assert [x for x in seed_events if x.type == "meeting" and x.modality == "planned"] == [e]
    assert {"topontmoeting", "top", "bezoek", "samenzitten"} <= {m.trigger for m in e.mentions}


def test_seed_demonstratives_and_pronouns(seed_events):
    helsinki = next(e for e in seed_events if e.place_entity == "Helsinki")
    assert "meeting" in [m.trigger for m in helsinki.mentions]  # "tijdens die meeting"
    approval = next(e for e in seed_events if e.type == "approval")  # "omdat hij ... leek in te stemmen"
    assert approval.participants[0].text == "hij" and approval.participants[0].entity == "Donald Trump"


def test_seed_senate_rejection(seed_events):
    rejections = [e for e in seed_events if e.type == "rejection"]
    assert len(rejections) == 1
    e = rejections[0]
    assert e.trigger == "wees"
    assert e.participants[0].role == "agent" and e.participants[0].entity == "Senaat"
    assert e.modality == "happened"
    assert e.time_anchor == "publication" and e.time_earliest == date(2018, 7, 20)
    assert "De Senaat wees dat onmiddellijk" in e.sentence


def test_seed_request_denial_and_statement(seed_events):
    request = next(e for e in seed_events if e.type == "request")
    assert request.trigger == "verzoek"
    assert any(p.role == "agent" and p.entity == "Vladimir Poetin" for p in request.participants)
    denial = next(e for e in seed_events if e.type == "denial")
    assert any(p.role == "agent" and p.entity == "Vladimir Poetin" for p in denial.participants)
    statement = next(e for e in seed_events if e.type == "statement")
    assert statement.trigger == "zei" and who(statement) == {"Dan Coates"}
    assert statement.time_value == "2018-07-19" or statement.time_anchor == "publication"


def test_seed_election_place_from_adjective(seed_events):
    e = next(e for e in seed_events if e.trigger == "presidentsverkiezingen")
    assert e.type == "election"
    assert e.place_entity == "Verenigde Staten"
    assert e.time_value == "2016" and e.modality == "happened"
    midterms = next(e for e in seed_events if e.trigger == "verkiezingen")
    assert midterms.time_value == "2018-11" and midterms.modality == "planned"


def test_seed_record_round_trip(seed_events):
    for e in seed_events:
        d = e.to_dict()
        assert record_from_dict(Event, d) == e
        assert all(isinstance(m["time_earliest"], (str, type(None))) for m in d["mentions"])


# ---- small texts -----------------------------------------------------------------------------------
def test_between_x_and_y_and_publication_anchor():
    text = "Er komt een nieuwe top tussen Poetin en Trump in Wenen."
    evs = run(text, "nl", "2018-07-20", [ent(text, "Poetin", "PER"), ent(text, "Trump", "PER"),
                                          ent(text, "Wenen", "LOC")])
    (e,) = evs
    assert e.type == "meeting" and e.modality == "planned"
    assert {p.role for p in e.participants} == {"co-participant"} and who(e) == {"Poetin", "Trump"}
    assert e.place_entity == "Wenen"
    assert e.time_anchor == "publication" and e.time_value == "2018-07-20"


def test_separable_verb_needs_its_particle():
    yes = "De Kamer stemde gisteren in met het plan."
    no = "De Kamer stemde gisteren in de avond over het plan."
    e1 = run(yes, "nl", "2018-07-20", [ent(yes, "Kamer", "ORG")])
    e2 = run(no, "nl", "2018-07-20", [ent(no, "Kamer", "ORG")])
    assert [e.type for e in e1] == ["approval"] and who(e1[0]) == {"Kamer"}
    assert not any(e.type == "approval" for e in e2)


def test_negation_and_hypothetical():
    text = "Merkel ontmoette Macron niet. Als Rutte aftreedt, komen er verkiezingen."
    evs = run(text, "nl", "2019-03-01", [ent(text, "Merkel", "PER"), ent(text, "Macron", "PER"),
                                         ent(text, "Rutte", "PER")])
    meeting = next(e for e in evs if e.type == "meeting")
    assert meeting.modality == "denied"
    assert meeting.participants[0].entity == "Merkel" and meeting.participants[0].role == "agent"
    assert ("co-participant", "Macron") in {(p.role, p.entity) for p in meeting.participants}
    resignation = next(e for e in evs if e.type == "resignation")
    assert resignation.trigger == "aftreedt" and resignation.modality == "hypothetical"
    assert who(resignation) == {"Rutte"}
    election = next(e for e in evs if e.type == "election")  # the main clause of the conditional
    assert election.modality == "hypothetical"


def test_english_meeting_and_statement_from_quote():
    text = 'Biden met Xi in Bali on Monday. "We talked for three hours," Biden said.'
    monday = timex(text, "Monday", "DATE", "2022-11-14", date(2022, 11, 14), date(2022, 11, 14))
    dur = timex(text, "three hours", "DURATION", "PT3H")
    content = "We talked for three hours,"
    q = Quote("direct", content, text.index(content), text.index(content) + len(content), "said",
              text.index("said"), "Biden", text.index("Biden", 20), "Joe Biden")
    evs = run(text, "en", "2022-11-16",
              [ent(text, "Biden", "PER", "Joe Biden"), ent(text, "Xi", "PER", "Xi Jinping"), ent(text, "Bali", "LOC"),
               ent(text, "Biden", "PER", "Joe Biden", nth=1)], [monday, dur], [q])
    meeting = next(e for e in evs if e.type == "meeting")
    assert who(meeting) == {"Joe Biden", "Xi Jinping"}
    assert meeting.participants[0].entity == "Joe Biden" and meeting.participants[0].role == "agent"
    assert meeting.place_entity == "Bali" and meeting.time_value == "2022-11-14"
    assert meeting.modality == "happened"
    statement = next(e for e in evs if e.type == "statement")
    assert statement.trigger == "said" and who(statement) == {"Joe Biden"}
    assert statement.content == content


def test_pronoun_subject_resolves_to_previous_person():
    text = "Trump sprak met Bolton. Hij wil in het najaar een bezoek brengen aan Moskou."
    evs = run(text, "nl", "2018-07-20", [ent(text, "Trump", "PER"), ent(text, "Bolton", "PER"),
                                         ent(text, "Moskou", "LOC")])
    visit = next(e for e in evs if e.type == "visit")
    assert visit.participants[0].entity == "Bolton" and visit.participants[0].text == "Hij"
    assert visit.place_entity == "Moskou" and visit.modality == "planned"


def test_unknown_language_gives_no_events():
    assert load_lexicon("xx") is None
    assert run("Una reunión en Madrid.", "es", None) == ()


def test_lexicons_are_data_for_both_languages():
    for lang in ("nl", "en"):
        lex = load_lexicon(lang)
        types = {t.type for trigs in lex.by_first.values() for t in trigs}
        assert {"meeting", "visit", "denial", "criticism", "request", "rejection", "approval", "announcement",
                "election", "attack", "hack", "arrest", "resignation"} <= types
    nl = load_lexicon("nl")
    assert any(t.particle == "af" and t.type == "rejection" for t in nl.by_first["wees"])


def test_compound_only_forms():
    study = "Uit het onderzoek blijkt dat stellen tevreden zijn."
    police = "Het politieonderzoek naar de fraude loopt nog. Justitie startte een onderzoek naar Jansen."
    assert not any(e.type == "investigation" for e in run(study, "nl", "2019-02-01"))
    evs = run(police, "nl", "2019-02-01", [ent(police, "Jansen", "PER")])
    assert sorted(m.trigger for e in evs if e.type == "investigation" for m in e.mentions) == [
        "onderzoek naar", "politieonderzoek"]


def test_subject_across_apposition_and_relative_pronoun():
    text = "Airbus, the maker of the A380, has won the contest. Qatar Airways, which chose the A350, is pleased."
    evs = run(text, "en", "2008-03-01", [ent(text, "Airbus", "ORG"), ent(text, "Qatar Airways", "ORG"),
                                         ent(text, "A380", "MISC"), ent(text, "A350", "MISC")])
    won = next(e for e in evs if e.trigger == "won")
    assert won.participants[0].role == "agent" and won.participants[0].entity == "Airbus"
    chose = next(e for e in evs if e.trigger == "chose")
    assert chose.participants[0].role == "agent" and chose.participants[0].entity == "Qatar Airways"
