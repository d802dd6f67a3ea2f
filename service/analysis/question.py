"""The question an essay answers: data of its assignment, never of the analyzer's code.

A reference essay's JSON (essay_samples/references/*.json) carries the question, its key terms
and the poles a stance may take; the analyzer hands them to the pipeline on `doc._.question`
before the components run, and the thesis detector scores sentences for answering it. Without
key terms in the JSON, the question's own names and nouns are its key terms.

* `key_terms`: groups of word stems, one group per thing the question is about; a token
  names the group when its lower case starts with one of the stems, so "Leninism",
  "Leninist", "Lenin's" (and a typed "Leninand") all name the group of "lenin".
* `stance_poles`: each stance the question allows (e.g. continuity / discontinuity; for a
  yes/no question, for / against) with the general cue groups of data/thesis.json that vote
  for it, and its words for the feedback ("Stalinism continued Leninism").
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

# Stems shorter than this match whole words only ("war" must not name "warning").
MIN_PREFIX_STEM = 4


@dataclass(frozen=True)
class StancePole:
    name: str
    cue_groups: tuple[str, ...]
    words: str = ""
    # The bare answer to a yes/no question that takes this stance ("yes", "no").
    answer: str = ""


@dataclass(frozen=True)
class Question:
    text: str
    key_terms: tuple[tuple[str, ...], ...] = ()
    poles: tuple[StancePole, ...] = field(default_factory=tuple)

    @classmethod
    def from_metadata(cls, text: str, metadata: dict, asked: list[tuple[str, ...]] = ()) -> "Question":
        """The question of an assignment's metadata; without `key_terms` there, the names or
        content lemmas of the question (`asked`, from `question_terms`) are its key terms."""
        groups = metadata.get("key_terms") or [list(run) for run in asked]
        poles = tuple(
            StancePole(name, tuple(pole.get("cue_groups", ())), pole.get("words", ""), pole.get("answer", ""))
            for name, pole in (metadata.get("stance_poles") or {}).items()
        )
        return cls(text, tuple(tuple(stem.lower() for stem in group) for group in groups), poles)

    def to_json(self) -> str:
        """The question as plain data: what `doc.user_data` keeps, so a Doc goes through `DocBin`."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    @lru_cache(maxsize=64)
    def from_json(data: str) -> "Question":
        """The question `to_json` wrote; the same object for the same data (the detectors read
        `doc._.question` for every sentence)."""
        fields = json.loads(data)
        return Question(
            fields["text"],
            tuple(tuple(group) for group in fields["key_terms"]),
            tuple(StancePole(pole["name"], tuple(pole["cue_groups"]), pole["words"], pole["answer"]) for pole in fields["poles"]),
        )

    def sides(self) -> list[str]:
        """The poles a position takes one of: all but "mixed"."""
        return [pole.name for pole in self.poles if pole.name != "mixed"]

    def other_side(self, stance: str) -> str:
        """The other of two sides ("continuity" for "discontinuity"); "unclear" for anything else."""
        sides = self.sides()
        return sides[1 - sides.index(stance)] if len(sides) == 2 and stance in sides else "unclear"

    def pole_words(self, name: str) -> str:
        return next((pole.words for pole in self.poles if pole.name == name and pole.words), name)

    def describe_poles(self) -> str:
        """"Stalinism continued Leninism, Stalinism broke with Leninism, or both" for the feedback."""
        words = [pole.words or pole.name for pole in self.poles if pole.name != "mixed"]
        if not words:
            return "say which way you answer it"
        return ", ".join(words[:-1]) + (f" or {words[-1]}" if len(words) > 1 else words[-1]) + (
            ", or both" if any(pole.name == "mixed" for pole in self.poles) else ""
        )


def question_terms(nlp: Language, question: str) -> list[tuple[str, ...]]:
    """The names in the question ("Stalinism", "the French Revolution"), or its content lemmas if it names nothing.

    Consecutive proper nouns stay one phrase, so "French Revolution" does not make every
    essay mentioning a revolution on topic.
    """
    doc = nlp(question)
    runs: list[list[str]] = []
    previous = -2
    for token in doc:
        if token.pos_ == "PROPN" or (token.ent_type_ and token.pos_ not in {"DET", "ADP", "PUNCT"}):
            if token.i == previous + 1 and runs:
                runs[-1].append(token.lemma_.lower())
            else:
                runs.append([token.lemma_.lower()])
            previous = token.i
    if runs:
        return [tuple(run) for run in runs]
    return [(token.lemma_.lower(),) for token in doc if token.is_alpha and not token.is_stop]


# `doc._.question`: a `Question` or None, kept in `doc.user_data` as its JSON, which
# `DocBin(store_user_data=True)` can write (a dataclass it cannot).
QUESTION_KEY = "essay_feedback.question"


def question_of(doc: Doc) -> Question | None:
    data = doc.user_data.get(QUESTION_KEY)
    return None if data is None else Question.from_json(data)


def set_question(doc: Doc, question: Question | None) -> None:
    if question is None:
        doc.user_data.pop(QUESTION_KEY, None)
    else:
        doc.user_data[QUESTION_KEY] = question.to_json()


if not Doc.has_extension("question"):
    Doc.set_extension("question", getter=question_of, setter=set_question)


def assignment_question(nlp: Language, text: str, metadata: dict) -> Question:
    """The question of an assignment, its key terms read from the question when the metadata has none."""
    asked = question_terms(nlp, text) if text and not metadata.get("key_terms") else []
    return Question.from_metadata(text, metadata, asked)


def names_term(token_lower: str, stems: tuple[str, ...]) -> bool:
    return any(
        token_lower.startswith(stem) if len(stem) >= MIN_PREFIX_STEM else token_lower == stem for stem in stems
    )


def term_groups(span: Span, question: Question) -> set[int]:
    """Which of the question's key-term groups the span names, by a word or its lemma ("cities": "city")."""
    found = set()
    for token in span:
        if not token.is_alpha:
            continue
        forms = (token.lower_, token.lemma_.lower())
        for number, stems in enumerate(question.key_terms):
            if number not in found and any(names_term(form, stems) for form in forms):
                found.add(number)
    return found
