"""After the meeting: the thank-you now, the longer note a month later, and the note to the referrer."""

import streamlit as st

from coaching.models import Task
from coaching.ui import draft_panel
from coaching.ui.forms import channel_input, contact_inputs, tone_input
from coaching.ui.widgets import escape, remembered, require_profile

st.title("Thank-you & follow-up", anchor=False)
st.caption("Thank them the same day or the next; about a month later, tell them what you did with their advice.")

profile = require_profile()
if profile:
    contact = contact_inputs(with_connection=False)
    discussed = remembered(
        st.text_area,
        "What you discussed (the thank-you needs it)",
        "meeting_discussed",
        max_chars=4000,
        height=90,
        help="One or two specifics: the thank-you mentions them.",
    )
    referrals = remembered(st.text_input, "Names they offered (comma-separated)", "meeting_referrals", max_chars=600)
    date = remembered(st.date_input, "Meeting date", "meeting_date", default=None)
    channel = channel_input("notes", {"email": "Email", "linkedin": "LinkedIn message"})
    tone = tone_input("notes")
    meeting = {"discussed": discussed, "referrals": referrals, "date": date.isoformat() if date else None}
    options = {"tone": tone, "channel": channel}
    names = ["Thank-you now", "About a month later"]
    if contact.get("referrer"):
        names.append("Note to your referrer")
    # A keyed tab set remembers the open tab across reruns, so writing a draft never hides it.
    opened = st.session_state.pop("notes_open_tab", None) or st.session_state.get("notes_tabs")
    st.session_state["notes_tabs"] = opened if opened in names else names[0]
    thank_tab, month_tab, *referrer_tab = st.tabs(names, key="notes_tabs", on_change="rerun")
    with thank_tab:
        draft_panel.show(
            "thanks",
            Task.thank_you,
            {"profile": profile.model_dump(), "contact": contact, "meeting": meeting, "options": options},
        )
    with month_tab:
        actions = remembered(
            st.text_area,
            "What you have done since (the one-month note needs it)",
            "meeting_actions",
            max_chars=4000,
            height=90,
            help="People you contacted, events, reading: the note reports it.",
        )
        draft_panel.show(
            "followup",
            Task.follow_up,
            {
                "profile": profile.model_dump(),
                "contact": contact,
                "meeting": {**meeting, "actions_taken": actions},
                "options": options,
            },
            button="Write the one-month note",
        )
    for tab in referrer_tab:
        with tab:
            st.caption(
                f"Tell {escape(contact['referrer'])} how the meeting went, within a few days: "
                "it keeps the door open for more."
            )
            draft_panel.show(
                "referrer",
                Task.referrer_note,
                {
                    "profile": profile.model_dump(),
                    "contact": contact,
                    "meeting": {**meeting, "actions_taken": st.session_state.get("meeting_actions", "")},
                    "options": options,
                },
                button=f"Write the note to {escape(contact['referrer'])}",  # a label is markdown too
            )
