"""The question an essay answers, set as its first paragraph: a title, not the introduction.

The paragraph finder (paragraphs.py) runs before the parser and reads lines only, so a first
line such as "Assess whether Stalinism was a logical continuation of Leninism." looks to it
like a one-sentence introduction. Telling an exam prompt from an opening statement needs the
parse (an imperative main verb without a subject), so this component runs after the parser
and `essay_sentences`, and re-labels such a first paragraph `title` in `doc._.paragraphs`;
the API, the feedback, the comparison, the report and the argument detectors all read those
roles.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

# A first paragraph this short that is a question ("Was Stalinism a continuation of
# Leninism?") or an exam prompt ("Assess whether Stalinism ...") is the essay's title or the
# question it answers, not its introduction.
QUESTION_TITLE_MAX_WORDS = 25
PROMPT_WORDS = {"whether", "extent"}
# Only an essay with an introduction, a body and a conclusion after the question loses its
# first paragraph to the title: a short answer may well open with the question it discusses.
MIN_PARAGRAPHS_AFTER = 3
CONTENT_ROLES = ("introduction", "body", "conclusion")


def is_question_title(sentence: Span) -> bool:
    """A short question, or an imperative prompt: "Using the sources, assess whether ...", "Discuss to what extent ..."."""
    words = [token for token in sentence if not token.is_punct and not token.is_space]
    if len(words) > QUESTION_TITLE_MAX_WORDS:
        return False
    if sentence[-1].text == "?":
        return True
    root = sentence.root
    imperative = root.tag_ in {"VB", "VBP"} and not any(child.dep_.startswith("nsubj") for child in root.children)
    return imperative and any(token.lower_ in PROMPT_WORDS for token in words)


@Language.component("essay_question_title", requires=["doc._.paragraphs", "doc._.sentences"])
def essay_question_title(doc: Doc) -> Doc:
    """Re-label a first paragraph that is the essay's question `title`; the next one is the introduction."""
    paragraphs = doc._.paragraphs
    sentences: dict[int, list[Span]] = {}
    for sentence in doc._.sentences:
        sentences.setdefault(sentence._.paragraph, []).append(sentence)
    content = [index for index, paragraph in enumerate(paragraphs) if paragraph.role in CONTENT_ROLES and index in sentences]
    if len(content) <= MIN_PARAGRAPHS_AFTER or paragraphs[content[0]].role != "introduction":
        return doc
    first = sentences[content[0]]
    if len(first) != 1 or not is_question_title(first[0]):
        return doc
    roles = {content[0]: "title", content[1]: "introduction", content[-1]: "conclusion"}
    roles.update({index: "body" for index in content[2:-1]})
    doc._.paragraphs = [replace(paragraph, role=roles.get(index, paragraph.role)) for index, paragraph in enumerate(paragraphs)]
    return doc
