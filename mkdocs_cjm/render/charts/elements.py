"""What every chart is made of: elements written as escaped HTML, plain text, text widths.

The charts (`render/charts/svg.py`, `render/charts/tables.py`) build an ElementTree and write it
with
`to_html`, which escapes each text and attribute value, so a writer's title is
always text.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as etree

from ...safety.escape import html_attribute, html_text


def to_html(element: etree.Element) -> str:
    """An element as HTML on one line, every text and attribute value escaped.

    Not ElementTree's own HTML writer: it leaves `<` in attribute values as it
    is, which a browser reads as text but a scanner of the page cannot tell
    from a tag.
    """
    out: list[str] = []
    _write(element, out)
    return "".join(out)


_VOID = frozenset({"br", "img", "hr", "wbr"})
"""HTML elements without content or end tag."""


def _write(element: etree.Element, out: list[str]) -> None:
    # Tags and attribute names are the plugin's; values and texts are escaped.
    attributes = "".join(
        f' {name}="{html_attribute(value)}"' for name, value in element.attrib.items()
    )
    out.append(f"<{element.tag}{attributes}>")
    if element.tag in _VOID:
        # No end tag: a browser reads `</br>` as a second line break.
        if element.tail:
            out.append(html_text(element.tail))
        return
    if element.text:
        out.append(html_text(element.text))
    for child in element:
        _write(child, out)
    out.append(f"</{element.tag}>")
    if element.tail:
        out.append(html_text(element.tail))


def element(
    parent: etree.Element | None, tag: str, text: str | None = None, **attributes: str | int | float
) -> etree.Element:
    """A new element (under `parent`, if any) with plain `text` and `attributes`.

    `class_` for `class`; underscores for dashes (`aria_label`, `text_anchor`).
    """
    attrib = {k.rstrip("_").replace("_", "-"): value_text(v) for k, v in attributes.items()}
    element = (
        etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    )
    if text is not None:
        element.text = plain(text)
    return element


def plain(text: str) -> str:
    """Text on one line, as the browser shows it; without control characters, which an
    SVG or HTML text cannot show (a NUL would be U+FFFD), and lone surrogates."""
    return "".join(c for c in " ".join(text.split()) if unicodedata.category(c) not in ("Cc", "Cs"))


def value_text(value: str | int | float) -> str:
    """An attribute value: a float with one decimal at most, anything else as plain text."""
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return plain(str(value))


def text_width(text: str, size: float) -> float:
    """A generous width in pixels of `text` at font `size`, so that a label is never cut."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return (len(text) - wide) * 0.62 * size + wide * 1.1 * size
