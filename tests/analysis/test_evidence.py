"""Evidence: facts, dates, figures, quotations, cited sources - not the writer's own reading."""

from test_claims import essay, roles_of


def test_dates_quotations_and_citations_are_evidence(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Lenin used terror against his opponents. "
            "In December 1917 the Sovnarkom created the Cheka. "
            'Lenin demanded "unquestioning submission to a single will" (Service, p. 45). '
            "About 200,000 people were killed in the Red Terror."
        )
    )
    for fragment in ("December 1917", "unquestioning submission", "200,000"):
        assert "evidence" in roles_of(analysis, fragment)


def test_a_topic_sentence_with_its_source_is_claim_and_evidence(analyzer):
    analysis = analyzer.analyze(
        essay('Lenin called for "the nationalization of all lands" (Pipes 45). Stalin collectivized the farms in 1929.')
    )
    roles = roles_of(analysis, "nationalization")
    assert "claim" in roles and "evidence" in roles


def test_the_writers_analysis_is_not_evidence(analyzer):
    analysis = analyzer.analyze(
        essay(
            "Lenin banned factions at the Tenth Congress in 1921. "
            "This shows that Lenin would not tolerate dissent inside his own party."
        )
    )
    assert "evidence" not in roles_of(analysis, "This shows")


def test_the_thesis_and_a_question_are_not_evidence(analyzer):
    analysis = analyzer.analyze(
        essay("Lenin created the Cheka in 1917. Was this the beginning of Stalin's terror?")
    )
    assert "evidence" not in roles_of(analysis, "I believe")
    assert "evidence" not in roles_of(analysis, "Was this")


def test_a_body_paragraph_of_only_a_claim_gets_paragraph_without_evidence(analyzer):
    analysis = analyzer.analyze(essay("Stalin went much further than Lenin ever did.", "Lenin created the Cheka in 1917. It shot thousands in 1918."))
    codes = [item.code for item in analysis.feedback]
    assert codes.count("PARAGRAPH_WITHOUT_EVIDENCE") == 1
