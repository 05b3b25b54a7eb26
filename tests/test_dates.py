from datetime import date

import pytest

from kroniek.dates import Inferred, Published, parse_published
from kroniek.errors import DateError


@pytest.mark.parametrize("given, gran, earliest, latest", [
    ("2018", "year", date(2018, 1, 1), date(2018, 12, 31)),
    ("2018-07", "month", date(2018, 7, 1), date(2018, 7, 31)),
    ("2016-02", "month", date(2016, 2, 1), date(2016, 2, 29)),
    ("2019-02", "month", date(2019, 2, 1), date(2019, 2, 28)),
    ("2018-07-20", "day", date(2018, 7, 20), date(2018, 7, 20)),
    ("2018-07-20T14:30:00", "datetime", date(2018, 7, 20), date(2018, 7, 20)),
    ("2018-07-20T23:59:59+02:00", "datetime", date(2018, 7, 20), date(2018, 7, 20)),
    ("2018-07-20 08:05Z", "datetime", date(2018, 7, 20), date(2018, 7, 20)),
])
def test_parse_published_precisions(given, gran, earliest, latest):
    p = parse_published(given)
    assert (p.granularity, p.earliest, p.latest, p.as_given) == (gran, earliest, latest, given)


def test_datetime_keeps_clock_time():
    assert parse_published("2018-07-20T14:30:00").time == "14:30"


@pytest.mark.parametrize("bad", ["2018-13", "2018-02-30", "juli 2018", "18-07-20", "2018-07-20T25:00", "0000"])
def test_bad_dates_raise_date_error_with_reason(bad):
    with pytest.raises(DateError) as info:
        parse_published(bad)
    assert info.value.reason == "bad-date"


def test_missing_date_is_unknown():
    for v in (None, "", "   "):
        p = parse_published(v)
        assert not p.known and p.earliest is None and p.to_dict()["granularity"] is None


def test_non_string_date_is_an_error():
    with pytest.raises(DateError):
        parse_published(20180720)  # type: ignore[arg-type]


def test_round_trip_with_inferred():
    p = parse_published("2018-07").with_inferred(
        Inferred("2018-07-20", date(2018, 7, 20), date(2018, 7, 22), ("vorige maandag",)))
    d = p.to_dict()
    assert d["inferred"]["earliest"] == "2018-07-20"
    back = Published.from_dict(d)
    assert back.inferred.latest == date(2018, 7, 22)
    assert back.bounds() == (date(2018, 7, 20), date(2018, 7, 22))
    assert back.day is None


def test_day_property():
    assert parse_published("2018-07-20").day == date(2018, 7, 20)
    assert parse_published("2018-07").day is None
