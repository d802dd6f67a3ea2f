"""Feedback items drawn from the detected structure, worded from the catalogue in data/feedback.json."""

from __future__ import annotations


from service.analysis.argument_context import CONTEXT_CONFIG, written_line_per_sentence
from service.analysis.lexicons import load_lexicon
from service.analysis.model import EssayAnalysis, FeedbackItem, Sentence
from service.analysis.question import Question
from service.analysis.quotes import count_double_quotes

CATALOGUE = load_lexicon("feedback")
MIN_WORDS = 250
# An essay that takes no position and tells dated events in this many sentences, and in this
# share of them, retells history instead of arguing (NARRATIVE_NOT_ARGUMENT).
NARRATIVE_MIN_SENTENCES = 3
NARRATIVE_MIN_SHARE = 0.3


# Quoted candidates are cut to this many characters in a message.
QUOTE_LIMIT = 160


def item(
    code: str, sentence: Sentence | None = None, start: int | None = None, end: int | None = None, **words: str
) -> FeedbackItem:
    """A catalogue entry placed on `sentence` (or start/end), its message filled with `words`."""
    entry = CATALOGUE[code]
    if sentence is not None and start is None:
        start, end = sentence.start, sentence.end
    return FeedbackItem(
        code=code,
        severity=entry["severity"],
        message=entry["message"].format(**words) if words else entry["message"],
        sentence=sentence.index if sentence is not None else None,
        start=start,
        end=end,
    )


def one_sentence_paragraphs(analysis: EssayAnalysis) -> bool:
    """Whether the essay has every sentence on a line of its own: its parts were then read from
    its sentences (argument_context.py), and paragraph-by-paragraph advice would mislead."""
    grouped = analysis.sentences_by_paragraph()
    sizes = [
        len(grouped.get(paragraph.index, []))
        for paragraph in analysis.paragraphs
        if paragraph.role in {"introduction", "body", "conclusion"}
    ]
    # The analysed essay's own parts were read with the `argument_roles` component's config; the
    # feedback, outside the pipeline, reads the sizes with the defaults.
    return written_line_per_sentence(
        [size for size in sizes if size], CONTEXT_CONFIG["line_per_sentence_min_lines"], CONTEXT_CONFIG["line_per_sentence_share"]
    )


def _paragraph_checks(analysis: EssayAnalysis) -> list[FeedbackItem]:
    found = []
    roles = [paragraph.role for paragraph in analysis.paragraphs]
    if "introduction" not in roles:
        found.append(item("NO_INTRODUCTION"))
    if "conclusion" not in roles:
        found.append(item("NO_CONCLUSION"))
    if "body" not in roles and "introduction" in roles:
        found.append(item("NO_BODY_PARAGRAPHS"))
    grouped = analysis.sentences_by_paragraph()
    for paragraph in analysis.paragraphs:
        if paragraph.role != "body":
            continue
        members = grouped.get(paragraph.index, [])
        if members and not any("evidence" in sentence.roles for sentence in members):
            found.append(item("PARAGRAPH_WITHOUT_EVIDENCE", members[0], paragraph.start, paragraph.end))
    return found


def question_words(question: Question | None) -> dict[str, str]:
    """How messages name the question and the answers it allows."""
    if question is None or not question.text:
        return {"question": "the essay's question", "poles": "say what your answer is"}
    return {"question": f"“{question.text}”", "poles": question.describe_poles()}


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…"


def _thesis_checks(analysis: EssayAnalysis, question: Question | None) -> list[FeedbackItem]:
    words = question_words(question)
    thesis = analysis.thesis
    if thesis is None:
        return [item("THESIS_MISSING", **words)]
    sentence = analysis.sentences[thesis.sentence]
    if thesis.unclear:
        return [item("THESIS_UNCLEAR", sentence, quote=_quote(sentence.text), **words)]
    found = []
    # A question sent without the stances it allows has none to read: no advice on it.
    if thesis.stance == "unclear" and (question is None or question.poles):
        found.append(item("THESIS_STANCE_UNCLEAR", sentence, **words))
    in_conclusion = analysis.paragraphs[sentence.paragraph].role == "conclusion"
    has_conclusion = any(paragraph.role == "conclusion" for paragraph in analysis.paragraphs)
    # A position first taken in the conclusion has nothing to restate (THESIS_NOT_IN_INTRODUCTION says where it belongs).
    if has_conclusion and not in_conclusion and not analysis.sentences_with_role("thesis_restatement"):
        found.append(item("THESIS_NOT_RESTATED"))
    return found


def _citation_checks(analysis: EssayAnalysis) -> list[FeedbackItem]:
    found = []
    if not analysis.citations:
        found.append(item("NO_CITATIONS"))
    elif len({citation.source for citation in analysis.citations}) == 1 and len(analysis.citations) > 2:
        found.append(item("SINGLE_SOURCE"))
    cited = {citation.sentence for citation in analysis.citations}
    for sentence in analysis.sentences:
        quoted = count_double_quotes(sentence.text) >= 2
        if quoted and sentence.index not in cited and sentence.index + 1 not in cited and analysis.citations:
            found.append(item("QUOTATION_WITHOUT_CITATION", sentence))
    return found


def _works_cited_checks(analysis: EssayAnalysis) -> list[FeedbackItem]:
    """Citations whose source has no entry in the list at the end, and entries nobody cites."""
    if not analysis.works_cited:
        return []
    listed = {source for entry in analysis.works_cited for source in entry.matches}
    found, reported = [], set()
    for citation in analysis.citations:
        for source in citation.sources or [citation.source]:
            if source not in listed and source not in reported and source not in citation.unresolved:
                reported.add(source)
                sentence = analysis.sentences[citation.sentence] if citation.sentence is not None else None
                found.append(item("CITED_SOURCE_NOT_LISTED", sentence, citation.start, citation.end))
    for entry in analysis.works_cited:
        if not entry.cited:
            sentence = next((s for s in analysis.sentences if entry.start <= s.start < entry.end), None)
            found.append(item("LISTED_SOURCE_NOT_CITED", sentence, entry.start, entry.end))
    return found


def takes_position(analysis: EssayAnalysis) -> bool:
    return analysis.thesis is not None and not analysis.thesis.unclear


def narrative_passage(analysis: EssayAnalysis) -> tuple[int, int] | None:
    """Where an essay that retells events instead of arguing does so: it takes no position and
    at least NARRATIVE_MIN_SHARE of its sentences tell dated events; from the first to the last."""
    if takes_position(analysis) or len(analysis.narrative) < NARRATIVE_MIN_SENTENCES:
        return None
    content = [s for s in analysis.sentences if analysis.paragraphs[s.paragraph].role in {"introduction", "body", "conclusion"}]
    if len(analysis.narrative) < NARRATIVE_MIN_SHARE * len(content):
        return None
    return analysis.sentences[analysis.narrative[0]].start, analysis.sentences[analysis.narrative[-1]].end


def _narrative_checks(analysis: EssayAnalysis, question: Question | None) -> list[FeedbackItem]:
    passage = narrative_passage(analysis)
    if passage is None:
        return []
    return [item("NARRATIVE_NOT_ARGUMENT", None, *passage, **question_words(question))]


def _counterargument_checks(analysis: EssayAnalysis) -> list[FeedbackItem]:
    if not takes_position(analysis):
        return []  # no position to defend yet: the thesis feedback comes first
    counters = analysis.sentences_with_role("counterargument")
    if not counters:
        return [item("NO_COUNTERARGUMENT")] if analysis.stats.paragraphs >= 3 else []
    rebutted = {sentence.paragraph for sentence in analysis.sentences_with_role("rebuttal")}
    return [item("COUNTERARGUMENT_NOT_ANSWERED", sentence) for sentence in counters if sentence.paragraph not in rebutted]


def _structure_checks(analysis: EssayAnalysis) -> list[FeedbackItem]:
    """Thesis placement and claims opening body paragraphs."""
    found = []
    thesis = analysis.thesis
    if thesis is not None and not thesis.unclear:
        sentence = analysis.sentences[thesis.sentence]
        if analysis.paragraphs[sentence.paragraph].role != "introduction" and any(
            paragraph.role == "introduction" for paragraph in analysis.paragraphs
        ):
            found.append(item("THESIS_NOT_IN_INTRODUCTION", sentence))
    grouped = analysis.sentences_by_paragraph()
    for paragraph in analysis.paragraphs:
        if paragraph.role != "body":
            continue
        members = grouped.get(paragraph.index, [])
        if members and not any({"claim", "counterargument"} & set(sentence.roles) for sentence in members):
            found.append(item("PARAGRAPH_WITHOUT_CLAIM", members[0], paragraph.start, paragraph.end))
    return found


def comparison_feedback(analysis: EssayAnalysis, question: str = "") -> list[FeedbackItem]:
    """Items from the comparison with the reference: off topic, copied, arguments missing."""
    comparison = analysis.comparison
    if comparison is None:
        return []
    found = []
    if not comparison.topic.on_topic:
        entry = item("OFF_TOPIC")
        entry.message = entry.message.format(question=question or comparison.reference.title)
        found.append(entry)
    if comparison.overlap.copied:
        entry = item("REFERENCE_COPIED")
        entry.message = entry.message.format(percent=round(100 * comparison.overlap.share))
        found.append(entry)
    missing = [argument.label for argument in comparison.arguments if not argument.covered]
    if comparison.topic.on_topic and missing:
        entry = item("REFERENCE_ARGUMENT_MISSING")
        entry.message = entry.message.format(labels="; ".join(missing))
        found.append(entry)
    return found


def order_feedback(items: list[FeedbackItem]) -> list[FeedbackItem]:
    """Most important first: off topic, then by severity, then in reading order."""
    order = {"problem": 0, "warning": 1, "suggestion": 2, "info": 3}
    return sorted(
        items,
        key=lambda entry: (
            entry.code != "OFF_TOPIC",
            order[entry.severity],
            entry.start if entry.start is not None else -1,
        ),
    )


def build_feedback(analysis: EssayAnalysis, question: Question | None = None) -> list[FeedbackItem]:
    """All feedback items for an analysed essay, most severe first, then in reading order;
    messages about the thesis name `question`, the question of the essay's assignment."""
    found = []
    if analysis.stats.words < MIN_WORDS:
        found.append(item("ESSAY_TOO_SHORT"))
    found += _thesis_checks(analysis, question)
    if one_sentence_paragraphs(analysis):
        # One warning for the whole essay: paragraph-by-paragraph advice would mislead.
        found.append(item("ONE_SENTENCE_PARAGRAPHS"))
    else:
        found += _paragraph_checks(analysis)
        found += _structure_checks(analysis)
    found += _citation_checks(analysis)
    found += _counterargument_checks(analysis)
    found += _narrative_checks(analysis, question)
    found += _works_cited_checks(analysis)
    order = {"problem": 0, "warning": 1, "suggestion": 2, "info": 3}
    return sorted(found, key=lambda entry: (order[entry.severity], entry.start if entry.start is not None else -1))
