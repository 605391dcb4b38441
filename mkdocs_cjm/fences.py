"""A Mermaid fence formatter for pymdownx.superfences that escapes the diagram.

mermaid2's `fence_mermaid_custom` (its documented formatter for Material) writes a
fence's source into the page as it is, so `<img onerror=...>` typed in a diagram
runs when the page opens. This one writes the same `<pre class="mermaid"><code>`
with the source escaped, as superfences' `fence_code_format` does. Material reads
the diagram with `textContent`, which decodes the escapes: the diagram is the
same, and no HTML in it runs. It keeps mermaid2's name because mermaid2 chooses
its loader by the formatter's name.

    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: mermaid
              class: mermaid
              format: !!python/name:mkdocs_cjm.fences.fence_mermaid_custom
"""

from __future__ import annotations

from typing import Any


def fence_mermaid_custom(
    source: str, language: str, class_name: str, options: Any, md: Any, **kwargs: Any
) -> str:
    """`<pre class="mermaid"><code>` with the escaped source (see the module's docstring)."""
    # Imported here: pymdownx comes with Material, and only sites that name this need it.
    from pymdownx.superfences import fence_code_format

    return str(fence_code_format(source, language, class_name, options, md, **kwargs))
