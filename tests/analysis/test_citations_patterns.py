"""The regular expressions the citation finder runs over raw text (citations/patterns.py), as the pipeline compiled them."""

import pytest


def test_parenthesis_takes_no_nesting_and_may_run_over_a_line_break(patterns):
    # Over a line break only inside a paragraph (hard-wrapped text): the finder checks that.
    text = "A (Getty 12) b (x (y) z) c (open\nclose)."
    assert [m.group() for m in patterns.parenthesis.finditer(text)] == ["(Getty 12)", "(y)", "(open\nclose)"]


@pytest.mark.parametrize(
    ("text", "locator"),
    [("Getty, p. 23-26", "p. 23-26"), ("pp. 3, 5", "pp. 3, 5"), ("paragraph 3", "paragraph 3"), ("para. 4", "para. 4"),
     ("¶ 2", "¶ 2"), ("ch. 3", "ch. 3"), ("p.77", "p.77"), ("p 45", "p 45"), ("page xii", "page xii"), ("lines 4-6", "lines 4-6")],
)
def test_locators(text, locator, patterns):
    assert patterns.locator.search(text).group() == locator


@pytest.mark.parametrize("text", ["Pipes 12", "Popes", "Lih 1994", "Chapman", "Lines of Power"])
def test_names_are_not_locators(text, patterns):
    assert patterns.locator.search(text) is None


def test_years_pages_and_ranges(patterns):
    year, year_range, page_number = patterns.year, patterns.year_range, patterns.page_number
    assert year.match("2000") and year.match("1999a") and not year.match("45") and not year.match("3000")
    assert year_range.search("1917-1924") and year_range.search("1905-30") and year_range.search("1932–33")
    assert not year_range.search("23-26")
    assert page_number.match("45") and page_number.match("23-26") and page_number.match("xii")
    assert not page_number.match("Lih") and not page_number.match("Civ")
    assert patterns.colon_page.search("Fitzpatrick 2008:112").group() == ":112"


def test_footnote_marker_patterns(patterns):
    text = "Lenin.[1] Stalin[12] both[3, 4] and [2-4]; quotes [to be taken] and [sic]."
    assert [m.group() for m in patterns.bracket_marker.finditer(text)] == ["[1]", "[12]", "[3, 4]", "[2-4]"]
    text = "Banned in 1921.¹ Further²³ than ever.⁴ Area 10² and a note line:\n¹ Getty"
    assert [m.group() for m in patterns.superscript_marker.finditer(text)] == ["¹", "²³", "⁴"]


@pytest.mark.parametrize(
    ("marker", "numbers"),
    [("[1]", [1]), ("[12]", [12]), ("[3, 4]", [3, 4]), ("[2-4]", [2, 3, 4]), ("¹", [1]), ("²³", [23]), ("⁴⁵", [45])],
)
def test_note_numbers(marker, numbers, patterns):
    assert patterns.note_numbers(marker) == numbers


# --- forms of real school essays (issue 16) ---------------------------------------------------


def test_note_digits_glued_to_a_word_or_a_closing_quote(patterns):
    assert [m.group(1) for m in patterns.glued_note_marker.finditer("It was exactly2 The end came.")] == ["2"]
    assert [m.group(1) for m in patterns.glued_note_marker.finditer('Indeed12 "Nobody" knew.')] == ["12"]
    # a capitalised or short word, a number, or a lower-case word after: no marker
    assert not patterns.glued_note_marker.search("The MP3 Player, the G7 Summit, a B52 Bomber, a word2 and more.")
    assert [m.group(1) for m in patterns.plain_note_marker.finditer('a "firm grip"4 and a "slow end"5. Then')] == ["4", "5"]
    assert [m.group(1) for m in patterns.spaced_note_marker.finditer('the "firm grip" 3 Stalin kept')] == ["3"]
    assert not patterns.spaced_note_marker.search('she said "no" 3 times')


def test_inline_notes_and_see_pointers(patterns):
    note = patterns.inline_note.search('Prices rose.[1: Ilya Marek. The Camps, p. 12] Then')
    assert (note.group(1), note.group(2)) == ("1", "Ilya Marek. The Camps, p. 12")
    assert not patterns.inline_note.search("the list [1, 2] and [sic]")
    text = "hasty (see Marek, Papers (2nd edition), vol. 4), and (see below) and (Marek (1998))"
    assert [m.group() for m in patterns.see_parenthesis.finditer(text)] == ["(see Marek, Papers (2nd edition), vol. 4)"]


def test_narrative_years_spaced_sites_and_acronyms(patterns):
    assert patterns.narrative_year.match("(1998)").group(1) == "1998"
    assert patterns.narrative_year.match("(2000, p. 191)").group(1) == "2000"
    assert not patterns.narrative_year.match("(1917-1924)") and not patterns.narrative_year.match("(45)")
    assert patterns.spaced_dot.sub(".", "cdv. org") == "cdv.org"
    assert all(patterns.acronym.match(word) for word in ("NOAA", "U.S.", "CDCs", "EPA"))
    assert not any(patterns.acronym.match(word) for word in ("Noaa", "A", "NOAAPTSD", "EPA-2"))
