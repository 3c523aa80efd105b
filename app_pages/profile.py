"""Profile: who you are and where you are heading; every draft starts from it."""

import streamlit as st
from pydantic import ValidationError

from coaching.errors import CoachError
from coaching.models import Profile, invalid
from coaching.profile_store import save_profile
from coaching.ui.widgets import profile_from_state, show_error

st.title("Your profile", anchor=False)
with st.expander("How this works", expanded=not st.session_state.get("profile_saved_once")):
    st.markdown(
        "Most openings are filled through people before they are advertised. An **informational "
        "interview** is a short conversation where you ask someone in the field for advice — never for a "
        "job. The coach drafts the four pieces of writing it takes: the **meeting request**, your "
        '**"tell me about yourself"** (ninety seconds at most), the **questions** to ask, and the '
        "**thank-you and follow-up notes**. Each draft is checked against guidance from career "
        "articles, and works offline: nothing you type leaves this computer unless you connect a model "
        "in Settings."
    )

saved = profile_from_state(say_unreadable=False)
unreadable = st.empty()
if "profile_unreadable" in st.session_state:
    with unreadable:
        show_error(st.session_state["profile_unreadable"])
with st.form("profile_form"):
    # Stable keys: without them a widget whose starting value changed (after an error) is a new
    # widget, and what was typed since is thrown away.
    name = st.text_input("Your name *", value=saved.name, max_chars=120, key="profile_form_name")
    background = st.text_area(
        "Your background *",
        value=saved.background,
        max_chars=4000,
        height=150,
        help="Two or three sentences: what you have done, for how long, and what you are known for.",
        key="profile_form_background",
    )
    left, right = st.columns(2)
    industry = left.text_input(
        "Target industry *",
        value=saved.target_industry,
        max_chars=120,
        help="For example: health technology.",
        key="profile_form_industry",
    )
    role = right.text_input("Target role", value=saved.target_role, max_chars=120, key="profile_form_role")
    strengths = st.text_area(
        "Strengths, one per line",
        value="\n".join(saved.strengths),
        height=90,
        help="Two are enough. The introduction uses the first two.",
        key="profile_form_strengths",
    )
    goal = st.text_area(
        "Your goal",
        value=saved.goal,
        max_chars=600,
        height=80,
        help="What you want to find out or do next, e.g. how clinical safety roles differ from product roles.",
        key="profile_form_goal",
    )
    motivation = st.text_area(
        "Why this field, in a sentence",
        value=saved.motivation,
        max_chars=600,
        height=70,
        help="Your reason for the move, in your words. Your introduction says why only from this or your background.",
        key="profile_form_motivation",
    )
    submitted = st.form_submit_button("Save profile", type="primary")

# The box behind each field an error can name, by the words the error uses.
FIELD_KEYS = {"name": "profile_form_name", "background": "profile_form_background",
              "target industry": "profile_form_industry", "target role": "profile_form_role",
              "strengths": "profile_form_strengths", "goal": "profile_form_goal",
              "motivation": "profile_form_motivation"}  # fmt: skip


def mark_fields(fields: list[str]) -> None:
    """Outline the boxes an error names, so the person sees at once which to fix."""
    keys = [FIELD_KEYS[field] for field in fields if field in FIELD_KEYS]
    boxes = ", ".join(f".st-key-{key} input, .st-key-{key} textarea" for key in keys)
    if boxes:  # a tinted box: an outline would be cut off by the box's own frame
        st.html(f"<style>{boxes} {{ background-color: #fdecea !important; }}</style>")


if submitted:
    raw = {
        "name": name,
        "background": background,
        "target_industry": industry,
        "target_role": role,
        "strengths": [line for line in strengths.splitlines() if line.strip()],
        "goal": goal,
        "motivation": motivation,
    }
    # Keep what was typed even when it cannot be saved yet.
    st.session_state["profile"] = raw
    try:
        profile = Profile.model_validate(raw)
        missing = [
            label
            for label, value in (
                ("name", profile.name),
                ("background", profile.background),
                ("target industry", profile.target_industry),
            )
            if not value
        ]
        if missing:
            st.error(f"Please fill in: {', '.join(missing)}.", icon="⚠️")
            mark_fields(missing)
        else:
            save_profile(profile)
            st.session_state["profile"] = profile.model_dump()
            st.session_state["profile_saved_once"] = True
            if st.session_state.pop("profile_unreadable", None):  # the new file replaced the unreadable one
                unreadable.empty()
            st.success("Saved. Your profile is kept on this computer and used by every page.", icon="✅")
    except ValidationError as exc:
        show_error(invalid(exc))
        mark_fields([str(error["loc"][0]).replace("target_", "target ") for error in exc.errors() if error["loc"]])
    except CoachError as exc:
        show_error(exc)

st.page_link("app_pages/request.py", label="Next: request a meeting", icon="✉️")
