"""Fit the thesis answer model (service/analysis/thesis_answer.py) and print its cross-validated figures.

Sentences of real essays on the assignment's question (../shared/datasets/lenin_real, read at
run time, never copied) and of the project's own annotated essays (essay_samples/annotated)
are described by the model's features; a sentence is a positive example when it overlaps a
gold thesis (a restatement is left out of the fit). An L2-regularised logistic regression
is fitted by Newton's method. Leave-one-essay-out: each essay's sentences are scored by a
model fitted without it, and the essay-level outcomes are printed for a grid of thresholds:
thesis found (the best sentence, or the second when the model is as sure of it, overlaps the
gold thesis), THESIS_MISSING on an essay that states one, a sure thesis or any candidate on
an essay that states none. With --write, the model fitted on every essay and the chosen
thresholds go to service/analysis/data/thesis_answer.json. AAE is never used (its licence).

    python scripts/fit_thesis_answer.py [--write --sure 0.5 --candidate 0.15] [--l2 1.0]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.analysis import EssayAnalyzer  # noqa: E402
from service.analysis.argument_context import ArgumentContext  # noqa: E402
from service.analysis.lexicons import lexicon_path  # noqa: E402
from service.analysis.thesis_answer import ESSAY_FEATURES, FEATURES, essay_features  # noqa: E402
from service.cli.analyze import resolve_reference  # noqa: E402
from service.config import Settings  # noqa: E402
from service.evaluation.datasets import load_dataset  # noqa: E402

SETS = (ROOT.parent / "shared" / "datasets" / "lenin_real", ROOT / "essay_samples" / "annotated")
NAMES = FEATURES
MODEL_PATH = lexicon_path("thesis_answer")
SECOND_MARGIN = 2.0
# The next sentences of the thesis's paragraph within this of it continue its statement.
STATEMENT_MARGIN = 1.0
# What a reader of essays expects of each feature before any data: the fit starts here and
# the L2 penalty pulls towards it, so a feature seen in few essays (a hedge like "Seemingly")
# keeps the sign it should have instead of a weight fitted to one text.
PRIOR = {
    "both_sides": 1.0, "relation": 1.0, "opinion": 1.5, "judgement": 0.5, "truth": 1.0, "verdict": 1.0,
    "contrast": 0.5, "comparative": 0.3, "pair_reference": 0.3,
    "question": -2.0, "heading": -2.0, "title_line": -2.0, "plan": -1.5, "reported": -1.0, "other_side": -1.0,
    "appearance": -1.5, "dated": -0.5, "event": -1.0, "answer": 1.5, "long": -0.5, "quoted_or_cited": -0.5,
}


def essay_rows(analyzer, reference, essay):
    """(sentence index, feature vector, label) per candidate sentence; label None for a restatement."""
    doc = analyzer.nlp(analyzer.make_doc(essay.text, reference))
    roles = analyzer.nlp.get_pipe("argument_roles")
    table = roles.thesis.candidates(ArgumentContext.build(doc, roles.cues, roles.context_config))
    thesis = [span for span in essay.spans if span.role == "thesis"]
    restated = [span for span in essay.spans if span.role == "thesis_restatement"]
    rows = []
    for index, features in table.items():
        sentence = doc._.sentences[index]
        start, end = sentence.start_char, sentence.end_char
        label = 1 if any(start < s.end and s.start < end for s in thesis) else 0
        if not label and any(start < s.end and s.start < end for s in restated):
            label = None
        rows.append((index, np.array([features[name] for name in NAMES]), label))
    return rows


def fit_ranking(essays, l2: float, steps: int = 400) -> np.ndarray:
    """Conditional logit: in each essay with a thesis, the gold sentences' share of softmax(w . x),
    with an L2 penalty towards PRIOR."""
    groups = []
    for *_, rows in essays:
        kept = [(v, label) for _, v, label in rows if label is not None]
        if any(label for _, label in kept):
            groups.append((np.array([v for v, _ in kept]), np.array([label for _, label in kept], dtype=bool)))
    prior = np.array([PRIOR.get(name, 0.0) for name in NAMES])
    weights = prior.copy()
    rate = 0.5
    for _ in range(steps):
        gradient = -l2 * (weights - prior)
        for x, gold in groups:
            scores = x @ weights
            p = np.exp(scores - scores.max())
            p /= p.sum()
            q = p * gold / (p * gold).sum()
            gradient += x.T @ (q - p)
        weights += rate * gradient / len(groups)
    return weights


def fit_confidence(essays, weights, l2: float = 1.0) -> np.ndarray:
    """A logistic model of whether an essay states a thesis, over its ESSAY_FEATURES."""
    x, y = [], []
    for _, _, expected, rows in essays:
        if not rows:
            continue
        order = ranked(rows, weights)
        table = {index: dict(zip(NAMES, vector)) for index, vector, _ in rows}
        features = essay_features(order[0][0], table, order[0][1])
        x.append([features[name] for name in ESSAY_FEATURES])
        y.append(float(expected))
    x, y = np.array(x), np.array(y)
    penalty = np.full(len(ESSAY_FEATURES), l2)
    penalty[ESSAY_FEATURES.index("bias")] = 1e-3
    w = np.zeros(len(ESSAY_FEATURES))
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ w))
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        w -= np.linalg.solve(hessian, x.T @ (p - y) + penalty * w)
    return w


def ranked(rows, weights):
    return sorted(((float(v @ weights), i, label) for i, v, label in rows), key=lambda r: (-r[0], r[1]))


def confidence_of(rows, weights, curve, place: int) -> float:
    order = ranked(rows, weights)
    table = {index: dict(zip(NAMES, vector)) for index, vector, _ in rows}
    features = essay_features(order[place][0], table, order[place][1])
    return float(1 / (1 + np.exp(-np.dot(curve, [features[name] for name in ESSAY_FEATURES]))))


def outcome(rows, weights, curve, expected: bool, sure: float, candidate: float) -> dict:
    order = ranked(rows, weights)
    if not order or confidence_of(rows, weights, curve, 0) < candidate:
        return {"found": False, "missing": True, "sure": False, "any": False}
    first = confidence_of(rows, weights, curve, 0)
    picked = [order[0]]
    second_close = len(order) > 1 and order[1][0] >= order[0][0] - SECOND_MARGIN
    if first >= sure and second_close and confidence_of(rows, weights, curve, 1) >= sure:
        picked.append(order[1])
    return {
        "found": expected and any(label == 1 for _, _, label in picked),
        "missing": False,
        "sure": first >= sure,
        "any": True,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--sure", type=float, default=0.5)
    parser.add_argument("--candidate", type=float, default=0.15)
    parser.add_argument("--show", action="store_true", help="Print each held-out essay's best sentences.")
    args = parser.parse_args()
    settings = Settings.from_env()
    analyzer = EssayAnalyzer.load(settings.spacy_pipeline)
    reference = resolve_reference(None, settings, analyzer)
    essays = []
    for folder in SETS:
        if not folder.exists():
            sys.exit(f"{folder} is missing")
        for essay in load_dataset(folder):
            expected = essay.metadata.get("thesis_expected", any(s.role == "thesis" for s in essay.spans))
            essays.append((folder.name, essay.id, bool(expected), essay_rows(analyzer, reference, essay)))
    print(f"{len(essays)} essays, {sum(len(rows) for *_, rows in essays)} candidate sentences")

    def fit(selected):
        weights = fit_ranking(selected, args.l2)
        return weights, fit_confidence(selected, weights)

    held_out = []
    for number, essay in enumerate(essays):
        held_out.append((essay, *fit(essays[:number] + essays[number + 1 :])))
    print(f"\nleave-one-essay-out, lenin_real only (l2 {args.l2}):")
    print(f"{'candidate':>9} {'sure':>5} {'found':>7} {'sure&found':>10} {'missing':>8} {'inv.sure':>8} {'inv.any':>8}")
    for candidate in (0.05, 0.1, 0.2, 0.3):
        for sure in (0.4, 0.5, 0.6, 0.7):
            if sure < candidate:
                continue
            totals = dict(found=0, sure_found=0, missing=0, inv_sure=0, inv_any=0, expected=0, none=0)
            for (folder, _, expected, rows), weights, curve in held_out:
                if folder != "lenin_real":
                    continue
                result = outcome(rows, weights, curve, expected, sure, candidate)
                if expected:
                    totals["expected"] += 1
                    totals["found"] += result["found"]
                    totals["sure_found"] += result["found"] and result["sure"]
                    totals["missing"] += result["missing"]
                else:
                    totals["none"] += 1
                    totals["inv_sure"] += result["sure"]
                    totals["inv_any"] += result["any"]
            print(
                f"{candidate:>9.2f} {sure:>5.2f} {totals['found']:>4}/{totals['expected']} {totals['sure_found']:>7}/{totals['expected']}"
                f" {totals['missing']:>8} {totals['inv_sure']:>5}/{totals['none']} {totals['inv_any']:>5}/{totals['none']}"
            )
    for (folder, essay_id, expected, rows), weights, curve in held_out:
        result = outcome(rows, weights, curve, expected, args.sure, args.candidate)
        if expected and not result["found"] or not expected and result["sure"]:
            print(f"  miss at sure {args.sure}: {folder}/{essay_id} expected={expected} {result}")
    if args.show:
        for (folder, essay_id, expected, rows), weights, _ in held_out:
            order = ranked(rows, weights)
            gold = [place for place, (_, _, label) in enumerate(order) if label == 1]
            print(f"{essay_id} expected={expected} gold ranks {gold}")
            for score, index, label in order[:3]:
                print(f"   {score:6.2f} {'G' if label == 1 else ' '} #{index}")
    weights, curve = fit(essays)
    print("\nessay weights: " + ", ".join(f"{name} {weight:.3f}" for name, weight in zip(ESSAY_FEATURES, curve)))
    print("sentence weights on every essay:")
    for name, weight in sorted(zip(NAMES, weights), key=lambda item: -abs(item[1])):
        print(f"  {name:<20}{weight:>8.3f}")
    if args.write:
        model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        model["weights"] = {name: round(float(weight), 4) for name, weight in zip(NAMES, weights)}
        model["essay_weights"] = {name: round(float(weight), 4) for name, weight in zip(ESSAY_FEATURES, curve)}
        model.pop("confidence", None)
        model["thresholds"] = {
            "sure": args.sure,
            "candidate": args.candidate,
            "second_margin": SECOND_MARGIN,
            "statement_margin": STATEMENT_MARGIN,
        }
        MODEL_PATH.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"written to {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
