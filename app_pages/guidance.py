"""Guidance: search the library the drafts are grounded in, by stage, with each passage's source."""

import streamlit as st

from coaching.errors import CoachError
from coaching.ui.widgets import escape, remembered, show_error

STAGES = {
    "Any stage": None,
    "Before the meeting": "before",
    "During the meeting": "during",
    "After the meeting": "after",
}

st.title("Guidance", anchor=False)
st.caption("Advice from five career articles, in our own words. Search it the way you would ask a coach.")

query = remembered(
    st.text_input,
    "What do you want to know?",
    "guidance_query",
    max_chars=300,
    placeholder="e.g. how long should I ask for",
)
left, right = st.columns(2)
stage = remembered(left.selectbox, "Stage", "guidance_stage", default="Any stage", options=list(STAGES))
count = remembered(right.slider, "Passages to show", "guidance_k", default=5, min_value=1, max_value=15)

if query.strip():
    from coaching.retrieval import search

    try:
        with st.spinner("Searching…"):
            results = search(query, count, stage=STAGES[stage])
    except CoachError as exc:
        show_error(exc)
        results = []
    if not results:
        st.info("Nothing matches at this stage. Try another stage or other words.")
    for result in results:
        with st.container(border=True):
            st.markdown(escape(result.text))
            st.caption(f"{result.source} · {result.stage} · {', '.join(result.topics)}")
else:
    st.info("Type a question above, for example: *what do I say if they offer to pass on my CV?*")
