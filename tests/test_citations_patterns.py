"""The regular expressions the citation finder runs over raw text (citations/patterns.py)."""

import pytest

from service.analysis.citations.patterns import (
    BRACKET_MARKER,
    COLON_PAGE,
    LOCATOR,
    PAGE_NUMBER,
    PARENTHESIS,
    SUPERSCRIPT_MARKER,
    YEAR,
    YEAR_RANGE,
    note_numbers,
)


def test_parenthesis_takes_no_nesting_and_may_run_over_a_line_break():
    # Over a line break only inside a paragraph (hard-wrapped text): the finder checks that.
    text = "A (Getty 12) b (x (y) z) c (open\nclose)."
    assert [m.group() for m in PARENTHESIS.finditer(text)] == ["(Getty 12)", "(y)", "(open\nclose)"]


@pytest.mark.parametrize(
    ("text", "locator"),
    [("Getty, p. 23-26", "p. 23-26"), ("pp. 3, 5", "pp. 3, 5"), ("paragraph 3", "paragraph 3"), ("para. 4", "para. 4"),
     ("¶ 2", "¶ 2"), ("ch. 3", "ch. 3"), ("p.77", "p.77"), ("p 45", "p 45"), ("page xii", "page xii"), ("lines 4-6", "lines 4-6")],
)
def test_locators(text, locator):
    assert LOCATOR.search(text).group() == locator


@pytest.mark.parametrize("text", ["Pipes 12", "Popes", "Lih 1994", "Chapman", "Lines of Power"])
def test_names_are_not_locators(text):
    assert LOCATOR.search(text) is None


def test_years_pages_and_ranges():
    assert YEAR.match("2000") and YEAR.match("1999a") and not YEAR.match("45") and not YEAR.match("3000")
    assert YEAR_RANGE.search("1917-1924") and YEAR_RANGE.search("1905-30") and YEAR_RANGE.search("1932–33")
    assert not YEAR_RANGE.search("23-26")
    assert PAGE_NUMBER.match("45") and PAGE_NUMBER.match("23-26") and PAGE_NUMBER.match("xii")
    assert not PAGE_NUMBER.match("Lih") and not PAGE_NUMBER.match("Civ")
    assert COLON_PAGE.search("Fitzpatrick 2008:112").group() == ":112"


def test_footnote_marker_patterns():
    text = "Lenin.[1] Stalin[12] both[3, 4] and [2-4]; quotes [to be taken] and [sic]."
    assert [m.group() for m in BRACKET_MARKER.finditer(text)] == ["[1]", "[12]", "[3, 4]", "[2-4]"]
    text = "Banned in 1921.¹ Further²³ than ever.⁴ Area 10² and a note line:\n¹ Getty"
    assert [m.group() for m in SUPERSCRIPT_MARKER.finditer(text)] == ["¹", "²³", "⁴"]


@pytest.mark.parametrize(
    ("marker", "numbers"),
    [("[1]", [1]), ("[12]", [12]), ("[3, 4]", [3, 4]), ("[2-4]", [2, 3, 4]), ("¹", [1]), ("²³", [23]), ("⁴⁵", [45])],
)
def test_note_numbers(marker, numbers):
    assert note_numbers(marker) == numbers
