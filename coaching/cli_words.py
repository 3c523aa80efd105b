"""How the command line says an error: a field by its flag, a setting by its environment variable,
and the way around a failed server by the option that takes it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from coaching.errors import CoachError, Fallback, Fix, InputError

FALLBACKS = {
    Fallback.offline_composer: "use the offline composer (--backend offline)",
    Fallback.local_transcriber: "set COACH_TRANSCRIBER=local",
}


def fix_words(fix: Fix) -> str:
    """`Make sure it is running. Check OPENAI_BASE_URL, or use the offline composer (--backend offline).`"""
    from coaching.english import join_names  # only when there is an error to say: --help stays fast

    said = ""
    if fix.settings:
        said = (f"{fix.advice}. " if fix.advice else "") + f"Check {join_names(list(fix.settings))}"
    elif fix.advice:
        said = fix.advice
    if fix.fallback is not None:
        around = FALLBACKS[fix.fallback]
        said = f"{said}, or {around}" if said else around[:1].upper() + around[1:]
    return f"{said}." if said else ""


_LIST_ITEM = re.compile(r"\.\d+$")


def _field_words(exc: InputError, flags: Mapping[str, str]) -> str:
    # "referrals.0" is the first of the --referral flags: a list's items share their flag.
    return "; ".join(f"{flags.get(_LIST_ITEM.sub('', field), field)}: {problem}" for field, problem in exc.problems)


def error_line(exc: CoachError, flags: Mapping[str, str] | None = None) -> str:
    """The one line printed on stderr. `flags` names the command's flags by the fields they set."""
    message = exc.message
    if isinstance(exc, InputError) and exc.problems and flags:
        message = _field_words(exc, flags)
    fix = fix_words(exc.fix) if exc.fix is not None else exc.hint
    return f"{message} {fix}".strip().replace("\n", " ")
