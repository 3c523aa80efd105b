"""The "Tell me about yourself" page: record a take, get it transcribed here, see what was dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openai_server import openai_server_fixture  # noqa: F401  (the openai_server fixture)
from streamlit.testing.v1 import AppTest

from coaching.models import Profile
from coaching.profile_store import save_profile
from coaching.rehearsal import synthetic

PROJECT = Path(__file__).resolve().parent.parent
PROFILE = Profile(
    name="Ada Lovelace",
    background="Ten years as an intensive-care nurse.",
    target_industry="health technology",
    strengths=["clinical insight", "calm under pressure"],
    goal="Move into product work within a year",
)


@pytest.fixture
def intro_page(guidance_index: Any) -> AppTest:
    """The intro page with a drafted script; the profile is removed again afterwards."""
    from coaching.settings import get_settings

    save_profile(PROFILE)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/intro.py").run()
    at.button(key="intro_generate").click().run()
    yield at
    (get_settings().data_dir() / "profile.json").unlink(missing_ok=True)


def test_a_recorded_take_is_transcribed_and_compared_with_the_script(intro_page: AppTest, tmp_path: Path) -> None:
    missing = synthetic.missing_tool("espeak-ng")
    if missing:
        pytest.skip(missing)
    script = intro_page.text_area(key="_w_intro_text").value
    said = script.splitlines()[0]  # only the first point of the script is said aloud
    take = synthetic.speak(said, tmp_path / "take.wav")

    intro_page.audio_input(key="intro_audio").set_value(("take.wav", take.read_bytes(), "audio/wav")).run()
    intro_page.button(key="intro_check_audio").click().run()

    assert not intro_page.exception
    assert not intro_page.error, [e.value for e in intro_page.error]
    shown = " ".join(m.value for m in intro_page.markdown)
    assert "You spoke for" in shown or "spoke" in shown.lower()
    assert "Dropped:" in shown  # the rest of the script was not said
    assert "✅" in shown  # the point that was said is covered


def test_a_pasted_take_is_checked_and_saved(intro_page: AppTest) -> None:
    from coaching.rehearsal import list_takes

    before = len(list_takes())
    script = intro_page.text_area(key="_w_intro_text").value
    intro_page.text_area(key="_w_intro_typed").input(script).run()
    intro_page.number_input(key="_w_intro_typed_seconds").set_value(70).run()
    intro_page.button(key="intro_check_text").click().run()

    assert not intro_page.exception
    shown = " ".join(m.value for m in intro_page.markdown)
    assert "Dropped:" not in shown
    assert len(list_takes()) == before + 1


def test_the_takes_so_far_plot_one_measure_per_chart_in_seconds_spoken(intro_page: AppTest) -> None:
    script = intro_page.text_area(key="_w_intro_text").value
    for seconds in (60, 70):
        intro_page.text_area(key="_w_intro_typed").input(script).run()
        intro_page.number_input(key="_w_intro_typed_seconds").set_value(seconds).run()
        intro_page.button(key="intro_check_text").click().run()
    assert not intro_page.exception
    assert [c.value for c in intro_page.caption if c.value in ("Seconds spoken", "Words per minute",
                                                                 "Fillers per minute")] == [
        "Seconds spoken", "Words per minute", "Fillers per minute"]  # fmt: skip
    assert len(intro_page.get("vega_lite_chart")) == 3
    shown = " ".join(m.value for m in intro_page.markdown)
    assert "You spoke for 1 min 10 s" in shown


def test_a_minute_is_said_with_its_seconds() -> None:
    from coaching.rehearsal.feedback import duration_text

    assert (duration_text(60), duration_text(64), duration_text(52)) == ("1 min 0 s", "1 min 4 s", "52 s")


def test_an_api_transcription_uses_the_server_typed_on_the_settings_page(
    openai_server: Any, intro_page: AppTest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Only the session knows the server (typed on the Settings page, nothing in the environment):
    the take still goes there, with the key typed beside it."""
    from test_rehearsal_cli import _tone_wav

    from coaching.settings import get_settings

    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("COACH_TRANSCRIBER", "api")
    get_settings.cache_clear()
    intro_page.session_state["settings_base_url"] = openai_server.base_url
    intro_page.session_state["settings_api_key"] = openai_server.api_key
    openai_server.script("So I spent ten years as an intensive-care nurse.")
    take = _tone_wav(tmp_path / "take.wav")

    intro_page.audio_input(key="intro_audio").set_value(("take.wav", take.read_bytes(), "audio/wav")).run()
    intro_page.button(key="intro_check_audio").click().run()

    assert not intro_page.exception
    assert not intro_page.error, [e.value for e in intro_page.error]
    [request] = [r for r in openai_server.requests if r.path.endswith("/audio/transcriptions")]
    assert request.headers["authorization"] == f"Bearer {openai_server.api_key}"
    assert "intensive-care nurse" in " ".join(t.value for t in intro_page.text), "what the server heard is shown"
    get_settings.cache_clear()
