"""The follow-up plan, computed from the saved data each time it is asked for (nothing is scheduled).

For every meeting: a thank-you the day after and, when the person met was referred by someone, a
report to that referrer within three days; the longer follow-up 30 days after the meeting, then a
check-in every 30 days after that, on fixed dates (a step done late does not move the next one).
A later meeting with the same person restarts the cycle: an earlier meeting's follow-up and
check-ins stop where the later meeting happens. Archiving a contact stops their check-ins and
nudges; a thank-you, report or follow-up for a meeting already held stays due. A meeting request
marked sent with no reply gets a nudge a week later, and a second a week after that; then the
contact counts as "no reply".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from coaching import clock
from coaching.tasks import task_for_step
from coaching.tracker import db as database
from coaching.tracker.kinds import KIND_ORDER, KIND_TITLES, Kind
from coaching.tracker.schema import ContactRow, MeetingRow, StepDoneRow

THANK_YOU_AFTER = dt.timedelta(days=1)
REPORT_WITHIN = dt.timedelta(days=3)
FOLLOW_UP_AFTER = dt.timedelta(days=30)
CHECK_IN_EVERY = dt.timedelta(days=30)
NUDGE_AFTER = dt.timedelta(days=7)
MAX_NUDGES = 2


class DueItem(BaseModel):
    """One step of the plan: write to `contact` (for a report, the referrer) about `about`."""

    contact: str
    kind: Kind
    due: dt.date
    meeting_date: dt.date | None = None
    about: str
    task: str
    title: str
    meeting_id: int | None = None
    key: str


@dataclass(frozen=True)
class Step:
    """A pending step and the rows it hangs on, which marking it done records."""

    item: DueItem
    contact_id: int
    meeting_id: int | None

    def done_row(self, on: dt.date) -> StepDoneRow:
        """The row that records this step as done on `on`."""
        return StepDoneRow(
            key=self.item.key,
            contact_id=self.contact_id,
            meeting_id=self.meeting_id,
            kind=self.item.kind.value,
            due=self.item.due,
            done_on=on,
        )


@dataclass
class Snapshot:
    """Everything the plan is computed from, read in one transaction."""

    contacts: dict[int, ContactRow]
    meetings: list[MeetingRow]
    done: dict[str, StepDoneRow]

    @classmethod
    def load(cls, db: Session) -> Snapshot:
        contacts = {row.id: row for row in db.scalars(select(ContactRow))}
        meetings = list(db.scalars(select(MeetingRow).order_by(MeetingRow.date, MeetingRow.id)))
        done = {row.key: row for row in db.scalars(select(StepDoneRow))}
        return cls(contacts, meetings, done)


def step_key(kind: Kind, due: dt.date, *, meeting_id: int | None = None, contact_id: int | None = None) -> str:
    """The stable name of a step: what it hangs on, its kind and its due date."""
    anchor = f"meeting:{meeting_id}" if meeting_id is not None else f"contact:{contact_id}"
    return f"{anchor}:{kind.value}:{due.isoformat()}"


def _next_base(due: dt.date, done: StepDoneRow) -> dt.date:
    return max(due, done.done_on)


def _plus(day: dt.date | None, days: dt.timedelta) -> dt.date | None:
    """`day + days`, or None past the end of the calendar (year 9999): such a step is never due."""
    try:
        return day + days if day is not None else None
    except OverflowError:
        return None


def _step(kind: Kind, due: dt.date, to: ContactRow, about: ContactRow, meeting: MeetingRow | None) -> Step:
    key = step_key(kind, due, meeting_id=meeting.id if meeting else None, contact_id=about.id)
    item = DueItem(
        contact=to.name,
        kind=kind,
        due=due,
        meeting_date=meeting.date if meeting else None,
        about=about.name,
        task=task_for_step(kind).value,
        title=KIND_TITLES[kind].format(contact=to.name, about=about.name),
        meeting_id=meeting.id if meeting else None,
        key=key,
    )
    return Step(item, about.id, meeting.id if meeting else None)


def _meeting_steps(data: Snapshot, person: ContactRow, meetings: list[MeetingRow], until: dt.date) -> list[Step]:
    """The steps of each meeting; check-ins up to `until`, and the first one after it."""
    steps: list[Step] = []
    referrer = data.contacts.get(person.referred_by_id) if person.referred_by_id else None

    def add(kind: Kind, due: dt.date | None, to: ContactRow, meeting: MeetingRow) -> None:
        if due is not None:
            steps.append(_step(kind, due, to, person, meeting))

    for index, meeting in enumerate(meetings):
        add(Kind.thank_you, _plus(meeting.date, THANK_YOU_AFTER), person, meeting)
        if referrer is not None:
            add(Kind.report_to_referrer, _plus(meeting.date, REPORT_WITHIN), referrer, meeting)
        # The next meeting (if any) restarts the cycle: nothing of this one's cycle falls due from then on.
        restart = meetings[index + 1].date if index + 1 < len(meetings) else dt.date.max
        follow_up = _plus(meeting.date, FOLLOW_UP_AFTER)
        if follow_up is None or follow_up >= restart:
            continue
        add(Kind.follow_up, follow_up, person, meeting)
        check_in = _plus(follow_up, CHECK_IN_EVERY)
        while not person.archived and check_in is not None and check_in < restart:
            add(Kind.check_in, check_in, person, meeting)
            if check_in > until and steps[-1].item.key not in data.done:  # the next one ahead is enough
                break
            check_in = _plus(check_in, CHECK_IN_EVERY)
    return steps


def _nudges(data: Snapshot, person: ContactRow, meetings: list[MeetingRow]) -> tuple[list[Step], dt.date | None]:
    """The pending nudge (if any) and, once both nudges are done, the day the wait for a reply ends."""
    sent = person.request_sent_on
    if sent is None or person.request_replied_on is not None or any(m.date >= sent for m in meetings):
        return [], None
    due = _plus(sent, NUDGE_AFTER)
    for _ in range(MAX_NUDGES):
        if due is None:
            return [], None
        done = data.done.get(step_key(Kind.nudge, due, contact_id=person.id))
        if done is None:
            return [_step(Kind.nudge, due, person, person, None)], None
        due = _plus(_next_base(due, done), NUDGE_AFTER)
    return [], due


def pending_steps(data: Snapshot, until: dt.date | None = None) -> list[Step]:
    """Every step not yet done, in the order a person should do them: all of them up to `until`
    (default: today), and after it each contact's next steps (check-ins repeat forever, so only
    the first one after `until` is listed)."""
    until = until or clock.today()
    by_contact: dict[int, list[MeetingRow]] = {}
    for meeting in data.meetings:
        by_contact.setdefault(meeting.contact_id, []).append(meeting)
    steps: list[Step] = []
    for person in data.contacts.values():
        meetings = by_contact.get(person.id, [])
        if meetings:
            steps.extend(_meeting_steps(data, person, meetings, until))
        if not person.archived:
            steps.extend(_nudges(data, person, meetings)[0])
    steps = [step for step in steps if step.item.key not in data.done]
    steps.sort(key=lambda s: (s.item.due, s.item.contact, KIND_ORDER[s.item.kind], s.item.about, s.item.key))
    return steps


def request_state(data: Snapshot, person: ContactRow, on: dt.date) -> str:
    """Where the meeting request stands: "", "waiting", "replied" or "no_reply"."""
    if person.request_sent_on is None:
        return ""
    meetings = [m for m in data.meetings if m.contact_id == person.id]
    if person.request_replied_on is not None or any(m.date >= person.request_sent_on for m in meetings):
        return "replied"
    _, gave_up_on = _nudges(data, person, meetings)
    return "no_reply" if gave_up_on is not None and on >= gave_up_on else "waiting"


def pending_items(until: dt.date | None = None) -> list[DueItem]:
    """The plan still to do: every step up to `until` (default: today), overdue ones included, and
    the next ones after it, e.g. for the calendar file."""
    with database.session() as db:
        return [step.item for step in pending_steps(Snapshot.load(db), until)]


def one_missed_check_in_each(items: list[DueItem], today: dt.date) -> list[DueItem]:
    """Of the check-ins a person has missed with one contact, only the latest: one message makes up
    for them all ("Mark done" on it marks the earlier ones too)."""
    latest: dict[str, dt.date] = {}
    for item in items:
        if item.kind is Kind.check_in and item.due <= today:
            latest[item.contact] = max(item.due, latest.get(item.contact, item.due))
    return [
        item for item in items if not (item.kind is Kind.check_in and item.due < latest.get(item.contact, dt.date.min))
    ]


def due_items(on: dt.date | None = None) -> list[DueItem]:
    """Every step due on or before `on` (default: today) and not done, sorted by due date, then contact."""
    on = on or clock.today()
    return [item for item in pending_items(on) if item.due <= on]
