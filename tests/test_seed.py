"""The foundation's end-to-end check on the seed article, through the real CLI and default pipeline."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from kroniek.cli import main

from conftest import SEED


@pytest.fixture(scope="module")
def record():
    if not SEED.exists():
        pytest.skip("seed article not available")
    r = CliRunner().invoke(main, ["annotate", str(SEED)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    (line,) = r.stdout.splitlines()
    return json.loads(line)


def test_published_month(record):
    assert record["published"]["as_given"] == "2018-07"
    assert record["published"]["granularity"] == "month"
    assert (record["published"]["earliest"], record["published"]["latest"]) == ("2018-07-01", "2018-07-31")
    assert record["lang"] == "nl"


def test_offsets_are_exact(record):
    text = SEED.read_text(encoding="utf-8")
    body = text[text.index("Na hun"):]
    for e in record["entities"]:
        assert body[e["start"]:e["end"]] == e["text"]
    for t in record["timexes"]:
        assert body[t["start"]:t["end"]] == t["text"]
    for q in record["quotes"]:
        assert body[q["content_start"]:q["content_end"]] == q["content"]
        if q["cue_start"] is not None:
            assert body[q["cue_start"]:].startswith(q["cue"])
        if q["speaker_start"] is not None:
            assert body[q["speaker_start"]:].startswith(q["speaker"])


def test_five_persons_with_canonical_names(record):
    persons = {e["entity"] for e in record["entities"] if e["label"] == "PER"}
    assert {"Donald Trump", "Vladimir Poetin", "John Bolton", "Dan Coates", "Sarah Sanders"} <= persons
    short = {e["text"]: e["entity"] for e in record["entities"] if e["label"] == "PER"}
    assert short.get("Trump") == "Donald Trump" and short.get("Poetin") == "Vladimir Poetin"


@pytest.mark.parametrize("start, speaker", [
    ("Wij staan altijd open", "Vladimir Poetin"),
    ("Ik heb geen idee", "Dan Coates"),
    ("een groot succes", "Donald Trump"),
    ("Ik kijk uit naar", "Donald Trump"),
    ("nee", "Donald Trump"),
])
def test_direct_quotes_with_speakers(record, start, speaker):
    found = [q for q in record["quotes"] if start in q["content"]]
    assert found, f"no quote with {start!r}"
    assert found[0]["speaker_canonical"] == speaker


def test_time_expressions_inside_july_2018(record):
    by_text = {t["text"].lower(): t for t in record["timexes"]}
    for phrase in ("vorige maandag", "donderdagavond", "eerder deze week", "vandaag"):
        t = by_text[phrase]
        assert t["value"] and t["earliest"] and t["latest"]
        lo, hi = date.fromisoformat(t["earliest"]), date.fromisoformat(t["latest"])
        assert date(2018, 6, 24) <= lo <= hi <= date(2018, 7, 31), (phrase, lo, hi)
    # the true days lie inside the intervals (the article was published on Friday 2018-07-20)
    assert by_text["vorige maandag"]["earliest"] <= "2018-07-16" <= by_text["vorige maandag"]["latest"]
    assert by_text["donderdagavond"]["earliest"] <= "2018-07-19" <= by_text["donderdagavond"]["latest"]
    assert by_text["het najaar"]["value"] == "2018-FA"
    assert by_text["twee uur"]["value"] == "PT2H" and by_text["twee uur"]["type"] == "DURATION"
