"""The thesis is the sentence that answers the assignment's question: found where real essays
put it, reported with a confidence, asked about (THESIS_UNCLEAR) when weak, and missing only
when nothing answers. Each essay here is one shape, written for the test."""

import dataclasses
import json
import os
from types import SimpleNamespace

import pytest

from locations import ROOT, SHARED_DATASETS
from service.analysis.argument_context import ArgumentContext
from service.analysis.question import Question, term_groups
from service.evaluation.datasets import load_dataset

LENIN_REAL = SHARED_DATASETS / "lenin_real"
OUR_QUESTION = json.loads((ROOT / "essay_samples" / "references" / "lenin_stalin_continuity.json").read_text("utf-8"))


def assignment(question: str, metadata: dict) -> SimpleNamespace:
    """What the analyzer needs of a reference to read essays on its question (no comparison)."""
    return SimpleNamespace(
        id="test", title=question, question=question, profile=None, assignment=Question.from_metadata(question, metadata)
    )


LENIN_STALIN = assignment(OUR_QUESTION["question"], OUR_QUESTION)
CARS = assignment(
    "Should cities ban private cars from their centres?",
    {
        "key_terms": [["car"], ["city", "cities", "centre", "center"]],
        "stance_poles": {
            "continuity": {"cue_groups": ["continuity_cues"], "words": "cities should ban cars", "answer": "yes"},
            "discontinuity": {"cue_groups": ["discontinuity_cues"], "words": "cities should not ban cars", "answer": "no"},
        },
    },
)


def codes(analysis):
    return [item.code for item in analysis.feedback]


def thesis_text(analysis):
    return [s.text for s in analysis.sentences if "thesis" in s.roles]


def thesis_after_title(analyzer, opening: str):
    """The thesis found in `opening` under a title, with a sentence of background after it."""
    essay = f"Lenin and Stalin\n\n{opening} Stalin was born in Georgia in 1878.\n"
    return analyzer.analyze(essay, LENIN_STALIN).thesis


def read_one_sentence(analyzer, sentence: str) -> tuple[dict, dict]:
    """The cue matches and answer features of `sentence`, alone under a title."""
    doc = analyzer.nlp(analyzer.make_doc(f"Lenin and Stalin\n\n{sentence}\n", LENIN_STALIN))
    roles = analyzer.nlp.get_pipe("argument_roles")
    context = ArgumentContext.build(doc, roles.cues, roles.context_config)
    last = len(context.sentences) - 1
    return context.cues[last], roles.thesis.candidates(context)[last]


def test_key_terms_name_every_variant_of_a_stem(nlp):
    question = LENIN_STALIN.assignment
    doc = nlp("Leninist ideas. Stalin's purges. Leninand Stalin. The warning.")
    groups = [term_groups(sentence, question) for sentence in doc._.sentences]
    assert groups[:3] == [{0}, {1}, {0, 1}]  # a typed "Leninand" still names Lenin
    assert groups[3] == set()
    short = Question.from_metadata("q", {"key_terms": [["war"]]})
    assert term_groups(nlp("The warning came.")[:], short) == set()  # short stems match whole words only
    assert term_groups(nlp("The war came.")[:], short) == {0}


def test_a_thesis_after_a_paragraph_of_background_is_found(analyzer):
    essay = (
        "Lenin and Stalin\n\n"
        "Lenin led the October Revolution in 1917. He died in January 1924. Stalin then took control of the party "
        "and ruled until 1953.\n\n"
        "Stalinism grew directly out of Leninism. Lenin created the Cheka and banned factions, and Stalin used both "
        "against his rivals.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert thesis_text(analysis)[0] == "Stalinism grew directly out of Leninism."
    assert analysis.thesis.stance == "continuity"
    assert 0.5 <= analysis.thesis.confidence <= 1
    assert "THESIS_MISSING" not in codes(analysis) and "THESIS_UNCLEAR" not in codes(analysis)


def test_a_bare_answer_to_a_question_title_is_the_thesis(analyzer):
    essay = (
        "Did Leninism lead to Stalinism?\n\n"
        "Many textbooks say that the road from Lenin to Stalin was straight. The answer is no. Lenin allowed debate "
        "inside the party, and Stalin killed the men who had debated.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert "The answer is no." in thesis_text(analysis)
    assert analysis.thesis.stance == "discontinuity"  # "no" is the answer the assignment gives that pole


def test_a_view_reported_as_someone_elses_is_not_the_thesis(analyzer):
    essay = (
        "Some socialists argue that Stalin betrayed the ideals of Lenin. I would argue instead that Stalin was "
        "Lenin's most faithful follower. Both ruled through a single party and a secret police.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert thesis_text(analysis)[0].startswith("I would argue instead")
    assert analysis.thesis.stance == "continuity"


def test_a_heading_block_is_not_the_thesis(analyzer):
    essay = (
        "Anna Smith\nMr Jones\nHistory 11\n12 March 2024\n"
        "Stalin and Lenin\n\n"
        "In my view Stalin broke with Leninism. Lenin wanted a party that argued, but Stalin wanted one that "
        "obeyed.\n\n"
        "In 1921 Lenin banned factions for a time. Stalin made the ban permanent and used it against Trotsky.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert thesis_text(analysis)[0] == "In my view Stalin broke with Leninism."
    assert analysis.thesis.stance == "discontinuity"


def test_a_candidate_that_takes_no_position_is_asked_about_not_missing(analyzer):
    essay = (
        "Lenin and Stalin both changed Russia a great deal.\n\n"
        "Lenin took power in 1917 and ended the war with Germany in 1918. Stalin took power in 1924 and began the "
        "first Five-Year Plan in 1928. Collectivisation began in 1929.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert "THESIS_MISSING" not in codes(analysis)
    unclear = [item for item in analysis.feedback if item.code == "THESIS_UNCLEAR"]
    assert len(unclear) == 1 and analysis.thesis.unclear
    candidate = analysis.sentences[analysis.thesis.sentence]
    assert candidate.text in unclear[0].message and (unclear[0].start, unclear[0].end) == (candidate.start, candidate.end)
    assert analysis.thesis.confidence < 0.6
    assert OUR_QUESTION["question"] in unclear[0].message
    assert analysis.scores.criteria["thesis"].score == 1


def test_an_essay_on_another_question_hears_its_own_question(analyzer):
    essay = (
        "Cars fill our city centres with noise and smoke. I believe cities should ban private cars from their "
        "centres. Buses and bicycles can carry the same people at a fraction of the cost.\n"
    )
    analysis = analyzer.analyze(essay, CARS)
    assert thesis_text(analysis) == ["I believe cities should ban private cars from their centres."]
    messages = " ".join(item.message for item in analysis.feedback)
    assert "Stalin" not in messages and "Lenin" not in messages
    no_answer = analyzer.analyze("Cars are made of steel. City buses are blue.\n", CARS)
    worded = [item.message for item in no_answer.feedback if item.code.startswith("THESIS_")]
    assert worded and all(CARS.question in message for message in worded)
    assert "Stalin" not in " ".join(worded)


def test_a_retelling_with_no_position_is_narrative_not_argument(analyzer):
    essay = (
        "Lenin and Stalin\n\n"
        "The Bolsheviks took power in October 1917. In March 1918 Lenin signed the Treaty of Brest-Litovsk.\n\n"
        "The Civil War ended in 1921. In 1921 the sailors of Kronstadt rebelled and the Red Army crushed them.\n\n"
        "Lenin died in January 1924. Stalin expelled Trotsky from the party in 1927.\n\n"
        "Collectivisation began in 1929. The Great Terror began in 1936.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    found = [item for item in analysis.feedback if item.code == "NARRATIVE_NOT_ARGUMENT"]
    assert len(found) == 1
    assert essay[found[0].start : found[0].end].startswith("The Bolsheviks took power")
    assert essay[found[0].start : found[0].end].endswith("The Great Terror began in 1936.")
    evidence = analysis.scores.criteria["evidence"]
    assert evidence.score <= 1 and "retells events" in evidence.reasons[0]
    assert "COUNTERARGUMENT_NOT_ANSWERED" not in codes(analysis)  # no position to defend yet


def test_an_argued_essay_with_dates_is_not_narrative(analyzer):
    essay = (
        "I believe Stalinism was a continuation of Leninism.\n\n"
        "Lenin founded the Cheka in 1917. In 1921 he banned factions. These measures show that the one-party "
        "dictatorship began under Lenin.\n\n"
        "Stalin used the same tools in 1936. In conclusion, Stalin built on what Lenin began.\n"
    )
    assert "NARRATIVE_NOT_ARGUMENT" not in codes(analyzer.analyze(essay, LENIN_STALIN))


def test_a_position_taken_only_in_the_conclusion_is_not_said_to_be_unrestated(analyzer):
    essay = (
        "Lenin and Stalin ruled Russia one after the other.\n\n"
        "Lenin created the Cheka in December 1917. It shot thousands of hostages during the Civil War.\n\n"
        "Stalin's NKVD arrested more than a million people in 1937 and 1938.\n\n"
        "In conclusion, I believe Stalin's terror was a continuation of Lenin's terror.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert thesis_text(analysis)[0].startswith("In conclusion, I believe")
    assert "THESIS_NOT_IN_INTRODUCTION" in codes(analysis)
    assert "THESIS_NOT_RESTATED" not in codes(analysis)
    assert "THESIS_MISSING" not in codes(analysis)


needs_lenin_real = pytest.mark.skipif(
    not (LENIN_REAL / "gold.json").exists() and not os.environ.get("CI"), reason=f"{LENIN_REAL} is absent"
)


@pytest.mark.dataset
@needs_lenin_real
def test_reasons_never_contradict_the_findings_on_real_essays(analyzer):
    essays = load_dataset(LENIN_REAL)
    for essay, analysis in zip(essays, analyzer.analyze_many((e.text for e in essays), reference=LENIN_STALIN)):
        reasons = [reason for criterion in analysis.scores.criteria.values() for reason in criterion.reasons]
        found = set(codes(analysis))
        restated = bool(analysis.sentences_with_role("thesis_restatement"))
        takes_position = analysis.thesis is not None and not analysis.thesis.unclear
        assert ("The conclusion restates the thesis." in reasons) == restated, essay.id
        if restated:
            assert takes_position, essay.id
        if not takes_position:
            assert "A thesis answers the question." not in reasons, essay.id
            assert not {"THESIS_NOT_RESTATED", "THESIS_STANCE_UNCLEAR", "COUNTERARGUMENT_NOT_ANSWERED"} & found, essay.id
        assert ("THESIS_MISSING" in found) == (analysis.thesis is None), essay.id
        assert ("THESIS_UNCLEAR" in found) == (analysis.thesis is not None and analysis.thesis.unclear), essay.id
        if "NARRATIVE_NOT_ARGUMENT" in found:
            assert analysis.scores.criteria["evidence"].score <= 1, essay.id
        if analysis.thesis is not None:
            assert 0 <= analysis.thesis.confidence <= 1


@pytest.mark.dataset
@needs_lenin_real
def test_the_thesis_is_found_in_real_essays(runner):
    from service.cli import main

    result = runner.invoke(main, ["evaluate", str(LENIN_REAL), "--json"])
    assert result.exit_code == 0, result.output
    thesis = json.loads(result.output)["detectors"]["thesis"]
    # docs/quality.md: 30 of 32 (23 when each essay is held out of the fit); the floors are the
    # issue's targets.
    assert thesis["expected"] == 32
    assert thesis["found"] >= 29
    assert thesis["missing_shown"] <= 1
    # 34 of 41 (docs/quality.md); 33 is the target of .80.
    assert thesis["invented"] <= 2
    assert json.loads(result.output)["detectors"]["stance"]["correct"] >= 33


def test_a_weak_candidate_takes_no_stance(analyzer):
    essay = "Lenin and Stalin\n\nLenin and Stalin were both leaders of the party. Stalin was Georgian.\n"
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert analysis.thesis is not None and analysis.thesis.unclear
    assert analysis.thesis.stance == "unclear"


@pytest.mark.parametrize(
    ("position", "stance"),
    [
        # Two comparisons weighed against each other: both sides.
        ("Despite the similarities between the two men, Stalin's rule was radically different from Lenin's.", "mixed"),
        # A concession of a break, then the writer's continuity: the main clause wins.
        ("Although Stalin differed from Lenin in his methods, I argue that Stalinism grew out of Leninism.", "continuity"),
        # A relation the writer calls false votes for the other side.
        ("The picture of a Lenin supposedly gentler than Stalin belongs in the dustbin of history.", "continuity"),
        ("The legend that Stalin betrayed Lenin's revolution does not survive a look at the archives.", "continuity"),
        # "no" and "more" in turns of phrase answer nothing; the comparison with "than" does.
        ("There is no more useful way to see it: Stalin was far crueller than Lenin had ever been.", "discontinuity"),
        ("Stalin was no more brutal than Lenin had been in the civil war.", "continuity"),
        # A likeness granted, then the difference: both sides.
        ("Both Lenin and Stalin ruled by terror, but there is a difference in scale.", "mixed"),
        ("Both Lenin and Stalin ruled by terror, but Stalin's terror was far greater.", "mixed"),
    ],
)
def test_the_words_around_a_relation_turn_its_stance(analyzer, position, stance):
    thesis = thesis_after_title(analyzer, position)
    assert (thesis.text, thesis.stance) == (position, stance)


def test_different_that_counts_kinds_sets_nothing_apart(analyzer):
    opening = (
        "Between 1917 and 1953 there were two different leaders of the Soviet state, and Stalin built on "
        "Lenin's foundations."
    )
    # Not mixed: "two different leaders" compares nothing.
    assert thesis_after_title(analyzer, opening).stance == "continuity"


@pytest.mark.parametrize(
    ("after", "stance"),
    [
        ("But the truth is that the dying Lenin tried desperately to remove Stalin from office.", "discontinuity"),
        # "In fact" alone adds emphasis, as often as it corrects: it takes no side by itself.
        ("In fact, the dying Lenin received Stalin every week at Gorki.", "unclear"),
    ],
)
def test_the_truth_after_a_view_answers_the_view(analyzer, after, stance):
    view = "Stalin portrayed himself as Lenin's most loyal disciple and as his natural heir."
    thesis = thesis_after_title(analyzer, f"{view} {after}")
    assert (thesis.text, thesis.stance) == (after, stance)


def test_an_idea_set_out_to_be_answered_is_not_the_answer(analyzer):
    essay = (
        "Did Leninism lead to Stalinism?\n\n"
        "The idea that Lenin led to Stalin has been the subject of many school essays. The answer is no. "
        "Lenin allowed debate inside the party.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert analysis.thesis.stance == "discontinuity"


def test_the_task_copied_as_an_instruction_is_never_the_thesis(analyzer):
    essay = (
        "1. Compare and contrast the beliefs of Lenin and Stalin.\n\n"
        "Lenin was born in 1870. Stalin was born in Georgia in 1878. Both joined the party young.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert analysis.thesis is None or not analysis.thesis.text.startswith("1. Compare")


def test_what_a_source_says_is_not_the_writers_answer(analyzer):
    source = "I once watched a documentary on how Lenin and Stalin were completely different."
    position = "We must remember that the terror of Stalin was preceded by a terror of almost equal brutality under Lenin."
    thesis = thesis_after_title(analyzer, f"{source} {position}")
    assert (thesis.text, thesis.stance) == (position, "continuity")


def test_a_paragraph_that_sums_up_its_opening_points_back_to_it(analyzer):
    essay = (
        "Was Lenin responsible for Stalin's rise?\n\n"
        "Lenin died in 1924 and left no appointed successor. This essay will look at the factors behind what "
        "followed.\n\n"
        "One of the biggest factors in Stalin's rise to power was Lenin's own mistake. Lenin named no heir before "
        "his death. His Testament, which attacked Stalin, was never published. Therefore, Lenin was responsible "
        "for Stalin's rise to power.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    # The answer is stated where the paragraph opens; "Therefore, ..." says it again.
    assert analysis.thesis.text.startswith("One of the biggest factors")
    assert analysis.thesis.stance == "continuity"


def test_a_weak_best_off_the_question_yields_to_one_on_it(analyzer, monkeypatch):
    """When the model is unsure of its best sentence and that sentence names nothing of the
    question, the next one that does is the candidate asked about: never THESIS_MISSING."""
    detector = analyzer.nlp.get_pipe("argument_roles").thesis
    # Nothing in this essay is sure at a bar of 0.99: every candidate is weak.
    monkeypatch.setattr(detector, "answer_model", dataclasses.replace(detector.answer_model, sure=0.99))
    essay = (
        "Ideals and Revolution\n\n"
        "Every revolution promises more than it gives. To historians today, it is clear that the revolution's "
        "ideals were in the hands of a manipulative party. The ideals put into practice by Lenin's party appeared "
        "once more under the direction of Stalin.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    assert "THESIS_MISSING" not in codes(analysis)
    assert analysis.thesis.unclear and analysis.thesis.text.startswith("The ideals put into practice")


def test_a_hedge_with_no_one_else_in_it_is_the_writers_view(analyzer):
    position = "It could be argued that Stalinism grew out of Leninism."
    thesis = thesis_after_title(analyzer, position)
    assert (thesis.text, thesis.stance) == (position, "continuity")


def test_an_opinion_off_the_question_yields_to_an_answer_on_it(analyzer):
    essay = (
        "Childhood and Character\n\n"
        "One of them grew up in comfort in Simbirsk; the other was beaten by his father in Gori. I honestly think "
        "these hard years actually made him stronger. It could be said that the characters of Lenin and Stalin "
        "were very similar. Both men were sent into exile before 1917.\n"
    )
    analysis = analyzer.analyze(essay, LENIN_STALIN)
    # "made him stronger" is an opinion, but on Stalin's childhood, not on the question.
    assert thesis_text(analysis) == ["It could be said that the characters of Lenin and Stalin were very similar."]
    assert analysis.thesis.stance == "continuity"


def test_a_position_stated_over_two_sentences_that_take_both_sides_is_mixed(analyzer):
    opening = (
        "Stalinism was not a simple continuation of Leninism. Stalin continued Lenin's practice of using terror "
        "against the party's enemies."
    )
    thesis = thesis_after_title(analyzer, opening)
    assert thesis.text.startswith("Stalinism was not")
    assert thesis.stance == "mixed"


def test_a_second_sentence_on_the_same_side_keeps_the_stance(analyzer):
    opening = "Stalinism was a continuation of Leninism. Stalin continued Lenin's practice of using terror."
    assert thesis_after_title(analyzer, opening).stance == "continuity"


@pytest.mark.parametrize(
    ("sentence", "quotes"),
    [
        # A term set off in quotes is the writer's own words.
        ("Stalin was not a Leninist in the way the ‘old’ Bolsheviks were.", False),
        ("Stalin was not a Leninist in the way the “old” Bolsheviks were.", False),
        # Someone's words.
        ("Stalin was, in Trotsky's words, “the outstanding mediocrity of the party”.", True),
        # A quotation running on past the sentence.
        ("Trotsky wrote that Stalin was “the outstanding mediocrity.", True),
    ],
)
def test_only_a_quotation_of_several_words_counts_as_quoted(analyzer, sentence, quotes):
    _, features = read_one_sentence(analyzer, sentence)
    assert features["quoted_or_cited"] == float(quotes)


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        ("I agree with the former.", True),
        ("The following reasons show it.", True),
        # Words of the same spelling that modify a noun announce nothing.
        ("The credit for the darkness of the former Soviet Union must rest at the feet of Lenin.", False),
        ("The following year, Stalin took the party's key posts.", False),
    ],
)
def test_the_former_or_the_following_announces_only_by_itself(analyzer, sentence, announces):
    cues, features = read_one_sentence(analyzer, sentence)
    assert ("plan_cues" in cues or "empty_stance_cues" in cues) == announces
    assert features["plan"] == float(announces)


@pytest.mark.parametrize(
    ("position", "stance"),
    [
        # The predecessor's approval makes the successor his heir.
        ("Lenin endorsed Stalin as the man to carry on his work.", "continuity"),
        ("In the end Lenin's Testament gave Stalin a clean bill of health.", "continuity"),
        ("Lenin never endorsed Stalin and his methods.", "discontinuity"),
    ],
)
def test_the_predecessors_approval_is_continuity(analyzer, position, stance):
    thesis = thesis_after_title(analyzer, position)
    assert (thesis.text, thesis.stance) == (position, stance)


@pytest.mark.parametrize(
    ("answer", "stance"),
    [
        # Calls what was just asked false: the other side of it.
        ("It's Trotskyist propaganda.", "continuity"),
        ("That is simply wrong.", "continuity"),
        # Says nothing of it being false.
        ("It's a hard question.", "unclear"),
        ("It's not a myth.", "unclear"),
    ],
)
def test_calling_what_was_asked_false_answers_it(analyzer, answer, stance):
    essay = (
        "Lenin and Stalin\n\n"
        "Did Stalin betray Lenin's ideas? I want to know.\n\n"
        f"{answer} Lenin and Stalin had been allies since 1905, and Lenin made Stalin general secretary in 1922.\n"
    )
    thesis = analyzer.analyze(essay, LENIN_STALIN).thesis
    assert (thesis.stance if thesis is not None else "unclear") == stance
    if stance != "unclear":
        assert thesis.text == answer
