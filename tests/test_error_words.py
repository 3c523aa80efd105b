"""One error, said twice: the command line names flags and environment variables, a page names its
boxes. Each failure names what fixes it once (coaching.errors.Fix); nothing rewrites a message."""

from __future__ import annotations

import pytest

from coaching.cli_words import error_line
from coaching.errors import BackendError, Fallback, Fix, InputError
from coaching.ui.error_words import error_words

FIXES = {
    "refused key": (
        Fix(settings=("OPENAI_API_KEY",), fallback=Fallback.offline_composer),
        "Check OPENAI_API_KEY, or use the offline composer (--backend offline).",
        "Check the API key on the Settings page, or choose the offline composer there.",
        "Check the API key above, or choose Offline composer above.",
    ),
    "timeout": (
        Fix(advice="Make sure it is running", settings=("COACH_LLM_TIMEOUT",), fallback=Fallback.offline_composer),
        "Make sure it is running. Check COACH_LLM_TIMEOUT, or use the offline composer (--backend offline).",
        "Make sure it is running. Check COACH_LLM_TIMEOUT where the coach is started, "
        "or choose the offline composer on the Settings page.",
        "Make sure it is running. Check COACH_LLM_TIMEOUT where the coach is started, "
        "or choose Offline composer above.",
    ),
    "busy": (
        Fix(advice="Try again in a minute", fallback=Fallback.offline_composer),
        "Try again in a minute, or use the offline composer (--backend offline).",
        "Try again in a minute, or choose the offline composer on the Settings page.",
        "Try again in a minute, or choose Offline composer above.",
    ),
    "transcription model": (
        Fix(settings=("COACH_TRANSCRIBE_MODEL", "OPENAI_BASE_URL"), fallback=Fallback.local_transcriber),
        "Check COACH_TRANSCRIBE_MODEL and OPENAI_BASE_URL, or set COACH_TRANSCRIBER=local.",
        "Check the server address on the Settings page and COACH_TRANSCRIBE_MODEL where the coach is started, "
        "or use “Paste what you said” instead.",
        "Check the server address above and COACH_TRANSCRIBE_MODEL where the coach is started, "
        "or use “Paste what you said” instead.",
    ),
}


@pytest.mark.parametrize(("fix", "cli", "page", "settings_page"), list(FIXES.values()), ids=list(FIXES))
def test_each_front_end_says_the_fix_in_its_own_words(fix: Fix, cli: str, page: str, settings_page: str) -> None:
    error = BackendError("The model server at http://localhost:11434/v1 did something.", fix=fix)

    assert error_line(error) == f"{error.message} {cli}"
    assert error_words(error) == f"{error.message} {page}"
    assert error_words(error, on_settings_page=True) == f"{error.message} {settings_page}"


def test_a_field_is_named_by_its_flag_on_the_command_line_and_by_its_box_on_a_page() -> None:
    from coaching.cli_tracker import FLAGS

    error = InputError.about_all(
        [("referred_by", "a contact cannot be their own referrer."), ("referrals.1", "too long")]
    )

    assert error.message == "referred_by: a contact cannot be their own referrer.; referrals.1: too long"
    assert error_line(error, FLAGS) == "--referred-by: a contact cannot be their own referrer.; --referral: too long"
    assert error_words(error) == "Referred by: a contact cannot be their own referrer.; Names they offered: too long"
    assert error_line(error) == error.message, "the draft command names fields by their path, as the contract says"


def test_a_plain_hint_is_said_the_same_everywhere() -> None:
    error = InputError.about("contact.name", "required", "Add the name of the person you are writing to.")

    assert error_line(error) == error_words(error).replace("Name:", "contact.name:")
