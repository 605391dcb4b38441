"""`mkdocs serve` rebuilds: what an edit leaves unchanged is reused, and the result is
the same as a build from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitebuild import NO_HISTORY, REPO, SETTINGS, TODAY

from mkdocs_cjm.handbook.resolve import Handbook, build_handbook
from mkdocs_cjm.pipeline import Pipeline
from mkdocs_cjm.publish.export import export_json
from mkdocs_cjm.render import GeneratedPage, render_pages


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "maps", tmp_path / "maps")
    return tmp_path


def from_scratch(project: Path) -> tuple[Handbook, list[GeneratedPage]]:
    handbook = build_handbook(project / "maps", project, SETTINGS)
    return handbook, render_pages(handbook, NO_HISTORY, None, TODAY)


def build(pipeline: Pipeline, project: Path) -> tuple[Handbook, list[GeneratedPage], str]:
    handbook = pipeline.handbook(project / "maps", project, SETTINGS)
    pages = pipeline.pages(handbook, NO_HISTORY, None, TODAY)
    return handbook, pages, pipeline.export(handbook)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_without_edits_reads_and_renders_nothing(project: Path) -> None:
    pipeline = Pipeline()
    _, first, _ = build(pipeline, project)
    assert pipeline.sources.reads == pipeline.validated.validations > 0
    assert pipeline.rendered.rendered == len(first)
    _, again, _ = build(pipeline, project)
    assert (pipeline.sources.reads, pipeline.validated.validations) == (0, 0)
    assert pipeline.rendered.rendered == 0
    assert [p.markdown for p in again] == [p.markdown for p in first]


def test_an_edited_journey_is_read_again_and_its_pages_rendered_again(project: Path) -> None:
    pipeline = Pipeline()
    build(pipeline, project)
    journey = project / "maps" / "journeys" / "sofa-purchase-today.md"
    edit(journey, "title: ", "title: Edited ")
    _, pages, data = build(pipeline, project)
    assert (pipeline.sources.reads, pipeline.validated.validations) == (1, 1)
    # Not every page: only those that show something of the journey.
    assert 0 < pipeline.rendered.rendered < len(pages)
    expected_handbook, expected = from_scratch(project)
    assert {p.src_uri: p.markdown for p in pages} == {p.src_uri: p.markdown for p in expected}
    assert data == export_json(expected_handbook)
    assert any("Edited" in p.markdown for p in pages if p.src_uri == "opportunities/index.md")


def test_table_rows_of_unchanged_journeys_are_reused(project: Path) -> None:
    # The long tables (opportunities, a touchpoint's steps, a stage's journeys) keep
    # the rows of every journey but the edited one; the edited one's rows are made
    # again, not kept twice.
    pipeline = Pipeline()
    build(pipeline, project)
    before = dict(pipeline.rendered.rows)
    templates = {template for template, _, _ in before}
    assert templates == {"opportunities.md", "stage.md", "touchpoint.md"}
    edit(project / "maps" / "journeys" / "sofa-purchase-today.md", "title: ", "title: Edited ")
    build(pipeline, project)
    after = pipeline.rendered.rows
    # Rows are keyed by their item, and the edited journey's items are new models.
    edited = [key for key, (_, journey, _) in after.items() if journey.id == "sofa-purchase-today"]
    others = [key for key in after if key not in edited]
    assert edited and others
    assert len(after) == len(before)
    assert all(after[key][2] is before[key][2] for key in others)
    assert all(key not in before and "Edited" in after[key][2] for key in edited)


def test_edit_after_edit_gives_the_pages_of_a_build_from_scratch(project: Path) -> None:
    # Each rebuild starts from what the last one kept: no row of an earlier version survives.
    pipeline = Pipeline()
    build(pipeline, project)
    journeys = project / "maps" / "journeys"
    for path, old, new in [
        ("sofa-purchase-today.md", "title: ", "title: First "),
        ("sofa-purchase-2027.md", "title: ", "title: Second "),
        ("sofa-purchase-today.md", "title: First ", "title: Third "),
        ("sofa-purchase-today.md", "emotion: ", "emotion: 1 #"),
    ]:
        edit(journeys / path, old, new)
        _, pages, _ = build(pipeline, project)
        _, expected = from_scratch(project)
        assert {p.src_uri: p.markdown for p in pages} == {p.src_uri: p.markdown for p in expected}


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("personas/nina.md", "title: ", "title: Renamed "),
        ("touchpoints/delivery-tracking-sms.md", "title: ", "title: Renamed "),
        # The journey canvas shows each touchpoint online or offline.
        ("touchpoints/instagram.md", "mode: online", "mode: offline"),
        ("journeys/sofa-purchase-2027.md", "emotion: ", "emotion: 1 #"),
        # A shared opportunity shows on the pages of every step that refers to it,
        # the touchpoint pages of those steps, and in the export.
        ("opportunities/production-update.md", "status: planned", "status: done"),
        ("opportunities/care-qr-code.md", "title: Put", "title: Print"),
        # A step that stops referring to it.
        ("journeys/sofa-purchase-today.md", "- ref: care-qr-code", "- Print a care QR code"),
    ],
)
def test_any_edit_gives_the_pages_of_a_build_from_scratch(
    project: Path, path: str, old: str, new: str
) -> None:
    pipeline = Pipeline()
    build(pipeline, project)
    edit(project / "maps" / path, old, new)
    _, pages, data = build(pipeline, project)
    expected_handbook, expected = from_scratch(project)
    assert {p.src_uri: p.markdown for p in pages} == {p.src_uri: p.markdown for p in expected}
    assert data == export_json(expected_handbook)


def test_a_deleted_journey_leaves_no_page_behind(project: Path) -> None:
    pipeline = Pipeline()
    build(pipeline, project)
    (project / "maps" / "journeys" / "sofa-purchase-2027.md").unlink()
    _, pages, data = build(pipeline, project)
    assert not any("sofa-purchase-2027" in p.src_uri for p in pages)
    expected_handbook, expected = from_scratch(project)
    assert [p.src_uri for p in pages] == [p.src_uri for p in expected]
    assert data == export_json(expected_handbook)


def test_the_phases_are_timed(project: Path) -> None:
    pipeline = Pipeline()
    build(pipeline, project)
    pipeline.history(project, project / "maps")
    assert {"load", "validate", "resolve", "render", "export", "history"} <= set(pipeline.timings)
    assert "rendered" in pipeline.summary()
