"""spaCy's attribute ruler applied with array operations instead of its Matcher.

The trained pipeline's `attribute_ruler` maps each token's fine-grained tag (and, for some
words, its text or dependency) to its coarse part of speech, morphology and lemma with about
180 Matcher patterns. The Matcher tries every pattern at every token: the component took
13 % of the trained pipeline's time (docs/performance.md). Nearly all its patterns test one
token's attributes for equality or membership, so a token's outcome depends only on those
attribute values, and only on whether each is one the patterns name. `ArrayAttributeRuler`
reads the tested attributes of every token with one `Doc.to_array`, works out the outcome
once per distinct combination (kept for the next Docs, up to OUTCOME_CACHE_LIMIT of them),
applies the few multi-token patterns on arrays too, and writes the values back with one
`Doc.from_array`.

The result is the stock component's, token for token (tests/analysis/test_attribute_rules.py compares
them): a later rule overrides an earlier one, as in `AttributeRuler.set_annotations`. A
pattern with no array form (an operator, a regex, a test on the morphology or an extension)
is still matched by a Matcher holding only such patterns (one of the 179 in en_core_web_sm),
and only on Docs where its first token's testable attributes occur. A ruler with a rule that
sets anything but a token's own POS, TAG, MORPH, LEMMA or DEP (a lexeme attribute, an
extension) is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, IDS, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

# Token attributes a pattern may test: their `Doc.to_array` value is a string's id, as the
# Matcher reads a pattern's string (a symbol's id for "NOUN" or "expl", else its hash), or a
# flag (IS_*, LIKE_*).
STRING_TESTS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "POS": POS, "DEP": DEP, "LEMMA": LEMMA}
FLAG_TESTS = {name: IDS[name] for name in IDS if name.startswith(("IS_", "LIKE_"))}
# Token attributes a rule may set: each is a field of the token alone, never of its lexeme.
WRITABLE = (POS, TAG, MORPH, LEMMA, DEP)
# Past this many combinations of tested values, a combination's number could overflow an int64.
MAX_COMBINATIONS = 2**62
# Outcomes kept at most. Real text meets a few hundred combinations (349 over essay_samples/),
# but en_core_web_sm's patterns allow 435,348, and text written to reach them could.
OUTCOME_CACHE_LIMIT = 50_000


@dataclass(frozen=True)
class TokenTest:
    """One attribute test of one token: its value is (or, negated, is not) one of `values`."""

    attr: int
    values: frozenset[int]
    negated: bool = False
    array: numpy.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "array", numpy.array(sorted(self.values), dtype=numpy.uint64))

    def passes(self, value: int | None) -> bool:
        """Whether a token whose attribute is `value` (None: a value no pattern names) passes."""
        return (value in self.values) != self.negated

    def passes_all(self, column: numpy.ndarray) -> numpy.ndarray:
        found = column == self.array[0] if len(self.array) == 1 else numpy.isin(column, self.array)
        return ~found if self.negated else found


Pattern = tuple[tuple[TokenTest, ...], ...]


@dataclass(frozen=True)
class Rule:
    """A rule of the ruler: its patterns, the token of a match it sets, and the values it sets.

    `patterns` holds each pattern's tests per token; a rule with a pattern that has no array
    form is matched by the fallback Matcher under the key `str(number)` instead (None here).
    """

    number: int
    patterns: tuple[Pattern, ...] | None
    index: int
    values: tuple[tuple[int, int], ...]

    @property
    def one_token(self) -> bool:
        return self.patterns is not None and all(len(pattern) == 1 for pattern in self.patterns)


def compile_rules(ruler: AttributeRuler, fallback: Matcher) -> list[Rule] | None:
    """The ruler's rules in order, or None when one of them sets what this cannot set.

    The patterns of rules that have one without an array form are added to `fallback`.
    """
    rules = []
    for number, attrs in enumerate(ruler.attrs):
        patterns = ruler.matcher.get(ruler.vocab.strings[str(number)])[1]
        values = tuple(attrs.items())
        if not patterns or any(attr not in WRITABLE for attr, _value in values):
            return None
        compiled = [_compile_pattern(pattern) for pattern in patterns]
        index = ruler.indices[number]
        if None in compiled or any(not -len(pattern) <= index < len(pattern) for pattern in compiled):
            fallback.add(str(number), patterns)
            compiled = None
        rules.append(Rule(number, tuple(compiled) if compiled else None, index, values))
    return rules


def _compile_pattern(pattern: Sequence[dict]) -> Pattern | None:
    tokens = tuple(_compile_token(token) for token in pattern)
    return tokens if tokens and None not in tokens else None


def _compile_token(token: dict) -> tuple[TokenTest, ...] | None:
    tests = tuple(_compile_test(key, value) for key, value in token.items())
    return None if None in tests else tests


def _compile_test(key: str, value) -> TokenTest | None:
    if key in FLAG_TESTS:
        return TokenTest(FLAG_TESTS[key], frozenset([int(value)])) if isinstance(value, bool) else None
    if key not in STRING_TESTS:
        return None
    if isinstance(value, str):
        options, negated = [value], False
    elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
        (operator, options), = value.items()
        negated = operator == "NOT_IN"
    else:
        return None
    if not all(isinstance(option, str) for option in options):
        return None
    return TokenTest(STRING_TESTS[key], frozenset(get_string_id(option) for option in options), negated)


class ArrayAttributeRuler:
    """The `attribute_ruler` component, evaluated on token arrays (see the module docstring).

    It keeps the stock ruler it applies (`ruler`), which saves and loads its rules, so
    `nlp.to_disk` writes them and `spacy.load` reads them back.
    """

    def __init__(self, vocab, name: str = "attribute_ruler", ruler: AttributeRuler | None = None) -> None:
        self.name = name
        self.ruler = ruler if ruler is not None else AttributeRuler(vocab, name)
        self.fallback = Matcher(vocab)
        self._one_token: list[Rule] = []
        self._sequences: list[Rule] = []
        self._fallback_gates: list[tuple[TokenTest, ...]] | None = None
        self._sequence_rules: dict[int, Rule] = {}
        self._written: list[int] = []
        self._column_of: dict[int, int] = {}
        # The tested attributes, the values the patterns name for each (sorted), and the
        # stride of each in a combination's number (see _one_token_outcomes).
        self._tested: list[int] = []
        self._named: list[numpy.ndarray] = []
        self._strides: list[int] = []
        # Outcome of the one-token rules per combination of tested values: for each written
        # attribute, the number of the last rule that sets it (-1: none) and its value.
        self._outcomes: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def load(self, ruler: AttributeRuler) -> bool:
        """Take over `ruler`'s rules; False (and nothing loaded) when this cannot apply them."""
        fallback = Matcher(self.fallback.vocab)
        rules = compile_rules(ruler, fallback)
        if rules is None:
            return False
        unmatched = [pattern for rule in rules if rule.patterns is None for pattern in ruler.matcher.get(ruler.vocab.strings[str(rule.number)])[1]]
        gates = _gates(unmatched)
        tests = [test for rule in rules for pattern in rule.patterns or () for token in pattern for test in token]
        tests += [test for gate in gates or () for test in gate]
        tested = sorted({test.attr for test in tests})
        named = [numpy.array(sorted({value for test in tests if test.attr == attr for value in test.values}), dtype=numpy.uint64) for attr in tested]
        strides = [int(numpy.prod([len(values) + 1 for values in named[:position]])) for position in range(len(named))]
        if numpy.prod([float(len(values) + 1) for values in named]) > MAX_COMBINATIONS:
            return False
        self.ruler = ruler
        self.fallback, self._fallback_gates, self._outcomes = fallback, gates, {}
        self._tested, self._named, self._strides = tested, named, strides
        self._one_token = [rule for rule in rules if rule.one_token]
        self._sequences = [rule for rule in rules if not rule.one_token]
        self._sequence_rules = {rule.number: rule for rule in self._sequences}
        self._written = sorted({attr for rule in rules for attr, _value in rule.values})
        self._column_of = {attr: position for position, attr in enumerate(self._written)}
        return True

    def initialize(self, get_examples=None, *, nlp: Language | None = None, patterns=None, tag_map=None, morph_rules=None) -> None:
        self.ruler.initialize(get_examples, nlp=nlp, patterns=patterns, tag_map=tag_map, morph_rules=morph_rules)
        self._take_over()

    def to_disk(self, path, *, exclude=tuple()) -> None:
        self.ruler.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()) -> "ArrayAttributeRuler":
        self.ruler.from_disk(path, exclude=exclude)
        self._take_over()
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return self.ruler.to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "ArrayAttributeRuler":
        self.ruler.from_bytes(data, exclude=exclude)
        self._take_over()
        return self

    def _take_over(self) -> None:
        if not self.load(self.ruler):
            raise ValueError(f"{self.name}: a rule sets what the array form cannot set; use spaCy's attribute_ruler")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self._written:
            return doc
        tested = doc.to_array(self._tested) if self._tested else numpy.zeros((len(doc), 0), dtype=numpy.uint64)
        tested = tested.reshape(len(doc), len(self._tested))
        numbers, values = self._one_token_outcomes(tested)
        columns = {attr: tested[:, position] for position, attr in enumerate(self._tested)}
        matched = self._fallback_targets(doc, columns)
        for rule in self._sequences:
            targets = _targets(rule, columns, len(doc)) if rule.patterns is not None else matched.get(rule.number)
            if targets is None or not len(targets):
                continue
            for attr, value in rule.values:
                position = self._column_of[attr]
                later = targets[numbers[targets, position] < rule.number]
                numbers[later, position] = rule.number
                values[later, position] = value
        current = doc.to_array(self._written).reshape(len(doc), len(self._written))
        updated = numpy.where(numbers >= 0, values, current)
        changed = [position for position in range(len(self._written)) if not numpy.array_equal(updated[:, position], current[:, position])]
        if changed:
            doc.from_array([self._written[position] for position in changed], updated[:, changed])
        return doc

    def _one_token_outcomes(self, tested: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Per token and written attribute: the last one-token rule setting it (-1: none), its value."""
        key = numpy.zeros(len(tested), dtype=numpy.int64)
        for position, (named, stride) in enumerate(zip(self._named, self._strides)):
            column = tested[:, position]
            found = numpy.searchsorted(named, column)
            known = found < len(named)
            known[known] = named[found[known]] == column[known]
            key += numpy.where(known, found + 1, 0) * stride
        keys, inverse = numpy.unique(key, return_inverse=True)
        outcomes = [self._outcome(int(key)) for key in keys]
        numbers = numpy.array([numbers for numbers, _values in outcomes], dtype=numpy.int64).reshape(len(keys), len(self._written))
        values = numpy.array([values for _numbers, values in outcomes], dtype=numpy.uint64).reshape(len(keys), len(self._written))
        return numbers[inverse], values[inverse]

    def _outcome(self, key: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if key in self._outcomes:
            return self._outcomes[key]
        token = {}
        for attr, named, stride in zip(self._tested, self._named, self._strides):
            code = key // stride % (len(named) + 1)
            token[attr] = int(named[code - 1]) if code else None
        numbers, values = [-1] * len(self._written), [0] * len(self._written)
        for rule in self._one_token:
            if any(all(test.passes(token[test.attr]) for test in pattern[0]) for pattern in rule.patterns):
                for attr, value in rule.values:
                    position = self._column_of[attr]
                    numbers[position], values[position] = rule.number, value
        if len(self._outcomes) >= OUTCOME_CACHE_LIMIT:
            self._outcomes.clear()
        self._outcomes[key] = outcome = (tuple(numbers), tuple(values))
        return outcome

    def _fallback_targets(self, doc: Doc, columns: dict[int, numpy.ndarray]) -> dict[int, numpy.ndarray]:
        """The tokens set by each rule the fallback Matcher matches, by rule number."""
        if not len(self.fallback) or not _may_match(self._fallback_gates, columns, len(doc)):
            return {}
        found: dict[int, set[int]] = {}
        strings = doc.vocab.strings
        for match_id, start, end in self.fallback(doc, allow_missing=True):
            rule = self._sequence_rules[int(strings[match_id])]
            if not start - end <= rule.index < end - start:
                raise ValueError(f"attribute rule {rule.number}: index {rule.index} is outside its match of {end - start} tokens")
            found.setdefault(rule.number, set()).add(start + rule.index % (end - start))
        return {number: numpy.array(sorted(tokens), dtype=numpy.intp) for number, tokens in found.items()}


def _gates(patterns: list[list[dict]]) -> list[tuple[TokenTest, ...]] | None:
    """Per fallback pattern, the array-testable attributes of its first token; None if one has none."""
    gates = []
    for pattern in patterns:
        first = pattern[0] if pattern else {}
        tests = tuple(test for test in (_compile_test(key, value) for key, value in first.items()) if test is not None)
        if not tests or "OP" in first:
            return None
        gates.append(tests)
    return gates


def _may_match(gates: list[tuple[TokenTest, ...]] | None, columns: dict[int, numpy.ndarray], length: int) -> bool:
    """Whether some token passes the first-token tests of some fallback pattern."""
    if gates is None:
        return True
    for tests in gates:
        passing = numpy.ones(length, dtype=bool)
        for test in tests:
            passing &= test.passes_all(columns[test.attr])
        if passing.any():
            return True
    return False


def _targets(rule: Rule, columns: dict[int, numpy.ndarray], length: int) -> numpy.ndarray | None:
    """The positions of the tokens a multi-token `rule` sets in a Doc of `length` tokens."""
    targets = []
    for pattern in rule.patterns:
        span = len(pattern)
        if span > length:
            continue
        starts = numpy.ones(length - span + 1, dtype=bool)
        for offset, token in enumerate(pattern):
            for test in token:
                starts &= test.passes_all(columns[test.attr][offset : offset + len(starts)])
        targets.append(numpy.flatnonzero(starts) + rule.index % span)
    return numpy.unique(numpy.concatenate(targets)) if targets else None


@Language.factory(
    "array_attribute_ruler",
    default_config={"validate": False},
    assigns=["token.pos", "token.tag", "token.morph", "token.lemma"],
)
def make_array_attribute_ruler(nlp: Language, name: str, validate: bool) -> ArrayAttributeRuler:
    """spaCy's attribute ruler (its rules from `initialize` or `from_disk`), applied on arrays."""
    return ArrayAttributeRuler(nlp.vocab, name, AttributeRuler(nlp.vocab, name, validate=validate))


def use_array_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's attribute ruler by its array form when every rule allows it."""
    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(stock, AttributeRuler) or not ArrayAttributeRuler(nlp.vocab, name).load(stock):
        return False
    nlp.replace_pipe(name, "array_attribute_ruler").load(stock)
    return True
