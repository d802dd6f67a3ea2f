"""Thesis, restatement and stance: examples that must be found, near-misses that must not."""

import pytest

INTRO_BACKGROUND = (
    "In 1924 Lenin died and a struggle for power began inside the Bolshevik party. "
    "By 1929 Stalin had defeated his rivals and ruled the Soviet Union alone."
)
BODY = (
    "Lenin created the Cheka in December 1917 to fight his enemies.\n\n"
    "In 1921 the Tenth Party Congress banned factions inside the party."
)


def essay(intro: str, conclusion: str = "In the end, the two leaders shared many methods.") -> str:
    return f"{intro}\n\n{BODY}\n\n{conclusion}"


def no_sure_thesis(analysis, near_miss: str | None = None) -> bool:
    """No thesis, or only a weak candidate (THESIS_UNCLEAR) that is not the near-miss."""
    thesis = analysis.thesis
    return thesis is None or thesis.unclear and thesis.text != near_miss


def roles_of(analysis, fragment):
    return next(sentence.roles for sentence in analysis.sentences if fragment in sentence.text)


@pytest.mark.parametrize(
    "position, stance",
    [
        ("I believe that Stalinism was a logical continuation of Leninism.", "continuity"),
        ("This essay will argue that Stalin betrayed the revolution Lenin had led.", "discontinuity"),
        ("In my view, Stalinism was not a continuation of Leninism but a break with it.", "discontinuity"),
        ("Stalinism was, to some extent, a continuation of Leninism, though Stalin went further.", "mixed"),
        ("Although Stalin differed from Lenin in his methods, I argue that Stalinism grew out of Leninism.", "continuity"),
    ],
)
def test_the_introductions_position_is_the_thesis_with_its_stance(analyzer, position, stance):
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position}"))
    assert analysis.thesis is not None
    assert analysis.thesis.text == position
    assert analysis.thesis.stance == stance


def test_an_introduction_without_a_position_has_no_thesis(analyzer):
    analysis = analyzer.analyze(essay(INTRO_BACKGROUND))
    # No sure thesis; the conclusion's weak summing-up is only the candidate asked about.
    assert analysis.thesis is not None and analysis.thesis.unclear
    assert analysis.thesis.text == "In the end, the two leaders shared many methods."
    codes = [item.code for item in analysis.feedback]
    assert "THESIS_UNCLEAR" in codes and "THESIS_MISSING" not in codes
    assert "thesis" in roles_of(analysis, "In the end") and "thesis_restatement" not in roles_of(analysis, "In the end")
    bare = analyzer.analyze(essay(INTRO_BACKGROUND, conclusion="Stalin died in 1953."))
    assert bare.thesis is None
    assert "THESIS_MISSING" in [item.code for item in bare.feedback]


def test_a_quotation_in_the_introduction_is_not_the_thesis(analyzer):
    quotation = 'Trotsky wrote that "Stalinism did issue from Bolshevism" (Trotsky).'
    position = "I think Stalinism continued what Lenin had begun."
    analysis = analyzer.analyze(essay(f"{quotation} {position} {INTRO_BACKGROUND}"))
    assert analysis.thesis is not None
    assert analysis.thesis.text == position


def test_a_question_is_not_the_thesis(analyzer):
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} Was Stalinism really a continuation of Leninism?"))
    assert analysis.thesis is None or analysis.thesis.unclear
    assert analysis.thesis is None or not analysis.thesis.text.endswith("?")


@pytest.mark.parametrize(
    "conclusion, restating, other",
    [
        (
            "Both men were ruthless. In conclusion, Stalinism was a logical continuation of Leninism, "
            "as its terror and its one party show.",
            "In conclusion",
            "Both men were ruthless",
        ),
        # After a conceding first sentence, the turn states the position.
        (
            "In conclusion, Stalin was more brutal than Lenin ever was. "
            "However, in my view his regime was built on everything Lenin created.",
            "However, in my view",
            "In conclusion",
        ),
        # Choosing a side is an opinion.
        (
            "In conclusion, Lenin ruled for only six years while Stalin ruled for almost thirty. "
            "Weighing all of this, I would choose to say that Stalinism grew out of Leninism.",
            "I would choose",
            "six years",
        ),
        # A sentence that only weighs both sides yields to one that takes a position.
        (
            "In conclusion, Stalinism and Leninism both have their pros and cons. "
            "In my view, Stalin simply finished Lenin's work.",
            "In my view",
            "pros and cons",
        ),
        # A reference to the reasons given opens a restatement.
        *(
            (
                f"Stalin killed far more people than Lenin ever did. {opener}, Stalin must be seen as Lenin's heir.",
                opener,
                "killed far more",
            )
            for opener in ("For the above reasons", "For those reasons", "Given these facts")
        ),
    ],
)
def test_the_conclusion_restates_the_thesis(analyzer, conclusion, restating, other):
    position = "I believe that Stalinism was a logical continuation of Leninism."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position}", conclusion))
    assert "thesis_restatement" in roles_of(analysis, restating)
    assert "thesis_restatement" not in roles_of(analysis, other)


def test_a_question_title_is_not_the_introduction(analyzer):
    position = "I believe that Stalinism was a logical continuation of Leninism."
    text = "Was Stalinism a logical continuation of Leninism?\n\n" + essay(f"{INTRO_BACKGROUND} {position}")
    analysis = analyzer.analyze(text)
    assert analysis.thesis is not None and analysis.thesis.text == position


def test_stance_is_unclear_when_the_thesis_is_not_about_the_question(nlp):
    from service.analysis.thesis import ThesisDetector

    detector = nlp.get_pipe("argument_roles").thesis
    assert isinstance(detector, ThesisDetector)
    doc = nlp("Students should study at home.\n\nOne.\n\nTwo.\n\nIn conclusion, I agree.")
    assert doc._.stance == "unclear"


def test_roles_on_the_reference_essay(analyzer, reference_text):
    analysis = analyzer.analyze(reference_text)
    last_paragraph = max(sentence.paragraph for sentence in analysis.sentences)
    assert analysis.thesis is not None
    assert analysis.sentences[analysis.thesis.sentence].paragraph == 0
    assert analysis.thesis.stance == "continuity"
    restatements = analysis.sentences_with_role("thesis_restatement")
    assert restatements and all(sentence.paragraph == last_paragraph for sentence in restatements)
    nep = [sentence for sentence in analysis.sentences if "New Economic Policy" in sentence.text]
    assert "counterargument" in nep[0].roles and nep[0].text.startswith("Arguments have been raised")
    assert "rebuttal" in nep[1].roles and nep[1].text.startswith("However")


@pytest.mark.parametrize(
    "position",
    [
        "I am convinced that Stalin's terror grew out of the Red Terror that Lenin began.",
        "I am sure that the one-party state Lenin built made Stalin possible.",
        "It is clear to me that Stalin continued the dictatorship Lenin had founded.",
        "It is essential to see the Cheka as the model for Stalin's NKVD.",
    ],
)
def test_a_position_without_i_believe_is_still_the_thesis(analyzer, position):
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position}"))
    assert analysis.thesis is not None
    assert analysis.thesis.text == position


@pytest.mark.parametrize(
    "empty",
    [
        "I agree with this view for the following reasons.",
        "I will give several reasons to support my opinion.",
        "In this essay I will discuss both sides.",
    ],
)
def test_a_stance_with_no_proposition_is_not_the_thesis(analyzer, empty):
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {empty}"))
    assert no_sure_thesis(analysis, empty)


def test_agreeing_with_a_stated_view_is_the_thesis(analyzer):
    position = "I agree with the view that Stalinism was a logical continuation of Leninism."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position}"))
    assert analysis.thesis is not None and analysis.thesis.text == position
    assert analysis.thesis.stance == "continuity"


def test_an_example_inside_the_thesis_does_not_disqualify_it(analyzer):
    position = "I believe that Stalin took over Lenin's methods, such as terror and the ban on factions."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position}"))
    assert analysis.thesis is not None and analysis.thesis.text == position


def test_a_sentence_opening_with_an_example_yields_to_the_position(analyzer):
    position = "I believe that Stalinism was a continuation of Leninism."
    example = "For example, I think Stalin's NKVD was a continuation of Lenin's Cheka."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position} {example}"))
    assert analysis.thesis is not None and analysis.thesis.text == position


def test_a_position_stated_only_in_the_conclusion_is_a_late_thesis(analyzer):
    late = "In conclusion, I believe that Stalinism was a logical continuation of Leninism."
    analysis = analyzer.analyze(essay(INTRO_BACKGROUND, late))
    assert analysis.thesis is not None
    assert analysis.thesis.text == late
    assert analysis.thesis.stance == "continuity"
    codes = [item.code for item in analysis.feedback]
    assert "THESIS_NOT_IN_INTRODUCTION" in codes
    assert "THESIS_MISSING" not in codes


def test_a_conclusion_that_only_summarises_is_no_late_thesis(analyzer):
    summary = "In conclusion, both men led the Soviet Union for many years."
    analysis = analyzer.analyze(essay(INTRO_BACKGROUND, summary))
    assert no_sure_thesis(analysis)
    codes = [item.code for item in analysis.feedback]
    assert "THESIS_MISSING" in codes or "THESIS_UNCLEAR" in codes


@pytest.mark.parametrize(
    "view, agreement, view_is_thesis",
    [
        ("Some historians argue that Stalinism continued Leninism.", "I agree with this view.", True),
        ("Many writers have claimed that Stalin carried on Lenin's work.", "Personally, I share this opinion.", True),
        ("Pipes held the idea that Stalin's terror began in 1918.", "In my view, this statement is true.", True),
        # A reason for agreeing is no position of its own.
        (
            "Some historians argue that Stalinism grew out of Leninism.",
            "I agree with this view because of the evidence we have today.",
            True,
        ),
        # "agree" as the complement of "tend".
        ("Some historians argue that Stalinism grew out of Leninism.", "I tend to agree with this view.", True),
        # Disagreeing: the position is the view's opposite, which no sentence states.
        ("Some historians argue that Stalin carried on Lenin's work.", "I disagree with this view.", False),
        ("Some historians argue that Stalin carried on Lenin's work.", "I do not agree with this statement.", False),
        # The sentence before reports no view: a plain fact is not a position.
        ("Stalin expelled Trotsky from the party in 1927.", "I agree with this view.", False),
    ],
)
def test_agreeing_with_the_view_just_reported_makes_that_view_the_thesis(analyzer, view, agreement, view_is_thesis):
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {view} {agreement}"))
    thesis = analysis.thesis.text if analysis.thesis is not None else None
    assert (thesis == view) is view_is_thesis
    assert "thesis" not in roles_of(analysis, agreement)


def test_the_view_agreed_with_gives_the_stance(analyzer):
    view = "Some historians argue that Stalinism was a logical continuation of Leninism."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {view} I agree with this view."))
    assert analysis.thesis.stance == "continuity"


@pytest.mark.parametrize(
    "position",
    [
        "In my view, Stalin's rule was far harsher than Lenin's, for several reasons.",
        "In my view, we misread Stalin when we separate him from Lenin, for several reasons.",
    ],
)
def test_a_position_followed_by_an_announcement_of_reasons_is_the_thesis(analyzer, position):
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position} Both men ruled by terror."))
    assert analysis.thesis is not None and analysis.thesis.text == position


def test_an_announcement_of_reasons_for_this_view_is_no_thesis(analyzer):
    announcement = "In my view, this statement is true for several reasons."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {announcement}"))
    assert no_sure_thesis(analysis, announcement)


def test_the_other_sides_view_is_not_the_thesis(analyzer):
    other_side = "Many historians tend to believe that Stalinism was a logical continuation of Leninism."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {other_side}"))
    assert analysis.thesis is None or analysis.thesis.text != other_side


def test_a_position_taken_against_the_other_side_in_one_sentence_is_the_thesis(analyzer):
    position = "Although some historians argue that Stalin betrayed Lenin, I believe Stalinism grew out of Leninism."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position} Both men ruled by terror."))
    assert analysis.thesis is not None and analysis.thesis.text == position
    assert analysis.thesis.stance == "continuity"


def test_weighing_both_sides_alone_restates_no_position(analyzer):
    position = "I believe that Stalinism was a logical continuation of Leninism."
    conclusion = "In conclusion, both answers to the question have their pros and cons."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position}", conclusion))
    assert not analysis.sentences_with_role("thesis_restatement")


def test_agreeing_with_this_view_that_states_its_own_position(analyzer):
    view = "Some historians argue that Stalin betrayed Lenin."
    agreement = "I agree with this view that Stalin betrayed everything Lenin stood for."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {view} {agreement}"))
    assert analysis.thesis is not None and analysis.thesis.text == agreement


def test_tending_to_do_something_else_states_no_opinion(analyzer):
    habit = "I tend to read about this period every summer."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {habit}"))
    assert no_sure_thesis(analysis, habit)


@pytest.mark.parametrize("opening", ["My position is that", "my stance on the question is that", "My argument is that"])
def test_the_writer_naming_their_position_states_the_thesis(analyzer, opening):
    # Neither the introduction's last sentence nor a stance word: the cue alone makes it the thesis.
    position = f"{opening} the party Stalin ruled was the party Lenin built."
    analysis = analyzer.analyze(essay(f"{INTRO_BACKGROUND} {position} Both men were ruthless."))
    assert analysis.thesis is not None
    assert analysis.thesis.text == position


@pytest.mark.parametrize(
    "opening",
    # No name or stance word of the question in them: only the opinion makes them the position.
    ["I strongly disagree with those who blame one man for everything.", "I think the party of 1937 was the party of 1921."],
)
def test_an_opening_sentence_that_states_the_writers_opinion_is_the_thesis(analyzer, opening):
    # Opening sentences are usually hooks; one that says "I think" / "I disagree" is the position.
    analysis = analyzer.analyze(essay(f"{opening} {INTRO_BACKGROUND} Many books have been written about them."))
    assert analysis.thesis is not None
    assert analysis.thesis.text == opening


def test_an_opening_hook_without_an_opinion_is_not_the_thesis(analyzer):
    hook = "Stalin ruled the Soviet Union for a quarter of a century."
    analysis = analyzer.analyze(essay(f"{hook} {INTRO_BACKGROUND} Many books have been written about them."))
    assert no_sure_thesis(analysis, hook)


# An essay on another prompt: its position has no opinion cue and no word of the Lenin-Stalin question.
GENERIC_BODY = (
    "When my cousin chose a college, she asked her coach, her aunt and two teachers. "
    "Each of them told her something the others had missed.\n\n"
    "People also see different sides of a problem. A friend may notice a risk that a parent does not."
)


def generic_essay(last: str, conclusion: str) -> str:
    """An essay on another prompt whose introduction ends with `last`."""
    intro = f"Everyone has to make hard choices at some point. Many people ask a friend what to do. {last}"
    return f"{intro}\n\n{GENERIC_BODY}\n\n{conclusion}"


@pytest.mark.parametrize(
    "echo",
    [
        "To sum up, asking several people for advice helps you make a better decision.",
        "In the end, a better decision comes from asking several people for advice, not just one.",
    ],
)
def test_the_sentence_the_conclusion_restates_is_the_thesis(analyzer, echo):
    position = "Asking several people for advice helps you make a better decision."
    analysis = analyzer.analyze(generic_essay(position, f"{echo} It takes longer, but it is worth it."))
    assert analysis.thesis is not None
    assert analysis.thesis.text == position
    assert "thesis_restatement" in roles_of(analysis, echo)


@pytest.mark.parametrize(
    "last, echo",
    [
        # the conclusion shares too little with the introduction's last sentence
        (
            "Asking several people for advice helps you make a better decision.",
            "To sum up, friends are important in every part of life.",
        ),
        # a plan of the essay, however closely the conclusion repeats it
        (
            "The reasons why people ask several friends for advice about a decision will be discussed.",
            "To sum up, the reasons why people ask several friends for advice about a decision were discussed.",
        ),
    ],
)
def test_an_unechoed_sentence_or_a_plan_is_no_generic_thesis(analyzer, last, echo):
    analysis = analyzer.analyze(generic_essay(last, echo))
    assert analysis.thesis is None or analysis.thesis.text != last


@pytest.mark.parametrize(
    "last, judged",
    [
        ("Asking several people for advice is a great way to make a better decision.", True),
        ("Asking several people for advice is helpful when a choice is hard.", True),
        # said of a person: it tells about them, it judges no question
        ("Anna Kowalski is a great listener.", False),
        ("She is very helpful when a choice is hard.", False),
    ],
)
def test_a_judgement_in_the_introductions_last_sentence_is_the_generic_thesis(analyzer, last, judged):
    analysis = analyzer.analyze(generic_essay(last, "In the end, everyone decides alone."))
    assert (analysis.thesis is not None and analysis.thesis.text == last) is judged
