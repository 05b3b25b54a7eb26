"""The archive pass of `kroniek add`: a day-dated report of the same event narrows a month-only date."""

import json

from click.testing import CliRunner

from kroniek.cli import main

from conftest import ROOT


def test_sample_narrows_the_seed_to_its_true_day(tmp_path):
    db = str(tmp_path / "k.db")
    r = CliRunner().invoke(main, ["add", str(ROOT / "sample"), "--db", db, "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["publication_days_narrowed"] == 1
    rec = json.loads(CliRunner().invoke(main, ["show", "000_f80c548452cfc866", "--db", db, "--json"]).stdout)
    inferred = rec["published"]["inferred"]
    # the seed was published on Friday 2018-07-20
    assert inferred["earliest"] <= "2018-07-20" <= inferred["latest"] <= "2018-07-22"
    assert inferred["value"] == "2018-07-20"
    assert any("001_helsinki_top_2018-07-17" in e for e in inferred["evidence"])
    by_text = {t["text"]: t for t in rec["timexes"]}
    assert by_text["vorige maandag"]["value"] == "2018-07-16"
    assert by_text["donderdagavond"]["value"] == "2018-07-19TEV"
    # "vandaag" names the publication day; it is never equated with the other article's event day
    assert by_text["vandaag"]["earliest"] >= "2018-07-20"
    # events are derived again from the re-resolved time expressions
    meeting = next(e for e in rec["events"] if e["type"] == "meeting" and e["modality"] == "happened")
    assert meeting["time_value"] == "2018-07-16" and meeting["place"] == "Helsinki"


def _ann(aid, text, names):
    from kroniek.model import Annotation, Article, EntityMention

    ents = []
    for surface, canonical in names:
        i = text.index(surface)
        ents.append(EntityMention(surface, i, i + len(surface), "PER", canonical))
    return Annotation(Article(aid, text), Article(aid, text).published, entities=tuple(ents), lang="nl")


def test_surname_joins_the_one_full_name_across_articles(tmp_path):
    from kroniek.store import open_store

    st = open_store(str(tmp_path / "k.db"))
    st.add([_ann("a", "Rutte sprak gisteren in Den Haag.", [("Rutte", "Rutte")])])
    st.add([_ann("b", "Premier Mark Rutte reisde naar Brussel.", [("Mark Rutte", "Mark Rutte")])])
    st.add([_ann("c", "Volgens Rutte is dat onzin.", [("Rutte", "Rutte")])])
    e = st.entity("Rutte")
    assert e["name"] == "Mark Rutte" and len(e["articles"]) == 3 and e["others"] == []
    assert {"Rutte", "Mark Rutte"} <= set(e["aliases"])


def test_shared_surname_of_two_people_does_not_merge(tmp_path):
    from kroniek.store import open_store

    st = open_store(str(tmp_path / "k.db"))
    st.add([_ann("a", "Donald Trump en Ivanka Trump kwamen aan.", [("Donald Trump", "Donald Trump"),
                                                                    ("Ivanka Trump", "Ivanka Trump")])])
    st.add([_ann("b", "Trump zei niets.", [("Trump", "Trump")])])
    names = {r["name"] for r in st.entities(label="PER")}
    assert names == {"Donald Trump", "Ivanka Trump", "Trump"}
    assert len(st.entity("Donald Trump")["articles"]) == 1


def test_a_later_run_narrows_an_article_stored_earlier(tmp_path):
    """The day-dated report arrives in a second run: the month-dated seed stored before is narrowed then."""
    db = str(tmp_path / "k.db")
    seed = ROOT / "sample" / "000_f80c548452cfc866.txt"
    report = ROOT / "sample" / "001_helsinki_top_2018-07-17.txt"
    first = CliRunner().invoke(main, ["add", str(seed), "--db", db, "--json"], catch_exceptions=False)
    assert json.loads(first.stdout)["publication_days_narrowed"] == 0
    rec = json.loads(CliRunner().invoke(main, ["show", "000_f80c548452cfc866", "--db", db, "--json"]).stdout)
    assert rec["published"]["inferred"]["latest"] > "2018-07-22"  # the text alone leaves many candidates
    second = CliRunner().invoke(main, ["add", str(report), "--db", db, "--json"], catch_exceptions=False)
    assert json.loads(second.stdout)["publication_days_narrowed"] == 1
    rec = json.loads(CliRunner().invoke(main, ["show", "000_f80c548452cfc866", "--db", db, "--json"]).stdout)
    assert rec["published"]["inferred"]["earliest"] == "2018-07-20"
    # a third run with nothing new does no archive work
    third = CliRunner().invoke(main, ["add", str(seed), str(report), "--db", db, "--json"], catch_exceptions=False)
    assert json.loads(third.stdout)["publication_days_narrowed"] == 0
