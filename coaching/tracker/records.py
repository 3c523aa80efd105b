"""What the tracker takes in (validated once) and gives back (plain pydantic records, no ORM rows)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from coaching.errors import InputError
from coaching.models import NAME_LIMIT, clean_text, invalid

M = TypeVar("M", bound=BaseModel)
TEXT_LIMIT = 4000
DRAFT_LIMIT = 20_000


def _text(limit: int, *, multiline: bool = False) -> Any:
    """A text type: cleaned like the drafting input (coaching.models.clean_text), then length-checked."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"at most {limit:,} characters (this has {len(value):,})")
        return value

    clean = BeforeValidator(lambda value: clean_text(value, multiline=multiline))
    return Annotated[str, clean, AfterValidator(check)]


Name = _text(NAME_LIMIT)
Email = _text(254)
Line = _text(300)
Paragraph = _text(TEXT_LIMIT, multiline=True)


def clean_name(value: Any, field: str = "name") -> str:
    """A person's name as stored and matched: trimmed and NFC-normalised, otherwise exact."""
    try:
        name = validate(_NameOnly, {"name": value}).name
    except InputError as exc:
        raise InputError.about_all([(field, problem) for _name, problem in exc.problems]) from None
    if not name:
        raise InputError.about(field, "required")
    return name


def validate(model: type[M], data: dict[str, Any]) -> M:
    """`model` built from `data`, or an InputError naming each bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc) from None


class _NameOnly(BaseModel):
    name: Name = ""


class ContactFields(BaseModel):
    """The editable fields of a contact; None means 'leave as it is'."""

    model_config = ConfigDict(extra="forbid")

    role: Name | None = None
    organization: Name | None = None
    email: Email | None = None
    linkedin: Line | None = None
    notes: Paragraph | None = None
    referred_by: Name | None = None


class MeetingFields(BaseModel):
    """What a person records about a meeting."""

    minutes: int | None = Field(default=None, ge=1, le=600)
    discussed: Paragraph = ""
    actions: Paragraph = ""
    notes: Paragraph = ""
    referrals: list[Name] = Field(default_factory=list, max_length=50)


class ContactRecord(BaseModel):
    """A contact as the pages and the CLI show it."""

    name: str
    role: str = ""
    organization: str = ""
    referred_by: str | None = None
    email: str = ""
    linkedin: str = ""
    notes: str = ""
    archived: bool = False
    meetings: int = 0
    last_met: dt.date | None = None
    # "", "waiting", "replied" or "no_reply": where the meeting request stands.
    request: str = ""


class MeetingRecord(BaseModel):
    id: int
    contact: str
    date: dt.date
    minutes: int | None = None
    discussed: str = ""
    actions: str = ""
    notes: str = ""
    referrals: list[str] = Field(default_factory=list)
    # What a second save of the same meeting replaced, by field: said when saving, never exported.
    replaced: dict[str, str] = Field(default_factory=dict, exclude=True)

    def replaced_sentence(self) -> str:
        """ "It was already saved: what was discussed is replaced (it said “…”)." or ""."""
        if not self.replaced:
            return ""
        said = "; ".join(
            f"{_MEETING_FIELD_WORDS[field]} is replaced (it said “{_shortened(old)}”)"
            for field, old in self.replaced.items()
        )
        return f"It was already saved: {said}."


_MEETING_FIELD_WORDS = {"discussed": "what was discussed", "actions": "what you have done since", "notes": "the notes"}


def _shortened(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class DraftRecord(BaseModel):
    id: int
    task: str
    text: str
    date: dt.date
    contact: str = ""
    meeting_date: dt.date | None = None
    sent_on: dt.date | None = None


class RowError(BaseModel):
    line: int
    message: str


class ImportReport(BaseModel):
    """What a CSV import did: the good rows are saved, each bad one is named by its line."""

    added: int = 0
    updated: int = 0
    errors: list[RowError] = Field(default_factory=list)
