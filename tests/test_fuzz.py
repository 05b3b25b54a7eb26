"""Property-based tests (hypothesis) over the readers, the publication date parser and its seed
header, and the time expression normaliser: they never crash, and what they return is well formed.

Each test has a fixed number of examples and a fixed seed (``derandomize``), so every run checks the
same cases. The number of cases that ran is printed at the end of the module (``pytest -s``) and,
when ``KRONIEK_FUZZ_REPORT`` names a file, written there as JSON.
"""

from __future__ import annotations

import json
import os
import string
from collections import Counter
from datetime import date

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kroniek.dates import parse_published  # noqa: E402
from kroniek.errors import DateError, InputError  # noqa: E402
from kroniek.ingest.decode import decode_bytes  # noqa: E402
from kroniek.ingest.readers import _read_bytes, _read_jsonl_lines, article_from_json, article_from_seed_text  # noqa: E402
from kroniek.model import Article  # noqa: E402

CASES: Counter = Counter()


def fuzz(n: int):
    """Hypothesis settings for one test: ``n`` examples, fixed seed, no deadline."""
    return settings(max_examples=n, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    total = sum(CASES.values())
    print(f"\nfuzz cases run: {total} " + json.dumps(dict(sorted(CASES.items()))))
    if os.environ.get("KRONIEK_FUZZ_REPORT"):
        with open(os.environ["KRONIEK_FUZZ_REPORT"], "w", encoding="utf-8") as fh:
            json.dump({"total": total, "per_test": dict(sorted(CASES.items()))}, fh, indent=2)


def clean(text: str) -> bool:
    """No unpaired surrogates and no control characters but tab, newline, carriage return."""
    return not any(0xD800 <= ord(c) <= 0xDFFF or (ord(c) < 32 and c not in "\t\n\r") for c in text)


def check_item(item) -> None:
    assert isinstance(item, (Article, InputError)), item
    if isinstance(item, InputError):
        assert item.reason and item.message
        assert item.reason == item.reason.strip().lower() and " " not in item.reason
        return
    assert item.text.strip()
    assert clean(item.text) and item.text.encode("utf-8")
    for v in (item.title, item.url, item.source, item.id):
        if v is not None:
            assert isinstance(v, str) and v.encode("utf-8")
    if item.published.known:
        assert item.published.earliest <= item.published.latest


# ---- readers ------------------------------------------------------------------------------------

text_ish = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.characters(max_codepoint=255), max_size=300).map(lambda s: s.encode("latin-1")),
    st.tuples(st.sampled_from(["date ", "DATE\t", " date ", "date"]), st.text(max_size=20), st.text(max_size=200))
      .map(lambda t: (t[0] + t[1] + "\n\n" + t[2]).encode("utf-8", "surrogatepass")),
)


@fuzz(400)
@given(data=text_ish)
def test_decode_bytes_gives_clean_text_or_a_reason(data):
    CASES["decode_bytes"] += 1
    try:
        text = decode_bytes(data, "fuzz")
    except InputError as exc:
        assert exc.reason in ("empty", "binary")
        return
    assert isinstance(text, str) and clean(text) and "\r" not in text


@fuzz(400)
@given(data=text_ish, suffix=st.sampled_from([".txt", "", ".dat"]))
def test_text_reader_never_crashes(data, suffix):
    CASES["text_reader"] += 1
    out = list(_read_bytes(data, "fuzz", "stem", suffix, None))
    assert len(out) == 1
    check_item(out[0])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
field_values = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.text(max_size=60),
                         st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.text(max_size=5),
                                                                              max_size=2),
                         st.sampled_from(["2019", "2019-02", "2019-02-29", "2020-02-29", "2019-13", "2019-01-01T25:00",
                                          "2019-06-01T12:30:00+02:00", ""]))
article_objects = st.dictionaries(
    st.sampled_from(["id", "text", "title", "published_at", "published", "date", "lang", "url", "source", "extra"]),
    field_values, max_size=8)


@fuzz(400)
@given(obj=st.one_of(article_objects, json_values))
def test_json_article_never_crashes(obj):
    CASES["json_article"] += 1
    try:
        item = article_from_json(obj, "fuzz:1")
    except InputError as exc:
        item = exc
    check_item(item)


@fuzz(300)
@given(lines=st.lists(st.one_of(article_objects.map(json.dumps), json_values.map(json.dumps), st.text(max_size=80),
                                st.binary(max_size=80).map(lambda b: b.decode("latin-1"))), max_size=6))
def test_jsonl_reader_gives_one_item_per_nonblank_line(lines):
    CASES["jsonl_reader"] += 1
    raw = [(ln.replace("\n", " ").replace("\r", " ") + "\n").encode("utf-8", "surrogatepass") for ln in lines]
    out = list(_read_jsonl_lines(raw, "fuzz.jsonl", None))
    assert len(out) == sum(1 for r in raw if r.strip())
    for item in out:
        check_item(item)


html_parts = st.lists(st.one_of(
    st.sampled_from(["<html>", "<body>", "<article>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>",
                     "<title>", "</title>", "<meta name='date' content='2019-02-30'>", "<!--", "-->", "<![CDATA[",
                     "<h1>", "</h1>", "&amp;", "&#0;", "&#xD800;", "<", ">", "</html>"]),
    st.text(max_size=40)), max_size=30)


@fuzz(100)
@given(parts=html_parts)
def test_html_reader_never_crashes(parts):
    CASES["html_reader"] += 1
    data = ("<!doctype html>" + "".join(parts)).encode("utf-8", "surrogatepass")
    out = list(_read_bytes(data, "fuzz.html", "page", ".html", None))
    assert len(out) == 1
    check_item(out[0])


# ---- publication dates and the seed header ------------------------------------------------------

date_like = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=string.digits + "-T:+Z ", max_size=25),
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}"),
    st.tuples(st.integers(-5, 10000), st.integers(-1, 14), st.integers(-1, 33))
      .map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
)


@fuzz(400)
@given(value=date_like)
def test_parse_published_valid_or_date_error(value):
    CASES["parse_published"] += 1
    try:
        pub = parse_published(value, "fuzz")
    except DateError as exc:
        assert exc.reason == "bad-date"
        return
    if not value.strip():
        assert not pub.known
        return
    assert pub.known and pub.earliest <= pub.latest
    assert pub.as_given == value.strip()
    assert pub.granularity in ("year", "month", "day", "datetime")
    if pub.granularity == "day":
        assert pub.earliest.isoformat() == value.strip()


@fuzz(200)
@given(d=st.dates(min_value=date(1, 1, 1)))
def test_parse_published_round_trips_dates(d):
    CASES["published_round_trip"] += 1
    assert parse_published(d.isoformat()).earliest == d
    month = parse_published(f"{d.year:04d}-{d.month:02d}")
    assert month.earliest <= d <= month.latest
    year = parse_published(f"{d.year:04d}")
    assert year.earliest <= d <= year.latest


@fuzz(400)
@given(header=st.sampled_from(["date", "Date", " date", "\ndate", "datum", "date:"]), sep=st.sampled_from([" ", "\t", "  "]),
       value=date_like, gap=st.sampled_from(["\n", "\n\n", " ", "\r\n\r\n", ""]), body=st.text(max_size=200))
def test_seed_header_never_crashes_and_keeps_the_body(header, sep, value, gap, body):
    CASES["seed_header"] += 1
    raw = header + sep + value + gap + body
    try:
        art = article_from_seed_text(raw, "x", "fuzz")
    except InputError as exc:
        assert exc.reason in ("bad-date", "no-text")
        return
    assert art.text.strip()
    assert raw.endswith(art.text)  # the body is kept unchanged, the header only cut off


# ---- the time expression normaliser -------------------------------------------------------------

TIME_WORDS = ("gisteren morgen vandaag maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vorige volgende "
              "deze week maand jaar januari februari maart april mei juni juli augustus september oktober november "
              "december 2018 2019 1999 '98 de het in op om uur half drie twee weken dagen geleden sinds tot na voor "
              "begin eind midden zomer winter kerst pasen kwartaal Q3 eeuw jaren tachtig "
              "yesterday tomorrow today Monday Friday last next this week month year January March December ago "
              "since until in on at o'clock the two days weeks months early late mid summer Christmas quarter "
              "2020-01-02 12:30 1/2/2019 03-04-2019 15 31 1 0 - , . ( )").split()
sentences = st.lists(st.one_of(st.sampled_from(TIME_WORDS), st.text(max_size=6)), max_size=25).map(" ".join)
publications = st.one_of(
    st.just(None),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(lambda d: f"{d.year}-{d.month:02d}"),
    st.integers(1900, 2100).map(str),
)


@fuzz(300)
@given(text=sentences, lang=st.sampled_from(["nl", "en"]), published=publications)
def test_time_normaliser_never_crashes_and_offsets_are_valid(text, lang, published):
    timex = pytest.importorskip("kroniek.timex.annotate")
    CASES["timex_normaliser"] += 1
    pub = parse_published(published)
    timexes, pub2, _ = timex.analyse(text, lang, pub)
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert isinstance(t.value, str) and t.value
        if t.earliest and t.latest:
            assert t.earliest <= t.latest
    if pub2.inferred is not None and pub.known:
        assert pub.earliest <= pub2.inferred.earliest <= pub2.inferred.latest <= pub.latest


@fuzz(200)
@given(value=st.one_of(st.text(max_size=20), st.text(alphabet="0123456789X-WTQHSPUFAIE", max_size=14)))
def test_timex_value_interval_never_crashes(value):
    values = pytest.importorskip("kroniek.timex.values")
    CASES["timex_interval"] += 1
    iv = values.interval(value)
    if iv is not None:
        assert iv[0] <= iv[1]


# ---- idempotent adding --------------------------------------------------------------------------

@fuzz(100)
@given(items=st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from(["Tekst een.", "Tekst twee.", "Drie."])),
                      max_size=12),
       batch=st.integers(1, 5))
def test_add_counts_match_a_model_and_a_rerun_adds_nothing(items, batch):
    import tempfile
    from pathlib import Path

    from kroniek.run import add_paths
    from kroniek.settings import Settings
    from kroniek.store import open_store

    CASES["add_model"] += 1
    stored: dict[str, str] = {}
    added = unchanged = conflicts = 0
    for id_, text in items:
        if id_ not in stored:
            stored[id_], added = text, added + 1
        elif stored[id_] == text:
            unchanged += 1
        else:
            conflicts += 1
    settings = Settings(nlp="blank", annotators=(), lang="nl", batch_size=batch)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in items) or "\n", encoding="utf-8")
        with open_store(str(Path(tmp) / "s.db")) as store:
            first = add_paths([str(src)], store, settings)
            assert (first.counts.added, first.counts.unchanged, first.counts.failed) == (added, unchanged, conflicts)
            assert all(f.reason == "id-conflict" for f in first.failures)
            assert {r["id"]: r["text"] for r in store.records()} == stored
            again = add_paths([str(src)], store, settings)
            assert again.counts.added == 0
            assert again.counts.unchanged + again.counts.failed == len(items)
            assert store.count_articles() == len(stored)
