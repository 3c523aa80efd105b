"""Questions to ask: grouped, core ones marked, the one thing to take away, and the ask for names."""

import streamlit as st

from coaching.models import Task
from coaching.ui import draft_panel
from coaching.ui.forms import tone_input
from coaching.ui.widgets import remembered, require_profile

st.title("Questions to ask")
st.caption("A handful of core questions, the one thing you must take away, and who else to meet.")

profile = require_profile()
if profile:
    left, right = st.columns(2)
    industry = remembered(
        left.text_input, "Industry", "questions_industry", default=profile.target_industry, max_chars=120
    )
    role = remembered(right.text_input, "Role", "questions_role", default=profile.target_role, max_chars=120)
    contact = remembered(st.text_input, "Whom you are meeting (optional)", "contact_name", max_chars=120)
    tone = tone_input("questions")
    raw = {
        "profile": {**profile.model_dump(), "target_industry": industry, "target_role": role},
        "contact": {"name": contact},
        "options": {"tone": tone},
    }
    text = draft_panel.show("questions", Task.questions, raw)
    if text:
        with st.expander("Print-friendly view"):
            st.text(text)
            st.caption("Use your browser's print command (Ctrl+P / ⌘P) on this page, or download the .txt above.")
