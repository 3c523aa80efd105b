"""Prompts: one Jinja template per task in `prompts/`, rendered sandboxed with StrictUndefined.

A template has a `system` block (role, rules, cited guidance) and a `user` block (the person's
data as JSON). The person's text is only ever a *value* handed to a template, never template
source, so `{{ 7*7 }}` typed into a form reaches the model exactly as typed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coaching.compose.common import TARGET_WORDS
from coaching.compose.questions import question_budget
from coaching.industries import find_industry
from coaching.models import CoachInput, Passage, Task
from coaching.reading import Reading

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
Message = dict[str, str]


@cache
def environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def person_json(data: CoachInput) -> str:
    """The person's input as compact JSON: what the model reads as data."""
    dumped = data.model_dump(mode="json", exclude={"options"})
    return json.dumps(dumped, ensure_ascii=False, indent=1)


def reading_notes(task: Task, reading: Reading) -> dict[str, Any]:
    """What the coach understood of the person's notes, for the model to write from: the same
    restatements the offline composer uses, so a model also says "you said…" to the contact and never
    thanks someone for a conversation the person did not have."""
    notes: dict[str, Any] = {}
    if task in (Task.outreach, Task.intro):
        notes["my_background_in_first_person"] = reading.background_for(reading.role or reading.industry, 3)
        connection = reading.connection
        notes["how_we_are_connected"] = [s for s in (connection.relation, connection.shared, connection.known) if s]
    if task is Task.questions:
        notes.update(_question_notes(reading))
    if task in (Task.thank_you, Task.follow_up):
        notes["what_they_said_to_me"] = [p.to_reader for p in reading.points]
    if task is Task.referrer_note:
        notes["what_they_said"] = [p.about for p in reading.points]
    if task in (Task.follow_up, Task.referrer_note):
        notes["what_i_did"] = [
            {"did": a.said(task is Task.follow_up), "what_happened": _HAPPENED[a.kind]} for a in reading.actions
        ]
    return notes


_STAGES = {
    "new": "starting out: ask about first roles and what a strong application shows",
    "experienced": "experienced: ask what transfers and what to unlearn, never about graduate schemes",
    "": "unclear",
}


def _question_notes(reading: Reading) -> dict[str, Any]:
    """The role family's facts for the question list, with the stage of career they fit."""
    notes: dict[str, Any] = {"career_stage": _STAGES[reading.level]}
    family = reading.family
    if family:
        ways_in = family.entry.new if reading.level == "new" else family.entry.experienced
        # Two of each: enough to build on, and the prompt stays small enough for a local model.
        notes["role_family"] = {
            "name": family.name,
            "judged_on": family.judged_on[:2],
            "ways_in": ways_in[:2],
            "debates": family.debates[:2],
        }
    return notes


_HAPPENED = {
    "met": "we talked: may be thanked as a conversation",
    "contacted": "written to or booked only: never say we talked",
    "alone": "done alone",
}


def template_context(task: Task, person: Reading | CoachInput, passages: list[Passage]) -> dict[str, Any]:
    reading = person if isinstance(person, Reading) else Reading(person)
    data = reading.data
    known = find_industry(data.profile.target_industry)
    return {
        "passages": [{"id": p.id, "text": p.text, "source": p.source} for p in passages],
        "data_json": person_json(data),
        "notes_json": json.dumps(reading_notes(task, reading), ensure_ascii=False, indent=1),
        "tone": data.options.tone,
        "channel": data.options.channel,
        "minutes": data.options.minutes,
        "char_limit": data.options.linkedin_limit,
        "has_referrer": bool(data.contact.referrer),
        "has_connection": bool(data.contact.how_we_know),
        "max_words": TARGET_WORDS,
        "industry": data.profile.target_industry,
        "role": data.profile.target_role,
        "has_role": bool(data.profile.target_role),
        "themes": known.themes[:4] if known else [],
        "question_count": question_budget(data.options.minutes) - 1,
        "has_org": bool(reading.contact_org),
    }


def render_blocks(template_name: str, context: dict[str, Any]) -> dict[str, str]:
    """Each block of a template rendered on its own: {"system": ..., "user": ...}."""
    template = environment().get_template(template_name)
    rendered_context = template.new_context(context)
    return {name: "".join(block(rendered_context)).strip() for name, block in template.blocks.items()}


def render_messages(task: Task, person: Reading | CoachInput, passages: list[Passage]) -> list[Message]:
    """The chat messages for this task: guidance in the system message, the person's data in the user's."""
    from coaching.tasks import TASKS

    blocks = render_blocks(TASKS[task].template, template_context(task, person, passages))
    return [{"role": "system", "content": blocks["system"]}, {"role": "user", "content": blocks["user"]}]
