"""The HTML report rendered from a feedback document: highlights nest, text stays text.

These documents are written by hand (offsets counted below), so the tests need no pipeline.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from html_tree import parse
from service.report import render_report

ROLES = {"thesis", "thesis_restatement", "claim", "evidence", "citation", "counterargument", "rebuttal"}


def span(text, part, after=0):
    """(start, end) of `part` in `text`, searching from `after`, counted by Python: code points."""
    start = text.index(part, after)
    return start, start + len(part)


def document_for(text, paragraphs, sentences, citations=(), feedback=()):
    """A feedback document of version 1 built by hand from (start, end) pairs."""
    return {
        "api_version": "1",
        "analyzer": {"version": "test", "spacy_version": "3.8", "pipeline": "handmade"},
        "stats": {"words": len(text.split()), "sentences": len(sentences), "paragraphs": len(paragraphs)},
        "paragraphs": [
            {"index": i, "start": s, "end": e, "role": role} for i, (s, e, role) in enumerate(paragraphs)
        ],
        "sentences": [
            {"index": i, "paragraph": p, "start": s, "end": e, "text": text[s:e], "roles": roles}
            for i, (s, e, p, roles) in enumerate(sentences)
        ],
        "thesis": None,
        "citations": [
            {"start": s, "end": e, "text": text[s:e], "sentence": n, "style": "parenthetical", "source": source}
            for s, e, n, source in citations
        ],
        "feedback": [
            {"code": code, "severity": severity, "message": message, "sentence": n, "start": s, "end": e}
            for code, severity, message, n, s, e in feedback
        ],
    }


ESSAY = (
    "Stalinism continued Leninism.\n"
    "Lenin banned factions in 1921 (Service, p. 45). Stalin used that ban against rivals.\n"
    "So the line runs from Lenin to Stalin."
)


@pytest.fixture
def essay_document():
    text = ESSAY
    p0, p1, p2 = span(text, "Stalinism continued Leninism."), span(text, "Lenin banned"), span(text, "So the line")
    p1 = (p1[0], text.index("rivals.") + len("rivals."))
    p2 = (p2[0], len(text))
    evidence = span(text, "Lenin banned factions in 1921 (Service, p. 45).")
    rivals = span(text, "Stalin used that ban against rivals.")
    citation = span(text, "(Service, p. 45)")
    return document_for(
        text,
        paragraphs=[(*p0, "introduction"), (*p1, "body"), (*p2, "conclusion")],
        sentences=[
            (*p0, 0, ["thesis"]),
            (*evidence, 1, ["claim", "evidence", "citation"]),
            (*rivals, 1, []),
            (*p2, 2, ["thesis_restatement"]),
        ],
        citations=[(*citation, 1, "service")],
        feedback=[
            ("NO_COUNTERARGUMENT", "suggestion", "Add a view against your thesis.", None, None, None),
            ("CLAIM_NEEDS_MORE", "warning", "Explain this claim.", 1, *evidence),
        ],
    )


def essay_root(page):
    root = parse(page)
    (container,) = root.find_all("div", **{"class": "essay-text"})
    return root, container


def test_a_citation_nests_inside_feedback_inside_its_sentence_inside_its_paragraph(essay_document):
    root, _ = essay_root(render_report(ESSAY, essay_document))
    citation = root.by_id("c-1")
    assert citation.text == "(Service, p. 45)"
    assert citation.attrs["data-role"] == "citation"
    chain = [(element.tag, element.attrs.get("id")) for element in citation.ancestors()]
    assert chain[:3] == [("mark", "fb-2"), ("span", "s-1"), ("p", "p-1")]
    sentence = root.by_id("s-1")
    assert sentence.attrs["data-role"] == "claim evidence citation"
    assert sentence.attrs["data-label"] == "Claim · Evidence · Citation"
    assert sentence.text == "Lenin banned factions in 1921 (Service, p. 45)."


def test_the_essay_reads_exactly_as_written(essay_document):
    _, container = essay_root(render_report(ESSAY, essay_document))
    # Labels are CSS generated content, so the page's text is the essay, character for character.
    assert container.text == ESSAY


def test_every_highlight_says_its_roles_and_the_legend_names_them(essay_document):
    root, container = essay_root(render_report(ESSAY, essay_document))
    highlighted = [element for element in container.iter() if "hl" in element.classes()]
    assert len(highlighted) == 4  # thesis, claim/evidence sentence, citation, thesis restated
    for element in highlighted:
        assert set(element.attrs["data-role"].split()) <= ROLES
    (legend,) = root.find_all("section", id="legend")
    legend_text = legend.text
    for words in ("Thesis", "Thesis restated", "Claim", "Evidence", "Counterargument", "Rebuttal", "Citation"):
        assert words in legend_text
    # Colour is not the only signal: the legend says how each role looks besides its colour.
    for look in ("double underline", "solid underline", "dotted underline", "wavy underline", "dashed underline", "border"):
        assert look in legend_text
    assert root.by_id("s-2").attrs.get("data-role") is None  # a sentence with no role is not highlighted


def test_feedback_items_link_to_their_spans_and_back(essay_document):
    root, container = essay_root(render_report(ESSAY, essay_document))
    items = root.find_all("li", data_code="CLAIM_NEEDS_MORE")
    (item,) = items
    (link,) = [a for a in item.iter() if a.tag == "a"]
    assert link.attrs["href"] == "#fb-2"
    target = root.by_id("fb-2")
    assert target is not None and target in list(container.iter())
    assert target.text == "Lenin banned factions in 1921 (Service, p. 45)."
    (back,) = [a for a in target.iter() if a.tag == "a"]
    assert back.attrs["href"] == "#item-2" and root.by_id("item-2") is item
    (essay_wide,) = root.find_all("li", data_code="NO_COUNTERARGUMENT")
    assert not [a for a in essay_wide.iter() if a.tag == "a"]
    assert "whole essay" in essay_wide.text


def test_a_feedback_item_across_two_paragraphs_is_cut_and_still_nests(essay_document):
    start = ESSAY.index("rivals.")
    end = ESSAY.index("the line")
    essay_document["feedback"].append(
        {"code": "SPANS_PARAGRAPHS", "severity": "problem", "message": "Across a break.", "sentence": None, "start": start, "end": end}
    )
    root, container = essay_root(render_report(ESSAY, essay_document))
    pieces = container.find_all("mark", data_feedback="SPANS_PARAGRAPHS")
    assert len(pieces) == 2
    assert [piece.parent.tag for piece in pieces] == ["span", "span"]
    assert {next(a for a in piece.ancestors() if a.tag == "p").attrs["id"] for piece in pieces} == {"p-1", "p-2"}
    assert "".join(piece.text for piece in pieces) == "rivals.So "  # the line break between the paragraphs is not marked
    assert [piece.attrs.get("id") for piece in pieces] == ["fb-3", None]  # one anchor per item


def test_offsets_are_code_points():
    text = "Ça 😀 va.\nLénine 👍🏽 a dit « non » (Service)."
    sentence = span(text, "Lénine 👍🏽 a dit « non » (Service).")
    citation = span(text, "(Service)")
    document = document_for(
        text,
        paragraphs=[(0, text.index("\n"), "introduction"), (text.index("\n") + 1, len(text), "body")],
        sentences=[(0, text.index("\n"), 0, []), (*sentence, 1, ["evidence"])],
        citations=[(*citation, 1, "service")],
    )
    root, container = essay_root(render_report(text, document))
    assert root.by_id("s-1").text == "Lénine 👍🏽 a dit « non » (Service)."
    assert root.by_id("c-1").text == "(Service)"
    assert container.text == text


ATTACKS = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' onfocus='alert(1)' autofocus='",
    "</p></div><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    "&lt;b&gt; is not bold",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_essay_text_never_becomes_markup(attack):
    text = f"Stalin {attack} ruled.\nLenin {attack} wrote ({attack})."
    citation = span(text, f"({attack})")
    document = document_for(
        text,
        paragraphs=[(0, text.index("\n"), "introduction"), (text.index("\n") + 1, len(text), "body")],
        sentences=[(0, text.index("\n"), 0, ["thesis"]), (text.index("\n") + 1, len(text), 1, ["evidence"])],
        citations=[(*citation, 1, attack)],
        feedback=[(attack, "warning", attack, 1, *citation)],
    )
    page = render_report(text, document)
    root, container = essay_root(page)
    assert container.text == text
    assert root.find_all("script") == [] and root.find_all("img") == []
    assert len(root.find_all("style")) == 1  # the report's own stylesheet only
    for element in root.iter():
        assert not [name for name in element.attrs if name.startswith("on") or name == "autofocus"]
    assert root.by_id("c-1").attrs["data-source"] == attack  # the attribute holds the value, whole
    assert root.find_all("li", data_code=attack)[0].text.count(attack) >= 2


def test_the_page_loads_nothing_from_anywhere(essay_document):
    page = render_report(ESSAY, essay_document)
    root = parse(page)
    assert root.find_all("script") == [] and root.find_all("link") == [] and root.find_all("img") == []
    assert not re.search(r"@import|url\(|https?://", page)
    for element in root.iter():
        assert "src" not in element.attrs
        assert element.attrs.get("href", "#").startswith("#")


def test_the_stylesheet_prints_on_a4_and_zooms(essay_document):
    (style,) = parse(render_report(ESSAY, essay_document)).find_all("style")
    css = style.text
    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    print_rules = css[css.index("@media print") :]
    assert "box-decoration-break: clone" in print_rules and "break-inside: avoid" in print_rules
    # Text sizes in relative units, so 200% zoom scales everything and lines wrap.
    assert not re.search(r"font(-size)?:[^;]*\d+px", css)
    assert "overflow-wrap: anywhere" in css and "white-space: pre-wrap" in css
    assert ":focus-visible" in css


def test_sections_without_data_are_left_out(essay_document):
    root = parse(render_report(ESSAY, essay_document))
    assert root.by_id("scores") is None and root.by_id("comparison") is None


@pytest.fixture
def compared_document(essay_document):
    """The comparison and scores as issue 4 describes them, written by hand."""
    essay_document["comparison"] = {
        "reference": {"id": "lenin_stalin_continuity", "title": "Stalinism as a logical continuation of Leninism"},
        "structure": {
            "student": {"paragraphs": 3, "thesis_paragraph": 0, "conclusion_restates_thesis": True, "sources": 1},
            "reference": {"paragraphs": 14, "thesis_paragraph": 0, "conclusion_restates_thesis": True, "sources": 9},
            "paragraphs": [
                {"student": 0, "reference": 0, "note": "Both open with the thesis."},
                {"student": 1, "reference": 7, "note": "Both argue the ban on factions."},
                {"student": None, "reference": 4, "note": "The reference's paragraph on collectivisation has no counterpart."},
                {"student": 2, "reference": 13, "note": "Conclusions."},
            ],
        },
        "arguments": [
            {"id": "ban_on_factions", "label": "The ban on factions", "covered": True, "sentences": [1]},
            {"id": "collectivisation", "label": "Collectivisation", "covered": False, "sentences": []},
            {"id": "nep", "label": "The NEP counterargument", "covered": False, "sentences": []},
        ],
        "overlap": {
            "share": 0.25,
            "pairs": [{"sentence": 2, "reference_sentence": 40, "kind": "paraphrase", "similarity": 0.71}],
        },
    }
    essay_document["scores"] = {
        "criteria": {
            "thesis": {"score": 3, "max": 4, "reasons": ["A clear thesis in the introduction."]},
            "evidence": {"score": 2, "max": 4, "reasons": ["One paragraph has evidence, one has none."]},
            "citations": {"score": 1, "max": 4, "reasons": ["One source only.", "No works-cited list."]},
            "organization": {"score": 3, "max": 4, "reasons": ["Introduction, body and conclusion."]},
            "counterargument": {"score": 0, "max": 4, "reasons": ["No counterargument."]},
        },
        "overall": 1.8,
    }
    return essay_document


def test_scores_come_with_their_reasons(compared_document):
    root = parse(render_report(ESSAY, compared_document))
    (citations,) = root.find_all("tr", data_criterion="citations")
    assert "1 / 4" in citations.text
    assert "One source only." in citations.text and "No works-cited list." in citations.text
    assert len(root.find_all("tr", data_criterion="counterargument")) == 1
    assert "Overall: 1.8 / 4" in root.by_id("scores").text


def test_comparison_maps_paragraphs_side_by_side(compared_document):
    root = parse(render_report(ESSAY, compared_document))
    comparison = root.by_id("comparison")
    assert "Stalinism as a logical continuation of Leninism" in comparison.text
    (table,) = comparison.find_all("table", **{"class": "paragraph-map"})
    rows = [row for row in table.find_all("tr") if row.find_all("td")]
    cells = [[" ".join(cell.text.split()) for cell in row.find_all("td")] for row in rows]
    assert cells[1][:2] == ["¶ 2 Body", "¶ 8"]
    assert cells[2][0] == "no counterpart" and cells[2][1] == "¶ 5"
    (student_link,) = [a for a in rows[1].find_all("a")]
    assert student_link.attrs["href"] == "#p-1"
    (structure,) = comparison.find_all("table", **{"class": "structure"})
    assert "Conclusion restates thesis" in structure.text and "Yes" in structure.text


def test_the_structure_table_counts_paragraphs_from_one(compared_document):
    # The JSON counts from 0 (paragraph 1 is the essay's second); people read "¶ 2".
    comparison = compared_document["comparison"]
    comparison["structure"]["student"]["body"] = [
        {"paragraph": 1, "opens_with_claim": True, "evidence": 1, "citations": 1, "arguments": ["ban_on_factions"]}
    ]
    comparison["structure"]["reference"]["thesis_paragraph"] = 2
    comparison["structure"]["reference"]["body"] = [
        {"paragraph": 7, "opens_with_claim": True, "evidence": 8, "citations": 2, "arguments": ["ban_on_factions"]}
    ]
    comparison["student_arguments"] = [{"paragraph": 1, "sentence": 2, "text": "Stalin used that ban against rivals."}]
    root = parse(render_report(ESSAY, compared_document))
    (structure,) = root.find_all("table", **{"class": "structure"})
    rows = {" ".join(row.find_all("th")[0].text.split()): row.find_all("td") for row in structure.find_all("tr") if row.find_all("td")}
    assert [" ".join(cell.text.split()) for cell in rows["Thesis paragraph"]] == ["¶ 1", "¶ 3"]
    student_body, reference_body = (" ".join(cell.text.split()) for cell in rows["Body"])
    assert student_body.startswith("¶ 2; Opens with claim: Yes") and reference_body.startswith("¶ 8; Opens with claim: Yes")
    assert [a.attrs["href"] for a in rows["Thesis paragraph"][0].find_all("a")] == ["#p-0"]
    assert [a.attrs["href"] for a in rows["Body"][0].find_all("a")] == ["#p-1"]
    assert rows["Thesis paragraph"][1].find_all("a") == [] and rows["Body"][1].find_all("a") == []  # the reference's
    (student_arguments,) = [p for p in root.by_id("comparison").find_all("p") if "Student arguments" in p.text]
    assert "¶ 2; sentence 3; Text: Stalin used that ban" in " ".join(student_arguments.text.split())
    assert [a.attrs["href"] for a in student_arguments.find_all("a")] == ["#p-1", "#s-2"]
    # The document itself keeps its indexes.
    assert comparison["structure"]["student"]["thesis_paragraph"] == 0
    assert comparison["student_arguments"][0]["sentence"] == 2


def test_comparison_lists_covered_and_missing_arguments(compared_document):
    root = parse(render_report(ESSAY, compared_document))
    covered = [li.attrs["data-argument"] for li in root.find_all("li") if "covered" in li.classes()]
    missing = [li.attrs["data-argument"] for li in root.find_all("li") if "missing" in li.classes()]
    assert covered == ["ban_on_factions"] and missing == ["collectivisation", "nep"]
    (link,) = root.find_all("li", data_argument="ban_on_factions")[0].find_all("a")
    assert link.attrs["href"] == "#s-1" and root.by_id("s-1") is not None
    overlap = root.find_all("table", **{"class": "overlap"})[0]
    assert "closely paraphrased" in overlap.text and "71%" in overlap.text
    assert "Stalin used that ban against rivals." in overlap.text
    assert "25% of this essay" in root.by_id("comparison").text


# Property: whatever the intervals, the tags nest and every piece of text appears once, in order.
@st.composite
def essays_with_marks(draw):
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), min_size=1, max_size=60))
    n = len(text)
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=6))))
    paragraphs = [(a, b, "body") for a, b in zip([0, *cuts], [*cuts, n]) if a < b]
    interval = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    sentences = [(a, b, 0, draw(st.lists(st.sampled_from(sorted(ROLES)), max_size=2))) for a, b in draw(st.lists(interval, max_size=4))]
    citations = [(a, b, None, "s") for a, b in draw(st.lists(interval, max_size=3))]
    feedback = [("X", "info", "m", None, a, b) for a, b in draw(st.lists(interval, max_size=3))]
    return text, document_for(text, paragraphs, sentences, citations, feedback)


@settings(max_examples=150, deadline=None)
@given(essays_with_marks())
def test_any_overlapping_intervals_nest_and_keep_the_text(case):
    text, document = case
    root, container = essay_root(render_report(text, document))  # parse() fails on any mis-nested tag
    assert container.text == text
    for number, sentence in enumerate(document["sentences"]):
        pieces = container.find_all("span", data_sentence=str(number))
        if sentence["start"] < sentence["end"]:
            assert "".join(piece.text for piece in pieces) == text[sentence["start"] : sentence["end"]]
            assert sum(piece.attrs.get("id") == f"s-{number}" for piece in pieces) == 1
