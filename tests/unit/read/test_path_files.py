"""The two readings of path files (`read/path_files.py`): the fast one, a block of plain
lines at a time, and the checking one, `csv.reader` a row at a time.

Whatever a file holds, reading it must give what the checking reading alone gives: the same
counts, flow, sources and rows, the same problems at the same lines. The checking reading
alone is had by quoting the header (a quote is not plain): it then reads the whole file.
The files here are a few blocks long, so that the fast reading hands over mid-file.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mkdocs_cjm.handbook.attribution import attribution_of
from mkdocs_cjm.read import path_files
from mkdocs_cjm.read.path_files import JourneyElements, PathsRead, read_path_files

NAMES = {
    "paid social": "instagram",
    "instagram": "instagram",
    "organic search": "search",
    "search": "search",
    "email": "email",
    "webshop": "webshop",
    "browse": "browse",
    "pay": "pay",
}
ELEMENTS = JourneyElements(
    names=NAMES,
    spellings=tuple(NAMES),
    stage_of={"browse": "consider", "pay": "purchase", "webshop": "purchase"},
    stages=("aware", "consider", "purchase"),
)
JOURNEYS = {"trip": ELEMENTS, "return": ELEMENTS}
SPELLINGS = ("Paid Social", "instagram", "Organic Search", "EMAIL", "webshop", "browse", "pay")
HEADER = "journey,path,conversions,nulls,value,period,source"
LONG = ">".join(["email", "pay"] * 5)
"""A path longer than any of `rows`: no duplicate of theirs."""


def rows(count: int, seed: int = 7) -> list[str]:
    """Distinct plain rows over two journeys and two periods, spelled as exports do."""
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = []
    while len(lines) < count:
        length = rng.randint(1, 9)
        path = rng.choice((">", " > ")).join(rng.choice(SPELLINGS) for _ in range(length))
        if path.lower().replace(" ", "") in seen:
            continue
        seen.add(path.lower().replace(" ", ""))
        conversions = rng.choice((0, 0, 1, 2, 7))
        nulls = rng.randint(0 if conversions else 1, 30)
        value = f"{conversions * 499.5:.2f}" if conversions else ""
        journey, period = rng.choice(("trip", "return")), rng.choice(("2026-Q2", "2026-Q3"))
        source = "GA4" if len(lines) % 1000 else "warehouse"
        lines.append(f"{journey},{path},{conversions},{nulls},{value},{period},{source}")
    return lines


def read(tmp_path: Path, name: str, text: str, *, checking: bool = False) -> PathsRead:
    """Read one file as written (or, `checking`, by the checking reading alone)."""
    if checking:  # the header's first name quoted
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        first = text[len(bom) :].split(",", 1)[0]
        text = f'{bom}"{first}"{text[len(bom) + len(first) :]}'
    file = tmp_path / name
    file.write_bytes(text.encode("utf-8"))
    return read_path_files([(file, f"maps/paths/{name}")], JOURNEYS, set(JOURNEYS))


def summary(result: PathsRead) -> dict[str, object]:
    """What a reading gives, in comparable values."""
    groups = {}
    for (journey, period), group in sorted(result.groups.items()):
        groups[(journey, period)] = (
            group.counter.rows,
            attribution_of(group.counter.counts(), {}),
            group.counter.flow(),
            sorted(group.sources),
        )
    return {
        "groups": groups,
        "rows": result.rows,
        "problems": [str(d) for d in result.diagnostics],
    }


def never(*args: object) -> None:
    raise AssertionError("the checking reading alone reads a file whose header is quoted")


def same_as_checking(tmp_path: Path, text: str) -> dict[str, object]:
    fast = summary(read(tmp_path, "fast.csv", text))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(path_files, "_read_block", never)
        checking = summary(read(tmp_path, "checking.csv", text, checking=True))
    assert fast["problems"] == [p.replace("checking.csv", "fast.csv") for p in checking["problems"]]  # type: ignore[union-attr]
    assert fast["groups"] == checking["groups"]
    assert fast["rows"] == checking["rows"]
    return fast


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 4 kB: a file of a few thousand rows is many blocks."""
    monkeypatch.setattr(path_files, "_BLOCK", 4096)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_plain_files_read_as_the_checking_reading_reads_them(
    tmp_path: Path, newline: str, bom: str
) -> None:
    lines = rows(3000)
    got = same_as_checking(tmp_path, bom + newline.join([HEADER, *lines]) + newline)
    assert got["rows"] == 3000
    assert not got["problems"]
    assert len(got["groups"]) == 4  # type: ignore[arg-type]


def test_a_last_line_without_a_line_break_is_read(tmp_path: Path) -> None:
    got = same_as_checking(tmp_path, "\n".join([HEADER, *rows(500)]))
    assert got["rows"] == 500


def test_a_line_longer_than_a_block_is_read(tmp_path: Path) -> None:
    long_path = ">".join(["webshop", "browse"] * 2000)  # 28 kB
    lines = [*rows(300), f"trip,{long_path},3,4,,2026-Q3,GA4", *rows(300, seed=8)[:10]]
    got = same_as_checking(tmp_path, "\n".join([HEADER, *lines]) + "\n")
    assert got["rows"] == 311


@pytest.mark.parametrize(
    ("late", "problem"),
    [
        (f"trip,{LONG},x,1,,2026-Q3,GA4", "'conversions' is 'x'"),
        (f"trip,{LONG},0,0,,2026-Q3,GA4", "0 conversions and 0 nulls"),
        (f"trip,{LONG},1,2,1.2.3,2026-Q3,GA4", "'value' is '1.2.3'"),
        (f"trip,{LONG},1,2,,2026-Q9,GA4", "'period' is '2026-Q9'"),
        (f"tirp,{LONG},1,2,,2026-Q3,GA4", "unknown journey 'tirp'"),
        (f"trip,{LONG},1,2,,2026-Q3", "row has 6 cells"),
        (f"trip,{LONG},1,2,,2026-Q3,GA4,extra", "row has 8 cells"),
        ("trip,email>p\tay,1,2,,2026-Q3,GA4", "control character"),
        (f"trip,{LONG},9999999999999,2,,2026-Q3,GA4", "more than 999,999,999,999"),
    ],
)
def test_a_problem_in_a_late_block_is_reported_at_its_line_and_the_rest_counted(
    tmp_path: Path, late: str, problem: str
) -> None:
    lines = rows(3000)
    lines.insert(2500, late)
    got = same_as_checking(tmp_path, "\n".join([HEADER, *lines]) + "\n")
    problems = got["problems"]
    assert len(problems) == 1, problems  # type: ignore[arg-type]
    assert problems[0].startswith("maps/paths/fast.csv:2502: "), problems  # type: ignore[index]
    assert problem in problems[0]  # type: ignore[index]
    assert got["rows"] == 3000


@pytest.mark.parametrize(
    "late",
    [
        f'trip,"{LONG}",1,2,,2026-Q3,GA4',  # quoted: read by csv.reader
        f'trip,{LONG},1,2,,2026-Q3,"GA4, the export\nof May"',  # a line break in a cell
        "",  # a blank line
        f"trip,{LONG},1,2,,2026-Q3,GA4\r",  # a lone CR
        f"trip,{LONG},1,2, 4.5e2 ,2026-Q3,GA4",  # a value with spaces and an exponent
    ],
)
def test_rows_that_are_not_plain_read_as_csv_reads_them(tmp_path: Path, late: str) -> None:
    lines = rows(3000)
    lines.insert(2500, late)
    got = same_as_checking(tmp_path, "\n".join([HEADER, *lines]) + "\n")
    assert got["rows"] == 3000 + (late != "")
    assert not got["problems"]


def test_a_duplicate_and_an_unknown_element_in_late_blocks_are_found(tmp_path: Path) -> None:
    lines = rows(3000)
    journey, path, *rest = lines[10].split(",")
    lines.insert(2000, ",".join([journey, path.upper().replace(">", " > "), *rest]))
    lines.insert(2900, "trip,email>tiktok,1,2,,2026-Q3,GA4")
    got = same_as_checking(tmp_path, "\n".join([HEADER, *lines]) + "\n")
    problems = "\n".join(got["problems"])  # type: ignore[arg-type]
    assert "fast.csv:2002: duplicate path" in problems
    assert "(first at line 12)" in problems
    assert "fast.csv:2902: unknown path element 'tiktok'" in problems


@pytest.mark.parametrize(
    "order",
    [
        ("path", "journey", "period", "conversions", "nulls"),  # no optional column
        ("source", "nulls", "conversions", "period", "value", "journey", "path"),
    ],
)
def test_columns_in_any_order_read_as_the_checking_reading_reads_them(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    columns = HEADER.split(",")
    moved = [
        ",".join(cells[columns.index(name)] for name in order)
        for cells in (line.split(",") for line in rows(2000))
    ]
    got = same_as_checking(tmp_path, "\n".join([",".join(order), *moved]) + "\n")
    assert got["rows"] == 2000
    assert not got["problems"]
