"""Today: what the networking plan asks of you — overdue first — with one click to the prefilled draft."""

import datetime as dt

import streamlit as st

from coaching.errors import CoachError
from coaching.tracker import store
from coaching.tracker.kinds import Kind
from coaching.tracker.plan import pending_items
from coaching.ui import tracker_views as views
from coaching.ui.widgets import escape, show_error

UPCOMING_DAYS = 14


def _run(action, *args) -> None:
    """A button's change to the plan; the outcome is shown on the next run, above the list."""
    try:
        st.session_state["today_flash"] = ("success", action(*args))
    except CoachError as exc:
        st.session_state["today_flash"] = ("error", str(exc))


def _done(contact: str, kind: str) -> str:
    item = store.mark_done(contact, kind)
    return f"Done: {item.title}."


def _replied(contact: str) -> str:
    store.request_replied(contact)
    return f"Noted: {contact} replied. No more reminders for them."


def _sent(contact: str) -> str:
    store.request_sent(contact)
    return f"Noted: a meeting request went to {contact}. A reminder falls due in a week if there is no reply."


def _show_item(item, today: dt.date) -> None:
    with st.container(border=True):
        st.markdown(f"**{escape(item.title)}**")
        st.caption(
            f"{views.KIND_LABELS[item.kind]} · to {escape(item.contact)} · "
            f"{item.due:%a %d %b %Y} · {views.when(item.due, today)}"
        )
        write, done, replied, _ = st.columns([1, 1, 1, 2])
        if write.button("Write it", key=f"today_write_{item.key}", type="primary"):
            try:
                views.open_draft(item)
            except CoachError as exc:
                show_error(exc)
        done.button(
            "Mark done", key=f"today_done_{item.key}", on_click=_run, args=(_done, item.contact, item.kind.value)
        )
        if item.kind is Kind.nudge:
            replied.button(
                "They replied", key=f"today_replied_{item.key}", on_click=_run, args=(_replied, item.contact)
            )


def _requests(contacts) -> None:
    st.subheader("Meeting requests")
    st.caption("Mark a request as sent: if they have not replied a week later, a polite reminder shows up here.")
    for person in [c for c in contacts if c.request == "waiting"]:
        left, right = st.columns([3, 1])
        left.markdown(f"Waiting for a reply from **{escape(person.name)}**")
        right.button("They replied", key=f"today_waiting_{person.name}", on_click=_run, args=(_replied, person.name))
    silent = [c.name for c in contacts if c.request == "no_reply"]
    if silent:
        st.caption(f"No reply after two reminders: {escape(', '.join(silent))}. Time to let these go.")
    candidates = [c.name for c in contacts if c.request not in ("waiting",)]
    if candidates:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("I sent a meeting request to", candidates, key="today_request_to")
        right.button("Mark request sent", key="today_request_sent", on_click=_run, args=(_sent, chosen))


st.title("Today")
st.caption("Thank-yous, reports to referrers, follow-ups and check-ins: each one keeps you remembered.")

flash = st.session_state.pop("today_flash", None)
if flash:
    kind, message = flash
    (st.success if kind == "success" else st.error)(escape(message), icon="✅" if kind == "success" else "⚠️")

today = dt.date.today()
try:
    contacts = store.list_contacts(include_archived=False)
    items = [item for item in pending_items() if item.due <= today + dt.timedelta(days=UPCOMING_DAYS)]
except CoachError as exc:
    show_error(exc)
    st.stop()

if not contacts:
    st.info("Nothing to follow up yet. Add the people you meet, or record a meeting as it happens.", icon="🌱")
    st.page_link("app_pages/contacts.py", label="Add contacts", icon="👥")
    st.page_link("app_pages/companion.py", label="Open the meeting companion", icon="⏱️")
    st.stop()

groups = (
    ("Overdue", [i for i in items if i.due < today]),
    ("Due today", [i for i in items if i.due == today]),
    (f"Coming up in the next {UPCOMING_DAYS} days", [i for i in items if i.due > today]),
)
if not items:
    st.success(f"Nothing is due in the next {UPCOMING_DAYS} days. Well kept!", icon="✅")
for heading, group in groups:
    if group:
        st.subheader(f"{heading} ({len(group)})")
        for item in group:
            _show_item(item, today)

st.divider()
_requests(contacts)
