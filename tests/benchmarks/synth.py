"""Synthetic but realistic handbooks for benchmarks, deterministic from a seed.

    python tests/benchmarks/synth.py OUT_DIR --journeys 1000 [--seed 7]

writes OUT_DIR/maps/ with N journeys of 5-7 stages of 3-6 steps each, N/10
personas and N/2 touchpoints, with pain points, opportunities, metrics and
evidence, plus OUT_DIR/docs/index.md. Same seed, same bytes.
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


def write_handbook(out: Path, journeys: int, seed: int = 7) -> None:
    """Write a handbook of `journeys` journeys into `out`/maps and `out`/docs."""
    rng = random.Random(seed)
    maps = out / "maps"
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
        for stage_index in stage_ids:
            lines += [
                f"  - stage: {STAGES[stage_index][0]}",
                f"    goal: Get through {STAGES[stage_index][1].lower()} without surprises",
                "    steps:",
            ]
            for _ in range(rng.randint(3, 6)):
                touchpoints = ", ".join(rng.sample(touchpoint_ids, min(2, len(touchpoint_ids))))
                lines += [
                    f"      - title: {rng.choice(VERBS)} {rng.choice(THINGS)}",
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
                    f"          - text: {rng.choice(IDEAS)}",
                    f"            impact: {rng.randint(1, 5)}",
                    f"            effort: {rng.randint(1, 5)}",
                    f"            owner: {_quote(rng.choice(TEAMS))}",
                    f"            status: {rng.choice(['idea', 'planned', 'in-progress', 'done'])}",
                    "        metrics:",
                    f"          drop_off: {rng.randint(0, 60) / 100}",
                    f"          conversion: {rng.randint(1, 90) / 100}",
                    f"          avg_time_s: {rng.randint(5, 300)}",
                    f'        evidence: ["Survey 2026-Q{rng.randint(1, 4)} '
                    f'(n={rng.randint(50, 900)})"]',
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_handbook(args.out, args.journeys, args.seed)


if __name__ == "__main__":
    main()
