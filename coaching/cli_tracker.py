"""The networking tracker's commands: contacts, meetings, requests, due, done, export.

The library (`coaching.tracker`) is imported inside each handler, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import re
import sys
from pathlib import Path

from coaching import clock
from coaching.atomic import write_text_atomically
from coaching.errors import InputError, StorageError
from coaching.tracker.kinds import Kind

# The flag that sets each field the tracker names in an error (read by cli_words.error_line).
FLAGS = {
    "name": "--name",
    "contact": "--contact",
    "referred_by": "--referred-by",
    "role": "--role",
    "organization": "--organization",
    "email": "--email",
    "linkedin": "--linkedin",
    "notes": "--notes",
    "minutes": "--minutes",
    "discussed": "--discussed",
    "actions": "--actions",
    "referral": "--referral",
    "referrals": "--referral",
    "kind": "--kind",
    "date": "--date",
}


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    # fromisoformat alone would also take 20280301 or 2028-W09-3; the contract says YYYY-MM-DD.
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{flag}: a date as YYYY-MM-DD (got '{value}').") from None


def _minutes(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"--minutes: a whole number of minutes (got '{value}').") from None


def _print_json(data: object) -> None:
    from coaching.cli import print_json

    print_json(data)


def _write_out(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        # Whole or not at all: a full disk leaves no half-written export behind.
        write_text_atomically(Path(output), text, newline="")
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageError(
                f"The disk is full, so {output} could not be written.",
                "Free some space, or give --output a file on another disk.",
            ) from None
        raise InputError.about("--output", f"{output} cannot be written ({exc.strerror or exc}).") from None
    print(f"Wrote {output}.", file=sys.stderr)


# --- contacts ------------------------------------------------------------------------------------


def cmd_contacts_add(args: argparse.Namespace) -> int:
    from coaching.tracker.store import add_contact

    record = add_contact(
        args.name,
        role=args.role,
        organization=args.organization,
        referred_by=args.referred_by,
        email=args.email,
        linkedin=args.linkedin,
        notes=args.notes,
    )
    via = f", referred by {record.referred_by}" if record.referred_by else ""
    print(f"Saved {record.name}{via}.")
    return 0


def cmd_contacts_list(args: argparse.Namespace) -> int:
    from coaching.tracker.store import list_contacts

    contacts = list_contacts(include_archived=not args.active)
    if args.json:
        _print_json([c.model_dump(mode="json") for c in contacts])
        return 0
    if not contacts:
        print("No contacts yet. Add one with: coach contacts add --name NAME")
    for c in contacts:
        where = " at ".join(part for part in (c.role, c.organization) if part)
        extras = [
            f"referred by {c.referred_by}" if c.referred_by else "",
            f"last met {c.last_met}" if c.last_met else "",
            "archived" if c.archived else "",
            c.request.replace("_", " ") if c.request else "",
        ]
        print(" · ".join(part for part in (c.name, where, *extras) if part))
    return 0


def cmd_contacts_archive(args: argparse.Namespace) -> int:
    from coaching.tracker.store import archive_contact

    record = archive_contact(args.name, undo=args.undo)
    print(f"{record.name} is back in the plan." if args.undo else f"Archived {record.name}: no more check-ins.")
    return 0


def cmd_contacts_delete(args: argparse.Namespace) -> int:
    from coaching.tracker.store import delete_contact, get_contact

    record = get_contact(args.name)
    if not args.yes:
        question = f"Delete {record.name} and their {record.meetings} meeting(s)? Drafts are kept. [y/N] "
        if not sys.stdin.isatty():
            raise InputError(f"--yes: deleting {record.name} also deletes their meetings; add --yes to confirm.")
        if input(question).strip().lower() not in ("y", "yes"):
            print("Kept.")
            return 0
    count = delete_contact(record.name)
    print(f"Deleted {record.name} and {count} meeting(s); their drafts are kept.")
    return 0


def cmd_contacts_import(args: argparse.Namespace) -> int:
    from coaching.cli import read_source
    from coaching.tracker.csvfile import import_contacts_csv

    report = import_contacts_csv(read_source(args.input, "--input"))
    print(f"Imported {report.added} new and updated {report.updated} contact(s).")
    for error in report.errors:
        print(f"line {error.line}: {error.message}", file=sys.stderr)
    return 2 if report.errors else 0


# --- meetings and requests -----------------------------------------------------------------------


def cmd_meetings_add(args: argparse.Namespace) -> int:
    from coaching.tracker.plan import pending_items
    from coaching.tracker.store import add_meeting, has_contact

    date = _date(args.date, "--date")
    assert date is not None  # argparse requires --date
    new = not has_contact(args.contact)
    meeting = add_meeting(
        args.contact,
        date,
        minutes=_minutes(args.minutes),
        discussed=args.discussed or "",
        referrals=args.referral or [],
        actions=args.actions or "",
        notes=args.notes or "",
    )
    names = f"; names offered: {', '.join(meeting.referrals)}" if meeting.referrals else ""
    if new:
        print(f"Added {meeting.contact} to your contacts.")
    print(f"Saved the meeting with {meeting.contact} on {meeting.date}{names}. {meeting.replaced_sentence()}".strip())
    shown: set[str] = set()
    for item in pending_items(meeting.date):
        if item.meeting_id == meeting.id and item.kind.value not in shown:  # the first check-in stands for all
            shown.add(item.kind.value)
            print(f"  {item.due}  {item.kind.value:<18}  {item.title}")
    return 0


def cmd_meetings_list(args: argparse.Namespace) -> int:
    from coaching.tracker.store import list_meetings

    meetings = list_meetings(args.contact)
    if args.json:
        _print_json([m.model_dump(mode="json") for m in meetings])
        return 0
    for m in meetings:
        print(f"{m.date}  {m.contact}" + (f"  ({m.discussed[:60]})" if m.discussed else ""))
    return 0


def cmd_requests(args: argparse.Namespace) -> int:
    from coaching.tracker.store import request_replied, request_sent

    on = _date(args.on, "--on")
    record = (request_sent if args.requests_command == "sent" else request_replied)(args.contact, on)
    if args.requests_command == "sent":
        print(f"Request to {record.name} marked sent; a nudge falls due in a week unless they reply.")
    else:
        print(f"{record.name} replied: no nudges.")
    return 0


# --- the plan ------------------------------------------------------------------------------------


def cmd_due(args: argparse.Namespace) -> int:
    from coaching.tracker.plan import due_items

    on = _date(args.on, "--on") or clock.today()
    items = due_items(on)
    if args.json:
        _print_json([item.model_dump(mode="json") for item in items])
        return 0
    if not items:
        print(f"Nothing due on or before {on}.")
    for item in items:
        late = (on - item.due).days
        overdue = f"  ({late} day{'s' if late != 1 else ''} overdue)" if late > 0 else ""
        print(f"{item.due}  {item.kind.value:<18}  {item.contact:<24}  {item.title}{overdue}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    from coaching.tracker.plan import pending_items
    from coaching.tracker.store import mark_done

    on = _date(args.on, "--on") or clock.today()
    item = mark_done(args.contact, args.kind, on)
    print(f"Done: {item.title} (due {item.due}), on {on}.")
    still_open = [i for i in pending_items(on) if i.about == item.about]
    if still_open:
        print(f"Still open for {item.about}: {still_open[0].title}, due {still_open[0].due}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "ics":
        from coaching.tracker.calendar import export_ics

        text = export_ics()
    elif args.format == "csv":
        from coaching.tracker.csvfile import export_contacts_csv

        text = export_contacts_csv()
    else:
        from coaching.tracker.csvfile import export_drafts_csv

        text = export_drafts_csv()
    _write_out(text, args.output)
    return 0


# --- the parser ----------------------------------------------------------------------------------


def _add_contact_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", help="their job title")
    parser.add_argument("--organization", help="where they work")
    parser.add_argument("--referred-by", metavar="NAME", help="who introduced you (added too if new)")
    parser.add_argument("--email")
    parser.add_argument("--linkedin", metavar="URL")
    parser.add_argument("--notes", metavar="TEXT", help="how you know them, anything to remember")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the tracker's commands to the main parser."""
    contacts = commands.add_parser("contacts", help="the people in your network")
    actions = contacts.add_subparsers(dest="contacts_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a contact, or update one with the same name")
    add.add_argument("--name", required=True, help="their name; names match exactly as added")
    _add_contact_fields(add)
    add.set_defaults(func=cmd_contacts_add)
    listing = actions.add_parser("list", help="list contacts")
    listing.add_argument("--active", action="store_true", help="leave out archived contacts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_contacts_list)
    archive = actions.add_parser("archive", help="stop the check-ins with a contact (history is kept)")
    archive.add_argument("--name", required=True)
    archive.add_argument("--undo", action="store_true", help="bring an archived contact back into the plan")
    archive.set_defaults(func=cmd_contacts_archive)
    remove = actions.add_parser("delete", help="delete a contact and their meetings (drafts are kept)")
    remove.add_argument("--name", required=True)
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(func=cmd_contacts_delete)
    load = actions.add_parser("import", help="add or update contacts from a CSV file")
    load.add_argument("--input", required=True, metavar="FILE", help="the CSV (as `export csv` writes it), - for stdin")
    load.set_defaults(func=cmd_contacts_import)

    meetings = commands.add_parser("meetings", help="the meetings you had")
    actions = meetings.add_subparsers(dest="meetings_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="record a meeting; names offered become contacts")
    add.add_argument("--contact", required=True, metavar="NAME")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--minutes", metavar="N", help="how long it lasted")
    add.add_argument("--discussed", metavar="TEXT", help="what you talked about")
    add.add_argument("--referral", action="append", metavar="NAME", help="a name they offered (repeat for more)")
    add.add_argument("--actions", metavar="TEXT", help="what you did on their advice")
    add.add_argument("--notes", metavar="TEXT")
    add.set_defaults(func=cmd_meetings_add)
    listing = actions.add_parser("list", help="list meetings, newest first")
    listing.add_argument("--contact", metavar="NAME", help="only this contact's")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_meetings_list)

    requests = commands.add_parser("requests", help="meeting requests: sent, and replied")
    actions = requests.add_subparsers(dest="requests_command", required=True, metavar="ACTION")
    for name, text in (("sent", "mark a meeting request sent (nudges follow)"), ("replied", "they replied")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--contact", required=True, metavar="NAME")
        action.add_argument("--on", metavar="YYYY-MM-DD", help="when (default today)")
        action.set_defaults(func=cmd_requests)

    due = commands.add_parser("due", help="what to send: every step due on or before a day, overdue included")
    due.add_argument("--on", metavar="YYYY-MM-DD", help="the day (default today)")
    due.add_argument("--json", action="store_true", help="print JSON")
    due.set_defaults(func=cmd_due)

    done = commands.add_parser("done", help="mark a step done; the plan moves on")
    done.add_argument("--contact", required=True, metavar="NAME", help="the person the step is written to")
    done.add_argument("--kind", required=True, metavar="KIND", help=f"one of: {', '.join(Kind)}")
    done.add_argument("--on", metavar="YYYY-MM-DD", help="when it was done (default today)")
    done.set_defaults(func=cmd_done)

    export = commands.add_parser("export", help="the plan as a calendar, contacts or drafts as CSV")
    export.add_argument("format", choices=["ics", "csv", "drafts"], help="ics: the plan; csv: contacts; drafts: CSV")
    export.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    export.set_defaults(func=cmd_export)
    for command in (contacts, meetings, requests, due, done, export):
        command.set_defaults(field_flags=FLAGS)  # errors name the flag a person typed, not the field
