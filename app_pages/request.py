"""Request a meeting: the email or LinkedIn note that asks for a short conversation, and the reminder."""

import streamlit as st

from coaching.models import Task
from coaching.ui import draft_panel
from coaching.ui.forms import channel_input, contact_inputs, tone_input
from coaching.ui.widgets import remembered, require_profile

st.title("Request a meeting", anchor=False)
st.caption("Open with who referred you or something specific, ask for a short time, and ask for advice — never a job.")

profile = require_profile()
if profile:
    contact = contact_inputs()
    left, middle, right = st.columns(3)
    minutes = remembered(
        left.number_input, "Minutes to ask for", "request_minutes", default=20, min_value=10, max_value=45, step=5
    )
    channel = channel_input("request", {"email": "Email", "linkedin": "LinkedIn note"}, middle)
    limit = 300
    if channel == "linkedin":
        limit = remembered(
            right.radio,
            "LinkedIn account",
            "request_limit",
            default=200,
            options=[200, 300],
            format_func=lambda n: {200: "Free (200 characters)", 300: "Premium (300)"}[n],
        )
    tone = tone_input("request")
    raw = {
        "profile": profile.model_dump(),
        "contact": contact,
        "options": {"minutes": minutes, "channel": channel, "tone": tone, "linkedin_limit": limit},
    }
    draft_panel.show("request", Task.outreach, raw, char_limit=limit if channel == "linkedin" else None)

    st.divider()
    st.header("No reply after a week?", anchor=False)
    st.caption("A short, no-pressure reminder. Send at most two, a week apart.")
    draft_panel.show("nudge", Task.nudge, raw, button="Write a reminder", primary=False)
