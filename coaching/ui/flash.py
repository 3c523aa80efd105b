"""A message a button's callback leaves for the next run of its page, shown once above the rest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from coaching.errors import CoachError
from coaching.ui.error_words import error_words
from coaching.ui.widgets import escape


def leave(page: str, kind: str, message: str) -> None:
    """Keep `message` ("success" or "error") under the page's `{page}_flash` key."""
    st.session_state[f"{page}_flash"] = (kind, message)


def attempt(page: str, action: Callable[..., str | None], *args: Any) -> bool:
    """Run a change from a button's callback: its message is left as a success, a problem as an error
    (and what was typed stays). True when the change went through."""
    try:
        message = action(*args)
    except CoachError as exc:
        leave(page, "error", error_words(exc))
        return False
    if message:
        leave(page, "success", message)
    return True


def show(page: str) -> None:
    """The message left for this page, if any; shown once."""
    flash = st.session_state.pop(f"{page}_flash", None)
    if flash:
        kind, message = flash
        (st.success if kind == "success" else st.error)(escape(message), icon="✅" if kind == "success" else "⚠️")
