"""Citations in essays laid out as real submissions arrive: hard-wrapped at a fixed width, or
sent as one block with the works-cited list run into the prose."""

import pytest

from service.analysis.citations.patterns import LINE_BREAK_TOKEN


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
def test_a_line_break_token_holds_one_line_break(token):
    assert LINE_BREAK_TOKEN.search(token)


@pytest.mark.parametrize("token", ["\n\n", " \n \n", "\r\n\r\n", "\n\r", "  ", "word"])
def test_a_blank_line_is_not_a_line_break_token(token):
    assert not LINE_BREAK_TOKEN.search(token)
