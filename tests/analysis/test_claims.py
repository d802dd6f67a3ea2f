"""Claims, counterarguments and rebuttals: examples that must be found, near-misses that must not."""

import pytest

INTRO = "Historians still debate how Stalin relates to Lenin. I believe that Stalinism was a logical continuation of Leninism."
CONCLUSION = "In conclusion, Stalinism was a logical continuation of Leninism."


def essay(*body: str) -> str:
    return "\n\n".join([INTRO, *body, CONCLUSION])


def roles_of(analysis, fragment):
    matches = [sentence.roles for sentence in analysis.sentences if fragment in sentence.text]
    assert len(matches) == 1, fragment
    return matches[0]


def test_a_body_paragraphs_topic_sentence_is_a_claim(analyzer):
    analysis = analyzer.analyze(
        essay("Lenin built the one-party state that Stalin later ruled. In 1921 the Tenth Congress banned factions.")
    )
    assert "claim" in roles_of(analysis, "one-party state")
    assert "claim" not in roles_of(analysis, "Tenth Congress")


@pytest.mark.parametrize(
    "closing",
    [
        "Therefore, the terror of the 1930s had its model in Lenin's own rule.",
        "So the terror of the 1930s had its model in Lenin's own rule.",
        "As a result, Stalin found the tools of terror ready to hand.",
    ],
)
def test_a_paragraph_that_argues_towards_its_end_has_its_claim_there(analyzer, closing):
    analysis = analyzer.analyze(
        essay(f"In 1918 Lenin dissolved the Constituent Assembly. The Cheka arrested thousands of opponents. {closing}")
    )
    assert "claim" in roles_of(analysis, closing)
    assert "claim" not in roles_of(analysis, "Constituent Assembly")


def test_the_writers_own_reading_is_a_claim_not_evidence(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Lenin signed the Treaty of Brest-Litovsk in March 1918. "
            "Clearly, Lenin put the survival of the Soviet state before world revolution. "
            "Stalin made a pact with Hitler in August 1939."
        )
    )
    assert roles_of(analysis, "Clearly") == ["claim"]


def test_counterargument_and_rebuttal(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Some historians argue that the New Economic Policy shows Lenin was willing to retreat from state control. "
            "However, Lenin himself called the policy a temporary step back. "
            "Stalin ended it in 1928."
        )
    )
    assert "counterargument" in roles_of(analysis, "Some historians argue")
    assert "rebuttal" in roles_of(analysis, "However, Lenin")
    assert "COUNTERARGUMENT_NOT_ANSWERED" not in [item.code for item in analysis.feedback]


def test_arguments_have_been_raised_is_a_counterargument(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Arguments have been raised which state that Stalin's purges had no parallel under Lenin. "
            "Nevertheless, the Red Terror of 1918 killed thousands."
        )
    )
    assert "counterargument" in roles_of(analysis, "Arguments have been raised")
    assert "rebuttal" in roles_of(analysis, "Nevertheless")


def test_however_without_a_counterargument_is_not_a_rebuttal(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Lenin relied on the Cheka to hold power. In 1918 it shot hostages in many towns. "
            "However, the Cheka was smaller than the NKVD of the 1930s."
        )
    )
    assert "rebuttal" not in roles_of(analysis, "However, the Cheka")
    assert not analysis.sentences_with_role("counterargument")


def test_people_as_the_subject_of_a_fact_are_not_a_counterargument(analyzer):
    analysis = analyzer.analyze(
        essay("Stalin deported whole peoples during the war. Some people were sent to Kazakhstan in 1944.")
    )
    assert not analysis.sentences_with_role("counterargument")


@pytest.mark.parametrize(
    "counter, rebuttal",
    [
        ("Many people believe that Stalin alone created the Gulag.", "But the first camps opened under Lenin in 1918."),
        # The verb of thinking as the complement of "tend" / "seem".
        (
            "Many historians tend to believe that Lenin would have ended the terror after the civil war.",
            "However, Lenin defended the Red Terror in his own speeches.",
        ),
    ],
)
def test_the_other_side_as_subject_of_a_verb_of_thinking_is_a_counterargument(analyzer, counter, rebuttal):
    analysis = analyzer.analyze(essay(f"{counter} {rebuttal}"))
    assert "counterargument" in roles_of(analysis, counter)
    assert "rebuttal" in roles_of(analysis, rebuttal)


def test_the_other_side_as_a_subject_of_an_action_is_no_counterargument(analyzer):
    analysis = analyzer.analyze(
        essay("Lenin banned the other parties in 1921. Many people tend to leave the villages for the cities.")
    )
    assert not analysis.sentences_with_role("counterargument")


BODY = "Lenin built the one-party state that Stalin later ruled. In 1921 the Tenth Congress banned factions."


@pytest.mark.parametrize(
    "after_thesis, is_claim",
    [
        ("Both men ruled through a single party that tolerated no rivals.", True),
        ("In addition, the terror of the 1930s had its model in the Red Terror of 1918.", True),
        # Announcing the plan, or asking, previews no claim.
        ("My reasons are as follows.", False),
        ("In this essay I will discuss three reasons.", False),
        ("There are two reasons to support my view.", False),
        ("Was Lenin really so different from Stalin?", False),
    ],
)
def test_a_reason_previewed_after_the_thesis_is_a_claim(analyzer, after_thesis, is_claim):
    intro = f"Historians still debate how Stalin relates to Lenin. {INTRO.split('. ')[1]} {after_thesis}"
    analysis = analyzer.analyze("\n\n".join([intro, BODY, CONCLUSION]))
    assert ("claim" in roles_of(analysis, after_thesis)) is is_claim
    assert "claim" not in roles_of(analysis, "Historians still debate")


def test_a_sentence_before_the_thesis_previews_no_claim(analyzer):
    intro = (
        "Stalin ruled the Soviet Union from 1929 until his death in 1953. "
        "I believe that Stalinism was a logical continuation of Leninism."
    )
    analysis = analyzer.analyze("\n\n".join([intro, BODY, CONCLUSION]))
    assert "claim" not in roles_of(analysis, "Stalin ruled the Soviet Union")


def test_so_inside_a_closing_sentence_draws_no_conclusion(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Lenin built the one-party state that Stalin later ruled. The Cheka arrested thousands of opponents. "
            "Its officers were so feared that few dared to speak."
        )
    )
    assert "claim" in roles_of(analysis, "one-party state")
    assert "claim" not in roles_of(analysis, "so feared")


@pytest.mark.parametrize("concession", ["This is partly true, as the NEP let peasants sell their grain.", "That may be true, since the NEP let peasants sell their grain."])
def test_granting_the_other_sides_point_goes_on_with_the_counterargument(analyzer, concession):
    analysis = analyzer.analyze(
        essay(
            "Some historians argue that Stalin broke with Lenin, because Lenin's last policy was the NEP. "
            f"{concession} But Lenin always called the NEP a retreat."
        )
    )
    assert roles_of(analysis, concession) == ["counterargument"]
    assert "rebuttal" in roles_of(analysis, "But Lenin always")


def test_this_is_true_with_no_counterargument_before_it_is_no_concession(analyzer):
    analysis = analyzer.analyze(
        essay("Lenin said the party must lead the workers. This is true of Stalin's party as well, which ruled alone after 1921.")
    )
    assert not analysis.sentences_with_role("counterargument")


UNBROKEN = (
    "Stalin ruled the Soviet Union from the late 1920s until 1953. He always called himself Lenin's pupil. "
    "I believe that Stalinism was a logical continuation of Leninism. "
    "First, Lenin built the one-party state that Stalin later ruled. In 1921 the Tenth Congress banned factions. "
    "The Mensheviks were arrested in the same year. "
    "Secondly, the terror began under Lenin. The Cheka shot thousands of hostages in 1918. "
    "Lenin signed orders to hang kulaks in Penza. "
    "In conclusion, Stalinism grew out of Leninism. Stalin used the tools Lenin had made."
)


def test_an_essay_sent_as_one_block_has_its_parts_read_from_its_sentences(analyzer):
    analysis = analyzer.analyze(UNBROKEN)
    assert len(analysis.paragraphs) == 1
    assert analysis.thesis is not None and analysis.thesis.text.startswith("I believe")
    assert "claim" in roles_of(analysis, "First, Lenin built")
    assert "claim" in roles_of(analysis, "Secondly, the terror")
    assert "evidence" in roles_of(analysis, "Tenth Congress")
    assert "evidence" in roles_of(analysis, "Penza")
    assert roles_of(analysis, "In conclusion") == ["thesis_restatement"]
    # The student is still told to write paragraphs.
    assert "NO_BODY_PARAGRAPHS" in [item.code for item in analysis.feedback]


def test_one_block_without_openers_is_read_by_the_usual_shares(analyzer):
    plain = UNBROKEN.replace("First, ", "").replace("Secondly, ", "").replace("In conclusion, ", "")
    analysis = analyzer.analyze(plain)
    assert analysis.thesis is not None and analysis.thesis.text.startswith("I believe")
    assert "evidence" in roles_of(analysis, "Penza")
    assert "thesis_restatement" in roles_of(analysis, "Stalinism grew out of Leninism")


def test_a_short_one_paragraph_answer_is_read_as_it_was(analyzer):
    short = "I believe that Stalinism continued Leninism. First, Lenin banned factions in 1921. Stalin used that ban."
    analysis = analyzer.analyze(short)
    assert not analysis.sentences_with_role("evidence")


def test_an_opening_line_then_one_block_is_read_as_one_block(analyzer):
    analysis = analyzer.analyze("Was Stalinism a logical continuation of Leninism\n" + UNBROKEN)
    assert analysis.thesis is not None and analysis.thesis.text.startswith("I believe")
    assert "claim" in roles_of(analysis, "Secondly, the terror")
    assert roles_of(analysis, "In conclusion") == ["thesis_restatement"]


def test_an_introduction_then_one_block_keeps_its_introduction(analyzer):
    introduction, block = UNBROKEN.split(" First, ")
    analysis = analyzer.analyze(f"{introduction}\n\nFirst, {block}")
    assert analysis.thesis is not None and analysis.thesis.text.startswith("I believe")
    assert "claim" in roles_of(analysis, "Secondly, the terror")
    assert "evidence" in roles_of(analysis, "Penza")
    assert roles_of(analysis, "In conclusion") == ["thesis_restatement"]


def test_an_essay_with_every_sentence_on_a_line_of_its_own_is_read_as_one_block(analyzer):
    sentences = UNBROKEN.replace(". ", ".\n\n")
    analysis = analyzer.analyze(sentences)
    assert len(analysis.paragraphs) == 11
    assert analysis.thesis is not None and analysis.thesis.text.startswith("I believe")
    # Not every line a claim: the lines after "First, ..." support it.
    assert "claim" in roles_of(analysis, "First, Lenin built")
    assert roles_of(analysis, "In 1921 the Tenth Congress") == ["evidence"]
    assert roles_of(analysis, "The Cheka shot") == ["evidence"]
    assert roles_of(analysis, "In conclusion") == ["thesis_restatement"]


def test_short_paragraphs_of_several_sentences_keep_their_parts(analyzer):
    paragraphs = UNBROKEN.replace(" First, ", "\n\nFirst, ").replace(" Secondly, ", "\n\nSecondly, ").replace(" In conclusion, ", "\n\nIn conclusion, ")
    analysis = analyzer.analyze(paragraphs)
    assert [paragraph.role for paragraph in analysis.paragraphs] == ["introduction", "body", "body", "conclusion"]
    assert roles_of(analysis, "In 1921 the Tenth Congress") == ["evidence"]


def test_an_essay_with_every_sentence_on_its_own_line_is_told_so_once(analyzer):
    analysis = analyzer.analyze(UNBROKEN.replace(". ", ".\n\n"))
    codes = [item.code for item in analysis.feedback]
    assert codes.count("ONE_SENTENCE_PARAGRAPHS") == 1
    # not one warning per one-sentence "paragraph"
    assert not {"PARAGRAPH_WITHOUT_CLAIM", "PARAGRAPH_WITHOUT_EVIDENCE", "THESIS_NOT_IN_INTRODUCTION"} & set(codes)
    organization = analysis.scores.criteria["organization"]
    assert "Almost every sentence stands in a paragraph of its own." in organization.reasons


def test_an_essay_in_paragraphs_is_not_told_about_one_sentence_paragraphs(analyzer):
    paragraphs = UNBROKEN.replace(" First, ", "\n\nFirst, ").replace(" Secondly, ", "\n\nSecondly, ").replace(" In conclusion, ", "\n\nIn conclusion, ")
    analysis = analyzer.analyze(paragraphs)
    assert "ONE_SENTENCE_PARAGRAPHS" not in [item.code for item in analysis.feedback]
    assert "2 body paragraphs develop the argument." in analysis.scores.criteria["organization"].reasons
