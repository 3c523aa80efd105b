"""An edited draft that invents a detail shows where: the detail is highlighted in the draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from coaching.models import Profile
from coaching.profile_store import save_profile

PROJECT = Path(__file__).resolve().parent.parent


def test_invented_details_are_marked_in_the_draft(guidance_index: Any) -> None:
    from coaching.settings import get_settings

    save_profile(Profile(name="Ada Lovelace", background="Ten years as a nurse.", target_industry="health technology"))
    try:
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page("app_pages/request.py").run()
        at.text_input(key="_w_contact_name").input("Grace Hopper").run()
        at.button(key="request_generate").click().run()
        draft = at.text_area(key="_w_request_text").value
        at.text_area(key="_w_request_text").input(draft + "\nI led a team at Globex in 2019.").run()

        shown = [m.value for m in at.markdown]
        assert any(":orange-background[Globex]" in m and ":orange-background[2019]" in m for m in shown), shown
        assert any("unsupported detail" in m for m in shown)
    finally:
        (get_settings().data_dir() / "profile.json").unlink(missing_ok=True)
