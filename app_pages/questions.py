"""Questions to ask: the one thing to take away, core ones marked, sized to the meeting, the ask for names last."""

import streamlit as st

from coaching.models import Task
from coaching.printable import printable_questions
from coaching.ui import draft_panel
from coaching.ui.forms import tone_input
from coaching.ui.widgets import remembered, require_profile

st.title("Questions to ask", anchor=False)
st.caption(
    "Built from the work you are heading for, your goal and the person you are meeting: the one thing to take "
    "away, core questions first, and who else to meet."
)

profile = require_profile()
if profile:
    left, right = st.columns(2)
    industry = remembered(
        left.text_input, "Industry", "questions_industry", default=profile.target_industry, max_chars=120
    )
    role = remembered(right.text_input, "Role", "questions_role", default=profile.target_role, max_chars=120)
    # The same keys as the request page: the person you asked to meet is the person you prepare for.
    name_col, role_col, org_col = st.columns(3)
    contact = {
        "name": remembered(name_col.text_input, "Whom you are meeting (optional)", "contact_name", max_chars=120),
        "role": remembered(role_col.text_input, "Their role (optional)", "contact_role", max_chars=120),
        "organization": remembered(
            org_col.text_input, "Their organisation (optional)", "contact_organization", max_chars=120
        ),
    }
    minutes = remembered(
        st.number_input,
        "Minutes you have",
        "request_minutes",
        default=20,
        min_value=10,
        max_value=45,
        step=5,
        help="About one question per two minutes: a shorter meeting gets a shorter list, core questions kept.",
    )
    tone = tone_input("questions")
    raw = {
        "profile": {**profile.model_dump(), "target_industry": industry, "target_role": role},
        "contact": contact,
        "options": {"tone": tone, "minutes": minutes},
    }
    text = draft_panel.show("questions", Task.questions, raw)
    if text:
        st.download_button(
            "Download a page to print (.html)",
            printable_questions(text),
            file_name="questions-to-ask.html",
            mime="text/html",
            key="questions_print",
            icon=":material/print:",
        )
        st.caption("Open it and print it: just the list, on one sheet, with a box to tick beside each question.")
