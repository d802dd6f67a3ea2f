"""The title line: one line without final sentence punctuation, or short questions only - not
an opening of two sentences ("Stalin was a monster. Or was he?"), which is the introduction.
A two-sentence exam prompt ('"..." Discuss.') is known after the parse (test_question_title.py)."""

import pytest


def roles(essay_paragraphs, text):
    return [paragraph.role for paragraph in essay_paragraphs.parts.assign_roles(text, essay_paragraphs.split(text))]


@pytest.mark.parametrize(
    ("first_line", "role"),
    [
        # Two sentences, the first a statement: the opening of the essay, however short.
        ("Stalin was a monster. Or was he?", "introduction"),
        ("Lenin was cruel. Stalin was worse!", "introduction"),
        ("Lenin built the machine. Did Stalin only drive it?", "introduction"),
        # Every sentence a short question: the question the essay answers, set as its title.
        ("Was Stalin Lenin's heir? Why?", "title"),
        ("Continuity or betrayal? How far did Stalin follow Lenin?", "title"),
        # One line without final punctuation: a title.
        ("Lenin, Stalin and the One-Party State", "title"),
    ],
)
def test_a_title_is_one_line_or_questions_only_not_two_sentences(first_line, role, essay_paragraphs):
    text = (
        f"{first_line}\n"
        "Lenin built the one-party state in 1918 and Stalin inherited every part of it, from the Cheka to the ban on factions.\n"
        "Stalin collectivised farming and purged the party in the 1930s, going much further than Lenin ever did.\n"
        "In conclusion, Stalin continued what Lenin began.\n"
    )
    assert roles(essay_paragraphs, text)[0] == role
