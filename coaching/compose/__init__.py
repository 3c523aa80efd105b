"""The offline composer: deterministic drafts built from the person's own words, one module per draft."""

from collections.abc import Callable

from coaching.compose.intro import compose_intro
from coaching.compose.notes import compose_follow_up, compose_thank_you
from coaching.compose.questions import compose_questions
from coaching.compose.request import compose_nudge, compose_outreach
from coaching.models import CoachInput, Task

COMPOSERS: dict[Task, Callable[[CoachInput], str]] = {
    Task.outreach: compose_outreach,
    Task.intro: compose_intro,
    Task.questions: compose_questions,
    Task.thank_you: compose_thank_you,
    Task.follow_up: compose_follow_up,
    Task.nudge: compose_nudge,
}


def compose(task: Task, data: CoachInput) -> str:
    """The offline draft of `task` for this person."""
    return COMPOSERS[task](data)
