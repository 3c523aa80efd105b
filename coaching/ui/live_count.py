"""A character count that follows the typing in a draft box, not only the next rerun.

Streamlit hears a text area's new value only when the person leaves the box, so a LinkedIn note's
count would lag behind the typing. The count is drawn by the page as usual and a few lines of
script in the page keep it current between reruns; without the script it is still right after each
rerun.
"""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

# Listens once per browser tab to every typed change; reads the limit and the boxes to follow from
# a map the latest rerun wrote.
_SCRIPT = """<script>
const host = window.parent;
host.__coachCounts = Object.assign(host.__coachCounts || {}, %s);
if (!host.__coachCounting) {
  host.__coachCounting = true;
  host.document.addEventListener("input", (event) => {
    for (const [box, count] of Object.entries(host.__coachCounts)) {
      if (!event.target.closest || !event.target.closest(".st-key-" + box)) continue;
      const said = [...event.target.value].length + " of " + count.limit + " characters";
      for (const shown of host.document.querySelectorAll(".st-key-" + count.key + " p")) shown.textContent = said;
    }
  }, true);
}
</script>"""


def character_count(box_key: str, text: str, limit: int) -> None:
    """`n of limit characters` under the box whose widget key is `box_key`, kept current as it is typed in."""
    count_key = f"{box_key}_count"
    with st.container(key=count_key):
        st.caption(f"{len(text)} of {limit} characters")
    follow = {box_key: {"key": count_key, "limit": limit}}
    components.html(_SCRIPT % json.dumps(follow), height=0)
