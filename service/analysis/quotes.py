"""The double quotation marks essays use, straight, curly, low, guillemets and the reference's ″.

One set for every check that asks "is this a quotation?" (single quotes are left out: they
are also apostrophes).
"""

DOUBLE_QUOTES = frozenset('"“”„‟″«»')


def count_double_quotes(text: str) -> int:
    return sum(1 for char in text if char in DOUBLE_QUOTES)
