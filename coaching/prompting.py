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

from coaching.compose.intro import TARGET_WORDS
from coaching.industries import find_industry
from coaching.models import CoachInput, Passage, Task

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


def template_context(task: Task, data: CoachInput, passages: list[Passage]) -> dict[str, Any]:
    known = find_industry(data.profile.target_industry)
    return {
        "passages": [{"id": p.id, "text": p.text, "source": p.source} for p in passages],
        "data_json": person_json(data),
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
    }


def render_blocks(template_name: str, context: dict[str, Any]) -> dict[str, str]:
    """Each block of a template rendered on its own: {"system": ..., "user": ...}."""
    template = environment().get_template(template_name)
    rendered_context = template.new_context(context)
    return {name: "".join(block(rendered_context)).strip() for name, block in template.blocks.items()}


def render_messages(task: Task, data: CoachInput, passages: list[Passage]) -> list[Message]:
    """The chat messages for this task: guidance in the system message, the person's data in the user's."""
    blocks = render_blocks(f"{task.value}.j2", template_context(task, data, passages))
    return [{"role": "system", "content": blocks["system"]}, {"role": "user", "content": blocks["user"]}]
