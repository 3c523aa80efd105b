"""Contacts in and out as CSV: an import saves the good rows and names each bad one by its line."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from coaching.errors import CoachError, InputError
from coaching.tracker import db as database
from coaching.tracker.records import ContactFields, ImportReport, RowError, validate
from coaching.tracker.schema import DraftRow
from coaching.tracker.store import list_contacts, upsert_contact

COLUMNS = ("name", "role", "organization", "referred_by", "email", "linkedin", "notes", "archived")
DRAFT_COLUMNS = ("id", "date", "task", "contact", "meeting_date", "sent_on", "text")
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"0", "false", "no", "n"}
# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' stops that.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _quoted(text: str) -> bool:
    """Whether a cell starts with the quote that _safe adds: before a formula sign, or before a
    value of the person's that itself begins with a quote."""
    return text.startswith("'") and text[1:].startswith((*_FORMULA_START, "'"))


def _safe(value: object) -> str:
    """A cell a spreadsheet shows as text: one that starts with a formula sign gets a leading quote,
    and so does one that starts with a quote of its own, so that reading it back removes only the
    quote added here ("'=x" goes out as "''=x" and comes back as "'=x")."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith((*_FORMULA_START, "'")) else text


def _unsafe(value: str) -> str:
    return value[1:] if _quoted(value) else value


def _write(header: tuple[str, ...], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def export_contacts_csv() -> str:
    """Every contact as CSV, in the columns the import reads back."""
    rows = [
        [
            c.name,
            c.role,
            c.organization,
            c.referred_by or "",
            c.email,
            c.linkedin,
            c.notes,
            "yes" if c.archived else "no",
        ]
        for c in list_contacts()
    ]
    return _write(COLUMNS, rows)


def export_drafts_csv() -> str:
    """Every saved draft as CSV, including those of contacts since deleted."""
    with database.session() as db:
        drafts = db.scalars(select(DraftRow).order_by(DraftRow.date, DraftRow.id)).all()
        rows = [[d.id, d.date, d.task, d.contact_name, d.meeting_date or "", d.sent_on or "", d.text] for d in drafts]
    return _write(DRAFT_COLUMNS, rows)


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each non-blank row with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"line {start}: not readable as CSV ({exc}).") from None
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower().replace(" ", "_").replace("-", "_") for cell in row]
        else:
            rows.append((start, row))
    if header is None or "name" not in header:
        raise InputError(
            "The CSV needs a header row with at least a 'name' column.",
            f"Columns the import reads: {', '.join(COLUMNS)}.",
        )
    return header, rows


def _archived(value: str) -> bool | None:
    flag = value.strip().lower()
    if not flag:
        return None
    if flag in _TRUE:
        return True
    if flag in _FALSE:
        return False
    raise InputError.about("archived", f"'{value}' is not yes or no")


def import_contacts_csv(text: str) -> ImportReport:
    """Add or update a contact per row; bad rows are skipped and reported by line number.

    An empty cell leaves the saved value alone, so a partial sheet never wipes what is known.
    """
    header, rows = _rows(text)
    report = ImportReport()
    with database.session(write=True) as db:
        for line, cells in rows:
            if len(cells) > len(header):
                message = f"{len(cells)} cells for {len(header)} columns"
                report.errors.append(RowError(line=line, message=message))
                continue
            row = {
                key: _unsafe(value)
                for key, value in zip(header, cells, strict=False)
                if key in COLUMNS and value.strip()
            }
            try:
                # A savepoint per row, so a bad row leaves no trace and the good ones still land.
                with db.begin_nested():
                    archived = _archived(row.pop("archived", ""))
                    name = row.pop("name", "")
                    fields = validate(ContactFields, row)
                    person, created = upsert_contact(db, name, fields)
                    if archived is not None:
                        person.archived = archived
            except CoachError as exc:
                report.errors.append(RowError(line=line, message=exc.message))
                continue
            if created:
                report.added += 1
            else:
                report.updated += 1
    return report
