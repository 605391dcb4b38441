"""The `mkdocs-cjm` command line. `mkdocs_cjm.cli:main` is its entry point."""

from __future__ import annotations

from .commands import main

__all__ = ["main"]
