"""The regular expressions the citation finder runs over raw text (citations/patterns.py)."""

import pytest

from service.analysis.citations.patterns import (
    ACRONYM,
    BRACKET_MARKER,
    COLON_PAGE,
    GLUED_NOTE_MARKER,
    INLINE_NOTE,
    LOCATOR,
    NARRATIVE_YEAR,
    PAGE_NUMBER,
    PARENTHESIS,
    PLAIN_NOTE_MARKER,
    SEE_PARENTHESIS,
    SPACED_DOT,
    SPACED_NOTE_MARKER,
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


# --- forms of real school essays (issue 16) ---------------------------------------------------


def test_note_digits_glued_to_a_word_or_a_closing_quote():
    assert [m.group(1) for m in GLUED_NOTE_MARKER.finditer("It was exactly2 The end came.")] == ["2"]
    assert [m.group(1) for m in GLUED_NOTE_MARKER.finditer('Indeed12 "Nobody" knew.')] == ["12"]
    # a capitalised or short word, a number, or a lower-case word after: no marker
    assert not GLUED_NOTE_MARKER.search("The MP3 Player, the G7 Summit, a B52 Bomber, a word2 and more.")
    assert [m.group(1) for m in PLAIN_NOTE_MARKER.finditer('a "firm grip"4 and a "slow end"5. Then')] == ["4", "5"]
    assert [m.group(1) for m in SPACED_NOTE_MARKER.finditer('the "firm grip" 3 Stalin kept')] == ["3"]
    assert not SPACED_NOTE_MARKER.search('she said "no" 3 times')


def test_inline_notes_and_see_pointers():
    note = INLINE_NOTE.search('Prices rose.[1: Ilya Marek. The Camps, p. 12] Then')
    assert (note.group(1), note.group(2)) == ("1", "Ilya Marek. The Camps, p. 12")
    assert not INLINE_NOTE.search("the list [1, 2] and [sic]")
    text = "hasty (see Marek, Papers (2nd edition), vol. 4), and (see below) and (Marek (1998))"
    assert [m.group() for m in SEE_PARENTHESIS.finditer(text)] == ["(see Marek, Papers (2nd edition), vol. 4)"]


def test_narrative_years_spaced_sites_and_acronyms():
    assert NARRATIVE_YEAR.match("(1998)").group(1) == "1998"
    assert NARRATIVE_YEAR.match("(2000, p. 191)").group(1) == "2000"
    assert not NARRATIVE_YEAR.match("(1917-1924)") and not NARRATIVE_YEAR.match("(45)")
    assert SPACED_DOT.sub(".", "cdv. org") == "cdv.org"
    assert all(ACRONYM.match(word) for word in ("NOAA", "U.S.", "CDCs", "EPA"))
    assert not any(ACRONYM.match(word) for word in ("Noaa", "A", "NOAAPTSD", "EPA-2"))
