"""The question an essay answers, set as its first paragraph: a title, not the introduction.

The paragraph finder (paragraphs.py) runs before the parser and reads lines only, so a first
line such as "Assess whether Stalinism was a logical continuation of Leninism." looks to it
like a one-sentence introduction. Telling an exam prompt from an opening statement needs the
parse (an imperative main verb without a subject), so this component runs after the parser
and `essay_sentences`, and re-labels such a first paragraph `title` in `doc._.paragraphs`;
the API, the feedback, the comparison, the report and the argument detectors all read those
roles.

The small model often tags a capitalised command word as a proper noun ("Assess" NNP, most
of all under a title line), so a prompt is also known by its words: a command word
(data/question_prompts.json, compared in lower case) opening the sentence or its main clause,
without a subject of its own, and a prompt cue ("whether", "the view that", ...). A quotation
or a question followed by an instruction of its own ('"Stalinism was ..." Discuss.', "... How
far do you agree?") is a prompt too.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from service.analysis.lexicons import LexiconComponent

# The `essay_question_title` component's config. A first paragraph of at most `max_words`
# words that is a question ("Was Stalinism a continuation of Leninism?") or an exam prompt
# ("Assess whether Stalinism ...") is the essay's title or the question it answers, not its
# introduction; but only in an essay with at least `min_paragraphs_after` content paragraphs
# after it (an introduction, a body and a conclusion): a short answer may well open with the
# question it discusses.
QUESTION_TITLE_CONFIG = {"max_words": 25, "min_paragraphs_after": 3}
# Finite verbs that state something (not VBP, which the model also gives imperatives), and
# the dependencies of a main clause.
STATEMENT_TAGS = {"VBD", "VBZ", "MD"}
MAIN_CLAUSE_DEPS = {"ROOT", "conj", "parataxis"}
CONTENT_ROLES = ("introduction", "body", "conclusion")


def _states_something(sentence: Span) -> bool:
    """A main clause in the past or present tense besides the command: "Consider why ...: he feared ...",
    "Compare the two men and the question ... answers itself". A prompt's finite verbs are in its
    subordinate clauses ("... the view that Stalinism was ...")."""
    return any(token.tag_ in STATEMENT_TAGS and token.dep_ in MAIN_CLAUSE_DEPS for token in sentence)


class EssayQuestionTitle(LexiconComponent):
    """Re-label a first paragraph that is the essay's question `title`; the next one is the introduction.

    Its word lists (data/question_prompts.json) are read in `initialize()`, or by `from_disk`
    from a saved pipeline.
    """

    LEXICONS = ("question_prompts",)

    def __init__(self, nlp: Language, name: str, max_words: int, min_paragraphs_after: int):
        self.name = name
        self.max_words = max_words
        self.min_paragraphs_after = min_paragraphs_after

    def _build(self, lexicons: dict[str, dict]) -> None:
        prompts = lexicons["question_prompts"]
        self.command_words = set(prompts["command_words"])
        self.prompt_cues = [tuple(cue.split()) for cue in prompts["prompt_cues"]]
        self.sentence_end_marks = set(prompts["sentence_end_marks"])
        self.closing_instructions = set(prompts["closing_instructions"])

    def is_question_title(self, sentence: Span) -> bool:
        """A short question, or a prompt: an imperative or a command word, a prompt cue, and nothing stated besides.

        "Using the sources, assess whether ...", "Discuss to what extent ...", "Assess the view that ...".
        """
        words = [token for token in sentence if not token.is_punct and not token.is_space]
        if len(words) > self.max_words:
            return False
        if sentence[-1].text == "?":
            return True
        root = sentence.root
        imperative = root.tag_ in {"VB", "VBP"} and not any(child.dep_.startswith("nsubj") for child in root.children)
        return (imperative or self._opens_with_command(words)) and self._has_prompt_cue(words) and not _states_something(sentence)


    def is_quoted_prompt(self, paragraph: Span) -> bool:
        """A quotation or a question, then an instruction as a sentence of its own: '"Stalinism was ..." Discuss.'."""
        tokens = [token for token in paragraph if not token.is_space]
        words = [token for token in tokens if not token.is_punct]
        if len(words) > self.max_words or len(tokens) < 3:
            return False
        # Where the instruction starts: after the last sentence end (and closing quote) before the final mark.
        ends = [index for index, token in enumerate(tokens[:-1]) if token.text in self.sentence_end_marks]
        if not ends:
            return False
        split = ends[-1] + 1
        while split < len(tokens) and tokens[split].is_quote:
            split += 1
        head, tail = tokens[:split], tokens[split:]
        instruction = " ".join(token.lower_ for token in tail if not token.is_punct)
        # '"... Leninism." Discuss.' or, with the full stop outside, '"... Leninism". Discuss.'
        quoted = head[0].is_quote and any(token.is_quote for token in head[-2:])
        return instruction in self.closing_instructions and (quoted or head[-1].text == "?")


    def _one_sentence(self, sentences: list[Span]) -> Span | None:
        """The paragraph as one sentence, or None if it has several ("Was it? Most historians say so.").

        The parser sometimes splits a prompt it misreads ("Analyse | the view that ..."): a
        paragraph whose only sentence-ending mark is its last token is one sentence whatever it says.
        """
        if len(sentences) == 1:
            return sentences[0]
        span = sentences[0].doc[sentences[0].start : sentences[-1].end]
        if any(token.text in self.sentence_end_marks for token in span[:-1]):
            return None
        return span


    def _opens_with_command(self, words: list[Token]) -> bool:
        """A command word first, or first after a fronted phrase ("Using the sources, assess ..."), with no subject."""
        for index, token in enumerate(words):
            starts_clause = index == 0 or token.nbor(-1).text == ","
            if starts_clause and token.lower_ in self.command_words:
                return not any(child.dep_.startswith("nsubj") for child in token.children)
        return False


    def _has_prompt_cue(self, words: list[Token]) -> bool:
        lowered = tuple(token.lower_ for token in words)
        return any(lowered[index : index + len(cue)] == cue for cue in self.prompt_cues for index in range(len(lowered)))

    def __call__(self, doc: Doc) -> Doc:
        paragraphs = doc._.paragraphs
        sentences: dict[int, list[Span]] = {}
        for sentence in doc._.sentences:
            sentences.setdefault(sentence._.paragraph, []).append(sentence)
        content = [index for index, paragraph in enumerate(paragraphs) if paragraph.role in CONTENT_ROLES and index in sentences]
        if len(content) <= self.min_paragraphs_after or paragraphs[content[0]].role != "introduction":
            return doc
        members = sentences[content[0]]
        first = self._one_sentence(members)
        if first is not None:
            is_prompt = self.is_question_title(first)
        else:
            is_prompt = self.is_quoted_prompt(doc[members[0].start : members[-1].end])
        if not is_prompt:
            return doc
        roles = {content[0]: "title", content[1]: "introduction", content[-1]: "conclusion"}
        roles.update({index: "body" for index in content[2:-1]})
        for index, span in enumerate(doc.spans["paragraphs"]):
            if index in roles:
                span._.role = roles[index]
        return doc


@Language.factory(
    "essay_question_title",
    default_config=QUESTION_TITLE_CONFIG,
    requires=["doc._.paragraphs", "doc._.sentences", "token.tag", "token.dep"],
    assigns=["span._.role"],
)
def make_essay_question_title(nlp: Language, name: str, max_words: int, min_paragraphs_after: int) -> EssayQuestionTitle:
    return EssayQuestionTitle(nlp, name, max_words, min_paragraphs_after)
