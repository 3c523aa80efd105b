"""The data that crosses the edges: what a person supplies and what the coach gives back.

Validated once where it enters (CLI, pages, files); everything inside takes these typed objects.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from coaching.errors import InputError


class Task(StrEnum):
    outreach = "outreach"
    intro = "intro"
    questions = "questions"
    thank_you = "thank_you"
    follow_up = "follow_up"
    referrer_note = "referrer_note"
    nudge = "nudge"


NAME_LIMIT = 120
SHORT_LIMIT = 600
LONG_LIMIT = 4000
LIST_LIMIT = 12


def clean_text(value: Any, *, multiline: bool = False) -> str:
    """Trim, normalise to NFC and drop control characters, keeping diacritics and any script."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be text")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be text")
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in text:
        if ch == "\n":
            kept.append("\n" if multiline else " ")
        elif ch == "\t":
            kept.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cs"):  # a lone surrogate cannot even be printed
            kept.append(ch)
    # Spaces are folded within each line; a multi-line field keeps its line breaks.
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    return "\n".join(lines).strip()


def _line(value: Any) -> str:
    return clean_text(value)


def _paragraph(value: Any) -> str:
    return clean_text(value, multiline=True)


def _names(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",")]
    if not isinstance(value, list):
        raise ValueError("must be a list of text")
    cleaned = [clean_text(item) for item in value]
    return [item for item in cleaned if item]


Line = Annotated[str, BeforeValidator(_line)]
Paragraph = Annotated[str, BeforeValidator(_paragraph)]
TextList = Annotated[list[str], BeforeValidator(_names)]


def _limit(limit: int):
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"at most {limit:,} characters (this has {len(value):,})")
        return value

    return check


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)


class Profile(_Part):
    """Who the job seeker is and where they want to go."""

    name: Line = ""
    background: Paragraph = ""
    target_industry: Line = ""
    target_role: Line = ""
    strengths: TextList = Field(default_factory=list)
    goal: Paragraph = ""
    # Why this field, in a sentence: the introduction's "why the change" comes from it.
    motivation: Paragraph = ""

    _name = field_validator("name", "target_industry", "target_role")(_limit(NAME_LIMIT))
    _background = field_validator("background")(_limit(LONG_LIMIT))
    _goal = field_validator("goal", "motivation")(_limit(SHORT_LIMIT))

    @field_validator("strengths")
    @classmethod
    def _strengths(cls, value: list[str]) -> list[str]:
        if len(value) > LIST_LIMIT:
            raise ValueError(f"at most {LIST_LIMIT} items (this has {len(value)})")
        for item in value:
            _limit(200)(item)
        return value


class Contact(_Part):
    """The person the job seeker wants to meet, and how they are connected."""

    name: Line = ""
    role: Line = ""
    organization: Line = ""
    referrer: Line = ""
    how_we_know: Paragraph = ""

    _short = field_validator("name", "role", "organization", "referrer")(_limit(NAME_LIMIT))
    _how = field_validator("how_we_know")(_limit(SHORT_LIMIT))


class Meeting(_Part):
    """What happened at the meeting and since."""

    date: dt.date | None = None
    discussed: Paragraph = ""
    referrals: TextList = Field(default_factory=list)
    actions_taken: Paragraph = ""

    _long = field_validator("discussed", "actions_taken")(_limit(LONG_LIMIT))

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError("a date as YYYY-MM-DD") from None
        return value

    @field_validator("referrals")
    @classmethod
    def _referrals(cls, value: list[str]) -> list[str]:
        if len(value) > LIST_LIMIT:
            raise ValueError(f"at most {LIST_LIMIT} names (this has {len(value)})")
        for item in value:
            _limit(NAME_LIMIT)(item)
        return value


class Options(_Part):
    """How the draft should read."""

    minutes: int = Field(default=20, ge=10, le=45)
    tone: Literal["warm", "formal", "brief"] = "warm"
    channel: Literal["email", "linkedin"] = "email"
    # A LinkedIn connection note holds 200 characters on a free account, 300 on a paid one.
    linkedin_limit: Literal[200, 300] = 300

    @field_validator("minutes", "tone", "channel", "linkedin_limit", mode="before")
    @classmethod
    def _default_when_empty(cls, value: Any, info: ValidationInfo) -> Any:
        """Null or "" means "not given": the field's default, as for every optional field."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return cls.model_fields[info.field_name].default
        return value.strip().lower() if isinstance(value, str) and info.field_name in ("tone", "channel") else value


class CoachInput(_Part):
    """Everything a draft is built from: the same model serves the CLI, the pages and the tests."""

    profile: Profile = Field(default_factory=Profile)
    contact: Contact = Field(default_factory=Contact)
    meeting: Meeting = Field(default_factory=Meeting)
    options: Options = Field(default_factory=Options)

    @field_validator("profile", "contact", "meeting", "options", mode="before")
    @classmethod
    def _empty_part(cls, value: Any) -> Any:
        return {} if value is None else value


def _friendly(error: dict[str, Any]) -> tuple[str, str]:
    where = ".".join(str(part) for part in error["loc"]) or "input"
    return where, _problem(error)


def _problem(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind.startswith(("date_", "datetime_")):
        given = error.get("input")
        return f"a date as YYYY-MM-DD (got '{given}')" if isinstance(given, str) and len(given) <= 40 else (
            "a date as YYYY-MM-DD"
        )  # fmt: skip
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind in ("model_type", "dict_type"):
        return "must be an object with named fields"
    if kind == "extra_forbidden":
        return "not a field the coach knows"
    return str(error["msg"])


def validation_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """Each field at fault with what is wrong, e.g. `("contact.name", "required")`."""
    return [_friendly(error) for error in exc.errors()]


def invalid(exc: ValidationError) -> InputError:
    """The InputError naming each field `exc` found at fault."""
    return InputError.about_all(validation_problems(exc))


def parse_input(raw: Any, task: Task | None = None) -> CoachInput:
    """Validate one input object; with a task, also check the fields that task needs."""
    if not isinstance(raw, dict):
        raise InputError("input: must be a JSON object with profile, contact, meeting and options.")
    try:
        data = CoachInput.model_validate(raw)
    except ValidationError as exc:
        raise invalid(exc) from None
    if task is not None:
        from coaching.tasks import missing_fields  # the task table imports this module

        missing = missing_fields(data, task)
        if missing:
            raise InputError.about_all([(name, "required") for name in missing])
    return data


def load_inputs(text: str, task: Task | None = None) -> tuple[list[CoachInput], bool]:
    """Parse the JSON a person handed over: one object or an array of them.

    Returns the inputs and whether they came as an array (so the output can mirror it).
    """
    if not text.strip():
        raise InputError("input: empty; give a JSON object with at least the profile.")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"input: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    except RecursionError:
        raise InputError("input: nested too deeply; give one object or an array of objects.") from None
    except ValueError:  # a number with thousands of digits: Python refuses to read it
        raise InputError("input: a number in it is far too long to be one the coach needs.") from None
    if isinstance(raw, list):
        if not raw:
            raise InputError("input: the array is empty; give at least one input object.")
        inputs = []
        for index, item in enumerate(raw):
            try:
                inputs.append(parse_input(item, task))
            except InputError as exc:
                raise InputError(f"[{index}] {exc.message}") from None
        return inputs, True
    return [parse_input(raw, task)], False


# --- what the coach gives back -------------------------------------------------------------------


class Passage(BaseModel):
    """One piece of guidance, in the project's own words, tagged with topic ids."""

    id: str
    text: str
    topics: list[str]
    stage: Literal["before", "during", "after"]
    source: str


class SearchResult(Passage):
    score: float


class Citation(BaseModel):
    id: str
    topics: list[str]
    source: str


class Check(BaseModel):
    """One rule applied to a draft; the message says how to fix it when it fails."""

    rule: str
    passed: bool
    message: str


class Draft(BaseModel):
    task: Task
    backend: str
    model: str | None = None
    text: str
    citations: list[Citation] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    spoken_seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)
