"""What goes to the gradebook: the overall rubric score on the line item's scale, and a comment
with the most severe feedback items first."""

from service.lti.grades import grade_comment, scaled_score, this_round


def document(overall=3.0, feedback=()):
    return {"scores": {"overall": overall, "max": 4}, "feedback": list(feedback)}


def item(severity, message):
    return {"severity": severity, "message": message, "code": "X"}


def test_the_score_is_scaled_to_the_line_items_maximum():
    assert scaled_score(document(3.0), 50) == (37.5, 50.0)
    assert scaled_score(document(2.7), 10) == (6.75, 10.0)
    assert scaled_score(document(4.0), 100) == (100.0, 100.0)


def test_without_the_line_items_maximum_the_rubrics_scale_is_sent():
    assert scaled_score(document(2.5), None) == (2.5, 4.0)


def test_no_scores_no_grade():
    assert scaled_score({"scores": None, "feedback": []}, 50) is None


def test_the_comment_lists_the_most_severe_items_first_and_at_most_five():
    items = [item("info", "An aside."), item("problem", "No thesis."), item("suggestion", "Vary sentences.")]
    items += [item("warning", f"Warning {n}.") for n in range(4)]
    lines = grade_comment(document(1.5, items)).splitlines()
    assert lines[0] == "Essay feedback: overall 1.5 of 4."
    assert lines[1:6] == ["- No thesis.", "- Warning 0.", "- Warning 1.", "- Warning 2.", "- Warning 3."]
    assert lines[6] == "(and 2 more in the full report)"


def test_a_teachers_send_again_starts_a_new_round_of_attempts():
    failed_long_ago = [{"at_unix": 100.0, "status": 503}, {"at_unix": 200.0, "status": 503}]
    assert this_round(failed_long_ago, 10_000.0) == (100.0, 2)
    again = [*failed_long_ago, {"at_unix": 9_000.0, "status": None, "new_round": True}]
    assert this_round(again, 10_000.0) == (9_000.0, 0)
    assert this_round([*again, {"at_unix": 9_500.0, "status": 503}], 10_000.0) == (9_000.0, 1)
    assert this_round([], 10_000.0) == (10_000.0, 0)
