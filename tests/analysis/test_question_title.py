"""An essay that opens with the question it answers: that line is its title, not its introduction.

The paragraph finder reads lines before the parser runs; the `essay_question_title` component
re-labels the first paragraph once the parse shows it is a question or an exam prompt, and
every reader of the paragraph roles (API, feedback, comparison, report, detectors) agrees.
"""

import pytest

from html_tree import parse
from service.evaluation.evaluator import positional_roles

INTRODUCTION = (
    "Historians have argued about the two leaders for decades. "
    "I believe that Stalinism was a logical continuation of Leninism."
)
BODY = (
    "Lenin banned factions at the Tenth Party Congress in 1921, and Stalin later used that ban against his rivals.",
    "Lenin created the Cheka in December 1917. Stalin turned the secret police into the NKVD.",
)
CONCLUSION = "In conclusion, Stalin continued what Lenin began."


def essay(first_line, body=BODY):
    return "\n\n".join([first_line, INTRODUCTION, *body, CONCLUSION])


def paragraph_roles(nlp, text):
    return [paragraph.role for paragraph in nlp(text)._.paragraphs]


@pytest.mark.parametrize(
    "first_line",
    [
        "Was Stalinism a logical continuation of Leninism?",
        "To what extent was Stalinism a continuation of Leninism, and what did Stalin change?",
        "Assess whether Stalinism was a logical continuation of Leninism.",
        "Discuss to what extent Stalinism was a logical continuation of Leninism.",
        "Using the sources and your own knowledge, assess whether Stalinism continued Leninism.",
        "Evaluate the extent to which Stalin continued Lenin's policies.",
    ],
)
def test_a_question_or_prompt_above_the_essay_is_its_title(nlp, first_line):
    assert paragraph_roles(nlp, essay(first_line)) == ["title", "introduction", "body", "body", "conclusion"]


@pytest.mark.parametrize(
    "first_line",
    [
        # Statements, even about the question: the essay's own opening.
        "Stalinism was a logical continuation of Leninism.",
        "Historians still debate whether Stalinism was a logical continuation of Leninism.",
        "The extent of Stalin's debt to Lenin is the subject of this essay.",
        # A question followed by its answer in the same paragraph opens the argument.
        "Was Stalinism a continuation of Leninism? Most historians now say that it was.",
        # A short statement and a question: two sentences, the essay's opening, not its title.
        "Stalin was a monster. Or was he?",
        "Lenin built the machine. Did Stalin only drive it?",
        # Too long for a title: a rhetorical opening question.
        "Was the man who built the gulags, starved Ukraine and shot his old comrades simply doing what Lenin "
        "had taught him to do in the years after the October Revolution?",
    ],
)
def test_an_opening_statement_stays_the_introduction(nlp, first_line):
    assert paragraph_roles(nlp, essay(first_line)) == ["introduction", "body", "body", "body", "conclusion"]


def test_a_prompt_before_a_short_answer_stays_its_introduction(nlp):
    # With only two paragraphs after it, a prompt line may be the start of a short answer.
    text = "\n\n".join(["Assess whether Stalinism was a logical continuation of Leninism.", INTRODUCTION, CONCLUSION])
    assert paragraph_roles(nlp, text) == ["introduction", "body", "conclusion"]


def test_the_question_under_a_title_line_is_a_title_too(nlp):
    text = "Lenin and Stalin\n" + essay("Using the sources and your own knowledge, assess whether Stalinism continued Leninism.")
    assert paragraph_roles(nlp, text) == ["title", "title", "introduction", "body", "body", "conclusion"]


PROMPTS_WITHOUT_WHETHER = [
    "Assess the view that Stalinism was a logical continuation of Leninism.",
    "Discuss the view that Stalinism was a logical continuation of Leninism.",
    "Analyse the view that Stalinism was a logical continuation of Leninism.",
    "Evaluate the claim that Stalin simply continued Lenin's work.",
    "Explain why Stalinism is often seen as a continuation of Leninism.",
]

QUOTED_PROMPTS = [
    "Was Stalinism a logical continuation of Leninism? Discuss.",
    "'Stalinism was a logical continuation of Leninism.' Discuss.",
    "“Stalinism was the logical outcome of Leninism.” How far do you agree?",
    '"Stalin betrayed Lenin\'s revolution." Discuss this view.',
    "“Stalinism was the logical outcome of Leninism”. Assess the validity of this view.",
]


@pytest.mark.parametrize("header", ["", "Lenin and Stalin\n", "Stalinism and Leninism\n", "History Essay\n"])
@pytest.mark.parametrize(
    "prompt", ["Assess whether Stalinism was a logical continuation of Leninism.", *PROMPTS_WITHOUT_WHETHER, *QUOTED_PROMPTS]
)
def test_a_prompt_is_a_title_under_a_header_line_or_without_one(nlp, header, prompt):
    # Under a title line the small model often reads "Assess", "Discuss", "Analyse" as proper nouns.
    roles = paragraph_roles(nlp, header + essay(prompt))
    assert roles == ["title"] * (2 if header else 1) + ["introduction", "body", "body", "conclusion"]


def test_the_command_word_counts_whatever_its_tag(nlp):
    doc = nlp("Assess whether Stalinism was a logical continuation of Leninism.")
    doc[0].tag_ = "NNP"
    assert nlp.get_pipe("essay_question_title").is_question_title(doc[:])


OPENINGS_THAT_ARE_NO_PROMPT = [
    # Statements that open with a command word, or a word made from one: an introduction's first sentence.
    "Consider the famine of 1932, in which millions of Ukrainian peasants died.",
    "Assessing Stalin's debt to Lenin is harder than it looks.",
    "Discussions of Stalinism usually begin with Lenin's one-party state.",
    "Examine the record of the Cheka and a clear pattern appears.",
    "Assess Stalin's rule by its results and the continuity with Lenin is obvious.",
    "Evaluated on its results, Stalin's rule continued Lenin's in almost every respect.",
    # A prompt's words, but the sentence goes on to say something.
    "Consider why Lenin created the Cheka in 1917: he feared the counter-revolution.",
    "Compare the two men and the question of whether Stalin betrayed Lenin answers itself.",
    # A question or quotation the writer goes on from, not followed by an instruction of its own.
    "Was Stalinism a continuation of Leninism? Most historians now say that it was.",
    "Was Stalin a monster? Consider the famine.",
    "Lenin said “all power to the soviets.” Discuss.",
    "“All power to the soviets,” Lenin said in 1917. Stalin ended that.",
]


@pytest.mark.parametrize("header", ["", "Lenin and Stalin\n"])
@pytest.mark.parametrize("first_line", OPENINGS_THAT_ARE_NO_PROMPT)
def test_an_opening_that_is_no_prompt_stays_the_introduction(nlp, header, first_line):
    roles = paragraph_roles(nlp, header + essay(first_line))
    assert roles[-5:] == ["introduction", "body", "body", "body", "conclusion"]


def test_the_thesis_is_found_in_the_paragraph_after_the_prompt(analyzer):
    analysis = analyzer.analyze(essay("Discuss to what extent Stalinism was a logical continuation of Leninism."))
    assert analysis.thesis is not None
    assert analysis.thesis.text == "I believe that Stalinism was a logical continuation of Leninism."
    assert analysis.paragraphs[analysis.sentences[analysis.thesis.sentence].paragraph].role == "introduction"


def test_the_baseline_reads_the_same_parts(analyzer):
    analysis = analyzer.analyze(essay("Assess whether Stalinism was a logical continuation of Leninism."))
    roles = positional_roles(analysis)
    texts = {sentence.text: sentence_roles for sentence, sentence_roles in zip(analysis.sentences, roles)}
    assert texts["Assess whether Stalinism was a logical continuation of Leninism."] == []
    assert texts["I believe that Stalinism was a logical continuation of Leninism."] == ["thesis"]
    assert texts[CONCLUSION] == ["thesis_restatement"]


PROMPTED_ESSAY = essay("Using the sources and your own knowledge, assess whether Stalinism continued Leninism.")


def test_the_api_feedback_and_comparison_see_the_prompt_as_the_title(client):
    document = client.post("/v1/feedback", json={"text": PROMPTED_ESSAY}).json
    assert [paragraph["role"] for paragraph in document["paragraphs"]] == [
        "title", "introduction", "body", "body", "conclusion",
    ]
    codes = [item["code"] for item in document["feedback"]]
    assert "THESIS_NOT_IN_INTRODUCTION" not in codes
    assert "PARAGRAPH_WITHOUT_CLAIM" not in codes  # the introduction is no longer taken for a body paragraph
    student = document["comparison"]["structure"]["student"]
    assert student["roles"][:2] == ["title", "introduction"]
    assert student["thesis_paragraph"] == 1 and student["thesis_in_introduction"] is True
    assert [body["paragraph"] for body in student["body"]] == [2, 3]


def test_the_report_labels_the_prompt_as_the_title(client):
    page = parse(client.post("/v1/feedback?format=html", json={"text": PROMPTED_ESSAY}).get_data(as_text=True))
    paragraphs = page.find_all("p", data_paragraph_role="title") + page.find_all("p", data_paragraph_role="introduction")
    assert [element.attrs["data-paragraph-role"] for element in paragraphs] == ["title", "introduction"]
    assert paragraphs[0].text.startswith("Using the sources")
    assert paragraphs[1].text.startswith("Historians have argued")
