"""Settings: offline or a model, the model's address and name, a key kept for this session only — and your data:
export it all as one file, or delete it all."""

import streamlit as st

from coaching import clock
from coaching.errors import CoachError
from coaching.model_server import shown_address, split_login
from coaching.ui.error_words import error_words
from coaching.ui.widgets import escape, remembered, session_settings, show_error

st.title("Settings", anchor=False)
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


def _keep_login_apart() -> None:
    """A user name and password typed into the address are kept for the session, out of sight; the
    box keeps the rest. A new address without them drops them, so they never go to another server."""
    shown, login = split_login(st.session_state["_w_settings_base_url"].strip())
    if login:
        st.session_state["settings_base_url_login"] = login
        st.session_state["_w_settings_base_url"] = st.session_state["settings_base_url"] = shown
    else:
        st.session_state.pop("settings_base_url_login", None)


remembered(
    st.text_input,
    "Model server address",
    "settings_base_url",
    default=shown_address(base.openai_base_url or ""),
    placeholder="http://localhost:11434/v1",
    max_chars=300,
    on_change=_keep_login_apart,
)
if st.session_state.get("settings_base_url_login") or split_login(base.openai_base_url or "")[1]:
    st.caption(
        "The address came with a user name and password: they are kept out of sight, and the coach signs in "
        "with them (HTTP Basic) instead of sending the API key."
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
if not session_settings().llm_configured and st.session_state.get("settings_backend", "Automatic") == "Automatic":
    st.info("No model is set up, so drafts are written by the offline composer.", icon="💻")

if st.button("Test connection"):
    from coaching.backends.llm import ModelBackend

    settings = session_settings()
    if not settings.llm_configured and st.session_state.get("settings_backend") == "Model":
        st.warning("You chose Model, but there is no server address or API key yet: add one above, or choose "
                   "Automatic or Offline.", icon="⚠️")  # fmt: skip
    elif not settings.llm_configured:
        st.info("No model is set up: drafts are written by the offline composer.")
    else:
        try:
            with st.spinner("Asking the model server…"):
                st.success(ModelBackend(settings).check_connection(), icon="✅")
        except CoachError as exc:
            show_error(exc, on_settings_page=True)

# --- Your data ----------------------------------------------------------------------------------------


def _delete_all_data() -> None:
    from coaching.your_data import delete_everything

    try:
        removed = delete_everything()
    except CoachError as exc:
        st.session_state["settings_data_flash"] = ("error", error_words(exc))
        return
    # What this session still holds of the person goes too; the model settings stay.
    for key in [k for k in st.session_state if not k.startswith(("settings_", "_w_settings_"))]:
        del st.session_state[key]
    st.session_state["settings_delete_confirm"] = ""
    message = f"Deleted {'; '.join(removed)}." if removed else "There was nothing to delete."
    st.session_state["settings_data_flash"] = ("success", message + " The guidance library is kept.")


st.divider()
st.header("Your data", anchor=False)
st.markdown(
    "Everything you enter stays on this computer: your profile, contacts, meetings, saved drafts, "
    "rehearsal takes and the notes of a meeting in progress."
)
data_flash = st.session_state.pop("settings_data_flash", None)
if data_flash:
    kind, text = data_flash
    (st.success if kind == "success" else st.error)(escape(text), icon="✅" if kind == "success" else "⚠️")
try:
    from coaching.your_data import export_json

    st.download_button(
        "Download all my data (.json)",
        export_json(),
        file_name=f"interview-coach-data-{clock.today().isoformat()}.json",
        mime="application/json",
        key="settings_export",
        on_click="ignore",
    )
except CoachError as exc:
    show_error(exc)

with st.expander("Delete all my data"):
    st.warning(
        "This deletes your profile, contacts, meetings, saved drafts, rehearsal takes and meeting notes from "
        "this computer. It cannot be undone: download your data first if you may want it. The guidance "
        "library is kept.",
        icon="🗑️",
    )
    confirm = st.text_input("Type DELETE to confirm", key="settings_delete_confirm", max_chars=20)
    st.button(
        "Delete all my data",
        key="settings_delete",
        type="primary",
        disabled=confirm.strip() != "DELETE",
        on_click=_delete_all_data,
    )
