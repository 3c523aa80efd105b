"""Informational Interview Coach — the Streamlit entry point: navigation and shared state only."""

import contextlib
import threading

import streamlit as st

APP_NAME = "Informational Interview Coach"


def _warm() -> None:
    from coaching import english
    from coaching.errors import CoachError
    from coaching.retrieval import search

    # A problem here is shown by the page that needs the index (or the English model), in its own words.
    with contextlib.suppress(CoachError):
        search("warming up the guidance index", 1)  # opens the index, loads the model and the word lists
    with contextlib.suppress(CoachError):
        english.warm()  # loads spaCy's English model, so the first draft reads the person at once


@st.cache_resource(show_spinner=False)
def _warm_up() -> threading.Thread:
    """Open the guidance index and the English model in the background once per process, so the first
    draft is quick."""
    thread = threading.Thread(target=_warm, name="warm-up", daemon=True)
    thread.start()
    return thread


# A focus ring as clear as the buttons' on what Streamlit leaves faint: the sidebar's page links
# (the current one included) and radio buttons. Colours only; nothing moves.
FOCUS_STYLE = """<style>
[data-testid="stSidebarNav"] a:focus-visible,
[data-testid="stSidebarNav"] a[aria-current="page"]:focus-visible,
[role="radiogroup"] label:has(input:focus-visible),
[data-baseweb="checkbox"]:has(input:focus-visible) {
  outline: 2px solid #2f6f5e;
  outline-offset: 2px;
  border-radius: 0.5rem;
}
</style>"""


def _focus_style() -> None:
    st.html(FOCUS_STYLE)


pages = {
    "Prepare": [
        st.Page("app_pages/profile.py", title="Your profile", icon="👤", default=True),
        st.Page("app_pages/request.py", title="Request a meeting", icon="✉️"),
        st.Page("app_pages/intro.py", title="Tell me about yourself", icon="🎙️"),
        st.Page("app_pages/questions.py", title="Questions to ask", icon="❓"),
    ],
    "After the meeting": [
        st.Page("app_pages/notes.py", title="Thank-you & follow-up", icon="💌"),
    ],
    "Your network": [
        st.Page("app_pages/today.py", title="Today", icon="📅"),
        st.Page("app_pages/contacts.py", title="Contacts", icon="👥"),
        st.Page("app_pages/companion.py", title="Meeting companion", icon="⏱️"),
    ],
    "Library": [
        st.Page("app_pages/guidance.py", title="Guidance", icon="📚"),
        st.Page("app_pages/settings.py", title="Settings", icon="⚙️"),
    ],
}
try:
    page = st.navigation(pages)
    # Each page its own browser title, so a screen reader says where a person has landed.
    st.set_page_config(page_title=f"{page.title} · {APP_NAME}", page_icon="🤝", layout="centered")
    _focus_style()
    page.run()
finally:
    _warm_up()  # after the page, so the first render does not wait on imports
