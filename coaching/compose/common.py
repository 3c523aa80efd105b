"""What every offline draft shares: the phrasebook, the tone, greetings and sign-offs, and limits.

A `Writer` writes one draft: it holds the reading of the person, the tone they chose and the task's
phrasebook (`coaching/data/phrasebooks/<task>.yaml`), and picks each move's wording from the person,
so the same input always gives the same draft while two people rarely share a sentence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from coaching import clock
from coaching.english import keeps_capital
from coaching.models import Task
from coaching.names import given_name
from coaching.reading import Reading
from coaching.yaml_io import load_yaml

PHRASEBOOKS = Path(__file__).resolve().parent.parent / "data" / "phrasebooks"
WORDS_PER_MINUTE = 150
MAX_SECONDS = 90
# Leave room for a breath: aim a little under the ninety-second line.
TARGET_WORDS = 200
# A subject line longer than this is cut off in most inboxes.
SUBJECT_LIMIT = 60

SIGN_OFFS = {"warm": "Best wishes,", "formal": "Kind regards,", "brief": "Best,"}


@cache
def phrasebook(task: str) -> dict[str, dict[str, list[str]]]:
    return load_yaml((PHRASEBOOKS / f"{task}.yaml").read_text(encoding="utf-8"))


def words(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def spoken_seconds(text: str) -> float:
    """Seconds to say `text` aloud at 150 words a minute."""
    return round(len(words(text)) * 60 / WORDS_PER_MINUTE, 1)


def fit_subject(preferred: str, shorter: str) -> str:
    """The preferred subject line when it fits the limit, else the shorter one (cut to fit if need be)."""
    return preferred if len(preferred) <= SUBJECT_LIMIT else shorter[:SUBJECT_LIMIT].rstrip()


def lower_first(text: str, casing: dict[str, str] | None = None) -> str:
    """A sentence continuing another ("For example, I ran…"): its first word loses a capital it had
    only for starting the sentence (a name in `casing`, the person's own spellings, keeps it)."""
    head = text.split(" ", 1)[0]
    return text if keeps_capital(head, casing) or not head[:1].isupper() else text[:1].lower() + text[1:]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def clip_words(text: str, limit: int) -> str:
    """At most `limit` words, cut at a clause boundary where one is near."""
    found = text.split()
    if len(found) <= limit:
        return text.strip()
    head = " ".join(found[:limit])
    cut = max(head.rfind(","), head.rfind(";"), *(head.rfind(f" {w} ") for w in ("and", "but", "or", "which")))
    return head[:cut].rstrip(",; ") if cut > len(head) // 3 else head.rstrip(",; ")


def when(day: dt.date | None) -> tuple[str, str]:
    """When the meeting was, for a sentence (" yesterday", " on Tuesday") and as a noun phrase
    ("yesterday's conversation", "our conversation"). The first is "" when no date was given."""
    if day is None:
        return "", "our conversation"
    ago = (clock.today() - day).days
    if ago == 0:
        return " today", "today's conversation"
    if ago == 1:
        return " yesterday", "yesterday's conversation"
    if 1 < ago < 7:
        return f" on {day:%A}", f"{day:%A}'s conversation"
    return f" on {day.day} {day:%B}", "our conversation"


class Writer:
    """Writes one draft of `task` for the person read in `reading`."""

    def __init__(self, task: Task, reading: Reading) -> None:
        self.task = task
        self.reading = reading
        self.data = reading.data
        self.tone = reading.data.options.tone
        self.book = phrasebook(task.value)
        person = reading.data.profile
        self.seed = f"{person.name}|{person.background}|{reading.data.contact.name}|{task.value}"

    def choose(self, move: str, variants: int) -> int:
        """Which of `variants` wordings this person gets for `move`: fixed by the input, spread across people."""
        digest = hashlib.sha256(f"{self.seed}|{move}".encode()).digest()
        return int.from_bytes(digest[:4], "big") % variants

    def wording(self, move: str) -> tuple[int, str]:
        """Which of the move's wordings this person gets in this tone (warm when the tone has none), and it."""
        by_tone = self.book[move]
        variants = by_tone.get(self.tone) or by_tone["warm"]
        index = self.choose(move, len(variants))
        return index, variants[index]

    def say(self, move: str, **slots: Any) -> str:
        """The move's wording in this tone, with the slots filled."""
        return self.wording(move)[1].format(**slots)

    def greeting(self, name: str | None = None) -> str:
        """ "Hi Dana," or, formally, "Dear Dana Okonjo," (a title stays with the surname: "Dear Dr. Okafor,")."""
        full = name if name is not None else self.reading.reader_full
        greeted = given_name(full)
        if self.tone == "formal":
            return f"Dear {greeted if ' ' in greeted else full},"
        return f"Hi {greeted},"

    def signature(self) -> str:
        return f"{SIGN_OFFS[self.tone]}\n{self.reading.writer_full}"

    def letter(self, subject: str, paragraphs: list[str], greeting: str | None = None) -> str:
        """A message: subject line (email only), greeting, paragraphs, sign-off."""
        parts = [greeting or self.greeting(), *[p for p in paragraphs if p.strip()], self.signature()]
        if self.data.options.channel == "email":
            parts.insert(0, f"Subject: {subject}")
        return "\n\n".join(parts)

    def slots(self) -> dict[str, Any]:
        """What every phrasebook may use."""
        reading = self.reading
        return {
            "reader": reading.reader,
            "writer": reading.writer,
            "industry": reading.industry,
            "role": reading.role_with_article,
            "role_bare": reading.role,
            "minutes": self.data.options.minutes,
            "referrer": reading.referrer,
        }
