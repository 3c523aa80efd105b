"""What day it is, asked in one place.

Every "due today", default meeting date and file name reads the date here. `COACH_TODAY`
(YYYY-MM-DD, read with the other settings) holds it still: the test suite sets it so a run that
crosses midnight sees one day from start to end, and it lets you preview what the Today page will
show next week.
"""

from __future__ import annotations

import datetime as dt

from coaching.settings import get_settings


def today() -> dt.date:
    """Today's date on this machine, or the date `COACH_TODAY` pins."""
    return get_settings().coach_today or dt.date.today()
