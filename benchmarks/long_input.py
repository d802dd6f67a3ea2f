"""Print where the CPU goes on a long hostile essay: spaCy's pipeline against ours, and how each grows.

The essay is N one-line paragraphs ("Lenin banned factions in 1921.", as in
tests/api/test_hostile_input.py, 3,000 of them). It runs through the pipeline one component at
a time, then our steps after it: the EssayAnalysis, the comparison with the default
reference and the scores (`complete`), the marshmallow schema and the JSON text. Each size
runs `--repeats` times (best kept), sizes alternating. Printed: CPU seconds per step for
each size, our share of the total, and the growth ratio of each step from the smallest to
the largest size next to the ratio of the sizes (a linear step grows by the same ratio).

    python benchmarks/long_input.py [--lines 1500 6000] [--repeats 2] [--no-gc]

`--no-gc` turns Python's garbage collector off while the steps run: what still grows faster
than the essay then is the algorithm, not the collector's passes over more live objects.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas import FeedbackSchema  # noqa: E402
from service import create_app  # noqa: E402
from service.analysis.analyzer import build_analysis, release  # noqa: E402
from service.analysis.pipeline import ESSAY_COMPONENTS  # noqa: E402
from service.analyzer_extension import analyzer_state  # noqa: E402

LINE = "Lenin banned factions in 1921.\n"
OURS = ("essay_paragraphs", *ESSAY_COMPONENTS, "build_analysis", "complete", "schema", "json")


def steps(app, analyzer, reference, text: str) -> dict[str, float]:
    """CPU seconds of each pipeline component and of each of our steps after it."""
    times = {}
    clock = time.process_time
    start = clock()
    doc = analyzer.nlp.make_doc(text)
    times["tokenizer"] = clock() - start
    for name, component in analyzer.nlp.pipeline:
        start = clock()
        doc = component(doc)
        times[name] = clock() - start
    start = clock()
    analysis = build_analysis(doc, analyzer.info)
    times["build_analysis"] = clock() - start
    start = clock()
    analysis = analyzer.complete(doc, analysis, reference)
    times["complete"] = clock() - start
    release(doc)
    with app.test_request_context():
        start = clock()
        data = FeedbackSchema().dump(analysis)
        times["schema"] = clock() - start
        start = clock()
        app.json.dumps(data)
        times["json"] = clock() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[1500, 6000])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-gc", action="store_true", help="run the steps with the garbage collector off")
    options = parser.parse_args()
    app = create_app({"TESTING": True, "RATE_LIMIT_ENABLED": False})
    with app.app_context():
        state = analyzer_state()
        analyzer, reference = state.analyzer, state.reference(None)
    steps(app, analyzer, reference, LINE * 10)  # warm up
    best: dict[int, dict[str, float]] = {}
    for _ in range(options.repeats):
        for lines in options.lines:
            if options.no_gc:
                gc.disable()
            try:
                with analyzer.memory_zone():
                    times = steps(app, analyzer, reference, LINE * lines)
            finally:
                gc.enable()
            kept = best.setdefault(lines, times)
            for name, seconds in times.items():
                kept[name] = min(kept[name], seconds)
    sizes = sorted(best)
    names = list(best[sizes[0]])
    print(f"{'step':<22}" + "".join(f"{f'{lines} lines':>13}" for lines in sizes) + f"{'growth':>9}")
    for name in names:
        first = best[sizes[0]][name]
        growth = best[sizes[-1]][name] / first if first > 0.005 else float("nan")
        mark = "  (ours)" if name in OURS else ""
        print(f"{name:<22}" + "".join(f"{best[lines][name]:>13.3f}" for lines in sizes) + f"{growth:>9.2f}{mark}")
    for label, chosen in (("spaCy's pipeline", [n for n in names if n not in OURS]), ("ours", [n for n in names if n in OURS])):
        totals = [sum(best[lines][n] for n in chosen) for lines in sizes]
        print(f"{label:<22}" + "".join(f"{total:>13.3f}" for total in totals) + f"{totals[-1] / totals[0]:>9.2f}")
    totals = [sum(best[lines].values()) for lines in sizes]
    ours = [sum(best[lines][n] for n in names if n in OURS) for lines in sizes]
    print(f"{'our share of the CPU':<22}" + "".join(f"{o / t:>13.2f}" for o, t in zip(ours, totals)))
    print(f"size ratio {sizes[-1] / sizes[0]:.2f}: a step that grows by much more is super-linear")


if __name__ == "__main__":
    main()
