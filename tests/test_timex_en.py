"""English time-expression rules: one small news sentence with a publication day per rule class."""

from __future__ import annotations

import pytest

from kroniek.dates import parse_published
from kroniek.timex.annotate import analyse


def _values(text: str, dct: str) -> dict[str, str]:
    timexes, _, _ = analyse(text, "en", parse_published(dct), infer_day=False)
    return {t.text: t.value for t in timexes}


@pytest.mark.parametrize("text,dct,expr,value", [
    # a month or date in a future clause looks forward, even past a participle ("will be named")
    ("She will be named commander for a mission in December.", "1998-03-04", "December", "1998-12"),
    ("The three are expected to join in April.", "1998-12-05", "April", "1999-04"),
    ("He will succeed the chairman Feb. 1.", "1989-10-26", "Feb. 1", "1990-02-01"),
    # without a future clause a month leans to the past
    ("Sales fell in December.", "1998-03-04", "December", "1997-12"),
    ("The blasts of Aug. 7 killed 257 people.", "1998-08-18", "Aug. 7", "1998-08-07"),
    # "this September" is the one of this year
    ("The general election is due this September.", "1998-02-05", "this September", "1998-09"),
])
def test_month_year_from_clause(text, dct, expr, value):
    assert _values(text, dct).get(expr) == value


@pytest.mark.parametrize("text,dct,expr,value", [
    ("In nineteen ninety-one he was convicted.", "1998-01-15", "nineteen ninety-one", "1991"),
    ("The plan to halve unemployment by the year two thousand was dropped.", "1998-02-05",
     "the year two thousand", "2000"),
    ("January nineteen ninety-seven. Atlanta again.", "1998-02-27", "January nineteen ninety-seven", "1997-01"),
    ("Prices last reached that level in the winter of nineteen ninety-four.", "1998-02-23",
     "the winter of nineteen ninety-four", "1994-WI"),
])
def test_spelled_out_years(text, dct, expr, value):
    assert _values(text, dct).get(expr) == value


def test_fall_and_spring_as_verbs_are_not_seasons():
    vals = _values("Analysts expect prices to fall, and a spring broke.", "1998-02-13")
    assert "fall" not in vals and "spring" not in vals
    vals = _values("Sales rose last fall and will rise in the spring of 1999.", "1998-02-13")
    assert vals.get("last fall") == "1997-FA"
    assert vals.get("the spring of 1999") == "1999-SP"


@pytest.mark.parametrize("text,expected", [
    ("Prosecutors may soon seek an indictment.", {"soon": "FUTURE_REF"}),
    ("They will sell the unit as soon as possible.", {"as soon as possible": "FUTURE_REF"}),
    ("He said he would leave as soon as Tuesday.", {}),
    ("He was killed soon after his capture.", {}),
])
def test_soon(text, expected):
    vals = _values(text, "1989-10-30")
    assert {k: v for k, v in vals.items() if v == "FUTURE_REF"} == expected


@pytest.mark.parametrize("text,expr,value", [
    ("It expects higher sales in the current fiscal year.", "the current fiscal year", "1989"),
    ("Profit rose in the latest fiscal year.", "the latest fiscal year", "1988"),
    ("Holders may buy shares at the then current market price.", "then current", "PAST_REF"),
])
def test_fiscal_years_and_references(text, expr, value):
    assert _values(text, "1989-11-02").get(expr) == value


@pytest.mark.parametrize("text,expr,value", [
    # "the quarter" is the quarter named before it; "the latest quarter" the last one
    ("Profit rose in the second quarter. In the quarter, sales fell.", "the quarter", "1989-Q2"),
    ("Sales fell in the quarter.", "the quarter", "1989-Q3"),
    ("The fourth quarter looks weak. Profit rose in the latest quarter.", "the latest quarter", "1989-Q3"),
    # "the 1988 quarter" is the quarter under discussion, in 1988
    ("Net rose in the third quarter, from $5 million in the 1988 quarter.", "the 1988 quarter", "1988-Q3"),
    ("Net rose in the third quarter, a year earlier it fell.", "a year earlier", "1988-Q3"),
    # "for the year": the year being reported; "the past year": the previous calendar year
    ("The company expects a loss for the year.", "the year", "1989"),
    ("Prices rose sharply during the past year.", "the past year", "1988"),
])
def test_financial_reference_times(text, expr, value):
    assert _values(text, "1989-11-02").get(expr) == value


@pytest.mark.parametrize("text,absent", [
    ("It will be a second betrayal.", "a second"),
    ("Junk holders account for more than a quarter of the market.", "a quarter"),
    ("About three-quarters of the members agreed.", "three-quarters"),
])
def test_ordinals_and_fractions_are_not_durations(text, absent):
    assert absent not in _values(text, "1989-10-30")


def test_real_durations_with_second_and_quarter_stay():
    vals = _values("It lasted a second or two, and sales fell for a quarter.", "1989-10-30")
    assert vals.get("a second") == "PT1S"
    assert vals.get("a quarter") == "P3M"


@pytest.mark.parametrize("text,expr,value", [
    ("The deal should close by the end of the year.", "the end of the year", "1989"),
    ("The bank expects the loans to be sold by year-end.", "year-end", "1989"),
    ("Prices may fall over the next couple of years.", "the next couple of years", "P2Y"),
    ("It took a couple of years.", "a couple of years", "P2Y"),
])
def test_unit_parts_and_couples(text, expr, value):
    assert _values(text, "1989-11-02").get(expr) == value


def test_end_of_the_year_carries_mod():
    timexes, _, _ = analyse("The deal should close by the end of the year.", "en", parse_published("1989-11-02"),
                            infer_day=False)
    (t,) = [t for t in timexes if t.text == "the end of the year"]
    assert t.mod == "END"


@pytest.mark.parametrize("text,dct,expr,value", [
    ("We will visit this summer.", "1998-02-05", "this summer", "1998-SU"),
    ("The festival is held each July.", "1998-02-05", "each July", "XXXX-07"),
    ("A hearing is set for the week of March 6.", "2000-02-24", "the week of March 6", "2000-W10"),
    ("Sales fell over the past decade.", "1998-02-05", "the past decade", "P10Y"),
])
def test_seasons_sets_and_weeks(text, dct, expr, value):
    assert _values(text, dct).get(expr) == value


def test_a_march_is_not_the_month():
    assert _values("Thousands joined the annual March for Life.", "1999-01-22") == {}
    assert _values("The vote is due in March.", "1999-01-22").get("March") == "1999-03"


def test_a_year_earlier_after_the_1988_quarter_shifts_the_current_quarter():
    vals = _values("Profit rose in the third quarter. It fell in the 1988 quarter. Sales were flat a year earlier.",
                   "1989-11-02")
    assert vals.get("the 1988 quarter") == "1988-Q3"
    assert vals.get("a year earlier") == "1988-Q3"
