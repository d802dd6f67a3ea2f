"""Citation forms of real school essays (issue 16), in sentences written for these tests.

A parenthesis that names its source bare - a web article's title, an organisation, an
acronym, a surname first - is a citation at the end of a sentence when it is a title long
enough to be one, or when the essay cites that way more than once; an acronym glossing the
words before it is not. Each form has examples that must be found and near-misses that must not.
"""

import pytest
from test_citations import at, markers


def parenthetical(nlp, text):
    return [text[c.start : c.end] for c in nlp(text)._.citations if c.style == "parenthetical"]


# --- titles of web articles, without quote marks ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("Most rivers carry plastic to the sea (Ten Things You Never Knew About Rivers).", "(Ten Things You Never Knew About Rivers)"),
        ("Young voters turn out less often (Why Teenagers Skip the Polls).", "(Why Teenagers Skip the Polls)"),
        ("Owls hunt mostly at night (Are Owls Really Wise?).", "(Are Owls Really Wise?)"),
        ("Bees pollinate a third of our food (5 Facts on Bees).", "(5 Facts on Bees)"),
        # standing after the sentence's full stop
        ("The bridge was closed for a year. (Closure of the Old Bridge) Traffic moved to the ring road.", "(Closure of the Old Bridge)"),
        # title, author and page
        ("The school opened in the spring. (Girls Return to the Classroom, Hadley, 4) It was full by June.", "(Girls Return to the Classroom, Hadley, 4)"),
        # rejoined quote marks of a tokenised text
        ("Hearing loss is common after service (`` Coming Home Quiet '').", "(`` Coming Home Quiet '')"),
        # a web site whose dots the text spaced out
        ("One home in four has a smoke alarm that does not work (firesafe. org).", "(firesafe. org)"),
    ],
)
def test_a_title_at_the_end_of_a_sentence_is_a_citation(nlp, text, marker):
    assert parenthetical(nlp, text) == [marker]


@pytest.mark.parametrize(
    "text",
    [
        "The fair ran for a week (from 1990 to 1996).",
        "He gave the plan a name (The Great Leap).",
        "We met at the lake (It Was Cold That Day) and swam anyway.",
        "Our Town Gets a Park (Planning Notes)\n\nThe park opened in May.",
        "The war lasted for years (1939-1945).",
        "Nearly a quarter of pupils (24%) walk to school.",
        "Stalin fell ill in the spring (Stalin fell ill on March 1, 1953, and never spoke again).",
    ],
)
def test_asides_names_of_things_and_numbers_are_not_titles_cited(nlp, text):
    assert parenthetical(nlp, text) == []


# --- names and organisations: counted when the essay cites that way ---------------------------


def test_bare_names_and_organisations_count_in_an_essay_that_cites_that_way(nlp):
    text = (
        "Coral reefs shelter a quarter of sea life (NOAA). Warm water bleaches them (Marlowe). "
        "Some reefs recover within a decade (Reef Watch Society).\n"
    )
    assert parenthetical(nlp, text) == ["(NOAA)", "(Marlowe)", "(Reef Watch Society)"]


def test_a_surname_first_name_is_a_citation_in_such_an_essay(nlp):
    text = "Tuition rose again this year (Haller, Dana). Loans grew faster than wages (Ortiz, Sam).\n"
    assert parenthetical(nlp, text) == ["(Haller, Dana)", "(Ortiz, Sam)"]


@pytest.mark.parametrize(
    "text",
    [
        # one bare name at a sentence end, in an essay that never cites that way
        "Power passed to the council (Harbor Command).",
        "The opposition was crushed (Varga, Kessler).",
        # in the middle of a sentence
        "The secret police (Okhrana) watched the exiles.",
    ],
)
def test_a_lone_bare_name_is_not_a_citation(nlp, text):
    assert parenthetical(nlp, text) == []


def test_acronym_led_agencies_and_authors_with_et_al_in_such_an_essay(nlp):
    text = (
        "Hearing loss is the most common injury (US Office of Veterans Health). Few veterans ask for help "
        "(Haller, Dana F., et al,). Most wait for years (Ortiz, Sam).\n"
    )
    assert parenthetical(nlp, text) == [
        "(US Office of Veterans Health)", "(Haller, Dana F., et al,)", "(Ortiz, Sam)"
    ]


def test_a_spaced_web_site_counts_wherever_it_stands(nlp):
    text = "Most phones run one of two systems (android. com) To choose, compare their stores."
    assert parenthetical(nlp, text) == ["(android. com)"]


def test_a_list_of_places_is_no_author_even_in_an_essay_that_cites_bare_names(nlp):
    text = "Food ran short in the winter (Haller, Dana). The government moved (Paris, London). Prices rose (Ortiz, Sam).\n"
    assert parenthetical(nlp, text) == ["(Haller, Dana)", "(Ortiz, Sam)"]


def test_a_parenthesis_that_recurs_as_a_citation_counts_mid_sentence_too(nlp):
    text = (
        "Children need an hour of exercise a day (CDC). The Centers for Disease Control (CDC) found that "
        "few of them get it. Sugar adds to the problem (CDC).\n"
    )
    assert parenthetical(nlp, text) == ["(CDC)", "(CDC)", "(CDC)"]


# --- acronyms: a gloss after the words it abbreviates is no citation -------------------------


def test_an_acronym_after_its_words_is_a_gloss_everywhere_in_the_essay(nlp):
    text = (
        "Many veterans suffer from post-traumatic stress disorder (PTSD). Treatment helps (Mendel). "
        "Few receive it in time (Veterans Health Review). Some never speak of it (PTSD).\n"
    )
    assert parenthetical(nlp, text) == ["(Mendel)", "(Veterans Health Review)"]


def test_an_acronym_after_a_name_a_source_cue_opens_is_a_citation(nlp):
    text = "According to the National Weather Service (NWS), storms are getting stronger."
    assert parenthetical(nlp, text) == ["(NWS)"]
    (marker,) = [c for c in nlp(text)._.citations if c.style == "parenthetical"]
    assert marker.sources == ("national weather service",)  # the name the list would give


def test_such_an_acronym_is_linked_to_the_entry_of_its_organisation(client):
    text = (
        "According to the National Weather Service (NWS), storms are getting stronger.\n\n"
        "Works Cited\nNational Weather Service. Storm Report. 2019.\n"
    )
    document = client.post("/v1/feedback", json={"text": text}).json
    assert [entry["cited"] for entry in document["works_cited"]] == [True]
    assert "CITED_SOURCE_NOT_LISTED" not in {item["code"] for item in document["feedback"]}


@pytest.mark.parametrize(
    "text",
    [
        "The National Basketball League (NBL) pays its players well.",
        "Students take Physical Education (PE) twice a week.",
        "The rebels joined the Revolutionary Workers Front (RWF).",
    ],
)
def test_acronym_glosses_are_not_citations(nlp, text):
    assert markers(nlp, text) == []


def test_a_gloss_is_at_its_place_in_the_text(nlp):
    text = "Storms grow stronger (Storm Atlas). Tornado Alley (TA) is wide. Floods follow (Storm Atlas)."
    assert parenthetical(nlp, text) == ["(Storm Atlas)", "(Storm Atlas)"]
    assert at(text, "(Storm Atlas)", 2)[0] > text.index("(TA)")


# --- footnote digits a plain-text copy flattened -----------------------------------------------


def footnotes(nlp, text):
    return [(text[c.start : c.end], c.source) for c in nlp(text)._.citations if c.style == "footnote"]


def test_digits_glued_to_a_closing_quote_in_an_upward_run_are_notes(nlp):
    text = 'The guards called it "a firm hand"3 and the prisoners "a slow death"4. Nobody disagreed.'
    assert footnotes(nlp, text) == [("3", "note 3"), ("4", "note 4")]


def test_digits_glued_to_a_word_or_spaced_after_a_quote_in_a_run_are_notes(nlp):
    text = 'The pamphlet promised "bread for all" 1 Nobody believed it. He wrote in the margin "Exactly2 The rest is silence".'
    assert footnotes(nlp, text) == [("1", "note 1"), ("2", "note 2")]


def test_a_lone_first_note_after_a_full_stop_counts(nlp):
    text = "The regime defined itself by its enemies.1 To speak of it is to speak of them."
    assert footnotes(nlp, text) == [("1", "note 1")]


@pytest.mark.parametrize(
    "text",
    [
        'He called the plan "a joke"2 times in one speech.',  # one digit, not the first note
        "The price of the MP3 Player fell.",
        "Version2 Of the plan was never printed.",  # a capitalised word before the digit
        'She said "no" 3 Times out of four.',  # spaced after a quote, alone
    ],
)
def test_digits_that_are_not_flattened_notes(nlp, text):
    assert footnotes(nlp, text) == []


def test_a_glued_digit_counts_when_the_notes_list_has_its_number(nlp):
    text = 'The guards called it "a firm hand"3 and moved on.\n\nNotes\n\n3. Ilya Marek, The Camps (London, 1998), 12.\n'
    assert footnotes(nlp, text) == [("3", "note 3")]


def test_notes_exported_inline_are_footnote_markers(nlp):
    text = 'Grain was taken by force.[0: "Farm History Online," The Famine Years.] Prices rose.[1: Ilya Marek. The Camps, p. 12]'
    assert footnotes(nlp, text) == [
        ('[0: "Farm History Online," The Famine Years.]', "note 0"),
        ("[1: Ilya Marek. The Camps, p. 12]", "note 1"),
    ]
    assert parenthetical(nlp, text) == []


# --- pointers to a work, narrative citations ---------------------------------------------------


def test_see_with_a_work_whose_details_hold_a_parenthesis_is_one_citation(nlp):
    text = "He called the plan hasty (see Marek, Collected Papers (second edition), vol. 4), and it failed."
    assert parenthetical(nlp, text) == ["(see Marek, Collected Papers (second edition), vol. 4)"]


@pytest.mark.parametrize("text", ["The plan failed (see below (section 3)) in the end.", "The plan failed (see the chart (above)) later."])
def test_see_without_a_work_is_not_a_citation(nlp, text):
    assert parenthetical(nlp, text) == []


def test_a_signal_phrase_and_its_year_are_one_marker(nlp):
    text = 'According to Marek (1998): "The camps grew." Others doubt it.'
    (citation,) = nlp(text)._.citations
    assert text[citation.start : citation.end] == "According to Marek (1998)"
    assert citation.sources == ("marek 1998",)


def test_a_year_and_page_alone_after_a_narrative_citation_is_that_authors_work(nlp):
    text = "Marek (1998) argues that the camps grew fast. The numbers doubled in two years (2003, p. 41)."
    assert [(text[c.start : c.end], c.source) for c in nlp(text)._.citations] == [
        ("(1998)", "marek 1998"),
        ("(2003, p. 41)", "marek 2003"),
    ]


def test_a_year_and_page_alone_with_no_author_before_is_not_a_citation(nlp):
    assert parenthetical(nlp, "The numbers doubled in two years (2003, p. 41).") == []


# --- signal phrases: quoted words, written words, and more forms -------------------------------


def phrases(nlp, text):
    return [(text[c.start : c.end], c.sources) for c in nlp(text)._.citations if c.style == "signal_phrase"]


@pytest.mark.parametrize(
    ("text", "marker", "source"),
    [
        # a person's own words quoted, in the past tense, with nothing else answering for them
        ("The strike spread fast. Marek described the dockers as \u2018the bravest men in the port.\u2019", "Marek described", "marek"),
        ('The strike spread fast. Ilse Marek, a local teacher, said that "nobody slept for a week" in the town.', "Ilse Marek, a local teacher, said", "marek"),
        ("The strike spread fast. Its leader, Ruben Ostrow, called it \u201ca war without guns\u201d in his diary.", "leader, Ruben Ostrow, called", "ostrow"),
        ("The strike spread fast, as Petra Lind said, \u2018faster than the news of it.\u2019", "as Petra Lind said", "lind"),
        # a colon opening a block quotation
        ("The strike spread fast. In 1911 Petra Lind wrote:\n\nThe port was silent for a month.", "Petra Lind wrote", "lind"),
        # a verb joined to one with a named subject
        ("The strike spread fast. Later Ostrow took up the cause and claimed that the owners were \u201cthieves of bread and of time alike\u201d.", "Ostrow took up the cause and claimed", "ostrow"),
        # the writer agrees with a named source
        ("The strike spread fast. Some agree with Petra Lind that the owners had lost.", "agree with Petra Lind", "lind"),
        # an author's book named with its title
        ("The strike spread fast. Ilse Marek's book Harbour Nights has a chapter on it.", "Ilse Marek's book Harbour Nights", "marek"),
    ],
)
def test_signal_phrases_for_quoted_and_written_words(nlp, text, marker, source):
    assert (marker, (source,)) in phrases(nlp, text)


def test_a_name_on_its_own_line_under_a_quotation_is_its_source(nlp):
    text = '"The harbour belongs to those who work it."\n\nR. Ostrow\n\nThe strike spread fast.'
    assert phrases(nlp, text) == [("R. Ostrow", ("ostrow",))]


def test_he_or_she_after_a_named_source_cites_that_source_again(nlp):
    text = 'Helen Ostrow, by contrast, concluded that \u201cthe owners could wait longer.\u201d Without help from the town, he argued, the dockers would starve.'
    assert phrases(nlp, text) == [("Helen Ostrow, by contrast, concluded", ("ostrow",)), ("he argued", ("ostrow",))]


@pytest.mark.parametrize(
    "text",
    [
        # the quotation is cited to another work in the sentence
        'The strike spread fast. Marek called it "a war without guns" (Lind 45).',
        # a demand, not words reported
        'The strike spread fast. Marek called for "a general stoppage" of the port.',
        # a name given in a relative clause
        'The owners hired strangers, whom Marek called "rats" in public.',
        # scare quotes far from the verb
        'Marek argued in 1911 that some "learned men" in the town did not understand the port.',
        # no claim reported
        "The strike spread fast. Marek may have agreed in the end, but Lind did not.",
        'The strike failed. When Marek says that, you should listen.',
        "What did Marek think of Lind?",
        # the writer's own history, in the past, without quotation
        "The strike spread fast. Marek agreed with Lind that the owners had lost.",
        "The strike spread fast. He argued that the owners had lost.",
        # the next sentence's quotation
        'The strike spread fast. Marek said. "Nobody slept that week."',
        # "In his Testament he wrote": the actor's own document
        "Marek led the dockers. In his diary he wrote that the owners had lost.",
        # writing dated as an act of the history told
        "Ilse Marek wrote in 1911 that the owners had lost.",
    ],
)
def test_sentences_that_look_like_the_new_forms_but_cite_no_one(nlp, text):
    assert phrases(nlp, text) == []


def test_she_wrote_after_a_named_person_cites_what_that_person_wrote(nlp):
    text = "Ilse Marek kept a diary of the strike. She wrote that the port was silent for a month."
    assert phrases(nlp, text) == [("She wrote", ("marek",))]


def test_he_after_another_person_named_is_not_the_source_before(nlp):
    text = "As Helen Ostrow notes, the strike was long. Marek claimed that the owners lied, but he said so only later."
    assert phrases(nlp, text) == [("As Helen Ostrow notes", ("ostrow",))]


def test_a_bare_title_an_entry_of_the_list_has_is_a_citation_alone(nlp):
    listed = "Ships were sunk by the dozen (Cold Harbour).\n\nWorks Cited\nBrecht, Anna. Cold Harbour. Leeds: Northgate, 2004.\n"
    assert parenthetical(nlp, listed) == ["(Cold Harbour)"]
    # without the list, one short bare title in an essay that cites no other way is not enough
    assert parenthetical(nlp, "Ships were sunk by the dozen (Cold Harbour).") == []
