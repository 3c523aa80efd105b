"""The drafting tasks, one entry each: what a task needs, how it is searched, written and checked,
and which step of the follow-up plan it completes once sent.

Everything that differs between tasks is read from here: the CLI's choices, the required fields,
the guidance query, the model's token cap, the template, the offline composer, the rules, the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coaching.checks import rules as r
from coaching.checks.reader import claimed_conversation, pasted_field, reader_addressed
from coaching.compose.common import TARGET_WORDS
from coaching.compose.intro import compose_intro
from coaching.compose.notes import compose_follow_up, compose_referrer_note, compose_thank_you
from coaching.compose.questions import compose_questions
from coaching.compose.request import compose_nudge, compose_outreach
from coaching.models import CoachInput, Task
from coaching.reading import Reading
from coaching.tracker.kinds import Kind

ALWAYS_REQUIRED = ("profile.name", "profile.background", "profile.target_industry")


@dataclass(frozen=True)
class TaskSpec:
    task: Task
    title: str
    required: tuple[str, ...]  # beyond the profile's name, background and industry
    query: str  # what the draft needs from the guidance, as a person would search for it
    max_tokens: int  # what the draft may be, in the model's tokens: a little over what it needs
    words: int  # the longest draft the prompt asks for, in words: what a model is told when it overruns
    compose: Callable[[Reading], str]
    rules: tuple[r.Rule, ...]
    steps: tuple[Kind, ...] = ()  # the plan steps a sent draft completes, in the order tried

    @property
    def template(self) -> str:
        return f"{self.task.value}.j2"


def _every_draft(task: Task) -> tuple[r.Rule, ...]:
    """The rules every draft is held to, whoever wrote it."""
    return (reader_addressed(task), pasted_field, claimed_conversation)


TASKS: dict[Task, TaskSpec] = {
    spec.task: spec
    for spec in (
        TaskSpec(
            Task.outreach, "meeting request", ("contact.name",),
            "how to ask for a short informational interview, open with who referred you, advice not a job",
            450, 170, compose_outreach,
            (r.opening_connection, r.asks_short_time, r.asks_for_advice, r.no_job_request, r.no_resume_up_front,
             r.fits_channel, *_every_draft(Task.outreach)),
        ),
        TaskSpec(
            Task.intro, "tell me about yourself", (),
            "tell me about yourself in ninety seconds: background, why the change, strengths, goal",
            400, TARGET_WORDS, compose_intro,
            (r.fits_ninety_seconds, r.names_target_industry, r.no_job_request, *_every_draft(Task.intro)),
        ),
        TaskSpec(
            Task.questions, "questions to ask", (),
            "which questions to ask about the industry and career path, and asking for two more names",
            800, 350, compose_questions,
            (r.referral_question, r.core_questions, r.fits_the_meeting, r.one_thing, r.no_job_request,
             *_every_draft(Task.questions)),
        ),
        TaskSpec(
            Task.thank_you, "thank-you note", ("contact.name", "meeting.discussed"),
            "send a prompt thank-you note mentioning something specific from the meeting",
            350, 120, compose_thank_you,
            (r.names_contact, r.mentions_discussed, r.mentions_referrals, r.short_note(r.THANK_YOU_WORD_LIMIT),
             *_every_draft(Task.thank_you)),
            (Kind.thank_you,),
        ),
        TaskSpec(
            Task.follow_up, "one-month follow-up", ("contact.name", "meeting.actions_taken"),
            "second longer thank-you a month later reporting what you did with the advice, asking for more names",
            600, 200, compose_follow_up,
            (r.names_contact, r.reports_actions, r.offers_help, r.no_job_request, *_every_draft(Task.follow_up)),
            (Kind.follow_up, Kind.check_in),
        ),
        TaskSpec(
            Task.referrer_note, "note to your referrer", ("contact.name", "contact.referrer", "meeting.discussed"),
            "report back to the person who referred you and thank them for the introduction",
            300, 110, compose_referrer_note,
            (r.names_referrer, r.mentions_contact, r.short_note(r.REFERRER_NOTE_WORD_LIMIT), r.no_job_request,
             *_every_draft(Task.referrer_note)),
            (Kind.report_to_referrer,),
        ),
        TaskSpec(
            Task.nudge, "polite reminder", ("contact.name",),
            "following up politely when a meeting request gets no reply, short meeting, advice not a job",
            250, 80, compose_nudge,
            (r.names_contact, r.asks_for_advice, r.no_job_request, r.short_note(r.NUDGE_WORD_LIMIT), r.fits_channel,
             *_every_draft(Task.nudge)),
            (Kind.nudge,),
        ),
    )
}  # fmt: skip


def _field_value(data: CoachInput, dotted: str) -> object:
    part, field = dotted.split(".")
    return getattr(getattr(data, part), field)


def missing_fields(data: CoachInput, task: Task) -> list[str]:
    """The required fields for this task that are empty, in a stable order."""
    needed = ALWAYS_REQUIRED + TASKS[task].required
    return [name for name in needed if not _field_value(data, name)]


def task_for_step(kind: Kind) -> Task:
    """The task that writes a plan step: a check-in is written like the one-month note."""
    return next(spec.task for spec in TASKS.values() if kind in spec.steps)
