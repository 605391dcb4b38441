"""The journey diagrams of the pages, and what every diagram says to assistive technology.

A journey page draws the whole journey in one Mermaid ``journey`` diagram, a
section per stage, which scrolls sideways in its own box (it is thousands of
pixels wide); each stage page draws its own stage (the overview and the canvas
show the whole journey at once).  Every step has the journey's personas as actors (a dot each, the
persona's title as its tooltip).  Mermaid's actor legend would cost the width
of the longest title in every diagram, so the diagram hides it (`render/diagrams/mermaid.py`)
and the pages name the personas, in the dots' order, right above the
diagrams (`persona_legend`); each diagram's accessible description names
them too.

Every text here is plugin-written, with the writer's titles in it; `render/diagrams/mermaid.py`
escapes all of it like any label.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...domain import SCORE_MAX
from ...handbook.resolve import Handbook
from ...i18n import Translator
from ...model import Journey, JourneyStage
from ...views.insights import StageComparison
from .mermaid import journey_diagram


def stage_diagram(
    handbook: Handbook, t: Translator, journey: Journey, journey_stage: JourneyStage
) -> str:
    """The Mermaid journey diagram of one stage of a journey, with its accessible name."""
    stage = handbook.stages[journey_stage.stage].title
    return _diagram(handbook, t, journey, [journey_stage], f"{journey.title} · {stage}")


def whole_journey_diagram(handbook: Handbook, t: Translator, journey: Journey) -> str:
    """The Mermaid journey diagram of a whole journey, a section per stage."""
    return _diagram(handbook, t, journey, journey.stages, journey.title)


def _diagram(
    handbook: Handbook,
    t: Translator,
    journey: Journey,
    stages: Sequence[JourneyStage],
    name: str,
) -> str:
    personas = [handbook.personas[p].title for p in diagram_personas(handbook, journey)]
    steps = [step for journey_stage in stages for step in journey_stage.steps]
    description = [f"{t('Personas')}: {'; '.join(personas)}." if personas else ""]
    description.append(
        f"{t('Emotion at each step, from 1 (very negative) to 5 (very positive)')}: "
        + "; ".join(
            f"{n}. {step.title}: {step.emotion}/{SCORE_MAX}" for n, step in enumerate(steps, 1)
        )
        + "."
    )
    return journey_diagram(
        "",
        [
            (
                handbook.stages[s.stage].title,
                [(step.title, step.emotion, personas) for step in s.steps],
            )
            for s in stages
        ],
        acc_title=f"{t('Journey diagram')}: {name}",
        acc_description=" ".join(d for d in description if d),
    )


def diagram_personas(handbook: Handbook, journey: Journey) -> list[str]:
    """The ids of the personas a journey's diagrams draw as actors, in the dots' order."""
    return [p for p in journey.personas if p in handbook.personas]


def journey_diagrams(handbook: Handbook, t: Translator, journey: Journey) -> list[str]:
    """Every stage's diagram, in the journey's order (the stage pages' diagrams)."""
    return [stage_diagram(handbook, t, journey, s) for s in journey.stages]


def comparison_accessibility(
    handbook: Handbook,
    t: Translator,
    after: Journey,
    before: Journey,
    shared: Sequence[StageComparison],
) -> tuple[str, str]:
    """The accessible name and description of the comparison chart: the numbers it draws."""
    averages = []
    for row in shared:
        if row.before is not None and row.after is not None:
            averages.append(
                f"{handbook.stages[row.stage_id].title}: "
                f"{t.number(row.before.average)} → {t.number(row.after.average)}"
            )
    title = f"{t('Comparison')}: {before.title} → {after.title}"
    description = (
        f"{t('Average emotion per stage in both journeys, for the stages they share.')} "
        f"{t('Bars')}: {before.title}. {t('Line')}: {t('this journey')}, {after.title}. "
        + "; ".join(averages)
        + "."
    )
    return title, description
