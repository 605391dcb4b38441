"""Unit tests of `load.py`: front matter, YAML values, line numbers, the maps folder."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from mkdocs_cjm.diagnostics import Severity
from mkdocs_cjm.load import Source, load_maps, load_source, split_front_matter

JOURNEY = """\
---
title: Buying a sofa
personas: [nina, ole]
owner: E-commerce
reviewed: 2026-09-14
stages:
  - stage: awareness
    steps:
      - title: Sees a video
        touchpoints:
          - instagram
          - webshop
        emotion: 4
  - stage: purchase

    steps:
      - title: Orders
        emotion: 2
---

# Narrative

Body text.
"""


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str | bytes, relative: str = "maps/journeys/trip.md") -> Source:
    source, problems = load_source(write(tmp_path, relative, text), "journeys", tmp_path)
    assert problems == []
    assert source is not None
    return source


def problems_of(
    tmp_path: Path, text: str | bytes, relative: str = "maps/journeys/trip.md"
) -> list[str]:
    source, problems = load_source(write(tmp_path, relative, text), "journeys", tmp_path)
    assert source is None
    return [str(p) for p in problems]


# --- split_front_matter ---------------------------------------------------------


def test_split_front_matter_gives_lines_of_both_parts() -> None:
    front, front_line, body, body_line = split_front_matter("---\na: 1\nb: 2\n---\nbody\n") or ()
    assert (front, front_line, body, body_line) == ("a: 1\nb: 2\n", 2, "body\n", 5)


def test_split_front_matter_accepts_dots_and_trailing_spaces() -> None:
    parts = split_front_matter("--- \na: 1\n...\n")
    assert parts is not None and parts[0] == "a: 1\n" and parts[2] == ""


def test_split_front_matter_empty_block() -> None:
    assert split_front_matter("---\n---\nbody") == ("\n", 2, "body", 3)


@pytest.mark.parametrize(
    "text", ["a: 1\n", "\n---\na: 1\n---\n", "---\na: 1\n", "-- \na: 1\n---\n"]
)
def test_split_front_matter_refuses(text: str) -> None:
    assert split_front_matter(text) is None


# --- Source --------------------------------------------------------------------


def test_source_knows_kind_id_path_and_body(tmp_path: Path) -> None:
    source = load(tmp_path, JOURNEY)
    assert (source.kind, source.id, source.path) == ("journeys", "trip", "maps/journeys/trip.md")
    assert source.body == "\n# Narrative\n\nBody text.\n"
    assert source.body_line == 20
    assert JOURNEY.splitlines()[source.body_line - 1] == ""
    assert source.front_matter["reviewed"] == datetime.date(2026, 9, 14)
    assert source.front_matter["personas"] == ["nina", "ole"]


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        ((), 1),
        (("title",), 2),
        (("personas",), 3),
        (("personas", 1), 3),  # a flow list: its items are on the key's line
        (("stages",), 6),
        (("stages", 0), 7),
        (("stages", 0, "stage"), 7),
        (("stages", 0, "steps", 0), 9),
        (("stages", 0, "steps", 0, "touchpoints"), 10),
        (("stages", 0, "steps", 0, "touchpoints", 0), 11),
        (("stages", 0, "steps", 0, "touchpoints", 1), 12),
        (("stages", 0, "steps", 0, "emotion"), 13),
        (("stages", 1), 14),
        (("stages", 1, "steps"), 16),  # after a blank line
        (("stages", 1, "steps", 0, "emotion"), 18),
        # Absent keys and items land on the closest enclosing one.
        (("kind",), 1),
        (("stages", 1, "goal"), 14),
        (("stages", 0, "steps", 0, "touchpoints", 5), 10),
        (("stages", 7, "steps"), 6),
        (("title", "deeper"), 2),
    ],
)
def test_line_of(tmp_path: Path, loc: tuple[str | int, ...], line: int) -> None:
    assert load(tmp_path, JOURNEY).line_of(loc) == line


def test_line_of_a_flow_list_on_its_own_lines(tmp_path: Path) -> None:
    source = load(tmp_path, "---\npersonas: [\n  nina,\n  ole,\n]\n---\n")
    assert [source.line_of(("personas", i)) for i in range(2)] == [3, 4]


# --- YAML values -----------------------------------------------------------------


def test_impossible_date_is_kept_as_text_for_the_model(tmp_path: Path) -> None:
    source = load(tmp_path, "---\nreviewed: 2026-02-30\n---\n")
    assert source.front_matter == {"reviewed": "2026-02-30"}


def test_datetime_is_kept(tmp_path: Path) -> None:
    source = load(tmp_path, "---\nreviewed: 2026-09-14 10:30:00\n---\n")
    assert source.front_matter["reviewed"] == datetime.datetime(2026, 9, 14, 10, 30)


def test_aliases_are_expanded(tmp_path: Path) -> None:
    source = load(tmp_path, "---\na: &x [1, 2]\nb: *x\n---\n")
    assert source.front_matter == {"a": [1, 2], "b": [1, 2]}


def test_standard_scalar_tags_are_allowed(tmp_path: Path) -> None:
    source = load(tmp_path, "---\na: !!str 42\nb: !!int '7'\n---\n")
    assert source.front_matter == {"a": "42", "b": 7}


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", "maps/journeys/trip.md:4: duplicate key 'a' (first at line 2)"),
        ("x:\n  a: 1\n  a: 1\n", "maps/journeys/trip.md:4: duplicate key 'a' (first at line 3)"),
        (
            "a: !!python/name:os.system ''\n",
            "maps/journeys/trip.md:2: unsupported YAML tag '!!python/name:os.system'",
        ),
        ("a: !!binary aGVsbG8=\n", "maps/journeys/trip.md:2: unsupported YAML tag '!!binary'"),
        ("a:\n  b: !!set {x}\n", "maps/journeys/trip.md:3: unsupported YAML tag '!!set'"),
        ("a: !include other.yml\n", "maps/journeys/trip.md:2: unsupported YAML tag '!include'"),
        ("a: &x [*x]\n", "maps/journeys/trip.md:2: front matter is nested too deeply"),
        (
            "a: " + "[" * 200 + "]" * 200 + "\n",
            "maps/journeys/trip.md:2: front matter is nested too deeply",
        ),
        ("[a]: 1\n", "maps/journeys/trip.md:2: a key must be a plain word"),
        (
            "a: 1\n b: 2\n",
            "maps/journeys/trip.md:3: invalid YAML: mapping values are not allowed in this context",
        ),
        (
            "- a\n- b\n",
            "maps/journeys/trip.md:2: front matter must be a mapping of `field: value` lines",
        ),
    ],
)
def test_yaml_problems_are_located(tmp_path: Path, yaml_text: str, expected: str) -> None:
    [problem] = problems_of(tmp_path, f"---\n{yaml_text}---\n")
    assert problem.split(" — ")[0] == expected


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    [problem] = problems_of(tmp_path, "---\n" + "\n".join(lines) + "\n---\n")
    assert "front matter is too large" in problem


def test_an_empty_front_matter_is_an_empty_mapping(tmp_path: Path) -> None:
    assert load(tmp_path, "---\n---\nbody\n").front_matter == {}


# --- the file itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf---\ntitle: x\n---\n", ":1: file starts with a byte order mark (BOM)"),
        (b"---\ntitle: x\n\xff\n---\n", ":3: file is not UTF-8 (byte 0xff)"),
        (b"---\ntitle: x\r\n---\n", ":2: file has Windows (CRLF) or old Mac (CR) line endings"),
        (b"---\rtitle: x\r---\r", ":1: file has Windows (CRLF) or old Mac (CR) line endings"),
        (b"  \n\n", ":1: file is empty"),
        (b"title: x\n", ":1: missing front matter"),
        (b"---\ntitle: x\n", ":1: front matter is not closed"),
    ],
)
def test_unusable_files(tmp_path: Path, data: bytes, expected: str) -> None:
    [problem] = problems_of(tmp_path, data)
    assert problem.startswith("maps/journeys/trip.md" + expected)


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Trip Plan", "trip-plan"),
        ("über", "uber"),
        ("a_b", "a-b"),
        ("-x", "x"),
        ("æøå", "a"),
        ("ææ", "my-id"),
    ],
)
def test_invalid_ids_get_a_suggested_name(tmp_path: Path, name: str, suggestion: str) -> None:
    [problem] = problems_of(tmp_path, "---\n---\n", f"maps/journeys/{name}.md")
    assert f"invalid id '{name}'" in problem
    assert problem.endswith(f"rename it to '{suggestion}.md'")


# --- load_maps -----------------------------------------------------------------------


def test_load_maps_sorts_reports_and_counts(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    write(maps, "personas/nina.md", "---\ntitle: Nina\n---\n")
    write(maps, "personas/notes.txt", "not a map")
    write(maps, "personas/.hidden.md", "ignored")
    write(maps, "persona/ole.md", "---\ntitle: Ole\n---\n")
    write(maps, "journeys/a/trip.md", "---\ntitle: A\n---\n")
    write(maps, "journeys/b/trip.md", "---\ntitle: B\n---\n")
    write(maps, "journeys/broken.md", "---\ntitle: [\n---\n")
    write(maps, "README.md", "top-level files are not maps")
    loaded = load_maps(maps, tmp_path)
    assert loaded.files_checked == 4
    assert set(loaded.sources["personas"]) == {"nina"}
    assert loaded.sources["journeys"]["trip"].path == "maps/journeys/a/trip.md"
    # An unparsable file still has an id: references to it are not "unknown".
    assert loaded.ids["journeys"] == {"trip", "broken"}
    found = sorted((d.path, d.severity, d.message.split(":")[0]) for d in loaded.diagnostics)
    assert found == [
        ("maps/journeys/b/trip.md", Severity.ERROR, "duplicate id 'trip'"),
        ("maps/journeys/broken.md", Severity.ERROR, "invalid YAML"),
        ("maps/persona", Severity.WARNING, "unknown folder 'persona' is ignored"),
        ("maps/personas/notes.txt", Severity.WARNING, "not a .md file; it is ignored"),
    ]
    persona_folder = next(d for d in loaded.diagnostics if d.path == "maps/persona")
    assert persona_folder.hint == "did you mean 'personas'?"


def test_missing_maps_folder(tmp_path: Path) -> None:
    loaded = load_maps(tmp_path / "maps", tmp_path)
    assert [str(d) for d in loaded.diagnostics] == [
        "maps:1: maps folder not found — create it, or set `maps_dir` in mkdocs.yml "
        "(or `--maps` on the command line)"
    ]
    assert loaded.files_checked == 0


def test_paths_outside_the_root_stay_relative(tmp_path: Path) -> None:
    write(tmp_path, "maps/personas/nina.md", "---\n---\n")
    root = tmp_path / "site"
    root.mkdir()
    loaded = load_maps(tmp_path / "maps", root)
    assert loaded.sources["personas"]["nina"].path == "../maps/personas/nina.md"
