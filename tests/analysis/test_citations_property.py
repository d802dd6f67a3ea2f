"""Citation markers and works-cited entries keep exact offsets on arbitrary citation-like text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PIECES = [
    "(", ")", "[", "]", ";", ":", ",", ".", "'", '"', "“", "”", "″", "‘", "’", "¹", "²³", "⁴", " ", " ", "\n", "\r\n", "\t",
    "Hosking", "Getty", "p.", "pp.", "1917", "1985", "45", "23-26", "ibid.", "According to", "As", "notes", "argues",
    "Document", "3", "B", "and", "&", "et al.", "Works Cited", "Notes", "[1]", "qtd. in", "see", "e.g.", "😀", "Émile",
    "The", "the", "Lenin", "said", "that", "Introduction", "Conclusion", "In conclusion,", "Dear", "Sincerely,",
]
CITATION_LIKE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=CITATION_LIKE)
def test_citation_offsets_round_trip(analyzer, text):
    analysis = analyzer.analyze(text)
    for citation in analysis.citations:
        assert text[citation.start : citation.end] == citation.text
        assert citation.source and citation.sources and citation.source == "; ".join(citation.sources)
    for entry in analysis.works_cited:
        assert text[entry.start : entry.end] == entry.text and entry.source
    listed = [p for p in analysis.paragraphs if p.role == "works_cited"]
    for citation in analysis.citations:
        assert not any(p.start <= citation.start < p.end for p in listed)
