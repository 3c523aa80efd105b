"""What day it is, asked in one place.

Every "due today", default meeting date and file name reads the date here. `COACH_TODAY`
(YYYY-MM-DD) holds it still: the test suite sets it so a run that crosses midnight sees one
day from start to end, and it lets you preview what the Today page will show next week.
"""

from __future__ import annotations

import datetime as dt
import os

from coaching.errors import InputError


def today() -> dt.date:
    """Today's date on this machine, or the date `COACH_TODAY` pins."""
    pinned = os.environ.get("COACH_TODAY", "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise InputError(f"COACH_TODAY: {pinned!r} is not a date.", "Write it as YYYY-MM-DD, or unset it.") from None
