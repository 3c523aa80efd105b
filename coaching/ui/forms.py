"""Input blocks that several pages share: the contact, the tone and the channel, remembered across pages."""

from __future__ import annotations

from typing import Any

import streamlit as st

from coaching.ui.widgets import remembered


def contact_inputs(*, with_connection: bool = True) -> dict[str, Any]:
    """Whom you are writing to; the keys are shared, so every page knows the same contact."""
    # Row by row, so the Tab key goes the way the eye reads: name, role; organisation, referrer.
    first_left, first_right = st.columns(2)
    second_left, second_right = st.columns(2)
    contact = {
        "name": remembered(first_left.text_input, "Their name *", "contact_name", max_chars=120),
        "role": remembered(first_right.text_input, "Their role", "contact_role", max_chars=120),
        "organization": remembered(second_left.text_input, "Their organisation", "contact_organization", max_chars=120),
        "referrer": remembered(
            second_right.text_input,
            "Who referred you (if anyone)",
            "contact_referrer",
            max_chars=120,
            help="A mutual contact's name is the strongest way to open.",
        ),
    }
    if with_connection:
        contact["how_we_know"] = remembered(
            st.text_input,
            "How you know of them",
            "contact_how_we_know",
            max_chars=600,
            help="Something specific: an article they wrote, a talk you attended, where you met.",
        )
    return contact


def tone_input(page: str) -> str:
    return (
        remembered(
            st.segmented_control,
            "Tone",
            f"{page}_tone",
            default="warm",
            options=["warm", "formal", "brief"],
            help="Try another tone and write the draft again to compare.",
        )
        or "warm"
    )


def channel_input(page: str, labels: dict[str, str], where: Any = st) -> str:
    """Email or LinkedIn, remembered per page; `labels` names each channel as this page sends it,
    and `where` is the column (or the page) the radio stands in."""
    return remembered(
        where.radio,
        "Channel",
        f"{page}_channel",
        default="email",
        options=list(labels),
        format_func=labels.__getitem__,
        horizontal=True,
    )
