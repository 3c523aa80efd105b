"""Settings: offline or a model, the model's address and name, and a key kept for this session only."""

import streamlit as st

from coaching.errors import CoachError
from coaching.ui.widgets import remembered, session_settings, show_error

st.title("Settings")
st.markdown(
    "The coach works **offline** by default: drafts are composed on this computer. To have a model write "
    "them instead, give the address of any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio)."
)
base = session_settings()
remembered(
    st.radio,
    "Who writes the drafts",
    "settings_backend",
    default="Automatic",
    options=["Automatic", "Offline composer", "Model"],
    help="Automatic uses the model when one is set up and falls back to the offline composer if it fails.",
)
remembered(
    st.text_input,
    "Model server address",
    "settings_base_url",
    default=base.openai_base_url or "",
    placeholder="http://localhost:11434/v1",
    max_chars=300,
)
remembered(st.text_input, "Model name", "settings_model", default=base.coach_model, max_chars=120)
remembered(
    st.text_input,
    "API key (kept for this session only, never saved)",
    "settings_api_key",
    type="password",
    max_chars=300,
)
st.caption("A key set in the environment (OPENAI_API_KEY) is used when this box is empty. It is never shown here.")

if st.button("Test connection"):
    from coaching.backends.llm import ModelBackend

    settings = session_settings()
    if not settings.llm_configured:
        st.info("No model is set up: drafts are written by the offline composer.")
    else:
        try:
            with st.spinner("Asking the model server…"):
                st.success(ModelBackend(settings).check_connection(), icon="✅")
        except CoachError as exc:
            show_error(exc)
