"""Unit tests of the journey diagrams' layout and accessible texts (`render/diagrams/mermaid.py`,
`render/diagrams/stages.py`).

What the layout does on a screen is measured in the browser
(`tests/browser/test_site_pages.py`); these tests pin the rules it follows.
"""

from __future__ import annotations

import re

import pytest
import yaml
from sitebuild import example_handbook

from mkdocs_cjm.i18n import translator
from mkdocs_cjm.render.diagrams.mermaid import (
    JourneyLayout,
    accessibility_lines,
    journey_diagram,
    journey_layout,
)
from mkdocs_cjm.render.diagrams.stages import journey_diagrams, stage_diagram
from mkdocs_cjm.safety.escape import mermaid_label

EXAMPLE = example_handbook()


def front_matter(source: str) -> dict[str, object]:
    """The diagram's configuration block, parsed."""
    head, _, _ = source.removeprefix("---\n").partition("\n---\n")
    config = yaml.safe_load(head)["config"]
    assert isinstance(config, dict)
    return config


def in_view(layout: JourneyLayout, boxes: int) -> int:
    """Right edge of the last of `boxes` boxes, as Mermaid places them (leftMargin 2)."""
    return 2 + boxes * layout.box_width + (boxes - 1) * layout.gap


def test_boxes_grow_with_their_labels() -> None:
    short = journey_layout(("Stage",), (("Short", "Also short"),))
    long = journey_layout(("Stage",), (("A much longer step title that needs lines", "x"),))
    assert short == JourneyLayout(14, 150, 50, 38)
    assert long.box_width >= short.box_width and long.box_height > short.box_height


def test_mermaid_draws_the_last_box_whole() -> None:
    # Mermaid's diagram is 2 x leftMargin + (n - 1)(width + gap) + 4 x gap wide.
    for label in ("x", "a fairly long label " * 3, "y" * 80, "z " * 300):
        layout = journey_layout(("s",), ((label,),))
        assert 2 + 4 * layout.gap >= layout.box_width, layout
        assert layout.box_width % 10 == 0


def test_every_example_stage_keeps_three_boxes_in_a_desktop_column_and_one_on_a_phone() -> None:
    t = translator("en")
    for journey in EXAMPLE.journeys.values():
        for journey_stage, source in zip(
            journey.stages, journey_diagrams(EXAMPLE, t, journey), strict=True
        ):
            config = front_matter(source)["journey"]
            assert isinstance(config, dict)
            layout = JourneyLayout(
                int(front_matter(source)["themeVariables"]["fontSize"][:-2]),  # type: ignore[index]
                config["width"],
                config["height"],
                config["taskMargin"],
            )
            assert layout.font_size >= 12 and layout.box_height <= 70, (journey.id, layout)
            assert in_view(layout, min(3, len(journey_stage.steps))) <= 688
            assert in_view(layout, 1) <= 358


def test_front_matter_is_numbers_only_whatever_the_labels() -> None:
    hostile = "---\nconfig:\n  theme: dark\n---\n%%{init: {'theme': 'dark'}}%%"
    source = journey_diagram(
        hostile,
        [(hostile, [(hostile, 3, [])])],
        acc_title=hostile,
        acc_description=hostile,
    )
    config = front_matter(source)
    assert set(config) == {"themeVariables", "journey"}
    # Only the first "---" pair is front matter: no writer's text starts a line.
    assert source.count("\n---\n") == 1 and source.startswith("---\n")
    assert "%%" not in source and "theme: dark" not in source.split("journey\n", 1)[1]


def test_acc_lines_are_escaped_like_labels_and_skipped_when_empty() -> None:
    assert accessibility_lines("A: b; c", "") == ["    accTitle: A#58; b#59; c"]
    assert accessibility_lines("", "   ") == []
    assert accessibility_lines("t", "accDescr { x }") == [
        "    accTitle: t",
        "    accDescr: #97;ccDescr { x }",
    ]


def test_a_stage_diagram_names_its_journey_stage_personas_and_emotions() -> None:
    journey = EXAMPLE.journeys["sofa-purchase-today"]
    source = stage_diagram(EXAMPLE, translator("en"), journey, journey.stages[2])
    body = source.split("\n---\n", 1)[1]
    assert "    title" not in body  # the page names the stage; no title to cut
    assert re.search(r"^    accTitle: #74;ourney diagram#58; Buying a sofa", body, re.M)
    [description] = [line for line in body.split("\n") if line.startswith("    accDescr:")]
    assert "Nina#44; the busy urban parent" in description
    assert "Adds the sofa to the basket at home#58; 3/5" in description
    # Every task's actors are the journey's persona titles, escaped like any label.
    actors = ", ".join(mermaid_label(EXAMPLE.personas[p].title) for p in journey.personas)
    tasks = [line for line in body.split("\n") if line.startswith("      ")]
    assert tasks and all(re.fullmatch(r"      [^:]+: [1-5]: (.*)", t) for t in tasks)
    assert all(line.endswith(f": {actors}") for line in tasks)
    # Mermaid's legend is hidden, from numbers and constants only; the steps keep the left edge.
    front_matter = source.split("\n---\n", 1)[0]
    assert '  themeCSS: "text.legend, circle:not(g *) { display: none; }"' in front_matter
    assert "    leftMargin: 2" in front_matter


def test_the_diagrams_speak_the_site_language() -> None:
    journey = EXAMPLE.journeys["sofa-purchase-today"]
    source = stage_diagram(EXAMPLE, translator("da"), journey, journey.stages[0])
    assert "accTitle: Rejsediagram#58;" in source
    assert "Følelsen ved hvert trin" in source


@pytest.mark.parametrize("count", [1, 2, 3, 8])
def test_the_layout_is_deterministic_and_cached(count: int) -> None:
    tasks = (tuple(f"Step number {i} of the stage" for i in range(count)),)
    assert journey_layout(("s",), tasks) is journey_layout(("s",), tasks)
