"""The labels the plugin writes on generated pages, per theme language.

Labels are keyed by their English text, so templates read naturally
(`t("Pain points")`); a language without a translation falls back to English.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("en", "da", "sv", "nb", "de")

# English needs entries too: enumeration values and recognised metrics as words.
TRANSLATIONS: dict[str, dict[str, str]] = {
    "en": {
        "current-state": "Current state",
        "future-state": "Future state",
        "day-in-the-life": "Day in the life",
        "service-blueprint": "Service blueprint",
        "draft": "Draft",
        "published": "Published",
        "retired": "Retired",
        "idea": "Idea",
        "planned": "Planned",
        "in-progress": "In progress",
        "done": "Done",
        "online": "Online",
        "offline": "Offline",
        "drop_off": "Drop-off",
        "conversion": "Conversion",
    },
    "da": {},
    "sv": {},
    "nb": {},
    "de": {},
}


def translator(language: str | None) -> Callable[[str], str]:
    """A function that translates an English label into `language` (English if unknown)."""
    table = TRANSLATIONS.get((language or "en").split("-")[0].lower(), {})
    english = TRANSLATIONS["en"]

    def translate(label: str) -> str:
        return table.get(label) or english.get(label, label)

    return translate
