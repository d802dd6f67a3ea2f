"""The HTML report: the essay with its structure highlighted, feedback, scores and comparison.

Pure rendering: the serialized feedback document and the essay text in, one self-contained
HTML page out. No Flask here, so the API, the teacher's page and the CLI share it. Jinja2
autoescapes every value, so nothing in an essay can become markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from service.report.highlights import essay_marks, linked_feedback, nest


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("service.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["labels"] = labels()
    env.filters["percent"] = percent
    env.filters["humanize"] = humanize
    env.tests["position"] = lambda value: isinstance(value, Position)
    return env


@lru_cache(maxsize=1)
def labels() -> dict:
    """Words for every role, severity and criterion (the legend's source)."""
    return json.loads(resources.files("service.report").joinpath("data/labels.json").read_text(encoding="utf-8"))


def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "—"


def humanize(key) -> str:
    return str(key).replace("_", " ").capitalize()


def ordered_roles(roles) -> list[str]:
    order = labels()["role_order"]
    return sorted(set(roles or ()), key=lambda role: order.index(role) if role in order else len(order))


def sentence_index(value) -> int | None:
    """A sentence reference as an index, whether given as a number or as `{index: n}`."""
    if isinstance(value, dict):
        value = value.get("index", value.get("sentence"))
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def paragraph_cell(value, paragraphs: list[dict] | None) -> dict | None:
    """One side of a row of the paragraph map: `{index, role, text}` or None (no counterpart)."""
    if value is None:
        return None
    if isinstance(value, dict):
        index = value.get("index")
        role = value.get("role")
        extra = {k: v for k, v in value.items() if k not in {"index", "role", "start", "end"}}
    else:
        index, role, extra = value, None, {}
    if role is None and isinstance(index, int) and paragraphs and 0 <= index < len(paragraphs):
        role = paragraphs[index].get("role")
    return {"index": index, "role": role, "extra": extra}


@dataclass(frozen=True)
class Position:
    """A paragraph or sentence of an essay as people count them: from 1 ("¶ 3", "sentence 4").

    The JSON document counts from 0 (`index`); `anchor` links to it when it is in this essay.
    """

    kind: str
    index: int
    anchor: str | None = None

    @property
    def label(self) -> str:
        return f"¶ {self.index + 1}" if self.kind == "paragraph" else f"sentence {self.index + 1}"


POSITION_KEYS = {"paragraph": "paragraph", "thesis_paragraph": "paragraph", "sentence": "sentence"}


def with_positions(value, *, linked: bool):
    """`value` with every paragraph or sentence index under a key of POSITION_KEYS made a Position.

    `linked`: the indexes are this essay's (not the reference's), so each links to its anchor.
    """
    if isinstance(value, dict):
        return {key: _position(key, item, linked) for key, item in value.items()}
    if isinstance(value, list):
        return [with_positions(item, linked=linked) for item in value]
    return value


def _position(key: str, value, linked: bool):
    kind = POSITION_KEYS.get(key)
    if kind is None or not isinstance(value, int) or isinstance(value, bool):
        return with_positions(value, linked=linked)
    anchor = f"{kind[0]}-{value}" if linked else None
    return Position(kind, value, anchor)


def comparison_view(comparison: dict, document: dict) -> dict:
    """The comparison, with paragraph and sentence references resolved for the template."""
    structure = comparison.get("structure") or {}
    student_summary = with_positions(structure.get("student") or {}, linked=True)
    reference_summary = with_positions(structure.get("reference") or {}, linked=False)
    summary_keys = list(dict.fromkeys([*student_summary, *reference_summary]))
    rows = [
        {
            "student": paragraph_cell(row.get("student"), document.get("paragraphs")),
            "reference": paragraph_cell(row.get("reference"), None),
            "note": row.get("note"),
        }
        for row in structure.get("paragraphs") or []
    ]
    arguments = []
    for argument in comparison.get("arguments") or []:
        indices = [sentence_index(value) for value in argument.get("sentences") or []]
        arguments.append({**argument, "sentence_indices": [index for index in indices if index is not None]})
    overlap = comparison.get("overlap") or {}
    return {
        "reference": comparison.get("reference") or {},
        "summary_keys": summary_keys,
        "student_summary": student_summary,
        "reference_summary": reference_summary,
        "rows": rows,
        "covered": [argument for argument in arguments if argument.get("covered")],
        "missing": [argument for argument in arguments if not argument.get("covered")],
        "overlap": {
            "share": overlap.get("share"),
            "pairs": [{**pair, "sentence_index": sentence_index(pair.get("sentence"))} for pair in overlap.get("pairs") or []],
        },
        "extra": {
            key: with_positions(value, linked=True)
            for key, value in comparison.items()
            if key not in {"reference", "structure", "arguments", "overlap"}
        },
    }


def scores_view(scores: dict) -> dict:
    criteria = []
    for name, criterion in (scores.get("criteria") or {}).items():
        criterion = criterion or {}
        reasons = criterion.get("reasons") or []
        criteria.append(
            {
                "name": name,
                "score": criterion.get("score"),
                "max": criterion.get("max") or 4,
                "reasons": [reasons] if isinstance(reasons, str) else list(reasons),
            }
        )
    overall = scores.get("overall")
    if isinstance(overall, dict):
        overall = {"score": overall.get("score"), "max": overall.get("max") or 4}
    elif overall is not None:
        overall = {"score": overall, "max": 4}
    return {"criteria": criteria, "overall": overall}


def render_report(text: str, document: dict, *, home_url: str | None = None) -> str:
    """Render one essay's feedback document as a self-contained HTML page.

    `document` is the serialized feedback document (`FeedbackSchema().dump(analysis)`);
    sections whose keys are absent (comparison, scores) are left out.
    """
    sentences = document.get("sentences") or []
    comparison = document.get("comparison")
    scores = document.get("scores")
    return environment().get_template("report.html").render(
        text=text,
        document=document,
        essay=nest(text, essay_marks(text, document)),
        sentences={sentence.get("index"): sentence for sentence in sentences},
        role_counts={role: sum(role in (s.get("roles") or []) for s in sentences) for role in labels()["role_order"]},
        linked=linked_feedback(text, document),
        comparison=comparison_view(comparison, document) if comparison else None,
        scores=scores_view(scores) if scores else None,
        ordered_roles=ordered_roles,
        home_url=home_url,
    )


def render_form(references: list[dict], *, selected: str | None = None, action: str = "report") -> str:
    """The teacher's page: paste or upload an essay, pick a reference, get the report.

    `references` are `{id, title}`; `selected` is the id chosen by default.
    """
    return environment().get_template("form.html").render(references=references, selected=selected, action=action)
