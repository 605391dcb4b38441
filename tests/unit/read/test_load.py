"""Unit tests of `read/map_files.py` and `read/source.py`: front matter, YAML values, lines, the
maps folder."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from mkdocs_cjm.diagnostics import Severity
from mkdocs_cjm.read.map_files import LoadedMaps, SourceCache, load_maps, load_source
from mkdocs_cjm.read.source import Source, second_front_matter, split_front_matter

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
    parts = split_front_matter("---\na: 1\nb: 2\n---\nbody\n")
    assert parts == ("a: 1\nb: 2\n", 2, "body\n", 5)


def test_split_front_matter_accepts_dots_and_trailing_spaces() -> None:
    parts = split_front_matter("--- \na: 1\n...\n")
    assert parts is not None and parts[0] == "a: 1\n" and parts[2] == ""


def test_split_front_matter_empty_block() -> None:
    assert split_front_matter("---\n---\nbody") == ("\n", 2, "body", 3)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("---\ntitle: Again\n---\n", 10),  # right after the front matter
        ("Text.\n\n---\nowner: X\nstatus: draft\n...\n", 12),
        ("Text.\n\n~~~\n---\nowner: X\n---\n~~~\n", None),  # an example in fenced code
        ("A heading\n---\nowner: X\n---\n", None),  # `---` underlines a heading here
        ("Text.\n\n---\n\nowner: X\n\n---\n", None),  # rules around a paragraph
        ("Text.\n\n---\nowner: X\n", None),  # a rule, no closing line
    ],
)
def test_a_second_front_matter_block_in_the_body(body: str, line: int | None) -> None:
    found = second_front_matter(body, 10, "maps/journeys/trip.md")
    assert (found.line if found else None) == line


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
    assert problem == (
        "maps/journeys/trip.md:7: front matter is too large (more than 200,000 values) — an "
        "alias (*name) repeats all of its anchor, so aliases of aliases multiply: write the "
        "values out, or split the map into several journeys"
    )


def test_an_empty_front_matter_is_an_empty_mapping(tmp_path: Path) -> None:
    assert load(tmp_path, "---\n---\nbody\n").front_matter == {}


# --- the file itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"---\ntitle: x\n\xff\n---\n", ":3: file is not UTF-8 (byte 0xff)"),
        (b"\xef\xbb\xbf---\r\ntitle: x\r\n\xff\n---\n", ":3: file is not UTF-8 (byte 0xff)"),
        (
            b"---\rtitle: x\r---\r",
            ":1: file has a carriage return (CR) without a line feed at line 1, column 4",
        ),
        (
            b"---\r\ntitle: x\r\nowner: a\rb\r\n---\r\n",
            ":3: file has a carriage return (CR) without a line feed at line 3, column 9",
        ),
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
        ("æøå", "aeoa"),
        ("æblekage", "aeblekage"),  # not 'blekage': æ has no accent to drop
        ("Straße", "strasse"),
        ("日本", "my-id"),
    ],
)
def test_invalid_ids_get_a_suggested_name(tmp_path: Path, name: str, suggestion: str) -> None:
    [problem] = problems_of(tmp_path, "---\n---\n", f"maps/journeys/{name}.md")
    assert f"invalid id '{name}'" in problem
    assert problem.endswith(f"rename it to '{suggestion}.md'")


def test_a_file_name_ending_in_a_newline_is_no_id(tmp_path: Path) -> None:
    # `$` matches before a final newline: the id `web\n` would get a page of its own.
    [problem] = problems_of(tmp_path, "---\ntitle: Web\n---\n", "maps/touchpoints/web\n.md")
    assert "invalid id 'web\\n'" in problem  # and printed as \\n: no forged line


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


# --- line endings and byte order mark (Windows checkouts, Notepad, Excel) -----------


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [crlf(JOURNEY), b"\xef\xbb\xbf" + JOURNEY.encode(), b"\xef\xbb\xbf" + crlf(JOURNEY)],
    ids=["crlf", "bom", "bom-and-crlf"],
)
def test_crlf_and_bom_read_like_lf(tmp_path: Path, data: bytes) -> None:
    source = load(tmp_path, data)
    plain = load(tmp_path / "plain", JOURNEY)
    assert source.front_matter == plain.front_matter
    assert source.body == plain.body == "\n# Narrative\n\nBody text.\n"
    assert source.body_line == plain.body_line
    assert source.line_of(("stages", 1, "steps", 0, "emotion")) == 18


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["crlf", "bom-and-crlf"])
def test_crlf_errors_name_the_line_an_editor_shows(tmp_path: Path, prefix: bytes) -> None:
    text = "---\ntitle: x\nowner: a\n\nkind: b\ntitle: y\n---\n"
    [problem] = problems_of(tmp_path, prefix + crlf(text))
    assert problem.startswith("maps/journeys/trip.md:6: duplicate key 'title' (first at line 2)")


# --- characters YAML cannot read, or counts as line breaks --------------------------


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x00", "control character U+0000"),
        ("\x01", "control character U+0001"),
        ("\x1b", "control character U+001B"),
        ("\x7f", "control character U+007F"),
        ("\x9b", "control character U+009B"),
        ("\ufffe", "character U+FFFE"),
    ],
)
def test_control_characters_are_located(tmp_path: Path, char: str, what: str) -> None:
    text = f"---\ntitle: x\nowner: a\n\nscenario: >\n  one\n  two {char}three\n---\n"
    [problem] = problems_of(tmp_path, text)
    assert problem == (
        f"maps/journeys/trip.md:7: file contains the {what} at line 7, column 7"
        " — remove it; it is invisible in most editors"
    )


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\x01javascript:", "U+0001"),
        ("\\x1b[31m", "U+001B"),
        ("\\x00", "U+0000"),
        ("\\0", "U+0000"),
        ("\\u0085x\\x7f", "U+007F"),
        ("\\r", "U+000D"),
        ("\\uFFFE", "U+FFFE"),
    ],
)
def test_yaml_escapes_of_control_characters_are_refused_at_their_line(
    tmp_path: Path, escape: str, code: str
) -> None:
    # Refused as if typed: YAML's escapes in double quotes make the same characters.
    [problem] = problems_of(tmp_path, f'---\ntitle: x\nowner: "E-{escape}"\n---\n')
    assert problem.startswith(
        f"maps/journeys/trip.md:3: text holds the control character {code}, written as a "
        "YAML escape — remove the escape ("
    )


def test_an_escape_in_a_key_is_refused_too(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, '---\ntitle: x\n"own\\x1ber": a\n---\n')
    assert problem.startswith("maps/journeys/trip.md:3: text holds the control character U+001B")


def test_tabs_and_line_breaks_written_as_escapes_are_text(tmp_path: Path) -> None:
    source = load(tmp_path, '---\ntitle: "a\\tb\\nc"\n---\n')
    assert source.front_matter["title"] == "a\tb\nc"


@pytest.mark.parametrize(
    ("char", "name", "why"),
    [
        ("\u202e", "right-to-left override", "it reorders the text after it"),
        ("\u202d", "left-to-right override", "it reorders the text after it"),
        ("\u2067", "right-to-left isolate", "it reorders the text after it"),
        ("\u200b", "zero width space", "it makes text that looks the same differ"),
        ("\u2060", "word joiner", "it makes text that looks the same differ"),
        ("\ufeff", "zero width no-break space", "it makes text that looks the same differ"),
        ("\u200d", "zero width joiner", "it makes text that looks the same differ"),
    ],
)
def test_bidi_controls_and_zero_width_characters_are_refused(
    tmp_path: Path, char: str, name: str, why: str
) -> None:
    code = f"U+{ord(char):04X}"
    typed = problems_of(tmp_path, f"---\nowner: a\ntitle: Pays {char}online\n---\n")
    assert typed == [
        f"maps/journeys/trip.md:3: file contains the invisible character {code} ({name}) "
        f"at line 3, column 13 — remove it; {why}"
        + (", so the page would not show what was written" if "reorders" in why else "")
        + (" (a title, a name, an id)" if "differ" in why else "")
    ]
    escaped = problems_of(tmp_path, f'---\nowner: a\ntitle: "Pays \\u{ord(char):04x}online"\n---\n')
    assert escaped[0].startswith(
        f"maps/journeys/trip.md:3: text holds the invisible character {code} ({name}), "
        f"written as a YAML escape — remove the escape (\\u{ord(char):04x}); {why}"
    )


@pytest.mark.parametrize(
    "title",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between letters
        "क्\u200dष",  # Devanagari: ZWJ after a virama
        "Family \U0001f468\u200d\U0001f469\u200d\U0001f467",  # one emoji of three
        "\u05e9\u05dc\u05d5\u05dd \u200fNina",  # a right-to-left mark only marks
    ],
)
def test_joiners_inside_the_scripts_that_need_them_pass(tmp_path: Path, title: str) -> None:
    assert load(tmp_path, f"---\ntitle: {title}\n---\n").front_matter["title"] == title


def test_control_characters_in_the_body_are_left_to_markdown(tmp_path: Path) -> None:
    assert load(tmp_path, "---\ntitle: x\n---\nan \x1b escape\n").body == "an \x1b escape\n"


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_yaml_line_breaks_do_not_move_later_lines(tmp_path: Path, separator: str) -> None:
    head = f"---\ntitle: \"a{separator}b{separator}c\"\nowner: 'x{separator}y'\n"
    source = load(tmp_path, head + "personas:\n  - nina\n---\n")
    assert source.line_of(("owner",)) == 3
    assert source.line_of(("personas", 0)) == 5
    [duplicate] = problems_of(tmp_path, head + "title: again\n---\n")
    assert duplicate.startswith("maps/journeys/trip.md:4: duplicate key 'title' (first at line 2)")
    [syntax] = problems_of(tmp_path, head + "a: 1\n b: 2\n---\n")
    assert syntax.startswith("maps/journeys/trip.md:5: invalid YAML")
    [tag] = problems_of(tmp_path, head + "a: !!binary eA==\n---\n")
    assert tag.startswith("maps/journeys/trip.md:4: unsupported YAML tag '!!binary'")


def test_a_yaml_line_break_in_plain_text_is_named(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, "---\ntitle: x\nowner: a\u2028b\nkind: c\n---\n")
    assert problem.endswith(
        " — line 3, column 9 holds the invisible character U+2028, which YAML reads as a "
        "line break; remove it, or put the text in quotes"
    )


# --- keys and values that YAML reads differently from a writer ------------------------


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("~: x\n", "a key is empty ('~' means nothing in YAML)"),
        ("null: x\n", "a key is empty ('null' means nothing in YAML)"),
        ("? \n: x\n", "a key is empty"),
        ("'': x\n", "a key is empty"),
        ("'  ': x\n", "a key is empty"),
    ],
)
def test_empty_keys_are_errors_at_their_line(tmp_path: Path, yaml_text: str, message: str) -> None:
    [problem] = problems_of(tmp_path, f"---\ntitle: x\n\n{yaml_text}---\n")
    assert problem == (
        f"maps/journeys/trip.md:4: {message} — write the field's name before the ':', "
        "like `owner: E-commerce`"
    )


def test_keys_are_kept_as_typed(tmp_path: Path) -> None:
    source = load(tmp_path, "---\nyes: 1\n0x1F: 2\n2026-01-01: 3\n1.50: 4\n---\n")
    assert list(source.front_matter) == ["yes", "0x1F", "2026-01-01", "1.50"]
    assert source.line_of(("0x1F",)) == 3


def test_a_bare_equals_sign_is_text(tmp_path: Path) -> None:
    assert load(tmp_path, "---\nowner: =\nx: [=, a]\n---\n").front_matter == {
        "owner": "=",
        "x": ["=", "a"],
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("!!bool maybe", "maybe"), ("!!timestamp soon", "soon"), ("!!int x", "x"), ("!!null x", None)],
)
def test_explicit_tags_that_do_not_fit_keep_the_text(
    tmp_path: Path, value: str, expected: object
) -> None:
    assert load(tmp_path, f"---\na: {value}\n---\n").front_matter == {"a": expected}


def test_merge_keys_are_refused_with_a_way_out(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, "---\nbase: &b {a: 1}\nother:\n  <<: *b\n---\n")
    assert problem == (
        "maps/journeys/trip.md:4: merge keys (`<<: *name`) are not supported — write the "
        "fields out, or give each one its own alias: `field: *name`"
    )


# --- ids that name generated pages --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "page"),
    [
        ("personas", "personas/index.md is the list of personas"),
        ("touchpoints", "touchpoints/index.md is the list of touchpoints"),
        ("journeys", "journeys/index.md is the list of journeys"),
        (
            "stages",
            "stages/index.md is the list of stages, journeys/<journey>/index.md "
            "each journey's overview",
        ),
    ],
)
def test_index_is_a_reserved_id(tmp_path: Path, kind: str, page: str) -> None:
    file = write(tmp_path, f"maps/{kind}/index.md", "---\ntitle: Index\n---\n")
    source, problems = load_source(file, kind, tmp_path)
    assert source is None
    assert [str(p) for p in problems] == [
        f"maps/{kind}/index.md:1: id 'index' is reserved for a generated page: {page}"
        " — rename the file; its name is the id that URLs and references use"
    ]
    loaded = load_maps(tmp_path / "maps", tmp_path)
    # Not a known id: a reference to it is unknown, so no page can be made for it.
    assert loaded.ids[kind] == set()
    assert [d.severity for d in loaded.diagnostics] == [Severity.ERROR]


# --- what load_maps does not read, and says so ------------------------------------------


def findings(loaded: LoadedMaps) -> list[str]:
    return sorted(f"{d.severity.value}: {d}" for d in loaded.diagnostics)


def test_files_directly_in_maps_are_named(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    write(maps, "nina.md", "---\ntitle: Nina\n---\n")
    write(maps, "notes.txt", "x")
    write(maps, "README.md", "What this folder is for.")
    write(maps, ".gitkeep", "")
    folders = "maps/journeys/, maps/opportunities/, maps/touchpoints/, maps/personas/, maps/stages/"
    assert findings(load_maps(maps, tmp_path)) == [
        f"warning: maps/nina.md:1: a map directly in maps/ is ignored — move it into the "
        f"folder of its kind: {folders}",
        f"warning: maps/notes.txt:1: file directly in maps/ is ignored — maps/ holds only "
        f"the folders {folders}",
    ]


def test_a_link_to_a_file_is_read_under_its_own_path(tmp_path: Path) -> None:
    target = write(tmp_path, "shared/trip-notes.md", "---\ntitle: [\n---\n")
    link = tmp_path / "maps/journeys/trip.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(Path("../../shared/trip-notes.md"))
    loaded = load_maps(tmp_path / "maps", tmp_path)
    assert [(d.path, d.line) for d in loaded.diagnostics] == [("maps/journeys/trip.md", 3)]
    target.write_text("---\ntitle: Trip\n---\nBody\n", encoding="utf-8")
    loaded = load_maps(tmp_path / "maps", tmp_path)
    assert loaded.diagnostics == []
    source = loaded.sources["journeys"]["trip"]
    assert (source.path, source.file, source.body) == ("maps/journeys/trip.md", link, "Body\n")
    assert loaded.files_checked == 1


def test_a_link_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    outside = write(tmp_path, "secrets/token.md", "---\ntitle: secret\n---\n")
    root = tmp_path / "site"
    (root / "maps/journeys").mkdir(parents=True)
    (root / "maps/journeys/trip.md").symlink_to(outside)
    loaded = load_maps(root / "maps", root)
    assert loaded.sources["journeys"] == {}
    assert findings(loaded) == [
        f"error: maps/journeys/trip.md:1: symbolic link points outside the project "
        f"('{outside}'); it is not read — copy the file into maps/"
    ]


def test_links_into_a_maps_folder_outside_the_project_are_read(tmp_path: Path) -> None:
    # `maps_dir: ../shared/maps`: the maps folder itself is outside the project root.
    write(tmp_path, "shared/maps/journeys/a.md", "---\ntitle: A\n---\n")
    (tmp_path / "shared/maps/journeys/b.md").symlink_to("a.md")
    (tmp_path / "site").mkdir()
    loaded = load_maps(tmp_path / "shared/maps", tmp_path / "site")
    assert loaded.diagnostics == []
    assert loaded.sources["journeys"]["b"].path == "../shared/maps/journeys/b.md"


def test_broken_looping_and_folder_links_are_named(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    write(maps, "journeys/a/trip.md", "---\ntitle: A\n---\n")
    (maps / "journeys/gone.md").symlink_to("missing.md")
    (maps / "journeys/loop.md").symlink_to("loop.md")
    (maps / "journeys/a/again").symlink_to("..")  # would make rglob walk in circles
    (maps / "journeys/pipe.md").symlink_to("/dev/null")
    (maps / "personas").symlink_to("journeys")
    (maps / "top.md").symlink_to("journeys/a/trip.md")
    folder_hint = "move or copy the folder into maps/; links to folders are not followed"
    loaded = load_maps(maps, tmp_path)
    assert findings(loaded) == [
        f"warning: maps/journeys/a/again:1: symbolic link to a folder is not followed — "
        f"{folder_hint}",
        "warning: maps/journeys/gone.md:1: broken symbolic link; it is ignored — it points "
        "to 'missing.md', which does not exist; fix or remove it",
        "warning: maps/journeys/loop.md:1: symbolic link loops; it is ignored — it points "
        "to 'loop.md', which leads back to itself; fix or remove it",
        "warning: maps/journeys/pipe.md:1: symbolic link to something that is not a file; "
        "it is ignored — remove it",
        f"warning: maps/personas:1: symbolic link to a folder is not followed — {folder_hint}",
        "warning: maps/top.md:1: a map directly in maps/ is ignored — move it into the folder "
        "of its kind: maps/journeys/, maps/opportunities/, maps/touchpoints/, maps/personas/, "
        "maps/stages/",
    ]
    assert list(loaded.sources["journeys"]) == ["trip"]
    assert loaded.sources["personas"] == {}


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    (maps / "journeys").mkdir(parents=True)
    os.mkfifo(maps / "journeys/trip.md")
    assert findings(load_maps(maps, tmp_path)) == [
        "warning: maps/journeys/trip.md:1: not a regular file (a pipe, socket or device); "
        "it is ignored — remove it"
    ]


# --- SourceCache ------------------------------------------------------------------------


def test_the_cache_sees_an_edit_that_keeps_size_and_time(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    file = write(maps, "journeys/trip.md", "---\ntitle: Old\n---\n")
    before = file.stat()
    cache = SourceCache()
    assert load_maps(maps, tmp_path, cache).sources["journeys"]["trip"].front_matter == {
        "title": "Old"
    }
    file.write_text("---\ntitle: New\n---\n", encoding="utf-8")  # `cp -p`, `rsync -t`
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file.stat().st_mtime_ns == before.st_mtime_ns
    assert file.stat().st_size == before.st_size
    loaded = load_maps(maps, tmp_path, cache)
    assert loaded.sources["journeys"]["trip"].front_matter == {"title": "New"}
    assert cache.reads == 1
    # Unchanged bytes: the same Source object, nothing parsed.
    again = load_maps(maps, tmp_path, cache)
    assert again.sources["journeys"]["trip"] is loaded.sources["journeys"]["trip"]
    assert cache.reads == 0


def test_the_cache_reports_what_load_source_reports(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    write(maps, "journeys/index.md", "---\n---\n")
    write(maps, "journeys/Bad Name.md", "---\n---\n")
    write(maps, "journeys/broken.md", "---\na: [\n---\n")
    cache = SourceCache()
    assert findings(load_maps(maps, tmp_path, cache)) == findings(load_maps(maps, tmp_path))
    assert cache.reads == 1  # only broken.md was parsed


@pytest.mark.parametrize(
    ("name", "expected"), [(".md", "the id is blank"), (" .md", "invalid id ' '")]
)
def test_a_blank_id_is_an_error(tmp_path: Path, name: str, expected: str) -> None:
    write(tmp_path, f"maps/personas/{name}", "---\ntitle: x\n---\n")
    [problem] = load_maps(tmp_path / "maps", tmp_path).diagnostics
    assert (problem.path, problem.severity) == (f"maps/personas/{name}", Severity.ERROR)
    assert problem.message.startswith(expected)
