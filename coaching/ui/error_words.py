"""How a page says an error: a field by the box it is typed in, a setting by the box on the Settings
page (or, for the few without one, where the coach is started), and the way around a failed server
by what the person can click instead."""

from __future__ import annotations

import re

from coaching.english import join_names
from coaching.errors import CoachError, Fallback, Fix, InputError

# The boxes on the Settings page, by the setting each one sets.
SETTING_BOXES = {
    "OPENAI_BASE_URL": "the server address",
    "COACH_MODEL": "the model name",
    "OPENAI_API_KEY": "the API key",
}
# The boxes a field is typed in, by the field's name in the data (its last part: `contact.name` is "name").
FIELD_BOXES = {
    "name": "Name",
    "contact": "Contact",
    "referred_by": "Referred by",
    "referrer": "Who referred you",
    "role": "Role",
    "organization": "Organisation",
    "email": "Email",
    "linkedin": "LinkedIn",
    "notes": "Notes",
    "discussed": "What you discussed",
    "actions": "What you have done since",
    "actions_taken": "What you have done since",
    "referrals": "Names they offered",
    "referral": "Names they offered",
    "text": "Your draft",
    "background": "Your background",
    "target_industry": "Target industry",
    "target_role": "Target role",
    "how_we_know": "How you know of them",
    "minutes": "Minutes",
    "date": "Meeting date",
    "query": "What do you want to know?",
    "kind": "Step",
}
_FIELD_TAIL = re.compile(r"(?:^|\.)([a-z_]+)(?:\.\d+)?$")


def _around(fallback: Fallback | None, on_settings_page: bool, named_settings_page: bool) -> str:
    if fallback is Fallback.offline_composer:
        if on_settings_page:
            return "choose Offline composer above"
        return (
            "choose the offline composer there"
            if named_settings_page
            else "choose the offline composer on the Settings page"
        )
    if fallback is Fallback.local_transcriber:
        return "use “Paste what you said” instead"
    return ""


def fix_words(fix: Fix, *, on_settings_page: bool = False) -> str:
    """The fix in the page's words; on the Settings page itself the boxes are "above"."""
    boxes = [SETTING_BOXES[s] for s in fix.settings if s in SETTING_BOXES]
    elsewhere = [s for s in fix.settings if s not in SETTING_BOXES]
    checks = []
    if boxes:
        checks.append(f"{join_names(boxes)} {'above' if on_settings_page else 'on the Settings page'}")
    if elsewhere:
        checks.append(f"{join_names(elsewhere)} where the coach is started")
    said = fix.advice
    if checks:
        said = (f"{said}. " if said else "") + f"Check {' and '.join(checks)}"
    around = _around(fix.fallback, on_settings_page, named_settings_page=bool(boxes))
    if around:
        said = f"{said}, or {around}" if said else around[:1].upper() + around[1:]
    return f"{said}." if said else ""


def _box(field: str) -> str:
    tail = _FIELD_TAIL.search(field)
    return FIELD_BOXES.get(tail.group(1), field) if tail else field


def error_words(exc: CoachError, *, on_settings_page: bool = False) -> str:
    """The error as one paragraph for a page: what went wrong, then what fixes it."""
    message = exc.message
    if isinstance(exc, InputError) and exc.problems:
        message = "; ".join(f"{_box(field)}: {problem}" for field, problem in exc.problems)
    fix = fix_words(exc.fix, on_settings_page=on_settings_page) if exc.fix is not None else exc.hint
    return f"{message} {fix}".strip()
