"""Misspelt cue words: examples that must be read as the cue, near-misses that must not."""

import importlib.util
from pathlib import Path

import pytest

from service.analysis.lexicons import load_lexicon
from service.analysis.spelling import corrections, slips

ROOT = Path(__file__).resolve().parents[2]

INTRO = (
    "In 1924 Lenin died and a struggle for power began inside the Bolshevik party. "
    "By 1929 Stalin had defeated his rivals and ruled the Soviet Union alone."
)
BODY = (
    "Lenin created the Cheka in December 1917 to fight his enemies. It arrested thousands.\n\n"
    "In 1921 the Tenth Party Congress banned factions inside the party. Nobody could oppose the leaders."
)


def roles_of(analysis, fragment):
    return next(sentence.roles for sentence in analysis.sentences if fragment in sentence.text)


def test_the_slips_of_a_word():
    found = slips("because")
    # left out, doubled, swapped, a vowel for another
    assert {"becuse", "beccause", "becuase", "becouse"} <= found
    # the first letter is never touched, and the word itself is no slip
    assert "decause" not in found and "ecause" not in found and "because" not in found


def test_a_slip_that_is_a_word_or_that_two_cue_words_share_is_not_corrected():
    found = corrections(["summary", "therefore"], english_words=["summery"])
    assert "summery" not in found
    assert found["therfore"] == "therefore"
    found = corrections(["argues", "argued"], english_words=[])
    # "argue" is a slip of both: which one the writer meant is unknown
    assert "argue" not in found
    # a cue word is never a slip of another
    assert "argues" not in found and "argued" not in found
    assert found["arguse"] == "argues" and found["arguedd"] == "argued"


def test_short_words_are_not_corrected():
    assert corrections(["thus"], english_words=[]) == {}


@pytest.mark.parametrize("typo, word", [("conlusion", "conclusion"), ("beleive", "believe"), ("futhermore", "furthermore"), ("becuase", "because"), ("therfore", "therefore"), ("definately", "definitely"), ("acording", "according")])
def test_misspelt_cue_words_get_their_spelling_as_norm_and_the_text_is_kept(nlp, typo, word):
    doc = nlp(f"It is, {typo}, a sentence.")
    token = next(token for token in doc if token.lower_ == typo)
    assert token.norm_ == word
    assert token.text == typo


@pytest.mark.parametrize("word", ["relieve", "distance", "prospective", "summery", "though"])
def test_english_words_near_a_cue_word_keep_their_own_norm(nlp, word):
    doc = nlp(f"It is a {word} here.")
    assert next(token for token in doc if token.lower_ == word).norm_ == word


@pytest.mark.parametrize(
    "position",
    [
        "I beleive that the party Stalin ruled was the party Lenin built.",
        "In my opinon, the party Stalin ruled was the party Lenin built.",
        "From my perpective, the party Stalin ruled was the party Lenin built.",
    ],
)
def test_a_misspelt_opinion_cue_still_states_the_thesis(analyzer, position):
    # Not the introduction's last sentence, and no stance word: the opinion cue alone makes it the thesis.
    text = f"{INTRO} {position} Both men were ruthless.\n\n{BODY}\n\nIn the end, the two leaders shared many methods."
    analysis = analyzer.analyze(text)
    assert analysis.thesis is not None
    assert analysis.thesis.text == position


@pytest.mark.parametrize(
    "opening, typo",
    [("In conclusion", "In conlusion"), ("In conclusion", "In conclussion"), ("To summarize", "To sumarize"), ("To summarise", "To sumarise")],
)
def test_a_misspelt_conclusion_cue_restates_the_thesis_as_the_right_spelling_does(analyzer, opening, typo):
    def restatement_roles(opening):
        restated = f"{opening}, Stalin ruled as a tyrant."
        text = (
            f"{INTRO} I believe that Stalin ruled much as Lenin had ruled.\n\n{BODY}\n\n"
            f"The famine of 1932 killed millions of peasants. {restated}"
        )
        return roles_of(analyzer.analyze(text), restated)

    assert restatement_roles(opening) == ["thesis_restatement"]
    assert restatement_roles(typo) == ["thesis_restatement"]


def test_a_misspelt_concluding_cue_still_closes_a_paragraphs_claim(analyzer):
    closing = "Therfore, the one-party state was Lenin's work."
    text = (
        f"{INTRO} I believe that Stalinism continued Leninism.\n\n"
        "Lenin banned other parties in 1921. The Mensheviks were arrested. "
        f"{closing}\n\n{BODY}\n\nIn conclusion, Stalinism continued Leninism."
    )
    assert "claim" in roles_of(analyzer.analyze(text), closing)


def test_the_list_of_english_words_is_up_to_date():
    pytest.importorskip("spellchecker")
    spec = importlib.util.spec_from_file_location("build_spelling", ROOT / "scripts" / "build_spelling.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    data = load_lexicon("spelling")
    assert data["english_words"] == build.english_slips(data["cue_words"]), "run python scripts/build_spelling.py"
    assert data["cue_words"] == sorted(data["cue_words"])


@pytest.mark.parametrize("cue", ["Acording to", "Accordng to"])
def test_a_misspelt_signal_phrase_cue_still_names_the_source(nlp, cue):
    doc = nlp(f"{cue} Service, Lenin built the one-party state.")
    assert [(c.style, list(c.sources)) for c in doc._.citations] == [("signal_phrase", ["service"])]
