"""The citation finder: every style must be found at its exact offsets; near-misses must not be."""

import pytest

from service.analysis.citations import normalize_source


def found(nlp, text):
    return [(c.start, c.end, c.style, c.source) for c in nlp(text)._.citations]


def at(text, marker, occurrence=1):
    """(start, end) of the n-th occurrence of `marker` in `text`, found by hand, not by the finder."""
    start = -1
    for _ in range(occurrence):
        start = text.index(marker, start + 1)
    return start, start + len(marker)


def markers(nlp, text):
    return [text[start:end] for start, end, _, _ in found(nlp, text)]


# --- parenthetical: MLA, APA/Harvard, titles, documents, locators ---------------------------


@pytest.mark.parametrize(
    ("sentence", "marker", "source"),
    [
        ("The Bolsheviks closed the Assembly in 1918 (Radkey).", "(Radkey)", "radkey"),
        ("Grain quotas doubled within a year (Dunmore, p. 23-26).", "(Dunmore, p. 23-26)", "dunmore"),
        ("Grain quotas doubled within a year (Dunmore 41).", "(Dunmore 41)", "dunmore"),
        ("He called it a 'necessary evil' (Hosking, 1985, p. 45).", "(Hosking, 1985, p. 45)", "hosking 1985"),
        ("The purge spread to the provinces (Getty 1985:112).", "(Getty 1985:112)", "getty 1985"),
        ("Workers lost the right to strike (Brovkin and Lih, 1994).", "(Brovkin and Lih, 1994)", "brovkin lih 1994"),
        ("Workers lost the right to strike (Brovkin & Lih 1994, pp. 3-5).", "(Brovkin & Lih 1994, pp. 3-5)", "brovkin lih 1994"),
        ("The famine was denied abroad (Ellman et al. 2007).", "(Ellman et al. 2007)", "ellman 2007"),
        ("Peasants hid their grain (”Grain and Terror”).", "(”Grain and Terror”)", "grain and terror"),
        ("Peasants hid their grain (Grain and Terror 1928-33″).", "(Grain and Terror 1928-33″)", "grain and terror 1928-33"),
        ("Peasants hid their grain (“Grain and Terror,” 14).", "(“Grain and Terror,” 14)", "grain and terror"),
        ("Peasants hid their grain ('Village Voices').", "('Village Voices')", "village voices"),
        ("Peasants hid their grain (“Lenin’s Hanging Order”).", "(“Lenin’s Hanging Order”)", "lenin's hanging order"),
        ("The decree was signed at night (Document B).", "(Document B)", "document b"),
        ("The decree was signed at night (Doc. 4, line 7).", "(Doc. 4, line 7)", "document 4"),
        ("The decree was signed at night (Source 2).", "(Source 2)", "source 2"),
        ("The congress voted for the ban (Hosking, Soviet Union 120).", "(Hosking, Soviet Union 120)", "hosking"),
        ("Trotsky blamed the bureaucracy (Trotsky, The Revolution Betrayed).", "(Trotsky, The Revolution Betrayed)", "trotsky"),
        ("The Testament warned against Stalin (Lenin 1922/1965, p. 594).", "(Lenin 1922/1965, p. 594)", "lenin 1922"),
        ("The quotas were raised again (Pipes 1990 p45).", "(Pipes 1990 p45)", "pipes 1990"),
        ("The quotas were raised again (Source: BBC).", "(Source: BBC)", "bbc"),
        ("The quotas were raised again (from Document C).", "(from Document C)", "document c"),
        ("The quotas were raised again [Service, 2000].", "[Service, 2000]", "service 2000"),
        # APA cites examples of a claim with "e.g.,"
        ("Most historians agree (e.g., Hosking, 1985).", "(e.g., Hosking, 1985)", "hosking 1985"),
        ("Most historians agree (e.g. Hosking 1985, p. 45).", "(e.g. Hosking 1985, p. 45)", "hosking 1985"),
        # a document's label, then its title
        ("The decree was signed at night (Document A: Lenin's Testament).", "(Document A: Lenin's Testament)", "document a"),
        ("The decree was signed at night (Source 3 - Stalin's speech).", "(Source 3 - Stalin's speech)", "source 3"),
    ],
)
def test_parenthetical_citations_are_found_with_their_source(nlp, sentence, marker, source):
    start, end = at(sentence, marker)
    assert found(nlp, sentence) == [(start, end, "parenthetical", source)]


def test_several_works_in_one_parenthesis_are_one_marker_with_every_source(nlp):
    text = "Both parties agreed on the terror (Hosking 1985; Getty 1993)."
    (citation,) = nlp(text)._.citations
    assert (citation.start, citation.end) == at(text, "(Hosking 1985; Getty 1993)")
    assert citation.sources == ("hosking 1985", "getty 1993")


def test_a_work_cited_in_another_is_one_marker_with_both_sources(nlp):
    text = "Lenin demanded mass terror (Lenin, 1918, as cited in Pipes, 1990)."
    (citation,) = nlp(text)._.citations
    assert (citation.start, citation.end) == at(text, "(Lenin, 1918, as cited in Pipes, 1990)")
    assert citation.sources == ("lenin 1918", "pipes 1990")


def test_a_second_year_in_a_parenthesis_is_another_work_by_the_same_author(nlp):
    text = "The party purged itself twice (Service, 2000; 2004)."
    (citation,) = nlp(text)._.citations
    assert citation.sources == ("service 2000", "service 2004")


def test_ibid_and_page_only_take_the_source_before_them(nlp):
    text = "Lenin wanted it (Radkey 12). Stalin did it (ibid.). He said so “twice” (p. 77). It spread (paragraph 3)."
    assert found(nlp, text) == [
        (*at(text, "(Radkey 12)"), "parenthetical", "radkey"),
        (*at(text, "(ibid.)"), "parenthetical", "radkey"),
        (*at(text, "(p. 77)"), "parenthetical", "radkey"),
        (*at(text, "(paragraph 3)"), "parenthetical", "radkey"),
    ]


def test_quoted_in_and_see_name_the_work_cited(nlp):
    text = 'He wanted "iron discipline" (qtd. in Hosking 44). Others disagree (see Getty 90).'
    assert found(nlp, text) == [
        (*at(text, "(qtd. in Hosking 44)"), "parenthetical", "hosking"),
        (*at(text, "(see Getty 90)"), "parenthetical", "getty"),
    ]


def test_apa_narrative_year_is_the_marker(nlp):
    text = "Hosking (1985) argues that the party came first. Getty (1993, p. 12) suggests otherwise."
    assert found(nlp, text) == [
        (*at(text, "(1985)"), "parenthetical", "hosking 1985"),
        (*at(text, "(1993, p. 12)"), "parenthetical", "getty 1993"),
    ]


def test_a_bare_page_counts_after_a_quotation(nlp):
    text = 'Lenin called the soviets "a higher type of democracy" (45).'
    assert found(nlp, text) == [(*at(text, "(45)"), "parenthetical", "unattributed")]


def test_a_citation_glued_to_an_emoji_keeps_exact_offsets(nlp):
    text = "Lenin built the state 😀(Hosking 1985) and Stalin ruled it.\n"
    assert found(nlp, text) == [(*at(text, "(Hosking 1985)"), "parenthetical", "hosking 1985")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Lenin introduced the NEP (which surprised many of his comrades) in 1921.",
        "The civil war (1917-1924) was fought on many fronts.",
        "The civil war (1918–21) was fought on many fronts.",
        "The secret police (the Cheka) answered to Lenin alone.",
        "The secret police (Cheka) answered to Lenin alone.",
        "The New Economic Policy (NEP) allowed private trade.",
        "The Soviet Union (USSR) was founded in 1922.",
        "Some goods (e.g. grain and salt) were rationed.",
        "Some goods (i.e. those the army needed) were seized.",
        "There were two reasons: (1) hunger and (2) war.",
        "Stalin (1878-1953) outlived most of his rivals.",
        "He spoke in the spring (April 1918) to the soviets.",
        "The sailors of the Baltic fleet (Kronstadt) rebelled.",
        "Millions died (perhaps seven million) in the famine.",
        "The famine was worst in 1933 (see above).",
        "The NEP (New Economic Policy) allowed private trade.",
        "The show trials (Zinoviev, Kamenev, Bukharin) shocked the world.",
        "Lenin was ill for months (he had several strokes).",
        "The Bolsheviks (Lenin's party) seized power.",
        "The party grew (to over a million members).",
        "Power passed to the troika (Stalin, Zinoviev and Kamenev).",
        # "e.g." before a name with no year is an aside, not APA's example citation
        "Some leaders (e.g. Bukharin) opposed collectivisation.",
        "Some leaders (i.e., Trotsky and Zinoviev) lost everything.",
        "Some goods (e.g. 1,000 tonnes of grain) were seized.",
        # a colon after a word that is no document label
        "The slogan changed (Peace: Land: Bread) in 1917.",
    ],
)
def test_parentheses_that_are_not_citations(nlp, sentence):
    assert found(nlp, sentence) == []


def test_entries_of_the_works_cited_list_are_not_markers(nlp):
    text = "Lenin banned factions (Hosking 45).\nWorks Cited\nHosking, Geoffrey (1985). A History. Harvard UP.\n[1] Getty (1993), p. 4."
    assert markers(nlp, text) == ["(Hosking 45)"]


# --- footnote markers ----------------------------------------------------------------------


def test_bracketed_footnote_markers(nlp):
    text = "Lenin banned factions.[1] Stalin used the ban [12]. Both did it[3, 4].\n"
    assert found(nlp, text) == [
        (*at(text, "[1]"), "footnote", "note 1"),
        (*at(text, "[12]"), "footnote", "note 12"),
        (*at(text, "[3, 4]"), "footnote", "note 3; note 4"),
    ]


def test_a_bracketed_marker_with_a_page_points_to_its_note_only(nlp):
    text = "Stalin used the ban against the Left [3, p. 45]."
    assert found(nlp, text) == [(*at(text, "[3, p. 45]"), "footnote", "note 3")]


def test_superscript_footnote_markers(nlp):
    text = "Lenin banned factions in 1921.¹ Stalin went much further²³ than that.⁴\n"
    assert found(nlp, text) == [
        (*at(text, "¹"), "footnote", "note 1"),
        (*at(text, "²³"), "footnote", "note 23"),
        (*at(text, "⁴"), "footnote", "note 4"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The decree spoke of “measures [to be taken] against the enemy”.",
        "He wrote that the party [sic] was united.",
        "The area grew to 10² square miles in that year.",
        "[1] Hosking, A History, p. 4.\nThe essay continues here.",
        "The year [1917] changed everything.",
        "The leaders [Stalin and Lenin] disagreed.",
        "The list [3, p. 45 and more] was long.",
    ],
)
def test_brackets_and_digits_that_are_not_footnote_markers(nlp, text):
    assert [c for c in nlp(text)._.citations if c.style == "footnote"] == []


@pytest.mark.parametrize(
    "text",
    [
        "He wrote that the party [sic] was united.",
        "The leaders [Stalin and Lenin] disagreed.",
        "The decree spoke of “measures [to be taken] against the enemy”.",
        "The peasants moved to the towns (from Moscow).",
    ],
)
def test_brackets_and_from_phrases_that_are_not_references(nlp, text):
    assert nlp(text)._.citations == []


# --- signal phrases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "marker", "source"),
    [
        ("According to Hosking, the party never shared power.", "According to Hosking", "hosking"),
        ("According to historian Lynne Viola, the peasants resisted.", "According to historian Lynne Viola", "viola"),
        ("As Getty notes, the archives tell a quieter story.", "As Getty notes", "getty"),
        ("As Hosking has argued, Lenin built the machine.", "As Hosking has argued", "hosking"),
        ("Document 3 shows that the quotas were raised.", "Document 3 shows", "document 3"),
        ("As Source B says, the workers had no voice.", "As Source B says", "source b"),
        ("Historian Lynne Viola argues that the peasants fought back.", "Historian Lynne Viola argues", "viola"),
        ("In his book Red Victory, Lincoln writes that the war hardened the party.", "Lincoln writes", "lincoln"),
        ("In the words of Moshe Lewin, Lenin fought his last battle alone.", "In the words of Moshe Lewin", "lewin"),
        ("Isaac Deutscher, a Marxist historian, argued that the terror was new.", "Isaac Deutscher, a Marxist historian, argued", "deutscher"),
        ("Trotsky, in The Revolution Betrayed, claimed that Stalin ruled for the bureaucrats.", "Trotsky, in The Revolution Betrayed, claimed", "trotsky"),
        ("The historian Sheila Fitzpatrick has shown that peasants resisted.", "historian Sheila Fitzpatrick has shown", "fitzpatrick"),
        ("Document A states that the quotas rose.", "Document A states", "document a"),
        ("As stated in Source A, the quotas rose.", "As stated in Source A", "source a"),
        ("In the words of Trotsky, Stalin was the gravedigger of the revolution.", "In the words of Trotsky", "trotsky"),
    ],
)
def test_signal_phrases_are_found_with_their_source(nlp, sentence, marker, source):
    assert found(nlp, sentence) == [(*at(sentence, marker), "signal_phrase", source)]


def test_a_signal_phrase_and_its_parenthesis_are_two_markers_for_one_work(nlp):
    text = "Getty argues that the purges were chaotic (Getty, 1993, p. 12)."
    assert found(nlp, text) == [
        (*at(text, "Getty argues"), "signal_phrase", "getty 1993"),
        (*at(text, "(Getty, 1993, p. 12)"), "parenthetical", "getty 1993"),
    ]


def test_a_page_after_a_signal_phrase_takes_its_source(nlp):
    text = "As Hosking puts it, the party was the state (45)."
    assert found(nlp, text) == [
        (*at(text, "As Hosking puts"), "signal_phrase", "hosking"),
        (*at(text, "(45)"), "parenthetical", "hosking"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Lenin said that the state would wither away.",
        "Trotsky argued in 1923 that the party was becoming a bureaucracy.",
        "Stalin claimed that socialism had been built.",
        "Historians agree that the famine was man-made.",
        "Some historians argue that Lenin was different.",
        "Evidence shows that the quotas were impossible.",
        "The Testament shows that Lenin distrusted Stalin.",
        "The New Economic Policy shows a gentler side of Lenin.",
        "According to the plan, output would double.",
        "According to Marxist theory, the state would wither away.",
        "As Stalin consolidated power, the purges began.",
        "He argues that the state came first.",
        "Khrushchev's speech claimed that Stalin alone was guilty.",
        "Lenin wrote that the Assembly was obsolete (“Lenin and the Assembly”).",
        "In his April Theses, Lenin called for the land to be nationalised.",
    ],
)
def test_sentences_that_are_not_signal_phrases(nlp, sentence):
    assert [c for c in nlp(sentence)._.citations if c.style == "signal_phrase"] == []


# --- source keys ---------------------------------------------------------------------------


def test_every_variant_of_one_work_gets_one_key(nlp):
    text = (
        "It began early (Hosking, p. 23-26). It went on (Hosking 30). "
        "The terror grew (Getty, 1993, p. 45). It peaked (Getty 1993). It ended (Getty 1993:112).\n"
        "Grain was taken (Grain and Terror 1928-33″). More was taken (”Grain and Terror 1928-33″).\n"
    )
    sources = [source for *_, source in found(nlp, text)]
    assert sources == ["hosking", "hosking", "getty 1993", "getty 1993", "getty 1993", "grain and terror 1928-33", "grain and terror 1928-33"]


def test_a_bare_name_joins_the_one_dated_work_of_that_author(nlp):
    text = "Lenin built the state (Getty 1993). Stalin filled it (Getty). Then came war (Viola 1996)."
    assert [source for *_, source in found(nlp, text)] == ["getty 1993", "getty 1993", "viola 1996"]


def test_a_shortened_title_joins_its_full_title(nlp):
    text = "Grain was taken (“Grain and Terror in the Villages”). More was taken (“Grain and Terror” 4)."
    assert {source for *_, source in found(nlp, text)} == {"grain and terror in the villages"}


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("”How Lenin Led to Stalin”", "how lenin led to stalin"),
        ("Russian History 1905-30″", "russian history 1905-30"),
        ("Émile Durand", "emile durand"),
        ("Lenin’s Hanging Order", "lenin's hanging order"),
        ("  Figes,  Orlando. ", "figes orlando"),
    ],
)
def test_normalize_source(written, key):
    assert normalize_source(written) == key


def test_the_feedback_document_lists_every_work_of_a_citation(client):
    text = "Both parties agreed on the terror (Hosking 1985; Getty 1993).\n"
    (citation,) = client.post("/v1/feedback", json={"text": text}).json["citations"]
    assert citation["text"] == "(Hosking 1985; Getty 1993)"
    assert citation["source"] == "hosking 1985; getty 1993"
    assert citation["sources"] == ["hosking 1985", "getty 1993"]


def test_the_reference_essay_keeps_its_eighteen_parenthetical_citations(nlp, reference_text):
    citations = nlp(reference_text)._.citations
    parenthetical = [c for c in citations if c.style == "parenthetical"]
    assert len(parenthetical) == 18
    # Four works: (Trotsky), (Wood, p. 23-26), (”How Lenin Led to Stalin”) and, with or
    # without its opening mark, (”Russian History 1905-30″).
    assert {c.source for c in parenthetical} == {"trotsky", "wood", "how lenin led to stalin", "russian history 1905-30"}
    # "Even Trotsky ... grudgingly admits that ... (Trotsky)": the one signal phrase, citing the same work.
    assert [(reference_text[c.start : c.end], c.source) for c in citations if c.style == "signal_phrase"] == [
        ("Trotsky, a friend of Lenin and a staunch opponent of Stalin, grudgingly admits", "trotsky")
    ]


def test_only_sentences_with_a_cue_go_through_the_signal_phrase_matcher(nlp):
    # "in" and "by" open or end most cues ("in the words of", "as argued by") but also most
    # sentences: the Matcher reads a sentence only if it has a cue's distinctive word, a
    # document label, or "as" with a reporting verb.
    from service.analysis.citations.tokens import TokenIndex

    doc = nlp(
        "Lenin banned factions in 1921. Stalin was elected by the party in 1922. "
        "In the words of Trotsky, the party was strangled. As stated by Service, terror grew. "
        "As Kotkin argues, Stalin learned from Lenin. Document A shows the famine."
    )
    finder = nlp.get_pipe("citation_finder").signal_phrases
    sentences, _verbs = finder._candidates(doc, TokenIndex(doc))
    assert [sentence.text.split()[0] for sentence in sentences] == ["In", "As", "As", "Document"]


WRAPPED_LINES = (
    "Stalin's purges reached every corner of the party, and by 1938 most of\n"
    "the delegates to the Seventeenth Congress had been arrested (Fitzpatrick\n"
    "2008:165). The Cheka had shot hostages during the Civil War, long before\n"
    "the Great Terror began in the summer of 1937, and it answered to Lenin\n"
    "alone, as the decree of December 1917 set out (paragraph\n"
    "3). Stalin only widened what his teacher had begun in the Civil War.\n"
)


def test_a_citation_broken_over_a_wrapped_line_is_found(nlp):
    assert markers(nlp, WRAPPED_LINES) == ["(Fitzpatrick\n2008:165)", "(paragraph\n3)"]
    assert found(nlp, WRAPPED_LINES)[0][3] == "fitzpatrick 2008"


def test_a_parenthesis_never_runs_into_the_next_paragraph(nlp):
    # Two short lines: each is a paragraph, so "(Service" and "45)" belong to different ones.
    text = "Lenin founded the Cheka in 1917 (Service\n45). Stalin built on it."
    assert markers(nlp, text) == []
