"""The broken-map corpus: every rule of SPEC §2.5, checked end to end.

Each directory of `tests/corpus/` is overlaid onto a copy of the minimal
handbook; `mkdocs-cjm check` (run in this process through click's CliRunner;
tests/unit/cli/test_cli.py runs the real console script) must then print exactly the
expected `PATH:LINE: severity: message — hint` lines (and nothing else), in all
three output formats, and never a traceback.
"""

# ruff: noqa: E501  (the table holds exact output lines; wrapping them would hide them)

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import CORPUS, FRESH_DAY, MINIMAL, MINIMAL_MAPS, mkdocs_build, run_cjm, write_project

CASES: dict[str, list[str]] = {
    # References between files (SPEC §2.5: unknown ids)
    "unknown-persona": [
        "maps/journeys/trip.md:3: error: unknown persona 'nian' — did you mean 'nina'? [unknown-persona]"
    ],
    "unknown-touchpoint-in-step": [
        "maps/journeys/trip.md:11: error: unknown touchpoint 'webshp' — did you mean 'webshop'? [unknown-touchpoint]"
    ],
    "unknown-touchpoint-in-channels": [
        "maps/personas/ole.md:5: error: unknown touchpoint 'telephone' — known touchpoints: instagram, store, webshop [unknown-touchpoint]"
    ],
    "unknown-stage": [
        "maps/journeys/trip.md:8: error: unknown stage 'awarenes' — did you mean 'awareness'? [unknown-stage]"
    ],
    "stage-not-in-custom-vocabulary": [
        "maps/journeys/trip.md:10: error: unknown stage 'awareness' — known stages: discovery [unknown-stage]",
        "maps/journeys/trip.md:27: error: unknown stage 'purchase' — known stages: discovery [unknown-stage]",
        "maps/journeys/visit.md:11: error: unknown stage 'consideration' — known stages: discovery [unknown-stage]",
    ],
    "unknown-compares": [
        "maps/journeys/trip.md:6: error: unknown journey 'vist' — did you mean 'visit'? [unknown-journey]"
    ],
    "unknown-part-of": [
        "maps/journeys/trip.md:6: error: unknown journey 'vist' — did you mean 'visit'? [unknown-journey]"
    ],
    "part-of-itself": [
        "maps/journeys/trip.md:6: error: a journey cannot be part of itself — name the id of the larger journey this one is a part of, or remove `part_of` [part-of-itself]"
    ],
    "part-of-cycle": [
        "maps/journeys/trip.md:6: error: 'part_of' goes round in a circle: trip → visit → trip — a sub-journey names its parent, and the top journey has no `part_of`: remove `part_of` from the journey that is the whole [part-of-cycle]"
    ],
    "compares-itself": [
        "maps/journeys/trip.md:6: error: a journey cannot be compared with itself — name the id of the other journey (e.g. its current state) [compares-itself]"
    ],
    # Ids: file names; `index` names generated pages (SPEC §2.5)
    "reserved-id-persona": [
        "maps/personas/index.md:1: error: id 'index' is reserved for a generated page: personas/index.md is the list of personas — rename the file; its name is the id that URLs and references use [reserved-id]"
    ],
    "reserved-id-stage": [
        "maps/journeys/trip.md:27: error: unknown stage 'index' — known stages: awareness, consideration [unknown-stage]",
        "maps/stages/index.md:1: error: id 'index' is reserved for a generated page: stages/index.md is the list of stages, journeys/<journey>/index.md each journey's overview — rename the file; its name is the id that URLs and references use [reserved-id]",
    ],
    "duplicate-id": [
        "maps/journeys/b/errand.md:1: error: duplicate id 'errand': maps/journeys/a/errand.md has the same file name — ids are file names and must be unique within journeys/; rename one of them [duplicate-id]"
    ],
    "bad-id-space": [
        "maps/journeys/Trip Plan.md:1: error: invalid id 'Trip Plan': a file name may use only lowercase a-z, 0-9 and '-' — rename it to 'trip-plan.md' [invalid-id]"
    ],
    "bad-id-umlaut": [
        "maps/journeys/über.md:1: error: invalid id 'über': a file name may use only lowercase a-z, 0-9 and '-' — rename it to 'uber.md' [invalid-id]"
    ],
    # æ has no accent to drop: it is spelt out, not lost.
    "bad-id-ae": [
        "maps/journeys/æblekage.md:1: error: invalid id 'æblekage': a file name may use only lowercase a-z, 0-9 and '-' — rename it to 'aeblekage.md' [invalid-id]"
    ],
    # Required fields
    "missing-title": [
        "maps/journeys/trip.md:1: error: missing required field 'title' — add `title: ...` [missing-field]"
    ],
    "missing-owner": [
        "maps/journeys/trip.md:1: error: missing required field 'owner' — add `owner: ...` [missing-field]"
    ],
    "missing-personas": [
        "maps/journeys/trip.md:1: error: missing required field 'personas' — add `personas: ...` [missing-field]"
    ],
    "missing-emotion": [
        "maps/journeys/trip.md:10: error: missing required field 'emotion' — add `emotion: ...` [missing-field]"
    ],
    "missing-step-title": [
        "maps/journeys/trip.md:10: error: missing required field 'title' — add `title: ...` [missing-field]"
    ],
    "missing-touchpoint-title": [
        "maps/touchpoints/store.md:1: error: missing required field 'title' — add `title: ...` [missing-field]"
    ],
    "stage-missing-order": [
        "maps/stages/awareness.md:1: error: missing required field 'order' — add `order: ...` [missing-field]"
    ],
    "empty-title": ["maps/journeys/trip.md:2: error: 'title' is empty — fill it in [empty-value]"],
    # Wrong types
    "personas-as-string": [
        "maps/journeys/trip.md:3: error: 'personas' is 'nina', but must be a list — write it as a list: [nina] [wrong-type]"
    ],
    "emotion-as-string": [
        "maps/journeys/trip.md:12: error: 'emotion' is '4', but must be a whole number — write the number without quotes [wrong-type]"
    ],
    "title-as-number": [
        "maps/journeys/trip.md:2: error: 'title' is 42, but must be text — put it in quotes to make it text [wrong-type]"
    ],
    "stages-as-mapping": [
        "maps/journeys/trip.md:7: error: 'stages' is a mapping, but must be a list [wrong-type]"
    ],
    "emotion-yes": [
        "maps/journeys/trip.md:12: error: 'emotion' is true, but must be a whole number — YAML reads yes and no as true and false; write a whole number from 1 to 5 (1 is very negative, 3 neutral, 5 very positive) [wrong-type]"
    ],
    "emotion-with-decimal-point": [
        "maps/journeys/trip.md:12: error: 'emotion' is 3.0, but must be a whole number — write 3, without the decimal point [wrong-type]"
    ],
    "impact-as-word": [
        "maps/journeys/trip.md:19: error: 'impact' is 'high', but must be a whole number — write a whole number from 1 to 5 (5 is the biggest improvement) [wrong-type]"
    ],
    "drop-off-percent": [
        "maps/journeys/trip.md:23: error: 'drop_off' is '41%', but must be a number — write 41% as 0.41 [wrong-type]"
    ],
    "drop-off-quoted": [
        "maps/journeys/trip.md:23: error: 'drop_off' is '0.41', but must be a number — write the number without quotes [wrong-type]"
    ],
    "review-every-with-unit": [
        "maps/journeys/trip.md:7: error: 'review_every' is '90 days', but must be a whole number — write only the number of days: `review_every: 90` [wrong-type]"
    ],
    "touchpoints-list-in-list": [
        "maps/journeys/trip.md:11: error: an item of 'touchpoints' is a list, but must be text — write the list in one pair of brackets: `touchpoints: [instagram]` [wrong-type]"
    ],
    "metrics-as-list": [
        "maps/journeys/trip.md:22: error: 'metrics' is a list, but must be a mapping of `name: value` lines — a mapping has no [ ] or '- ': write `metrics: {drop_off: 0.41}` [wrong-type]"
    ],
    # Valid, but the step would silently drop out of the funnel; `conversion_rate` is a metric of its own.
    "metric-misspelt": [
        "maps/journeys/trip.md:23: warning: metric 'drop-off' is not the recognised 'drop_off', so the handbook keeps it apart from the funnel, percentages and checks of 'drop_off' — did you mean 'drop_off'? [misspelt-metric]",
        "maps/journeys/trip.md:28: warning: metric 'Drop_off' is not the recognised 'drop_off', so the handbook keeps it apart from the funnel, percentages and checks of 'drop_off' — did you mean 'drop_off'? [misspelt-metric]",
        "maps/journeys/trip.md:33: warning: metric 'dropoff' is not the recognised 'drop_off', so the handbook keeps it apart from the funnel, percentages and checks of 'drop_off' — did you mean 'drop_off'? [misspelt-metric]",
    ],
    # Out of range
    "emotion-zero": [
        "maps/journeys/trip.md:12: error: 'emotion' is 0, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive [out-of-range]"
    ],
    "emotion-six": [
        "maps/journeys/trip.md:12: error: 'emotion' is 6, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive [out-of-range]"
    ],
    "severity-out-of-range": [
        "maps/journeys/trip.md:16: error: 'severity' is 7, but must be a whole number from 1 to 5 — 5 hurts most [out-of-range]"
    ],
    "impact-out-of-range": [
        "maps/journeys/trip.md:19: error: 'impact' is 0, but must be a whole number from 1 to 5 — 5 is the biggest improvement [out-of-range]"
    ],
    "effort-out-of-range": [
        "maps/journeys/trip.md:20: error: 'effort' is 9, but must be a whole number from 1 to 5 — 5 is the most work [out-of-range]"
    ],
    "drop-off-above-one": [
        "maps/journeys/trip.md:23: error: 'drop_off' is 62, but must be a fraction from 0 to 1 — write 62% as 0.62 [out-of-range]"
    ],
    "review-every-zero": [
        "maps/journeys/trip.md:7: error: 'review_every' is 0, but must be a whole number of days, 1 or more — write the days between reviews, like `review_every: 90`, or remove the line to use the site's `review_every` [out-of-range]"
    ],
    "empty-steps": [
        "maps/journeys/trip.md:9: error: 'steps' is empty, but needs at least one item [empty-value]"
    ],
    # Outside an enumeration
    "bad-kind": [
        "maps/journeys/trip.md:6: error: 'kind' is 'future', but must be one of: current-state, future-state, day-in-the-life, service-blueprint — did you mean 'future-state'? [not-allowed]"
    ],
    "bad-status": [
        "maps/journeys/trip.md:5: error: 'status' is 'publised', but must be one of: draft, published, retired — did you mean 'published'? [not-allowed]"
    ],
    "bad-mode": [
        "maps/touchpoints/store.md:4: error: 'mode' is 'in-person', but must be one of: online, offline [not-allowed]"
    ],
    "bad-opportunity-status": [
        "maps/journeys/trip.md:21: error: 'status' is 'in progress', but must be one of: idea, planned, in-progress, done — did you mean 'in-progress'? [not-allowed]"
    ],
    # Shared opportunities (SPEC §2.8): refs, their files, the same idea typed twice
    "unknown-opportunity-ref": [
        "maps/journeys/trip.md:18: error: unknown opportunity 'deep-link-ad' — did you mean 'deep-link-ads'? [unknown-opportunity]"
    ],
    "ref-without-opportunities": [
        "maps/journeys/trip.md:18: error: unknown opportunity 'deep-link-ads' — write it in maps/opportunities/deep-link-ads.md (`mkdocs-cjm new opportunity deep-link-ads`) [unknown-opportunity]"
    ],
    "ref-with-fields": [
        "maps/journeys/trip.md:19: error: 'status' beside 'ref': a shared opportunity is written once, in maps/opportunities/deep-link-ads.md — set 'status' in maps/opportunities/deep-link-ads.md, or write this opportunity inline with `text:` instead of `ref:` [unknown-field]",
        "maps/journeys/trip.md:20: error: invalid opportunity id 'Deep Link' in 'ref': an id is the file name in maps/opportunities/, lowercase a-z, 0-9 and '-' — write `ref: deep-link` [unknown-opportunity]",
    ],
    "same-opportunity-twice": [
        "maps/journeys/trip.md:28: warning: opportunity 'deep-link  ads to the PRODUCT' is written out here and at maps/journeys/trip.md:18 — share it: write it once in maps/opportunities/deep-link-ads-to-the.md (`mkdocs-cjm new opportunity deep-link-ads-to-the`) and put `- ref: deep-link-ads-to-the` in both steps' opportunities [same-opportunity]"
    ],
    "opportunity-without-title": [
        "maps/opportunities/faster-delivery.md:1: error: missing required field 'title' — add `title: ...` [missing-field]",
        "maps/opportunities/faster-delivery.md:2: error: 'impact' is 6, but must be a whole number from 1 to 5 — 5 is the biggest improvement [out-of-range]",
        "maps/opportunities/faster-delivery.md:3: error: 'status' is 'someday', but must be one of: idea, planned, in-progress, done [not-allowed]",
    ],
    # Unknown fields, with a did-you-mean hint
    "unknown-field-journey": [
        "maps/journeys/trip.md:6: error: unknown field 'scenaro' — did you mean 'scenario'? [unknown-field]"
    ],
    "unknown-field-step": [
        "maps/journeys/trip.md:10: error: missing required field 'emotion' — add `emotion: ...` [missing-field]",
        "maps/journeys/trip.md:12: error: unknown field 'emtion' — did you mean 'emotion'? [unknown-field]",
    ],
    "unknown-field-touchpoint-singular": [
        "maps/journeys/trip.md:11: error: unknown field 'touchpoint' — did you mean 'touchpoints'? [unknown-field]"
    ],
    "unknown-field-pain-point": [
        "maps/journeys/trip.md:16: error: unknown field 'severty' — did you mean 'severity'? [unknown-field]"
    ],
    "unknown-field-persona": [
        "maps/personas/ole.md:3: error: unknown field 'chanels' — did you mean 'channels'? [unknown-field]"
    ],
    # Dates
    "date-does-not-exist": [
        "maps/journeys/trip.md:6: error: 'reviewed' is '2026-02-30', which is not a valid date — write an ISO date that exists, like 2026-09-14 [invalid-date]"
    ],
    "date-not-iso": [
        "maps/journeys/trip.md:6: error: 'reviewed' is '14.09.2026', which is not a valid date — write an ISO date that exists, like 2026-09-14 [invalid-date]"
    ],
    "date-with-time": [
        "maps/journeys/trip.md:6: error: 'reviewed' has a time of day, but must be a date — write only YYYY-MM-DD [invalid-date]"
    ],
    # Structure of a journey
    "stage-used-twice": [
        "maps/journeys/trip.md:17: error: stage 'awareness' is used twice in this journey (first at line 8) — put all its steps under the first one [stage-twice]"
    ],
    # Front matter and YAML
    "missing-front-matter": [
        "maps/journeys/trip.md:1: error: missing front matter — the file must start with a line of `---`, then YAML, then `---` [front-matter-missing]"
    ],
    "front-matter-not-closed": [
        "maps/journeys/trip.md:1: error: front matter is not closed — end it with a line of `---` [front-matter-unclosed]"
    ],
    "front-matter-not-a-mapping": [
        "maps/journeys/trip.md:2: error: front matter must be a mapping of `field: value` lines [front-matter-not-mapping]"
    ],
    "yaml-syntax-error": [
        "maps/journeys/trip.md:2: error: invalid YAML: mapping values are not allowed in this context — check the indentation, and quote text that contains ': ' or starts with a special character [invalid-yaml]"
    ],
    "tab-indentation": [
        "maps/journeys/trip.md:9: error: invalid YAML: found a tab character that violates indentation — check the indentation, and quote text that contains ': ' or starts with a special character [invalid-yaml]"
    ],
    # Valid YAML, but almost surely a slip: warnings, so `--strict` fails.
    "hash-in-unquoted-title": [
        "maps/journeys/trip.md:29: warning: 'title' is 'Reads review': YAML reads ' #1 on Trustpilot' as a comment — put the text in quotes: \"Reads review #1 on Trustpilot\" [comment-in-text]",
        "maps/personas/ole.md:5: warning: an item of 'goals' is 'Follows': YAML reads ' #hygge on Instagram' as a comment — put the text in quotes: \"Follows #hygge on Instagram\" [comment-in-text]",
    ],
    "second-front-matter": [
        "maps/journeys/trip.md:36: warning: a second front matter block (lines 36 to 39) is part of the body; its fields are not read — move its fields into the front matter at the top, and remove the block [second-front-matter]",
    ],
    "listed-twice": [
        "maps/journeys/trip.md:6: warning: persona 'nina' is listed twice in 'personas' (first at line 4) — remove the second one [listed-twice]",
        "maps/personas/ole.md:4: warning: touchpoint 'store' is listed twice in 'channels' — remove the second one [listed-twice]",
    ],
    "pasted-step": [
        "maps/journeys/trip.md:32: warning: step 'Orders in the webshop' is the same as the step at line 29 — it was pasted twice: remove one, or change what this step says [pasted-step]",
    ],
    "compares-cycle": [
        "maps/journeys/trip.md:5: warning: 'compares' goes round in a circle: trip → visit → trip — a comparison has a direction: a future state names the current state it changes, not the other way round; remove `compares` from one of them [compares-cycle]",
    ],
    # A no-break space pasted as indentation: YAML stops a line later, or reads a key ' segment'.
    "nbsp-indentation": [
        "maps/journeys/trip.md:10: error: line 10 is indented with U+00A0 (no-break space), which YAML does not read as a space — indent with ordinary spaces; the character is invisible in most editors and comes with text pasted from a web page or a document [invisible-indentation]",
        "maps/personas/ole.md:3: error: line 3 is indented with U+00A0 (no-break space), which YAML does not read as a space — indent with ordinary spaces; the character is invisible in most editors and comes with text pasted from a web page or a document [invisible-indentation]",
    ],
    "duplicate-yaml-key": [
        "maps/journeys/trip.md:6: error: duplicate key 'owner' (first at line 4) — YAML would keep only the last one; merge them [duplicate-key]"
    ],
    "unsupported-yaml-tag": [
        "maps/journeys/trip.md:2: error: unsupported YAML tag '!!python/object/apply:os.system' — only plain text, numbers, dates, lists and mappings are allowed [unsupported-yaml]"
    ],
    "custom-yaml-tag": [
        "maps/journeys/trip.md:4: error: unsupported YAML tag '!ENV' — only plain text, numbers, dates, lists and mappings are allowed [unsupported-yaml]"
    ],
    "yaml-set-tag": [
        "maps/journeys/trip.md:3: error: unsupported YAML tag '!!set' — only plain text, numbers, dates, lists and mappings are allowed [unsupported-yaml]"
    ],
    "null-key": [
        "maps/touchpoints/store.md:5: error: a key is empty ('~' means nothing in YAML) — write the field's name before the ':', like `owner: E-commerce` [empty-key]"
    ],
    # A bare `=` is text (PyYAML would tag it `!!value`); only the list is wrong here.
    "equals-sign-owner": [
        "maps/touchpoints/store.md:6: error: 'kpis' is '=', but must be a list — write it as a list: [=] [wrong-type]"
    ],
    "recursive-alias": [
        "maps/journeys/trip.md:3: error: front matter is nested too deeply — a map needs only a few levels; check for an alias (*name) inside its own anchor [too-large]"
    ],
    # "Billion laughs": nine aliases of nine aliases ... of nine values.
    "alias-bomb": [
        "maps/journeys/trip.md:14: error: front matter is too large (more than 200,000 values) — an alias (*name) repeats all of its anchor, so aliases of aliases multiply: write the values out, or split the map into several journeys [too-large]"
    ],
    # Bytes of the file (stored raw; see tests/corpus/.gitattributes)
    "not-utf8": [
        "maps/journeys/trip.md:4: error: file is not UTF-8 (byte 0xe6) — save it as UTF-8 [not-utf8]"
    ],
    # A BOM and CRLF are read as if they were not there: the lines are an editor's.
    "byte-order-mark": [
        "maps/journeys/trip.md:1: error: missing required field 'title' — add `title: ...` [missing-field]",
        "maps/journeys/trip.md:2: error: unknown field 'titel' — did you mean 'title'? [unknown-field]",
    ],
    "crlf-line-endings": [
        "maps/journeys/trip.md:5: error: 'status' is 'publised', but must be one of: draft, published, retired — did you mean 'published'? [not-allowed]",
        "maps/journeys/trip.md:12: error: 'emotion' is 6, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive [out-of-range]",
    ],
    "control-character": [
        "maps/journeys/trip.md:8: error: file contains the control character U+001B at line 8, column 24 — remove it; it is invisible in most editors [control-character]"
    ],
    # The same characters written as YAML escapes in double quotes.
    "yaml-escape-control-character": [
        "maps/journeys/trip.md:5: error: text holds the control character U+0001, written as a YAML escape — remove the escape (\\x01); a map's text has no use for it [control-character]"
    ],
    # Text that reads otherwise on the page than in the file, or looks like other text.
    "bidi-override-in-title": [
        "maps/journeys/trip.md:2: error: file contains the invisible character U+202E (right-to-left override) at line 2, column 22 — remove it; it reorders the text after it, so the page would not show what was written [invisible-character]"
    ],
    "zero-width-space-in-title": [
        "maps/journeys/trip.md:29: error: file contains the invisible character U+200B (zero width space) at line 29, column 29 — remove it; it makes text that looks the same differ (a title, a name, an id) [invisible-character]"
    ],
    # YAML counts U+2028 and U+2029 as line breaks, editors do not.
    "line-separator-in-quoted-value": [
        "maps/journeys/trip.md:15: error: 'emotion' is 9, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive [out-of-range]"
    ],
    "empty-file": [
        "maps/journeys/trip.md:1: error: file is empty — start with front matter; `mkdocs-cjm new journey trip` writes a template [empty-file]"
    ],
    # Step ids and dated evidence (SPEC §2.4)
    "step-id-invalid": [
        "maps/journeys/trip.md:30: error: invalid step id 'Orders Webshop': an id may use only lowercase a-z, 0-9 and '-' — write `id: orders-webshop` [invalid-step-id]",
    ],
    "step-id-duplicate": [
        "maps/journeys/trip.md:31: error: duplicate step id 'order' (first at line 14) — step ids must be unique within a journey; rename one of them [duplicate-step-id]",
    ],
    "step-id-like-position-anchor": [
        "maps/journeys/trip.md:30: error: step id 'step-1' looks like the anchor of a step without an id — steps without an id are linked as step-1, step-2, ...; name the step by what happens, e.g. `id: orders-in-webshop` [invalid-step-id]",
    ],
    "step-id-plugin-element": [
        "maps/journeys/trip.md:30: error: step id 'cjm-canvas-caption' is the id of an element of the handbook's pages — a step id is its anchor on the page; name the step by what happens, e.g. `id: orders-in-webshop` [invalid-step-id]",
    ],
    "evidence-missing-date": [
        "maps/journeys/trip.md:34: error: missing required field 'date' of an item of 'evidence' — add `date: YYYY-MM-DD`, the day it was gathered; evidence without a date is written as plain text [missing-field]",
    ],
    # Data files, maps/data/*.csv (SPEC §2.6): every bad row at its line
    "data-unknown-journey-and-step": [
        "maps/data/funnel.csv:3: error: unknown journey 'trips' — did you mean 'trip'? [unknown-journey]",
        "maps/data/funnel.csv:4: error: unknown step 'order' in journey 'trip' — did you mean 'orders'? [unknown-step]",
        "maps/data/funnel.csv:5: error: unknown journey 'Trip' — did you mean 'trip'? [unknown-journey]",
        "maps/data/funnel.csv:6: error: unknown step 'orders' in journey 'visit' — no step of 'visit' has an id yet; add `id:` to the step [unknown-step]",
    ],
    "data-step-without-id": [
        "maps/data/survey.csv:2: error: unknown step 'orders-in-the-webshop' in journey 'trip' — the step 'Orders in the webshop' (maps/journeys/trip.md:29) has no id; give it `id: orders-in-the-webshop` [unknown-step]",
    ],
    "data-bad-number": [
        "maps/data/survey.csv:2: error: 'value' is '4,1', which is not a number — write a decimal point, not a comma: 4.1 [bad-number]",
        "maps/data/survey.csv:3: error: 'value' is 'four', which is not a number — write a number with a decimal point and no unit, like 0.62 or 412 [bad-number]",
        "maps/data/survey.csv:4: error: 'value' is empty — write the figure, or remove the row [bad-number]",
        "maps/data/survey.csv:5: error: 'value' is '12%', which is not a number — write 12% as 0.12 [bad-number]",
        "maps/data/survey.csv:6: error: 'n' is '-3', but must be a whole number, 1 or more — n is how many people or sessions the figure counts; leave it empty if unknown [bad-number]",
    ],
    "data-bad-period": [
        "maps/data/funnel.csv:2: error: 'period' is '2026/Q3', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30) [bad-period]",
        "maps/data/funnel.csv:3: error: 'period' is 'Q3 2026', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30) [bad-period]",
        "maps/data/funnel.csv:4: error: 'period' is '2026-13', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30) [bad-period]",
        "maps/data/funnel.csv:5: error: 'period' is '2026-02-30', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30) [bad-period]",
        "maps/data/funnel.csv:6: error: 'period' is '2026-Q5', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30) [bad-period]",
    ],
    "data-fraction-out-of-range": [
        "maps/data/funnel.csv:2: error: 'drop_off' is 62, but must be a fraction from 0 to 1 — write 62% as 0.62 [out-of-range]",
        "maps/data/funnel.csv:3: error: 'conversion' is -0.1, but must be a fraction from 0 to 1 [out-of-range]",
    ],
    "data-duplicate-figure": [
        "maps/data/a-funnel.csv:3: error: duplicate figure: 'drop_off' of step 'orders' in 'trip' for 2026-Q3 (first at line 2) — keep one row per journey, step, metric and period [duplicate-figure]",
        "maps/data/b-export.csv:2: error: duplicate figure: 'drop_off' of step 'orders' in 'trip' for 2026-Q3 (first at maps/data/a-funnel.csv:2) — keep one row per journey, step, metric and period [duplicate-figure]",
        "maps/data/b-export.csv:4: error: duplicate figure: 'nps' of the whole journey in 'trip' for 2026-Q3 (first at line 3) — keep one row per journey, step, metric and period [duplicate-figure]",
    ],
    "data-missing-column": [
        "maps/data/funnel.csv:1: error: missing columns 'metric', 'period' — the header row must name journey,step,metric,period,value (and optionally source,n) [data-header]",
        "maps/data/funnel.csv:1: error: unknown column 'metrc' — did you mean 'metric'? [data-header]",
    ],
    "data-semicolons": [
        "maps/data/funnel.csv:1: error: the header has one column; the file separates its columns with ';' — export the file with commas between columns (CSV, comma-delimited) [data-header]",
    ],
    "data-tabs": [
        "maps/data/funnel.csv:1: error: the header has one column; the file separates its columns with tabs — export the file with commas between columns (CSV, comma-delimited) [data-header]",
    ],
    # 1,234 is 1234 in English and 1.234 in Danish or German: the writer is asked.
    "data-thousands-comma": [
        "maps/data/funnel.csv:2: error: 'value' is '1,234', which is not a number — if the comma separates thousands, write 1234; if it is a decimal comma, write 1.234 [bad-number]",
        "maps/data/funnel.csv:3: error: 'value' is '1,234,567', which is not a number — write it without thousands separators: 1234567 [bad-number]",
    ],
    # Once per file and metric, at its first row; `conversions` is a metric of its own.
    "data-metric-misspelt": [
        "maps/data/funnel.csv:2: warning: metric 'Drop-Off' is not the recognised 'drop_off', so the handbook keeps it apart from the funnel, percentages and checks of 'drop_off' — did you mean 'drop_off'? [misspelt-metric]",
    ],
    "data-bom-and-crlf": [
        "maps/data/funnel.csv:3: error: 'drop_off' is 2, but must be a fraction from 0 to 1 — write 2% as 0.02 [out-of-range]",
    ],
    "data-not-utf8": [
        "maps/data/survey.csv:2: error: file is not UTF-8 (byte 0xf8) — save it as UTF-8 [not-utf8]",
    ],
    # A body that makes readers' browsers call another host (external_media: warn)
    "body-image-from-web": [
        "maps/journeys/visit.md:20: warning: an image from another host (https://cdn.example.com/hygge-sofa.jpg) would make every reader's browser call that host; the page leaves it out — put the file in docs/ and use its path, or set `external_media: allow` in the cjm options of mkdocs.yml [external-media]",
        "maps/journeys/visit.md:24: warning: an address in a Mermaid diagram (https://cdn.example.com/store.png) would make every reader's browser call that host; the page leaves it out — put the file in docs/ and use its path, or set `external_media: allow` in the cjm options of mkdocs.yml [external-media]",
    ],
    # Path files (SPEC §2.7): checked like data files, against the journeys and touchpoints
    "paths-bad-rows": [
        "maps/paths/ga4.csv:2: error: unknown path element 'Paid Socal' in journey 'trip' — did you mean 'Paid Social'? [unknown-path-element]",
        "maps/paths/ga4.csv:3: error: unknown path element 'instagram-vidoe' in journey 'trip' — did you mean 'instagram-video'? [unknown-path-element]",
        "maps/paths/ga4.csv:4: error: unknown journey 'trips' — did you mean 'trip'? [unknown-journey]",
        "maps/paths/ga4.csv:5: error: the path has 0 conversions and 0 nulls — a row counts customers who walked the path; remove the row [empty-path]",
        "maps/paths/ga4.csv:6: error: 'conversions' is '2.5', but must be a whole number, 0 or more — conversions counts customer paths; write a whole number like 0 or 120 [bad-number]",
        "maps/paths/ga4.csv:7: error: 'conversions' is '-3', but must be a whole number, 0 or more — conversions counts customer paths; write a whole number like 0 or 120 [bad-number]",
        "maps/paths/ga4.csv:8: error: 'conversions' is '1,234', but must be a whole number, 0 or more — if the comma separates thousands, write 1234; if it is a decimal comma, write 1.234 [bad-number]",
        "maps/paths/ga4.csv:9: error: an element of the path is empty — join touchpoint ids, aliases or step ids with '>', like: Paid Social > webshop [empty-path]",
        "maps/paths/ga4.csv:10: error: 'period' is 'Q3 2026', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30) [bad-period]",
        "maps/paths/ga4.csv:11: error: 'nulls' is empty — nulls counts customer paths; write a whole number like 0 or 120 [bad-number]",
        "maps/paths/ga4.csv:12: error: 'value' is '12%', which is not a number — write 12% as 0.12 [bad-number]",
        'maps/paths/ga4.csv:13: error: row has 8 cells, but the header has 7 columns — quote cells that hold a comma ("like, this"); leave optional cells empty but keep their commas [data-row]',
        "maps/paths/ga4.csv:14: error: 'conversions' is '1234567890123', more than 999,999,999,999 customer paths — is this the value column? A count has at most 12 digits [bad-number]",
        "maps/paths/ga4.csv:15: error: the path holds a control character — remove it: an export holds none (a tab or a line break pasted into the cell?) [empty-path]",
    ],
    "paths-duplicate-path": [
        "maps/paths/a-ga4.csv:4: error: duplicate path 'Paid Social > orders' in 'trip' for 2026-Q3 (first at line 2) — keep one row per journey, path and period: add their counts together [duplicate-path]",
        "maps/paths/b-export.csv:2: error: duplicate path 'Paid Social > webshop' in 'trip' for 2026-Q3 (first at maps/paths/a-ga4.csv:3) — keep one row per journey, path and period: add their counts together [duplicate-path]",
        "maps/paths/b-export.csv:3: error: duplicate path 'paid social>ORDERS' in 'trip' for 2026-Q3 (first at maps/paths/a-ga4.csv:2) — keep one row per journey, path and period: add their counts together [duplicate-path]",
    ],
    "paths-semicolons": [
        "maps/paths/ga4.csv:1: error: the header has one column; the file separates its columns with ';' — export the file with commas between columns (CSV, comma-delimited) [data-header]",
    ],
    "paths-tabs": [
        "maps/paths/ga4.csv:1: error: the header has one column; the file separates its columns with tabs — export the file with commas between columns (CSV, comma-delimited) [data-header]",
    ],
    "paths-duplicate-alias": [
        "maps/touchpoints/store.md:6: error: alias 'Webshop' also names the touchpoint 'webshop' — a name in a path file must mean one touchpoint: remove it from one [duplicate-alias]",
        "maps/touchpoints/store.md:6: error: alias 'paid social' also names the touchpoint 'instagram' — a name in a path file must mean one touchpoint: remove it from one [duplicate-alias]",
    ],
    "paths-missing-column": [
        "maps/paths/ga4.csv:1: error: missing columns 'conversions', 'period' — the header row must name journey,path,conversions,nulls,period (and optionally value,source) [data-header]",
        "maps/paths/ga4.csv:1: error: unknown column 'conversion' — did you mean 'conversions'? [data-header]",
    ],
    "data-row-width": [
        'maps/data/funnel.csv:2: error: row has 8 cells, but the header has 7 columns — quote cells that hold a comma ("like, this"); leave optional cells empty but keep their commas [data-row]',
        'maps/data/funnel.csv:4: error: row has 3 cells, but the header has 7 columns — quote cells that hold a comma ("like, this"); leave optional cells empty but keep their commas [data-row]',
    ],
}

LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|info): (?P<message>.+?)(?: — (?P<hint>.+))? \[(?P<code>[a-z0-9-]+)\]$"
)


def project_with(case: str | None, tmp_path: Path) -> Path:
    """A copy of the minimal project with a corpus case laid over its maps/."""
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    if case is not None:
        shutil.copytree(CORPUS / case, tmp_path / "maps", dirs_exist_ok=True)
    return tmp_path


def check(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs-cjm check` (in this process, as `run_cjm` runs it) as a writer or CI would."""
    result = run_cjm("check", "--today", str(FRESH_DAY), *options, cwd=project)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_minimal_fixture_passes(tmp_path: Path) -> None:
    result = check(project_with(None, tmp_path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Checked 7 files in maps: 0 errors, 0 warnings."


@pytest.mark.parametrize("encoding", ["crlf", "bom", "bom-and-crlf"])
def test_minimal_fixture_passes_with_windows_line_endings_and_bom(
    encoding: str, tmp_path: Path
) -> None:
    project = project_with(None, tmp_path)
    for file in (project / "maps").rglob("*.md"):
        data = file.read_bytes()
        if "crlf" in encoding:
            data = data.replace(b"\n", b"\r\n")
        if "bom" in encoding:
            data = b"\xef\xbb\xbf" + data
        file.write_bytes(data)
    result = check(project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Checked 7 files in maps: 0 errors, 0 warnings."


def test_what_is_not_read_is_named(tmp_path: Path) -> None:
    project = project_with(None, tmp_path)
    maps = project / "maps"
    (maps / "personas/nina.md").rename(maps / "nina.md")
    (maps / "personas/ole.md").unlink()
    (maps / "personas/ole.md").symlink_to("ole-the-retiree.md")
    (maps / "journeys/old").symlink_to("../journeys")
    result = check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "maps/journeys/old:1: warning: symbolic link to a folder is not followed — move or copy the folder into maps/; links to folders are not followed [folder-link]",
        "maps/journeys/trip.md:3: error: unknown persona 'nina' — no persona exists yet [unknown-persona]",
        "maps/journeys/visit.md:3: error: unknown persona 'nina' — no persona exists yet [unknown-persona]",
        "maps/journeys/visit.md:3: error: unknown persona 'ole' — no persona exists yet [unknown-persona]",
        "maps/nina.md:1: warning: a map directly in maps/ is ignored — move it into the folder of its kind: maps/journeys/, maps/opportunities/, maps/touchpoints/, maps/personas/, maps/stages/ [stray-file]",
        "maps/personas/ole.md:1: warning: broken symbolic link; it is ignored — it points to 'ole-the-retiree.md', which does not exist; fix or remove it [broken-link]",
        "Checked 5 files in maps: 3 errors, 3 warnings.",
    ]


def test_an_image_linked_out_of_docs_is_refused_by_check_and_build(
    tmp_path: Path,
) -> None:
    # A symbolic link has no place in the corpus (copied, it would be its target's bytes).
    project = project_with(None, tmp_path)
    (project / "docs" / "images").mkdir(parents=True)
    (project / "docs" / "images" / "nina.png").symlink_to("/etc/hostname")
    (project / "docs" / "index.md").write_text("# Handbook\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: t\nplugins: [cjm]\n", encoding="utf-8")
    nina = project / "maps" / "personas" / "nina.md"
    nina.write_text(
        nina.read_text(encoding="utf-8").replace("---\n", "---\nimage: images/nina.png\n", 1),
        encoding="utf-8",
    )
    finding = (
        "maps/personas/nina.md:2: error: 'image' is 'images/nina.png', a symbolic link to a "
        "file outside docs/ ('/etc/hostname') — copy the image into docs/; a build would "
        "publish the file the link points to [bad-image]"
    )
    result = check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == finding
    built = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert built.returncode == 1
    assert f"ERROR   -  {finding.replace(': error:', ':')}" in built.stderr.splitlines()
    assert not (tmp_path / "site" / "images" / "nina.png").exists()


def test_every_case_is_in_the_table_and_vice_versa() -> None:
    on_disk = {path.name for path in CORPUS.iterdir() if path.is_dir()}
    assert on_disk == set(CASES)
    assert len(CASES) >= 34


def test_raw_bytes_survive_checkout() -> None:
    # If git rewrote these files, their cases would test nothing.
    assert (CORPUS / ".gitattributes").read_text().splitlines()[-1] == "* -text"
    assert (CORPUS / "byte-order-mark/journeys/trip.md").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (CORPUS / "crlf-line-endings/journeys/trip.md").read_bytes()
    assert (CORPUS / "data-bom-and-crlf/data/funnel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (CORPUS / "data-bom-and-crlf/data/funnel.csv").read_bytes()
    latin1 = (CORPUS / "not-utf8/journeys/trip.md").read_bytes()
    assert latin1.split(b"\n")[3] == b"owner: M\xe6rsk"


def failing(case: str) -> tuple[str, ...]:
    """The options under which `check` fails on a case: warnings fail only `--strict`."""
    return () if any(": error: " in line for line in CASES[case]) else ("--strict",)


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_text(case: str, tmp_path: Path) -> None:
    result = check(project_with(case, tmp_path), *failing(case))
    assert result.returncode == 1
    *findings, summary = result.stdout.splitlines()
    assert findings == CASES[case]
    assert summary.startswith("Checked ")


WARNING_CASES = sorted(case for case in CASES if failing(case))


@pytest.mark.parametrize("case", WARNING_CASES)
def test_a_warning_case_fails_a_strict_build_with_the_same_lines(case: str, tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, "site_name: Corpus\nplugins:\n  - cjm\n")
    shutil.copytree(CORPUS / case, tmp_path / "maps", dirs_exist_ok=True)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in CASES[case]:
        assert line.replace(": warning: ", ": ", 1) in result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_github_and_json(case: str, tmp_path: Path) -> None:
    project = project_with(case, tmp_path)
    expected = [LINE.match(line) for line in CASES[case]]
    assert all(expected), "every table line must parse"

    github = check(project, "--format", "github", *failing(case))
    assert github.returncode == 1
    for match in expected:
        assert match is not None
        text = match["message"] + (f" — {match['hint']}" if match["hint"] else "")
        # Workflow commands reserve '%' (and CR/LF, which no message here holds).
        text = text.replace("%", "%25")
        line = (
            f"::{match['severity']} file={match['path']},line={match['line']},"
            f"title={match['code']}::{text}"
        )
        assert line in github.stdout.splitlines()

    as_json = check(project, "--format", "json", *failing(case))
    assert as_json.returncode == 1
    assert "Checked " in as_json.stderr  # the summary stays off stdout
    found = json.loads(as_json.stdout)
    assert found == [
        {
            "path": match["path"],
            "line": int(match["line"]),
            "severity": match["severity"],
            "message": match["message"],
            "hint": match["hint"] or "",
            "code": match["code"],
        }
        for match in expected
        if match is not None
    ]


def test_warnings_alone_fail_only_strict(tmp_path: Path) -> None:
    project = project_with("metric-misspelt", tmp_path)
    assert check(project).returncode == 0
    assert check(project, "--strict").returncode == 1
