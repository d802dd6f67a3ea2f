"""The essay's structure in a few numbers, and the student's paragraphs aligned with the reference's."""

from __future__ import annotations

from service.analysis.comparison.features import EssayFeatures
from service.analysis.comparison.model import BodyParagraphSummary, ParagraphAlignment, StructureSummary
from service.analysis.comparison.reference_arguments import ReferenceArgument
from service.analysis.feedback import one_sentence_paragraphs
from service.analysis.model import EssayAnalysis

ALIGN_MIN = 0.15


def works_cited_entries(analysis: EssayAnalysis) -> list[str]:
    """The entries of the works-cited list: the analysis' own list if it has one, else its paragraphs."""
    listed = getattr(analysis, "works_cited", None)
    if listed:
        return [getattr(entry, "text", str(entry)) for entry in listed]
    entries = []
    for paragraph in analysis.paragraphs:
        if paragraph.role != "works_cited":
            continue
        text = " ".join(sentence.text for sentence in analysis.sentences if sentence.paragraph == paragraph.index)
        # The heading line ("Works Cited") is part of the list's paragraphs but is no entry.
        if text and len(text.split()) > 3:
            entries.append(text)
    return entries


def summarize(analysis: EssayAnalysis, arguments_by_sentence: dict[int, list[str]]) -> StructureSummary:
    """Paragraph roles, thesis placement, and per body paragraph its claim, evidence and citations."""
    thesis = analysis.thesis
    thesis_paragraph = analysis.sentences[thesis.sentence].paragraph if thesis is not None else None
    roles = [paragraph.role for paragraph in analysis.paragraphs]
    citations_by_sentence: dict[int, int] = {}
    for citation in analysis.citations:
        if citation.sentence is not None:
            citations_by_sentence[citation.sentence] = citations_by_sentence.get(citation.sentence, 0) + 1
    body = []
    grouped = analysis.sentences_by_paragraph()
    for paragraph in analysis.paragraphs:
        if paragraph.role != "body":
            continue
        members = grouped.get(paragraph.index, [])
        if not members:
            continue
        found = []
        for sentence in members:
            for argument in arguments_by_sentence.get(sentence.index, []):
                if argument not in found:
                    found.append(argument)
        body.append(
            BodyParagraphSummary(
                paragraph=paragraph.index,
                opens_with_claim=bool({"claim", "counterargument"} & set(members[0].roles)),
                evidence=sum(1 for sentence in members if "evidence" in sentence.roles),
                citations=sum(citations_by_sentence.get(sentence.index, 0) for sentence in members),
                arguments=found,
            )
        )
    entries = works_cited_entries(analysis)
    return StructureSummary(
        paragraphs=len(analysis.paragraphs),
        roles=roles,
        thesis_paragraph=thesis_paragraph,
        thesis_in_introduction=thesis_paragraph is not None and roles[thesis_paragraph] == "introduction",
        stance=thesis.stance if thesis is not None else "unclear",
        conclusion_restates_thesis=bool(analysis.sentences_with_role("thesis_restatement")),
        body=body,
        counterarguments=len(analysis.sentences_with_role("counterargument")),
        rebuttals=len(analysis.sentences_with_role("rebuttal")),
        sources=len({citation.source for citation in analysis.citations if citation.source}),
        citations=len(analysis.citations),
        works_cited=bool(entries) or "works_cited" in roles,
        works_cited_entries=len(entries),
        one_sentence_paragraphs=one_sentence_paragraphs(analysis),
    )


def _jaccard(left: set, right: set) -> float:
    return len(left & right) / len(left | right) if left | right else 0.0


def _lemma_similarity(left: tuple[dict, float], right: tuple[dict, float], weights: EssayFeatures) -> float:
    """Weighted Dice coefficient of two paragraphs' lemmas, each given with its sum of weights."""
    (left, left_weight), (right, right_weight) = left, right
    shared = left.keys() & right.keys()
    total = left_weight + right_weight
    return 2 * sum(weights.weight(lemma) for lemma in shared) / total if total and shared else 0.0


def _weighted_lemmas(features: EssayFeatures, paragraph: int, weights: EssayFeatures) -> tuple[dict, float]:
    lemmas = features.paragraph_lemmas(paragraph)
    return lemmas, sum(weights.weight(lemma) for lemma in lemmas)


def align_paragraphs(
    student: StructureSummary,
    student_features: EssayFeatures,
    reference: StructureSummary,
    reference_features: EssayFeatures,
    arguments: list[ReferenceArgument],
) -> list[ParagraphAlignment]:
    """Pair body paragraphs by the arguments they make (and their shared lemmas), best pairs first."""
    labels = {argument.id: argument.label for argument in arguments}
    reference_arguments = {
        summary.paragraph: {a.id for a in arguments if summary.paragraph in a.paragraphs} or set(summary.arguments)
        for summary in reference.body
    }
    # Each paragraph's lemmas and their weight once, not once per pair.
    reference_lemmas = {
        theirs.paragraph: _weighted_lemmas(reference_features, theirs.paragraph, reference_features)
        for theirs in reference.body
    }
    candidates = []
    for mine in student.body:
        lemmas = _weighted_lemmas(student_features, mine.paragraph, reference_features)
        for theirs in reference.body:
            by_argument = _jaccard(set(mine.arguments), reference_arguments[theirs.paragraph])
            by_lemma = _lemma_similarity(lemmas, reference_lemmas[theirs.paragraph], reference_features)
            # Arguments say what a paragraph is about; shared rare lemmas break ties between
            # paragraphs that make the same argument.
            candidates.append(((by_argument + by_lemma) / 2, mine.paragraph, theirs.paragraph))
    pairs: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for similarity, mine, theirs in sorted(candidates, reverse=True):
        if similarity < ALIGN_MIN or mine in taken or theirs in pairs:
            continue
        pairs[theirs] = (mine, similarity)
        taken.add(mine)

    rows = [_frame_row(student, reference, "introduction"), _frame_row(student, reference, "conclusion")]
    rows = [row for row in rows if row is not None]
    for theirs in reference.body:
        ids = sorted(reference_arguments[theirs.paragraph])
        topic = "; ".join(labels[i] for i in ids if i in labels) or "this paragraph's point"
        if theirs.paragraph in pairs:
            mine, similarity = pairs[theirs.paragraph]
            rows.append(ParagraphAlignment(mine, theirs.paragraph, round(similarity, 3), f"Both argue: {topic}.", ids))
        else:
            rows.append(ParagraphAlignment(None, theirs.paragraph, 0.0, f"No paragraph of yours matches: {topic}.", ids))
    for mine in student.body:
        if mine.paragraph not in taken:
            rows.append(
                ParagraphAlignment(
                    mine.paragraph, None, 0.0, "The reference has no paragraph on this point.", list(mine.arguments)
                )
            )
    return sorted(rows, key=lambda row: (row.student is None, row.student if row.student is not None else row.reference))


def _frame_row(student: StructureSummary, reference: StructureSummary, role: str) -> ParagraphAlignment | None:
    mine = student.roles.index(role) if role in student.roles else None
    theirs = reference.roles.index(role) if role in reference.roles else None
    if mine is None and theirs is None:
        return None
    if mine is None:
        return ParagraphAlignment(None, theirs, 0.0, f"The reference has {_article(role)} {role}; your essay does not.")
    if theirs is None:
        return ParagraphAlignment(mine, None, 0.0, f"Your {role} has no counterpart in the reference.")
    if role == "introduction":
        note = "Both introductions state the thesis." if student.thesis_in_introduction else (
            "The reference states its thesis in the introduction; yours does not."
        )
    else:
        note = "Both conclusions restate the thesis." if student.conclusion_restates_thesis else (
            "Your conclusion does not come back to your thesis."
        )
    return ParagraphAlignment(mine, theirs, 1.0, note)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
