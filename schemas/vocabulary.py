"""The closed word lists of the API: paragraph and sentence roles, citation styles, severities, stances.

Their own module, so that every schema reads them from one place and no schema module has to
import another for them.
"""

PARAGRAPH_ROLES = ("title", "heading", "introduction", "body", "conclusion", "works_cited", "other")
SENTENCE_ROLES = ("thesis", "thesis_restatement", "claim", "evidence", "citation", "counterargument", "rebuttal")
CITATION_STYLES = ("parenthetical", "footnote", "signal_phrase")
SEVERITIES = ("info", "suggestion", "warning", "problem")
STANCES = ("continuity", "discontinuity", "mixed", "unclear")
