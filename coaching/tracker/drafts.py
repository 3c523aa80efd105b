"""Drafts saved from the drafting pages, and the saved data that prefills a new draft."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from coaching import clock
from coaching.errors import InputError
from coaching.models import CoachInput, Contact, Meeting, Task
from coaching.tracker import db as database
from coaching.tracker.plan import DueItem, Snapshot, pending_steps
from coaching.tracker.records import DRAFT_LIMIT, DraftRecord
from coaching.tracker.schema import ContactRow, DraftRow, MeetingRow
from coaching.tracker.store import (
    add_contact,
    add_meeting,
    get_contact,
    has_contact,
    list_meetings,
    referral_names,
    require_contact,
)


def _record(row: DraftRow) -> DraftRecord:
    return DraftRecord(
        id=row.id,
        task=row.task,
        text=row.text,
        date=row.date,
        contact=row.contact_name,
        meeting_date=row.meeting_date,
        sent_on=row.sent_on,
    )


def save_draft(
    task: Task | str,
    text: str,
    *,
    contact: str | None = None,
    meeting_id: int | None = None,
    on: dt.date | None = None,
) -> DraftRecord:
    """Keep a draft with its task, text and date, and the contact (and meeting) it is for."""
    task = Task(task)
    if not text.strip():
        raise InputError.about("text", "the draft is empty.")
    if len(text) > DRAFT_LIMIT:
        raise InputError.about("text", f"at most {DRAFT_LIMIT:,} characters (this has {len(text):,}).")
    with database.session(write=True) as db:
        row = DraftRow(task=task.value, text=text, date=on or clock.today())
        if contact:
            person = require_contact(db, contact)
            row.contact_id, row.contact_name = person.id, person.name
        if meeting_id is not None:
            meeting = db.get(MeetingRow, meeting_id)
            if meeting is None:
                raise InputError.about("meeting", f"no meeting with id {meeting_id}.")
            row.meeting_id, row.meeting_date = meeting.id, meeting.date
        db.add(row)
        db.flush()
        return _record(row)


def list_drafts(contact: str | None = None) -> list[DraftRecord]:
    """Saved drafts, newest first; a deleted contact's drafts are still here under their name."""
    with database.session() as db:
        query = select(DraftRow).order_by(DraftRow.date.desc(), DraftRow.id.desc())
        if contact is not None:
            query = query.where(DraftRow.contact_name == contact)
        return [_record(row) for row in db.scalars(query)]


def mark_draft_sent(draft_id: int, on: dt.date | None = None) -> DueItem | None:
    """Mark a draft sent; the plan step it answers (if one is pending) is done too, and returned.

    A sent meeting request (`outreach`) starts the wait for a reply, and so the nudges.
    """
    on = on or clock.today()
    with database.session(write=True) as db:
        row = db.get(DraftRow, draft_id)
        if row is None:
            raise InputError.about("draft", f"no saved draft with id {draft_id}.")
        row.sent_on = on
        person = db.get(ContactRow, row.contact_id) if row.contact_id else None
        if person is None:
            return None
        if row.task == Task.outreach:
            person.request_sent_on, person.request_replied_on = on, None
            return None
        from coaching.tasks import TASKS

        for kind in TASKS[Task(row.task)].steps:
            for step in pending_steps(Snapshot.load(db)):
                same_meeting = row.meeting_id is None or step.meeting_id in (None, row.meeting_id)
                if step.item.kind == kind and step.item.contact == person.name and same_meeting:
                    db.add(step.done_row(on))
                    return step.item
        return None


def record_sent(
    task: Task | str, text: str, contact: str, on: dt.date | None = None, *, about: CoachInput | None = None
) -> tuple[DraftRecord, DueItem | None]:
    """A draft the person sent: kept with the contact (added if new) and marked sent, which completes
    the plan step it answers (or, for a meeting request, starts the wait for a reply).

    `about` is what the writing page's form held. What the tracker knows about is saved with it: the
    contact's role, organisation, referrer and how you know of them (filling what is not saved yet,
    never overwriting it), and for a thank-you the meeting itself, on its date (today if none was
    given and none is saved), with what was discussed, the names offered and what was done since."""
    task = Task(task)
    meeting_id = None
    if about is not None and about.contact.name == contact:
        _save_what_the_form_knew(about)
        meeting = about.meeting
        # A thank-you means they met: on the date given, or today when no meeting is saved yet.
        if task is Task.thank_you and (meeting.date or not list_meetings(contact)):
            meeting_id = add_meeting(contact, meeting.date or on or clock.today(), discussed=meeting.discussed,
                                     referrals=meeting.referrals, actions=meeting.actions_taken).id  # fmt: skip
    else:
        add_contact(contact)
    kept = save_draft(task, text, contact=contact, meeting_id=meeting_id, on=on)
    return kept, mark_draft_sent(kept.id, on)


def _save_what_the_form_knew(about: CoachInput) -> None:
    """The contact's fields from a writing page, added where the saved contact has none."""
    person = about.contact
    saved = get_contact(person.name) if has_contact(person.name) else None

    def missing(field: str, value: str) -> str | None:
        """The typed value when the saved contact has nothing in this field yet, else None (kept)."""
        if saved is not None and getattr(saved, field):
            return None
        return value.strip() or None

    add_contact(
        person.name,
        role=missing("role", person.role),
        organization=missing("organization", person.organization),
        referred_by=missing("referred_by", person.referrer),
        notes=missing("notes", person.how_we_know),
    )


def draft_context(contact: str, meeting_id: int | None = None) -> tuple[Contact, Meeting]:
    """The drafting input's contact and meeting, prefilled from saved data (latest meeting by default)."""
    with database.session() as db:
        person = require_contact(db, contact)
        referrer = db.get(ContactRow, person.referred_by_id) if person.referred_by_id else None
        query = select(MeetingRow).where(MeetingRow.contact_id == person.id)
        if meeting_id is not None:
            query = query.where(MeetingRow.id == meeting_id)
        meeting = db.scalars(query.order_by(MeetingRow.date.desc(), MeetingRow.id.desc())).first()
        referrals = referral_names(db, meeting.id) if meeting is not None else []
        return (
            Contact(
                name=person.name,
                role=person.role,
                organization=person.organization,
                referrer=referrer.name if referrer else "",
                how_we_know=person.notes[:600],
            ),
            Meeting(
                date=meeting.date, discussed=meeting.discussed, referrals=referrals[:12], actions_taken=meeting.actions
            )
            if meeting
            else Meeting(),
        )
