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
