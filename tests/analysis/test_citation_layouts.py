"""Citations in essays laid out as real submissions arrive: hard-wrapped at a fixed width, or
sent as one block with the works-cited list run into the prose."""

import pytest


def found(nlp, text):
    return [(text[c.start : c.end], c.sources) for c in nlp(text)._.citations]


# --- signal phrases over a line break inside a paragraph ------------------------------------

OPENING = (
    "Stalin's purges reached every corner of the party, and by 1938 most of",
    "the delegates to the Seventeenth Congress had been arrested or shot.",
)
CLOSING = (
    "The Cheka had taken hostages during the Civil War, long before the",
    "Great Terror began in 1937, and it answered to Lenin and to no one else.",
)


def wrapped(*lines):
    """One paragraph of hard-wrapped text: `lines` between full lines of prose, broken where written."""
    return "\n".join((*OPENING, *lines, *CLOSING)) + "\n"


@pytest.mark.parametrize(
    ("lines", "marker", "sources"),
    [
        (
            ("Its methods were older than Stalin's rule, and its leaders knew it. As Figes",
             "points out, the party saw the requisitioning of grain as a war on kulaks."),
            "As Figes\npoints", ("figes",),
        ),
        (
            ("The secret police grew out of the Civil War and its emergencies. According to",
             "Service, Lenin founded the Cheka within weeks of taking power in 1917."),
            "According to\nService", ("service",),
        ),
        (
            # The source is the surname after the break, not the given name before it.
            ("The secret police grew out of the Civil War and its emergencies. According to Robert",
             "Service, Lenin founded the Cheka within weeks of taking power in 1917."),
            "According to Robert\nService", ("service",),
        ),
        (
            ("Lenin's party did not hide what it meant to do with its enemies. In the words of",
             "Richard Pipes, the Red Terror was a policy and not an accident of the war."),
            "In the words of\nRichard Pipes", ("pipes",),
        ),
        (
            ("The decree on the dissolution of the Assembly was brief and clear. Document",
             "3 shows that the Bolsheviks closed it the day after it first met in 1918."),
            "Document\n3 shows", ("document 3",),
        ),
        (
            ("The telegram about the kulaks was written in Lenin's own hand, and as",
             "Kotkin has argued, it set the tone for what his successor did in 1930."),
            "as\nKotkin has argued", ("kotkin",),
        ),
        (
            ("The famine of 1921 was answered with more requisitioning, as the historian",
             "Orlando Figes has shown from the Politburo's own papers of that year."),
            "as the historian\nOrlando Figes has shown", ("figes",),
        ),
    ],
)
def test_a_signal_phrase_runs_over_a_line_break_inside_a_paragraph(nlp, lines, marker, sources):
    text = wrapped(*lines)
    assert len(nlp(text)._.paragraphs) == 1  # the setup: hard-wrapped, one paragraph
    assert (marker, sources) in found(nlp, text)


@pytest.mark.parametrize(
    "lines",
    [
        # The source is the plan, not Lenin; the figures are the party's, no one's in particular.
        ("Grain was taken from every village in the Volga region, all according to",
         "Lenin's plan for feeding the towns and the Red Army during the Civil War."),
        ("The quotas were raised again in the spring, and according to the party's",
         "own figures the harvest of 1921 was half of the harvest of 1913 at best."),
        # "As" opens a clause of time, not a source: no reporting verb follows the name.
        ("The party grew more and more centralised over these years, and as",
         "Stalin rose through its offices he placed his own men in every region."),
    ],
)
def test_a_line_break_makes_no_signal_phrase_of_other_words(nlp, lines):
    assert found(nlp, wrapped(*lines)) == []


def test_a_blank_line_stops_a_signal_phrase(nlp):
    text = wrapped(
        "The secret police grew out of the Civil War and its emergencies. According to",
        "",
        "Service, Lenin founded the Cheka within weeks of taking power in 1917.",
    )
    assert found(nlp, text) == []


def test_a_single_line_break_between_paragraphs_stops_a_signal_phrase(nlp):
    # Short lines, one paragraph each (not hard-wrapped): "as" and "Kotkin notes" are in different
    # paragraphs, so only the second paragraph's own phrase is found.
    text = "Part one ends here, as\nKotkin notes in his second volume, with the famine of 1932.\n"
    assert len(nlp(text)._.paragraphs) == 2
    assert found(nlp, text) == [("Kotkin notes", ("kotkin",))]


@pytest.mark.parametrize("token", ["\n", " \n", "\n ", "\r\n", "\t\n", "\u2028"])
def test_a_line_break_token_holds_one_line_break(token, patterns):
    assert patterns.line_break_token.search(token)


@pytest.mark.parametrize("token", ["\n\n", " \n \n", "\r\n\r\n", "\n\r", "  ", "word"])
def test_a_blank_line_is_not_a_line_break_token(token, patterns):
    assert not patterns.line_break_token.search(token)


# --- a works-cited list run into the prose (one block, or no line break before the list) ---


PROSE = (
    "Lenin built the one-party state and the Cheka (Service 365). Stalin only widened what he "
    "inherited, as the famine of 1932 showed (Conquest 182)."
)


def pieces(essay_paragraphs, text):
    return [text[start:end] for start, end in essay_paragraphs.split(text)]


@pytest.mark.parametrize(
    ("heading", "entries"),
    [
        # MLA
        ("Works Cited", ["Conquest, Robert. The Harvest of Sorrow. Oxford University Press, 1986.",
                         "Service, Robert. Lenin: A Biography. Macmillan, 2000."]),
        # APA, with its co-authors and an edition in parentheses
        ("References", ["Conquest, R. (1986). The harvest of sorrow. Oxford University Press.",
                        "Figes, O., & Kolonitskii, B. (1999). Interpreting the Russian Revolution (2nd ed.). Yale University Press.",
                        "Service, R. (2000). Lenin: A biography. Macmillan."]),
        # Chicago notes in brackets; an initial's full stop ends no entry
        ("Notes", ["[1] V. I. Lenin, What Is to Be Done? (1902), in Selected Works, vol. 1 (Moscow: Progress, 1977), p. 114.",
                   "[2] Robert Service, Lenin: A Biography (London: Macmillan, 2000), p. 365."]),
        # Numbered notes: "vol. 4." is no note, only the next number in sequence starts one
        ("Endnotes:", ["1. Stephen F. Cohen, Bukharin and the Bolshevik Revolution, vol. 4. Vintage, 1975, p. 62.",
                       "2. Cohen, Bukharin, p. 380.",
                       "3. Moshe Lewin, Lenin's Last Struggle, pp. 84-86."]),
        # Documents, then an author
        ("Sources", ["Document A: Decree on the Dissolution of the Constituent Assembly, January 1918.",
                     "Document B: Stephen F. Cohen, Rethinking the Soviet Experience (1985).",
                     "Leggett, George. The Cheka: Lenin's Political Police. Oxford University Press, 1981."]),
        # Quoted titles of web pages, not all with a year
        ("Bibliography", ["“How Lenin Led to Stalin.” Socialist Review, 1991.",
                          "“Stalin’s Revolution from Above.” BBC Bitesize.",
                          "“Lenin and the Constituent Assembly.” History Today, 2017."]),
    ],
)
def test_a_list_run_into_the_prose_is_cut_into_heading_and_entries(heading, entries, essay_paragraphs):
    text = "The Road to Stalin\n" + PROSE + " " + heading + " " + " ".join(entries)
    assert pieces(essay_paragraphs, text) == ["The Road to Stalin", PROSE, heading, *entries]


@pytest.mark.parametrize(
    "tail",
    [
        # The heading word opens prose, not a list.
        "References to Lenin's writings were everywhere in the Soviet Union by 1930.",
        "Sources such as Service (2000) show how much Stalin took from Lenin.",
        "Notes Lenin, Trotsky and Stalin wrote in 1922 show how the party argued about the succession.",
        # Not at a sentence's start, or not capitalised.
        "He kept notes [1] V. I. Lenin, What Is to Be Done? (1902), p. 114.",
        "Historians read the Sources: Service, R. (2000). Lenin: A biography. Macmillan.",
    ],
)
def test_a_heading_word_in_prose_cuts_nothing(tail, essay_paragraphs):
    text = "The Road to Stalin\n" + PROSE + " " + tail
    assert pieces(essay_paragraphs, text) == ["The Road to Stalin", PROSE + " " + tail]


def test_a_run_in_list_must_end_the_essay(essay_paragraphs):
    # Prose after it: what looked like a list is part of the argument.
    text = (
        "The Road to Stalin\n" + PROSE + " Works Cited Service, Robert. Lenin: A Biography. Macmillan, 2000.\n"
        "In conclusion, Stalin did not betray Lenin's revolution but carried it to its end, and the terror of "
        "the 1930s grew out of the methods of the Civil War."
    )
    assert len(pieces(essay_paragraphs, text)) == 3


def test_a_run_in_list_is_cut_with_its_later_lines(essay_paragraphs):
    # The heading and first entry typed after the last sentence, the other entries on lines of their own.
    text = (
        "The Road to Stalin\n" + PROSE + " Works Cited: Conquest, Robert. The Harvest of Sorrow. Oxford University "
        "Press, 1986.\nService, Robert. Lenin: A Biography. Macmillan, 2000.\n"
    )
    assert pieces(essay_paragraphs, text)[1:] == [
        PROSE, "Works Cited:", "Conquest, Robert. The Harvest of Sorrow. Oxford University Press, 1986.",
        "Service, Robert. Lenin: A Biography. Macmillan, 2000.",
    ]


ONE_BLOCK = (
    "Was Stalinism a logical continuation of Leninism?\n"
    "Stalinism continued Leninism. Lenin founded the Cheka in 1917 and used it against the socialists.[1] "
    "Stalin turned the same police against the party itself in 1937.[2] As Pipes argues, the terror was "
    "Lenin's before it was Stalin's.[3] In conclusion, Stalin finished what Lenin began. "
    "Notes "
    "[1] Robert Service, Lenin: A Biography (London: Macmillan, 2000), p. 365. "
    "[2] Robert Conquest, The Great Terror (Oxford: Oxford University Press, 1990), p. 182. "
    "[3] Richard Pipes, The Russian Revolution (New York: Knopf, 1990), pp. 837-838."
)


def test_a_one_block_essay_reports_no_marker_inside_its_notes(nlp):
    doc = nlp(ONE_BLOCK)
    assert [ONE_BLOCK[c.start : c.end] for c in doc._.citations] == ["[1]", "[2]", "As Pipes argues", "[3]"]
    assert all(c.start < ONE_BLOCK.index("Notes [1]") for c in doc._.citations)
    assert [(entry.note, entry.cited) for entry in doc._.works_cited] == [(1, True), (2, True), (3, True)]
    assert [p.role for p in doc._.paragraphs][-4:] == ["works_cited"] * 4


# --- hard-wrapped lists and parentheses -----------------------------------------------------

WRAPPED_ESSAY = (
    "Stalin's purges reached every corner of the party, and by 1938 most of\n"
    "the delegates to the Seventeenth Congress had been arrested (Conquest\n"
    "182). The Cheka had taken hostages during the Civil War, long before the\n"
    "Great Terror began in 1937, and it answered to Lenin and to no one else\n"
    "(Service 365). Stalin only widened what his teacher had begun in the war.\n"
    "Works Cited\n"
    "Conquest, Robert. The Great Terror: A Reassessment. Oxford UP, 1990.\n"
    "Service, Robert. Lenin: A Biography. Macmillan, 2000.\n"
)


def test_a_hard_wrapped_list_is_read_entry_by_entry(analyzer):
    # Conquest's entry fills its line: the paragraph finder joins Service's entry to it.
    analysis = analyzer.analyze(WRAPPED_ESSAY)
    assert [WRAPPED_ESSAY[e.start : e.end] for e in analysis.works_cited] == [
        "Conquest, Robert. The Great Terror: A Reassessment. Oxford UP, 1990.",
        "Service, Robert. Lenin: A Biography. Macmillan, 2000.",
    ]
    assert [e.cited for e in analysis.works_cited] == [True, True]
    assert not [item for item in analysis.feedback if item.code in ("CITED_SOURCE_NOT_LISTED", "LISTED_SOURCE_NOT_CITED")]


def test_a_heading_joined_to_the_last_full_line_of_prose_still_opens_the_list(essay_paragraphs):
    # The prose's last line is full, so the paragraph finder joins "Works Cited" to it.
    assert pieces(essay_paragraphs, WRAPPED_ESSAY) == [
        WRAPPED_ESSAY[: WRAPPED_ESSAY.index("\nWorks Cited")],
        "Works Cited",
        "Conquest, Robert. The Great Terror: A Reassessment. Oxford UP, 1990.\n"
        "Service, Robert. Lenin: A Biography. Macmillan, 2000.",
    ]


def test_a_wrapped_line_after_a_parenthesis_ends_no_clause(nlp):
    # "(Comintern)" names an organisation; at a line break inside a paragraph the sentence goes on.
    text = wrapped(
        "Lenin wanted the revolution to spread to Germany, which is why he set",
        "up the Communist International of all the workers' parties (Comintern)",
        "in 1919 and gave it the party's best men and its money for years.",
    )
    assert len(nlp(text)._.paragraphs) == 1
    assert found(nlp, text) == []
    # At the end of a paragraph, as at the end of a sentence, the same parenthesis closes its clause.
    assert found(nlp, "The Road to Stalin\nLenin set up the Communist International (Comintern)\nIt failed.") == [
        ("(Comintern)", ("comintern",))
    ]
