"""Thesis: the introduction's sentence that answers the question with a position; its
restatement in the conclusion; the stance it takes (continuity | discontinuity | mixed | unclear),
read by stance.py.

A sentence is scored on general cues (data/thesis.json): opinion phrases and first-person
subjects of opinion verbs found on the parse, a modal main clause ("should", "must"), words of the
question or the title, stance words, and its place in the introduction. Quotations, citations,
questions, counterargument openers and empty stances ("I agree with this view.") count against
it; but agreeing with "this view" makes the view reported in the sentence before the position.
Below `thesis_min_score` there is no thesis, and the feedback says so instead of promoting a
random sentence; but a position first taken in the conclusion is the thesis, stated late.
The introduction's sentence that the conclusion says again scores more: a thesis is restated
at the end, which finds positions without an opinion cue on prompts other than ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Span, Token

from service.analysis.argument_context import ArgumentContext, CueMatcher
from service.analysis.question import Question, term_groups
from service.analysis.stance import StanceReader, posed
from service.analysis.thesis_answer import (
    RELATION_GROUPS,
    AnswerModel,
    SentenceFacts,
    answer_features,
)

CUE_GROUPS = (
    "position_cues", "conclusion_cues", "contrast_openers", "continuity_cues", "discontinuity_cues", "mixed_cues",
    "empty_stance_cues", "referring_stance_cues", "weighing_cues", "similarity_cues", "difference_cues",
    "pair_references", "truth_cues", "appearance_cues", "verdict_openers", "correction_openers",
)
CONTENT_CLAUSE_EDGES = {"ccomp", "acl", "relcl", "parataxis"}
# Subjects that stand for something said before, or for the writer: "it is true", "I agree".
REFERRING_PRONOUNS = {"i", "it", "this", "that", "these", "those", "which", "what"}
PERSONAL_PRONOUNS = {"he", "she", "they", "him", "her", "them"}
# A candidate speaks of the question: names its terms, both at once, or answers it outright.
QUESTION_FEATURES = ("both_sides", "one_side", "pair_reference", "answer")


@dataclass
class ThesisResult:
    thesis: int | None = None
    also_thesis: list[int] = field(default_factory=list)
    restatements: list[int] = field(default_factory=list)
    stance: str = "unclear"
    # How sure the detector is that `thesis` states the writer's answer, in [0, 1].
    confidence: float = 0.0
    # A candidate too weak to call the thesis: the feedback asks whether it is (THESIS_UNCLEAR).
    unclear: bool = False


def content_lemmas(span: Span) -> set[str]:
    return {token.lemma_.lower() for token in span if token.is_alpha and not token.is_stop}


class ThesisDetector:
    """Find the thesis, its restatement and its stance in an `ArgumentContext`."""

    def __init__(
        self,
        nlp: Language,
        cues: CueMatcher,
        answer_model: AnswerModel,
        *,
        thesis_min_score: float,
        restatement_min_score: float,
        second_sentence_score: float,
        empty_stance_penalty: float,
        first_sentence_penalty: float,
        echo_min_shared: int,
        echo_min_share: float,
        echo_bonus: float,
        denial_reach: int,
        cue_weights: dict[str, float],
        restatement_weights: dict[str, float],
        confidence_span: float,
        unclear_confidence: list[float],
    ):
        """The scores and weights come from the `argument_roles` component's config (THESIS_CONFIG, arguments.py)."""
        self.thesis_min_score, self.restatement_min_score = thesis_min_score, restatement_min_score
        self.second_sentence_score, self.empty_stance_penalty = second_sentence_score, empty_stance_penalty
        self.first_sentence_penalty, self.echo_bonus = first_sentence_penalty, echo_bonus
        self.echo_min_shared, self.echo_min_share = echo_min_shared, echo_min_share
        self.cue_weights, self.restatement_weights = dict(cue_weights), dict(restatement_weights)
        self.confidence_span, self.unclear_confidence = confidence_span, tuple(unclear_confidence)
        lexicon = cues.add_lexicon(
            "thesis", CUE_GROUPS, adverb_inside=RELATION_GROUPS, noun_phrases=("empty_stance_cues",)
        )
        self.answer_model = answer_model
        self.modals = set(lexicon["evaluative_modals"])
        self.opinion_verbs = set(lexicon["opinion_verb_lemmas"])
        self.opinion_adjectives = set(lexicon["opinion_adjectives"])
        self.evaluative_adjectives = set(lexicon["evaluative_adjectives"])
        self.rejecting_lemmas = set(lexicon["rejecting_lemmas"])
        self.stances = StanceReader(lexicon, denial_reach=denial_reach)
        # "Some historians argue ...": the other side's view (cues of claims.py, same matcher).
        self.other_side_verbs = set(cues.lexicons["claims"]["other_side_verbs"])

    def opinion_sentences(self, context: ArgumentContext) -> set[int]:
        """Introduction and conclusion sentences with a first-person opinion verb ("I believe",
        "this essay argues"); only those are read, which keeps the matcher cheap."""
        return {
            index
            for index in (*context.introduction, *context.conclusion)
            if any(self._states_opinion(token) for token in context.sentences[index])
        }

    def _states_opinion(self, subject: Token) -> bool:
        """A first-person subject of an opinion verb, read on the parse: "I (firmly) believe"."""
        if subject.dep_ not in {"nsubj", "nsubjpass"} or subject.lower_ not in self.stances.first_person:
            return False
        head = subject.head
        if head.lemma_.lower() in self.opinion_verbs:
            return True
        if any(child.dep_ == "xcomp" and child.lemma_.lower() in self.opinion_verbs for child in head.children):
            # "I tend to agree", "I would like to argue"
            return True
        # "I am sure that ...", "I am (utterly) convinced that ..."
        return head.lemma_ == "be" and any(
            child.dep_ == "acomp" and child.lower_ in self.opinion_adjectives for child in head.children
        )

    def find(self, context: ArgumentContext) -> ThesisResult:
        """The thesis: among all sentences, by the answer model, when the essay names the
        question's key terms; otherwise (another question, or none given) by the general cues
        in the introduction."""
        opinions, title_lemmas, by_cues = self._read_by_cues(context)
        table = self.answer_table(context, opinions, title_lemmas, by_cues)
        if not table:
            return by_cues
        return self._find_by_answer(context, table, opinions, title_lemmas, context.doc._.question)

    def candidates(self, context: ArgumentContext) -> dict[int, dict[str, float]]:
        """The answer features of every sentence that may be the thesis, by sentence index; empty
        when the essay names none of its question's key terms (scripts/fit_thesis_answer.py)."""
        return self.answer_table(context, *self._read_by_cues(context))

    def _read_by_cues(self, context: ArgumentContext) -> tuple[set[int], set[str], ThesisResult]:
        """The opinion sentences, the title's lemmas, and the thesis the general cues alone find."""
        opinions = self.opinion_sentences(context)
        title_lemmas = content_lemmas(context.title) if context.title is not None else set()
        return opinions, title_lemmas, self._find_by_cues(context, opinions, title_lemmas)

    def answer_table(
        self, context: ArgumentContext, opinions: set[int], title_lemmas: set[str], by_cues: ThesisResult
    ) -> dict[int, dict[str, float]]:
        """The answer features (thesis_answer.py) of every sentence that may be the thesis; none
        without a question with key terms, or in an essay that names none of them."""
        question = context.doc._.question
        if question is None or not question.key_terms:
            return {}
        if not any(term_groups(sentence, question) for sentence in context.sentences):
            return {}
        parts = [("title", [context.title_index] if context.title_index is not None else [])]
        parts += [("introduction", context.introduction), ("conclusion", context.conclusion)]
        parts += [("body", members) for members in context.body]
        count = len(context.sentences)
        table = {}
        for part, members in parts:
            for position, index in enumerate(members):
                sentence = context.sentences[index]
                facts = SentenceFacts(
                    opinion=index in opinions or context.has(index, "position_cues"),
                    other_side=self._opens_other_side(context, index),
                    reports_view=self._reports_someone(sentence, context.cues[index]),
                    judges=self._modal_main_clause(sentence) or self._judges(sentence),
                    cue_score=self._thesis_score(context, index, opinions, title_lemmas),
                    cue_pick=index == by_cues.thesis,
                    denies=self.stances.denied_stance(context, index, question) != "unclear",
                )
                place = (position, len(members), index, count)
                table[index] = answer_features(
                    sentence,
                    context.cues[index],
                    question,
                    part,
                    place,
                    index in context.cited,
                    facts,
                    posed,
                    context.entities[index],
                )
        return table

    def _find_by_answer(
        self,
        context: ArgumentContext,
        table: dict[int, dict[str, float]],
        opinions: set[int],
        title_lemmas: set[str],
        question: Question,
    ) -> ThesisResult:
        """The sentence most likely to state the answer: the thesis when the model is sure of
        it, a candidate to ask about when it is not, none when nothing answers the question."""
        model = self.answer_model
        # A title, a heading or a question is never the thesis, however it scores.
        scores = {
            index: model.score(features)
            for index, features in table.items()
            if not (features["title_line"] or features["heading"] or features["question"])
        }
        result = ThesisResult()
        if not scores:
            return result
        ranked = sorted(scores, key=lambda index: (-scores[index], index))
        best = ranked[0]
        confidence = model.confidence(scores[best], table, best)
        if confidence < model.candidate:
            return result
        stated_first = self._stated_first(context, best, table)
        if stated_first is not None and stated_first in scores:
            # `best` restates an earlier sentence (the introduction's, or its paragraph's opening):
            # where the answer was first stated is the thesis.
            best = stated_first
        if not _speaks_of_question(table[best]):
            # A best sentence that names nothing of the question ("I think these experiences made
            # him stronger") yields to the next that does, nearly as good; the thesis is then as
            # sure as the less sure of the two.
            floor = scores[best] - model.second_margin
            others = (index for index in ranked if index != best and scores[index] >= floor)
            nearly = next((index for index in others if _speaks_of_question(table[index])), None)
            if nearly is not None:
                best = nearly
                confidence = min(confidence, model.confidence(scores[best], table, best))
            elif confidence < model.sure:
                return result  # too weak to be sure of, and not about the question: nothing answers it
        ranked = [best, *(index for index in ranked if index != best)]
        result.thesis, result.confidence = best, confidence
        result.unclear = confidence < model.sure
        continued = []
        if not result.unclear:
            # A position stated in two sentences, the second nearly as good an answer as the first.
            result.also_thesis = [
                index
                for index in ranked[1:2]
                if scores[index] >= scores[best] - model.second_margin
                and model.confidence(scores[index], table, index) >= model.sure
                and _speaks_of_question(table[index])
            ]
            continued = self._continued(context, best, scores, table)
            result.also_thesis += [index for index in continued if index not in result.also_thesis]
        # The stance is the best sentence's; the second speaks only when the first takes none,
        # and the sentences that go on with the statement make it mixed when they take the other side.
        for index in (best, *result.also_thesis):
            result.stance = self.stances.own_stance(context, index, question)
            if result.stance != "unclear":
                break
        if result.stance in question.sides() and any(
            self.stances.own_stance(context, index, question) not in ("unclear", result.stance) for index in continued
        ):
            # "Stalin was not a Leninist as the old Bolsheviks were. Stalin continued the Leninist
            # practice of violence.": one statement that takes both sides.
            result.stance = "mixed"
        if result.stance == "unclear" and question.poles:
            # "Both Lenin and Stalin made big changes": on the question, but no answer to it.
            result.unclear, result.also_thesis = True, []
            result.confidence = min(result.confidence, model.candidate + (model.sure - model.candidate) / 2)
        if result.unclear:
            result.stance = "unclear"  # a candidate's leaning is no position
        else:
            restated = self._restatements(context, best, opinions, title_lemmas)
            result.restatements = [
                index
                for index in restated
                if index not in (best, *result.also_thesis) and self._restates(context, index, result.stance, question)
            ]
        return result

    def _continued(
        self, context: ArgumentContext, best: int, scores: dict[int, float], table: dict[int, dict[str, float]]
    ) -> list[int]:
        """The sentences that go on stating the position after `best`: the next ones of its
        paragraph, in a row, each speaking of the question and nearly as good an answer
        (within the model's `statement_margin`)."""
        paragraph = next((members for members in context.parts() if best in members), [])
        floor = scores[best] - self.answer_model.statement_margin
        continued = []
        for index in paragraph[paragraph.index(best) + 1 :] if paragraph else []:
            if scores.get(index, floor - 1) < floor or not _speaks_of_question(table[index]):
                break
            continued.append(index)
        return continued

    def _reports_someone(self, sentence: Span, cues: dict[str, list[Span]]) -> bool:
        """A relation between the question's terms told as someone else's view: under a verb of
        saying or thinking whose subject is not the writer ("Some socialists argue that Stalin
        betrayed ..."), or a noun of belief ("the belief that Stalin 'betrayed' Lenin")."""
        root = sentence.root
        reports = root.lemma_.lower() in self.stances.reported_view_lemmas
        if reports and any(child.dep_ == "ccomp" for child in root.children):
            # "Many textbooks say that ...": the whole sentence is someone's view.
            subjects = [child for child in root.children if child.dep_ in {"nsubj", "nsubjpass"}]
            if subjects and not self.stances.writers_voice(root, subjects):
                return True
        for group in RELATION_GROUPS:
            for match in cues.get(group, []):
                if self.stances.under_someones_view(match.root):
                    return True
        return False

    def _restates(self, context: ArgumentContext, index: int, stance: str, question: Question) -> bool:
        """A restatement sums up ("In conclusion, ...") or takes the thesis's stance again: the last
        paragraph of an essay cut off before its conclusion restates nothing."""
        if context.starts_with(index, "conclusion_cues", within=2):
            return True
        said = self.stances.stance([context.sentences[index]], [context.cues[index]], question, own_view_only=True)
        return said == stance != "unclear"

    def _stated_first(self, context: ArgumentContext, best: int, table: dict[int, dict[str, float]]) -> int | None:
        """Where the answer was first stated, if `best` restates it (`echo_min_shared` content words,
        `echo_min_share` of the shorter sentence): the introduction's statement of an answer in the
        conclusion, or the opening sentence of the paragraph that `best` sums up ("Ultimately,
        X. ... Therefore, X again."); the question itself, asked or as a heading, restates nothing."""
        if best in context.conclusion:
            earlier = context.introduction
        else:
            paragraph = next((members for members in context.body if best in members), [])
            summing_up = len(paragraph) > 2 and best == paragraph[-1] and context.starts_with(best, "concluding_cues")
            earlier = paragraph[:1] if summing_up else []
        lemmas = content_lemmas(context.sentences[best])
        echoes = {}
        for index in earlier:
            if index not in table or table[index]["question"] or table[index]["heading"]:
                continue
            shared = lemmas & content_lemmas(context.sentences[index])
            others = content_lemmas(context.sentences[index])
            if len(shared) >= self.echo_min_shared and len(shared) >= self.echo_min_share * min(len(lemmas), len(others)):
                echoes[index] = len(shared)
        return max(echoes, key=echoes.get) if echoes else None

    def _find_by_cues(self, context: ArgumentContext, opinions: set[int], title_lemmas: set[str]) -> ThesisResult:
        result = ThesisResult()
        members = context.introduction
        echoes = self._echoes(context, members)
        scores = {}
        for position, index in enumerate(members):
            score = self._thesis_score(context, index, opinions, title_lemmas) + echoes.get(index, 0.0)
            if position == len(members) - 1:
                score += self.cue_weights["last_of_introduction"]
            elif position == len(members) - 2:
                score += self.cue_weights["second_last_of_introduction"]
            elif position == 0 and len(members) > 2:
                score -= self.first_sentence_penalty
            scores[index] = score
        self._endorsed_views(context, members, scores, opinions)
        ranked = sorted(scores, key=lambda index: (-scores[index], -index))
        if ranked and scores[ranked[0]] < self.thesis_min_score and len(members) > 2:
            # "I strongly disagree because ..." as the opening sentence: not a hook, when it
            # states the writer's opinion in so many words and nothing else is the position.
            first = members[0]
            if context.has(first, "position_cues") and scores[first] + self.first_sentence_penalty >= self.thesis_min_score:
                scores[first] += self.first_sentence_penalty
                ranked = sorted(scores, key=lambda index: (-scores[index], -index))
        if ranked and scores[ranked[0]] >= self.thesis_min_score:
            result.thesis = ranked[0]
            result.also_thesis = [index for index in ranked[1:] if scores[index] >= self.second_sentence_score][:1]
            stated = [result.thesis, *result.also_thesis]
            result.stance = self.stances.stance(
                [context.sentences[i] for i in stated], [context.cues[i] for i in stated], context.doc._.question
            )
        result.restatements = self._restatements(context, result.thesis, opinions, title_lemmas)
        if result.thesis is None:
            self._position_stated_late(context, result, opinions, title_lemmas)
        if result.thesis is None and result.restatements:
            # The conclusion leans towards a position too weakly to call it the thesis: it is the
            # candidate the feedback asks about, not a restatement of a thesis nobody stated.
            result.thesis, result.unclear, result.restatements = result.restatements[0], True, []
        if result.thesis is not None:
            result.confidence = self._cue_confidence(context, result.thesis, opinions, title_lemmas, result.unclear)
        return result

    def _cue_confidence(
        self, context: ArgumentContext, index: int, opinions: set[int], title_lemmas: set[str], unclear: bool
    ) -> float:
        """How sure the general cues are: one half at the threshold score, one `confidence_span`
        points above it; a candidate below the threshold stays within `unclear_confidence`."""
        score = self._thesis_score(context, index, opinions, title_lemmas)
        if unclear:
            low, high = self.unclear_confidence
            return round(min(high, max(low, 0.5 * score / self.thesis_min_score)), 3)
        return round(min(1.0, max(0.5, 0.5 + (score - self.thesis_min_score) / self.confidence_span)), 3)

    def _echoes(self, context: ArgumentContext, members: list[int]) -> dict[int, float]:
        """The introduction's sentence that the conclusion says again: "Seeking multiple opinions
        can help you make a better choice" ... "To sum it up, seeking multiple opinions can help
        someone make a better choice". A thesis is restated at the end, and this finds it when
        it has no opinion cue and no word of the question (prompts other than the Lenin-Stalin
        one). Only the closest echo counts, over `echo_min_shared` content words that make up
        `echo_min_share` of the shorter sentence; a plan ("This will be proven by ...") and a
        line without a full stop (a title) are no thesis however often they are echoed."""
        closing = [content_lemmas(context.sentences[index]) for index in context.conclusion]
        echoes = {}
        for index in members:
            sentence = context.sentences[index]
            if context.has(index, "plan_cues") or sentence[-1].text not in {".", "!"}:
                continue
            lemmas = content_lemmas(sentence)
            shares = [
                len(lemmas & other) / min(len(lemmas), len(other))
                for other in closing
                if len(lemmas & other) >= self.echo_min_shared
            ]
            if shares and max(shares) >= self.echo_min_share:
                echoes[index] = max(shares)
        if not echoes:
            return {}
        return {max(echoes, key=echoes.get): self.echo_bonus}

    def _endorsed_views(
        self, context: ArgumentContext, members: list[int], scores: dict[int, float], opinions: set[int]
    ) -> None:
        """"Some historians argue that X. I agree with this view.": the position is X.

        A sentence that agrees with "this view" / "the latter" and states nothing of its own
        hands its score (without the empty-stance penalty) to the sentence before it, when that
        one reports a view; it cannot be the thesis itself. Disagreeing with it ("I disagree with
        this view.") keeps the view from being the thesis.
        """
        for previous, index in zip(members, members[1:]):
            takes_stance = index in opinions or context.has(index, "position_cues")
            if not (takes_stance and context.has(index, "referring_stance_cues")):
                continue
            referring = context.cues[index]["referring_stance_cues"]
            if any(_has_content(match) for match in referring):
                continue  # "I agree with this view that ...": the sentence states its own position.
            if not self._reports_view(context, previous):
                continue
            sentence = context.sentences[index]
            if self._rejects(sentence):
                # "I disagree with this view": the view is the other side's, and the position,
                # its opposite, is stated nowhere.
                scores[previous] = min(scores[previous], self.thesis_min_score - self.empty_stance_penalty)
                continue
            scores[previous] = max(scores[previous], scores[index] + self.empty_stance_penalty)
            scores[index] = min(scores[index], self.thesis_min_score - self.empty_stance_penalty)

    def _reports_view(self, context: ArgumentContext, index: int) -> bool:
        """Whether a sentence reports a view: a clause under a verb or noun of saying or thinking
        ("Some people believe that ...", "the idea that ..."), a should/must, or a stance word."""
        sentence = context.sentences[index]
        if sentence[-1].text == "?":
            return False
        if context.has(index, "continuity_cues", "discontinuity_cues"):
            return True
        for token in sentence:
            if token.dep_ == "aux" and token.lower_ in self.modals:
                return True
            if token.lemma_.lower() in self.stances.reported_view_lemmas and any(
                child.dep_ in {"ccomp", "acl", "relcl"} for child in token.children
            ):
                return True
        return False

    def _rejects(self, sentence: Span) -> bool:
        """"I disagree with this view", "I do not agree with the latter"."""
        return any(token.lemma_.lower() in self.rejecting_lemmas or token.dep_ == "neg" for token in sentence)

    def _position_stated_late(
        self, context: ArgumentContext, result: ThesisResult, opinions: set[int], title_lemmas: set[str]
    ) -> None:
        """No thesis in the introduction, but the conclusion takes a position: that is the thesis,
        stated late (the feedback then says THESIS_NOT_IN_INTRODUCTION, not THESIS_MISSING)."""
        for index in result.restatements:
            if self._thesis_score(context, index, opinions, title_lemmas) >= self.thesis_min_score:
                result.thesis = index
                result.restatements = [other for other in result.restatements if other != index]
                result.stance = self.stances.stance([context.sentences[index]], [context.cues[index]], context.doc._.question)
                return

    def _thesis_score(self, context: ArgumentContext, index: int, opinions: set[int], title_lemmas: set[str]) -> float:
        """The general cues' score of a sentence as the thesis, weighed by `cue_weights`."""
        weights = self.cue_weights
        sentence = context.sentences[index]
        score = 0.0
        opinion = index in opinions or context.has(index, "position_cues")
        if opinion:
            score += weights["opinion"]
        stance_cues = [m for g in ("continuity_cues", "discontinuity_cues") for m in context.cues[index].get(g, [])]
        if any(not posed(match) for match in stance_cues):
            score += weights["stance_word"]
        elif stance_cues and not opinion:
            # "... whether Stalinism was a continuation of Leninism": asks, does not answer.
            score += weights["posed_stance"]
        if self._modal_main_clause(sentence) or self._judges(sentence):
            score += weights["judgement"]
        lemmas = content_lemmas(sentence)
        if _about_question(context, sentence) or len(lemmas & title_lemmas) >= 2:
            score += weights["about_question"]
        if len(lemmas & title_lemmas) >= 3:
            score += weights["title_words"]
        if sentence[-1].text == "?":
            score += weights["question_mark"]
        if self._states_nothing(context, index):
            score -= self.empty_stance_penalty
        if index in context.cited or context.has(index, "quote_marks") or context.starts_with(index, "example_cues", 3):
            score += weights["cited_or_example"]
        if index not in opinions and self._opens_other_side(context, index):
            score += weights["other_side"]
        elif context.starts_with(index, "contrast_openers", within=1):
            score += weights["contrast_opener"]
        return score

    def _opens_other_side(self, context: ArgumentContext, index: int) -> bool:
        """"Some historians argue that ...", "It is often said ...": the other side's view, unless
        the writer turns to an opinion of their own in the same sentence ("..., but I believe ...")."""
        return context.starts_with(index, "counterargument_cues", within=3) or context.opens_with_other_side(
            index, self.other_side_verbs, within=3
        )

    def _judges(self, sentence: Span) -> bool:
        """A main clause that passes judgement: "It is essential to ...", "City life is better than ...",
        "Asking several people is a great way to ...", but not on a person ("Lenin was a great speaker")."""
        root = sentence.root
        if root.lemma_ != "be":
            return False
        subjects = [child for child in root.children if child.dep_ == "nsubj"]
        if any(subject.ent_type_ == "PERSON" or subject.lower_ in PERSONAL_PRONOUNS for subject in subjects):
            return False  # "Lenin was a great speaker": said of a person, not a judgement on the question
        for child in root.children:
            if child.dep_ == "acomp" and child.lower_ in self.evaluative_adjectives:
                return True
            if child.dep_ == "attr" and any(
                modifier.dep_ == "amod" and modifier.lower_ in self.evaluative_adjectives for modifier in child.children
            ):
                return True  # "... is a great way to ...", "... is the best option"
        return False

    @staticmethod
    def _states_nothing(context: ArgumentContext, index: int) -> bool:
        """A stance on "this view" or "the following reasons", or an announcement of the essay's
        plan, with no clause of its own that says what the position is."""
        if not context.has(index, "empty_stance_cues"):
            return False
        sentence = context.sentences[index]
        if _main_clause_about_a_thing(sentence, context.cues[index]["empty_stance_cues"]):
            # "In my opinion, life in the past was happier, for several reasons.": the position
            # is the main clause; only the reasons are announced.
            return False
        return not any(_states_clause(token) for token in sentence)

    def _modal_main_clause(self, sentence: Span) -> bool:
        root = sentence.root
        return any(child.dep_ == "aux" and child.lower_ in self.modals for child in root.children)

    def _restatements(
        self, context: ArgumentContext, thesis: int | None, opinions: set[int], title_lemmas: set[str]
    ) -> list[int]:
        thesis_lemmas = content_lemmas(context.sentences[thesis]) if thesis is not None else set()
        weights = self.restatement_weights
        scores = {}
        for position, index in enumerate(context.conclusion):
            sentence = context.sentences[index]
            lemmas = content_lemmas(sentence)
            score = 0.0
            if thesis_lemmas and lemmas:
                # Overlap over the shorter of the two: a short restatement of a long thesis counts.
                score += weights["overlap"] * len(lemmas & thesis_lemmas) / min(len(thesis_lemmas), len(lemmas))
            if context.has(index, "conclusion_cues"):
                score += weights["conclusion_cue"]
            if index in opinions or context.has(index, "position_cues"):
                score += weights["opinion"]
            elif context.has(index, "weighing_cues"):
                # "In conclusion, both have pros and cons.": a weighing, not the position.
                score += weights["weighing"]
            if position > 0 and context.starts_with(index, "contrast_openers", within=1):
                # "In conclusion, although X has merits. However, Y.": the turn states the position.
                score += weights["contrast_turn"]
            if context.has(index, "continuity_cues", "discontinuity_cues") or self._modal_main_clause(sentence):
                score += weights["stance_word"]
            if _about_question(context, sentence) or len(lemmas & title_lemmas) >= 2:
                score += weights["about_question"]
            if position == 0:
                score += weights["first_of_conclusion"]
            if sentence[-1].text == "?" or index in context.cited:
                score += weights["question_or_cited"]
            scores[index] = score
        ranked = sorted(scores, key=lambda index: (-scores[index], index))
        if not ranked or scores[ranked[0]] < self.restatement_min_score:
            return []
        return [ranked[0], *(index for index in ranked[1:2] if scores[index] >= self.second_sentence_score)]

def _speaks_of_question(features: dict[str, float]) -> bool:
    """Whether a candidate's answer features (thesis_answer.py) speak of the question: its key
    terms, both sides at once, or a bare answer; `_about_question` reads the key terms alone."""
    return any(features[name] for name in QUESTION_FEATURES)


def _about_question(context: ArgumentContext, sentence: Span) -> bool:
    """Whether the sentence names one of the key terms of the question the essay answers."""
    question = context.doc._.question
    return question is not None and bool(term_groups(sentence, question))


def _states_clause(verb: Token) -> bool:
    """A complement clause with a subject of its own: "(I agree with the view) that Stalin continued ..."."""
    return verb.dep_ in CONTENT_CLAUSE_EDGES and any(
        child.dep_ in {"nsubj", "nsubjpass"} and child.tag_ not in {"WDT", "WP"} for child in verb.children
    )


def _main_clause_about_a_thing(sentence: Span, empty_cues: list[Span]) -> bool:
    """Whether the main clause has a subject of its own, a noun or "we"/"they", outside the
    empty-stance cue ("this view is true", "it is true" have none: they point back)."""
    return any(
        child.dep_ in {"nsubj", "nsubjpass"}
        and (child.pos_ in {"NOUN", "PROPN"} or child.pos_ == "PRON" and child.lower_ not in REFERRING_PRONOUNS)
        and not any(cue.start <= child.i < cue.end for cue in empty_cues)
        for child in sentence.root.children
    )


def _has_content(match: Span) -> bool:
    """Whether "this view" / "the idea" has a clause of its own: "this view that Stalin ..."."""
    return any(child.dep_ in {"acl", "relcl", "ccomp"} for child in match.root.children)

