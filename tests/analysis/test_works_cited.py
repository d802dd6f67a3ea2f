"""The list of sources at the end: its entries, which ones are cited, and the feedback both ways."""

import pytest

MLA_ESSAY = (
    "Lenin and Stalin\n"
    "Lenin built a one-party state (Hosking 45). Stalin extended it (Getty, p. 12).\n"
    "The terror was planned (“Grain and Terror” 33). Lenin began it (Lincoln 80).\n"
    "In conclusion, the continuity is clear (Hosking 50).\n"
    "Works Cited\n"
    "Hosking, Geoffrey. A History of the Soviet Union. Fontana, 1985.\n"
    "Getty, J. Arch. Origins of the Great Purges. Cambridge UP, 1985.\n"
    "“Grain and Terror.” Village Studies, vol. 3, 1999.\n"
    "Viola, Lynne. Peasant Rebels under Stalin. Oxford UP, 1996.\n"
)

NOTES_ESSAY = (
    "Lenin banned factions.[1] Stalin purged the party.[2] The famine was man-made.[3]\n"
    "Thus Stalin continued Lenin's work [1].\n"
    "Notes\n"
    "[1] Geoffrey Hosking, A History of the Soviet Union (London: Fontana, 1985), 45.\n"
    "[2] Ibid., 47.\n"
    "[4] Lynne Viola, Peasant Rebels under Stalin (Oxford: Oxford University Press, 1996), 12.\n"
)


def entries(client, text):
    return client.post("/v1/feedback", json={"text": text}).json["works_cited"]


def codes(document, code):
    return [(item["start"], item["end"]) for item in document["feedback"] if item["code"] == code]


def test_works_cited_entries_have_offsets_sources_and_cited_flags(client):
    listed = entries(client, MLA_ESSAY)
    lines = MLA_ESSAY.splitlines()[5:]
    assert [entry["text"] for entry in listed] == lines
    for entry in listed:
        assert MLA_ESSAY[entry["start"] : entry["end"]] == entry["text"]
    assert [(entry["source"], entry["cited"]) for entry in listed] == [
        ("hosking", True),
        ("getty", True),
        ("grain and terror", True),
        ("viola", False),
    ]


def test_a_listed_source_never_cited_and_a_cited_source_not_listed(client):
    document = client.post("/v1/feedback", json={"text": MLA_ESSAY}).json
    viola = MLA_ESSAY.index("Viola, Lynne.")
    assert codes(document, "LISTED_SOURCE_NOT_CITED") == [(viola, MLA_ESSAY.index("\n", viola))]
    (unused,) = [item for item in document["feedback"] if item["code"] == "LISTED_SOURCE_NOT_CITED"]
    assert document["sentences"][unused["sentence"]]["text"].startswith("Viola, Lynne.")
    lincoln = MLA_ESSAY.index("(Lincoln 80)")
    assert codes(document, "CITED_SOURCE_NOT_LISTED") == [(lincoln, lincoln + len("(Lincoln 80)"))]


def test_footnote_markers_match_notes_by_number(client):
    document = client.post("/v1/feedback", json={"text": NOTES_ESSAY}).json
    assert [(entry["source"], entry["cited"]) for entry in document["works_cited"]] == [
        ("note 1", True),
        ("note 2", True),
        ("note 4", False),
    ]
    three = NOTES_ESSAY.index("[3]")
    assert codes(document, "CITED_SOURCE_NOT_LISTED") == [(three, three + 3)]
    four = NOTES_ESSAY.index("[4] Lynne")
    assert codes(document, "LISTED_SOURCE_NOT_CITED") == [(four, NOTES_ESSAY.index("\n", four))]


def test_apa_years_must_agree(client):
    text = (
        "The purges were chaotic (Getty, 1985). The famine was planned (Getty, 1993).\n"
        "References\n"
        "Getty, J. A. (1985). Origins of the great purges. Cambridge University Press.\n"
    )
    document = client.post("/v1/feedback", json={"text": text}).json
    assert [(entry["source"], entry["cited"]) for entry in document["works_cited"]] == [("getty 1985", True)]
    second = text.index("(Getty, 1993)")
    assert codes(document, "CITED_SOURCE_NOT_LISTED") == [(second, second + len("(Getty, 1993)"))]


def test_signal_phrases_and_documents_match_entries(client):
    text = (
        "According to Hosking, the party came first. The decree was harsh (Document 2).\n"
        "Sources:\n"
        "Hosking, Geoffrey. A History of the Soviet Union. Fontana, 1985.\n"
        "Document 2: Decree on the Cheka, December 1917.\n"
        "Document 3: Lenin's letter to the Politburo, 1922.\n"
    )
    document = client.post("/v1/feedback", json={"text": text}).json
    assert [(entry["source"], entry["cited"]) for entry in document["works_cited"]] == [
        ("hosking", True),
        ("document 2", True),
        ("document 3", False),
    ]
    assert codes(document, "CITED_SOURCE_NOT_LISTED") == []


def test_no_list_means_no_works_cited_feedback(client, reference_text):
    document = client.post("/v1/feedback", json={"text": reference_text}).json
    assert document["works_cited"] == []
    assert not codes(document, "CITED_SOURCE_NOT_LISTED") and not codes(document, "LISTED_SOURCE_NOT_CITED")


@pytest.mark.parametrize(
    ("line", "note", "surnames", "year", "title"),
    [
        ("Hosking, Geoffrey. A History of the Soviet Union. Fontana, 1985.", None, ("hosking",), "1985", "a history of the soviet union"),
        ("Getty, J. A. (1985). Origins of the great purges. Cambridge University Press.", None, ("getty",), "1985", "origins of the great purges"),
        ("Brovkin, V., & Lih, L. T. (1994). Grain and power. Yale University Press.", None, ("brovkin", "lih"), "1994", "grain and power"),
        ("[3] Lynne Viola, Peasant Rebels under Stalin (Oxford: OUP, 1996), 12.", 3, ("viola",), "1996", "peasant rebels under stalin"),
        ("¹² Moshe Lewin, Lenin's Last Struggle (New York: Pantheon, 1968), 84.", 12, ("lewin",), "1968", "lenin's last struggle"),
        ("2. Hosking, A History, 47.", 2, ("hosking",), None, "a history"),
        ("“Grain and Terror.” Village Studies, vol. 3, 1999.", None, (), "1999", "grain and terror"),
    ],
)
def test_reading_entries(line, note, surnames, year, title, works_cited_reader):
    entry = works_cited_reader.parse_entry(line, 0)
    assert (entry.note, entry.surnames, entry.year, entry.title) == (note, surnames, year, title)


def test_matching_rules(works_cited_reader):
    parse, matches = works_cited_reader.parse_entry, works_cited_reader.matches
    hosking = parse("Hosking, Geoffrey. A History of the Soviet Union. Fontana, 1985.", 0)
    assert matches("hosking", hosking) and matches("hosking 1985", hosking)
    assert not matches("hosking 1990", hosking) and not matches("getty", hosking)
    assert matches("a history of the soviet union", hosking) and matches("history of the soviet", hosking)
    assert not matches("history", hosking)
    note = parse("[2] Ibid., 47.", 0)
    assert note.ibid and matches("note 2", note) and not matches("note 3", note) and not matches("hosking", note)


def test_titles_with_apostrophes_match_their_own_entries(client):
    text = (
        "The order was brutal (“Lenin’s Hanging Order”). The assembly was closed (“Lenin and the Assembly”).\n"
        "Works Cited\n"
        "“Lenin and the Assembly.” History Today, 2017.\n"
        "“Lenin’s Hanging Order.” The Unknown Lenin, Yale University Press, 1996.\n"
        "‘Stalin’s Revolution from Above.’ Village Studies, 2001.\n"
    )
    document = client.post("/v1/feedback", json={"text": text}).json
    assert [(entry["source"], entry["cited"]) for entry in document["works_cited"]] == [
        ("lenin and the assembly", True),
        ("lenin's hanging order", True),
        ("stalin's revolution from above", False),
    ]
    assert codes(document, "CITED_SOURCE_NOT_LISTED") == []


def test_a_line_without_a_word_is_no_entry(client):
    # A separator typed under the list ("--", "*") names no work: nothing to cite or to report.
    text = MLA_ESSAY + "--\n*\n"
    listed = entries(client, text)
    assert [entry["text"] for entry in listed] == MLA_ESSAY.splitlines()[5:]


# --- works cited through notes ---------------------------------------------------------------

NOTES_AND_BIBLIOGRAPHY = (
    "The Harbour Strikes\n\n"
    "The dockers stopped work in March.[1] The owners hired strangers.[2] The strike failed by May.[3]\n\n"
    "Notes\n"
    "[1] Anna Brecht, Cold Harbour (Leeds: Northgate, 2004), 31.\n"
    "[2] Ibid., 40.\n"
    "[3] Tomas Wilde, The Long Strike (York: Minster, 1999), 12.\n\n"
    "Bibliography\n"
    "Brecht, Anna. Cold Harbour. Leeds: Northgate, 2004.\n"
    "Wilde, Tomas. The Long Strike. York: Minster, 1999.\n"
    "Orme, Ruth. Ships and Men. Hull: Quay, 2010.\n"
)


def test_a_bibliography_entry_cited_through_a_note_is_cited(client):
    document = client.post("/v1/feedback", json={"text": NOTES_AND_BIBLIOGRAPHY}).json
    cited = {entry["text"][:12]: entry["cited"] for entry in document["works_cited"]}
    assert cited["Brecht, Anna"] and cited["Wilde, Tomas"]
    # a work no note names is still uncited: the check still works
    assert not cited["Orme, Ruth. "]
    (uncited,) = codes(document, "LISTED_SOURCE_NOT_CITED")
    assert NOTES_AND_BIBLIOGRAPHY[uncited[0] : uncited[1]].startswith("Orme, Ruth.")


def test_note_markers_whose_notes_were_lost_are_answered_by_the_bibliography(client):
    text = (
        "The dockers stopped work in March.\u00b9 The owners hired strangers.\u00b2\n\n"
        "Bibliography\n"
        "Brecht, Anna. Cold Harbour. Leeds: Northgate, 2004.\n"
        "Wilde, Tomas. The Long Strike. York: Minster, 1999.\n"
    )
    document = client.post("/v1/feedback", json={"text": text}).json
    assert all(entry["cited"] for entry in document["works_cited"])
    assert codes(document, "LISTED_SOURCE_NOT_CITED") == [] and codes(document, "CITED_SOURCE_NOT_LISTED") == []


def test_a_bibliography_with_no_note_markers_is_still_checked(client):
    text = "The dockers stopped work in March.\n\nBibliography\nBrecht, Anna. Cold Harbour. Leeds: Northgate, 2004.\n"
    document = client.post("/v1/feedback", json={"text": text}).json
    assert len(codes(document, "LISTED_SOURCE_NOT_CITED")) == 1
