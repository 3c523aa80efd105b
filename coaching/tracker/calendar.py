"""The follow-up plan as an iCalendar (.ics) file: one all-day event per step not yet done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from coaching import clock
from coaching.tracker.plan import DueItem, one_missed_check_in_each, pending_items

PRODID = "-//Informational Interview Coach//Networking tracker//EN"
UID_DOMAIN = "informational-interview-coach"


def _escape(text: str) -> str:
    """TEXT values per RFC 5545 3.3.11: backslash, semicolon, comma and newline are escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74  # a continuation line spends one octet on its leading space
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _ics_date(day: dt.date) -> str:
    """YYYYMMDD with a four-digit year (strftime's %Y leaves years before 1000 short on Linux)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _event(item: DueItem, stamp: str) -> list[str]:
    about = f"Meeting with {item.about} on {item.meeting_date.isoformat()}." if item.meeting_date else ""
    where = "Write it from the Today page of the Informational Interview Coach."
    description = f"{about} {where}".strip()
    return [
        "BEGIN:VEVENT",
        f"UID:{item.key.replace(':', '-')}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ics_date(item.due)}",
        # An all-day event ends the next day; on the calendar's last day it simply has no end.
        *([f"DTEND;VALUE=DATE:{_ics_date(item.due + dt.timedelta(days=1))}"] if item.due < dt.date.max else []),
        f"SUMMARY:{_escape(item.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"CATEGORIES:{item.kind.value}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_text(items: Iterable[DueItem], now: dt.datetime | None = None) -> str:
    """An .ics calendar of these steps, with CRLF line ends as the format requires."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Networking follow-ups",
    ]
    for item in items:
        lines.extend(_event(item, stamp))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def export_ics(now: dt.datetime | None = None) -> str:
    """The whole plan still ahead, overdue steps included, as an .ics calendar. Of the check-ins
    missed with one person only the latest is in it, as on the Today page: one message makes up for
    them all, and a long-missed contact adds one event, not one a month."""
    return calendar_text(one_missed_check_in_each(pending_items(), clock.today()), now)
