"""Synthetic but realistic handbooks for benchmarks, deterministic from a seed.

    python tests/benchmarks/synth.py OUT_DIR --journeys 1000 [--data-rows 100000] [--seed 7]

writes OUT_DIR/maps/ with N journeys of 5-7 stages of 3-6 steps each (every
step with an id), N/10 personas and N/2 touchpoints, with pain points,
opportunities, metrics and evidence (half of it dated), data files in
maps/data/ (by default 100 figures per journey: quarterly drop-off, conversion
and CSAT of its steps and its NPS, one file per 100 journeys), plus
OUT_DIR/docs/index.md. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

STAGES = [
    ("awareness", "Awareness"),
    ("consideration", "Consideration"),
    ("purchase", "Purchase"),
    ("delivery", "Delivery"),
    ("assembly", "Assembly & setup"),
    ("use", "Use"),
    ("support", "Support"),
    ("retention", "Retention"),
    ("advocacy", "Advocacy"),
]
CHANNELS = ["search", "web", "social", "email", "app", "chat", "phone", "store", "delivery"]
VERBS = ["Compares", "Opens", "Reads", "Asks about", "Waits for", "Checks", "Orders", "Returns"]
THINGS = ["the sofa", "delivery slots", "fabric samples", "the invoice", "assembly", "a discount"]
FEELINGS = ["Curious", "Hopeful", "Impatient", "Relieved", "Annoyed", "Confident", "Unsure"]
TEAMS = ["E-commerce", "Logistics", "Customer Service", "Brand & Marketing", "Retail", "B2B Sales"]
PAINS = [
    "Delivery cost appears only at checkout",
    "No update for two weeks",
    "Phone queue of 25 minutes",
    "Instructions miss a step",
    "Price differs between app and web",
]
IDEAS = [
    "Show delivery cost on the product page",
    "Send a proactive status SMS",
    "Offer a call-back instead of the queue",
    "Video instructions for assembly",
    "One price engine for all channels",
]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


DATA_ROWS_PER_JOURNEY = 100
"""The default number of data-file figures per journey (100,000 at N = 1,000)."""
PERIODS = [f"{year}-Q{quarter}" for year in (2024, 2025, 2026) for quarter in (1, 2, 3, 4)]
DATA_METRICS = ("drop_off", "conversion", "csat")
JOURNEYS_PER_DATA_FILE = 100


def write_handbook(out: Path, journeys: int, seed: int = 7, data_rows: int | None = None) -> None:
    """Write a handbook of `journeys` journeys into `out`/maps and `out`/docs, with
    `data_rows` figures in maps/data/ (default: 100 per journey)."""
    rng = random.Random(seed)
    maps = out / "maps"
    rows_per_journey = DATA_ROWS_PER_JOURNEY if data_rows is None else data_rows // max(1, journeys)
    data_rows = rows_per_journey * journeys if data_rows is None else data_rows
    figures: list[list[str]] = []
    for kind in ("stages", "personas", "touchpoints", "journeys"):
        (maps / kind).mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "docs" / "index.md").write_text("# Synthetic handbook\n", encoding="utf-8")

    for order, (stage_id, title) in enumerate(STAGES, start=1):
        (maps / "stages" / f"{stage_id}.md").write_text(
            f"---\ntitle: {_quote(title)}\norder: {order * 10}\n"
            f"summary: The {title.lower()} stage.\n---\n\nWhat happens in {title.lower()}.\n",
            encoding="utf-8",
        )

    touchpoint_ids = [f"touchpoint-{i:04d}" for i in range(max(1, journeys // 2))]
    for index, touchpoint_id in enumerate(touchpoint_ids):
        channel = CHANNELS[index % len(CHANNELS)]
        mode = "offline" if channel in ("store", "delivery", "phone") else "online"
        (maps / "touchpoints" / f"{touchpoint_id}.md").write_text(
            f"---\ntitle: Touchpoint {index} ({channel})\nchannel: {channel}\nmode: {mode}\n"
            f"owner: {_quote(rng.choice(TEAMS))}\nsummary: Where customers meet us via {channel}.\n"
            "kpis: [CSAT, Cost per contact]\n---\n\nHow this touchpoint works today.\n",
            encoding="utf-8",
        )

    persona_ids = [f"persona-{i:03d}" for i in range(max(1, journeys // 10))]
    for index, persona_id in enumerate(persona_ids):
        channels = ", ".join(rng.sample(touchpoint_ids, min(3, len(touchpoint_ids))))
        (maps / "personas" / f"{persona_id}.md").write_text(
            f"---\ntitle: Persona {index}, a {rng.choice(['busy parent', 'student', 'buyer'])}\n"
            f"segment: {rng.choice(['B2C', 'B2B'])}\nrole: Role {index}\n"
            f"age: {rng.randint(20, 70)}\n"
            f'quote: "I want it to be easy."\ngoals: [Furnish the flat]\nneeds: [Clear dates]\n'
            f"motivations: [Quality]\nfrustrations: [Hidden costs]\nchannels: [{channels}]\n"
            "---\n\nA few sentences about this persona.\n",
            encoding="utf-8",
        )

    for number in range(journeys):
        stage_count = rng.randint(5, 7)
        stage_ids = sorted(rng.sample(range(len(STAGES)), stage_count))
        personas = ", ".join(rng.sample(persona_ids, min(len(persona_ids), rng.randint(1, 2))))
        title = f"Journey {number}: {rng.choice(VERBS).lower()} {rng.choice(THINGS)}"
        lines = [
            "---",
            f"title: {_quote(title)}",
            f"personas: [{personas}]",
            f"kind: {rng.choice(['current-state', 'future-state', 'day-in-the-life'])}",
            f"owner: {_quote(rng.choice(TEAMS))}",
            "status: published",
            f"reviewed: 2026-{rng.randint(9, 11):02d}-{rng.randint(1, 15):02d}",
            "review_every: 180",
            "scenario: >",
            "  A customer needs furniture for a new home and expects clear prices,",
            "  honest delivery dates and help when something goes wrong.",
            "stages:",
        ]
        step_ids: list[str] = []
        for stage_index in stage_ids:
            lines += [
                f"  - stage: {STAGES[stage_index][0]}",
                f"    goal: Get through {STAGES[stage_index][1].lower()} without surprises",
                "    steps:",
            ]
            for step_number in range(rng.randint(3, 6)):
                touchpoints = ", ".join(rng.sample(touchpoint_ids, min(2, len(touchpoint_ids))))
                step_ids.append(f"{STAGES[stage_index][0]}-{step_number + 1}")
                lines += [
                    f"      - title: {rng.choice(VERBS)} {rng.choice(THINGS)}",
                    f"        id: {step_ids[-1]}",
                    f"        touchpoints: [{touchpoints}]",
                    f"        emotion: {rng.randint(1, 5)}",
                    "        doing: Uses the phone on the sofa in the evening",
                    f'        thinking: "Is this {rng.choice(THINGS)} worth it?"',
                    f"        feeling: {rng.choice(FEELINGS)}",
                    "        pain_points:",
                    f"          - {rng.choice(PAINS)}",
                    f"          - text: {rng.choice(PAINS)}",
                    f"            severity: {rng.randint(1, 5)}",
                    "        opportunities:",
                    # Each step's own idea: the same text in two steps is one to share
                    # (`same-opportunity`), which a synthetic handbook does not model.
                    f"          - text: {rng.choice(IDEAS)} ({number}, {step_ids[-1]})",
                    f"            impact: {rng.randint(1, 5)}",
                    f"            effort: {rng.randint(1, 5)}",
                    f"            owner: {_quote(rng.choice(TEAMS))}",
                    f"            status: {rng.choice(['idea', 'planned', 'in-progress', 'done'])}",
                    "        metrics:",
                    f"          drop_off: {rng.randint(0, 60) / 100}",
                    f"          conversion: {rng.randint(1, 90) / 100}",
                    f"          avg_time_s: {rng.randint(5, 300)}",
                    "        evidence:",
                    f'          - "Survey 2026-Q{rng.randint(1, 4)} (n={rng.randint(50, 900)})"',
                ]
                if rng.random() < 0.5:
                    lines += [
                        "          - text: Usability test",
                        f"            date: 20{rng.randint(24, 26)}-0{rng.randint(1, 9)}-15",
                        f"            n: {rng.randint(5, 12)}",
                    ]
        lines += [
            "---",
            "",
            "## Context",
            "",
            "Why this journey matters, and what the research found. " * 3,
            "",
        ]
        (maps / "journeys" / f"journey-{number:04d}.md").write_text(
            "\n".join(lines), encoding="utf-8"
        )
        wanted = min(rows_per_journey, data_rows - len(figures))
        figures += _figures(rng, f"journey-{number:04d}", step_ids, wanted)
    _write_data(maps / "data", figures)


def _figures(
    rng: random.Random, journey_id: str, step_ids: list[str], count: int
) -> list[list[str]]:
    """`count` figures of a journey, as a funnel export and a survey give them: each
    (step, metric) series over the quarters, the journey's NPS among them."""
    rows: list[list[str]] = []
    series = [("", "nps")] + [(s, m) for s in step_ids for m in DATA_METRICS]
    while len(rows) < count and series:
        step, metric = series.pop(0)
        for period in PERIODS:
            if len(rows) == count:
                break
            if metric == "nps":
                value = str(rng.randint(-20, 60))
            elif metric == "csat":
                value = f"{rng.randint(20, 50) / 10}"
            else:
                value = f"{rng.randint(1, 90) / 100}"
            source = "Post-purchase survey" if metric in ("nps", "csat") else "GA4 funnel export"
            rows.append(
                [journey_id, step, metric, period, value, source, str(rng.randint(50, 5000))]
            )
    return rows


def _write_data(folder: Path, figures: list[list[str]]) -> None:
    if not figures:
        return
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[str]] = {}
    for row in figures:
        number = int(row[0].rsplit("-", 1)[1]) // JOURNEYS_PER_DATA_FILE
        files.setdefault(f"funnel-{number:02d}.csv", []).append(",".join(row))
    for name, lines in files.items():
        header = "journey,step,metric,period,value,source,n"
        (folder / name).write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--data-rows", type=int, default=None, help="figures in maps/data/ (default 100 a journey)"
    )
    args = parser.parse_args()
    write_handbook(args.out, args.journeys, args.seed, args.data_rows)


if __name__ == "__main__":
    main()
