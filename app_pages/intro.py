""" "Tell me about yourself": the ninety-second answer, then rehearse it aloud."""

import streamlit as st

from coaching.models import Task
from coaching.ui import draft_panel
from coaching.ui.forms import tone_input
from coaching.ui.widgets import require_profile

st.title("Tell me about yourself", anchor=False)
st.caption("Background, why the change, what you are looking for, two strengths and your goal — in ninety seconds.")

profile = require_profile()
if profile:
    tone = tone_input("intro")
    raw = {"profile": profile.model_dump(), "options": {"tone": tone}}
    script = draft_panel.show("intro", Task.intro, raw)
    if script:
        seconds = len(script.split()) * 60 / 150
        st.progress(min(seconds / 90, 1.0), text=f"About {seconds:.0f} s of your 90")
        from coaching.ui.rehearsal_panel import show as show_rehearsal

        show_rehearsal(script)
