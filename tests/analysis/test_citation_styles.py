"""Citation styles students really write, beyond the textbook forms of test_citations.py.

Each form has examples that must be found with exact offsets and source keys, and
near-misses that look alike and must not be. Decisions (also in the modules' docstrings):

* several works in one parenthesis, "(Service 2000; Fitzpatrick 2008)", are ONE marker whose
  `sources` lists every work; a signal phrase naming several authors ("Pipes and Figes both
  argue") is one marker with each author's source, as is "Historians such as Conquest argue";
* "(see Appendix 2)" points inside the essay: not a citation; "(see below)" neither;
* "As Trotsky himself put it" quotes him: a signal phrase whatever the tense; "Stalin argued
  that ..." and "According to Lenin's plan" are history told, not citations;
* a web address or a bare site in parentheses is a citation whose source is the site;
* digits glued to punctuation ("factions.3 Stalin") are footnote markers only in an essay
  with a notes list, or with a run of them numbered upwards.
"""

import pytest
from test_citations import at, found



# --- parenthetical ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "marker", "source"),
    [
        # MLA author + a book title that lost its italics
        ("The workers' state was to be temporary (Lenin, State and Revolution).", "(Lenin, State and Revolution)", "lenin"),
        ("Ukraine was singled out (Applebaum, Red Famine).", "(Applebaum, Red Famine)", "applebaum"),
        ("The bureaucracy won (Trotsky, Revolution Betrayed 45).", "(Trotsky, Revolution Betrayed 45)", "trotsky"),
        ("He ruled alone after 1929 (Kotkin, Stalin: Paradoxes of Power, 2014).", "(Kotkin, Stalin: Paradoxes of Power, 2014)", "kotkin 2014"),
        ("He wanted it so (Lenin, “Letter to the Congress”).", "(Lenin, “Letter to the Congress”)", "lenin"),
        # corporate authors and well-known publishers
        ("The census of 1937 was suppressed (U.S. Library of Congress).", "(U.S. Library of Congress)", "us library of congress"),
        ("The census of 1937 was suppressed (National Archives).", "(National Archives)", "national archives"),
        ("The census of 1937 was suppressed (BBC).", "(BBC)", "bbc"),
        ("The census of 1937 was suppressed (BBC Bitesize).", "(BBC Bitesize)", "bbc bitesize"),
        ("The census of 1937 was suppressed (History Channel).", "(History Channel)", "history channel"),
        # web addresses
        ("Kulaks were deported (https://www.history.com/topics/russia/joseph-stalin).",
         "(https://www.history.com/topics/russia/joseph-stalin)", "history.com"),
        ("Kulaks were deported (history.com).", "(history.com)", "history.com"),
        ("Kulaks were deported (www.bbc.co.uk/bitesize).", "(www.bbc.co.uk/bitesize)", "bbc.co.uk"),
        # APA / Harvard variants
        ("The purge had quotas (Getty 1985, 113).", "(Getty 1985, 113)", "getty 1985"),
        ("The purge had quotas (Getty et al., 1999).", "(Getty et al., 1999)", "getty 1999"),
        ("The purge had quotas (Getty et al. 113).", "(Getty et al. 113)", "getty"),
        ("The purge had quotas (Getty n.d.).", "(Getty n.d.)", "getty nd"),
        ("The purge had quotas (Getty, 1985b).", "(Getty, 1985b)", "getty 1985b"),
        ("The purge had quotas (Viola, 1996, pp. 201-203).", "(Viola, 1996, pp. 201-203)", "viola 1996"),
        ("The purge had quotas (Viola 1996: 201–203).", "(Viola 1996: 201–203)", "viola 1996"),
        ("The purge had quotas (Getty, p.113).", "(Getty, p.113)", "getty"),
        ("The purge had quotas (Getty pg 113).", "(Getty pg 113)", "getty"),
        ("The purge had quotas (R. Getty, 1985).", "(R. Getty, 1985)", "getty 1985"),
        ("The purge had quotas (getty, 1985).", "(getty, 1985)", "getty 1985"),
        # quoted in, ibid
        ("He called for terror (Lenin qtd. in Getty 12).", "(Lenin qtd. in Getty 12)", "lenin; getty"),
        # documents
        ("The quota was raised twice (Doc #3).", "(Doc #3)", "document 3"),
        ("The quota was raised twice (Source A, para 2).", "(Source A, para 2)", "source a"),
        ("The quota was raised twice (Documents 2 and 5).", "(Documents 2 and 5)", "document 2; document 5"),
        ("The quota was raised twice (Docs 1, 4).", "(Docs 1, 4)", "document 1; document 4"),
    ],
)
def test_parenthetical_forms_are_found(nlp, sentence, marker, source):
    assert found(nlp, sentence) == [(*at(sentence, marker), "parenthetical", source)]


def test_several_authors_in_one_parenthesis_are_one_marker_with_each_work(nlp):
    text = "The terror was no accident (Conquest 1990; Viola 1996; Getty 1985)."
    (citation,) = nlp(text)._.citations
    assert (citation.start, citation.end) == at(text, "(Conquest 1990; Viola 1996; Getty 1985)")
    assert citation.sources == ("conquest 1990", "viola 1996", "getty 1985")


def test_two_years_of_one_author_are_two_works(nlp):
    text = "The party changed little (Viola 1996, 2007)."
    (citation,) = nlp(text)._.citations
    assert citation.sources == ("viola 1996", "viola 2007")


def test_ibid_with_a_page_takes_the_work_before_it(nlp):
    text = "Grain was seized (Viola 1996, 12). More was seized later (Ibid., p. 14)."
    assert found(nlp, text) == [
        (*at(text, "(Viola 1996, 12)"), "parenthetical", "viola 1996"),
        (*at(text, "(Ibid., p. 14)"), "parenthetical", "viola 1996"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The first years (1917-1924) were the hardest.",
        "The political police (the Cheka) grew quickly.",
        "The market returned (NEP) in 1921.",
        "The revolution had won (or so it seemed) by 1921.",
        "The famine followed (see below).",
        "The famine followed (see Appendix 2).",
        "Several revolts (e.g. the Kronstadt rebellion) were crushed.",
        "Stalin (Lenin's successor) ruled for decades.",
        "The purges killed many (approximately 700,000 people).",
        "Power passed to one man (Lenin, Chairman of Sovnarkom).",
        "Power passed to one man (Stalin, General Secretary).",
        "Power passed to one man (Trotsky, Red Army).",
        "The opposition was crushed (Trotsky, Zinoviev).",
        "The party split (Mensheviks, Bolsheviks).",
        "The capital moved (Petrograd, Moscow).",
        "The NKVD (People's Commissariat for Internal Affairs) ran the camps.",
        "He was exiled (since 1929) and later murdered.",
        "The party grew (from 1917 to 1921).",
        "Lenin was expelled from his studies (Kazan University).",  # an institution of the story, not a publisher
        "The army was reformed (Red Army Command).",
    ],
)
def test_parentheses_that_still_are_not_citations(nlp, sentence):
    assert found(nlp, sentence) == []


# --- footnote markers ------------------------------------------------------------------------


def test_markdown_and_caret_footnote_markers(nlp):
    text = "Lenin banned factions.[^1] Stalin used the ban.^2\n"
    assert found(nlp, text) == [
        (*at(text, "[^1]"), "footnote", "note 1"),
        (*at(text, "^2"), "footnote", "note 2"),
    ]


def test_plain_digits_after_punctuation_are_markers_in_an_essay_with_notes(nlp):
    text = (
        'Lenin banned factions in 1921.1 Stalin called it "a weapon."2 Trotsky objected,3 but lost.\n'
        "Notes\n"
        "1. Robert Service, Lenin (London: Macmillan, 2000), 427.\n"
        "2. Ibid., 430.\n"
        "3. Isaac Deutscher, The Prophet Unarmed (Oxford: Oxford UP, 1959), 20.\n"
    )
    assert found(nlp, text) == [
        (*at(text, "1 Stalin")[:1], at(text, "1 Stalin")[0] + 1, "footnote", "note 1"),
        (at(text, '."2')[0] + 2, at(text, '."2')[1], "footnote", "note 2"),
        (at(text, ",3 ")[0] + 1, at(text, ",3 ")[0] + 2, "footnote", "note 3"),
    ]


def test_plain_digits_count_without_a_list_only_as_an_upward_run(nlp):
    run = "Lenin banned factions.1 Stalin used the ban.2 Trotsky lost.3 "
    assert [c.source for c in nlp(run)._.citations] == ["note 1", "note 2", "note 3"]
    assert nlp("The people wanted change.2 things were different then.")._.citations == []


@pytest.mark.parametrize(
    "text",
    [
        "The output rose by 3.5 percent in 1928.",
        "See p.45 for the figures, and No.3 for the decree. It was vol.2 of the works.",
        "Stalin won in 1929.5 million peasants were deported.",
        "He counted them: 1, 2, 3 and so on.",
    ],
)
def test_digits_that_are_not_footnote_markers(nlp, text):
    assert [c for c in nlp(text + "\nNotes\n1. Service, Lenin, 4.\n")._.citations if c.style == "footnote"] == []


# --- signal phrases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "marker", "sources"),
    [
        ("Pipes and Figes both argue that Lenin built the system.", "Pipes and Figes both argue", ("pipes", "figes")),
        ("Conquest and Applebaum agree that the famine was planned.", "Conquest and Applebaum agree", ("conquest", "applebaum")),
        ("Historians such as Conquest argue that the terror was planned.", "Historians such as Conquest argue", ("conquest",)),
        ("Historians like Pipes and Figes claim that Lenin was to blame.", "Historians like Pipes and Figes claim", ("pipes", "figes")),
        ("Pipes asserts that Lenin was the founder of the system.", "Pipes asserts", ("pipes",)),
        ("As noted by Pipes, the terror began in 1918.", "As noted by Pipes", ("pipes",)),
        ("The historian E. H. Carr wrote that the revolution was betrayed.", "historian E. H. Carr wrote", ("carr",)),
        ("Fitzpatrick's research shows that the revolution lasted into the 1930s.", "Fitzpatrick's research shows", ("fitzpatrick",)),
        ("Kotkin's biography suggests that Stalin was a true believer.", "Kotkin's biography suggests", ("kotkin",)),
        ("As Trotsky himself put it, the party had been replaced by its apparatus.", "As Trotsky himself put", ("trotsky",)),
        ("Lenin wrote in State and Revolution that the state would wither away.", "Lenin wrote", ("lenin",)),
        ("In his book The Gulag Archipelago, Solzhenitsyn writes that the camps began under Lenin.", "Solzhenitsyn writes", ("solzhenitsyn",)),
        ("Historian Robert Service states that Lenin was ruthless.", "Historian Robert Service states", ("service",)),
        ("Orlando Figes claims that the revolution was a tragedy.", "Orlando Figes claims", ("figes",)),
        ("According to the historian Sheila Fitzpatrick, the revolution lasted until 1938.",
         "According to the historian Sheila Fitzpatrick", ("fitzpatrick",)),
        ("According to Document 3, the quotas were raised.", "According to Document 3", ("document 3",)),
        ("Source 2 suggests that the peasants resisted.", "Source 2 suggests", ("source 2",)),
        ("In Source C, a worker complains about the bread ration.", "In Source C", ("source c",)),
        ("Based on Document 4, the quotas were impossible.", "Based on Document 4", ("document 4",)),
        ("As shown in Doc. 3, the quotas were raised.", "As shown in Doc. 3", ("document 3",)),
    ],
)
def test_signal_phrases_of_real_essays(nlp, sentence, marker, sources):
    (citation,) = nlp(sentence)._.citations
    assert (citation.start, citation.end, citation.style) == (*at(sentence, marker), "signal_phrase")
    assert citation.sources == sources


@pytest.mark.parametrize(
    "sentence",
    [
        "According to Lenin's plan, the state would wither away.",
        "Stalin argued that socialism in one country was possible.",
        "Lenin warned in his Testament that Stalin was too rude.",
        "Bolsheviks such as Bukharin argued for a slower pace.",
        "Historians argue that the famine was man-made.",
        "Five Reasons to keep the quotas says the report.",
        "Peasants claimed that the grain had been taken.",
        "Khrushchev's speech claimed that Stalin alone was guilty.",
        "In Russia, the peasants resisted collectivisation.",
        "In Article 58, the criminal code defined counter-revolution.",
        "As Lenin said, the state would wither away.",
        "Teacher think that phones distract students.",  # a common noun with a plural verb, not a name
    ],
)
def test_sentences_that_still_are_not_signal_phrases(nlp, sentence):
    assert [c for c in nlp(sentence)._.citations if c.style == "signal_phrase"] == []


# --- works-cited lists for the new forms -----------------------------------------------------


MLA_ESSAY = (
    "Lenin and Stalin\n"
    "Lenin rejected parliaments (Lenin, State and Revolution). Ukraine starved (Applebaum, Red Famine).\n"
    "The census of 1937 was suppressed (U.S. Library of Congress). Lenin ordered hangings (history.com).\n"
    "Historians such as Conquest argue that the terror was planned. Pipes and Figes both argue that Lenin built it.\n"
    "Works Cited\n"
    "Applebaum, Anne. Red Famine: Stalin's War on Ukraine. Doubleday, 2017.\n"
    "Conquest, Robert. The Great Terror. Oxford UP, 1990.\n"
    "Figes, Orlando. A People's Tragedy. Viking, 1996.\n"
    "Lenin, V. I. The State and Revolution. 1917. Penguin, 1992.\n"
    'U.S. Library of Congress. "Revelations from the Russian Archives." 1992, www.loc.gov/exhibits/archives/.\n'
    '"Vladimir Lenin." History.com, A&E Television Networks, 2009, www.history.com/topics/russia/vladimir-lenin.\n'
    "Pipes, Richard. The Russian Revolution. Knopf, 1990.\n"
    "Service, Robert. Lenin: A Biography. Macmillan, 2000.\n"
)

APA_ESSAY = (
    "Stalin and Lenin\n"
    "Both agree that the party came first (Service, 2000; Fitzpatrick, 2008). The purges were local (Getty et al., 1999).\n"
    "The famine was man-made (conquest, 1986). Lenin was the founder (Service 2000, 2004).\n"
    "The archives were opened (https://www.loc.gov/exhibits/archives/).\n"
    "References\n"
    "Conquest, R. (1986). The harvest of sorrow. Oxford University Press.\n"
    "Fitzpatrick, S. (2008). The Russian revolution (3rd ed.). Oxford University Press.\n"
    "Getty, J. A., & Naumov, O. V. (1999). The road to terror. Yale University Press.\n"
    "Service, R. (2000). Lenin: A biography. Macmillan.\n"
    "Service, R. (2004). Stalin: A biography. Macmillan.\n"
    "Pipes, R. (1990). The Russian revolution. Knopf.\n"
)

NOTES_ESSAY = (
    "Lenin banned factions in 1921.1 Stalin used the ban against Trotsky.2\n"
    'He called the terror "a necessary measure."3 Stalin went further.^4\n'
    "Notes\n"
    "1. Robert Service, Lenin: A Biography (London: Macmillan, 2000), 427.\n"
    "2. Ibid., 430.\n"
    "3. Sheila Fitzpatrick, The Russian Revolution (Oxford: Oxford UP, 2008), 70.\n"
    "4. Stephen Kotkin, Stalin: Paradoxes of Power (New York: Penguin, 2014), 412.\n"
    "5. Richard Pipes, The Russian Revolution (New York: Knopf, 1990), 390.\n"
)


def _listed(client, text):
    document = client.post("/v1/feedback", json={"text": text}).json
    unlisted = [text[i["start"] : i["end"]] for i in document["feedback"] if i["code"] == "CITED_SOURCE_NOT_LISTED"]
    return [(entry["text"].split(".")[0], entry["cited"]) for entry in document["works_cited"]], unlisted


def test_mla_list_matches_titles_corporate_authors_sites_and_several_authors(client):
    entries, unlisted = _listed(client, MLA_ESSAY)
    assert entries == [
        ("Applebaum, Anne", True),
        ("Conquest, Robert", True),
        ("Figes, Orlando", True),
        ("Lenin, V", True),
        ("U", True),  # "U.S. Library of Congress. ..."
        ('"Vladimir Lenin', True),
        ("Pipes, Richard", True),
        ("Service, Robert", False),  # listed, never cited
    ]
    assert unlisted == []


def test_apa_list_matches_several_works_in_one_parenthesis_and_a_lower_case_author(client):
    entries, unlisted = _listed(client, APA_ESSAY)
    assert [cited for _, cited in entries] == [True, True, True, True, True, False]  # Pipes never cited
    assert unlisted == ["(https://www.loc.gov/exhibits/archives/)"]  # a site the list lacks


def test_notes_list_matches_plain_and_caret_markers(client):
    entries, unlisted = _listed(client, NOTES_ESSAY)
    assert [cited for _, cited in entries] == [True, True, True, True, False]
    assert unlisted == []


def test_entries_know_their_sites_and_opening_words(works_cited_reader):
    parse = works_cited_reader.parse_entry
    entry = parse('"Vladimir Lenin." History.com, 2009, https://www.history.com/topics/russia/vladimir-lenin.', 0)
    assert entry.hosts == ("history.com",)
    assert parse("U.S. Library of Congress. Revelations. 1992.", 0).opening.startswith("us library of congress ")


def test_a_one_word_title_after_an_author_needs_the_author_in_the_list(nlp):
    # "(Service, Lenin)" is Service's biography when the list has Service; alone it may be two people.
    listed = "Lenin wanted one party (Service, Lenin).\nWorks Cited\nService, Robert. Lenin: A Biography. Macmillan, 2000.\n"
    assert found(nlp, listed) == [(*at(listed, "(Service, Lenin)"), "parenthetical", "service")]
    assert found(nlp, "Lenin wanted one party (Service, Lenin).") == []


def test_the_real_world_styles_essay_cites_every_entry_of_its_list(client):
    # tests/data/citation_essays/real_world_styles: every entry is cited once in some form
    # (unquoted title, corporate author, bare site, author-title-year, signal phrase naming two authors).
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "citation_essays" / "real_world_styles.txt"
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    document = client.post("/v1/feedback", json={"text": text}).json
    assert len(document["works_cited"]) == 11 and all(entry["cited"] for entry in document["works_cited"])
    codes = {item["code"] for item in document["feedback"]}
    assert "CITED_SOURCE_NOT_LISTED" not in codes and "LISTED_SOURCE_NOT_CITED" not in codes


@pytest.mark.parametrize(
    ("text", "unlisted"),
    [
        # MLA and APA list only the work a quotation was found in: the original author is not missing.
        ("Lenin and Stalin\nLenin wanted terror (Lenin qtd. in Service 45). Stalin used it (Service 50).\n"
         "It was planned (Service 60).\nWorks Cited\nService, Robert. Lenin: A Biography. Macmillan, 2000.\n", []),
        ("Lenin and Stalin\nLenin wanted terror (Lenin, 1918, as cited in Pipes, 1990). Stalin used it (Pipes, 1990).\n"
         "It was planned (Getty, 1985).\nReferences\nPipes, R. (1990). The Russian revolution. Knopf.\n", ["(Getty, 1985)"]),
        # The work it was quoted in must itself be listed: then neither is (one item per work).
        ("Lenin and Stalin\nLenin wanted terror (Lenin qtd. in Pipes 45). Stalin used it (Service 50).\n"
         "It was planned (Service 60).\nWorks Cited\nService, Robert. Lenin: A Biography. Macmillan, 2000.\n",
         ["(Lenin qtd. in Pipes 45)"] * 2),
    ],
)
def test_a_quoted_original_is_answered_for_by_the_entry_it_was_quoted_in(client, text, unlisted):
    assert _listed(client, text)[1] == unlisted
