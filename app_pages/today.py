"""Today: what the networking plan asks of you — overdue first — with one click to the prefilled draft."""

import datetime as dt

import streamlit as st

from coaching import clock
from coaching.errors import CoachError
from coaching.tracker.kinds import Kind
from coaching.ui import flash
from coaching.ui import tracker_actions as act
from coaching.ui import tracker_views as views
from coaching.ui.widgets import escape, show_error


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
            "Mark done",
            key=f"today_done_{item.key}",
            on_click=act.mark_done,
            args=(item.contact, item.kind.value, item.due if item.kind is Kind.check_in else None),
        )
        if item.kind is Kind.nudge:
            replied.button(
                "They replied",
                key=f"today_replied_{item.key}",
                on_click=act.request_replied,
                args=("today", item.contact),
            )


def _requests(plan: views.TodayPlan) -> None:
    st.header("Meeting requests", anchor=False)
    st.caption("Mark a request as sent: if they have not replied a week later, a polite reminder shows up here.")
    for name in plan.waiting:
        left, right = st.columns([3, 1])
        left.markdown(f"Waiting for a reply from **{escape(name)}**")
        right.button("They replied", key=f"today_waiting_{name}", on_click=act.request_replied, args=("today", name))
    if plan.silent:
        st.caption(f"No reply after two reminders: {escape(', '.join(plan.silent))}. Time to let these go.")
    if plan.candidates:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("I sent a meeting request to", plan.candidates, key="today_request_to")
        right.button("Mark request sent", key="today_request_sent", on_click=act.request_sent, args=("today", chosen))


st.title("Today", anchor=False)
st.caption("Thank-yous, reports to referrers, follow-ups and check-ins: each one keeps you remembered.")
flash.show("today")

today = clock.today()
try:
    plan = views.today_plan(today)
except CoachError as exc:
    show_error(exc)
    st.stop()

if not plan.contacts:
    st.info("Nothing to follow up yet. Add the people you meet, or record a meeting as it happens.", icon="🌱")
    st.page_link("app_pages/contacts.py", label="Add contacts", icon="👥")
    st.page_link("app_pages/companion.py", label="Open the meeting companion", icon="⏱️")
    st.stop()

if not plan.items:
    st.success(f"Nothing is due in the next {views.UPCOMING_DAYS} days. Well kept!", icon="✅")
for heading, group in plan.groups:
    if group:
        st.header(f"{heading} ({len(group)})", anchor=False)
        for item in group:
            _show_item(item, today)

st.divider()
_requests(plan)
