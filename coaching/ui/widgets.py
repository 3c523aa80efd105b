"""Small Streamlit helpers shared by the pages: inputs that remember, safe text, the session's settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import SecretStr, ValidationError

from coaching.errors import CoachError
from coaching.models import Profile
from coaching.settings import Settings, get_settings
from coaching.tasks import ALWAYS_REQUIRED
from coaching.ui.error_words import error_words

# Everything markdown or Streamlit's directives (:emoji:, :red[...]) could read as syntax.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# What GitHub-flavoured markdown turns into a link on its own: "http://", "www." and "name@host". It
# finds them in the text after the backslashes are read, so escaping cannot stop it; an invisible
# word joiner inside each one does. Only what is shown gets one: boxes, copies and files never do.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(://)|(?<![\w.])(www)(\.)|(?<=[\w.+-])(@)(?=[\w-])", re.IGNORECASE)
WORD_JOINER = "\u2060"


def _unlinked(match: re.Match[str]) -> str:
    if match.group(1):
        return WORD_JOINER + match.group(1)
    if match.group(2):
        return match.group(2) + WORD_JOINER + match.group(3)
    return WORD_JOINER + match.group(4)


def escape(text: str) -> str:
    """User text shown through st.markdown (or in a label) stays text: no links, images, HTML,
    emphasis or directives."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", _AUTOLINK.sub(_unlinked, text))


def remembered(widget: Callable[..., Any], label: str, store: str, default: Any = "", **kwargs: Any) -> Any:
    """A widget whose value survives page switches and errors.

    Streamlit forgets a widget's state once its page is left, so the value is copied to a plain
    session key (`store`) on every run and handed back as the starting value next time.
    """
    start = st.session_state.get(store, default)
    kind = getattr(widget, "__name__", "")  # st.radio and a column's .radio are different objects
    if f"_w_{store}" in st.session_state:
        pass  # the widget's own state, which set_remembered may have just replaced, is its value
    elif kind in ("selectbox", "radio") and "options" in kwargs:
        options = list(kwargs["options"])
        kwargs["index"] = options.index(start) if start in options else 0
    elif kind in ("multiselect", "segmented_control", "pills"):
        kwargs["default"] = start
    else:
        kwargs["value"] = start
    value = widget(label, key=f"_w_{store}", **kwargs)
    st.session_state[store] = value
    return value


def set_remembered(store: str, value: Any) -> None:
    """Change a remembered value from code, before its widget is drawn in this run.

    The widget's own state is replaced too, not dropped: a widget whose state is only dropped keeps
    showing its old value in the browser while the page reads the new one, so a new draft would be
    copied and saved while the box still showed the last."""
    st.session_state[store] = value
    st.session_state[f"_w_{store}"] = value


def forget_remembered(store: str) -> None:
    """Drop a remembered value and its widget's state."""
    st.session_state.pop(store, None)
    st.session_state.pop(f"_w_{store}", None)


def show_error(exc: CoachError, *, on_settings_page: bool = False) -> None:
    """The error as the page says it (see error_words), as text."""
    st.error(escape(error_words(exc, on_settings_page=on_settings_page)), icon="⚠️")


def session_settings() -> Settings:
    """The process settings with what this session chose on the Settings page (the key stays in memory)."""
    from coaching.model_server import shown_address, with_login

    base = get_settings()
    update: dict[str, Any] = {}
    typed = (st.session_state.get("settings_base_url") or "").strip()
    login = st.session_state.get("settings_base_url_login", "")
    # The box shows an address without its user name and password (kept apart); the environment's
    # address, shown the same way, stands for itself, credentials and all.
    if typed and (login or typed != shown_address(base.openai_base_url or "")):
        update["openai_base_url"] = with_login(typed, login)
    if st.session_state.get("settings_model"):
        update["coach_model"] = st.session_state["settings_model"].strip()
    if st.session_state.get("settings_api_key"):
        update["openai_api_key"] = SecretStr(st.session_state["settings_api_key"].strip())
    return base.model_copy(update=update) if update else base


def session_backend() -> str:
    return {"Automatic": "auto", "Offline composer": "offline", "Model": "llm"}[
        st.session_state.get("settings_backend", "Automatic")
    ]


def profile_from_state(*, say_unreadable: bool = True) -> Profile:
    """The profile as typed on the Profile page (or as last saved). A saved file that cannot be read
    is said on every page until a save replaces it (the Profile page says it itself, so that it can
    take the message away once the form is saved)."""
    from coaching.profile_store import load_profile

    if "profile" not in st.session_state:
        try:
            st.session_state["profile"] = load_profile().model_dump()
        except CoachError as exc:
            st.session_state["profile_unreadable"] = exc
            st.session_state["profile"] = Profile().model_dump()
    if say_unreadable and "profile_unreadable" in st.session_state:
        show_error(st.session_state["profile_unreadable"])
    try:
        return Profile.model_validate(st.session_state["profile"])
    except ValidationError:
        # What was typed but not yet valid is still shown back, never lost.
        return Profile.model_construct(**st.session_state["profile"])


def require_profile() -> Profile | None:
    """The profile when it has what every draft needs; otherwise a pointer to the Profile page."""
    profile = profile_from_state()
    missing = [
        name.split(".")[1].replace("_", " ") for name in ALWAYS_REQUIRED if not getattr(profile, name.split(".")[1])
    ]
    if missing:
        st.info(f"First, fill in your profile: {', '.join(missing)}. Every draft starts from it.", icon="👤")
        st.page_link("app_pages/profile.py", label="Go to your profile", icon="➡️")
        return None
    st.caption(f"Drafting as {escape(profile.name)}, heading for {escape(profile.target_industry)}.")
    return profile
