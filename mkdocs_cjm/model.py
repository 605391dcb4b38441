"""The typed model of a handbook: the front-matter schema, written once as types.

Validation, defaults, error locations and the JSON Schema (`check/editor_schema.py`) all come
from these classes. Models are strict (a number is not text, "4" is not a
number) and reject unknown fields, because a typo in a map must never pass
silently. Cross-file rules (unknown ids, a stage used twice) live in
`handbook/resolve.py`, which sees every file at once.
"""

from __future__ import annotations

import datetime
import functools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, PrivateAttr, Tag

from .domain import NEUTRAL, SCORE_MAX, SCORE_MIN
from .read.source import Source

Score = Annotated[int, Field(ge=SCORE_MIN, le=SCORE_MAX)]
Fraction = Annotated[float, Field(ge=0, le=1)]

# Characters that show nothing on their own: spaces and controls, NBSP and the other
# Unicode spaces, zero-width and bidi format characters, the byte order mark, variation
# selectors, combining marks, Hangul fillers and the blank Braille cell. Text made only
# of these gives empty headings and invisible links. Written as BMP `\uXXXX` ranges so
# the one pattern means the same in pydantic (Rust), Python `re` and editors (JavaScript).
INVISIBLE = (
    r"\u0000-\u0020\u007F-\u00A0\u00AD\u0300-\u036F\u061C\u115F\u1160\u1680"
    r"\u180B-\u180F\u1AB0-\u1AFF\u1DC0-\u1DFF\u2000-\u200F\u2028-\u202F"
    r"\u205F-\u206F\u20D0-\u20FF\u2800\u3000\u3164\uFE00-\uFE0F\uFE20-\uFE2F"
    r"\uFEFF\uFFA0"
)
VISIBLE_PATTERN = f"[^{INVISIBLE}]"
"""Matches text with at least one visible character (searched, not anchored)."""

Text = Annotated[str, Field(min_length=1, pattern=VISIBLE_PATTERN)]
"""Required writer text: not empty, and not blank (only spaces or invisible characters)."""

Tags = Annotated[
    list[Text], Field(description="labels Material's tags plugin lists this page under")
]
"""Tags of a journey, persona or touchpoint: each a non-blank text."""

JourneyKind = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
JourneyStatus = Literal["draft", "published", "retired"]
OpportunityStatus = Literal["idea", "planned", "in-progress", "done"]
Mode = Literal["online", "offline"]
EvidenceLevel = Literal["observed", "reported", "inferred", "assumed"]
"""How strong evidence is: seen in behaviour, said by customers, concluded, or supposed."""


class Strict(BaseModel):
    """Base of every front-matter model: strict types, no unknown fields."""

    # The last option is for the export (`publish/export.py`), which writes the models as they
    # are: every field is written, defaults filled in, so its schema requires them all.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, json_schema_serialization_defaults_required=True
    )


def _text_to_mapping(value: Any) -> Any:
    # Writers may give a pain point or opportunity as plain text; it means {text: ...}.
    return {"text": value} if isinstance(value, str) else value


class PainPoint(Strict):
    """Something that hurts the customer at a step."""

    text: Text
    severity: Score = NEUTRAL


class Opportunity(Strict):
    """An idea to improve a step, with what it would take."""

    text: Text
    impact: Score = NEUTRAL
    effort: Score = NEUTRAL
    owner: str | None = None
    status: OpportunityStatus = "idea"
    link: str | None = None

    @property
    def priority(self) -> float:
        """Impact per effort: how much better per unit of work (higher first)."""
        return self.impact / self.effort


PainPointEntry = Annotated[
    PainPoint, BeforeValidator(_text_to_mapping, json_schema_input_type=Text | PainPoint)
]
InlineOpportunity = Annotated[
    Opportunity, BeforeValidator(_text_to_mapping, json_schema_input_type=Text | Opportunity)
]

OPPORTUNITY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""The id of a shared opportunity: the name of its file in `maps/opportunities/`."""


class OpportunityRef(Strict):
    """A step's reference to a shared opportunity (`- ref: <id>`, SPEC §2.8).

    It reads as the opportunity it names (`text`, `impact`, ...): `handbook/resolve.py`
    binds it to the `SharedOpportunity` of the build, so the pages need not tell the
    two apart. Unbound (an unknown id, reported as an error), it reads as an idea.
    """

    ref: str = Field(
        pattern=OPPORTUNITY_ID_PATTERN,
        description="id of a shared opportunity, maps/opportunities/<id>.md",
    )
    _shared: SharedOpportunity | None = PrivateAttr(default=None)

    def bind(self, shared: SharedOpportunity | None) -> None:
        """Point at the shared opportunity of this build (done by `handbook/resolve.py`)."""
        self._shared = shared

    @property
    def shared(self) -> SharedOpportunity | None:
        """The shared opportunity referred to; None when the id is unknown."""
        return self._shared

    @property
    def text(self) -> str:
        """The shared opportunity's title."""
        return self._shared.title if self._shared is not None else self.ref

    @property
    def impact(self) -> int:
        """1..5, of the shared opportunity."""
        return self._shared.impact if self._shared is not None else 3

    @property
    def effort(self) -> int:
        """1..5, of the shared opportunity."""
        return self._shared.effort if self._shared is not None else 3

    @property
    def owner(self) -> str | None:
        """Who owns the shared opportunity."""
        return self._shared.owner if self._shared is not None else None

    @property
    def status(self) -> OpportunityStatus:
        """idea | planned | in-progress | done, of the shared opportunity."""
        return self._shared.status if self._shared is not None else "idea"

    @property
    def link(self) -> str | None:
        """The shared opportunity's link (a tracker issue)."""
        return self._shared.link if self._shared is not None else None

    @property
    def priority(self) -> float:
        """Impact per effort, as `Opportunity.priority`."""
        return self.impact / self.effort


def _opportunity_kind(value: Any) -> str:
    # A mapping with `ref` names a shared opportunity; anything else is written inline.
    return "shared" if isinstance(value, dict) and "ref" in value else "inline"


OpportunityEntry = Annotated[
    Annotated[InlineOpportunity, Tag("inline")] | Annotated[OpportunityRef, Tag("shared")],
    Discriminator(_opportunity_kind),
]
"""An opportunity of a step: written out (text or mapping), or `- ref: <id>`."""

OPPORTUNITY_TAGS = ("inline", "shared")
"""The parts pydantic adds to an error's location for the two forms of `OpportunityEntry`."""


class Metrics(Strict):
    """Numbers measured at a step; the recognised metrics (`domain.RECOGNISED_METRICS`) typed."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, int | float | str] = Field(init=False)

    drop_off: Fraction | None = None
    conversion: Fraction | None = None


class Evidence(Strict):
    """What a step's content rests on: a study, a report, a survey; dated so that it can age."""

    text: Text
    # Required in the mapping form, so a dated list cannot lose a date by accident;
    # evidence written as plain text has none (its age is unknown).
    date: datetime.date | None = Field(description="when it was gathered (ISO date)")
    n: int | None = Field(default=None, ge=1, description="how many people or sessions")
    link: str | None = None
    level: EvidenceLevel | None = Field(
        default=None,
        description="how strong: observed (behaviour), reported (said), inferred, assumed",
    )


def _text_to_evidence(value: Any) -> Any:
    return {"text": value, "date": None} if isinstance(value, str) else value


EvidenceEntry = Annotated[
    Evidence, BeforeValidator(_text_to_evidence, json_schema_input_type=Text | Evidence)
]

STEP_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""A step id: lowercase a-z, 0-9 and '-', as the ids of files (`load.ID_PATTERN`)."""


class Step(Strict):
    """One thing the customer does, with how it feels and what it tells us."""

    title: Text
    id: str | None = Field(
        default=None,
        pattern=STEP_ID_PATTERN,
        description="a-z0-9-, unique in the journey; data files and anchors refer to it",
    )
    emotion: Score = Field(
        description=f"{SCORE_MIN} very negative, {NEUTRAL} neutral, {SCORE_MAX} very positive"
    )
    touchpoints: list[str] = Field(default=[], description="touchpoint ids")
    doing: str | None = None
    thinking: str | None = None
    feeling: str | None = None
    pain_points: list[PainPointEntry] = []
    opportunities: list[OpportunityEntry] = []
    metrics: Metrics = Metrics()
    evidence: list[EvidenceEntry] = []
    frontstage: str | None = None
    backstage: str | None = None
    support: str | None = None


class JourneyStage(Strict):
    """A stage of the vocabulary as it happens in one journey."""

    stage: str = Field(description="stage id")
    goal: str | None = None
    steps: list[Step] = Field(min_length=1)


class Document(Strict):
    """A front-matter model bound to the file it came from (its id, path and body)."""

    _source: Source | None = PrivateAttr(default=None)

    def bind(self, source: Source) -> None:
        """Attach the source file after validation; done once by `handbook/resolve.py`."""
        self._source = source

    # Cached: pydantic reaches private attributes through a slow __getattr__,
    # and pages look these up hundreds of thousands of times in a large handbook.
    @functools.cached_property
    def source(self) -> Source:
        """The file this was read from."""
        assert self._source is not None, "bind() was not called"
        return self._source

    @functools.cached_property
    def id(self) -> str:
        """The id: the file name without `.md`."""
        return self.source.id

    @property
    def body(self) -> str:
        """The Markdown narrative below the front matter."""
        return self.source.body


class Stage(Document):
    """A stage of the vocabulary (awareness, consideration, ...) that journeys go through."""

    title: Text
    order: int
    summary: str | None = None


class Persona(Document):
    """Someone whose journeys we map."""

    title: Text
    segment: str | None = Field(default=None, description="B2C | B2B | internal, or free text")
    role: str | None = None
    age: int | str | None = None
    quote: str | None = None
    goals: list[str] = []
    needs: list[str] = []
    motivations: list[str] = []
    frustrations: list[str] = []
    channels: list[str] = Field(default=[], description="ids of touchpoints this persona prefers")
    image: str | None = Field(default=None, description="relative to docs_dir")
    tags: Tags = []


class Touchpoint(Document):
    """A place where the customer meets us: a channel, a document, a person."""

    title: Text
    channel: str | None = Field(
        default=None,
        description="search | web | social | email | app | chat | phone | store | event | "
        "delivery | review-site | other, or free text",
    )
    mode: Mode | None = None
    owner: str | None = Field(default=None, description="the team accountable for it")
    summary: str | None = None
    kpis: list[str] = []
    aliases: list[Text] = Field(
        default=[],
        description="names analytics exports use for it in path files (maps/paths/), "
        "matched without regard to case, e.g. Paid Social or google / cpc",
    )
    tags: Tags = []


class SharedOpportunity(Document):
    """An opportunity several steps share (`maps/opportunities/<id>.md`, SPEC §2.8)."""

    title: Text
    impact: Score = 3
    effort: Score = 3
    status: OpportunityStatus = "idea"
    owner: str | None = None
    link: str | None = None
    tags: Tags = []

    @property
    def text(self) -> str:
        """Its title: what an inline opportunity calls `text`."""
        return self.title

    @property
    def priority(self) -> float:
        """Impact per effort, as `Opportunity.priority`."""
        return self.impact / self.effort


class Journey(Document):
    """A customer-journey map: personas going through stages of steps."""

    title: Text
    personas: list[str] = Field(min_length=1, description="persona ids")
    kind: JourneyKind = "current-state"
    owner: Text = Field(description="who keeps this map true")
    status: JourneyStatus = "draft"
    reviewed: datetime.date | None = Field(default=None, description="ISO date of last review")
    review_every: int | None = Field(default=None, ge=1, description="days between reviews")
    compares: str | None = Field(default=None, description="id of the journey compared with")
    part_of: str | None = Field(
        default=None, description="id of the parent journey (journey hierarchy)"
    )
    scenario: str | None = None
    stages: list[JourneyStage] = Field(min_length=1)
    tags: Tags = []


AnyOpportunity = Opportunity | OpportunityRef | SharedOpportunity
"""What pages show as an opportunity: each reads `text`, `impact`, `effort`, `status`, ..."""

MODELS: dict[str, type[Document]] = {
    "stages": Stage,
    "personas": Persona,
    "touchpoints": Touchpoint,
    "journeys": Journey,
    "opportunities": SharedOpportunity,
}
"""The model of each folder of `maps/`."""

DEFAULT_STAGES = (
    ("awareness", "Awareness"),
    ("consideration", "Consideration"),
    ("purchase", "Purchase"),
    ("retention", "Retention"),
    ("advocacy", "Advocacy"),
)
"""The stage vocabulary used when `maps/stages/` does not exist (SPEC §2.1)."""
