"""The kinds of step in the follow-up plan (the task that writes each is in `coaching.tasks`)."""

from __future__ import annotations

from enum import StrEnum

from coaching.errors import InputError


class Kind(StrEnum):
    thank_you = "thank_you"
    report_to_referrer = "report_to_referrer"
    follow_up = "follow_up"
    check_in = "check_in"
    nudge = "nudge"


# What the step asks of the person: {contact} is whom to write to, {about} the person met.
KIND_TITLES = {
    Kind.thank_you: "Thank {contact} for the meeting",
    Kind.report_to_referrer: "Tell {contact} how the meeting with {about} went",
    Kind.follow_up: "Send {contact} the one-month follow-up",
    Kind.check_in: "Check in with {contact}",
    Kind.nudge: "Nudge {contact} about the meeting request",
}

# Plan order, used to break ties between steps due the same day for the same person.
KIND_ORDER = {kind: number for number, kind in enumerate(Kind)}


def parse_kind(value: str, field: str = "kind") -> Kind:
    """The Kind named by `value`, or an InputError listing the valid ones."""
    try:
        return Kind(value.strip().lower().replace("-", "_"))
    except ValueError:
        valid = ", ".join(kind.value for kind in Kind)
        raise InputError.about(field, f"'{value}' is not a kind of step; use one of: {valid}.") from None
