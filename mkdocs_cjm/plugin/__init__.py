"""The MkDocs side of the package: the `cjm` plugin, the `mkdocs serve` preview, mkdocs.yml.

The only folder that imports MkDocs. `mkdocs_cjm.plugin:CjmPlugin` is the plugin's entry
point (pyproject.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .events import CjmPlugin

__all__ = ["CjmPlugin"]


def __getattr__(name: str) -> object:
    """`CjmPlugin`, imported when asked for: the CLI reads mkdocs.yml through this folder
    and needs none of MkDocs' plugin and build machinery."""
    if name == "CjmPlugin":
        from .events import CjmPlugin

        return CjmPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
