"""The top of a persona's page as a card (`.cjm-persona`): the picture, or an initial made
from the persona's name without one; the quote set large; who the persona is; goals,
needs, motivations and frustrations side by side (one column on a phone, `cjm.css`).

Plugin-made HTML, built as elements and written by `to_html`, which escapes every text
and attribute value: a persona's words are always text.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from ..i18n import Translator
from ..model import Persona
from ..safety.escape import url_path
from ..urls import page_url
from .charts.elements import element, to_html


def short_name(persona: Persona) -> str:
    """What a persona is called in a sentence: its title up to the first comma
    ("Nina" of "Nina, the busy urban parent")."""
    return persona.title.split(",")[0].strip() or persona.title


def initial(persona: Persona) -> str:
    """The first letter of the persona's name, for the card of a persona without a picture."""
    name = short_name(persona)
    return next((c for c in name if c.isalnum()), "?").upper()


def image_url(image: str, here: str, directory_urls: bool, base_path: str = "") -> str:
    """A file given relative to docs_dir (`image:`) as a URL relative to the page `here`,
    a page of the handbook, which sits in the site's `base_path` folder."""
    base = page_url(here, directory_urls)
    folder = base.rsplit("/", 1)[0] if "/" in base else ""
    relative = posixpath.relpath(
        "/" + image.strip().lstrip("/"), "/" + posixpath.join(base_path, folder)
    )
    return url_path(relative)


def persona_card(
    persona: Persona,
    sections: Sequence[tuple[str, Sequence[str]]],
    here: str,
    directory_urls: bool,
    t: Translator,
    base_path: str = "",
) -> str:
    """The persona's card: picture or initial, the quote, the facts, the lists side by side."""
    card = element(None, "div", class_="cjm-persona")
    head = element(card, "div", class_="cjm-persona__head")
    if persona.image:
        element(
            head,
            "img",
            class_="cjm-persona__picture",
            src=image_url(persona.image, here, directory_urls, base_path),
            alt=persona.title,
        )
    else:
        element(head, "span", initial(persona), class_="cjm-persona__initial", aria_hidden="true")
    who = element(head, "div", class_="cjm-persona__who")
    facts = [
        (t("Segment"), persona.segment),
        (t("Role"), persona.role),
        (t("Age"), None if persona.age is None else str(persona.age)),
    ]
    shown = [(label, value) for label, value in facts if value]
    if shown:
        lines = element(who, "dl", class_="cjm-persona__facts")
        for label, value in shown:
            element(lines, "dt", label)
            element(lines, "dd", value)
    if persona.quote:
        element(element(who, "blockquote", class_="cjm-persona__quote"), "p", f"“{persona.quote}”")
    if sections:
        lists = element(card, "div", class_="cjm-persona__lists")
        for label, items in sections:
            box = element(lists, "section", class_="cjm-persona__list")
            element(box, "h2", t(label), class_="cjm-persona__label")
            entries = element(box, "ul")
            for item in items:
                element(entries, "li", item)
    return to_html(card)
