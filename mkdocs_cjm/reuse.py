"""When an output of the last build can be reused: the one rule of `mkdocs serve`'s caches.

The page cache (`render.cache`) and the export's cache (`publish/export.py`) keep each
output with the inputs it was made from, and reuse it while `same_inputs` holds.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def same_inputs(inputs: tuple[Any, ...], before: tuple[Any, ...] | None) -> bool:
    """Whether the inputs of a page (or any output) are those of the last build.

    Models are compared by identity: the caches of `handbook/resolve.py` keep the very
    same model while its file is unchanged, and a model's text body is not one
    of its fields. Other inputs (dates, freshness, history) by value.
    """
    if before is None or len(inputs) != len(before):
        return False
    return all(
        a is b or (not isinstance(a, BaseModel) and not isinstance(b, BaseModel) and a == b)
        for a, b in zip(inputs, before, strict=True)
    )
