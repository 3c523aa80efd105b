"""The short note to whoever introduced you, a few days after the meeting: how it went and thanks.

It is written by the offline composer (`compose_referrer_note`, the same note the one-month
follow-up carries below its line of dashes) and checked by the rules every draft shares.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from coaching.checks import check_canned, check_details, check_placeholders
from coaching.compose.notes import compose_referrer_note
from coaching.errors import CoachError, InputError
from coaching.models import parse_input
from coaching.ui.widgets import escape, remembered, set_remembered, show_error

TEXT = "referrer_text"


def show(raw: dict[str, Any]) -> None:
    referrer = raw["contact"].get("referrer") or ""
    st.caption(f"Tell {escape(referrer)} how the meeting went, within a few days: it keeps the door open for more.")
    if st.button(f"Write the note to {referrer}", key="referrer_generate", type="primary"):
        try:
            data = parse_input(raw)
            if not data.contact.name:
                raise InputError("Please fill in the name of the person you met first.")
            set_remembered(TEXT, compose_referrer_note(data))
        except CoachError as exc:
            show_error(exc)
    if TEXT not in st.session_state:
        return
    # Remembered, so the note and its edits are still there after a visit to another page.
    text = remembered(st.text_area, "Your note — edit it freely; the coach checks your edits", TEXT, height=220)
    try:
        data = parse_input(raw)
    except CoachError as exc:
        show_error(exc)
        return
    for check in (check_details(text, data, []), check_canned(text), check_placeholders(text, data)):
        st.markdown(f"{'✅' if check.passed else '⚠️'} {escape(check.message)}")
    st.download_button("Download .txt", text, file_name="note_to_referrer.txt", mime="text/plain", key="referrer_txt")
