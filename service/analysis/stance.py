"""The stance a thesis takes on the assignment's question: the poles its relation words vote for.

The assignment gives the poles (for ours: continuity, discontinuity, mixed) and the cue groups
that vote for each; `StanceReader` reads the votes of a sentence's cues on the parse: turned by
a negation or a doubt ("not a continuation", "the myth that Stalin betrayed Lenin"), weighed
against a conceded clause, left out when asked ("whether ...") or told as someone else's view.
A sentence with no relation word of its own may still take a side: it corrects the sentence
before ("But the truth is ..."), or calls what was just asked false ("It's propaganda.").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from service.analysis.argument_context import ArgumentContext
from service.analysis.question import Question, StancePole, term_groups
from service.analysis.thesis_answer import bare_answers

# Without poles in the assignment, a stance is read from the general relation cues.
DEFAULT_POLES = (
    StancePole("continuity", ("continuity_cues",)),
    StancePole("discontinuity", ("discontinuity_cues",)),
    StancePole("mixed", ("mixed_cues",)),
)
CLAUSE_EDGES = {"conj", "advcl", "relcl", "acl", "parataxis"}
# A stance word in "whether ..." or "if ..." poses the question rather than answering it.
QUESTION_MARKS = {"whether", "if"}
# Subjects that stand for something said before: "It's propaganda.", "That is wrong."
REFERRING_SUBJECTS = {"it", "this", "that", "these", "those"}
# Comparison words: a concession of one side against the other in these weighs both (mixed).
COMPARISON_GROUPS = ("similarity_cues", "difference_cues")
CONCESSION_MARKS = {"although", "though", "while", "whereas", "despite", "spite", "even"}


class StanceReader:
    """Reads the stance of sentences with the word lists of data/thesis.json."""

    def __init__(self, lexicon: dict, *, denial_reach: int):
        """`denial_reach`: how many sentences back a sentence that calls something false looks
        for what it denies (the `argument_roles` component's config, THESIS_CONFIG)."""
        self.first_person = set(lexicon["first_person_subjects"])
        self.reported_view_lemmas = set(lexicon["reported_view_lemmas"])
        self.doubting_words = set(lexicon["doubting_words"])
        self.myth_nouns = set(lexicon["myth_nouns"])
        self.false_words = set(lexicon["false_words"])
        self.variety_words = set(lexicon["variety_words"])
        self.denial_reach = denial_reach

    def stance(
        self,
        statements: list[Span],
        found: list[dict[str, list[Span]]],
        question: Question | None = None,
        own_view_only: bool = False,
    ) -> str:
        """The position the thesis sentence(s) take: votes of stance cues, flipped when negated.

        A cue in a conceded clause ("Although Stalin differed from Lenin, ...") yields to the
        main clause, unless both are comparisons ("Despite the similarities ..., different"):
        then the stance is mixed. A cue in "whether ..." asks rather than answers and does not
        vote; with `own_view_only`, nor does one in a view told as someone else's.
        Continuity and discontinuity are only read when the thesis is about the question
        (names Lenin, Stalin, ...); otherwise the stance is at most mixed.
        """
        # "Both are bad, but ...": the pair the question is about, named at once, is on topic too.
        on_topic = question is None or any(
            term_groups(statement, question) or "pair_references" in cues for statement, cues in zip(statements, found)
        )
        poles = (question.poles if question is not None and question.poles else None) or DEFAULT_POLES
        mixed_groups = {group for pole in poles if pole.name == "mixed" for group in pole.cue_groups}
        sides = [pole.name for pole in poles if pole.name != "mixed"]
        # A negated cue votes for the other side, when there are two: "not a continuation".
        opposite = dict(zip(sides, reversed(sides))) if len(sides) == 2 else {}
        main_votes, conceded_votes = set(), set()
        # Votes cast by comparison words ("similarities", "different"), main and conceded.
        compared: dict[bool, set[str]] = {True: set(), False: set()}
        mixed = False
        for statement, cues in zip(statements, found):
            mixed = mixed or any(group in cues for group in mixed_groups)
            for pole in poles:
                if pole.name == "mixed":
                    continue
                for group in pole.cue_groups:
                    for match in cues.get(group, []):
                        if posed(match) or own_view_only and self.under_someones_view(match.root):
                            continue  # asked, or someone else's view: "The idea that Lenin led to Stalin"
                        if group in COMPARISON_GROUPS and self._counts_kinds(match):
                            continue  # "three different leaders": several, not unlike
                        # "not a continuation", "the myth that Stalin betrayed Lenin": the other side.
                        denied = _negated(match) != self._doubted(match.root)
                        cast = opposite.get(pole.name, pole.name) if denied else pole.name
                        conceded = _conceded(match)
                        if group in COMPARISON_GROUPS:
                            compared[conceded].add(cast)
                        else:
                            (conceded_votes if conceded else main_votes).add(cast)
            if compared[False] and _shared_then_contrasted(statement, cues):
                # "Both are bad, but there's a difference in scale": the likeness is granted first.
                compared[True] |= {pole.name for pole in poles if "similarity_cues" in pole.cue_groups}
        if compared[True] and compared[False] and compared[True] != compared[False]:
            # "Despite the similarities ..., their rule was radically different": both weighed.
            return "mixed"
        # Words of continuation or break outrank words of likeness or difference: "what difference
        # there was were logical continuations of Lenin's principles" continues.
        votes = main_votes or conceded_votes or compared[False] or compared[True]
        if not votes:
            votes = self._answer_votes(statements, poles, opposite)
            # A bare answer needs no word of the question: "The answer is no."; a comparison does.
            on_topic = on_topic or any(bare_answers(statement) for statement in statements)
            if votes and any(_shared_then_contrasted(statement, cues) for statement, cues in zip(statements, found)):
                # "Both used terror, but Stalin used it on a far greater scale."
                mixed = True
        if mixed and (votes or not on_topic):
            return "mixed"
        if not on_topic or not votes:
            return "unclear"
        if len(votes) == 2:
            return "mixed"
        return votes.pop()

    def own_stance(self, context: ArgumentContext, index: int, question: Question) -> str:
        """The stance a sentence takes in the writer's own voice, or the other side of what it
        corrects or calls false."""
        stance = self.stance([context.sentences[index]], [context.cues[index]], question, own_view_only=True)
        if stance == "unclear":
            stance = self._corrected_stance(context, index, question)
        return stance if stance != "unclear" else self.denied_stance(context, index, question)

    def denied_stance(self, context: ArgumentContext, index: int, question: Question) -> str:
        """The stance of a sentence that calls what was just asked or said false, with no
        relation word of its own: "Did Stalin really betray Lenin's ideas? ... It's Trotskyist
        propaganda." takes the other side of the nearest sentence before it (within
        `denial_reach`) that takes one, asked or said."""
        sentence = context.sentences[index]
        root = sentence.root
        subjects = [child for child in root.children if child.dep_ == "nsubj"]
        verdicts = [child for child in root.children if child.dep_ in {"attr", "acomp"}]
        if root.lemma_ != "be" or not subjects or subjects[0].lower_ not in REFERRING_SUBJECTS:
            return "unclear"
        if not any(word.lemma_.lower() in self.myth_nouns | self.false_words for word in verdicts):
            return "unclear"
        if any(child.dep_ == "neg" for child in root.children):
            return "unclear"  # "It's not a myth."
        for before in range(index - 1, max(-1, index - 1 - self.denial_reach), -1):
            said = self.stance([context.sentences[before]], [context.cues[before]], question)
            if said != "unclear":
                return question.other_side(said)
        return "unclear"

    def _corrected_stance(self, context: ArgumentContext, index: int, question: Question) -> str:
        """The stance of a sentence that opens by saying what is really the case, with no
        relation word of its own, after a sentence that takes one: the other side. "Stalin
        portrayed himself as Lenin's most loyal disciple. But the truth is that the dying Lenin
        tried desperately to remove Stalin from office." """
        if index == 0 or not context.starts_with(index, "correction_openers", within=1):
            return "unclear"
        before = index - 1
        return question.other_side(self.stance([context.sentences[before]], [context.cues[before]], question))

    def writers_voice(self, verb: Token, subjects: list[Token]) -> bool:
        """Whether a verb of saying or thinking speaks for the writer: "I argue", "we believe",
        or a hedge with no one else in it, "It could be said that ...", "It can be argued"."""
        if all(subject.lower_ in self.first_person for subject in subjects):
            return True
        hedged = any(child.tag_ == "MD" for child in verb.children)
        return hedged and all(subject.lower_ == "it" and subject.dep_ == "nsubjpass" for subject in subjects)

    def under_someones_view(self, token: Token) -> bool:
        """Whether `token` stands in the complement of a verb of saying or thinking whose subject
        is not the writer, or of a noun of belief: "argue that [Stalin betrayed]", "the belief that"."""
        inside_complement = False
        while token.head.i != token.i:
            inside_complement = inside_complement or token.dep_ in {"ccomp", "acl", "xcomp", "pcomp"}
            # "The idea that Lenin led to Stalin" is often parsed as a relative clause of "idea".
            noun_clause = (
                token.dep_ == "relcl" and token.head.pos_ == "NOUN" and any(c.lower_ == "that" for c in token.children)
            )
            token = token.head
            if noun_clause and token.lemma_.lower() in self.reported_view_lemmas:
                return True
            if not inside_complement or token.lemma_.lower() not in self.reported_view_lemmas:
                continue
            if token.pos_ == "NOUN":
                return True
            subjects = [child for child in token.children if child.dep_ in {"nsubj", "nsubjpass"}]
            if token.pos_ == "VERB" and subjects and not self.writers_voice(token, subjects):
                return True
        return False

    def _answer_votes(
        self, statements: list[Span], poles: tuple[StancePole, ...], opposite: dict[str, str]
    ) -> set[str]:
        """A stance without a relation word: a bare answer ("The answer is no.") votes for the pole
        the assignment gives that answer; a comparison ("Stalin's was far more ruthless") for the
        pole that counts differences, or for the other one when it is doubted ("a Lenin
        supposedly gentler than Stalin")."""
        votes = set()
        differing = [pole.name for pole in poles if "difference_cues" in pole.cue_groups]
        for statement in statements:
            answers = bare_answers(statement)
            votes |= {pole.name for pole in poles if pole.answer and pole.answer in answers}
            if votes:
                continue
            comparatives = [token for token in statement if token.tag_ in {"JJR", "RBR"}]
            # "no better time to consign the fable of a Lenin gentler than Stalin": a comparative
            # with "than" says what is compared; the others then are turns of phrase.
            comparatives = [t for t in comparatives if _has_than(t)] or comparatives
            for token in comparatives:
                # "no more brutal than Lenin", "supposedly gentler than Stalin": the other side.
                denied = any(child.dep_ == "neg" for child in token.children) != self._doubted(token)
                votes |= {opposite.get(name, name) if denied else name for name in differing}
        return votes

    def _doubted(self, token: Token) -> bool:
        """Whether the words around `token` give what it says as false: an adverb of doubt on it
        ("supposedly gentler") or a noun of myth it hangs off ("the fable of a gentler Lenin")."""
        if any(child.lower_ in self.doubting_words for child in token.children):
            return True
        while token.head.i != token.i and token.dep_ not in {"conj", "advcl", "parataxis"}:
            token = token.head
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.myth_nouns:
                return True
        return False

    def _counts_kinds(self, match: Span) -> bool:
        """Whether a word of difference counts kinds of a thing rather than setting two apart:
        "three different leaders", "many different reasons"."""
        word = match.root
        if match.end - match.start != 1 or word.dep_ != "amod":
            return False
        return any(
            child.dep_ == "nummod" or child.lower_ in self.variety_words
            for child in word.head.children
            if child.i < word.i
        )


def posed(match: Span) -> bool:
    """Whether the cue sits in a "whether ..." / "if ..." clause: the question, not an answer."""
    return any(
        child.dep_ == "mark" and child.lower_ in QUESTION_MARKS
        for ancestor in (match.root, *match.root.ancestors)
        for child in ancestor.children
    )


def _negated(match: Span) -> bool:
    """Whether a 'not'/'never' governs the cue: it hangs off the cue or one of its heads.

    The walk up stops at a coordination or a subordinate clause, so in "not a continuation
    but a break" or "not a continuation, because Stalin abandoned ..." the negation reaches
    "continuation" and neither "break" nor "abandoned".
    """
    token = match.root
    heads = {token}
    while token.dep_ not in CLAUSE_EDGES and token.head.i != token.i:
        token = token.head
        heads.add(token)
    return any(other.dep_ == "neg" and other.head in heads and other.i < match.start for other in match.sent)


def _has_than(comparative: Token) -> bool:
    """Whether a comparative, or the adjective "more" qualifies, has a "than" of its own."""
    words = (comparative, comparative.head) if comparative.dep_ == "advmod" else (comparative,)
    return any(child.lower_ == "than" for word in words for child in word.children)


def _shared_then_contrasted(statement: Span, cues: dict[str, list[Span]]) -> bool:
    """Whether the pair is named at once ("Both are bad", "both killed people") before a "but"
    that opens a difference or a comparison: the likeness granted, then the difference weighed
    against it."""
    both = [match.start for match in cues.get("pair_references", []) if match[0].lower_ == "both"]
    differences = [match.start for match in cues.get("difference_cues", [])]
    differences += [token.i for token in statement if token.tag_ in {"JJR", "RBR"}]
    turns = [token.i for token in statement if token.dep_ == "cc" and token.lower_ in {"but", "yet"}]
    return any(b < turn < d for b in both for turn in turns for d in differences)


def _conceded(match: Span) -> bool:
    """Whether the cue sits in a conceded clause: "although ...", "despite ...", "in spite of ..."."""
    for ancestor in (match.root, *match.root.ancestors):
        if ancestor.dep_ == "advcl" and any(
            child.dep_ == "mark" and child.lower_ in CONCESSION_MARKS for child in ancestor.children
        ):
            return True
        if ancestor.lower_ in {"despite", "spite"}:
            return True
    return False
