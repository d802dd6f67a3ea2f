import json
from pathlib import Path

import pytest


def roles(essay_paragraphs, text):
    return [paragraph.role for paragraph in essay_paragraphs.parts.assign_roles(text, essay_paragraphs.split(text))]


def test_single_newlines_separate_paragraphs(essay_paragraphs):
    assert essay_paragraphs.split("One.\nTwo.\r\nThree.") == [(0, 4), (5, 9), (11, 17)]


def test_blank_lines_and_indentation_are_not_paragraphs(essay_paragraphs):
    text = "  First para.  \n\n\n\tSecond para.\n   \n"
    assert [text[s:e] for s, e in essay_paragraphs.split(text)] == ["First para.", "Second para."]


def test_introduction_body_conclusion(essay_paragraphs):
    text = "Intro sentence.\nBody one.\nBody two.\nIn conclusion, yes."
    assert roles(essay_paragraphs, text) == ["introduction", "body", "body", "conclusion"]


def test_title_headings_and_works_cited(essay_paragraphs):
    text = (
        "Was Stalinism a Continuation of Leninism\n"
        "Introduction\n"
        "Stalin built on Lenin's state.\n"
        "Body\n"
        "Lenin banned factions in 1921 (Service 45).\n"
        "Conclusion\n"
        "Stalinism continued Leninism.\n"
        "Works Cited\n"
        "Service, Robert. Stalin: A Biography. 2004.\n"
    )
    assert roles(essay_paragraphs, text) == [
        "title", "heading", "introduction", "heading", "body", "heading", "conclusion", "works_cited", "works_cited",
    ]


def test_a_trailing_footnote_list_is_works_cited(essay_paragraphs):
    text = "Stalin led.\nLenin wrote a note.[1]\nThus Stalin continued.\n[1] Service, Stalin, p. 4.\n[2] Kotkin, Stalin, p. 9."
    assert roles(essay_paragraphs, text)[-2:] == ["works_cited", "works_cited"]
    assert roles(essay_paragraphs, text)[:3] == ["introduction", "body", "conclusion"]


def test_a_sentence_is_not_a_title(essay_paragraphs):
    assert roles(essay_paragraphs, "Stalin continued Lenin's work.\nMore text here.\nEnd.")[0] == "introduction"


# --- tricky layouts -------------------------------------------------------------------------


def test_a_one_line_essay_is_its_introduction(essay_paragraphs):
    assert roles(essay_paragraphs, "Stalinism grew out of Leninism because Lenin built the one-party state.") == ["introduction"]


def test_two_paragraphs_are_introduction_and_body_unless_the_second_concludes(essay_paragraphs):
    first = "Stalinism grew out of Leninism in several ways that matter.\n"
    assert roles(essay_paragraphs, first + "Lenin banned factions in 1921, and Stalin used the ban.") == ["introduction", "body"]
    assert roles(essay_paragraphs, first + "In conclusion, Stalin built on what Lenin made.") == ["introduction", "conclusion"]


def test_a_heading_per_paragraph(essay_paragraphs):
    text = (
        "Introduction\nLenin built a one-party state and Stalin inherited it.\n"
        "Body Paragraph 1\nLenin banned factions in 1921. Stalin used the ban.\n"
        "Body Paragraph 2\nLenin created the Cheka. Stalin enlarged it.\n"
        "Counterargument\nSome say the NEP shows a gentler Lenin.\n"
        "Conclusion\nThus Stalin continued Lenin's work.\n"
    )
    assert roles(essay_paragraphs, text) == [
        "heading", "introduction", "heading", "body", "heading", "body", "heading", "body", "heading", "conclusion",
    ]


def test_numbered_headings_and_a_title_line_with_a_label(essay_paragraphs):
    text = (
        "Title: Lenin and Stalin\n"
        "I. Introduction\nLenin built a one-party state and Stalin inherited it from him.\n"
        "II. The Road to Dictatorship\nLenin banned factions in 1921. Stalin used the ban.\n"
        "III. Conclusion\nThus Stalin continued Lenin's work.\n"
        "Bibliography:\nHosking, Geoffrey. A History of the Soviet Union. Fontana, 1985.\n"
    )
    assert roles(essay_paragraphs, text) == [
        "title", "heading", "introduction", "heading", "body", "heading", "conclusion", "works_cited", "works_cited",
    ]


def test_header_lines_above_the_title_are_other(essay_paragraphs):
    text = (
        "Jane Doe\nMr. Smith\nHistory 11\n12 March 2024\n"
        "Was Stalinism a Continuation of Leninism?\n"
        "Lenin built a one-party state, and Stalin inherited it. This essay argues continuity.\n"
        "Lenin banned factions in 1921. Stalin used the ban.\n"
        "Thus Stalin continued Lenin's work.\n"
    )
    assert roles(essay_paragraphs, text) == ["other"] * 4 + ["title", "introduction", "body", "conclusion"]


def test_a_question_title_is_a_title(essay_paragraphs):
    text = (
        "Was Stalinism a logical continuation of Leninism?\n\n"
        "Historians have argued about this question for decades, and the answer is yes, largely.\n\n"
        "Lenin banned factions in 1921, and Stalin later used that ban against his rivals.\n\n"
        "So Stalin continued what Lenin began."
    )
    assert roles(essay_paragraphs, text) == ["title", "introduction", "body", "conclusion"]


def test_a_letter_has_its_salutation_and_sign_off_as_other(essay_paragraphs):
    text = (
        "Dear Principal,\n"
        "I think phones should be allowed in school because they help students learn.\n"
        "Phones can be used for research and for emergencies when parents need to call.\n"
        "Sincerely,\nSTUDENT_NAME\n"
    )
    assert roles(essay_paragraphs, text) == ["other", "introduction", "body", "other", "other"]


def test_a_numbered_note_list_without_a_heading_is_works_cited(essay_paragraphs):
    text = (
        "Stalin continued Lenin's work, as the record shows.[1]\n"
        "Lenin banned factions.[2] Stalin used the ban.\n"
        "1. Hosking, Geoffrey. A History of the Soviet Union. Fontana, 1985, p. 4.\n"
        "2. Getty, J. Arch. Origins of the Great Purges. Cambridge UP, 1985, p. 9.\n"
    )
    assert roles(essay_paragraphs, text) == ["introduction", "body", "works_cited", "works_cited"]


def test_superscript_notes_under_an_endnotes_heading(essay_paragraphs):
    text = "Stalin continued Lenin's work.¹\nLenin banned factions.²\nSo it was.\nEndnotes\n¹ Hosking, 45.\n² Getty, 9.\n"
    assert roles(essay_paragraphs, text)[-3:] == ["works_cited"] * 3


def test_a_numbered_list_in_the_essay_is_not_a_note_list(essay_paragraphs):
    text = (
        "Stalin continued Lenin's work for two reasons.\n"
        "The reasons are these.\n"
        "1. Lenin banned factions and Stalin used the ban.\n"
        "2. Lenin created the Cheka and Stalin enlarged it.\n"
    )
    assert "works_cited" not in roles(essay_paragraphs, text)


def test_a_short_title_case_line_inside_the_essay_is_a_heading(essay_paragraphs):
    text = (
        "Lenin and Stalin\n"
        "Stalin continued Lenin's work, and this essay shows how.\n"
        "The One-Party State\n"
        "Lenin banned the other parties by 1921.\n"
        "So Stalin continued Lenin's work.\n"
    )
    assert roles(essay_paragraphs, text) == ["title", "introduction", "heading", "body", "conclusion"]


def test_in_conclusion_opening_a_sentence_is_not_a_heading(essay_paragraphs):
    assert roles(essay_paragraphs, "Stalin ruled.\nLenin built.\nIn conclusion, Stalin continued Lenin.")[-1] == "conclusion"
    assert essay_paragraphs.parts.heading_section("In conclusion, Stalin continued Lenin's work.") is None
    assert essay_paragraphs.parts.heading_section("Conclusion") == "conclusion"
    assert essay_paragraphs.parts.heading_section("Body Paragraph 2") == "body"
    assert essay_paragraphs.parts.heading_section("Part II: The NEP") == "body"


def test_works_cited_headings_and_reference_lines(essay_paragraphs):
    parts = essay_paragraphs.parts
    assert parts.is_works_cited_heading("Works Cited:") and parts.is_works_cited_heading("REFERENCES")
    assert not parts.is_works_cited_heading("The sources of Stalin's power were many.")
    assert parts.is_reference_line("[3] Hosking, A History, p. 4.")
    assert parts.is_reference_line("Hosking, Geoffrey. A History of the Soviet Union. Fontana, 1985.")
    assert parts.is_reference_line("https://example.org/lenin-and-stalin")
    assert not parts.is_reference_line("Lenin banned factions in 1921, and Stalin used the ban.")


@pytest.mark.parametrize(
    "last",
    [
        # The shape of "Service, Robert. ... 2000.": a word, a comma, a capital, a year.
        "Overall, Stalin used the state that Lenin had built in 1917.",
        "Finally, Lenin banned factions in 1921. " + "Stalin used the ban against every rival he had. " * 6,
    ],
)
def test_a_last_paragraph_of_prose_is_not_a_works_cited_list(last, essay_paragraphs):
    assert not essay_paragraphs.parts.is_reference_line(last)
    assert roles(essay_paragraphs, f"Stalin ruled.\nLenin built the state.\n{last}")[-1] in {"conclusion", "body"}


AAE = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "aae2"


@pytest.mark.skipif(not AAE.exists(), reason="shared AAE dataset not available")
def test_persuasive_essays_come_out_as_title_introduction_bodies_conclusion(essay_paragraphs):
    # In AAE every essay's first paragraph is its title; the rest is introduction, bodies, conclusion.
    essays = [json.loads(line) for split in ("dev", "train") for line in (AAE / f"{split}.jsonl").open(encoding="utf-8")]
    expected = 0
    for essay in essays:
        found = roles(essay_paragraphs, essay["text"])
        expected += found == ["title", "introduction", *["body"] * (len(found) - 3), "conclusion"]
    assert expected / len(essays) >= 0.95


def test_a_one_sentence_opening_is_the_introduction_not_a_title(essay_paragraphs):
    text = (
        "Stalinism was a logical continuation of Leninism.\n"
        "Lenin built the one-party state in 1918 and banned factions in 1921, which Stalin later used.\n"
        "Stalin collectivised farming and purged the party in the 1930s, going further than Lenin.\n"
        "So Stalin continued Lenin's work, though he went much further.\n"
    )
    assert roles(essay_paragraphs, text) == ["introduction", "body", "body", "conclusion"]
    assert roles(essay_paragraphs, "To TEACHER_NAME,\nPhones help students learn in many ways.\nThey also keep us safe.")[0] == "other"


WRAPPED = (
    "Was Stalinism a logical continuation of Leninism?\n"
    "\n"
    "Historians have argued about this question since the 1950s, and the\n"
    "answer depends on whether we judge the two leaders by their words or by\n"
    "their methods. I believe that Stalinism was a logical continuation of\n"
    "Leninism.\n"
    "\n"
    "Lenin built the one-party state. In January 1918 the Bolsheviks closed\n"
    "the Constituent Assembly after a single day, and by 1921 the other\n"
    "parties were banned.\n"
    "Lenin also began the terror. The Cheka was set up in December 1917 and\n"
    "shot thousands of hostages during the Red Terror of the following year.\n"
    "\n"
    "In conclusion, Stalin used the tools that Lenin had built before him,\n"
    "only on a far larger scale.\n"
)


def test_hard_wrapped_lines_join_back_into_paragraphs(essay_paragraphs):
    spans = essay_paragraphs.split(WRAPPED)
    paragraphs = [WRAPPED[start:end] for start, end in spans]
    assert paragraphs[0] == "Was Stalinism a logical continuation of Leninism?"
    assert paragraphs[1].startswith("Historians") and paragraphs[1].endswith("Leninism.")
    # a short last line ends a paragraph even without a blank line after it
    assert paragraphs[2].startswith("Lenin built") and paragraphs[2].endswith("were banned.")
    assert paragraphs[3].startswith("Lenin also began") and paragraphs[3].endswith("following year.")
    assert paragraphs[4].startswith("In conclusion") and paragraphs[4].endswith("larger scale.")
    assert len(paragraphs) == 5
    assert roles(essay_paragraphs, WRAPPED) == ["title", "introduction", "body", "body", "conclusion"]


def test_a_hard_wrapped_essay_is_analysed_like_its_paragraphs(analyzer):
    analysis = analyzer.analyze(WRAPPED)
    assert analysis.thesis is not None
    assert analysis.thesis.text == "I believe that Stalinism was a logical continuation of\nLeninism."
    restated = [s.text for s in analysis.sentences if "thesis_restatement" in s.roles]
    assert restated and restated[0].startswith("In conclusion")


@pytest.mark.parametrize(
    "text",
    [
        # one line per paragraph: every line ends its sentences
        "Stalin ruled from 1929. He used terror widely against the peasants.\n" * 6,
        # one sentence per line
        "\n".join(f"Lenin banned the party number {n} in the year 1921 or so." for n in range(8)),
        # a list of short lines
        "Lenin\nStalin\nTrotsky\nBukharin\nZinoviev\nKamenev\n",
    ],
)
def test_lines_that_end_their_sentences_stay_paragraphs(text, essay_paragraphs):
    assert len(essay_paragraphs.split(text)) == len([line for line in text.splitlines() if line.strip()])
