"""Property tests: damaged real maps never crash the core, and every finding is located.

Real maps (the example handbook's and the minimal fixture's) are mutated the way
editors, pastes and typos damage them: keys deleted, duplicated or retyped, invisible
and unusual characters inserted, YAML syntax typed in the wrong place, line endings
changed. `build_handbook` (what `check`, the build and `serve` share) must then
return findings, never raise, and every finding must name a file of the project and
a line inside it, counted by `\\n` as editors and git do.

The examples are derandomised and bounded, so CI runs the same few hundred cases in
a few seconds.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import FRESH_DAY, MINIMAL, REPO

from mkdocs_cjm.handbook.resolve import Settings, build_handbook

PROJECTS = {"example": REPO, "minimal": MINIMAL}

# Characters that editors hide or that YAML, terminals or bidi treat specially;
# surrogates are left out, as no UTF-8 file can hold them.
CHARACTERS = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\xa0",
    "\u061c",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\U0001f600",
    "\U00010000",
    "\U0010fffd",
    "\r",
    "\r\n",
    "\t",
    "é",
]
# YAML syntax typed where it does not belong.
TOKENS = [
    "&a ",
    "*a",
    "*a ",
    "!!",
    "!!str ",
    "!x ",
    "? ",
    "- ",
    ": ",
    ":",
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    "|-\n",
    ">",
    "%",
    "%YAML 1.1\n",
    "---",
    "\n---\n",
    "...",
    "\t",
    "#",
    "'",
    '"',
    "@",
    "`",
    "<<: ",
    "~",
    "=",
    "\n",
    "\n  ",
    "\n- ",
]
# Values of other YAML types (and a few that resolve to surprising ones).
VALUES = [
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "42",
    "-1",
    "0",
    "3.5",
    "1e999",
    ".inf",
    ".nan",
    "0x1F",
    "0o17",
    "true",
    "no",
    "2026-02-30",
    "2026-09-14",
    "2026-09-14 10:30:00",
    "9999-12-31",
    "0001-01-01",
    "99999999999999999999",
    "-.inf",
    "'2026-09-14'",
    '"text"',
    "'unterminated",
    "=",
    "*nothing",
    "&x [*x]",
    "!!binary aGk=",
    "!!set {a}",
    "!!bool maybe",
    "!!timestamp soon",
    "!!python/name:os.system",
    "|\n  block\n  text",
    "x" * 5000,
    "- a\n- b",
]


@dataclass
class Project:
    """A tmp copy of a real project; one map at a time is damaged and then restored."""

    root: Path
    maps: list[Path]


def copy_of(name: str, tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp(name)
    shutil.copytree(PROJECTS[name] / "maps", root / "maps")
    return Project(root, sorted((root / "maps").rglob("*.md")))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_of("example", tmp_path_factory)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_of("minimal", tmp_path_factory)


def front_matter_end(text: str) -> int:
    """Where the front matter's closing `---` starts (or the end), to aim edits at YAML."""
    end = text.find("\n---", 3)
    return len(text) if end < 0 else end


@st.composite
def mutation(draw: st.DrawFn, text: str) -> str:
    """One damage to `text`, mostly inside its front matter."""
    lines = text.split("\n")
    front_lines = text[: front_matter_end(text)].count("\n") + 1
    line = draw(st.integers(1, max(1, front_lines - 1)))
    kind = draw(st.sampled_from(["delete", "duplicate", "retype", "character", "token"]))
    if kind == "delete":
        # A key and the lines indented under it, or a single line.
        width = len(lines[line]) - len(lines[line].lstrip())
        end = line + 1
        if draw(st.booleans()):
            while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > width:
                end += 1
        return "\n".join(lines[:line] + lines[end:])
    if kind == "duplicate":
        target = draw(st.integers(1, max(1, front_lines - 1)))
        return "\n".join([*lines[:target], lines[line], *lines[target:]])
    if kind == "retype":
        key, colon, _ = lines[line].partition(":")
        if not colon:
            key = lines[line]
        lines[line] = f"{key}: {draw(st.sampled_from(VALUES))}"
        return "\n".join(lines)
    insert = draw(st.sampled_from(CHARACTERS if kind == "character" else TOKENS))
    # Anywhere, but mostly in the front matter, where YAML reads it.
    limit = front_matter_end(text) if draw(st.integers(0, 4)) else len(text)
    at = draw(st.integers(0, limit))
    return text[:at] + insert + text[at:]


@st.composite
def damaged(draw: st.DrawFn, text: str) -> bytes:
    """`text` with one to three damages, then perhaps CRLF line endings or a BOM."""
    for _ in range(draw(st.integers(1, 3))):
        text = draw(mutation(text))
    data = text.encode("utf-8")
    if draw(st.integers(0, 5)) == 0:
        data = data.replace(b"\n", b"\r\n")
    if draw(st.integers(0, 5)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


def lines_of(file: Path) -> int:
    """How many lines an editor shows, counting `\\n` only."""
    return file.read_bytes().count(b"\n") + 1


def assert_located_findings(project: Project, data: st.DataObject) -> None:
    """Damage one map of `project`, build, and check every finding; then restore it."""
    file = data.draw(st.sampled_from(project.maps), label="file")
    original = file.read_bytes()
    file.write_bytes(data.draw(damaged(original.decode("utf-8")), label="damaged"))
    try:
        handbook = build_handbook(project.root / "maps", project.root, Settings(today=FRESH_DAY))
        for finding in handbook.diagnostics:
            where = Path(finding.path)
            assert not where.is_absolute() and ".." not in where.parts, finding
            target = project.root / where
            assert target.exists(), finding
            if target.is_file():
                assert 1 <= finding.line <= lines_of(target), finding
            else:
                assert finding.line == 1, finding
    finally:
        file.write_bytes(original)


# A build of the example handbook (39 files) takes about ten times one of the minimal one.
BOUNDED = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(BOUNDED, max_examples=60)
@given(data=st.data())
def test_damaged_example_maps_give_located_findings(example: Project, data: st.DataObject) -> None:
    assert_located_findings(example, data)


@settings(BOUNDED, max_examples=200)
@given(data=st.data())
def test_damaged_minimal_maps_give_located_findings(minimal: Project, data: st.DataObject) -> None:
    assert_located_findings(minimal, data)
