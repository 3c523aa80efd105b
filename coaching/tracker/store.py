"""Plain functions that change the tracker: contacts, meetings, steps done, meeting requests.

Names match exactly as added (after trimming spaces). Each function is one transaction and
returns plain records, so callers never hold database rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from coaching import clock
from coaching.errors import InputError
from coaching.tracker import db as database
from coaching.tracker.kinds import Kind, parse_kind
from coaching.tracker.plan import DueItem, Snapshot, pending_steps, request_state
from coaching.tracker.records import (
    ContactFields,
    ContactRecord,
    MeetingFields,
    MeetingRecord,
    clean_name,
    validate,
)
from coaching.tracker.schema import (
    ContactRow,
    DraftRow,
    MeetingReferralRow,
    MeetingRow,
    StepDoneRow,
)

_HINT = "Names match exactly as added; check the spelling or add the contact first."


def find_contact(db: Session, name: str) -> ContactRow | None:
    """The contact called exactly `name`, if any."""
    return db.scalars(select(ContactRow).where(ContactRow.name == name)).first()


def has_contact(name: str) -> bool:
    """Whether a contact of exactly this name (once cleaned as every name is) is saved."""
    with database.session() as db:
        return find_contact(db, clean_name(name, "contact")) is not None


def require_contact(db: Session, name: str, field: str = "contact") -> ContactRow:
    """The contact called exactly `name`, or an InputError that says how names match."""
    row = find_contact(db, clean_name(name, field))
    if row is None:
        raise InputError.about(field, f"no contact named '{name}'.", _HINT)
    return row


def _introduced_through(db: Session, referrer: ContactRow, person: ContactRow | None) -> bool:
    """True when `person` is `referrer` or one of the people up `referrer`'s referral chain."""
    seen: set[int] = set()
    current: ContactRow | None = referrer
    while person is not None and current is not None and current.id not in seen:
        if current.id == person.id:
            return True
        seen.add(current.id)
        current = db.get(ContactRow, current.referred_by_id) if current.referred_by_id else None
    return False


def upsert_contact(db: Session, name: str, fields: ContactFields) -> tuple[ContactRow, bool]:
    """Add the contact or update the fields given (None leaves a field as it is); True when new."""
    name = clean_name(name)
    person = find_contact(db, name)
    referrer: ContactRow | None = None
    if fields.referred_by:
        if fields.referred_by == name:
            raise InputError.about("referred_by", "a contact cannot be their own referrer.")
        referrer = find_contact(db, fields.referred_by)
        # The referral tree must stay a tree: nobody is introduced by someone they introduced.
        if referrer is not None and _introduced_through(db, referrer, person):
            raise InputError.about(
                "referred_by",
                f"'{referrer.name}' was introduced through '{name}', so they cannot also have introduced them.",
            )
    created = person is None
    if person is None:
        person = ContactRow(name=name)
        db.add(person)
    for field in ("role", "organization", "email", "linkedin", "notes"):
        value = getattr(fields, field)
        if value is not None:
            setattr(person, field, value)
    if fields.referred_by is not None:
        if fields.referred_by and referrer is None:
            # An unknown referrer is added too: the person typed a name, not a typo to punish.
            referrer = ContactRow(name=fields.referred_by)
            db.add(referrer)
        db.flush()
        person.referred_by_id = referrer.id if referrer else None
    db.flush()
    return person, created


def _records(db: Session, rows: Iterable[ContactRow], on: dt.date) -> list[ContactRecord]:
    data = Snapshot.load(db)
    stats = {
        contact_id: (count, last)
        for contact_id, count, last in db.execute(
            select(MeetingRow.contact_id, func.count(), func.max(MeetingRow.date)).group_by(MeetingRow.contact_id)
        )
    }
    records = []
    for row in rows:
        count, last = stats.get(row.id, (0, None))
        referrer = data.contacts.get(row.referred_by_id) if row.referred_by_id else None
        records.append(
            ContactRecord(
                name=row.name,
                role=row.role,
                organization=row.organization,
                referred_by=referrer.name if referrer else None,
                email=row.email,
                linkedin=row.linkedin,
                notes=row.notes,
                archived=row.archived,
                meetings=count,
                last_met=last,
                request=request_state(data, data.contacts[row.id], on),
            )
        )
    return records


@database.retry_on_conflict
def add_contact(
    name: str,
    *,
    role: str | None = None,
    organization: str | None = None,
    referred_by: str | None = None,
    email: str | None = None,
    linkedin: str | None = None,
    notes: str | None = None,
) -> ContactRecord:
    """Add a contact, or update the given fields of the one with this name (adding is idempotent)."""
    given = {
        "role": role,
        "organization": organization,
        "referred_by": referred_by,
        "email": email,
        "linkedin": linkedin,
        "notes": notes,
    }
    fields = validate(ContactFields, {key: value for key, value in given.items() if value is not None})
    with database.session(write=True) as db:
        person, _ = upsert_contact(db, name, fields)
        return _records(db, [person], clock.today())[0]


def get_contact(name: str) -> ContactRecord:
    """One contact by exact name."""
    with database.session() as db:
        return _records(db, [require_contact(db, name, "name")], clock.today())[0]


def list_contacts(*, include_archived: bool = True) -> list[ContactRecord]:
    """Every contact, sorted by name."""
    with database.session() as db:
        query = select(ContactRow).order_by(func.lower(ContactRow.name), ContactRow.name)
        if not include_archived:
            query = query.where(ContactRow.archived.is_(False))
        return _records(db, db.scalars(query).all(), clock.today())


def archive_contact(name: str, *, on: dt.date | None = None, undo: bool = False) -> ContactRecord:
    """Stop (or, with undo, restart) the plan for this contact; their history stays."""
    with database.session(write=True) as db:
        person = require_contact(db, name, "name")
        if undo:
            person.archived, person.archived_on = False, None
        elif not person.archived:
            person.archived, person.archived_on = True, on or clock.today()
        return _records(db, [person], clock.today())[0]


def delete_contact(name: str) -> int:
    """Delete a contact and their meetings (ask first); drafts stay, under a copy of the name."""
    with database.session(write=True) as db:
        person = require_contact(db, name, "name")
        meeting_ids = select(MeetingRow.id).where(MeetingRow.contact_id == person.id)
        # Done explicitly rather than by ON DELETE, which SQLite applies only with foreign_keys on.
        db.execute(update(DraftRow).where(DraftRow.meeting_id.in_(meeting_ids)).values(meeting_id=None))
        db.execute(update(DraftRow).where(DraftRow.contact_id == person.id).values(contact_id=None))
        referred = update(ContactRow).where(ContactRow.referred_by_id == person.id)
        db.execute(referred.values(referred_by_id=None))
        db.execute(delete(StepDoneRow).where(StepDoneRow.contact_id == person.id))
        db.execute(
            delete(MeetingReferralRow).where(
                MeetingReferralRow.meeting_id.in_(meeting_ids) | (MeetingReferralRow.contact_id == person.id)
            )
        )
        count = db.execute(delete(MeetingRow).where(MeetingRow.contact_id == person.id)).rowcount
        db.delete(person)
        return count


def referral_names(db: Session, meeting_id: int) -> list[str]:
    """The names offered at a meeting, sorted."""
    query = (
        select(ContactRow.name)
        .join(MeetingReferralRow, MeetingReferralRow.contact_id == ContactRow.id)
        .where(MeetingReferralRow.meeting_id == meeting_id)
        .order_by(ContactRow.name)
    )
    return list(db.scalars(query))


def _meeting_record(db: Session, meeting: MeetingRow) -> MeetingRecord:
    referrals = referral_names(db, meeting.id)
    person = db.get(ContactRow, meeting.contact_id)
    return MeetingRecord(
        id=meeting.id,
        contact=person.name if person else "",
        date=meeting.date,
        minutes=meeting.minutes,
        discussed=meeting.discussed,
        actions=meeting.actions,
        notes=meeting.notes,
        referrals=list(referrals),
    )


# Meetings are dated within a person's working life, give or take: a year like 0001 or 9999 is a
# typo, and would fill the plan with centuries of check-ins.
EARLIEST_MEETING = dt.date(1900, 1, 1)
YEARS_AHEAD = 100


def _check_meeting_date(date: dt.date) -> None:
    today = clock.today()
    year = today.year + YEARS_AHEAD
    latest = dt.date.max if year > dt.MAXYEAR else today.replace(year=year, day=min(today.day, 28))
    if not EARLIEST_MEETING <= date <= latest:
        raise InputError.about(
            "date", f"a meeting date between {EARLIEST_MEETING.year} and {latest.year} (got {date.isoformat()})."
        )


@database.retry_on_conflict
def add_meeting(
    contact: str,
    date: dt.date,
    *,
    minutes: int | None = None,
    discussed: str = "",
    referrals: Iterable[str] = (),
    actions: str = "",
    notes: str = "",
) -> MeetingRecord:
    """Record a meeting; each name offered becomes a contact referred by the person met, and a
    person not yet in the contacts is added.

    A second meeting with the same person on the same day updates the first (so re-running is
    harmless); the record's `replaced` says what text it replaced, for the caller to say so.
    Meeting an archived contact brings them back into the plan.
    """
    fields = validate(
        MeetingFields,
        {"minutes": minutes, "discussed": discussed, "actions": actions, "notes": notes, "referrals": list(referrals)},
    )
    _check_meeting_date(date)
    with database.session(write=True) as db:
        name = clean_name(contact, "contact")
        person = find_contact(db, name) or upsert_contact(db, name, ContactFields())[0]
        meeting = db.scalars(
            select(MeetingRow).where(MeetingRow.contact_id == person.id, MeetingRow.date == date)
        ).first()
        if meeting is None:
            meeting = MeetingRow(contact_id=person.id, date=date)
            db.add(meeting)
        if fields.minutes is not None:
            meeting.minutes = fields.minutes
        replaced: dict[str, str] = {}
        for field in ("discussed", "actions", "notes"):
            new, old = getattr(fields, field), getattr(meeting, field, None)
            if old and new and new != old:
                replaced[field] = old
            if new or old is None:
                setattr(meeting, field, new)
        person.archived, person.archived_on = False, None
        db.flush()
        for name in dict.fromkeys(name for name in fields.referrals if name):
            _add_referral(db, person, meeting, name)
        return _meeting_record(db, meeting).model_copy(update={"replaced": replaced})


def _add_referral(db: Session, person: ContactRow, meeting: MeetingRow, name: str) -> None:
    if name == person.name:
        raise InputError.about("referral", f"'{name}' is the person met; a referral names someone else.")
    referred = find_contact(db, name)
    if referred is None:
        referred, _ = upsert_contact(db, name, ContactFields(referred_by=person.name))
    elif referred.referred_by_id is None and not _introduced_through(db, person, referred):
        # Someone already known gains the link if they had none; an existing referrer is kept.
        referred.referred_by_id = person.id
    if db.get(MeetingReferralRow, (meeting.id, referred.id)) is None:
        db.add(MeetingReferralRow(meeting_id=meeting.id, contact_id=referred.id))
    db.flush()


def list_meetings(contact: str | None = None) -> list[MeetingRecord]:
    """Meetings, newest first; only this contact's when a name is given."""
    with database.session() as db:
        query = select(MeetingRow).order_by(MeetingRow.date.desc(), MeetingRow.id.desc())
        if contact is not None:
            query = query.where(MeetingRow.contact_id == require_contact(db, contact).id)
        return [_meeting_record(db, meeting) for meeting in db.scalars(query)]


def mark_done(contact: str, kind: Kind | str, on: dt.date | None = None, *, through: dt.date | None = None) -> DueItem:
    """Mark the earliest pending step of this kind written to `contact` as done, moving the plan on;
    with `through`, every one of them due on or before that day too (one check-in makes up for the
    ones missed). Returns the last step marked."""
    kind = parse_kind(kind) if isinstance(kind, str) else kind
    on = on or clock.today()
    with database.session(write=True) as db:
        person = require_contact(db, contact)
        steps = [
            step
            for step in pending_steps(Snapshot.load(db), max(on, clock.today()))
            if step.item.contact == person.name and step.item.kind == kind
        ]
        if not steps:
            referred_someone = db.scalar(select(func.count()).where(ContactRow.referred_by_id == person.id)) > 0
            raise InputError.about(
                "kind",
                f"nothing of kind {kind.value} is due for '{person.name}'.",
                _why_none(person, kind, referred_someone),
            )
        chosen = [steps[0], *(s for s in steps[1:] if through is not None and s.item.due <= through)]
        for step in chosen:
            db.add(step.done_row(on))
        return chosen[-1].item


def _why_none(person: ContactRow, kind: Kind, referred_someone: bool) -> str:
    if kind is Kind.report_to_referrer and not referred_someone:
        return "A report is written to the person who referred you: give their name as --contact."
    if person.archived and kind in (Kind.check_in, Kind.nudge):
        return "The contact is archived, so there are no more check-ins or reminders."
    return "It may be done already: `due --on` a later date shows what is still open."


def request_sent(contact: str, on: dt.date | None = None) -> ContactRecord:
    """Record that a meeting request went out: a nudge falls due a week later unless they reply."""
    with database.session(write=True) as db:
        person = require_contact(db, contact)
        person.request_sent_on = on or clock.today()
        person.request_replied_on = None
        return _records(db, [person], clock.today())[0]


def request_replied(contact: str, on: dt.date | None = None) -> ContactRecord:
    """Record that they answered the meeting request: no more nudges."""
    with database.session(write=True) as db:
        person = require_contact(db, contact)
        if person.request_sent_on is None:
            raise InputError.about("contact", f"no meeting request to '{person.name}' is recorded as sent.")
        person.request_replied_on = on or clock.today()
        return _records(db, [person], clock.today())[0]
