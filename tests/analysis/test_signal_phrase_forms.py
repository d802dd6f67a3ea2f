"""Signal phrases students really write, beyond a name before a reporting verb (signal_phrases.py).

Each form has examples that must be found, with the marker's exact offsets and its source key,
and near-misses that look alike and must not be. Decisions:

* a work named by a common noun with "the", "this" or "our" ("According to the documentary",
  "The author of the excerpt argues") is the essay's own source, in any tense: a textbook or
  an author is never an actor of the history told. "A book claims", "Documents show": no one work;
* a publisher's work ("A PBS documentary explains") cites the publisher, in the present or
  perfect; "A Pravda article claimed" is a document of the history told;
* a title's author ("Conquest's The Great Terror describes", "Applebaum's book Red Famine
  shows", "In her book ..., Anne Applebaum shows") in the present or perfect, not "Stalin's
  Short Course claimed";
* "Getty's argument is that ..." reports the argument; "Lenin's view was that ..." is history;
* "as Lewin has argued": the scholar's perfect, whatever entity type spaCy guesses for the name;
  "as Germany has shown" stays a place;
* a document label anywhere in the prose ("Looking at Document 2", "supported by Source B"),
  not "the excerpt I read" nor "Reading 2 chapters".

Kept as they were: a historical actor speaking in the past ("Kamenev insisted that ...") is
history told, not a citation, even when the essay also cites that actor's book elsewhere -
unless the sentence quotes the actor's own words and nothing else in it answers for them
(tests/analysis/test_citations_real_forms.py: "Trotsky described him as 'the first of the organisers'").
"""

import pytest
from test_citations import at


def signal_phrases(nlp, text):
    return [(c.start, c.end, c.sources) for c in nlp(text)._.citations if c.style == "signal_phrase"]


def in_essay(sentence):
    """The sentence as the middle paragraph of a short essay, as a student would write it."""
    return f"Lenin founded the Cheka.\n\n{sentence}\n\nStalin widened its reach."


FOUND = [
    # a work named by a common noun
    ("According to the documentary, the grain quotas doubled.", "According to the documentary", ("documentary",)),
    ("As stated in the passage, the workers lost their vote.", "As stated in the passage", ("passage",)),
    ("The article explains that the famine was hidden.", "article explains", ("article",)),
    ("The author of the excerpt argues that the terror grew.", "author of the excerpt argues", ("author",)),
    ("As the writer notes, the peasants resisted.", "As the writer notes", ("writer",)),
    ("This website claims that the kulaks were invented.", "website claims", ("website",)),
    ("Our textbook describes the famine as man-made.", "textbook describes", ("textbook",)),
    ("The author stated that the harvest failed twice.", "author stated", ("author",)),
    # a publisher's work
    ("A PBS documentary explains that the camps grew.", "PBS documentary explains", ("pbs",)),
    ("A National Archives report shows that the camps grew.", "National Archives report shows", ("national archives",)),
    # a title's author
    ("Conquest's The Great Terror describes how the purges spread.", "Conquest's The Great Terror describes", ("conquest",)),
    ("Applebaum's book Red Famine shows that the quotas were raised.", "Applebaum's book Red Famine shows", ("applebaum",)),
    ("In her book Red Famine: Stalin's War on Ukraine, Anne Applebaum shows that the quotas were raised.",
     "Anne Applebaum shows", ("applebaum",)),
    # an argument reported with "is that"
    ("Getty's argument is that the purges were chaotic.", "Getty's argument is", ("getty",)),
    ("Conquest's view is that the terror was planned.", "Conquest's view is", ("conquest",)),
    # "as X has argued"
    ("The state grew stronger, as Lewin has argued.", "as Lewin has argued", ("lewin",)),
    ("The quotas rose, as Viola has noted.", "as Viola has noted", ("viola",)),
    # a document label in the prose
    ("Looking at Document 2, the ration fell.", "Looking at Document 2", ("document 2",)),
    ("The cartoon in Source D mocks the kulaks.", "in Source D", ("source d",)),
    ("This is supported by Source B.", "Source B", ("source b",)),
]


@pytest.mark.parametrize(("sentence", "marker", "sources"), FOUND)
def test_signal_phrase_forms_are_found_with_their_source(nlp, sentence, marker, sources):
    text = in_essay(sentence)
    assert signal_phrases(nlp, text) == [(*at(text, marker), sources)]


NOT_FOUND = [
    # no one particular work
    "A book claims that the kulaks were invented.",
    "Books describe the famine in detail.",
    "Documents show that the famine was hidden.",
    "The source of his power shows that the party ruled.",
    "The book was burned in 1933.",
    # documents and acts of the history told
    "A Pravda article claimed that the harvest was excellent.",
    "A Soviet newspaper article claims that the harvest was excellent.",
    "Stalin's Short Course claimed that the party had always been right.",
    "Lenin's view was that the party must lead.",
    "The main argument is that the party must lead.",
    "Kamenev insisted that the party must share power.",
    "Bukharin believed that the peasants would grow into socialism.",
    "Most peasants think that the quotas are unfair.",
    # places and words that only look like labels
    "The state grew stronger, as Germany has shown.",
    "The party won, as history has shown.",
    "In the excerpt I read, the ration fell.",
    "Reading 2 chapters a night, he learned it.",
    "Article 58 was used against the engineers.",
]


@pytest.mark.parametrize("sentence", NOT_FOUND)
def test_sentences_like_signal_phrases_that_are_not(nlp, sentence):
    assert signal_phrases(nlp, in_essay(sentence)) == []


def test_a_name_the_essay_cites_is_a_source_whatever_entity_spacy_guesses(nlp):
    # The small model takes "Figes" here for a place; "as Germany has shown" (above) stays one.
    cited = "Lenin founded the Cheka (Figes 1996, p. 3).\n\nThe party came first, as Figes has shown."
    assert signal_phrases(nlp, cited)[-1:] == [(*at(cited, "as Figes has shown"), ("figes 1996",))]


def test_a_label_that_ends_a_sentence_before_a_name(nlp):
    text = "Lenin founded the Cheka.\n\nThe ration fell, as we see in Source B. Stalin cut it again."
    assert signal_phrases(nlp, text) == [(*at(text, "Source B"), ("source b",))]


def test_an_actor_the_essay_also_cites_is_still_history_in_the_past_tense(nlp):
    # Zinoviev is both cited (his book, in the works-cited list) and an actor of the history told.
    text = (
        "Lenin founded the Cheka.\n\n"
        "In 1925, Zinoviev declared that the party was in danger (Carr 12).\n\n"
        "Works Cited\n"
        "Zinoviev, Grigory. History of the Bolshevik Party. 1923.\n"
        "Carr, Edward. The Interregnum. 1954.\n"
    )
    assert signal_phrases(nlp, text) == []


def test_an_annotated_works_cited_list_holds_no_signal_phrase(nlp):
    # An annotated bibliography describes its works ("The author explains ..."); it cites none of them.
    text = (
        "Lenin founded the Cheka (Service 12).\n\n"
        "Stalin widened its reach.\n\n"
        "Works Cited\n"
        "Service, Robert. Lenin: A Biography. 2000. The author explains how the Cheka grew; Source B gives its decree.\n"
    )
    citations = nlp(text)._.citations
    assert [text[c.start : c.end] for c in citations] == ["(Service 12)"]


WORKS_CITED = "\n\nWorks Cited\nDeutscher, Isaac. Stalin: A Political Biography. Oxford, 1949.\nKamenev, Lev. Speeches. 1925.\n"


def test_a_past_tense_statement_dated_with_the_cited_works_year_cites_it(nlp):
    # "in 1949" is the year of the work the list gives for Deutscher: a publication, not an act of the history.
    text = "Lenin founded the Cheka.\n\nDeutscher wrote in 1949 that the party had devoured itself.\n\nStalin widened its reach." + WORKS_CITED
    assert signal_phrases(nlp, text) == [(*at(text, "Deutscher wrote"), ("deutscher",))]


def test_a_dated_marker_elsewhere_dates_the_statement_too(nlp):
    text = "Lenin founded the Cheka (Deutscher 1949, p. 8).\n\nDeutscher wrote in 1949 that the party had devoured itself."
    assert signal_phrases(nlp, text) == [(*at(text, "Deutscher wrote"), ("deutscher 1949",))]


def test_a_past_tense_statement_in_another_year_than_the_cited_work_is_history(nlp):
    # Kamenev's cited work is of 1925: what he argued in 1923 is an act of the history told.
    text = in_essay("Kamenev argued in 1923 that the party must share power.") + WORKS_CITED
    assert signal_phrases(nlp, text) == []


def test_the_author_points_back_to_the_work_cited_before(analyzer):
    text = (
        "Stalin used what Lenin built.\n\n"
        "Pipes calls the Cheka the model of the NKVD (Pipes 45). The author argues that nothing changed in 1924.\n\n"
        "In the end, the methods were the same.\n\n"
        "Works Cited\n"
        "Pipes, Richard. The Russian Revolution. Knopf, 1990.\n"
    )
    analysis = analyzer.analyze(text)
    author = next(citation for citation in analysis.citations if text[citation.start : citation.end].startswith("author"))
    assert author.source == "pipes"
    assert "CITED_SOURCE_NOT_LISTED" not in [item.code for item in analysis.feedback]


def test_the_author_with_nothing_cited_before_is_not_reported_as_unlisted(analyzer):
    text = (
        "Stalin used what Lenin built.\n\n"
        "The author argues that nothing changed in 1924 (Pipes 45).\n\n"
        "In the end, the methods were the same.\n\n"
        "Works Cited\n"
        "Pipes, Richard. The Russian Revolution. Knopf, 1990.\n"
    )
    codes = [item.code for item in analyzer.analyze(text).feedback]
    assert "CITED_SOURCE_NOT_LISTED" not in codes
