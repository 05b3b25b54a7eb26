"""Time expressions: recognition, TIMEX3 values and publication dates of any precision."""

from __future__ import annotations

from datetime import date

import pytest

from kroniek.dates import parse_published
from kroniek.model import Annotation, Article
from kroniek.nlp.backend import BlankBackend
from kroniek.timex.annotate import analyse, annotate
from kroniek.timex.archive import infer_from_archive
from kroniek.timex.tagger import day_range, tag
from kroniek.timex.values import easter, generalise, interval

SEED_EXPECTED = {  # publication day 2018-07-20 (a Friday)
    "eerder deze week": ("DATE", "2018-W29"),
    "het najaar": ("DATE", "2018-FA"),
    "donderdagavond": ("TIME", "2018-07-19TEV"),
    "vorige maandag": ("DATE", "2018-07-16"),
    "vandaag": ("DATE", "2018-07-20"),
    "november": ("DATE", "2018-11"),
    "twee uur": ("DURATION", "PT2H"),
    "2016": ("DATE", "2016"),
    "begin deze week": ("DATE", "2018-W29"),
    "Later deze week": ("DATE", "2018-W29"),
    "donderdag": ("DATE", "2018-07-19"),
}
TRUE_DAY = date(2018, 7, 20)


def _by_text(timexes):
    return {t.text: t for t in timexes}


def test_seed_against_a_day(seed_text):
    timexes, published, _ = analyse(seed_text, "nl", parse_published("2018-07-20"))
    got = _by_text(timexes)
    for text, (typ, value) in SEED_EXPECTED.items():
        assert text in got, f"missing {text!r}"
        assert (got[text].type, got[text].value) == (typ, value), text
    assert published.inferred is None  # a day needs no inference
    assert got["begin deze week"].mod == "START"
    for t in timexes:
        assert seed_text[t.start:t.end] == t.text


def test_seed_against_a_month_without_inference(seed_text):
    month = parse_published("2018-07")
    timexes, _, _ = analyse(seed_text, "nl", month, infer_day=False)
    got = _by_text(timexes)
    day_values = _by_text(analyse(seed_text, "nl", parse_published("2018-07-20"))[0])
    for text in SEED_EXPECTED:
        t = got[text]
        if t.type in ("DATE", "TIME"):
            truth = interval(day_values[text].value)
            assert t.earliest <= truth[0] and truth[1] <= t.latest, text
    # "vorige maandag" in a July 2018 article: a Monday between 2018-06-25 and 2018-07-30
    vm = got["vorige maandag"]
    assert (vm.earliest, vm.latest) == (date(2018, 6, 25), date(2018, 7, 30))
    assert vm.value == "2018-WXX-1"
    assert got["donderdagavond"].value == "2018-WXX-4TEV"
    assert got["vandaag"].value == "2018-07-XX"
    # absolute and month-level values do not depend on the day
    assert got["november"].value == "2018-11"
    assert got["het najaar"].value == "2018-FA"


def test_seed_month_inference_narrows_to_a_few_candidates(seed_text):
    timexes, published, _ = analyse(seed_text, "nl", parse_published("2018-07"))
    inf = published.inferred
    assert inf is not None and inf.evidence
    assert date(2018, 7, 1) <= inf.earliest <= TRUE_DAY <= inf.latest <= date(2018, 7, 31)
    cands = [e for e in inf.evidence if e.startswith("candidates:")]
    assert cands, inf.evidence
    listed = cands[0].split(":", 1)[1].split(",")
    assert "2018-07-20" in [c.strip() for c in listed]
    assert len(listed) < 31 // 2
    for t in timexes:  # every interval still contains what the expression means on the true day
        if t.type in ("DATE", "TIME") and t.earliest:
            assert t.earliest <= t.latest


def _annotation(id_, text, pub):
    p = parse_published(pub)
    timexes, published, _ = analyse(text, "nl", p)
    return Annotation(article=Article(id_, text, published=p, lang="nl"), published=published, timexes=timexes,
                      lang="nl")


def test_archive_makes_the_seed_day_2018_07_20(seed_text):
    seed = _annotation("seed", seed_text, "2018-07")
    other = _annotation("helsinki", "Trump en Poetin ontmoetten elkaar maandag in Helsinki voor hun eerste top.",
                        "2018-07-17")
    assert [t.value for t in other.timexes] == ["2018-07-16"]
    out = infer_from_archive(seed, [other])
    inf = out.published.inferred
    assert inf.value == "2018-07-20"
    assert date(2018, 7, 20) <= inf.earliest and inf.latest <= date(2018, 7, 22)
    assert any("helsinki" in e for e in inf.evidence)
    got = _by_text(out.timexes)
    assert got["vorige maandag"].value == "2018-07-16"
    # "vandaag" is the publication day: its value holds for every candidate day, its interval is theirs
    assert got["vandaag"].value == "2018-07-XX"
    assert (got["vandaag"].earliest, got["vandaag"].latest) == (inf.earliest, inf.latest)
    assert got["eerder deze week"].value == "2018-W29"


def test_archive_ignores_unrelated_articles(seed_text):
    seed = _annotation("seed", seed_text, "2018-07")
    other = _annotation("x", "De burgemeester van Utrecht opende maandag een nieuwe brug.", "2018-07-10")
    assert infer_from_archive(seed, [other]) == seed


def test_year_only_publication(seed_text):
    timexes, published, _ = analyse(seed_text, "nl", parse_published("2018"), infer_day=False)
    got = _by_text(timexes)
    assert got["2016"].value == "2016"
    vm = got["vorige maandag"]
    assert vm.value == "2018-WXX-1" or vm.value.startswith("XXXX")
    assert vm.earliest <= TRUE_DAY - (TRUE_DAY - date(2018, 7, 16)) <= vm.latest


def test_missing_publication_keeps_unknown_parts(seed_text):
    timexes, published, _ = analyse(seed_text, "nl", parse_published(None))
    got = _by_text(timexes)
    assert got["vorige maandag"].value == "XXXX-WXX-1"
    assert got["vorige maandag"].earliest is None
    assert got["november"].value == "XXXX-11"
    assert got["2016"].value == "2016" and got["2016"].earliest == date(2016, 1, 1)
    assert got["vandaag"].value == "XXXX-XX-XX"
    assert published.inferred is None


def test_missing_publication_day_stated_in_text():
    text = "Vandaag, 20 juli 2018, maakte het kabinet de plannen bekend."
    timexes, published, _ = analyse(text, "nl", parse_published(None))
    assert published.inferred is not None and published.inferred.value == "2018-07-20"
    assert _by_text(timexes)["Vandaag"].value == "2018-07-20"


@pytest.mark.parametrize("year,expected", [(2018, date(2018, 4, 1)), (2019, date(2019, 4, 21)),
                                           (2024, date(2024, 3, 31)), (2000, date(2000, 4, 23))])
def test_easter(year, expected):
    assert easter(year) == expected


@pytest.mark.parametrize("text,pub,value", [
    ("Met Pasen gaan we weg.", "2019-03-01", "2019-04-21"),
    ("Pinksteren valt laat.", "2019-03-01", "2019-06-09"),
    ("Op Koningsdag is het druk.", "2019-03-01", "2019-04-27"),
    ("Sinterklaas komt eraan.", "2018-11-20", "2018-12-05"),
    ("Met Kerstmis zijn we thuis.", "2018-11-20", "2018-12-25"),
    ("Het gebeurde in de jaren negentig.", "2019-03-01", "199"),
    ("Het was drie jaar geleden.", "2019-03-01", "2016"),
    ("Over twee weken beslist de raad.", "2019-03-07", "2019-W12"),
    ("Het begint om 14.30 uur.", "2019-03-07", "2019-03-07T14:30"),
    ("Gisteravond brandde het.", "2019-03-07", "2019-03-06TEV"),
    ("Vannacht werd ingebroken.", "2019-03-07", "2019-03-07TNI"),
    ("In het derde kwartaal groeide de omzet.", "2019-11-07", "2019-Q3"),
    ("Ze spraken vijftien minuten.", "2019-03-07", "PT15M"),
    ("Hij zat drie jaar vast.", "2019-03-07", "P3Y"),
    ("Het comité vergadert elke week.", "2019-03-07", "P1W"),
    ("Dat was 20/7 al bekend.", "2018-07-25", "2018-07-20"),
    ("In de zomer van '18 was het warm.", "2019-03-07", "2018-SU"),
    ("Het afgelopen vrijdag gesloten akkoord.", "2019-03-14", "2019-03-08"),
    ("Nu is het tijd voor actie.", "2019-03-07", "PRESENT_REF"),
    ("Vroeger was alles beter.", "2019-03-07", "PAST_REF"),
    ("Straks gaan we eten.", "2019-03-07", "FUTURE_REF"),
])
def test_dutch_values(text, pub, value):
    p = parse_published(pub)
    timexes, _, _ = analyse(text, "nl", p, infer_day=False)
    assert value in [t.value for t in timexes], [(t.text, t.value) for t in timexes]


def test_nu_as_conjunction_is_not_a_time():
    timexes, _, _ = analyse("Nu de zomer voorbij is, gaan de scholen weer open.", "nl",
                            parse_published("2019-09-02"), infer_day=False)
    assert "Nu" not in [t.text for t in timexes]


def test_bare_weekday_follows_tense():
    pub = parse_published("2019-03-13")  # a Wednesday
    past, _, _ = analyse("De minister zei vrijdag dat het plan doorgaat.", "nl", pub, infer_day=False)
    future, _, _ = analyse("De minister zal vrijdag het plan presenteren.", "nl", pub, infer_day=False)
    assert past[0].value == "2019-03-08"
    assert future[0].value == "2019-03-15"


@pytest.mark.parametrize("text,dct,value", [
    ("Stocks fell sharply yesterday.", "1998-01-08", "1998-01-07"),
    ("The company said Friday that profits rose.", "1998-01-08", "1998-01-02"),
    ("Talks will resume next week.", "1998-01-08", "1998-W03"),
    ("He arrived last Monday.", "1998-01-08", "1998-01-05"),
    ("Sales rose in the third quarter.", "1989-10-30", "1989-Q3"),
    ("It happened three years ago.", "1998-01-08", "1995"),
    ("The deal was signed on July 20, 2018.", "2019-01-01", "2018-07-20"),
    ("He was born in the 1990s.", "2019-01-01", "199"),
    ("They talked for two hours.", "2019-01-01", "PT2H"),
    ("Thanksgiving is a busy day.", "2019-10-01", "2019-11-28"),
    ("We will meet on Christmas.", "2019-10-01", "2019-12-25"),
    ("Easter falls late.", "2019-01-15", "2019-04-21"),
    ("The show airs tonight.", "2019-01-15", "2019-01-15TNI"),
    ("Prices are rising now.", "2019-01-15", "PRESENT_REF"),
    ("He swims daily.", "2019-01-15", "P1D"),
])
def test_english_values(text, dct, value):
    timexes, _, _ = analyse(text, "en", parse_published(dct), infer_day=False)
    assert value in [t.value for t in timexes], [(t.text, t.value) for t in timexes]


def test_annotator_sets_timexes_and_published(seed_article):
    doc = BlankBackend().process(seed_article.text, "nl")
    ann = Annotation(article=seed_article, published=seed_article.published, lang="nl")
    out = annotate(doc, ann)
    assert len(out.timexes) >= 10
    assert out.published.inferred is not None
    assert out.to_dict()["published"]["inferred"]["evidence"]


def test_generalise_keeps_known_parts():
    assert generalise(["2018-07-16", "2018-07-23"]) == "2018-WXX-1"
    assert generalise(["2018-W28", "2018-W29"]) == "2018-WXX"
    assert generalise(["2018-07-16", "2018-07-17"]) == "2018-07-XX"
    assert generalise(["2018-11", "2018-11"]) == "2018-11"
    assert interval("2018-FA") == (date(2018, 9, 1), date(2018, 11, 30))
    assert interval("2018-W29") == (date(2018, 7, 16), date(2018, 7, 22))


def test_tagger_alone_over_a_month():
    days = day_range(date(2018, 7, 1), date(2018, 7, 31))
    (r,) = tag("Hij vertrok gisteren.", "nl", days)
    assert (r.earliest, r.latest) == (date(2018, 6, 30), date(2018, 7, 30))


def test_archive_uses_entities_when_present(seed_text):
    from dataclasses import replace

    from kroniek.model import EntityMention

    def ents(text, names):
        out = []
        for surface, canonical, label in names:
            i = text.find(surface)
            while i >= 0:
                out.append(EntityMention(surface, i, i + len(surface), label, canonical))
                i = text.find(surface, i + 1)
        return tuple(out)

    names = [("Trump", "Donald Trump", "PER"), ("Poetin", "Vladimir Poetin", "PER"), ("Helsinki", "Helsinki", "LOC")]
    seed = _annotation("seed", seed_text, "2018-07")
    seed = replace(seed, entities=ents(seed_text, names))
    text = "De Amerikaanse president sprak maandag in Helsinki met zijn Russische ambtgenoot Poetin."
    other = _annotation("o2", text, "2018-07-17")
    other = replace(other, entities=ents(text, names))
    out = infer_from_archive(seed, [other])
    assert out.published.inferred.value == "2018-07-20"
