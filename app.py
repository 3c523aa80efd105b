"""Informational Interview Coach — the Streamlit entry point: navigation and shared state only."""

import threading

import streamlit as st

st.set_page_config(page_title="Informational Interview Coach", page_icon="🤝", layout="centered")


@st.cache_resource(show_spinner=False)
def _warm_up() -> threading.Thread:
    """Open the guidance index in the background once per process, so the first draft is quick."""
    from coaching.index import get_index

    thread = threading.Thread(target=get_index, name="warm-up", daemon=True)
    thread.start()
    return thread


_warm_up()

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
st.navigation(pages).run()
