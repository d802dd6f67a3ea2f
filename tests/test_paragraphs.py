from service.analysis.paragraphs import assign_roles, split_paragraphs


def roles(text):
    return [paragraph.role for paragraph in assign_roles(text, split_paragraphs(text))]


def test_single_newlines_separate_paragraphs():
    assert split_paragraphs("One.\nTwo.\r\nThree.") == [(0, 4), (5, 9), (11, 17)]


def test_blank_lines_and_indentation_are_not_paragraphs():
    text = "  First para.  \n\n\n\tSecond para.\n   \n"
    assert [text[s:e] for s, e in split_paragraphs(text)] == ["First para.", "Second para."]


def test_introduction_body_conclusion():
    text = "Intro sentence.\nBody one.\nBody two.\nIn conclusion, yes."
    assert roles(text) == ["introduction", "body", "body", "conclusion"]


def test_title_headings_and_works_cited():
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
    assert roles(text) == [
        "title", "heading", "introduction", "heading", "body", "heading", "conclusion", "works_cited", "works_cited",
    ]


def test_a_trailing_footnote_list_is_works_cited():
    text = "Stalin led.\nLenin wrote a note.[1]\nThus Stalin continued.\n[1] Service, Stalin, p. 4.\n[2] Kotkin, Stalin, p. 9."
    assert roles(text)[-2:] == ["works_cited", "works_cited"]
    assert roles(text)[:3] == ["introduction", "body", "conclusion"]


def test_a_sentence_is_not_a_title():
    assert roles("Stalin continued Lenin's work.\nMore text here.\nEnd.")[0] == "introduction"
