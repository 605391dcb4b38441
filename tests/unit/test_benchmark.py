"""The benchmark script keeps working: a smoke run on a tiny handbook (no timing asserts)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import run


def test_the_benchmark_runs_and_reports(tmp_path: Path) -> None:
    report = run.main(["--journeys", "5", "--repeats", "1", "--work", str(tmp_path)])
    assert "| 5 | " in report
    assert "Machine:" in report
    assert "rebuild" in report
